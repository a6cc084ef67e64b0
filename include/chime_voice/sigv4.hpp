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

/// Why verify() refused a request.
enum class verify_failure {
    missing_authorization,   ///< no Authorization header
    malformed_authorization, ///< not "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
    missing_date,            ///< no x-amz-date
    malformed_date,
    wrong_access_key,        ///< the access key id is not the one configured
    wrong_scope,             ///< date/region/service in the credential scope do not match
    request_time_too_skewed, ///< x-amz-date too far from the verifier's clock ("Signature expired")
    signature_mismatch,      ///< recomputed signature differs (constant-time comparison)
};
struct verify_error {
    verify_failure failure;
    std::string message; ///< text in the style of the service's InvalidSignatureException message
};
struct verify_options {
    std::string region;               ///< expected scope region
    std::string service = "chime";    ///< expected scope service
    std::chrono::seconds max_skew{300}; ///< AWS allows 5 minutes of skew
    bool double_uri_encode = true;
    bool normalize_uri_path = true;
};
/// Checks a signed request (as received by a server) against the credentials.
std::expected<void, verify_error> verify(const http_request& signed_request, const credentials& creds,
                                         std::chrono::sys_seconds now, const verify_options& options);

} // namespace chime_voice::sigv4

#endif
