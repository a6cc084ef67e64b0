// SPDX-License-Identifier: BSL-1.0
// chime_voice/error.hpp — the one error type every entry point returns.
//
// An error is either a request-building problem (validation, endpoint,
// credentials, signing: nothing was sent) or a response problem (a modelled
// service error, an unmodelled one, or a response that could not be read).
// Errors are values inside std::expected; nothing here throws except
// std::bad_alloc from string copies.
#ifndef CHIME_VOICE_ERROR_HPP
#define CHIME_VOICE_ERROR_HPP

#include <chime_voice/config.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>

namespace chime_voice {

/// What went wrong, coarsely. The first four are request-side: the request was
/// not built or signed, so nothing reached the network.
enum class error_category : std::uint8_t {
    validation,         ///< the input violates the model (e.g. empty PhoneNumberIds)
    endpoint,           ///< no endpoint could be resolved for the configuration
    credentials,        ///< missing or malformed credentials
    signing,            ///< the request cannot be signed safely (bad header, time, host)
    service,            ///< the service answered with an error (modelled or not)
    malformed_response, ///< a response that does not follow the protocol
};

/// The modelled errors of the service (Smithy model: the 12 `@error`
/// structures; BatchDeletePhoneNumber names the first seven), plus
/// `unmodelled` for any other type name and `unknown` when the response
/// carried no type at all.
enum class service_error_kind : std::uint8_t {
    none, ///< not a service error
    bad_request_exception,          ///< 400, client
    unauthorized_client_exception,  ///< 401, client
    forbidden_exception,            ///< 403, client
    not_found_exception,            ///< 404, client
    throttled_client_exception,     ///< 429, client
    service_failure_exception,      ///< 500, server
    service_unavailable_exception,  ///< 503, server
    access_denied_exception,        ///< 403, client
    conflict_exception,             ///< 409, client
    gone_exception,                 ///< 410, client
    resource_limit_exceeded_exception, ///< 400, client
    unprocessable_entity_exception, ///< 422, client
    unmodelled,                     ///< a type name not in the model; `type` keeps it
    unknown,                        ///< no type on the wire; built from the status
};

/// Smithy `@error("client")` / `@error("server")`.
enum class fault : std::uint8_t { none, client, server };

/// The ErrorCode enum of the model (Smithy enum `ErrorCode`). Values the
/// service adds later come back as `unknown_value`; the raw string is always
/// kept next to it, so nothing is lost.
enum class error_code : std::uint8_t {
    unknown_value,
    bad_request,
    conflict,
    forbidden,
    not_found,
    precondition_failed,
    resource_limit_exceeded,
    service_failure,
    access_denied,
    service_unavailable,
    throttled,
    throttling,
    unauthorized,
    unprocessable,
    voice_connector_group_associations_exist,
    phone_number_associations_exist,
    gone,
    validation, ///< added to the model in 2026-07
};

namespace detail {
inline constexpr std::array<std::pair<std::string_view, error_code>, 17> error_code_names{{
    {"BadRequest", error_code::bad_request},
    {"Conflict", error_code::conflict},
    {"Forbidden", error_code::forbidden},
    {"NotFound", error_code::not_found},
    {"PreconditionFailed", error_code::precondition_failed},
    {"ResourceLimitExceeded", error_code::resource_limit_exceeded},
    {"ServiceFailure", error_code::service_failure},
    {"AccessDenied", error_code::access_denied},
    {"ServiceUnavailable", error_code::service_unavailable},
    {"Throttled", error_code::throttled},
    {"Throttling", error_code::throttling},
    {"Unauthorized", error_code::unauthorized},
    {"Unprocessable", error_code::unprocessable},
    {"VoiceConnectorGroupAssociationsExist", error_code::voice_connector_group_associations_exist},
    {"PhoneNumberAssociationsExist", error_code::phone_number_associations_exist},
    {"Gone", error_code::gone},
    {"Validation", error_code::validation},
}};
} // namespace detail

/// Maps a wire ErrorCode string to the enum (exact, case-sensitive match as
/// Smithy enums are); anything else is error_code::unknown_value.
constexpr error_code parse_error_code(std::string_view s) noexcept {
    for (const auto& [name, code] : detail::error_code_names)
        if (name == s) return code;
    return error_code::unknown_value;
}

/// The wire name of a known code; "" for unknown_value.
constexpr std::string_view to_string(error_code c) noexcept {
    for (const auto& [name, code] : detail::error_code_names)
        if (code == c) return name;
    return {};
}

/// The enumerator's name, e.g. "malformed_response".
constexpr std::string_view to_string(error_category c) noexcept {
    switch (c) {
    case error_category::validation: return "validation";
    case error_category::endpoint: return "endpoint";
    case error_category::credentials: return "credentials";
    case error_category::signing: return "signing";
    case error_category::service: return "service";
    case error_category::malformed_response: return "malformed_response";
    }
    return "?";
}

/// The enumerator's name.
constexpr std::string_view to_string(service_error_kind k) noexcept {
    switch (k) {
    case service_error_kind::none: return "";
    case service_error_kind::bad_request_exception: return "BadRequestException";
    case service_error_kind::unauthorized_client_exception: return "UnauthorizedClientException";
    case service_error_kind::forbidden_exception: return "ForbiddenException";
    case service_error_kind::not_found_exception: return "NotFoundException";
    case service_error_kind::throttled_client_exception: return "ThrottledClientException";
    case service_error_kind::service_failure_exception: return "ServiceFailureException";
    case service_error_kind::service_unavailable_exception: return "ServiceUnavailableException";
    case service_error_kind::access_denied_exception: return "AccessDeniedException";
    case service_error_kind::conflict_exception: return "ConflictException";
    case service_error_kind::gone_exception: return "GoneException";
    case service_error_kind::resource_limit_exceeded_exception: return "ResourceLimitExceededException";
    case service_error_kind::unprocessable_entity_exception: return "UnprocessableEntityException";
    case service_error_kind::unmodelled: return "unmodelled";
    case service_error_kind::unknown: return "unknown";
    }
    return "?";
}

/// Per-response metadata, present on success and on error.
struct response_metadata {
    int http_status = 0;             ///< the HTTP status code of the response
    std::string request_id;          ///< x-amzn-RequestId, else x-amz-request-id
    std::string extended_request_id; ///< x-amz-id-2
    std::string cf_id;               ///< x-amz-cf-id
};

/// The error value. For request-side categories only `category` and
/// `message` are set. For `service`, the rest describes what the service
/// said; for `malformed_response`, `metadata` and `body` are kept too.
struct error {
    error_category category = error_category::validation; ///< what kind of problem, request or response side
    std::string message; ///< human-readable: what was wrong (never a secret)

    service_error_kind kind = service_error_kind::none; ///< for `service`: which modelled error, if any
    std::string type;      ///< cleaned error type name, e.g. "NotFoundException"
    std::string code_raw;  ///< the `Code` member as sent ("" when absent)
    error_code code = error_code::unknown_value; ///< `Code` mapped to the enum
    enum fault fault = chime_voice::fault::none; ///< client or server (Smithy `@error` trait)
    response_metadata metadata; ///< status and request ids, for response-side errors
    std::string body;      ///< raw body of an unmodelled/unknown/malformed response

    /// True when nothing was sent: validation, endpoint, credentials or signing.
    bool is_request_error() const noexcept {
        return category == error_category::validation || category == error_category::endpoint ||
               category == error_category::credentials || category == error_category::signing;
    }
    /// True when the problem is in a response (service error or malformed response).
    bool is_response_error() const noexcept { return !is_request_error(); }
    /// True when the service answered with an error (category `service`).
    bool is_service_error() const noexcept { return category == error_category::service; }
    /// The response's HTTP status; 0 for a request-side error.
    int http_status() const noexcept { return metadata.http_status; }

    /// A request-side error with a message.
    static error make(error_category c, std::string msg) {
        error e;
        e.category = c;
        e.message = std::move(msg);
        return e;
    }
};

/// The error type as the service sent it: the cleaned `type` (see
/// parse_batch_delete_phone_number_response), else the name of the modelled
/// `kind`; empty for request-side errors and for responses without a type.
/// The retry classifiers match this name against the SDKs' code lists. The
/// view refers to `e.type` or to a static string: it lives as long as `e`.
inline std::string_view error_type_name(const error& e) noexcept {
    if (!e.type.empty()) return e.type;
    switch (e.kind) {
    case service_error_kind::none:
    case service_error_kind::unmodelled:
    case service_error_kind::unknown:
        return {};
    default:
        return to_string(e.kind);
    }
}

/// One line: category, type, code, status, message and request id. The body
/// is not printed (it may contain sensitive PhoneNumberIds).
inline std::ostream& operator<<(std::ostream& os, const error& e) {
    os << to_string(e.category) << " error";
    if (!e.type.empty()) os << ' ' << e.type;
    if (!e.code_raw.empty()) os << " (Code " << e.code_raw << ')';
    if (e.metadata.http_status != 0) os << " HTTP " << e.metadata.http_status;
    if (!e.message.empty()) os << ": " << e.message;
    if (!e.metadata.request_id.empty()) os << " [request id " << e.metadata.request_id << ']';
    return os;
}

} // namespace chime_voice

#endif
