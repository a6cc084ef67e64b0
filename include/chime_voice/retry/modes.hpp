// SPDX-License-Identifier: BSL-1.0
// chime_voice/retry/modes.hpp — the retry modes by name: legacy, standard,
// adaptive, and the SDKs' 2026 retry behaviour for the latter two.
//
// A mode is a retry_config (plus, for the adaptive ones, the rate limiter
// of retry/adaptive.hpp). `retry_mode` in a shared config profile and
// AWS_RETRY_MODE name the first three; the 2026 behaviour is selected by
// the SDKs with AWS_NEW_RETRIES_2026=true (aws-sdk-go-v2 #3416, botocore
// 1.43). The settings code reads those; this header only maps names to
// configurations. No environment is read here; nothing allocates or throws.
#ifndef CHIME_VOICE_RETRY_MODES_HPP
#define CHIME_VOICE_RETRY_MODES_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/retry/classification.hpp>
#include <chime_voice/retry/standard.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chime_voice {

/// The retry modes.
enum class retry_mode : std::uint8_t {
    /// botocore's legacy mode, the AWS CLI v1 default: 5 attempts, retries
    /// only what `_retry.json` `__default__` lists, no retry quota, delay
    /// rand() * 2^(n-1) seconds (legacy_retry_config).
    legacy,
    /// The SDKs' standard mode (retry_config defaults).
    standard,
    /// Standard with the 2026 retry behaviour (retries_2026_config).
    standard_2026,
    /// Standard plus the client-side rate limiter (adaptive_retry_strategy).
    adaptive,
    /// Adaptive with the 2026 constants.
    adaptive_2026,
};

/// Returns the name of `m`: "legacy", "standard", "standard_2026",
/// "adaptive" or "adaptive_2026".
constexpr std::string_view to_string(retry_mode m) noexcept {
    switch (m) {
    case retry_mode::legacy: return "legacy";
    case retry_mode::standard: return "standard";
    case retry_mode::standard_2026: return "standard_2026";
    case retry_mode::adaptive: return "adaptive";
    case retry_mode::adaptive_2026: return "adaptive_2026";
    }
    return "?";
}

/// Reads a `retry_mode` profile / AWS_RETRY_MODE value: exactly "legacy",
/// "standard" or "adaptive" (the values botocore accepts; it rejects any
/// other, and so does this: std::nullopt). `new_retries_2026` (the SDKs'
/// AWS_NEW_RETRIES_2026) turns standard and adaptive into their 2026
/// variants; legacy stays legacy.
constexpr std::optional<retry_mode> parse_retry_mode(std::string_view value,
                                                     bool new_retries_2026 = false) noexcept {
    if (value == "legacy") return retry_mode::legacy;
    if (value == "standard") return new_retries_2026 ? retry_mode::standard_2026 : retry_mode::standard;
    if (value == "adaptive") return new_retries_2026 ? retry_mode::adaptive_2026 : retry_mode::adaptive;
    return std::nullopt;
}

/// True for the modes that add the client-side rate limiter: use
/// adaptive_retry_strategy for them, retry_strategy for the others.
constexpr bool uses_rate_limiter(retry_mode m) noexcept {
    return m == retry_mode::adaptive || m == retry_mode::adaptive_2026;
}

/// The SDKs' 2026 retry behaviour: base delay 50 ms for transient errors,
/// 1 s for throttling, retry cost 14 (timeouts included: the 2026 rules
/// have one transient cost), throttling retry cost 5; max attempts 3, cap
/// 20 s, quota 500, `x-amz-retry-after` clamped to [t, t + 5 s] unchanged.
/// Sources: aws-sdk-go-v2 #3416 (announcement table) and
/// aws/retry/retry2026_test.go (delays 50/100/200/400 ms, quota
/// 500 -> 486 -> 472, throttling 1 s and 495, hint 10000 -> 5050 ms);
/// @smithy/util-retry retries-2026-config; botocore 1.43 behind
/// AWS_NEW_RETRIES_2026.
constexpr retry_config retries_2026_config() noexcept {
    retry_config c;
    c.base_delay = std::chrono::milliseconds{50};
    c.throttling_base_delay = std::chrono::milliseconds{1'000};
    c.retry_cost = 14;
    c.timeout_retry_cost = 14;
    c.throttling_retry_cost = 5;
    return c;
}

/// botocore's legacy retry handler with `_retry.json` `__default__`
/// (Chime SDK Voice has no service-specific entry): max_attempts 5 (total,
/// first attempt included); delay "exponential", base "rand", growth
/// factor 2, i.e. rand() * 2^(n-1) seconds with no cap; no retry quota and
/// no `x-amz-retry-after`; retried: connection errors, HTTP 500, 503, 509,
/// any 429, and HTTP 400 with code Throttling or ThrottlingException.
/// Not retried, unlike standard mode: 502, 504, a 400/403 with another
/// throttling code, RequestTimeout.
constexpr retry_config legacy_retry_config() noexcept {
    retry_config c;
    c.max_attempts = 5;
    c.base_delay = std::chrono::milliseconds{1'000};
    c.throttling_base_delay = std::chrono::milliseconds{1'000};
    c.max_backoff = std::chrono::milliseconds::max();
    c.use_retry_quota = false;
    c.honor_retry_after = false;
    c.classification.rules = retry_rules::legacy;
    return c;
}

/// The configuration of mode `m` (for the adaptive modes, the one to give
/// adaptive_retry_strategy). Change fields afterwards to override a
/// setting (e.g. max_attempts from AWS_MAX_ATTEMPTS).
constexpr retry_config make_retry_config(retry_mode m) noexcept {
    switch (m) {
    case retry_mode::legacy: return legacy_retry_config();
    case retry_mode::standard_2026:
    case retry_mode::adaptive_2026: return retries_2026_config();
    case retry_mode::standard:
    case retry_mode::adaptive: break;
    }
    return retry_config{};
}

} // namespace chime_voice

#endif
