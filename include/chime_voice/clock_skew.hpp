// SPDX-License-Identifier: BSL-1.0
// chime_voice/clock_skew.hpp — clock-skew learning and correction by the
// AWS SDKs' 2026 cross-SDK rules, as pure policy.
//
// SigV4 requests carry the signing time (x-amz-date), and AWS rejects a
// request whose time is more than 5 minutes away from its own clock. The
// 2026 rules (aws-sdk-go-v2 aws/middleware, the AWS SDK for JavaScript v3;
// botocore and aws-sdk-cpp behind a flag; cases in the cross-SDK file
// clock-skew-test-cases.json) are:
//
//  * the client keeps one skew value; every response that has a Date and
//    no Age header, success or error, sets it to
//        skew = Date - midpoint(time sent, time received);
//  * a response whose round trip exceeds 15 minutes is not trusted;
//  * a possible-skew error (InvalidSignatureException, ...) is retried as
//    clock skew only when the skew is 4 minutes or more; a definite-skew
//    error (RequestTimeTooSkewed, ...) with a Date is retried with the
//    corrected time.
//
// On top of them this library bounds what a peer can do: a Date implying a
// skew beyond clock_skew_settings::max_plausible_skew (24 h) is ignored and
// reported, never applied (a hostile "Sat, 01 Jan 0000" once moved a
// signing clock by -63,963,378,195 s, and "Fri, 31 Dec 9999" made retries
// sign in year 9999).
//
// The caller owns the clock: the times sent and received are parameters,
// and the client-level value is a clock_skew_state the caller keeps next
// to its retry_strategy:
//
//     chime_voice::clock_skew_state skew;                 // one per client
//     params.time = skew.signing_time(sent_at);           // sign each attempt
//     ... send, receive ...
//     auto seen = skew.update(view, sent_at, received_at); // every response
//     auto clock = chime_voice::judge_signing_clock(err, seen, offset_used);
//     strategy.on_attempt_result(token, result, rnd, &view, clock);
//
// No clock is read here; nothing allocates or throws.
#ifndef CHIME_VOICE_CLOCK_SKEW_HPP
#define CHIME_VOICE_CLOCK_SKEW_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/http_date.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/retry/classification.hpp>

#include <array>
#include <chrono>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chime_voice {

/// Settings of the clock-skew rules. Each default says why.
struct clock_skew_settings {
    /// Learn and correct the clock at all. The SDKs turn this off with
    /// AWS_DISABLE_CLOCK_SKEW_CORRECTION (read by the settings code, not
    /// here). false: nothing is learned, clock_skew_state::offset() is 0 and
    /// no error is judged a clock-skew error.
    bool enabled = true;

    /// A response whose round trip (received - sent) exceeds this is not
    /// trusted: its Date could be from any time in between, so the midpoint
    /// is no estimate of the server's "now". 15 minutes: the 2026 rules
    /// (clock-skew-test-cases.json, "Delayed response exceeding trust
    /// threshold"). A negative round trip (the caller's clock went
    /// backwards) is not trusted either.
    std::chrono::seconds max_round_trip{std::chrono::minutes{15}};

    /// A possible-skew error is retried as clock skew only when the learned
    /// skew differs from the offset the attempt was signed with by at least
    /// this much. 4 minutes: the 2026 rules (@aws-sdk/core isClockSkewed
    /// and aws-sdk-go-v2 use 4 minutes), one minute inside the 5-minute
    /// SigV4 window so that a correction happens before the window is
    /// exceeded, while a smaller difference cannot explain the failure.
    std::chrono::seconds possible_skew_threshold{std::chrono::minutes{4}};

    /// A Date implying a skew larger than this (either way) is ignored and
    /// reported (skew_status::implausible_date), never applied. 24 hours:
    /// the largest honest error seen in practice is a clock set to local
    /// time instead of UTC, off by the zone's UTC offset, at most 14 hours
    /// (UTC+14, Line Islands); add suspend/freeze drift (VM or Lambda
    /// freeze/thaw, minutes to hours) and a day covers them all, while a
    /// hostile or broken peer (year 0000 or 9999) is refused. A client
    /// whose clock is known to be further off (an embedded device without
    /// RTC) can raise it.
    std::chrono::seconds max_plausible_skew{std::chrono::hours{24}};

    /// A response with an `Age` header came from a cache (RFC 9111 section
    /// 5.1); its Date is when the origin produced it, not "now". true: such
    /// responses are ignored (the 2026 rules; "Cached response with Age
    /// header does not update ClientSkew").
    bool ignore_cached_responses = true;
};

/// What a failed attempt's error code says about the signing clock.
enum class clock_skew_error_kind : std::uint8_t {
    none,     ///< not a clock-skew code
    possible, ///< the signature was refused; skew is one possible cause
    definite, ///< the service says the request time is outside its window
};

namespace detail {

/// Codes that always mean "the request time is off": the definite-skew list
/// of aws-sdk-java-v2 (AwsErrorCode DEFINITE_CLOCK_SKEW_ERROR_CODES) and the
/// AWS SDK for .NET (RetryPolicy definiteClockSkewErrorCodes); all three
/// are in @smithy/service-error-classification CLOCK_SKEW_ERROR_CODES.
inline constexpr std::array<std::string_view, 3> definite_clock_skew_codes{
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
};

/// Codes for which skew is one possible cause (a wrong key gives them
/// too): aws-sdk-java-v2 POSSIBLE_CLOCK_SKEW_ERROR_CODES and .NET
/// possibleClockSkewErrorCodes (InvalidSignatureException,
/// SignatureDoesNotMatch, AuthFailure), plus AccessDeniedException, which
/// aws-sdk-go-v2's 2026 classifier treats as skew above the threshold
/// (aws/retry/clockskew_test.go "AccessDeniedException above threshold").
inline constexpr std::array<std::string_view, 4> possible_clock_skew_codes{
    "InvalidSignatureException",
    "SignatureDoesNotMatch",
    "AuthFailure",
    "AccessDeniedException",
};

} // namespace detail

/// Which clock-skew list `e`'s type (error_type_name) is on, matched
/// exactly and case-sensitively; request-side errors are never skew errors.
inline clock_skew_error_kind classify_clock_skew_error(const error& e) noexcept {
    if (!e.is_response_error()) return clock_skew_error_kind::none;
    const std::string_view type = error_type_name(e);
    for (auto code : detail::definite_clock_skew_codes)
        if (type == code) return clock_skew_error_kind::definite;
    for (auto code : detail::possible_clock_skew_codes)
        if (type == code) return clock_skew_error_kind::possible;
    return clock_skew_error_kind::none;
}

/// True when `e` has a possible- or definite-skew code. Whether it is
/// retried as skew depends on the response's Date (judge_signing_clock).
inline bool is_clock_skew_error(const error& e) noexcept {
    return classify_clock_skew_error(e) != clock_skew_error_kind::none;
}

/// What a response said about the skew, and whether it was used.
enum class skew_status : std::uint8_t {
    recorded,           ///< trusted: `skew` holds the learned value
    disabled,           ///< clock_skew_settings::enabled is false
    no_date,            ///< no Date header
    unparsable_date,    ///< a Date that is not an HTTP-date (RFC 9110 section 5.6.7)
    cached_response,    ///< an Age header: the Date is the origin's, not now
    slow_round_trip,    ///< round trip over max_round_trip, or negative
    implausible_date,   ///< the Date implies a skew over max_plausible_skew: ignored, reported
};

/// Returns the name of `s`, e.g. "implausible_date".
constexpr std::string_view to_string(skew_status s) noexcept {
    switch (s) {
    case skew_status::recorded: return "recorded";
    case skew_status::disabled: return "disabled";
    case skew_status::no_date: return "no_date";
    case skew_status::unparsable_date: return "unparsable_date";
    case skew_status::cached_response: return "cached_response";
    case skew_status::slow_round_trip: return "slow_round_trip";
    case skew_status::implausible_date: return "implausible_date";
    }
    return "?";
}

/// One response's evidence about the clock (observe_clock_skew).
struct skew_observation {
    /// Whether the skew was learned, and if not, why.
    skew_status status = skew_status::no_date;
    /// The learned skew (Date - midpoint, rounded to whole seconds); set
    /// exactly when status == recorded.
    std::optional<std::chrono::seconds> skew;
    /// The Date as parsed, whenever it parsed (also when it was not
    /// trusted, so the caller can report it).
    std::optional<std::chrono::sys_seconds> server_date;
    /// Date - midpoint whenever the Date parsed, trusted or not: for
    /// reporting an ignored Date ("would have moved the clock by ...").
    std::optional<std::chrono::seconds> apparent_skew;

    /// True when the skew was learned (status == recorded).
    constexpr bool trusted() const noexcept { return status == skew_status::recorded; }
};

/// Instants of the caller's uncorrected clock, millisecond resolution
/// (std::chrono::sys_seconds converts to it).
using local_time_ms = std::chrono::sys_time<std::chrono::milliseconds>;

/// Reads the response's Date and computes skew = Date - midpoint(sent,
/// received), by the rules above: no Age header (by default), a round trip
/// within max_round_trip, a Date within max_plausible_skew. `sent` and
/// `received` are the caller's uncorrected clock when the request left and
/// when the response arrived. Any HTTP-date form is read (RFC 9110 section
/// 5.6.7; an impossible date is "unparsable", never the epoch). The view's
/// buffers need only live for the call.
inline skew_observation observe_clock_skew(const http_response_view& response, local_time_ms sent,
                                           local_time_ms received,
                                           const clock_skew_settings& settings = {}) noexcept {
    using namespace std::chrono;
    skew_observation o;
    if (!settings.enabled) {
        o.status = skew_status::disabled;
        return o;
    }
    const auto date_value = response.find_header("date");
    if (!date_value) {
        o.status = skew_status::no_date;
        return o;
    }
    const auto mid = sent + (received - sent) / 2;
    o.server_date = detail::parse_http_date(*date_value, floor<seconds>(mid));
    if (!o.server_date) {
        o.status = skew_status::unparsable_date;
        return o;
    }
    // Both are int64 milliseconds of dates in years 0-9999 (the parser's
    // range) or of the caller's clock: no overflow.
    o.apparent_skew = round<seconds>(local_time_ms{*o.server_date} - mid);
    const auto magnitude = *o.apparent_skew < seconds::zero() ? -*o.apparent_skew : *o.apparent_skew;
    if (settings.ignore_cached_responses && response.find_header("age")) {
        o.status = skew_status::cached_response;
    } else if (received < sent || received - sent > settings.max_round_trip) {
        o.status = skew_status::slow_round_trip;
    } else if (magnitude > settings.max_plausible_skew) {
        o.status = skew_status::implausible_date;
    } else {
        o.status = skew_status::recorded;
        o.skew = o.apparent_skew;
    }
    return o;
}

/// observe_clock_skew() for times of any resolution (e.g.
/// std::chrono::system_clock::now()), truncated to milliseconds.
template <class SentDuration, class ReceivedDuration>
skew_observation observe_clock_skew(const http_response_view& response,
                                    std::chrono::sys_time<SentDuration> sent,
                                    std::chrono::sys_time<ReceivedDuration> received,
                                    const clock_skew_settings& settings = {}) noexcept {
    return observe_clock_skew(response, std::chrono::floor<std::chrono::milliseconds>(sent),
                              std::chrono::floor<std::chrono::milliseconds>(received), settings);
}

/// Whether the signing clock caused `e`, given the same response's
/// observation and the offset the failed attempt was signed with:
///  * a definite-skew code with a trusted Date: skewed (retry with the
///    corrected time);
///  * a possible-skew code with a trusted Date: skewed when the learned skew
///    differs from `signed_with` by at least possible_skew_threshold;
///  * anything else, no trusted Date, or correction disabled: not_at_fault.
///
/// For a client that signed with no offset this is the 2026 rule "retried
/// as clock skew only when |skew| >= 4 minutes". Comparing with the offset
/// actually used also covers a stale learned offset (signed 5 minutes off
/// while the clock is now right: retried) and a correct one (signed with
/// the right offset, refused for another reason such as a wrong key: not
/// retried as skew again and again).
inline signing_clock judge_signing_clock(const error& e, const skew_observation& seen,
                                         std::chrono::seconds signed_with,
                                         const clock_skew_settings& settings = {}) noexcept {
    if (!settings.enabled || !seen.trusted() || !seen.skew) return signing_clock::not_at_fault;
    switch (classify_clock_skew_error(e)) {
    case clock_skew_error_kind::definite: return signing_clock::skewed;
    case clock_skew_error_kind::possible: {
        const auto diff = *seen.skew - signed_with;
        const auto magnitude = diff < std::chrono::seconds::zero() ? -diff : diff;
        return magnitude >= settings.possible_skew_threshold ? signing_clock::skewed
                                                             : signing_clock::not_at_fault;
    }
    case clock_skew_error_kind::none: break;
    }
    return signing_clock::not_at_fault;
}

/// The client-level skew value the 2026 rules keep: one per client, like
/// retry_strategy, updated from every response (success or error) and used
/// to sign every attempt. A plain value without locking: a client used by
/// many threads guards it with its mutex (or copies offset() into an
/// atomic), see docs/retry.md.
class clock_skew_state {
public:
    /// No skew learned yet; default settings.
    constexpr clock_skew_state() noexcept = default;
    /// `settings`, starting from `initial` (e.g. a value carried over from
    /// an earlier client). With correction disabled the offset stays 0.
    constexpr explicit clock_skew_state(const clock_skew_settings& settings,
                                        std::chrono::seconds initial = std::chrono::seconds{0}) noexcept
        : settings_(settings), offset_(settings.enabled ? initial : std::chrono::seconds{0}) {}

    /// The settings in use.
    constexpr const clock_skew_settings& settings() const noexcept { return settings_; }
    /// The learned skew: add it to the local clock when signing.
    constexpr std::chrono::seconds offset() const noexcept { return offset_; }
    /// The time to sign an attempt sent at local time `local_now` (any
    /// resolution): floor(local_now) + offset().
    template <class Duration>
    constexpr std::chrono::sys_seconds signing_time(std::chrono::sys_time<Duration> local_now) const noexcept {
        return std::chrono::floor<std::chrono::seconds>(local_now) + offset_;
    }

    /// Records a trusted observation (no-op otherwise). Returns true when
    /// the offset was set.
    constexpr bool record(const skew_observation& seen) noexcept {
        if (!settings_.enabled || !seen.trusted() || !seen.skew) return false;
        offset_ = *seen.skew;
        return true;
    }

    /// observe_clock_skew() with this state's settings, then record(). Call
    /// it for every response, success or error; times of any resolution. Returns the observation
    /// (for judge_signing_clock and for reporting an ignored Date).
    template <class SentDuration, class ReceivedDuration>
    skew_observation update(const http_response_view& response, std::chrono::sys_time<SentDuration> sent,
                            std::chrono::sys_time<ReceivedDuration> received) noexcept {
        skew_observation seen = observe_clock_skew(response, std::chrono::floor<std::chrono::milliseconds>(sent),
                                                   std::chrono::floor<std::chrono::milliseconds>(received),
                                                   settings_);
        record(seen);
        return seen;
    }

private:
    clock_skew_settings settings_{};
    std::chrono::seconds offset_{0};
};

} // namespace chime_voice

#endif
