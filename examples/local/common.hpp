// SPDX-License-Identifier: BSL-1.0
// examples/local/common.hpp — chime-voice-local: options, time text, replies.
//
// Part of the loopback service (examples/local_service.cpp); one translation
// unit, so these are plain inline definitions in namespace chime_local.
#ifndef CHIME_VOICE_EXAMPLES_LOCAL_COMMON_HPP
#define CHIME_VOICE_EXAMPLES_LOCAL_COMMON_HPP

#include <chime_voice/secret.hpp>

#include <boost/beast/http/status.hpp>
#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chime_local {

namespace http = boost::beast::http;
namespace json = boost::json;

/// The command line. The secret is held as the library's secret_string
/// (wiped when dropped, printed as <redacted>; rule of the house 6).
struct options {
    unsigned short port = 0;
    std::string port_file;
    std::string seed_file;
    std::string access_key_id = "AKIDEXAMPLE";
    chime_voice::secret_string secret_access_key{std::string_view("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY")};
    std::string region = "us-east-1";
    std::uint64_t throttle_every = 0; // signed batch-deletes 1, N+1, 2N+1, ... get 429 (0 = never)
    std::uint64_t throttle_first = 0; // the first N signed batch-deletes get 429
    std::uint64_t fail_503 = 0;       // the first N batch-deletes get 503
    std::uint64_t close_first = 0;    // the first N batch-deletes are dropped unanswered
    long long clock_skew = 0;         // seconds added to the real clock
    long long deletion_window = 7 * 24 * 3600; // seconds a deleted number stays restorable
    long long order_delay = 2;        // seconds after which an order completes by itself
    std::uint64_t max_requests = 10000;
    long long timeout = 600;          // seconds before exiting by itself (0 = never)
    // Resource bounds (issue 14).
    std::size_t header_limit = 16 * 1024;  // bytes of request line + headers (431 beyond)
    std::size_t body_limit = 1 << 20;      // bytes of body (413 beyond)
    long long read_timeout_ms = 10000;     // a whole request (headers + body), and keep-alive idle time
    std::size_t max_connections = 256;     // concurrent connections; beyond: 503 and close
    bool allow_unsigned_get = false;
    bool quiet = false;
};

// ---------------------------------------------------------------- time text

inline std::tm to_utc_tm(std::chrono::sys_seconds t) {
    std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
    std::tm tm{};
    gmtime_r(&tt, &tm);
    return tm;
}

/// IMF-fixdate, RFC 9110 section 5.6.7: "Sun, 06 Nov 1994 08:49:37 GMT".
inline std::string imf_fixdate(std::chrono::sys_seconds t) {
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm = to_utc_tm(t);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

/// ISO 8601 / RFC 3339 date-time, as the model's Iso8601Timestamp shape.
inline std::string iso8601(std::chrono::sys_seconds t) {
    std::tm tm = to_utc_tm(t);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

// ---------------------------------------------------------------- replies

/// What the handler decided; the session turns it into bytes.
struct reply {
    bool drop_connection = false; // fault injection: close without answering
    http::status status = http::status::ok;
    std::string error_type;        // "" on success; goes into X-Amzn-Errortype
    std::string error_type_suffix; // appended after ':' as AWS front ends do
    std::string body;
    std::string operation;         // the model's operation name, for the log ("" = none matched)
};

/// A modelled error of the Chime SDK Voice model: X-Amzn-Errortype names the
/// shape, the body has Code and Message as the service sends them.
inline reply service_error(http::status status, std::string type, std::string code, std::string message) {
    reply r;
    r.status = status;
    r.error_type = std::move(type);
    json::object o;
    o["Code"] = code;
    o["Message"] = message;
    r.body = json::serialize(o);
    return r;
}

inline reply bad_request(std::string message) {
    return service_error(http::status::bad_request, "BadRequestException", "BadRequest", std::move(message));
}

inline reply not_found(std::string message) {
    return service_error(http::status::not_found, "NotFoundException", "NotFound", std::move(message));
}

/// Errors raised by the AWS authentication layer (not the Chime model): the
/// type carries the coral URI suffix and the body has a lower-case "message".
inline reply auth_error(std::string type, std::string message) {
    reply r;
    r.status = http::status::forbidden;
    r.error_type = std::move(type);
    r.error_type_suffix = "http://internal.amazon.com/coral/com.amazon.coral.service/";
    json::object o;
    o["message"] = message;
    r.body = json::serialize(o);
    return r;
}

inline reply json_reply(json::object o) {
    reply r;
    r.body = json::serialize(o);
    return r;
}

// ---------------------------------------------------------------- text

/// Percent-decoding of a path segment or a query component ('+' is kept: the
/// SDKs send a literal plus as %2B, and phone numbers begin with one).
inline std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

/// The query string as decoded (name, value) pairs, in order.
inline std::vector<std::pair<std::string, std::string>> parse_query(std::string_view q) {
    std::vector<std::pair<std::string, std::string>> out;
    while (!q.empty()) {
        const auto amp = q.find('&');
        std::string_view part = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        if (part.empty()) continue;
        const auto eq = part.find('=');
        out.emplace_back(percent_decode(part.substr(0, eq)),
                         eq == std::string_view::npos ? std::string() : percent_decode(part.substr(eq + 1)));
    }
    return out;
}

inline std::optional<std::string> string_member(const json::object& o, std::string_view key) {
    auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

} // namespace chime_local

#endif
