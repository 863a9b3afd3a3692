// Socket and Listener over the operating system's calls in socket_os.h: the waiting, partial
// writes and closed-peer checks written once for both platforms.
#include "serve/socket.h"

#include "serve/socket_os.h"

#include <cctype>

namespace ponder::serve {

// How long one send may wait for a client that does not read: then the client counts as gone.
constexpr int kSendStallMs = 30'000;

Socket& Socket::operator=(Socket&& other) noexcept {
    if (this != &other) {
        close();
        handle_ = other.release();
    }
    return *this;
}

ReadResult Socket::read_some(std::span<char> buffer, int timeout_ms) {
    for (;;) {
        switch (os::wait(handle_, false, timeout_ms)) {
        case os::Wait::TimedOut: return {IoStatus::TimedOut, 0};
        case os::Wait::Failed: return {IoStatus::Failed, 0};
        case os::Wait::HungUp:
        case os::Wait::Ready: break;
        }
        const long n = os::receive(handle_, buffer.data(), buffer.size(), false);
        if (n > 0) return {IoStatus::Ok, static_cast<size_t>(n)};
        if (n == os::kPeerClosed || n == os::kReset) return {IoStatus::Closed, 0};
        if (n == os::kFailed) return {IoStatus::Failed, 0};
        // kWouldBlock: woken without data (a spurious wake-up); wait again.
    }
}

bool Socket::write_all(std::string_view data) {
    while (!data.empty()) {
        const long n = os::send_some(handle_, data.data(), data.size());
        if (n > 0) {
            data.remove_prefix(static_cast<size_t>(n));
            continue;
        }
        if (n != os::kWouldBlock || os::wait(handle_, true, kSendStallMs) != os::Wait::Ready)
            return false;
    }
    return true;
}

bool Socket::peer_closed() {
    const os::Wait w = os::wait(handle_, false, 0);
    if (w == os::Wait::TimedOut) return false;
    if (w != os::Wait::Ready) return true;
    char byte;
    const long n = os::receive(handle_, &byte, 1, /*peek=*/true);
    return n == os::kPeerClosed || n == os::kReset || n == os::kFailed;
}

void Socket::shutdown() {
    if (valid()) os::shutdown(handle_, true);
}

void Socket::finish_sending() {
    if (!valid()) return;
    os::shutdown(handle_, false);
    constexpr size_t kDrainLimit = 1 << 20;
    constexpr int kDrainMs = 500;
    char sink[16384];
    for (size_t drained = 0; drained < kDrainLimit;) {
        const ReadResult r = read_some(sink, kDrainMs);
        if (r.status != IoStatus::Ok) break;
        drained += r.bytes;
    }
}

void Socket::close() {
    if (valid()) os::close(release());
}

Result<Listener> Listener::bind(const std::string& host, uint16_t port) {
    Listener listener;
    auto handle = os::listen_on(host, port, &listener.port_);
    PONDER_TRY(handle);
    listener.socket_ = Socket(*handle);
    return listener;
}

Socket Listener::accept(int timeout_ms) {
    const os::Handle listening = socket_.handle();
    if (os::wait(listening, false, timeout_ms) != os::Wait::Ready) return Socket();
    const os::Handle h = os::accept_one(listening);
    return h == os::kInvalid ? Socket() : Socket(h);
}

Result<Socket> connect_tcp(const std::string& host, uint16_t port, int timeout_ms) {
    auto handle = os::connect_to(host, port, timeout_ms);
    PONDER_TRY(handle);
    return Socket(*handle);
}

bool is_loopback_host(std::string_view host) {
    std::string name;
    for (char c : host) name += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (name.size() > 2 && name.front() == '[' && name.back() == ']') name = name.substr(1, name.size() - 2);
    if (!name.empty() && name.back() == '.') name.pop_back();  // "localhost." is the same name
    if (name == "localhost" || name == "::1" || name == "0:0:0:0:0:0:0:1") return true;
    const std::string_view dot_localhost = ".localhost";  // RFC 6761: always loopback
    if (name.size() > dot_localhost.size() && name.ends_with(dot_localhost)) return true;
    // 127.0.0.0/8 written as a dotted quad of decimal numbers.
    int parts = 0, value = -1;
    for (char c : name + ".") {
        if (c == '.') {
            if (value < 0 || value > 255) return false;
            if (parts == 0 && value != 127) return false;
            ++parts;
            value = -1;
        } else if (c >= '0' && c <= '9') {
            value = (value < 0 ? 0 : value * 10) + (c - '0');
            if (value > 255) return false;
        } else {
            return false;
        }
    }
    return parts == 4;
}

} // namespace ponder::serve
