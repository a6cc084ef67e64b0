// SPDX-License-Identifier: BSL-1.0
// chime_voice/retry.hpp — retries, throttling and client-side rate limiting,
// as pure policy.
//
// The library hands the caller decisions and never sleeps, reads a clock or
// draws a random number: time and randomness are parameters. What is here
// follows the AWS SDKs' "standard" and "adaptive" retry modes (AWS SDKs and
// Tools reference guide, "Retry behavior"; the smithy reference
// implementations: @smithy/util-retry, botocore.retries, aws-smithy-runtime
// retries). docs/retry.md lists every constant and where it comes from.
//
// A send loop, standard mode:
//
//     chime_voice::retry_strategy strategy;            // one per client
//     auto token = strategy.begin();                   // one per call
//     for (;;) {
//         apply_attempt_headers(req, invocation_id, token.attempt(),
//                               strategy.config().max_attempts);
//         sigv4::sign(req, creds, params);             // re-sign every attempt
//         auto sent = transport.send(req);
//         chime_voice::retry_decision d;
//         if (!sent) d = strategy.on_transport_failure(token, sent.error(), rnd());
//         else       d = strategy.on_attempt_result(token, parse(*sent), rnd(), &*sent);
//         if (!d) break;                               // success, or d.reason says why not
//         sleep_for(d.delay);
//     }
//
// Objects here are plain values with no internal locking: share one strategy
// between threads only behind the caller's mutex. Nothing allocates except
// apply_attempt_headers() and make_invocation_id() (std::bad_alloc); nothing
// throws otherwise.
#ifndef CHIME_VOICE_RETRY_HPP
#define CHIME_VOICE_RETRY_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/clock_skew.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chime_voice {

// ---------------------------------------------------------------------------
// Classification
// ---------------------------------------------------------------------------

/// A failure below HTTP that the caller's transport reports: no (complete)
/// response was received. All of them are transient (the SDKs retry socket
/// level failures: connect/read timeouts, closed connections, DNS and TLS
/// errors — `@smithy/service-error-classification` NODEJS_TIMEOUT_ERROR_CODES
/// and NODEJS_NETWORK_ERROR_CODES, botocore ConnectionError/HTTPClientError).
/// `timeout` costs more retry quota than the others (retry_config).
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
    clock_skew,    ///< our signing time is off: correct the clock, re-sign, retry
};

/// The enumerator's name, e.g. "timeout".
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

/// The enumerator's name, e.g. "throttling".
constexpr std::string_view to_string(retry_class c) noexcept {
    switch (c) {
    case retry_class::not_retryable: return "not_retryable";
    case retry_class::transient: return "transient";
    case retry_class::throttling: return "throttling";
    case retry_class::clock_skew: return "clock_skew";
    }
    return "?";
}

/// Settings of classify(). Each default says why.
struct classify_settings {
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

template <std::size_t N>
constexpr bool contains(const std::array<std::string_view, N>& list, std::string_view s) noexcept {
    for (auto v : list)
        if (v == s) return true;
    return false;
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

/// Classifies a transport failure: always transient (see transport_failure).
constexpr retry_class classify(transport_failure) noexcept { return retry_class::transient; }

/// Classifies an error from any entry point.
///
/// Order: request-side errors (validation, endpoint, credentials, signing)
/// are not retryable; then clock skew (is_clock_skew_error); then the error
/// type (cleaned `type`, else the modelled `kind`) against the throttling
/// and transient lists; then the HTTP status (429 throttling; 500, 502, 503,
/// 504 transient); a malformed 2xx per `settings`; anything else — the other
/// modelled client errors (400, 401, 403, 404), unmodelled 4xx types — is not
/// retryable.
inline retry_class classify(const error& e, const classify_settings& settings = {}) noexcept {
    if (e.is_request_error()) return retry_class::not_retryable;
    if (is_clock_skew_error(e)) return retry_class::clock_skew;
    const std::string_view type = detail::error_type_name(e);
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

// ---------------------------------------------------------------------------
// Backoff
// ---------------------------------------------------------------------------

/// Maps 64 random bits to a double in [0, 1) (the top 53 bits, so every
/// result is exact), for callers whose generator yields integers.
constexpr double random_fraction(std::uint64_t bits) noexcept {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

namespace detail {
/// Clamps a caller's random number into [0, 1); NaN counts as 0.
constexpr double clamp_unit(double r) noexcept {
    if (!(r > 0.0)) return 0.0;                       // also NaN
    if (r >= 1.0) return 1.0 - 0x1.0p-53;             // largest double below 1
    return r;
}
} // namespace detail

/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential
/// Backoff And Jitter"; SDK reference guide "Retry behavior"):
///
///     delay = random * min(base * 2^(failed_attempt - 1), cap)
///
/// `failed_attempt` is the 1-based number of the attempt that just failed,
/// so the first retry waits random * base. `random` is the caller's number
/// in [0, 1) (clamped into it). The result is rounded to the nearest
/// millisecond and never exceeds `cap`; huge attempt numbers do not
/// overflow. Negative base or cap count as zero.
constexpr std::chrono::milliseconds backoff_delay(std::uint32_t failed_attempt, double random,
                                                  std::chrono::milliseconds base,
                                                  std::chrono::milliseconds cap) noexcept {
    const double cap_ms = cap.count() > 0 ? static_cast<double>(cap.count()) : 0.0;
    double ceiling = base.count() > 0 ? static_cast<double>(base.count()) : 0.0;
    const std::uint32_t doublings = failed_attempt > 0 ? failed_attempt - 1 : 0;
    for (std::uint32_t i = 0; i < doublings && ceiling < cap_ms; ++i) ceiling *= 2.0;
    if (ceiling > cap_ms) ceiling = cap_ms;
    const double d = detail::clamp_unit(random) * ceiling + 0.5; // round to nearest
    if (d >= cap_ms) return cap_ms > 0.0 ? cap : std::chrono::milliseconds{0}; // also: no int overflow
    return std::chrono::milliseconds{static_cast<std::int64_t>(d)};
}

/// Reads an `x-amz-retry-after` value: a non-negative integer number of
/// milliseconds (the unit botocore and the SDKs' 2026 retry behaviour use).
/// Surrounding spaces/tabs are ignored; anything else (sign, fraction,
/// more than 12 digits) gives std::nullopt, so a bad hint is ignored.
constexpr std::optional<std::chrono::milliseconds> parse_retry_after_ms(std::string_view s) noexcept {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.empty() || s.size() > 12) return std::nullopt;
    std::int64_t v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return std::chrono::milliseconds{v};
}

// ---------------------------------------------------------------------------
// Standard mode
// ---------------------------------------------------------------------------

/// Settings of retry_strategy. The defaults are the AWS SDKs' standard
/// retry mode as documented in the SDK reference guide and shipped in
/// `@smithy/util-retry` constants (DEFAULT_RETRY_DELAY_BASE 100 ms,
/// THROTTLING_RETRY_DELAY_BASE 500 ms, MAXIMUM_RETRY_DELAY 20 s,
/// INITIAL_RETRY_TOKENS 500, RETRY_COST 5, TIMEOUT_RETRY_COST 10,
/// NO_RETRY_INCREMENT 1) and botocore.retries (RetryQuota 500, costs 5/10,
/// no-retry increment 1, max backoff 20 s). See retries_2026() for the
/// newer behaviour.
struct retry_config {
    /// Total attempts including the first (SDK reference guide: standard
    /// mode "makes three attempts" unless max_attempts is set). 0 acts as 1.
    std::uint32_t max_attempts = 3;
    /// Backoff base for transient and clock-skew errors.
    std::chrono::milliseconds base_delay{100};
    /// A longer base for throttling errors, so a throttled client backs off
    /// further (THROTTLING_RETRY_DELAY_BASE).
    std::chrono::milliseconds throttling_base_delay{500};
    /// Cap of the exponential backoff (MAX_BACKOFF = 20 s in every SDK).
    std::chrono::milliseconds max_backoff{20'000};
    /// Capacity of the retry quota bucket; it starts full.
    std::uint32_t initial_retry_tokens = 500;
    /// Tokens a retry after a transient or clock-skew error costs.
    std::uint32_t retry_cost = 5;
    /// Tokens a retry after transport_failure::timeout costs (timeouts are
    /// the most expensive failure for both sides, so they drain faster).
    std::uint32_t timeout_retry_cost = 10;
    /// Tokens a retry after a throttling error costs.
    std::uint32_t throttling_retry_cost = 5;
    /// Tokens a success without any retry adds back (up to the capacity),
    /// so the quota recovers slowly after an outage.
    std::uint32_t no_retry_increment = 1;
    /// Honour the `x-amz-retry-after` response header (milliseconds):
    /// delay = max(backoff, min(hint, backoff + retry_after_max_extra)).
    /// This is botocore's ExponentialBackoff rule and `@smithy/util-retry`'s
    /// (retryAfterHint): a hint may lengthen the wait by at most 5 s and
    /// never shortens it below the computed backoff.
    bool honor_retry_after = true;
    /// The most a retry-after hint may add to the backoff (see honor_retry_after).
    std::chrono::milliseconds retry_after_max_extra{5'000};
    /// How errors are classified.
    classify_settings classification{};

    /// The SDKs' 2026 retry behaviour (`@smithy/util-retry`
    /// retries-2026-config: delay 50 ms, throttlingDelay 1 s, cost 14,
    /// throttlingCost 5; botocore 1.43 behind AWS_NEW_RETRIES_2026: base
    /// scale 0.05 s / 1 s for throttling, _RETRY_COST_V2 14,
    /// _THROTTLING_RETRY_COST 5). Throttling retries become cheap and slow,
    /// other retries fast and expensive.
    static constexpr retry_config retries_2026() noexcept {
        retry_config c;
        c.base_delay = std::chrono::milliseconds{50};
        c.throttling_base_delay = std::chrono::milliseconds{1'000};
        c.retry_cost = 14;
        c.timeout_retry_cost = 14;
        c.throttling_retry_cost = 5;
        return c;
    }
};

/// Why a retry_decision does not retry.
enum class give_up_reason : std::uint8_t {
    none,                  ///< not giving up: the attempt succeeded, or retry
    not_retryable,         ///< the failure is not one retrying can fix
    max_attempts_reached,  ///< the attempt that failed was the last allowed
    retry_quota_exhausted, ///< too few quota tokens: the service is failing a lot
};

/// The enumerator's name, e.g. "retry_quota_exhausted".
constexpr std::string_view to_string(give_up_reason r) noexcept {
    switch (r) {
    case give_up_reason::none: return "none";
    case give_up_reason::not_retryable: return "not_retryable";
    case give_up_reason::max_attempts_reached: return "max_attempts_reached";
    case give_up_reason::retry_quota_exhausted: return "retry_quota_exhausted";
    }
    return "?";
}

/// The answer to "what now?" after an attempt. Converts to true exactly when
/// the caller should wait `delay` and send attempt number `next_attempt`.
/// When false: `succeeded` says whether the call succeeded, else `reason`
/// says why the caller gives up (and the last error is the result).
struct retry_decision {
    bool retry = false;                      ///< wait `delay`, then send attempt `next_attempt`
    bool succeeded = false;                  ///< when not retrying: the call succeeded
    std::chrono::milliseconds delay{0};      ///< wait this long before the retry
    give_up_reason reason = give_up_reason::none; ///< when giving up: why
    retry_class failure = retry_class::not_retryable; ///< class of the failed attempt
    std::uint32_t next_attempt = 0;          ///< 1-based number of the retry, when retry
    std::uint32_t tokens_taken = 0;          ///< quota tokens this retry cost

    /// True exactly when the caller should retry (`retry`).
    explicit constexpr operator bool() const noexcept { return retry; }
};

/// Per-call state: which attempt this is and what the last retry cost.
/// Get one from retry_strategy::begin() for every operation call.
class retry_token {
public:
    /// 1-based number of the attempt about to be sent.
    constexpr std::uint32_t attempt() const noexcept { return attempt_; }
    /// Quota tokens held by the last retry (0 before any retry).
    constexpr std::uint32_t last_retry_cost() const noexcept { return last_cost_; }
    /// True once the call succeeded or was given up.
    constexpr bool finished() const noexcept { return finished_; }

private:
    friend class retry_strategy;
    std::uint32_t attempt_ = 1;
    std::uint32_t last_cost_ = 0;
    bool finished_ = false;
};

/// The standard retry mode: bounded attempts, exponential backoff with full
/// jitter, and a retry quota ("token bucket": SDK reference guide, "Retry
/// behavior" — it stops retries when many fail, a circuit breaker) shared
/// by every call made through this object. Keep one per client.
class retry_strategy {
public:
    /// The standard mode with the SDKs' defaults.
    constexpr retry_strategy() noexcept : retry_strategy(retry_config{}) {}
    /// The standard mode with these settings; the quota starts full.
    constexpr explicit retry_strategy(const retry_config& cfg) noexcept
        : config_(cfg), tokens_(cfg.initial_retry_tokens) {}

    /// The settings given at construction.
    constexpr const retry_config& config() const noexcept { return config_; }
    /// Quota tokens left.
    constexpr std::uint32_t available_tokens() const noexcept { return tokens_; }
    /// max(1, config().max_attempts), the value for `amz-sdk-request: max=`.
    constexpr std::uint32_t max_attempts() const noexcept {
        return config_.max_attempts == 0 ? 1 : config_.max_attempts;
    }

    /// Starts a call: its first attempt is number 1. The first attempt is
    /// never delayed and costs nothing.
    constexpr retry_token begin() const noexcept { return retry_token{}; }

    /// The attempt succeeded: refunds the last retry's cost, or adds
    /// `no_retry_increment` when the call needed no retry (both capped at
    /// the capacity). Idempotent per token.
    constexpr retry_decision on_success(retry_token& token) noexcept {
        if (!token.finished_) {
            const std::uint32_t refund =
                token.last_cost_ > 0 ? token.last_cost_ : config_.no_retry_increment;
            const std::uint32_t room =
                tokens_ < config_.initial_retry_tokens ? config_.initial_retry_tokens - tokens_ : 0;
            tokens_ += std::min(refund, room);
            token.finished_ = true;
        }
        retry_decision d;
        d.succeeded = true;
        return d;
    }

    /// The attempt ended in `err` (a parse result's error). `random` in
    /// [0, 1) draws the jitter. `response`, when given, is searched for
    /// `x-amz-retry-after`; its buffers need only live for the call.
    /// For clock_skew the caller must apply clock_skew_correction() to the
    /// signing time before the retry, or it fails the same way.
    retry_decision on_attempt_result(retry_token& token, const error& err, double random,
                                               const http_response_view* response = nullptr) noexcept {
        const retry_class cls = classify(err, config_.classification);
        std::optional<std::chrono::milliseconds> hint;
        if (response != nullptr && config_.honor_retry_after)
            if (auto v = response->find_header("x-amz-retry-after")) hint = parse_retry_after_ms(*v);
        return decide(token, cls, cls == retry_class::throttling ? config_.throttling_retry_cost
                                                                 : config_.retry_cost,
                      random, hint);
    }

    /// A parse result: success goes to on_success(), an error as above.
    template <class T>
    retry_decision on_attempt_result(retry_token& token,
                                               const std::expected<T, error>& result, double random,
                                               const http_response_view* response = nullptr) noexcept {
        if (result) return on_success(token);
        return on_attempt_result(token, result.error(), random, response);
    }

    /// The transport failed before a full response arrived: transient;
    /// costs `timeout_retry_cost` for a timeout, `retry_cost` otherwise.
    constexpr retry_decision on_transport_failure(retry_token& token, transport_failure f,
                                                  double random) noexcept {
        return decide(token, classify(f),
                      f == transport_failure::timeout ? config_.timeout_retry_cost
                                                      : config_.retry_cost,
                      random, std::nullopt);
    }

private:
    constexpr retry_decision decide(retry_token& token, retry_class cls, std::uint32_t cost,
                                    double random,
                                    std::optional<std::chrono::milliseconds> hint) noexcept {
        retry_decision d;
        d.failure = cls;
        if (token.finished_) { // misuse: a finished call cannot be retried
            d.reason = give_up_reason::not_retryable;
            return d;
        }
        if (cls == retry_class::not_retryable) {
            d.reason = give_up_reason::not_retryable;
        } else if (token.attempt_ >= max_attempts()) {
            d.reason = give_up_reason::max_attempts_reached;
        } else if (tokens_ < cost) {
            d.reason = give_up_reason::retry_quota_exhausted;
        }
        if (d.reason != give_up_reason::none) {
            token.finished_ = true;
            return d;
        }
        tokens_ -= cost;
        const auto base = cls == retry_class::throttling ? config_.throttling_base_delay
                                                         : config_.base_delay;
        auto delay = backoff_delay(token.attempt_, random, base, config_.max_backoff);
        if (hint) {
            const auto extra = config_.retry_after_max_extra.count() > 0
                                   ? config_.retry_after_max_extra
                                   : std::chrono::milliseconds{0};
            const auto room = std::chrono::milliseconds::max() - delay;
            const auto limit = extra < room ? delay + extra : std::chrono::milliseconds::max();
            delay = std::max(delay, std::min(*hint, limit));
        }
        token.last_cost_ = cost;
        ++token.attempt_;
        d.retry = true;
        d.delay = delay;
        d.next_attempt = token.attempt_;
        d.tokens_taken = cost;
        return d;
    }

    retry_config config_;
    std::uint32_t tokens_;
};

// ---------------------------------------------------------------------------
// Adaptive mode: client-side rate limiting (CUBIC)
// ---------------------------------------------------------------------------

/// Constants of the adaptive mode's rate limiter. Defaults are those of the
/// SDKs' client rate limiter (`@smithy/util-retry` DefaultRateLimiter,
/// botocore.retries adaptive/throttling/bucket, smithy-kotlin
/// AdaptiveRateLimiter.Config), which adapt CUBIC (RFC 9438) from
/// congestion windows to a send rate in requests per second.
struct adaptive_config {
    double beta = 0.7;                  ///< on throttle, rate *= beta (RFC 9438 beta_cubic)
    double scale_constant = 0.4;        ///< CUBIC C: how fast the rate grows back
    double smoothing = 0.8;             ///< weight of the newest measured-rate sample
    double min_fill_rate = 0.5;         ///< never send slower than this (requests/s)
    double min_capacity = 1.0;          ///< bucket holds at least one token
    double max_rate_adjust_scale = 2.0; ///< new rate <= this * measured rate
    double measurement_bucket_seconds = 0.5; ///< the send rate is measured per half second
};

/// The adaptive retry mode's client-side send-rate limiter: a token bucket
/// whose fill rate follows the CUBIC curve. It is off until the first
/// throttling response; then every send takes a token and the caller waits
/// when none is left. Throttling cuts the rate to beta times the measured
/// rate; successes grow it back along
///     rate(t) = C * (t - K)^3 + W_max,  K = cbrt(W_max * (1 - beta) / C)
/// where t is the time since the last throttle and W_max the rate then.
///
/// Times are steady_clock time points the caller passes in; the limiter
/// measures from `start`. (The SDKs align their half-second measurement
/// buckets to the wall clock; here they are aligned to `start`.) Time that
/// goes backwards counts as no time passing.
class adaptive_rate_limiter {
public:
    /// The caller's monotonic clock readings.
    using time_point = std::chrono::steady_clock::time_point;

    /// `cfg` values outside their meaningful range (NaN, beta or smoothing
    /// outside [0, 1], a non-positive rate, scale or bucket) are replaced by
    /// the defaults, so no wait can become infinite or NaN.
    explicit adaptive_rate_limiter(time_point start, const adaptive_config& cfg = {}) noexcept
        : config_(sanitize(cfg)), start_(start), fill_rate_(config_.min_fill_rate),
          max_capacity_(config_.min_capacity) {}

    /// Before each send (first attempts and retries alike): how long to wait
    /// before sending. A token is reserved at once, so call this exactly
    /// once per send and then send after the returned wait; zero while the
    /// limiter is not enabled. Rounded up to whole milliseconds.
    std::chrono::milliseconds acquire_send_token(time_point now) noexcept {
        if (!enabled_) return std::chrono::milliseconds{0};
        refill(seconds_since_start(now));
        tokens_ -= 1.0;
        if (tokens_ >= 0.0) return std::chrono::milliseconds{0};
        const double wait_ms = std::ceil(-tokens_ / fill_rate_ * 1000.0);
        // fill_rate_ >= min_fill_rate > 0; the bound only guards the cast.
        constexpr double max_wait_ms = 1e15;
        return std::chrono::milliseconds{
            static_cast<std::int64_t>(wait_ms < max_wait_ms ? wait_ms : max_wait_ms)};
    }

    /// After each attempt's outcome (every response and every transport
    /// failure): `throttled` is true for retry_class::throttling.
    void on_response(bool throttled, time_point now) noexcept {
        const double t = seconds_since_start(now);
        update_measured_rate(t);
        double calculated = 0.0;
        if (throttled) {
            const double rate_to_use = enabled_ ? std::min(measured_rate_, fill_rate_) : measured_rate_;
            last_max_rate_ = rate_to_use;
            time_window_ = std::cbrt(last_max_rate_ * (1.0 - config_.beta) / config_.scale_constant);
            last_throttle_ = t;
            calculated = rate_to_use * config_.beta;
            enabled_ = true;
        } else {
            time_window_ = std::cbrt(last_max_rate_ * (1.0 - config_.beta) / config_.scale_constant);
            const double dt = t - last_throttle_ - time_window_;
            calculated = config_.scale_constant * dt * dt * dt + last_max_rate_;
        }
        const double new_rate = std::min(calculated, config_.max_rate_adjust_scale * measured_rate_);
        refill(t);
        fill_rate_ = std::max(new_rate, config_.min_fill_rate);
        max_capacity_ = std::max(new_rate, config_.min_capacity);
        tokens_ = std::min(tokens_, max_capacity_);
    }

    /// As above, from a classification.
    void on_response(retry_class cls, time_point now) noexcept {
        on_response(cls == retry_class::throttling, now);
    }

    /// The settings in use (after replacing out-of-range values).
    constexpr const adaptive_config& config() const noexcept { return config_; }
    /// True once a throttling response was seen.
    constexpr bool enabled() const noexcept { return enabled_; }
    /// Current send rate limit, requests per second.
    constexpr double fill_rate() const noexcept { return fill_rate_; }
    /// Bucket capacity, tokens.
    constexpr double max_capacity() const noexcept { return max_capacity_; }
    /// Tokens now (negative: reserved ahead of time).
    constexpr double available_tokens() const noexcept { return tokens_; }
    /// Smoothed measured send rate, requests per second.
    constexpr double measured_rate() const noexcept { return measured_rate_; }
    /// W_max: the rate limit when the last throttle arrived.
    constexpr double last_max_rate() const noexcept { return last_max_rate_; }

private:
    static adaptive_config sanitize(adaptive_config c) noexcept {
        const adaptive_config d{};
        auto in = [](double v, double lo, double hi) { return v >= lo && v <= hi; }; // false for NaN
        constexpr double huge = 1e12;
        if (!in(c.beta, 0.0, 1.0)) c.beta = d.beta;
        if (!in(c.scale_constant, 1e-12, huge)) c.scale_constant = d.scale_constant;
        if (!in(c.smoothing, 0.0, 1.0)) c.smoothing = d.smoothing;
        if (!in(c.min_fill_rate, 1e-9, huge)) c.min_fill_rate = d.min_fill_rate;
        if (!in(c.min_capacity, 1e-9, huge)) c.min_capacity = d.min_capacity;
        if (!in(c.max_rate_adjust_scale, 1e-9, huge)) c.max_rate_adjust_scale = d.max_rate_adjust_scale;
        if (!in(c.measurement_bucket_seconds, 1e-6, huge))
            c.measurement_bucket_seconds = d.measurement_bucket_seconds;
        return c;
    }

    double seconds_since_start(time_point now) const noexcept {
        const auto d = std::chrono::duration<double>(now - start_).count();
        const double t = d > 0.0 ? d : 0.0;
        return t > latest_ ? t : latest_; // time never runs backwards here
    }

    void refill(double t) noexcept {
        if (!has_refilled_) {
            has_refilled_ = true;
            last_refill_ = t;
            latest_ = std::max(latest_, t);
            return;
        }
        const double dt = t > last_refill_ ? t - last_refill_ : 0.0;
        tokens_ = std::min(max_capacity_, tokens_ + dt * fill_rate_);
        last_refill_ = std::max(last_refill_, t);
        latest_ = std::max(latest_, t);
    }

    void update_measured_rate(double t) noexcept {
        latest_ = std::max(latest_, t);
        const double scale = 1.0 / config_.measurement_bucket_seconds;
        const double bucket = std::floor(t * scale) / scale;
        request_count_ += 1.0;
        if (bucket > last_rate_bucket_) {
            const double current = request_count_ / (bucket - last_rate_bucket_);
            measured_rate_ = current * config_.smoothing + measured_rate_ * (1.0 - config_.smoothing);
            request_count_ = 0.0;
            last_rate_bucket_ = bucket;
        }
    }

    adaptive_config config_;
    time_point start_;
    bool enabled_ = false;
    double fill_rate_;
    double max_capacity_;
    double tokens_ = 0.0;
    bool has_refilled_ = false;
    double last_refill_ = 0.0;
    double latest_ = 0.0;
    double measured_rate_ = 0.0;
    double request_count_ = 0.0;
    double last_rate_bucket_ = 0.0;
    double last_max_rate_ = 0.0;
    double last_throttle_ = 0.0;
    double time_window_ = 0.0;
};

/// The adaptive retry mode: the standard strategy plus the client-side rate
/// limiter, fed with every attempt's outcome. Use like retry_strategy, and
/// additionally wait acquire_send_token(now) before every send. Suited to
/// one client per throttled resource (SDK reference guide, "Choosing
/// between standard and adaptive retry modes").
class adaptive_retry_strategy {
public:
    /// The caller's monotonic clock readings.
    using time_point = adaptive_rate_limiter::time_point;

    /// The standard strategy with `cfg` and a limiter with `acfg` measuring from `start`.
    explicit adaptive_retry_strategy(time_point start, const retry_config& cfg = {},
                                     const adaptive_config& acfg = {}) noexcept
        : standard_(cfg), limiter_(start, acfg) {}

    /// Per-call state for a new operation call (retry_strategy::begin).
    retry_token begin() const noexcept { return standard_.begin(); }
    /// How long to wait before sending now (0 while the limiter is off, or a token is left).
    std::chrono::milliseconds acquire_send_token(time_point now) noexcept {
        return limiter_.acquire_send_token(now);
    }

    /// retry_strategy::on_attempt_result for a failed attempt; also feeds the limiter.
    retry_decision on_attempt_result(retry_token& token, const error& err, double random,
                                     time_point now,
                                     const http_response_view* response = nullptr) noexcept {
        limiter_.on_response(classify(err, standard_.config().classification), now);
        return standard_.on_attempt_result(token, err, random, response);
    }

    /// retry_strategy::on_attempt_result for any result; also feeds the limiter.
    template <class T>
    retry_decision on_attempt_result(retry_token& token, const std::expected<T, error>& result,
                                     double random, time_point now,
                                     const http_response_view* response = nullptr) noexcept {
        if (result) {
            limiter_.on_response(false, now);
            return standard_.on_success(token);
        }
        return on_attempt_result(token, result.error(), random, now, response);
    }

    /// retry_strategy::on_success; also feeds the limiter.
    retry_decision on_success(retry_token& token, time_point now) noexcept {
        limiter_.on_response(false, now);
        return standard_.on_success(token);
    }

    /// retry_strategy::on_transport_failure; also feeds the limiter.
    retry_decision on_transport_failure(retry_token& token, transport_failure f, double random,
                                        time_point now) noexcept {
        limiter_.on_response(false, now);
        return standard_.on_transport_failure(token, f, random);
    }

    /// The standard strategy inside (quota, settings).
    const retry_strategy& standard() const noexcept { return standard_; }
    /// The rate limiter inside.
    const adaptive_rate_limiter& limiter() const noexcept { return limiter_; }

private:
    retry_strategy standard_;
    adaptive_rate_limiter limiter_;
};

// ---------------------------------------------------------------------------
// Per-attempt headers
// ---------------------------------------------------------------------------

/// Header names of the SDKs' per-attempt metadata (`@smithy/util-retry`
/// INVOCATION_ID_HEADER and REQUEST_HEADER): the call's id, the same on every attempt.
inline constexpr std::string_view invocation_id_header = "amz-sdk-invocation-id";
/// The attempt header, `attempt=N; max=M` (REQUEST_HEADER).
inline constexpr std::string_view sdk_request_header = "amz-sdk-request";

/// True for a UUID in its textual form (RFC 9562 section 4):
/// 8-4-4-4-12 hexadecimal digits, either case.
constexpr bool is_valid_invocation_id(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) {
            return false;
        }
    }
    return true;
}

/// A random (version 4) UUID, lowercase (RFC 9562 section 5.4), from 128
/// random bits the caller draws. May throw std::bad_alloc.
inline std::string make_invocation_id(std::uint64_t high, std::uint64_t low) {
    high = (high & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};           // version 4
    low = (low & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60);  // variant 10
    constexpr std::string_view hex = "0123456789abcdef";
    std::string out;
    out.reserve(36);
    for (int i = 0; i < 32; ++i) {
        if (i == 8 || i == 12 || i == 16 || i == 20) out.push_back('-');
        const std::uint64_t word = i < 16 ? high : low;
        const int shift = 60 - 4 * (i % 16);
        out.push_back(hex[(word >> shift) & 0xF]);
    }
    return out;
}

/// Sets `amz-sdk-invocation-id: <invocation_id>` and
/// `amz-sdk-request: attempt=<attempt>; max=<max_attempts>` on `req`,
/// replacing any earlier values (matched case-insensitively), as the SDKs
/// do on every attempt. The invocation id must be a UUID
/// (is_valid_invocation_id) and stay the same for all attempts of a call;
/// 1 <= attempt <= max_attempts.
///
/// The request MUST be signed again after this, for every attempt: both
/// headers are signed, and the signature's x-amz-date must be fresh (and,
/// after a clock-skew error, corrected). To make sending a stale signature
/// impossible, any existing `Authorization` header is removed here.
///
/// Returns a validation error (request unchanged) on a bad id or numbers.
/// May throw std::bad_alloc.
inline std::expected<void, error> apply_attempt_headers(http_request& req,
                                                        std::string_view invocation_id,
                                                        std::uint32_t attempt,
                                                        std::uint32_t max_attempts) {
    if (!is_valid_invocation_id(invocation_id))
        return std::unexpected(error::make(error_category::validation,
                                           "amz-sdk-invocation-id must be a UUID (8-4-4-4-12 hex)"));
    if (attempt < 1 || max_attempts < 1 || attempt > max_attempts)
        return std::unexpected(error::make(error_category::validation,
                                           "amz-sdk-request needs 1 <= attempt <= max"));
    std::erase_if(req.headers, [](const http_header& h) {
        return detail::iequals(h.name, invocation_id_header) ||
               detail::iequals(h.name, sdk_request_header) ||
               detail::iequals(h.name, "authorization");
    });
    req.headers.push_back(http_header{std::string(invocation_id_header), std::string(invocation_id)});
    std::string value = "attempt=";
    value += std::to_string(attempt);
    value += "; max=";
    value += std::to_string(max_attempts);
    req.headers.push_back(http_header{std::string(sdk_request_header), std::move(value)});
    return {};
}

} // namespace chime_voice

#endif
