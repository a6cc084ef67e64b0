// chime_voice/sigv4.hpp — AWS Signature Version 4 (header and query signing).
// STUB: declarations being implemented (issue 2).
#ifndef CHIME_VOICE_SIGV4_HPP
#define CHIME_VOICE_SIGV4_HPP

#include <chime_voice/credentials.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <chrono>
#include <expected>
#include <string>

namespace chime_voice::sigv4 {

class signing_key_cache;

struct signing_params {
    std::string region;
    std::string service = "chime";
    std::chrono::sys_seconds time{};
    bool double_uri_encode = true;
    bool normalize_uri_path = true;
    bool sign_session_token = true;
    bool add_content_sha256_header = false;
    signing_key_cache* key_cache = nullptr;
};

/// Adds x-amz-date, x-amz-security-token (when a token is set) and authorization.
std::expected<void, error> sign(http_request& request, const credentials& creds,
                                const signing_params& params);

/// Query-string signing (presigned URL); expires in [1 s, 7 days].
std::expected<void, error> presign(http_request& request, const credentials& creds,
                                   const signing_params& params, std::chrono::seconds expires);

/// The canonical request and string to sign that sign() would use (for debugging).
std::expected<std::string, error> canonical_request(const http_request& request, const signing_params& params);

/// Checks a signed request's Authorization header against the credentials
/// (constant-time comparison). `now` is the verifier's clock; a request whose
/// x-amz-date differs from it by more than `max_skew` fails.
struct verify_result { bool valid; std::string reason; };
std::expected<void, error> verify(const http_request& signed_request, const credentials& creds,
                                  std::chrono::sys_seconds now,
                                  std::chrono::seconds max_skew = std::chrono::minutes(15));

} // namespace chime_voice::sigv4

#endif
