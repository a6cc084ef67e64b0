// SPDX-License-Identifier: BSL-1.0
// chime_voice/retry/standard.hpp — the standard retry mode: bounded
// attempts, exponential backoff with full jitter, and a retry quota.
//
// A send loop (see README.md, "Retries and clock skew", for a complete one):
//
//     chime_voice::retry_strategy strategy;            // one per client
//     auto token = strategy.begin();                   // one per call
//     for (;;) {
//         // set the attempt headers, sign, send ...
//         chime_voice::retry_decision d = sent
//             ? strategy.on_attempt_result(token, parse(*sent), rnd(), &view, clock_verdict)
//             : strategy.on_transport_failure(token, failure, rnd());
//         if (!d.should_retry()) break;                // d.is_done(), or d.reason says why not
//         sleep_for(d.delay);
//     }
//
// The same class runs the legacy mode and the 2026 behaviour: they are
// configurations (retry/modes.hpp). The library never sleeps, reads a clock
// or draws a random number. Objects are plain values with no internal
// locking: share one strategy between threads only behind the caller's
// mutex (docs/retry.md, "Many threads"). Nothing allocates or throws.
#ifndef CHIME_VOICE_RETRY_STANDARD_HPP
#define CHIME_VOICE_RETRY_STANDARD_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/retry/backoff.hpp>
#include <chime_voice/retry/classification.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string_view>

namespace chime_voice {

/// Settings of retry_strategy. The defaults are the AWS SDKs' standard
/// retry mode as documented in the SDK reference guide ("Retry behavior")
/// and shipped in @smithy/util-retry constants (DEFAULT_RETRY_DELAY_BASE
/// 100 ms, THROTTLING_RETRY_DELAY_BASE 500 ms, MAXIMUM_RETRY_DELAY 20 s,
/// INITIAL_RETRY_TOKENS 500, RETRY_COST 5, TIMEOUT_RETRY_COST 10,
/// NO_RETRY_INCREMENT 1) and botocore.retries (RetryQuota 500, costs 5/10,
/// no-retry increment 1, max backoff 20 s). retry/modes.hpp builds the
/// legacy and 2026 configurations.
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
    /// Whether retries draw on the retry quota. true: the standard and
    /// adaptive modes' circuit breaker. botocore's legacy mode has none
    /// (false); aws-sdk-go-v2 offers ratelimit.None for the same.
    bool use_retry_quota = true;
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
    /// Honour the `x-amz-retry-after` response header (milliseconds): the
    /// delay becomes the hint clamped to [backoff, backoff +
    /// retry_after_max_extra] (apply_retry_after).
    bool honor_retry_after = true;
    /// Most a hint may add to the computed backoff (5 s: botocore, smithy,
    /// aws-sdk-go-v2; see apply_retry_after).
    std::chrono::milliseconds retry_after_max_extra{5'000};
    /// How errors are classified (rule set, malformed 2xx).
    classify_settings classification{};
};

/// Why a call gives up.
enum class give_up_reason : std::uint8_t {
    not_retryable,         ///< the failure is not one retrying can fix
    max_attempts_reached,  ///< the attempt that failed was the last allowed
    retry_quota_exhausted, ///< too few quota tokens: the service is failing a lot
};

/// Returns the name of `r`, e.g. "max_attempts_reached".
constexpr std::string_view to_string(give_up_reason r) noexcept {
    switch (r) {
    case give_up_reason::not_retryable: return "not_retryable";
    case give_up_reason::max_attempts_reached: return "max_attempts_reached";
    case give_up_reason::retry_quota_exhausted: return "retry_quota_exhausted";
    }
    return "?";
}

/// The three answers to "what now?" after an attempt.
enum class retry_action : std::uint8_t {
    retry,   ///< wait retry_decision::delay, re-sign, send attempt next_attempt
    done,    ///< the attempt succeeded: the call is over
    give_up, ///< the call failed: the last error is its result; reason says why
};

/// Returns the name of `a`: "retry", "done" or "give_up".
constexpr std::string_view to_string(retry_action a) noexcept {
    switch (a) {
    case retry_action::retry: return "retry";
    case retry_action::done: return "done";
    case retry_action::give_up: return "give_up";
    }
    return "?";
}

/// The outcome of one attempt, as an explicit action: retry after `delay`,
/// done, or give up because of `reason`. Build one with retry_after(),
/// done() or give_up(); the fields that do not belong to the action keep
/// their zero values.
struct retry_decision {
    retry_action action = retry_action::give_up; ///< what the caller does next
    std::chrono::milliseconds delay{0};           ///< retry: wait this long first
    give_up_reason reason = give_up_reason::not_retryable; ///< give_up: why
    retry_class failure = retry_class::not_retryable; ///< retry/give_up: class of the failed attempt
    std::uint32_t next_attempt = 0;               ///< retry: 1-based number of the next attempt
    std::uint32_t tokens_taken = 0;               ///< retry: quota tokens this retry holds

    /// "Retry attempt `next` after `delay`", holding `tokens` quota tokens.
    static constexpr retry_decision retry_after(std::chrono::milliseconds delay, retry_class failure,
                                                std::uint32_t next, std::uint32_t tokens) noexcept {
        retry_decision d;
        d.action = retry_action::retry;
        d.delay = delay;
        d.failure = failure;
        d.next_attempt = next;
        d.tokens_taken = tokens;
        return d;
    }
    /// "The call succeeded."
    static constexpr retry_decision done() noexcept {
        retry_decision d;
        d.action = retry_action::done;
        return d;
    }
    /// "Give up because of `why`; the failed attempt was of class `failure`."
    static constexpr retry_decision give_up(give_up_reason why, retry_class failure) noexcept {
        retry_decision d;
        d.action = retry_action::give_up;
        d.reason = why;
        d.failure = failure;
        return d;
    }

    /// True for retry_action::retry.
    constexpr bool should_retry() const noexcept { return action == retry_action::retry; }
    /// True for retry_action::done (the call succeeded).
    constexpr bool is_done() const noexcept { return action == retry_action::done; }
    /// True for retry_action::give_up (see `reason`).
    constexpr bool gave_up() const noexcept { return action == retry_action::give_up; }
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
///
/// Quota accounting: a retry takes its cost; a success gives back what the
/// call's last retry took, or `no_retry_increment` when it needed none; a
/// call that ends in a non-retryable error after a retry also gives back
/// what its last retry took (the service answered, so the failure says
/// nothing about an outage: aws-sdk-go-v2 #3186). A call that gives up for
/// max attempts or the quota returns nothing. Never above the capacity.
class retry_strategy {
public:
    /// The standard mode with its default constants.
    constexpr retry_strategy() noexcept : retry_strategy(retry_config{}) {}
    /// A strategy with `cfg` (e.g. make_retry_config(retry_mode::legacy)).
    constexpr explicit retry_strategy(const retry_config& cfg) noexcept
        : config_(cfg), tokens_(cfg.initial_retry_tokens) {}

    /// The settings this strategy runs with.
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
    /// the capacity). Idempotent per token. Returns done().
    constexpr retry_decision on_success(retry_token& token) noexcept {
        if (!token.finished_) {
            refund(token.last_cost_ > 0 ? token.last_cost_ : config_.no_retry_increment);
            token.finished_ = true;
        }
        return retry_decision::done();
    }

    /// The attempt ended in `err` (a parse result's error). `random` in
    /// [0, 1) draws the jitter. `response`, when given, is searched for
    /// `x-amz-retry-after`; its buffers need only live for the call.
    /// `clock` is judge_signing_clock()'s verdict for this response: with
    /// signing_clock::skewed the failure is retried as clock_skew, and the
    /// caller must sign the retry with the corrected clock.
    retry_decision on_attempt_result(retry_token& token, const error& err, double random,
                                     const http_response_view* response = nullptr,
                                     signing_clock clock = signing_clock::not_at_fault) noexcept {
        const retry_class cls = classify(err, clock, config_.classification);
        std::optional<std::chrono::milliseconds> hint;
        if (response != nullptr && config_.honor_retry_after)
            if (auto v = response->find_header("x-amz-retry-after")) hint = parse_retry_after_ms(*v);
        return decide(token, cls,
                      cls == retry_class::throttling ? config_.throttling_retry_cost : config_.retry_cost,
                      random, hint);
    }

    /// A parse result: success goes to on_success(), an error as above.
    template <class T>
    retry_decision on_attempt_result(retry_token& token, const std::expected<T, error>& result,
                                     double random, const http_response_view* response = nullptr,
                                     signing_clock clock = signing_clock::not_at_fault) noexcept {
        if (result) return on_success(token);
        return on_attempt_result(token, result.error(), random, response, clock);
    }

    /// The transport failed before a full response arrived: transient;
    /// costs `timeout_retry_cost` for a timeout, `retry_cost` otherwise.
    constexpr retry_decision on_transport_failure(retry_token& token, transport_failure f,
                                                  double random) noexcept {
        return decide(token, classify(f),
                      f == transport_failure::timeout ? config_.timeout_retry_cost : config_.retry_cost,
                      random, std::nullopt);
    }

private:
    constexpr void refund(std::uint32_t amount) noexcept {
        if (!config_.use_retry_quota) return;
        const std::uint32_t room =
            tokens_ < config_.initial_retry_tokens ? config_.initial_retry_tokens - tokens_ : 0;
        tokens_ += std::min(amount, room);
    }

    constexpr retry_decision decide(retry_token& token, retry_class cls, std::uint32_t cost, double random,
                                    std::optional<std::chrono::milliseconds> hint) noexcept {
        if (token.finished_) // misuse: a finished call cannot be retried
            return retry_decision::give_up(give_up_reason::not_retryable, cls);
        std::optional<give_up_reason> why;
        if (cls == retry_class::not_retryable) {
            refund(token.last_cost_); // aws-sdk-go-v2 #3186: the service answered
            why = give_up_reason::not_retryable;
        } else if (token.attempt_ >= max_attempts()) {
            why = give_up_reason::max_attempts_reached;
        } else if (config_.use_retry_quota && tokens_ < cost) {
            why = give_up_reason::retry_quota_exhausted;
        }
        if (why) {
            token.finished_ = true;
            return retry_decision::give_up(*why, cls);
        }
        if (!config_.use_retry_quota) cost = 0;
        tokens_ -= cost;
        const auto base = cls == retry_class::throttling ? config_.throttling_base_delay : config_.base_delay;
        auto delay = backoff_delay(token.attempt_, random, base, config_.max_backoff);
        delay = apply_retry_after(delay, hint, config_.retry_after_max_extra);
        token.last_cost_ = cost;
        ++token.attempt_;
        return retry_decision::retry_after(delay, cls, token.attempt_, cost);
    }

    retry_config config_;
    std::uint32_t tokens_;
};

} // namespace chime_voice

#endif
