// SPDX-License-Identifier: BSL-1.0
// chime_voice/service_error.hpp — restJson1 error responses, generically.
//
// Implements "Operation error serialization" of the Smithy restJson1 protocol
// (smithy.io, aws.protocols#restJson1): the error type is read from the
// `X-Amzn-Errortype` header, else from the body member `code`, else from the
// body member `__type`, and cleaned (see clean_error_type). The type is then
// looked up in a table of modelled errors (Smithy `@error` / `@httpError`
// traits), so these functions serve any restJson1 operation; the table for
// Chime SDK Voice is chime_voice_modelled_errors.
//
// Nothing here throws except std::bad_alloc. Results never keep views into
// the response buffers.
#ifndef CHIME_VOICE_SERVICE_ERROR_HPP
#define CHIME_VOICE_SERVICE_ERROR_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/json.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chime_voice {

/// One modelled error structure: its shape name (what the cleaned wire type
/// must equal, case-sensitively), the kind it maps to, and its Smithy traits.
struct modelled_error {
    std::string_view type;   ///< shape name, e.g. "NotFoundException"
    service_error_kind kind; ///< what error::kind becomes
    enum fault fault;        ///< Smithy `@error("client"|"server")`: the fault reported
    int http_status;         ///< Smithy `@httpError` (informative; the wire status is reported as sent)
};

/// The seven errors of BatchDeletePhoneNumber (Smithy model, operation
/// `errors`, with their `smithy.api#error` and `smithy.api#httpError` traits).
inline constexpr std::array<modelled_error, 7> chime_voice_modelled_errors{{
    {"BadRequestException", service_error_kind::bad_request_exception, fault::client, 400},
    {"UnauthorizedClientException", service_error_kind::unauthorized_client_exception, fault::client, 401},
    {"ForbiddenException", service_error_kind::forbidden_exception, fault::client, 403},
    {"NotFoundException", service_error_kind::not_found_exception, fault::client, 404},
    {"ThrottledClientException", service_error_kind::throttled_client_exception, fault::client, 429},
    {"ServiceFailureException", service_error_kind::service_failure_exception, fault::server, 500},
    {"ServiceUnavailableException", service_error_kind::service_unavailable_exception, fault::server, 503},
}};

/// Limits for reading an error body. Error bodies are small JSON objects;
/// anything else (an HTML page from a proxy, a huge body) is kept verbatim in
/// error::body but not parsed beyond these limits.
struct service_error_options {
    /// Bodies larger than this are not parsed as JSON (they are still kept).
    /// 1 MiB: service error bodies are a few hundred bytes.
    std::size_t max_json_body_bytes = std::size_t{1} << 20;
    /// Maximum JSON nesting depth (boost::json::parse_options::max_depth).
    /// 64: the restJson1 error bodies are one or two levels deep.
    std::size_t max_depth = 64;
    /// Header carrying the error type, matched case-insensitively
    /// (restJson1 spec: `X-Amzn-Errortype`).
    std::string_view error_type_header = "x-amzn-errortype";
    /// Longest cleaned error type accepted. Error types are Smithy shape
    /// names (e.g. "ServiceUnavailableException", tens of bytes); a longer
    /// one (say a 1 MiB header) is not an error type, and keeping it would
    /// copy it into error::type and every log line. 256 is generous. A longer
    /// type gives a malformed_response error that says so.
    std::size_t max_error_type_bytes = 256;
};

/// Cleans a wire error type as the restJson1 spec says: keep what precedes
/// the first ',' (proxies and HTTP/1.1 field folding may append values,
/// RFC 9110 section 5.3), then what precedes the first ':' (a URI suffix
/// such as ":http://internal.amazon.com/coral/..."), then what follows the
/// first '#' (a namespace prefix such as "aws.protocoltests.restjson#").
/// Surrounding spaces and tabs are dropped. The result views into `raw`.
constexpr std::string_view clean_error_type(std::string_view raw) noexcept {
    std::string_view s = raw;
    if (auto p = s.find(','); p != std::string_view::npos) s = s.substr(0, p);
    if (auto p = s.find(':'); p != std::string_view::npos) s = s.substr(0, p);
    if (auto p = s.find('#'); p != std::string_view::npos) s = s.substr(p + 1);
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

/// Reason phrase of a status code (RFC 9110 section 15), "" when not listed.
constexpr std::string_view http_reason_phrase(int status) noexcept {
    switch (status) {
    case 100: return "Continue";
    case 101: return "Switching Protocols";
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 301: return "Moved Permanently";
    case 302: return "Found";
    case 304: return "Not Modified";
    case 307: return "Temporary Redirect";
    case 308: return "Permanent Redirect";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 405: return "Method Not Allowed";
    case 408: return "Request Timeout";
    case 409: return "Conflict";
    case 410: return "Gone";
    case 411: return "Length Required";
    case 412: return "Precondition Failed";
    case 413: return "Content Too Large";
    case 414: return "URI Too Long";
    case 415: return "Unsupported Media Type";
    case 422: return "Unprocessable Content";
    case 429: return "Too Many Requests";
    case 500: return "Internal Server Error";
    case 501: return "Not Implemented";
    case 502: return "Bad Gateway";
    case 503: return "Service Unavailable";
    case 504: return "Gateway Timeout";
    default: return {};
    }
}

/// Status, request id (`x-amzn-RequestId`, else `x-amz-request-id`), extended
/// request id (`x-amz-id-2`) and CloudFront id (`x-amz-cf-id`); header names
/// are matched case-insensitively (RFC 9110 section 5.1). May throw std::bad_alloc.
inline response_metadata read_response_metadata(const http_response_view& r) {
    response_metadata m;
    m.http_status = r.status;
    auto id = r.find_header("x-amzn-requestid");
    if (!id || id->empty()) id = r.find_header("x-amz-request-id");
    if (id) m.request_id = *id;
    if (auto v = r.find_header("x-amz-id-2")) m.extended_request_id = *v;
    if (auto v = r.find_header("x-amz-cf-id")) m.cf_id = *v;
    return m;
}

/// The top-level string members of an error body that the restJson1 rules
/// and the Chime error shapes use. Absent or non-string members stay empty.
struct error_body_fields {
    bool is_json_object = false;          ///< the body parsed as a JSON object
    std::optional<std::string> code;      ///< `code` (a type carrier)
    std::optional<std::string> dunder_type; ///< `__type` (a type carrier)
    std::optional<std::string> message_lower; ///< `message`
    std::optional<std::string> message_upper; ///< `Message`
    std::optional<std::string> code_member;   ///< `Code` (the Chime ErrorCode member)
};

/// Reads error_body_fields from a body with the non-throwing Boost.JSON API.
/// Nested members (e.g. a `__type` inside `ErrorDetails`) are never used, as
/// RestJsonFooErrorWithNestedTypeProperty requires. May throw std::bad_alloc.
inline error_body_fields read_error_body(std::string_view body, const service_error_options& opt = {}) {
    error_body_fields f;
    if (body.empty() || body.size() > opt.max_json_body_bytes) return f;
    alignas(std::max_align_t) unsigned char buffer[2048];
    boost::json::monotonic_resource mr(buffer, sizeof buffer);
    boost::json::parse_options po;
    po.max_depth = opt.max_depth;
    boost::system::error_code ec;
    boost::json::value v = boost::json::parse(boost::json::string_view(body.data(), body.size()),
                                              ec, &mr, po);
    if (ec || !v.is_object()) return f;
    f.is_json_object = true;
    const auto& o = v.get_object();
    auto take = [&](std::string_view key, std::optional<std::string>& out) {
        auto it = o.find(boost::json::string_view(key.data(), key.size()));
        if (it != o.end() && it->value().is_string()) {
            const auto& s = it->value().get_string();
            out.emplace(s.data(), s.size());
        }
    };
    take("code", f.code);
    take("__type", f.dunder_type);
    take("message", f.message_lower);
    take("Message", f.message_upper);
    take("Code", f.code_member);
    return f;
}

/// The raw (uncleaned) error type by restJson1 precedence: the header, then
/// body `code`, then body `__type`. A carrier that is empty after cleaning
/// counts as absent. The view points into `header_value` or `f`.
inline std::optional<std::string_view> resolve_error_type(std::optional<std::string_view> header_value,
                                                          const error_body_fields& f) noexcept {
    if (header_value && !clean_error_type(*header_value).empty()) return *header_value;
    if (f.code && !clean_error_type(*f.code).empty()) return std::string_view(*f.code);
    if (f.dunder_type && !clean_error_type(*f.dunder_type).empty()) return std::string_view(*f.dunder_type);
    return std::nullopt;
}

/// The fault implied by a status when the model says nothing: 4xx client,
/// 5xx server, anything else none.
constexpr enum fault fault_from_status(int status) noexcept {
    if (status >= 400 && status <= 499) return fault::client;
    if (status >= 500 && status <= 599) return fault::server;
    return fault::none;
}

/// An error of category malformed_response that keeps status, request ids
/// and the body. May throw std::bad_alloc.
inline error make_malformed_response_error(const http_response_view& r, std::string message) {
    error e;
    e.category = error_category::malformed_response;
    e.message = std::move(message);
    e.metadata = read_response_metadata(r);
    e.body.assign(r.body);
    return e;
}

/// Builds the error for a non-2xx response (restJson1 "Operation error
/// serialization").
///
/// * A type found in `modelled` yields that kind and the model's fault.
/// * Another type yields service_error_kind::unmodelled with the cleaned name
///   in error::type, the fault inferred from the status and the body kept
///   (the body is also kept for a modelled type whose body is not JSON).
/// * No type at all yields service_error_kind::unknown, fault from the status,
///   the body kept.
/// * A cleaned type longer than opt.max_error_type_bytes yields a
///   malformed_response error (not a service error) saying so.
/// The message is the body's `message`, else `Message` (both spellings occur:
/// Smithy-generated services send `Message`, API Gateway style front ends
/// `message`); when there is none and the error is not modelled, the status's
/// reason phrase ("HTTP <status>" if it has none), with a note when the body
/// is not JSON. The `Code` member fills code_raw / code.
/// May throw std::bad_alloc.
inline error make_service_error(const http_response_view& r, std::span<const modelled_error> modelled,
                                const service_error_options& opt = {}) {
    error e;
    e.category = error_category::service;
    e.metadata = read_response_metadata(r);
    const error_body_fields f = read_error_body(r.body, opt);
    const auto raw_type = resolve_error_type(r.find_header(opt.error_type_header), f);

    const modelled_error* match = nullptr;
    if (raw_type) {
        const std::string_view t = clean_error_type(*raw_type);
        if (t.size() > opt.max_error_type_bytes)
            return make_malformed_response_error(
                r, "the error type (X-Amzn-Errortype header, body code or __type) is " + std::to_string(t.size()) +
                       " bytes, more than service_error_options::max_error_type_bytes (" +
                       std::to_string(opt.max_error_type_bytes) + ")");
        e.type.assign(t);
        for (const auto& m : modelled)
            if (m.type == t) { match = &m; break; }
    }
    if (match) {
        e.kind = match->kind;
        e.fault = match->fault;
    } else {
        e.kind = raw_type ? service_error_kind::unmodelled : service_error_kind::unknown;
        e.fault = fault_from_status(r.status);
    }
    // Keep the body whenever the model does not describe it: an unmodelled or
    // untyped error, or a body that is not JSON (a proxy's HTML page).
    if (!match || (!r.body.empty() && !f.is_json_object)) e.body.assign(r.body);
    if (f.message_lower) e.message = *f.message_lower;
    else if (f.message_upper) e.message = *f.message_upper;
    if (f.code_member) {
        e.code_raw = *f.code_member;
        e.code = parse_error_code(e.code_raw);
    }
    if (e.message.empty() && !match) {
        const std::string_view reason = http_reason_phrase(r.status);
        if (!reason.empty()) e.message.assign(reason);
        else e.message = "HTTP " + std::to_string(r.status);
        if (!r.body.empty() && !f.is_json_object)
            e.message += " (the body is not a JSON object; it is kept in error::body)";
    }
    return e;
}

/// make_service_error with the Chime SDK Voice error table.
inline error make_service_error(const http_response_view& r) {
    return make_service_error(r, chime_voice_modelled_errors);
}

} // namespace chime_voice

#endif
