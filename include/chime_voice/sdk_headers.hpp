// SPDX-License-Identifier: BSL-1.0
// chime_voice/sdk_headers.hpp — the per-attempt metadata headers the AWS
// SDKs send with every attempt of a call: `amz-sdk-invocation-id` (one UUID
// per call, the same on every retry) and `amz-sdk-request: attempt=N; max=M`.
// They sit next to user_agent.hpp because, like the User-Agent, they describe
// the client, not the operation.
//
// Both headers are signed (SigV4 signs every header present), so set them
// first and sign afterwards, on every attempt. Signing owns the
// `Authorization` header: sigv4::sign replaces an earlier one itself, so
// nothing here touches it.
//
// Nothing here reads a clock or draws random numbers: the invocation id is
// built from random bits the caller supplies.
#ifndef CHIME_VOICE_SDK_HEADERS_HPP
#define CHIME_VOICE_SDK_HEADERS_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/ascii.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <cstddef>
#include <cstdint>
#include <expected>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chime_voice {

/// Name of the header carrying the call's invocation id (@smithy/util-retry
/// INVOCATION_ID_HEADER; botocore sends the same name).
inline constexpr std::string_view invocation_id_header = "amz-sdk-invocation-id";
/// Name of the header carrying `attempt=N; max=M` (@smithy/util-retry
/// REQUEST_HEADER).
inline constexpr std::string_view sdk_request_header = "amz-sdk-request";

/// True for a UUID in its textual form (RFC 9562 section 4):
/// 8-4-4-4-12 hexadecimal digits, either case.
constexpr bool is_valid_invocation_id(std::string_view s) noexcept {
    if (s.size() != 36) return false;
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char c = s[i];
        if (i == 8 || i == 13 || i == 18 || i == 23) {
            if (c != '-') return false;
        } else if (detail::hex_digit_value(c) < 0) {
            return false;
        }
    }
    return true;
}

/// A random (version 4) UUID, lowercase (RFC 9562 section 5.4), from 128
/// random bits the caller draws (`high`, `low`); the version and variant
/// bits are overwritten. May throw std::bad_alloc.
inline std::string make_invocation_id(std::uint64_t high, std::uint64_t low) {
    high = (high & ~std::uint64_t{0xF000}) | std::uint64_t{0x4000};          // version 4
    low = (low & ~(std::uint64_t{0xC} << 60)) | (std::uint64_t{0x8} << 60); // variant 10
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
/// replacing earlier values of these two headers (names matched
/// case-insensitively), as the SDKs do on every attempt. The invocation id
/// must be a UUID (is_valid_invocation_id) and stay the same for all
/// attempts of one call; 1 <= attempt <= max_attempts.
///
/// Sign the request after this, on every attempt: both headers are signed.
/// Other headers, `Authorization` included, are left alone (sigv4::sign
/// replaces its own output).
///
/// Returns a validation error, leaving the request unchanged, on a bad id
/// or bad numbers. May throw std::bad_alloc.
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
    std::string value = "attempt=";
    value += std::to_string(attempt);
    value += "; max=";
    value += std::to_string(max_attempts);
    std::erase_if(req.headers, [](const http_header& h) {
        return detail::iequals(h.name, invocation_id_header) || detail::iequals(h.name, sdk_request_header);
    });
    req.headers.push_back(http_header{std::string(invocation_id_header), std::string(invocation_id)});
    req.headers.push_back(http_header{std::string(sdk_request_header), std::move(value)});
    return {};
}

} // namespace chime_voice

#endif
