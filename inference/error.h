// Errors as values at the engine's borders: every fallible public call returns Result<T>.
// The message is written for the person using the app ("model.gguf: tensor 'blk.0.attn_q.weight'
// data lies past the end of the file"), never a code to look up.
#pragma once

#include <cassert>
#include <string>
#include <utility>
#include <variant>

namespace ponder {

struct Error {
    std::string message;
};

template <class T>
class [[nodiscard]] Result {
public:
    Result(T value) : v_(std::move(value)) {}
    Result(Error error) : v_(std::move(error)) {}

    bool ok() const { return v_.index() == 0; }
    explicit operator bool() const { return ok(); }

    T& value() & { assert(ok()); return std::get<0>(v_); }
    const T& value() const& { assert(ok()); return std::get<0>(v_); }
    T&& value() && { assert(ok()); return std::get<0>(std::move(v_)); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }

    const Error& error() const { assert(!ok()); return std::get<1>(v_); }

private:
    std::variant<T, Error> v_;
};

// Result of an operation that yields nothing but may fail.
template <>
class [[nodiscard]] Result<void> {
public:
    Result() = default;
    Result(Error error) : error_(std::move(error)), failed_(true) {}

    bool ok() const { return !failed_; }
    explicit operator bool() const { return ok(); }
    const Error& error() const { assert(failed_); return error_; }

private:
    Error error_;
    bool failed_ = false;
};

using Status = Result<void>;

inline Error make_error(std::string message) { return Error{std::move(message)}; }

} // namespace ponder

// Propagate a failed Result from the enclosing function: PONDER_TRY(status_expr);
#define PONDER_TRY(expr)                                                                           \
    do {                                                                                           \
        auto&& ponder_try_result_ = (expr);                                                        \
        if (!ponder_try_result_) return ponder_try_result_.error();                                \
    } while (0)
