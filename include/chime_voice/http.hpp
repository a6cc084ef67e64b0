// SPDX-License-Identifier: BSL-1.0
// chime_voice/http.hpp — transport-neutral HTTP request and response values.
//
// The library does no I/O. serialize_request() and sigv4::sign() produce an
// owning http_request that any HTTP/1.1 or HTTP/2 client can send; the caller
// hands the bytes it received back as a non-owning http_response_view.
#ifndef CHIME_VOICE_HTTP_HPP
#define CHIME_VOICE_HTTP_HPP

#include <chime_voice/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chime_voice {

/// One header field (RFC 9110 section 5). Names keep the case they were
/// given; comparisons in this library are case-insensitive.
struct http_header {
    std::string name;  ///< field name, e.g. "Content-Type" (a token, RFC 9110 section 5.1)
    std::string value; ///< field value as it goes on the wire (no CR, LF or NUL)
};

/// An owning HTTP request, ready to hand to any transport.
///
/// `path` and `query` are already percent-encoded (RFC 3986 section 2.1);
/// `query` carries no leading '?'. `host` may carry ":port".
struct http_request {
    std::string method;               ///< e.g. "POST"
    std::string scheme;               ///< "https" (or "http" for a custom endpoint)
    std::string host;                 ///< host name, may carry ":port"
    std::string path;                 ///< percent-encoded path, starting with '/'
    std::string query;                ///< percent-encoded query, without the leading '?'
    std::vector<http_header> headers; ///< in the order they are to be sent
    std::string body;                 ///< the payload bytes (the JSON document)

    /// scheme://host path[?query]. May throw std::bad_alloc.
    std::string url() const {
        std::string out;
        out.reserve(scheme.size() + 3 + host.size() + path.size() + 1 + query.size());
        out.append(scheme).append("://").append(host).append(path.empty() ? "/" : path);
        if (!query.empty()) out.append(1, '?').append(query);
        return out;
    }

    /// path[?query], the HTTP/1.1 request-target (RFC 9112 section 3.2.1).
    /// May throw std::bad_alloc.
    std::string target() const {
        std::string out(path.empty() ? "/" : path);
        if (!query.empty()) out.append(1, '?').append(query);
        return out;
    }

    /// First header whose name matches case-insensitively, or nullptr.
    const http_header* find_header(std::string_view name) const noexcept;
    /// First header whose name matches case-insensitively, or nullptr. The
    /// pointer is valid until `headers` is next modified.
    http_header* find_header(std::string_view name) noexcept {
        return const_cast<http_header*>(std::as_const(*this).find_header(name));
    }
};

/// A received response, as views into the caller's buffers. The buffers must
/// outlive every call that takes the view; results never keep views into it.
struct http_response_view {
    int status = 0; ///< the HTTP status code, e.g. 200
    /// Header fields as (name, value) pairs in received order; names in any case.
    std::span<const std::pair<std::string_view, std::string_view>> headers;
    std::string_view body; ///< the whole response body

    /// First header whose name matches case-insensitively.
    std::optional<std::string_view> find_header(std::string_view name) const noexcept;
};

namespace detail {

constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

/// RFC 9110 section 5.6.2 tchar, as a 256-entry table.
inline constexpr std::array<bool, 256> tchar_table = [] {
    std::array<bool, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
    return t;
}();

constexpr bool is_tchar(unsigned char c) noexcept { return tchar_table[c]; }

constexpr bool is_token(std::string_view s) noexcept {
    if (s.empty()) return false;
    for (char c : s)
        if (!is_tchar(static_cast<unsigned char>(c))) return false;
    return true;
}

/// True when a header value could be put on the wire without splitting the
/// message: no CR, LF or NUL (RFC 9110 section 5.5). Checks eight bytes at a
/// time (a zero-byte test on the value XORed with each forbidden byte).
constexpr bool is_safe_field_value(std::string_view s) noexcept {
    std::size_t i = 0;
    if (!std::is_constant_evaluated()) {
        constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        auto has_zero = [](std::uint64_t v) { return ((v - ones) & ~v & highs) != 0; };
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t v;
            std::memcpy(&v, s.data() + i, 8);
            if (has_zero(v) || has_zero(v ^ (ones * '\r')) || has_zero(v ^ (ones * '\n'))) break;
        }
    }
    for (; i < s.size(); ++i)
        if (s[i] == '\r' || s[i] == '\n' || s[i] == '\0') return false;
    return true;
}

} // namespace detail

inline const http_header* http_request::find_header(std::string_view name) const noexcept {
    for (const auto& h : headers)
        if (detail::iequals(h.name, name)) return &h;
    return nullptr;
}

inline std::optional<std::string_view>
http_response_view::find_header(std::string_view name) const noexcept {
    for (const auto& [n, v] : headers)
        if (detail::iequals(n, name)) return v;
    return std::nullopt;
}

/// Writes the request as HTTP/1.1 wire text. Values of `authorization`,
/// `x-amz-security-token` and signature query parameters are redacted; the
/// body is not printed (it may hold sensitive PhoneNumberIds), only its size.
inline std::ostream& operator<<(std::ostream& os, const http_request& r) {
    os << r.method << ' ' << r.target() << " HTTP/1.1\n";
    for (const auto& h : r.headers) {
        os << h.name << ": ";
        if (detail::iequals(h.name, "authorization") ||
            detail::iequals(h.name, "x-amz-security-token"))
            os << "<redacted>";
        else
            os << h.value;
        os << '\n';
    }
    os << "\n<" << r.body.size() << " byte body>";
    return os;
}

/// Writes an HTTP/1.1 message for the wire (request line, headers, blank
/// line, body), exactly as a transport would send it. Unlike operator<<, this
/// shows everything, including secrets-derived values: it is for sending.
/// May throw std::bad_alloc.
inline std::string to_wire(const http_request& r) {
    std::string out;
    out.append(r.method).append(1, ' ').append(r.target()).append(" HTTP/1.1\r\n");
    for (const auto& h : r.headers) out.append(h.name).append(": ").append(h.value).append("\r\n");
    out.append("\r\n").append(r.body);
    return out;
}

} // namespace chime_voice

#endif
