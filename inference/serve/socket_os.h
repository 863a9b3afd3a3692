// The operating system's socket calls the Socket and Listener classes are built on: BSD sockets in
// socket_os_posix.cpp, winsock2 in socket_os_win32.cpp. Handles are non-blocking; waits happen in
// wait() with a timeout. Internal to inference/serve.
#pragma once

#include "error.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace ponder::serve::os {

using Handle = intptr_t;
inline constexpr Handle kInvalid = -1;

enum class Wait { Ready, TimedOut, HungUp, Failed };
// Waits until `handle` can be read (or written, for_write); negative timeout_ms: no limit.
Wait wait(Handle handle, bool for_write, int timeout_ms);

// Bytes moved (> 0), or one of these.
inline constexpr long kPeerClosed = 0;   // orderly close (receive only)
inline constexpr long kWouldBlock = -1;  // nothing to move now
inline constexpr long kReset = -2;       // the peer reset or went away
inline constexpr long kFailed = -3;
long receive(Handle handle, char* data, size_t size, bool peek);
long send_some(Handle handle, const char* data, size_t size);

// Ends sending only (the peer reads end-of-stream), or both directions.
void shutdown(Handle handle, bool both);
void close(Handle handle);

// A non-blocking listening socket on host:port; *bound_port gets the port actually bound.
Result<Handle> listen_on(const std::string& host, uint16_t port, uint16_t* bound_port);
// A pending connection (non-blocking), or kInvalid when none is pending.
Handle accept_one(Handle listener);
// A connected non-blocking socket, or why not ("Connection refused").
Result<Handle> connect_to(const std::string& host, uint16_t port, int timeout_ms);

} // namespace ponder::serve::os
