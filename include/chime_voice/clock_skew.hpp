// SPDX-License-Identifier: BSL-1.0
// chime_voice/clock_skew.hpp — clock-skew detection and correction, as policy.
//
// SigV4 requests carry the signing time (x-amz-date) and AWS rejects a
// request whose time is more than 5 minutes away from its own clock
// ("Signature expired", RequestTimeTooSkewed, ...). The AWS SDKs then read
// the server's `Date` response header, keep the difference as a clock
// offset, and sign later requests with `local time + offset` (e.g. the AWS
// SDK for JavaScript v3: @aws-sdk/core getUpdatedSystemClockOffset, and its
// clock-skew error codes in @smithy/service-error-classification, which make
// such errors retryable). This header does the reading and the arithmetic;
// the caller owns the clock and the stored offset:
//
//     auto fix = chime_voice::clock_skew_correction(response, now, &err);
//     if (fix) offset = *fix;                // keep it with the client
//     params.time = now + offset;            // sign the next attempt
//
// No clock is read here; nothing allocates or throws.
#ifndef CHIME_VOICE_CLOCK_SKEW_HPP
#define CHIME_VOICE_CLOCK_SKEW_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/http_date.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <optional>
#include <string_view>

namespace chime_voice {

/// Settings of clock_skew_correction(). Each default says why.
struct clock_skew_settings {
    /// A difference of at least this much between the server's Date and the
    /// caller's clock is corrected even without a skew error. 5 minutes is
    /// the window SigV4 allows between x-amz-date and the server's clock
    /// (SigV4 docs, "Elements of an AWS API request signature": a request
    /// whose time stamp is more than five minutes off is rejected), so a
    /// smaller difference is left alone: it cannot fail a signature, and
    /// Date has only one-second resolution plus network latency. (The AWS
    /// SDK for JavaScript v3, `@aws-sdk/core` isClockSkewed, corrects from 4
    /// minutes on, to act before the window is exceeded; lower this to
    /// std::chrono::minutes{4} for the same behaviour.)
    std::chrono::seconds threshold{std::chrono::minutes{5}};

    /// A response with an `Age` header came from a cache (RFC 9111 section
    /// 5.1); its Date is when the origin produced it, not "now", so it says
    /// nothing about our clock. true: such responses are ignored.
    bool ignore_cached_responses = true;
};

namespace detail {

/// Error codes that always mean "the request time is off" (the clock-skew
/// lists of the AWS SDKs, e.g. @smithy/service-error-classification
/// CLOCK_SKEW_ERROR_CODES and botocore's clock-skew handling).
/// InvalidSignatureException is not here: it is a skew error only when its
/// message says so (see signature_time_messages).
inline constexpr std::array<std::string_view, 3> definite_clock_skew_codes{
    "RequestTimeTooSkewed",
    "RequestExpired",
    "RequestInTheFuture",
};

/// Message prefixes AWS uses in InvalidSignatureException when the
/// x-amz-date is outside the window, e.g. "Signature expired: 20240101T000000Z
/// is now earlier than ..." and "Signature not yet current: ... is still
/// later than ...".
inline constexpr std::array<std::string_view, 2> signature_time_messages{
    "Signature expired",
    "Signature not yet current",
};

/// The error type as sent: the cleaned `type`, else the modelled kind name.
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

} // namespace detail

/// True when `e` says the request's signing time is outside the server's
/// window: a response error whose type is RequestTimeTooSkewed,
/// RequestExpired or RequestInTheFuture, or an InvalidSignatureException
/// whose message (or raw body, where the parser kept it) says "Signature
/// expired" or "Signature not yet current". Request-side errors never are.
inline bool is_clock_skew_error(const error& e) noexcept {
    if (!e.is_response_error()) return false;
    const std::string_view type = detail::error_type_name(e);
    for (auto code : detail::definite_clock_skew_codes)
        if (type == code) return true;
    if (type == "InvalidSignatureException") {
        for (auto m : detail::signature_time_messages)
            if (detail::icontains(e.message, m) || detail::icontains(e.body, m)) return true;
    }
    return false;
}

/// The offset the caller should add to its clock when signing, or
/// std::nullopt when no correction is warranted or possible.
///
/// Reads the response `Date` header (any HTTP-date form, RFC 9110 section
/// 5.6.7). Returns `server_date - local_now` when either
///  * `err` is a clock-skew error (is_clock_skew_error), whatever the size
///    of the difference, or
///  * the difference is at least `settings.threshold` in either direction.
/// Returns std::nullopt when the Date header is missing or not a valid
/// date (never the epoch), or, by default, when the response carries an
/// `Age` header (it came from a cache). `local_now` is the caller's
/// uncorrected clock. The view's buffers need only live for the call.
inline std::optional<std::chrono::seconds>
clock_skew_correction(const http_response_view& response, std::chrono::sys_seconds local_now,
                      const error* err = nullptr,
                      const clock_skew_settings& settings = {}) noexcept {
    if (settings.ignore_cached_responses && response.find_header("age")) return std::nullopt;
    const auto date_value = response.find_header("date");
    if (!date_value) return std::nullopt;
    const auto server = detail::parse_http_date(*date_value, local_now);
    if (!server) return std::nullopt;
    const std::chrono::seconds offset = *server - local_now;
    if (err != nullptr && is_clock_skew_error(*err)) return offset;
    const std::chrono::seconds magnitude = offset < std::chrono::seconds::zero() ? -offset : offset;
    if (magnitude >= settings.threshold) return offset;
    return std::nullopt;
}

} // namespace chime_voice

#endif
