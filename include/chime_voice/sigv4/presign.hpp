// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/presign.hpp — SigV4 query signing (presigned URLs) as
// compute, then apply.
//
// Implements "Authenticating Requests: Using Query Parameters" of the SigV4
// documentation: the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Date,
// X-Amz-Expires, X-Amz-SignedHeaders (and X-Amz-Security-Token) parameters
// are part of the canonical query string; X-Amz-Signature is appended after.
// The signature comes from the same detail::signature_of as sign() and verify().
#ifndef CHIME_VOICE_SIGV4_PRESIGN_HPP
#define CHIME_VOICE_SIGV4_PRESIGN_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/amz_date.hpp>
#include <chime_voice/detail/sigv4_canonical.hpp>
#include <chime_voice/detail/sigv4_key.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4/params.hpp>

#include <algorithm>
#include <chrono>
#include <expected>
#include <iterator>
#include <string>
#include <string_view>

namespace chime_voice::sigv4 {

/// The query parameters a presigned request carries, in the order presign() writes them.
inline constexpr std::string_view presign_query_names[] = {
    "X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date", "X-Amz-SignedHeaders",
    "X-Amz-Expires",   "X-Amz-Security-Token", "X-Amz-Signature"};

/// What query signing adds to a request: the outcome of
/// compute_presigned_query(), to hand to apply_presigned_query().
struct presigned_query {
    /// The request's own query without earlier signature parameters, then
    /// the signature parameters ("...&X-Amz-Algorithm=...&X-Amz-Signature=<hex>").
    std::string query;
    /// True when a Host header must be added from request.host.
    bool add_host = false;
    /// The signature, 64 lower-case hex digits (the end of `query`).
    std::string_view signature() const noexcept { return std::string_view(query).substr(query.size() - 64); }
};

/// True for the names presign() writes (an earlier presign's parameters are replaced).
inline bool is_presign_parameter(std::string_view name) noexcept {
    return std::find(std::begin(presign_query_names), std::end(presign_query_names), name) !=
           std::end(presign_query_names);
}

/// Computes the query signature of `request` valid for `expires` (1 second
/// to 7 days). The headers present (after the unsigned ones are left out,
/// plus Host when missing) are signed and must be sent with the URL.
/// Errors as compute_signature(), plus an out-of-range expiry. Throws only
/// std::bad_alloc.
inline std::expected<presigned_query, error> compute_presigned_query(const http_request& request,
                                                                     const credentials& creds,
                                                                     const signing_params& params,
                                                                     std::chrono::seconds expires) {
    namespace d = detail;
    if (expires < std::chrono::seconds{1} || expires > max_presign_expiry)
        return d::signing_error("X-Amz-Expires must be between 1 second and 7 days");
    if (auto v = d::check_credentials(creds); !v) return std::unexpected(std::move(v.error()));
    if (auto v = d::check_request_line(request, params); !v) return std::unexpected(std::move(v.error()));
    const auto date = d::format_amz_date(params.time);
    if (!date) return d::signing_error("signing time is outside years 0001-9999");

    presigned_query out;
    d::header_set hs;
    const std::uint64_t mask = d::length_mask(params.unsigned_headers);
    std::size_t hosts = 0;
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
        const auto& h = request.headers[i];
        const auto kind = d::classify_header(h.name);
        if (auto m = d::check_header(h, kind); !m.empty()) return d::signing_error(std::move(m));
        if (kind == d::managed_header::host && ++hosts > 1)
            return d::signing_error("the request has two Host headers (RFC 9112 section 3.2); keep one");
        if (kind == d::managed_header::authorization) continue; // removed by apply_presigned_query
        if (d::is_excluded(h.name, params.unsigned_headers, mask)) continue;
        hs.push_back({h.name, h.value, i});
    }
    if (hosts == 0) {
        out.add_host = true;
        hs.push_back({"host", request.host, request.headers.size()});
    }
    d::sort_headers(hs);
    const d::signed_header_list list(hs);
    const d::sigv4_scope scope{date->date(), params.region, params.service};
    const d::scope_text scope_str(scope);

    std::string credential(creds.access_key_id);
    credential.append(1, '/').append(scope_str.view());
    std::string cred_enc, list_enc, token_enc, expires_text = std::to_string(expires.count());
    d::percent_encode_append(cred_enc, credential);
    d::percent_encode_append(list_enc, list.view());
    d::percent_encode_append(token_enc, creds.session_token);
    const bool token = !creds.session_token.empty();

    d::small_vector<d::query_param, 8> extra;
    extra.push_back({"X-Amz-Algorithm", algorithm});
    extra.push_back({"X-Amz-Credential", cred_enc});
    extra.push_back({"X-Amz-Date", date->timestamp()});
    extra.push_back({"X-Amz-Expires", expires_text});
    extra.push_back({"X-Amz-SignedHeaders", list_enc});
    if (token && params.session_token == session_token_mode::signed_header)
        extra.push_back({"X-Amz-Security-Token", token_enc});

    char body_hex[64];
    std::string_view payload = params.payload_hash;
    if (payload.empty()) {
        d::to_hex(d::sha256_hash(request.body), body_hex);
        payload = {body_hex, 64};
    }
    const d::canonical_parts parts{request.method, request.path, request.query,
                                   std::span<const d::query_param>(extra.data(), extra.size()), &hs, list.view(),
                                   payload, params.uri_encoding, params.uri_normalization, false};
    const auto sig = d::signature_of(
        [&](auto& sink) { d::write_canonical_request(sink, parts, [](std::string_view n) { return is_presign_parameter(n); }); },
        creds.secret_access_key, scope, date->timestamp(), params.key_cache);

    // The request's own parameters verbatim (earlier signature parameters dropped), then ours.
    d::split(request.query, '&', [&](std::string_view comp) {
        if (comp.empty() || is_presign_parameter(comp.substr(0, comp.find('=')))) return;
        if (!out.query.empty()) out.query.push_back('&');
        out.query.append(comp);
    });
    if (!out.query.empty()) out.query.push_back('&');
    out.query.append("X-Amz-Algorithm=").append(algorithm);
    out.query.append("&X-Amz-Credential=").append(cred_enc);
    out.query.append("&X-Amz-Date=").append(date->timestamp());
    out.query.append("&X-Amz-SignedHeaders=").append(list_enc);
    out.query.append("&X-Amz-Expires=").append(expires_text);
    if (token) out.query.append("&X-Amz-Security-Token=").append(token_enc);
    out.query.append("&X-Amz-Signature=");
    d::append_hex(out.query, sig.data(), sig.size());
    return out;
}

/// Writes a presigned_query into the request it was computed for: replaces
/// the query, adds the Host header when it was missing, and removes any
/// Authorization header. Throws only std::bad_alloc.
inline void apply_presigned_query(http_request& request, presigned_query q) {
    request.query = std::move(q.query);
    if (q.add_host) request.headers.push_back(http_header{"host", request.host});
    std::erase_if(request.headers, [](const http_header& h) { return detail::iequals(h.name, "authorization"); });
}

/// Query-string signing: turns `request` into a presigned URL valid for
/// `expires` (1 second to 7 days): compute_presigned_query(), then
/// apply_presigned_query(). On error the request is left unchanged.
/// Throws only std::bad_alloc.
inline std::expected<void, error> presign(http_request& request, const credentials& creds,
                                          const signing_params& params, std::chrono::seconds expires) {
    auto q = compute_presigned_query(request, creds, params, expires);
    if (!q) return std::unexpected(std::move(q.error()));
    apply_presigned_query(request, std::move(*q));
    return {};
}

} // namespace chime_voice::sigv4

#endif
