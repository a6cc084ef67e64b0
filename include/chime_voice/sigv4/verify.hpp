// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/verify.hpp — server-side SigV4 verification, header
// signed or presigned, built on the same computation as sign().
//
// What a service checks before it trusts a request (SigV4 docs, "Create a
// signed AWS API request", and the service errors it returns: "Missing
// Authentication Token", "Signature expired", "The request signature we
// calculated does not match..."). Used by the loopback service and by any
// mock or proxy: a request it accepts was signed by the holder of the secret
// over exactly the bytes that matter: method, path, query, the signed
// headers and the body.
#ifndef CHIME_VOICE_SIGV4_VERIFY_HPP
#define CHIME_VOICE_SIGV4_VERIFY_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/amz_date.hpp>
#include <chime_voice/detail/sigv4_canonical.hpp>
#include <chime_voice/detail/sigv4_key.hpp>
#include <chime_voice/detail/sigv4_verify.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4/params.hpp>
#include <chime_voice/sigv4/presign.hpp>

#include <algorithm>
#include <chrono>
#include <cstddef>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace chime_voice::sigv4 {

/// Why verify() refused a request.
enum class verify_failure {
    missing_authorization,    ///< neither an Authorization header nor presigned query parameters
    malformed_authorization,  ///< not exactly one well-formed Authorization (or set of X-Amz-* parameters)
    missing_date,             ///< no X-Amz-Date
    malformed_date,           ///< X-Amz-Date is not yyyymmddThhmmssZ, or appears twice
    wrong_access_key,         ///< the access key id is not the one configured
    wrong_scope,              ///< date/region/service in the credential scope do not match
    request_time_too_skewed,  ///< X-Amz-Date too far from the verifier's clock ("Signature expired")
    expired,                  ///< a presigned request used after X-Amz-Date + X-Amz-Expires
    required_header_unsigned, ///< host or x-amz-date (or the session token) is not among SignedHeaders
    payload_hash_mismatch,    ///< x-amz-content-sha256 is not the SHA-256 of the body
    malformed_request,        ///< a request line or header that sign() would refuse
    signature_mismatch,       ///< recomputed signature differs (constant-time comparison)
};

/// A refusal, with text in the style of the service's error messages.
struct verify_error {
    verify_failure failure; ///< the reason, for code
    std::string message;    ///< the reason, for people
};

/// Whether x-amz-content-sha256: UNSIGNED-PAYLOAD is accepted.
enum class unsigned_payload_policy {
    /// The default: the body is always part of what is verified.
    refuse,
    /// Accept a request whose signature covers "UNSIGNED-PAYLOAD" instead
    /// of the body's hash (S3 style); the body is then not authenticated.
    allow,
};

/// What the verifier expects; the scope has no default.
struct verify_options {
    std::string region;                                                 ///< expected scope region
    std::string service;                                                ///< expected scope service, e.g. "chime"
    std::chrono::seconds max_skew{300};                                 ///< AWS allows 5 minutes of skew
    path_encoding uri_encoding = path_encoding::double_encoded;         ///< as the signer used
    path_normalization uri_normalization = path_normalization::enabled; ///< as the signer used
    unsigned_payload_policy unsigned_payload = unsigned_payload_policy::refuse; ///< see unsigned_payload_policy
};


/// Server side: checks the SigV4 signature of a received request against
/// `creds`, as the service does, in time O(n log n) in the number of
/// headers. Header-signed requests need exactly one Authorization header in
/// the exact form sign() writes, a lower-case hex signature, `host` and
/// `x-amz-date` among SignedHeaders (and X-Amz-Security-Token when `creds`
/// carry a token), exactly one X-Amz-Date within options.max_skew of `now`.
/// Presigned requests (no Authorization, X-Amz-Signature in the query) need
/// each X-Amz-* parameter once, `host` signed, and `now` within
/// [X-Amz-Date - max_skew, X-Amz-Date + X-Amz-Expires]. The body is always
/// hashed: an x-amz-content-sha256 header must equal its hash
/// (UNSIGNED-PAYLOAD only under unsigned_payload_policy::allow). The
/// signature is recomputed by the same code sign() uses and compared in
/// constant time. Throws only std::bad_alloc.
inline std::expected<void, verify_error> verify(const http_request& r, const credentials& creds,
                                                std::chrono::sys_seconds now, const verify_options& options) {
    namespace d = detail;
    using F = verify_failure;
    struct {
        std::unexpected<verify_error> operator()(F f, std::string m) const {
            return std::unexpected(verify_error{f, std::move(m)});
        }
    } refuse;

    // The request itself must be one sign() would produce.
    signing_params p;
    p.region = options.region;
    p.service = options.service;
    p.uri_encoding = options.uri_encoding;
    p.uri_normalization = options.uri_normalization;
    if (auto v = d::check_request_line(r, p); !v) return refuse(F::malformed_request, v.error().message);
    const http_header* auth = nullptr;
    const http_header* date_h = nullptr;
    const http_header* sha_h = nullptr;
    const http_header* token_h = nullptr;
    std::size_t hosts = 0, dates = 0;
    for (const auto& h : r.headers) {
        const auto kind = d::classify_header(h.name);
        if (auto m = d::check_header(h, kind); !m.empty()) return refuse(F::malformed_request, std::move(m));
        switch (kind) {
        case d::managed_header::host: ++hosts; break;
        case d::managed_header::authorization:
            if (auth) return refuse(F::malformed_authorization, "The request has more than one Authorization header.");
            auth = &h;
            break;
        case d::managed_header::amz_date:
            ++dates;
            if (!date_h) date_h = &h;
            break;
        case d::managed_header::content_sha256:
            if (sha_h) return refuse(F::malformed_request, "The request has more than one x-amz-content-sha256 header.");
            sha_h = &h;
            break;
        case d::managed_header::security_token: token_h = &h; break;
        case d::managed_header::none: break;
        }
    }
    if (hosts > 1) return refuse(F::malformed_request, "The request has more than one Host header.");

    // Presigned parameters, each at most once.
    std::optional<std::string_view> q[std::size(presign_query_names)];
    bool any_presign = false;
    std::string repeated;
    d::for_each_query_param(r.query, [&](std::string_view n, std::string_view v) {
        for (std::size_t i = 0; i < std::size(presign_query_names); ++i)
            if (n == presign_query_names[i]) {
                if (q[i]) repeated = std::string(n);
                q[i] = v;
                any_presign = true;
            }
    });
    const bool presigned = !auth && any_presign;
    if (auth && q[6]) return refuse(F::malformed_authorization, "Only one auth mechanism allowed; both Authorization and X-Amz-Signature were given.");
    if (!auth && !presigned) return refuse(F::missing_authorization, "Missing Authentication Token");
    if (presigned && !repeated.empty()) return refuse(F::malformed_authorization, "The query parameter " + repeated + " appears more than once.");

    // What the signature claims: credential scope, signed headers, signature, time.
    std::string cred_text, list_text, date_text;
    std::string_view signature;
    std::chrono::seconds expires{0};
    if (!presigned) {
        const auto a = d::parse_authorization(auth->value);
        if (!a) return refuse(F::malformed_authorization,
                                 "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters "
                                 "in the form AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=...");
        cred_text = a->credential;
        list_text = a->signed_headers;
        signature = a->signature;
        if (!date_h) return refuse(F::missing_date, "Authorization header requires existence of a 'X-Amz-Date' header.");
        if (dates > 1) return refuse(F::malformed_date, "The request has more than one X-Amz-Date header.");
        date_text = date_h->value;
    } else {
        for (std::size_t i : {0u, 1u, 2u, 3u, 4u, 6u})
            if (!q[i]) return refuse(F::malformed_authorization, "The presigned request has no " + std::string(presign_query_names[i]) + " parameter.");
        if (*q[0] != algorithm) return refuse(F::malformed_authorization, "X-Amz-Algorithm must be AWS4-HMAC-SHA256.");
        cred_text = d::percent_decoded(*q[1]);
        date_text = d::percent_decoded(*q[2]);
        list_text = d::percent_decoded(*q[3]);
        signature = *q[6];
        const std::string_view e = *q[4];
        long long secs = 0;
        bool digits = !e.empty() && e.size() <= 7;
        for (char c : e) {
            digits = digits && d::is_digit(c);
            if (digits) secs = secs * 10 + (c - '0');
        }
        if (!digits || secs < 1 || secs > max_presign_expiry.count())
            return refuse(F::malformed_authorization, "X-Amz-Expires must be a number of seconds from 1 to 604800.");
        expires = std::chrono::seconds{secs};
    }
    const auto given = d::parse_hex_digest(signature, d::hex_case::lower_only);
    if (!given) return refuse(F::malformed_authorization, "Signature must be 64 lower-case hexadecimal characters.");
    const auto parts = d::split_credential(cred_text);
    if (!parts) return refuse(F::malformed_authorization, "Credential must have the form <id>/<date>/<region>/<service>/aws4_request.");
    if (!(creds.access_key_id == (*parts)[0]))
        return refuse(F::wrong_access_key, "The security token included in the request is invalid.");
    const auto t = d::parse_amz_date(date_text);
    if (!t) return refuse(F::malformed_date, "X-Amz-Date must have the form YYYYMMDDTHHMMSSZ.");
    if ((*parts)[1] != std::string_view(date_text).substr(0, 8) || (*parts)[2] != options.region ||
        (*parts)[3] != options.service || (*parts)[4] != "aws4_request")
        return refuse(F::wrong_scope, "Credential should be scoped to a valid region, service and date.");

    // Time.
    if (presigned) {
        if (now + options.max_skew < *t) return refuse(F::request_time_too_skewed, "Request is not yet valid: X-Amz-Date is in the future.");
        if (now > *t + expires) return refuse(F::expired, "Request has expired: X-Amz-Date + X-Amz-Expires is in the past.");
    } else {
        const auto skew = *t > now ? *t - now : now - *t;
        if (skew > options.max_skew) {
            const auto lo = d::format_amz_date(now - options.max_skew), hi = d::format_amz_date(now + options.max_skew);
            const auto cur = d::format_amz_date(now);
            const auto mins = std::to_string(options.max_skew.count() / 60);
            std::string m = "Signature ";
            if (*t < now)
                m.append("expired: ").append(date_text).append(" is now earlier than ").append(lo ? lo->timestamp() : "?")
                    .append(" (").append(cur ? cur->timestamp() : "?").append(" - ").append(mins).append(" min.)");
            else
                m.append("not yet current: ").append(date_text).append(" is still later than ").append(hi ? hi->timestamp() : "?")
                    .append(" (").append(cur ? cur->timestamp() : "?").append(" + ").append(mins).append(" min.)");
            return refuse(F::request_time_too_skewed, std::move(m));
        }
    }

    // The headers the signature covers: exactly the listed ones, each present.
    if (!d::lists_name(list_text, "host")) return refuse(F::required_header_unsigned, "'host' must be a signed header.");
    if (!presigned && !d::lists_name(list_text, "x-amz-date"))
        return refuse(F::required_header_unsigned, "'x-amz-date' must be a signed header.");
    if (!creds.session_token.empty()) {
        const std::string_view token = presigned ? (q[5] ? *q[5] : std::string_view{}) : (token_h ? std::string_view(token_h->value) : std::string_view{});
        const std::string decoded = presigned ? d::percent_decoded(token) : std::string(token);
        if (!(creds.session_token == decoded))
            return refuse(F::wrong_access_key, "The security token included in the request is invalid.");
        if (!presigned && !d::lists_name(list_text, "x-amz-security-token"))
            return refuse(F::required_header_unsigned, "'x-amz-security-token' must be a signed header.");
    }
    const d::header_set all = d::sorted_headers(r);
    d::header_set hs;
    if (auto bad = d::select_signed(all, list_text, hs); !bad.empty())
        return refuse(F::signature_mismatch, bad + ". " + std::string(d::mismatch_message));

    // The body is always hashed.
    char body_hex[64];
    d::to_hex(d::sha256_hash(r.body), body_hex);
    std::string_view payload(body_hex, 64);
    bool try_unsigned = false;
    if (sha_h) {
        if (sha_h->value == "UNSIGNED-PAYLOAD") {
            if (options.unsigned_payload != unsigned_payload_policy::allow)
                return refuse(F::payload_hash_mismatch, "UNSIGNED-PAYLOAD is not accepted: the body must be signed.");
            payload = "UNSIGNED-PAYLOAD";
        } else if (sha_h->value != payload) {
            return refuse(F::payload_hash_mismatch,
                             "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
    } else if (presigned) {
        try_unsigned = options.unsigned_payload == unsigned_payload_policy::allow;
    }

    const d::sigv4_scope scope{(*parts)[1], options.region, options.service};
    auto matches = [&](std::string_view payload_hash) {
        const d::canonical_parts c{r.method, r.path, r.query, {}, &hs, list_text, payload_hash,
                                   options.uri_encoding, options.uri_normalization, false};
        const auto sig = d::signature_of(
            [&](auto& sink) {
                d::write_canonical_request(sink, c, [&](std::string_view n) { return presigned && n == "X-Amz-Signature"; });
            },
            creds.secret_access_key, scope, date_text, nullptr);
        return d::constant_time_equal(sig.data(), given->data(), sig.size());
    };
    if (matches(payload) || (try_unsigned && matches("UNSIGNED-PAYLOAD"))) return {};
    return refuse(F::signature_mismatch, std::string(d::mismatch_message));
}

} // namespace chime_voice::sigv4

#endif
