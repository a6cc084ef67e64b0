// SPDX-License-Identifier: BSL-1.0
// chime_voice/operation_options.hpp — limits and switches shared by every
// operation's serialize_request and parse_..._response (the hand-written
// BatchDeletePhoneNumber and the generated operations/ alike).
#ifndef CHIME_VOICE_OPERATION_OPTIONS_HPP
#define CHIME_VOICE_OPERATION_OPTIONS_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/service_error.hpp>

#include <cstddef>
#include <string_view>

namespace chime_voice {

/// restJson1: a JSON document body is sent with this media type.
inline constexpr std::string_view json_content_type = "application/json";

/// Limits and switches of serialize_request.
struct serialize_options {
    /// The model sets no maximum on PhoneNumberIds (NonEmptyStringList has
    /// only `@length(min: 1)`); the service enforces its own. 100,000 bounds the
    /// work and memory a mistaken call can cause while never being the limit
    /// that matters for real batches.
    std::size_t max_phone_number_ids = 100'000;
    /// The model sets no maximum length on an ID (String). Real IDs are E.164
    /// numbers or UUIDs of a few dozen bytes; 4096 is generous.
    std::size_t max_phone_number_id_bytes = 4096;
    /// Upper bound on the JSON body, checked before allocating it. 64 MiB.
    std::size_t max_body_bytes = std::size_t{64} << 20;
    /// Also send the user agent as `x-amz-user-agent`. AWS services read it
    /// from there because browsers (fetch) may not set `User-Agent`; sending
    /// both is what AWS clients do and it costs one header.
    bool send_x_amz_user_agent = true;
    /// Room reserved in http_request::headers for what sigv4::sign adds
    /// (x-amz-date, x-amz-security-token, authorization, x-amz-content-sha256),
    /// so signing does not reallocate the vector.
    std::size_t signer_header_headroom = 4;
};

/// Limits of parse_batch_delete_phone_number_response. Both fail with a
/// clear error long before memory or time become an issue.
struct response_parse_options {
    /// Larger bodies are rejected (malformed_response) without being parsed.
    /// 16 MiB: 100 per-number errors take about 15 KiB; the service caps a
    /// batch well below what would fill this.
    std::size_t max_body_bytes = std::size_t{16} << 20;
    /// Maximum JSON nesting (boost::json::parse_options::max_depth). The
    /// output nests 3 deep; 64 leaves room for unknown members that the
    /// service may add, and stops a 100,000-deep body at once.
    std::size_t max_depth = 64;
    /// Most header fields accepted. An HTTP stack normally caps this itself
    /// (Node.js http: maxHeadersCount 2000); the parser only scans headers,
    /// so the limit bounds time, not memory. A response with more is a
    /// malformed_response that says so. 2000, like Node.js.
    std::size_t max_headers = 2000;
    /// Limits for non-2xx bodies.
    service_error_options errors{};
};

} // namespace chime_voice

#endif
