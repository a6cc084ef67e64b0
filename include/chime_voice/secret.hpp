// SPDX-License-Identifier: BSL-1.0
// chime_voice/secret.hpp — a string that holds a secret: wiped when it is
// dropped or overwritten, never printed.
//
// Rule of the house 6 (CONTRIBUTING.md): secrets never reach a log or
// operator<<, and the bytes of a secret are zeroed when the library lets go
// of them. Every type that holds a secret (credentials, profiles, resolved
// credential sources) holds it as a secret_string, so the wiping is written
// once, here, and the holders need no hand-written copy or move operations.
#ifndef CHIME_VOICE_SECRET_HPP
#define CHIME_VOICE_SECRET_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/secure_wipe.hpp>

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace chime_voice {

/// An owning string for secret bytes (a secret access key, a session token,
/// a bearer token). Its whole buffer, spare capacity included, is zeroed
/// before it is released: on destruction, on assignment and on clear().
/// operator<< prints `<redacted>`. It converts implicitly to
/// std::string_view so it can be passed wherever text is read; the view is
/// valid until the secret_string is modified or destroyed.
///
/// Copies may throw std::bad_alloc; moves, destruction and clear() do not.
/// A std::string moved in is taken over without a copy; a moved-from
/// secret_string is empty and its old buffer is wiped when it is destroyed.
class secret_string {
public:
    secret_string() noexcept = default;
    /// Takes over the string's buffer (no copy).
    secret_string(std::string s) noexcept : s_(std::move(s)) {}
    /// Copies the text. May throw std::bad_alloc.
    secret_string(std::string_view s) : s_(s) {}
    /// Copies the NUL-terminated text. May throw std::bad_alloc.
    secret_string(const char* s) : s_(s) {}
    secret_string(const secret_string&) = default; ///< Copies. May throw std::bad_alloc.
    /// Takes over the buffer; `o` is left empty.
    secret_string(secret_string&& o) noexcept : s_(std::move(o.s_)) { o.clear(); }
    /// Wipes the old bytes, then copies. May throw std::bad_alloc.
    secret_string& operator=(const secret_string& o) {
        if (this != &o) assign(o.view());
        return *this;
    }
    /// Wipes the old bytes, then takes over `o`'s buffer; `o` is left empty.
    secret_string& operator=(secret_string&& o) noexcept {
        if (this != &o) {
            detail::secure_wipe(s_);
            s_ = std::move(o.s_);
            o.clear();
        }
        return *this;
    }
    ~secret_string() { detail::secure_wipe(s_); }

    /// Replaces the content; the old bytes are wiped first (the buffer is
    /// reused when it is large enough). May throw std::bad_alloc.
    void assign(std::string_view v) {
        detail::secure_wipe(s_);
        s_.assign(v);
    }
    /// Wipes and empties.
    void clear() noexcept { detail::secure_wipe(s_); }

    /// The secret's bytes; valid until this object is modified or destroyed.
    std::string_view view() const noexcept { return s_; }
    /// Same as view().
    operator std::string_view() const noexcept { return s_; }
    /// Pointer to the bytes (NUL-terminated); valid as view() is.
    const char* data() const noexcept { return s_.data(); }
    /// Length in bytes.
    std::size_t size() const noexcept { return s_.size(); }
    /// True when there are no bytes.
    bool empty() const noexcept { return s_.empty(); }

    /// Equality whose time depends only on the lengths, never on where the
    /// bytes differ (a length mismatch returns at once: lengths are not secret).
    friend bool operator==(const secret_string& a, std::string_view b) noexcept {
        return a.size() == b.size() && detail::constant_time_equal(a.data(), b.data(), b.size());
    }
    /// The same comparison between two secrets. Without this exact match,
    /// `a == b` converts either side to std::string_view, and C++20's
    /// reversed candidates make that ambiguous (clang: -Wambiguous-reversed-operator).
    /// (A constrained template, so that `secret == "text"` and
    /// `secret == std::string` still pick the std::string_view overload.)
    template <class T>
        requires std::is_same_v<T, secret_string>
    friend bool operator==(const secret_string& a, const T& b) noexcept {
        return a == b.view();
    }

    /// Never shows the secret.
    friend std::ostream& operator<<(std::ostream& os, const secret_string&) { return os << "<redacted>"; }

private:
    std::string s_;
};

/// Zeroes the whole buffer of a caller's own string (spare capacity
/// included) and empties it: for the copies of a secret a program makes
/// outside a secret_string (a file's text, a request body carrying a token).
inline void wipe(std::string& s) noexcept { detail::secure_wipe(s); }

} // namespace chime_voice

#endif
