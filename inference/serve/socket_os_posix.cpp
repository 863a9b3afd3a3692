// Socket calls on POSIX systems (Linux, macOS): BSD sockets, poll(), MSG_NOSIGNAL.
#ifndef _WIN32

#include "serve/socket_os.h"

#include <cerrno>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef MSG_NOSIGNAL
#define MSG_NOSIGNAL 0  // macOS: SO_NOSIGPIPE is set on the socket instead
#endif

namespace ponder::serve::os {
namespace {

int fd_of(Handle h) { return static_cast<int>(h); }

void make_nonblocking(int fd) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
    fcntl(fd, F_SETFD, FD_CLOEXEC);
#ifdef SO_NOSIGPIPE
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_NOSIGPIPE, &one, sizeof one);
#endif
}

long classify(long n) {
    if (n >= 0) return n;
    if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) return kWouldBlock;
    if (errno == ECONNRESET || errno == EPIPE || errno == ENOTCONN || errno == ECONNABORTED) return kReset;
    return kFailed;
}

struct AddrInfo {
    addrinfo* list = nullptr;
    ~AddrInfo() {
        if (list) freeaddrinfo(list);
    }
};

Result<addrinfo*> resolve(const std::string& host, uint16_t port, bool passive, AddrInfo& out) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = passive ? AI_PASSIVE : 0;
    const std::string service = std::to_string(port);
    const int rc = getaddrinfo(host.c_str(), service.c_str(), &hints, &out.list);
    if (rc != 0 || !out.list) return make_error(host + ": " + gai_strerror(rc));
    return out.list;
}

} // namespace

Wait wait(Handle handle, bool for_write, int timeout_ms) {
    pollfd p{fd_of(handle), static_cast<short>(for_write ? POLLOUT : POLLIN), 0};
    int rc;
    do rc = ::poll(&p, 1, timeout_ms);
    while (rc < 0 && errno == EINTR);
    if (rc < 0) return Wait::Failed;
    if (rc == 0) return Wait::TimedOut;
    if ((p.revents & (POLLIN | POLLOUT)) == 0 && (p.revents & (POLLHUP | POLLERR))) return Wait::HungUp;
    return Wait::Ready;
}

long receive(Handle handle, char* data, size_t size, bool peek) {
    return classify(::recv(fd_of(handle), data, size, peek ? MSG_PEEK : 0));
}

long send_some(Handle handle, const char* data, size_t size) {
    return classify(::send(fd_of(handle), data, size, MSG_NOSIGNAL));
}

void shutdown(Handle handle, bool both) { ::shutdown(fd_of(handle), both ? SHUT_RDWR : SHUT_WR); }
void close(Handle handle) { ::close(fd_of(handle)); }

Result<Handle> listen_on(const std::string& host, uint16_t port, uint16_t* bound_port) {
    AddrInfo addresses;
    auto address = resolve(host, port, true, addresses);
    PONDER_TRY(address);
    const addrinfo* a = *address;
    const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
    if (fd < 0) return make_error(std::string("cannot create a socket: ") + std::strerror(errno));
    int one = 1;
    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);  // restart at once after a stop
    if (::bind(fd, a->ai_addr, a->ai_addrlen) != 0 || ::listen(fd, 128) != 0) {
        const std::string reason = std::strerror(errno);
        ::close(fd);
        return make_error("cannot listen on " + host + ":" + std::to_string(port) + ": " + reason);
    }
    make_nonblocking(fd);
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &length);
    *bound_port = ntohs(bound.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port
                                                    : reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return Handle{fd};
}

Handle accept_one(Handle listener) {
    const int fd = ::accept(fd_of(listener), nullptr, nullptr);
    if (fd < 0) return kInvalid;
    make_nonblocking(fd);
    return fd;
}

Result<Handle> connect_to(const std::string& host, uint16_t port, int timeout_ms) {
    const std::string where = host + ":" + std::to_string(port);
    AddrInfo addresses;
    auto address = resolve(host, port, false, addresses);
    PONDER_TRY(address);
    std::string reason = "no address";
    for (const addrinfo* a = *address; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype, a->ai_protocol);
        if (fd < 0) continue;
        make_nonblocking(fd);
        int rc = ::connect(fd, a->ai_addr, a->ai_addrlen);
        if (rc != 0 && errno == EINPROGRESS) {
            const Wait w = wait(fd, true, timeout_ms);
            int error = 0;
            socklen_t length = sizeof error;
            getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &length);
            if (w == Wait::TimedOut) error = ETIMEDOUT;
            errno = error;
            rc = error == 0 ? 0 : -1;
        }
        if (rc == 0) return Handle{fd};
        reason = std::strerror(errno);
        ::close(fd);
    }
    return make_error(where + ": " + reason);
}

} // namespace ponder::serve::os

#endif
