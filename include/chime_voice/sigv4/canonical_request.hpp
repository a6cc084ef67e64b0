// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/canonical_request.hpp — the canonical request and the
// string to sign as text, for debugging and tests.
//
// SigV4 docs, "Create a canonical request" and "Create a string to sign".
// These are written by the same detail writers that sign(), presign() and
// verify() hash, so what they print is exactly what was signed.
#ifndef CHIME_VOICE_SIGV4_CANONICAL_REQUEST_HPP
#define CHIME_VOICE_SIGV4_CANONICAL_REQUEST_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/amz_date.hpp>
#include <chime_voice/detail/sigv4_canonical.hpp>
#include <chime_voice/detail/sigv4_key.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4/params.hpp>

#include <expected>
#include <string>
#include <string_view>

namespace chime_voice::sigv4 {

/// The canonical request for `request` as it stands (call it after sign(),
/// or on a request that already carries X-Amz-Date and friends): every
/// header but the unsigned ones (and X-Amz-Security-Token when it is added
/// after signing), the payload hash as sign() chooses it. Checks the
/// request as sign() does. Throws only std::bad_alloc.
inline std::expected<std::string, error> canonical_request(const http_request& request, const signing_params& params) {
    namespace d = detail;
    if (auto v = d::check_request_line(request, params); !v) return std::unexpected(std::move(v.error()));
    d::header_set hs;
    const std::uint64_t mask = d::length_mask(params.unsigned_headers);
    std::string_view caller_sha;
    bool seen_sha = false; // an empty header value is still the payload hash, as sign() reads it
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
        const auto& h = request.headers[i];
        const auto kind = d::classify_header(h.name);
        if (auto m = d::check_header(h, kind); !m.empty()) return d::signing_error(std::move(m));
        if (kind == d::managed_header::security_token && params.session_token == session_token_mode::added_after_signing)
            continue;
        if (kind == d::managed_header::content_sha256 && !seen_sha) {
            caller_sha = h.value;
            seen_sha = true;
        }
        if (d::is_excluded(h.name, params.unsigned_headers, mask)) continue;
        d::add_header(hs, h.name, h.value, i);
    }
    d::sort_headers(hs);
    char body_hex[64];
    std::string_view payload = params.payload_hash;
    if (payload.empty() && seen_sha) payload = caller_sha;
    if (payload.empty() && !seen_sha) {
        d::to_hex(d::sha256_hash(request.body), body_hex);
        payload = {body_hex, 64};
    }
    const d::signed_header_list list(hs);
    std::string out;
    d::string_sink sink(out);
    d::write_canonical_request(sink, {request.method, request.path, request.query, {}, &hs, list.view(), payload,
                                      params.uri_encoding, params.uri_normalization});
    return out;
}

/// The string to sign for a canonical request at params.time in params'
/// scope. Throws only std::bad_alloc.
inline std::expected<std::string, error> string_to_sign(std::string_view canonical, const signing_params& params) {
    const auto date = detail::format_amz_date(params.time);
    if (!date) return detail::signing_error("signing time is outside years 0001-9999");
    const detail::scope_text scope({date->date(), params.region, params.service});
    return detail::string_to_sign_text(date->timestamp(), scope.view(), detail::sha256_hash(canonical));
}

} // namespace chime_voice::sigv4

#endif
