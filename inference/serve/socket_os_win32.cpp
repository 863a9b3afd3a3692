// Socket calls on Windows: winsock2 (ws2_32), WSAPoll, non-blocking mode through ioctlsocket.
#ifdef _WIN32

#include "serve/socket_os.h"

#ifndef WIN32_LEAN_AND_MEAN
#define WIN32_LEAN_AND_MEAN
#endif
#ifndef NOMINMAX
#define NOMINMAX
#endif
#include <winsock2.h>
#include <ws2tcpip.h>

#include <climits>

namespace ponder::serve::os {
namespace {

SOCKET sock_of(Handle h) { return static_cast<SOCKET>(h); }

// Winsock needs WSAStartup once per process before any other call.
void start_winsock() {
    static const bool started = [] {
        WSADATA data;
        return WSAStartup(MAKEWORD(2, 2), &data) == 0;
    }();
    (void)started;
}

void make_nonblocking(SOCKET s) {
    u_long on = 1;
    ioctlsocket(s, FIONBIO, &on);
}

int clamp_size(size_t size) { return size > INT_MAX ? INT_MAX : static_cast<int>(size); }

long classify(int n) {
    if (n >= 0) return n;
    const int error = WSAGetLastError();
    if (error == WSAEWOULDBLOCK || error == WSAEINTR) return kWouldBlock;
    if (error == WSAECONNRESET || error == WSAECONNABORTED || error == WSAENOTCONN || error == WSAESHUTDOWN)
        return kReset;
    return kFailed;
}

std::string system_message(int code) {
    char* text = nullptr;
    const DWORD n = FormatMessageA(FORMAT_MESSAGE_ALLOCATE_BUFFER | FORMAT_MESSAGE_FROM_SYSTEM |
                                       FORMAT_MESSAGE_IGNORE_INSERTS,
                                   nullptr, static_cast<DWORD>(code), 0, reinterpret_cast<char*>(&text), 0, nullptr);
    std::string message = n ? std::string(text, n) : "error " + std::to_string(code);
    LocalFree(text);
    while (!message.empty() && (message.back() == '\n' || message.back() == '\r' || message.back() == '.'))
        message.pop_back();
    return message;
}

struct AddrInfo {
    addrinfo* list = nullptr;
    ~AddrInfo() {
        if (list) freeaddrinfo(list);
    }
};

Result<addrinfo*> resolve(const std::string& host, uint16_t port, bool passive, AddrInfo& out) {
    start_winsock();
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    const std::string service = std::to_string(port);
    const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &out.list);
    if (rc != 0 || !out.list) return make_error(host + ": " + system_message(rc));
    return out.list;
}

} // namespace

Wait wait(Handle handle, bool for_write, int timeout_ms) {
    WSAPOLLFD p{sock_of(handle), static_cast<SHORT>(for_write ? POLLWRNORM : POLLRDNORM), 0};
    const int rc = WSAPoll(&p, 1, timeout_ms);
    if (rc < 0) return Wait::Failed;
    if (rc == 0) return Wait::TimedOut;
    if ((p.revents & (POLLRDNORM | POLLWRNORM)) == 0 && (p.revents & (POLLHUP | POLLERR))) return Wait::HungUp;
    return Wait::Ready;
}

long receive(Handle handle, char* data, size_t size, bool peek) {
    return classify(::recv(sock_of(handle), data, clamp_size(size), peek ? MSG_PEEK : 0));
}

long send_some(Handle handle, const char* data, size_t size) {
    return classify(::send(sock_of(handle), data, clamp_size(size), 0));
}

void shutdown(Handle handle, bool both) { ::shutdown(sock_of(handle), both ? SD_BOTH : SD_SEND); }
void close(Handle handle) { ::closesocket(sock_of(handle)); }

Result<Handle> listen_on(const std::string& host, uint16_t port, uint16_t* bound_port) {
    AddrInfo addresses;
    auto address = resolve(host, port, true, addresses);
    PONDER_TRY(address);
    const addrinfo* a = *address;
    const SOCKET s = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (s == INVALID_SOCKET) return make_error("cannot create a socket: " + system_message(WSAGetLastError()));
    BOOL exclusive = TRUE;  // no other program may bind the same port while Ponder listens
    setsockopt(s, SOL_SOCKET, SO_EXCLUSIVEADDRUSE, reinterpret_cast<const char*>(&exclusive), sizeof exclusive);
    if (::bind(s, a->ai_addr, static_cast<int>(a->ai_addrlen)) != 0 || ::listen(s, 128) != 0) {
        const std::string reason = system_message(WSAGetLastError());
        ::closesocket(s);
        return make_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + reason);
    }
    make_nonblocking(s);
    sockaddr_storage bound{};
    int length = sizeof bound;
    getsockname(s, reinterpret_cast<sockaddr*>(&bound), &length);
    *bound_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                    : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return static_cast<Handle>(s);
}

Handle accept_one(Handle listener) {
    const SOCKET s = ::accept(sock_of(listener), nullptr, nullptr);
    if (s == INVALID_SOCKET) return kInvalid;
    make_nonblocking(s);
    return static_cast<Handle>(s);
}

Result<Handle> connect_to(const std::string& host, uint16_t port, int timeout_ms) {
    const std::string where = host + ":" + std::to_string(port);
    AddrInfo addresses;
    auto address = resolve(host, port, false, addresses);
    PONDER_TRY(address);
    std::string reason = "no address";
    for (const addrinfo* a = *address; a; a = a->ai_next) {
        const SOCKET s = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (s == INVALID_SOCKET) continue;
        make_nonblocking(s);
        int error = 0;
        if (::connect(s, a->ai_addr, static_cast<int>(a->ai_addrlen)) != 0) {
            error = WSAGetLastError();
            if (error == WSAEWOULDBLOCK) {
                // select() rather than WSAPoll: older WSAPoll does not report a refused connect.
                fd_set writable, failed;
                FD_ZERO(&writable);
                FD_ZERO(&failed);
                FD_SET(s, &writable);
                FD_SET(s, &failed);
                timeval limit{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
                const int rc = select(0, nullptr, &writable, &failed, timeout_ms < 0 ? nullptr : &limit);
                int length = sizeof error;
                error = 0;
                if (rc == 0) error = WSAETIMEDOUT;
                else getsockopt(s, SOL_SOCKET, SO_ERROR, reinterpret_cast<char*>(&error), &length);
            }
        }
        if (error == 0) return static_cast<Handle>(s);
        reason = system_message(error);
        ::closesocket(s);
    }
    return make_error(where + ": " + reason);
}

} // namespace ponder::serve::os

#endif
