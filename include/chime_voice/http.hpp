// SPDX-License-Identifier: BSL-1.0
// chime_voice/http.hpp — transport-neutral HTTP request and response values.
//
// The library does no I/O. serialize_request() and sigv4::sign() produce an
// owning http_request that any HTTP/1.1 or HTTP/2 client can send; the caller
// hands the bytes it received back as a non-owning http_response_view.
#ifndef CHIME_VOICE_HTTP_HPP
#define CHIME_VOICE_HTTP_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/ascii.hpp>

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

/// The SigV4 credential scope a request must be signed for (SigV4 docs,
/// "credential scope": date/region/service/aws4_request), as the resolved
/// endpoint states it. serialize_request() fills it from the endpoint rules
/// (Chime SDK Voice signs as "chime" although its host is "voice-chime...";
/// FIPS, dual-stack and custom endpoints keep the region they were resolved
/// for), so the caller never rebuilds it: sigv4::signing_params made from a
/// request's scope and a time is the one way to sign what was serialized.
struct signing_scope {
    std::string region;  ///< signing region, e.g. "us-east-1"
    std::string service; ///< signing name, e.g. "chime" (not the host prefix)
    /// Member-wise equality.
    bool operator==(const signing_scope&) const = default;
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
    /// The SigV4 scope this request is meant to be signed for (set by
    /// serialize_request(); empty on a request built by hand). Not sent.
    signing_scope signing;

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

/// True when two header field names are the same name: ASCII
/// case-insensitive (RFC 9110 section 5.1).
constexpr bool header_name_equals(std::string_view a, std::string_view b) noexcept { return detail::iequals(a, b); }

/// One received header field as two views: name and value.
using header_field_view = std::pair<std::string_view, std::string_view>;
/// A list of received header fields, as http_response_view::headers takes
/// them (the views point into the caller's buffers).
using header_field_list = std::vector<header_field_view>;

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

/// An owning received response, for callers whose transport hands over
/// strings (and for tests). view() gives the http_response_view the parse
/// functions take; it stays valid while this object is alive and its headers
/// and body are not modified. May throw std::bad_alloc.
class http_response {
public:
    int status = 0;                   ///< the HTTP status code
    std::vector<http_header> headers; ///< header fields in received order
    std::string body;                 ///< the whole response body

    http_response() = default;
    /// A response with this status, these headers and this body.
    http_response(int status_code, std::vector<http_header> header_fields, std::string content)
        : status(status_code), headers(std::move(header_fields)), body(std::move(content)) {}
    /// Copies status, headers and body (not the cached views).
    http_response(const http_response& o) : status(o.status), headers(o.headers), body(o.body) {}
    http_response(http_response&&) noexcept = default; ///< Moves everything.
    /// Copies status, headers and body (not the cached views).
    http_response& operator=(const http_response& o) {
        if (this != &o) {
            status = o.status;
            headers = o.headers;
            body = o.body;
            fields_.clear();
        }
        return *this;
    }
    http_response& operator=(http_response&&) noexcept = default; ///< Moves everything.

    /// A view of this response. Rebuilds the list of header views each call
    /// (one per header; not to be called concurrently on the same object).
    http_response_view view() const {
        fields_.clear();
        fields_.reserve(headers.size());
        for (const auto& h : headers) fields_.emplace_back(h.name, h.value);
        return http_response_view{status, fields_, body};
    }

    /// First header whose name matches case-insensitively, or nullptr.
    const http_header* find_header(std::string_view name) const noexcept {
        for (const auto& h : headers)
            if (detail::iequals(h.name, name)) return &h;
        return nullptr;
    }

private:
    mutable header_field_list fields_; // the views view() hands out
};

/// Writes the request as HTTP/1.1 wire text, for logs. Secrets and values
/// that would let a reader replay the request are redacted: the
/// `authorization` and `x-amz-security-token` headers, and the
/// `X-Amz-Signature` and `X-Amz-Security-Token` query parameters of a
/// presigned request. The body is not printed (it may hold sensitive
/// PhoneNumberIds), only its size.
inline std::ostream& operator<<(std::ostream& os, const http_request& r) {
    os << r.method << ' ' << (r.path.empty() ? std::string_view("/") : std::string_view(r.path));
    char sep = '?';
    detail::split(r.query, '&', [&](std::string_view param) {
        if (param.empty() && r.query.empty()) return;
        os << sep;
        sep = '&';
        const std::string_view name = param.substr(0, param.find('='));
        if (detail::iequals(name, "X-Amz-Signature") || detail::iequals(name, "X-Amz-Security-Token"))
            os << name << "=<redacted>";
        else
            os << param;
    });
    os << " HTTP/1.1\n";
    for (const auto& h : r.headers) {
        os << h.name << ": ";
        if (detail::iequals(h.name, "authorization") || detail::iequals(h.name, "x-amz-security-token"))
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
