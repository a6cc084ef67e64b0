// SPDX-License-Identifier: BSL-1.0
// chime_voice/retry/backoff.hpp — how long to wait before a retry.
//
// Exponential backoff with full jitter, and the `x-amz-retry-after` hint.
// The random number is a parameter: nothing here draws one, reads a clock,
// allocates or throws.
#ifndef CHIME_VOICE_RETRY_BACKOFF_HPP
#define CHIME_VOICE_RETRY_BACKOFF_HPP

#include <chime_voice/config.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chime_voice {

/// Maps 64 random bits to a double in [0, 1) (the top 53 bits, so every
/// result is exact), for callers whose generator yields integers.
constexpr double random_fraction(std::uint64_t bits) noexcept {
    return static_cast<double>(bits >> 11) * 0x1.0p-53;
}

namespace detail {
/// Clamps a caller's random number into [0, 1); NaN counts as 0.
constexpr double clamp_unit(double r) noexcept {
    if (!(r > 0.0)) return 0.0;           // also NaN
    if (r >= 1.0) return 1.0 - 0x1.0p-53; // largest double below 1
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
/// overflow. Negative base or cap count as zero. botocore's legacy delay
/// (`_retry.json`: base "rand", growth_factor 2, in seconds) is this
/// formula with base = 1 s and no cap (cap = milliseconds::max()).
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

/// Applies an `x-amz-retry-after` hint to a computed backoff `t`: the hint
/// clamped to [t, t + max_extra]. A hint never shortens the wait below the
/// backoff and lengthens it by at most `max_extra` (5 s in botocore
/// ExponentialBackoff `_RETRY_AFTER_MAX_ADDITIONAL`, @smithy/util-retry
/// `retryAfterHint`, and the aws-sdk-go-v2 2026 tests "x-amz-retry-after
/// minimum is exponential backoff duration" / "maximum is 5+exponential
/// backoff duration"). A negative `max_extra` counts as zero; no overflow.
constexpr std::chrono::milliseconds apply_retry_after(std::chrono::milliseconds t,
                                                      std::optional<std::chrono::milliseconds> hint,
                                                      std::chrono::milliseconds max_extra) noexcept {
    if (!hint) return t;
    const auto extra = max_extra.count() > 0 ? max_extra : std::chrono::milliseconds{0};
    const auto room = std::chrono::milliseconds::max() - t;
    const auto limit = extra < room ? t + extra : std::chrono::milliseconds::max();
    return std::max(t, std::min(*hint, limit));
}

} // namespace chime_voice

#endif
