// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/params.hpp — what shapes a SigV4 signature besides the
// request and the credentials: the scope, the time, and each protocol quirk
// as a named mode.
//
// Implements the settings of "Signature Version 4 signing process" (AWS
// IAM User Guide, "Create a signed AWS API request"). As in smithy-rs's
// aws-sigv4 settings, every quirk that differs between services is an
// `enum class` with its default explained; the time is an input, never read
// from a clock (CONTRIBUTING.md, rule of the house 1).
#ifndef CHIME_VOICE_SIGV4_PARAMS_HPP
#define CHIME_VOICE_SIGV4_PARAMS_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/http.hpp>

#include <array>
#include <chrono>
#include <span>
#include <string>
#include <string_view>

namespace chime_voice::sigv4 {

/// The only algorithm implemented (SigV4a is out of scope).
inline constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

/// Headers left out of the signature unless the caller changes
/// signing_params::unsigned_headers: the ones proxies and HTTP stacks add,
/// drop or rewrite in transit (hop-by-hop headers, the user agent, tracing),
/// so signing them would make valid requests fail; the AWS SDKs leave out the
/// same set. `authorization` is never signed regardless.
inline constexpr std::array<std::string_view, 15> default_unsigned_headers{
    "authorization", "cache-control", "connection", "expect",   "from",
    "keep-alive",    "max-forwards",  "pragma",     "referer",  "te",
    "trailer",       "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};

/// The longest presigned URL lifetime SigV4 accepts (7 days).
inline constexpr std::chrono::seconds max_presign_expiry{604800};

/// How the canonical URI encodes the (already percent-encoded) path.
enum class path_encoding {
    /// Encode the path once more (SigV4 docs: "Each path segment must be
    /// URI-encoded twice"). The default: every service except S3 expects it.
    double_encoded,
    /// Use the path as sent: S3's rule, where object keys are signed as they are.
    single_encoded,
};

/// Whether "." and ".." segments and empty segments are removed from the path
/// first (RFC 3986 section 5.2.4, as botocore and @smithy/signature-v4 apply
/// it: `/a/.` and `/a/b/..` give `/a`; a trailing '/' stays when the path
/// ends with one).
enum class path_normalization {
    /// The default: only S3 object keys may contain such segments literally.
    enabled,
    disabled,
};

/// Where X-Amz-Security-Token goes when the credentials carry a session token.
enum class session_token_mode {
    /// Signed with the other headers (query parameters): the default, since
    /// most services, Chime SDK Voice among them, require the token inside
    /// the signature.
    signed_header,
    /// Added after the signature is computed, outside it, as a few older
    /// services (and the aws-c-auth "post-sts-header-after" case) require.
    added_after_signing,
};

/// Whether the payload hash is also sent as the x-amz-content-sha256 header
/// (header signing only).
enum class content_sha256_header {
    /// Not sent: the default; Chime SDK Voice computes the hash itself, and
    /// only S3-style services require the header.
    omitted,
    /// Sent (and signed), replacing any the request carries.
    sent,
};

/// What sign() and presign() accept as the path and query of the request.
enum class request_target_check {
    /// The default: http_request::path and query are the request-target that
    /// goes on the wire (already percent-encoded), so bytes that would break
    /// the request line or change its meaning are refused with the field and
    /// the byte offset: controls, space, non-ASCII bytes, '#', and '?' in the
    /// path (it would start the query on the wire and could never verify).
    wire_form,
    /// Sign the path and query as given, as the SDK signers do: for the
    /// official signing suites, whose request files write the target
    /// unencoded (`GET /example space/`), which no HTTP/1.1 client can send.
    as_given,
};

class signing_key_cache;

/// Everything that shapes a signature besides the request and credentials.
///
/// The scope has no default: build the parameters from the scope the
/// request carries (serialize_request() sets http_request::signing from the
/// resolved endpoint), `signing_params params{request.signing, now};`, or set
/// region and service yourself for a request built by hand.
struct signing_params {
    /// Region of the credential scope, e.g. "us-east-1".
    std::string region;
    /// Signing name of the credential scope, e.g. "chime" for Chime SDK
    /// Voice (its host prefix is "voice-chime"; the model's aws.auth#sigv4
    /// name is what counts).
    std::string service;
    /// Signing time (UTC). The caller owns the clock.
    std::chrono::sys_seconds time{};

    path_encoding uri_encoding = path_encoding::double_encoded;            ///< see path_encoding
    path_normalization uri_normalization = path_normalization::enabled;    ///< see path_normalization
    session_token_mode session_token = session_token_mode::signed_header;  ///< see session_token_mode
    content_sha256_header content_sha256 = content_sha256_header::omitted; ///< see content_sha256_header
    request_target_check target_check = request_target_check::wire_form;   ///< see request_target_check
    /// Payload hash to use instead of SHA-256 of the body (e.g.
    /// "UNSIGNED-PAYLOAD"). Empty: hash the body. The view must outlive the call.
    std::string_view payload_hash{};
    /// Lower-case names of headers that are not signed. The view must outlive the call.
    std::span<const std::string_view> unsigned_headers = default_unsigned_headers;
    /// Optional cache of the derived signing key, kept by the caller across
    /// calls. Not thread-safe: one cache per thread, or lock around sign().
    signing_key_cache* key_cache = nullptr;

    signing_params() = default;
    /// The scope a request carries (http_request::signing) and the signing time.
    signing_params(const signing_scope& scope, std::chrono::sys_seconds t)
        : region(scope.region), service(scope.service), time(t) {}
};

} // namespace chime_voice::sigv4

#endif
