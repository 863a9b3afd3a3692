// TCP sockets for the local API server and its client: the one place they meet the operating
// system (BSD sockets on POSIX, winsock2 on Windows). Every wait takes a timeout, so no thread can
// block forever on a peer that stops talking.
#pragma once

#include "error.h"

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

namespace ponder::serve {

enum class IoStatus {
    Ok,        // some bytes moved
    Closed,    // the peer closed its side (orderly) or reset the connection
    TimedOut,  // nothing arrived within the timeout
    Failed,    // any other error
};

struct ReadResult {
    IoStatus status = IoStatus::Failed;
    size_t bytes = 0;
};

// One connected stream socket; move-only, closed when it goes away.
class Socket {
public:
    Socket() = default;
    explicit Socket(intptr_t handle) : handle_(handle) {}
    Socket(Socket&& other) noexcept : handle_(other.release()) {}
    Socket& operator=(Socket&& other) noexcept;
    Socket(const Socket&) = delete;
    Socket& operator=(const Socket&) = delete;
    ~Socket() { close(); }

    bool valid() const { return handle_ != kInvalid; }
    intptr_t handle() const { return handle_; }

    // Waits up to timeout_ms (negative: no limit) for bytes, then reads what is there.
    ReadResult read_some(std::span<char> buffer, int timeout_ms);
    // Sends everything; false when the peer is gone or the send failed (never raises SIGPIPE).
    bool write_all(std::string_view data);
    // Without waiting: true when the peer has closed or reset the connection. Bytes the peer sent
    // and nobody read yet do not count as closed.
    bool peer_closed();
    // Ends both directions now: a thread blocked in read_some() on this socket wakes up.
    void shutdown();
    // Before closing after a response: ends sending, then reads and drops what the peer still
    // sends (up to a limit, briefly), so that the close does not reset the connection before the
    // peer has read the response (it would, with unread request bytes left, e.g. after a 413).
    void finish_sending();
    void close();

private:
    static constexpr intptr_t kInvalid = -1;
    intptr_t release() {
        const intptr_t h = handle_;
        handle_ = kInvalid;
        return h;
    }
    intptr_t handle_ = kInvalid;
};

// A listening TCP socket bound to one address.
class Listener {
public:
    // host: an IPv4 or IPv6 literal or a name ("127.0.0.1", "::1", "localhost", "0.0.0.0");
    // port 0 picks a free port (see port()).
    static Result<Listener> bind(const std::string& host, uint16_t port);

    Listener() = default;
    Listener(Listener&&) noexcept = default;
    Listener& operator=(Listener&&) noexcept = default;

    uint16_t port() const { return port_; }
    // The next connection, or an invalid Socket when none came within timeout_ms.
    Socket accept(int timeout_ms);

private:
    Socket socket_;
    uint16_t port_ = 0;
};

// Connects to host:port within timeout_ms; the message names the address and the reason
// ("127.0.0.1:8080: Connection refused").
Result<Socket> connect_tcp(const std::string& host, uint16_t port, int timeout_ms);

// True for names that can only reach this machine: "localhost", "*.localhost", 127.0.0.0/8, "::1".
bool is_loopback_host(std::string_view host);

} // namespace ponder::serve
