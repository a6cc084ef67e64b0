// SPDX-License-Identifier: BSL-1.0
// chime_voice/retry/classification.hpp — which failures a retry can fix.
//
// classify() sorts the outcome of one attempt into a retry_class, by the
// rules of the AWS SDKs' standard retry mode (error-code lists of
// @smithy/service-error-classification and botocore.retries.standard) or,
// when classify_settings::rules says so, by botocore's legacy retry handler
// (`botocore/data/_retry.json`, `__default__` policies). Clock skew is not
// decided here: clock_skew.hpp judges, from the response's Date header,
// whether our signing clock caused the failure, and passes the verdict in
// as `signing_clock`. docs/retry.md lists every code and its source.
//
// Everything here is constexpr or noexcept; nothing allocates or throws.
#ifndef CHIME_VOICE_RETRY_CLASSIFICATION_HPP
#define CHIME_VOICE_RETRY_CLASSIFICATION_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/error.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace chime_voice {

/// A failure below HTTP that the caller's transport reports: no (complete)
/// response was received. All of them are transient (the SDKs retry socket
/// level failures: connect/read timeouts, closed connections, DNS and TLS
/// errors — @smithy/service-error-classification NODEJS_TIMEOUT_ERROR_CODES
/// and NODEJS_NETWORK_ERROR_CODES, botocore ConnectionError/HTTPClientError,
/// and botocore's legacy GENERAL_CONNECTION_ERROR). `timeout` costs more
/// retry quota than the others in standard mode (retry_config).
///
/// Note: after `timeout` or `connection_reset` the service may have
/// processed the request. BatchDeletePhoneNumber deletes by id, so a repeat
/// reports already-deleted numbers in PhoneNumberErrors instead of doing
/// harm; callers using this policy for other operations must judge that.
enum class transport_failure : std::uint8_t {
    connection_reset,   ///< connection closed or reset before a full response
    connection_refused, ///< nothing was sent
    timeout,            ///< connect or read timeout
    dns,                ///< host name did not resolve (nothing was sent)
    tls,                ///< TLS handshake or record failure
    other,              ///< any other transport failure, incl. a truncated body
};

/// What kind of failure an attempt had, for retry purposes.
enum class retry_class : std::uint8_t {
    not_retryable, ///< retrying cannot help (bad input, auth, not found, ...)
    transient,     ///< 5xx, timeouts, transport failures
    throttling,    ///< the service asked us to slow down
    clock_skew,    ///< our signing time was off: re-sign with the corrected clock and retry
};

/// Whether the caller's signing clock caused this attempt's failure, as
/// judged from the response by judge_signing_clock() (clock_skew.hpp).
enum class signing_clock : std::uint8_t {
    not_at_fault, ///< no evidence the signing time was wrong (the default)
    skewed,       ///< a clock-skew error whose Date shows the signing time was off
};

/// Which rule set classify() applies.
enum class retry_rules : std::uint8_t {
    /// The SDKs' standard and adaptive modes (and the 2026 behaviour, which
    /// changes constants, not classification).
    standard,
    /// botocore's legacy mode, the AWS CLI v1 default: only HTTP 500, 503,
    /// 509, 429, a 400 whose code is Throttling or ThrottlingException, and
    /// connection errors are retried (`_retry.json` `__default__`).
    legacy,
};

/// Returns the name of `f`, e.g. "timeout".
constexpr std::string_view to_string(transport_failure f) noexcept {
    switch (f) {
    case transport_failure::connection_reset: return "connection_reset";
    case transport_failure::connection_refused: return "connection_refused";
    case transport_failure::timeout: return "timeout";
    case transport_failure::dns: return "dns";
    case transport_failure::tls: return "tls";
    case transport_failure::other: return "other";
    }
    return "?";
}

/// Returns the name of `c`, e.g. "throttling".
constexpr std::string_view to_string(retry_class c) noexcept {
    switch (c) {
    case retry_class::not_retryable: return "not_retryable";
    case retry_class::transient: return "transient";
    case retry_class::throttling: return "throttling";
    case retry_class::clock_skew: return "clock_skew";
    }
    return "?";
}

/// Returns the name of `r`: "standard" or "legacy".
constexpr std::string_view to_string(retry_rules r) noexcept {
    return r == retry_rules::legacy ? "legacy" : "standard";
}

/// Settings of classify(). Each default says why.
struct classify_settings {
    /// The rule set. Standard: what the SDKs' standard mode retries.
    retry_rules rules = retry_rules::standard;
    /// A 2xx whose body could not be read (error_category::malformed_response
    /// with a 2xx status). false: not retryable. The service did answer
    /// "success", so a repeat most likely returns the same bytes, and the
    /// smithy/SDK classifiers only retry on status codes and error codes,
    /// never on a body they failed to parse. A transport that knows the body
    /// was cut short should report transport_failure::other instead.
    bool retry_malformed_success = false;
};

namespace detail {

/// Error codes the SDKs treat as throttling: the union list of botocore
/// (ThrottledRetryableChecker) and @smithy/service-error-classification
/// (THROTTLING_ERROR_CODES), plus this service's ThrottledClientException
/// (HTTP 429; the model gives it no @retryable trait, but it is what
/// Chime SDK Voice sends when it throttles).
inline constexpr std::array<std::string_view, 15> throttling_error_codes{
    "ThrottledClientException",
    "Throttling",
    "ThrottlingException",
    "ThrottledException",
    "RequestThrottledException",
    "TooManyRequestsException",
    "ProvisionedThroughputExceededException",
    "TransactionInProgressException",
    "RequestLimitExceeded",
    "BandwidthLimitExceeded",
    "LimitExceededException",
    "RequestThrottled",
    "SlowDown",
    "PriorRequestNotComplete",
    "EC2ThrottledException",
};

/// Error codes treated as transient: the SDKs' transient codes
/// (RequestTimeout, RequestTimeoutException) and this service's two server
/// faults (ServiceFailureException 500, ServiceUnavailableException 503).
inline constexpr std::array<std::string_view, 4> transient_error_codes{
    "RequestTimeout",
    "RequestTimeoutException",
    "ServiceFailureException",
    "ServiceUnavailableException",
};

/// HTTP statuses the SDKs retry as transient (TRANSIENT_ERROR_STATUS_CODES).
inline constexpr std::array<int, 4> transient_status_codes{500, 502, 503, 504};

/// HTTP 429 Too Many Requests (RFC 6585 section 4): throttling.
inline constexpr int too_many_requests_status = 429;

/// botocore legacy (`_retry.json` `__default__`): statuses retried whatever
/// the error code: general_server_error 500, service_unavailable 503,
/// limit_exceeded 509 (transient) and too_many_requests 429 (throttling).
inline constexpr std::array<int, 3> legacy_transient_status_codes{500, 503, 509};

/// botocore legacy: codes retried only together with HTTP 400 (policies
/// `throttling` and `throttling_exception`).
inline constexpr std::array<std::string_view, 2> legacy_throttling_codes_on_400{
    "Throttling",
    "ThrottlingException",
};

/// True when `list` holds `s` (exact, case-sensitive, as the SDKs compare).
template <std::size_t N>
constexpr bool contains(const std::array<std::string_view, N>& list, std::string_view s) noexcept {
    for (auto v : list)
        if (v == s) return true;
    return false;
}

/// Legacy rules (see retry_rules::legacy).
inline retry_class classify_legacy(const error& e) noexcept {
    const int status = e.http_status();
    if (status == too_many_requests_status) return retry_class::throttling;
    if (status == 400 && contains(legacy_throttling_codes_on_400, error_type_name(e)))
        return retry_class::throttling;
    for (int s : legacy_transient_status_codes)
        if (status == s) return retry_class::transient;
    return retry_class::not_retryable;
}

} // namespace detail

/// True for the throttling error codes listed in detail::throttling_error_codes.
constexpr bool is_throttling_error_code(std::string_view type) noexcept {
    return detail::contains(detail::throttling_error_codes, type);
}

/// True for the transient error codes listed in detail::transient_error_codes.
constexpr bool is_transient_error_code(std::string_view type) noexcept {
    return detail::contains(detail::transient_error_codes, type);
}

/// Classifies a transport failure: always transient (see transport_failure),
/// under both rule sets.
constexpr retry_class classify(transport_failure) noexcept { return retry_class::transient; }

/// Classifies an error from any entry point.
///
/// Request-side errors (validation, endpoint, credentials, signing: nothing
/// was sent) are never retryable. A response error with `clock ==
/// signing_clock::skewed` is clock_skew, under both rule sets (the clock is
/// the caller's, so correcting it is not a policy question of the mode).
/// Otherwise, standard rules: the error type (cleaned `type`, else the
/// modelled `kind`) against the throttling and transient lists; then the
/// HTTP status (429 throttling; 500, 502, 503, 504 transient); a malformed
/// 2xx per `settings`; anything else — the other modelled client errors
/// (400, 401, 403, 404), clock-skew codes without a skewed verdict,
/// unmodelled 4xx types — is not retryable. Legacy rules: see
/// retry_rules::legacy.
inline retry_class classify(const error& e, signing_clock clock,
                            const classify_settings& settings = {}) noexcept {
    if (e.is_request_error()) return retry_class::not_retryable;
    if (clock == signing_clock::skewed) return retry_class::clock_skew;
    if (settings.rules == retry_rules::legacy) return detail::classify_legacy(e);
    const std::string_view type = error_type_name(e);
    if (e.kind == service_error_kind::throttled_client_exception || is_throttling_error_code(type))
        return retry_class::throttling;
    if (e.kind == service_error_kind::service_failure_exception ||
        e.kind == service_error_kind::service_unavailable_exception || is_transient_error_code(type))
        return retry_class::transient;
    const int status = e.http_status();
    if (status == detail::too_many_requests_status) return retry_class::throttling;
    for (int s : detail::transient_status_codes)
        if (status == s) return retry_class::transient;
    if (e.category == error_category::malformed_response && status >= 200 && status < 300 &&
        settings.retry_malformed_success)
        return retry_class::transient;
    return retry_class::not_retryable;
}

/// classify(e, signing_clock::not_at_fault, settings): for callers that do
/// not track clock skew (clock-skew errors are then not retryable).
inline retry_class classify(const error& e, const classify_settings& settings = {}) noexcept {
    return classify(e, signing_clock::not_at_fault, settings);
}

} // namespace chime_voice

#endif
