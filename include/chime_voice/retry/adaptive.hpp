// SPDX-License-Identifier: BSL-1.0
// chime_voice/retry/adaptive.hpp — the adaptive retry mode: the standard
// mode plus a client-side send-rate limiter (CUBIC), fed with every
// attempt's outcome.
//
// Times are steady_clock time points the caller passes in; nothing here
// reads a clock, sleeps, allocates or throws. The SDK reference guide
// recommends the adaptive mode only for one client per throttled resource
// ("Choosing between standard and adaptive retry modes").
#ifndef CHIME_VOICE_RETRY_ADAPTIVE_HPP
#define CHIME_VOICE_RETRY_ADAPTIVE_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/retry/classification.hpp>
#include <chime_voice/retry/standard.hpp>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdint>
#include <expected>

namespace chime_voice {

/// Constants of the adaptive mode's rate limiter. Defaults are those of the
/// SDKs' client rate limiter (@smithy/util-retry DefaultRateLimiter,
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
    /// Steady-clock instants the caller passes in.
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

    /// The constants in use (after sanitizing).
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

/// The adaptive retry mode: the standard strategy (its retry quota, costs
/// and refunds unchanged — a success refills the quota exactly as in
/// standard mode, which aws-sdk-go-v2 #3550 found missing there) plus the
/// client-side rate limiter, fed with every attempt's outcome. Use like
/// retry_strategy, and additionally wait acquire_send_token(now) before
/// every send. Any retry_config works, e.g. make_retry_config of
/// retry_mode::adaptive_2026.
class adaptive_retry_strategy {
public:
    /// Steady-clock instants the caller passes in.
    using time_point = adaptive_rate_limiter::time_point;

    /// A strategy whose limiter measures time from `start`.
    explicit adaptive_retry_strategy(time_point start, const retry_config& cfg = {},
                                     const adaptive_config& acfg = {}) noexcept
        : standard_(cfg), limiter_(start, acfg) {}

    /// Starts a call (retry_strategy::begin).
    retry_token begin() const noexcept { return standard_.begin(); }
    /// Before every send: how long to wait (adaptive_rate_limiter::acquire_send_token).
    std::chrono::milliseconds acquire_send_token(time_point now) noexcept {
        return limiter_.acquire_send_token(now);
    }

    /// An attempt ended in `err`: feeds the limiter (throttled or not), then
    /// decides as retry_strategy::on_attempt_result.
    retry_decision on_attempt_result(retry_token& token, const error& err, double random, time_point now,
                                     const http_response_view* response = nullptr,
                                     signing_clock clock = signing_clock::not_at_fault) noexcept {
        limiter_.on_response(classify(err, clock, standard_.config().classification), now);
        return standard_.on_attempt_result(token, err, random, response, clock);
    }

    /// A parse result: success goes to on_success(), an error as above.
    template <class T>
    retry_decision on_attempt_result(retry_token& token, const std::expected<T, error>& result,
                                     double random, time_point now,
                                     const http_response_view* response = nullptr,
                                     signing_clock clock = signing_clock::not_at_fault) noexcept {
        if (result) return on_success(token, now);
        return on_attempt_result(token, result.error(), random, now, response, clock);
    }

    /// The attempt succeeded: feeds the limiter, refunds the quota.
    retry_decision on_success(retry_token& token, time_point now) noexcept {
        limiter_.on_response(false, now);
        return standard_.on_success(token);
    }

    /// The transport failed: feeds the limiter (not throttled), then
    /// decides as retry_strategy::on_transport_failure.
    retry_decision on_transport_failure(retry_token& token, transport_failure f, double random,
                                        time_point now) noexcept {
        limiter_.on_response(false, now);
        return standard_.on_transport_failure(token, f, random);
    }

    /// The standard strategy inside (quota, config).
    const retry_strategy& standard() const noexcept { return standard_; }
    /// The rate limiter inside.
    const adaptive_rate_limiter& limiter() const noexcept { return limiter_; }
    /// max(1, config().max_attempts).
    std::uint32_t max_attempts() const noexcept { return standard_.max_attempts(); }

private:
    retry_strategy standard_;
    adaptive_rate_limiter limiter_;
};

} // namespace chime_voice

#endif
