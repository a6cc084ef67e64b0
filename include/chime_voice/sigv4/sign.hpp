// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/sign.hpp — SigV4 header signing as compute, then apply.
//
// Implements "Signature Version 4 signing process" (AWS IAM User Guide,
// "Create a signed AWS API request"): canonical request, string to sign,
// signing key, and the Authorization header ("Add the signature to the
// request"). As smithy-rs's aws-sigv4 returns signing instructions and
// aws-c-auth a signing result that is applied afterwards, compute_signature()
// reads a const request and returns what to write, and apply_signature()
// writes it; sign() does both. presign() and verify() run the same
// computation (detail::signature_of), so the three cannot drift apart.
//
// Nothing here reads a clock (the time is signing_params::time) and nothing
// throws on bad input; the only exception that can escape is std::bad_alloc.
#ifndef CHIME_VOICE_SIGV4_SIGN_HPP
#define CHIME_VOICE_SIGV4_SIGN_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/amz_date.hpp>
#include <chime_voice/detail/sigv4_canonical.hpp>
#include <chime_voice/detail/sigv4_key.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4/key_cache.hpp>
#include <chime_voice/sigv4/params.hpp>

#include <algorithm>
#include <cstddef>
#include <cstring>
#include <expected>
#include <string>
#include <string_view>

namespace chime_voice::sigv4 {

/// What header signing adds to a request: the outcome of
/// compute_signature(), to hand to apply_signature(). Holds its texts in
/// inline buffers (a long SignedHeaders list spills to the heap once); the
/// session token is a view into the credentials it was computed with, and
/// the host a view into the request, so both must outlive apply_signature().
class signing_result {
public:
    /// The Authorization header value:
    /// "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<list>, Signature=<hex>".
    std::string_view authorization() const noexcept { return {auth_data(), auth_len_}; }
    /// The signature, 64 lower-case hex digits (the end of authorization()).
    std::string_view signature() const noexcept { return authorization().substr(auth_len_ - 64); }
    /// The X-Amz-Date value, "yyyymmddThhmmssZ".
    std::string_view amz_date() const noexcept { return {date_, 16}; }
    /// The x-amz-content-sha256 value to set; empty when the header is not sent.
    std::string_view content_sha256() const noexcept { return {sha_, sha_len_}; }
    /// The X-Amz-Security-Token value to set; empty when any such header is to be removed.
    std::string_view session_token() const noexcept { return token_; }
    /// The Host header value to add; empty when the request already has one.
    std::string_view added_host() const noexcept { return host_; }

    signing_result() noexcept = default;
    /// Copies every computed value.
    signing_result(const signing_result& o) { *this = o; }
    /// Copies every computed value.
    signing_result& operator=(const signing_result& o) {
        if (this == &o) return *this;
        std::memcpy(date_, o.date_, sizeof date_);
        std::memcpy(sha_, o.sha_, sizeof sha_);
        sha_len_ = o.sha_len_;
        managed_ = o.managed_;
        token_ = o.token_;
        host_ = o.host_;
        set_authorization(o.authorization());
        return *this;
    }

private:
    friend std::expected<signing_result, error> compute_signature(const http_request&, const credentials&,
                                                                  const signing_params&);
    friend std::expected<void, error> sign(http_request&, const credentials&, const signing_params&);
    // The work of compute_signature(), into `out` (sign() keeps `out` on its
    // stack; compute_signature() builds it inside the returned expected, so
    // the ~600-byte result is never copied).
    static std::expected<void, error> compute_into(signing_result& out, const http_request& request,
                                                   const credentials& creds, const signing_params& params);
    const char* auth_data() const noexcept { return auth_heap_.empty() ? auth_inline_ : auth_heap_.data(); }
    char* auth_buffer(std::size_t n) {
        auth_len_ = n;
        if (n <= sizeof auth_inline_) {
            auth_heap_.clear();
            return auth_inline_;
        }
        auth_heap_.resize(n);
        return auth_heap_.data();
    }
    void set_authorization(std::string_view v) {
        char* p = auth_buffer(v.size());
        if (!v.empty()) std::memcpy(p, v.data(), v.size());
    }

    char auth_inline_[448];
    std::string auth_heap_;
    std::size_t auth_len_ = 0;
    char date_[16]{};
    char sha_[64]{};
    std::size_t sha_len_ = 0;
    std::string_view token_, host_;
    bool managed_ = false; // the request held a header that apply_signature() replaces or removes
};

/// Computes the header signature of `request` as it will be after
/// apply_signature(): the request's headers minus the unsigned ones and the
/// ones signing manages (X-Amz-Date, X-Amz-Security-Token, Authorization and,
/// when sent, x-amz-content-sha256), plus the managed ones with their new
/// values and a Host header from request.host when none is present. Reads
/// nothing but its arguments; allocates nothing for a typical request.
///
/// The payload hash is signing_params::payload_hash when set, else SHA-256
/// of the body when x-amz-content-sha256 is sent, else the value of a
/// caller's x-amz-content-sha256 header (as botocore reads it), else SHA-256
/// of the body.
///
/// Errors (nothing computed): bad credentials (error_category::credentials);
/// a header name that is not a token, a header value with a control byte
/// other than HTAB, two Host headers, a malformed host, a path or query that
/// cannot go on the wire as it is (see request_target_check; the message
/// names the field and the byte offset), a bad region or service, or a time
/// outside years 0001-9999 (error_category::signing).
/// Throws only std::bad_alloc.
inline std::expected<signing_result, error> compute_signature(const http_request& request, const credentials& creds,
                                                              const signing_params& params) {
    std::expected<signing_result, error> r{std::in_place};
    if (auto v = signing_result::compute_into(*r, request, creds, params); !v) r = std::unexpected(std::move(v.error()));
    return r;
}

inline std::expected<void, error> signing_result::compute_into(signing_result& out, const http_request& request,
                                                              const credentials& creds, const signing_params& params) {
    namespace d = detail;
    if (auto v = d::check_credentials(creds); !v) return std::unexpected(std::move(v.error()));
    if (auto v = d::check_request_line(request, params); !v) return std::unexpected(std::move(v.error()));
    const auto date = d::format_amz_date(params.time);
    if (!date) return d::signing_error("signing time is outside years 0001-9999");
    // A presigned URL's signature in the query and an Authorization header
    // would be two auth mechanisms in one request, which a service refuses.
    bool presigned_query = false;
    if (request.query.find("X-Amz-Signature") != std::string_view::npos) // else no parameter can have that name
        d::for_each_query_param(request.query, [&](std::string_view n, std::string_view) {
            presigned_query = presigned_query || n == "X-Amz-Signature";
        });
    if (presigned_query)
        return d::signing_error("the query carries X-Amz-Signature (a presigned request); header signing would "
                                "give it two signatures: remove the presign parameters first");

    const bool send_sha = params.content_sha256 == content_sha256_header::sent;
    const bool has_token = !creds.session_token.empty();
    const bool sign_token = has_token && params.session_token == session_token_mode::signed_header;

    std::memcpy(out.date_, date->timestamp().data(), 16);
    out.token_ = creds.session_token;
    out.managed_ = false;

    // One pass: validate every header (one scan of each value, which also
    // tells whether the value needs trimming in the canonical request),
    // select the signed ones, note the host and a caller's payload hash.
    d::header_set hs;
    const bool default_set = params.unsigned_headers.data() == default_unsigned_headers.data() &&
                             params.unsigned_headers.size() == default_unsigned_headers.size();
    const std::uint64_t mask = default_set ? 0 : d::length_mask(params.unsigned_headers);
    std::size_t hosts = 0;
    std::string_view caller_sha;
    bool seen_sha = false;
    // The signed names, lower-cased once here: the sort, the canonical
    // headers and the SignedHeaders list then work on plain bytes.
    std::size_t name_bytes = 0;
    for (const auto& h : request.headers) name_bytes += h.name.size();
    d::char_buffer<512> lower_names(name_bytes);
    char* next_name = lower_names.data();
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
        const auto& h = request.headers[i];
        // The name lower-cased first (into the arena, kept only when the
        // header is signed): classification and the token check read that.
        d::lower_copy(h.name.data(), h.name.size(), next_name);
        const std::string_view lower(next_name, h.name.size());
        const auto kind = d::classify_lower(lower);
        d::field_scan scan;
        if (kind != d::managed_header::authorization) scan = d::scan_field_value(h.value);
        // check_header() gives the message; a Host header with the request's
        // own host (checked by check_request_line) needs no second check.
        if (!d::is_lower_token(lower) || scan.bad != std::string_view::npos ||
            (kind == d::managed_header::host && std::string_view(h.value) != request.host))
            if (auto m = d::check_header(h, kind); !m.empty()) return d::signing_error(std::move(m));
        switch (kind) {
        case d::managed_header::host:
            if (++hosts > 1)
                return d::signing_error("the request has two Host headers (RFC 9112 section 3.2: a server must "
                                        "answer 400); keep one");
            break;
        case d::managed_header::amz_date:
        case d::managed_header::security_token:
        case d::managed_header::authorization:
            out.managed_ = true;
            continue; // replaced (or removed) by apply_signature
        case d::managed_header::content_sha256:
            out.managed_ = true;
            if (send_sha) continue; // replaced
            if (seen_sha) return d::signing_error("the request has two x-amz-content-sha256 headers; keep one");
            seen_sha = true;
            caller_sha = h.value;
            break;
        case d::managed_header::none: break;
        }
        if (default_set ? d::is_default_unsigned_lower(lower) : d::is_excluded(lower, params.unsigned_headers, mask))
            continue;
        d::add_header(hs, lower, h.value, i, scan.trimmed);
        next_name += h.name.size();
    }

    // The payload hash, computed once.
    char body_hex[64];
    std::string_view payload;
    if (!params.payload_hash.empty()) {
        payload = params.payload_hash;
    } else if (!send_sha && seen_sha) {
        payload = caller_sha;
    } else {
        d::to_hex(d::sha256_hash(request.body), body_hex);
        payload = {body_hex, 64};
    }
    if (send_sha) {
        const std::size_t n = std::min(payload.size(), sizeof out.sha_);
        if (payload.size() > sizeof out.sha_) return d::signing_error("payload hash override is longer than 64 bytes");
        std::memcpy(out.sha_, payload.data(), n);
        out.sha_len_ = n;
    }

    // The headers apply_signature() will write (sorted after the request's own).
    // Their values are in Trimall form: a checked host, a token checked to be
    // visible ASCII, digits, and hex or a payload hash checked the same way.
    // The default unsigned set excludes none of these four names.
    const std::size_t end = request.headers.size();
    auto signs = [&](std::string_view name) { return default_set || !d::is_excluded(name, params.unsigned_headers, mask); };
    if (hosts == 0) {
        out.host_ = request.host;
        if (signs("host")) d::add_header(hs, "host", request.host, end, true);
    }
    if (sign_token && signs("x-amz-security-token"))
        d::add_header(hs, "x-amz-security-token", creds.session_token, end + 1, true);
    if (signs("x-amz-date")) d::add_header(hs, "x-amz-date", out.amz_date(), end + 2, true);
    if (send_sha && signs("x-amz-content-sha256"))
        d::add_header(hs, "x-amz-content-sha256", out.content_sha256(), end + 3, true);
    d::sort_headers(hs, true);
    const d::signed_header_list list(hs, true);

    const d::canonical_parts parts{request.method, request.path, request.query, {}, &hs, list.view(), payload,
                                   params.uri_encoding, params.uri_normalization, true};
    const d::sigv4_scope scope{date->date(), params.region, params.service};
    const auto sig = d::signature_of([&](auto& sink) { d::write_canonical_request(sink, parts); },
                                     creds.secret_access_key, scope, date->timestamp(), params.key_cache);

    // "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<list>, Signature=<hex>"
    constexpr std::string_view cred_key = " Credential=", list_key = ", SignedHeaders=", sig_key = ", Signature=";
    const d::scope_text scope_str(scope);
    const std::size_t size = algorithm.size() + cred_key.size() + creds.access_key_id.size() + 1 +
                             scope_str.view().size() + list_key.size() + list.view().size() + sig_key.size() + 64;
    char* p = out.auth_buffer(size);
    auto put = [&](std::string_view s) {
        std::memcpy(p, s.data(), s.size());
        p += s.size();
    };
    put(algorithm);
    put(cred_key);
    put(creds.access_key_id);
    put("/");
    put(scope_str.view());
    put(list_key);
    put(list.view());
    put(sig_key);
    d::hex_lower(sig.data(), sig.size(), p);
    return {};
}

/// Writes a signing_result into the request it was computed for: adds the
/// Host header when it was missing, sets X-Amz-Security-Token (or removes
/// it when the credentials carry no token), X-Amz-Date, x-amz-content-sha256
/// (when sent) and Authorization, each replacing the first header of that
/// name in place (its string's capacity is reused, so re-signing allocates
/// nothing) and dropping repeats. The credentials and the request's host
/// that `result` views must still be alive. Throws only std::bad_alloc.
inline void apply_signature(http_request& request, const signing_result& result) {
    namespace d = detail;
    auto& hs = request.headers;
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t token_i = none, date_i = none, sha_i = none, auth_i = none;
    bool erase = false;
    const std::string_view token = result.session_token(), sha = result.content_sha256();
    // One pass: the first of each managed header is kept (and rewritten
    // below); repeats, and a token with no token to set, are marked by
    // clearing their names, then erased together.
    for (std::size_t i = 0; i < hs.size(); ++i) {
        std::size_t* slot = nullptr;
        bool keep_first = true;
        switch (d::classify_header(hs[i].name)) {
        case d::managed_header::amz_date: slot = &date_i; break;
        case d::managed_header::authorization: slot = &auth_i; break;
        case d::managed_header::security_token:
            slot = &token_i;
            keep_first = !token.empty();
            break;
        case d::managed_header::content_sha256:
            if (sha.empty()) continue;
            slot = &sha_i;
            break;
        default: continue;
        }
        if (*slot == none && keep_first) {
            *slot = i;
        } else {
            hs[i].name.clear();
            erase = true;
        }
    }
    if (erase) {
        // Positions after an erased header shift: recompute the kept ones.
        hs.erase(std::remove_if(hs.begin(), hs.end(), [](const http_header& h) { return h.name.empty(); }), hs.end());
        token_i = date_i = sha_i = auth_i = none;
        for (std::size_t i = 0; i < hs.size(); ++i) switch (d::classify_header(hs[i].name)) {
            case d::managed_header::amz_date: date_i = i; break;
            case d::managed_header::authorization: auth_i = i; break;
            case d::managed_header::security_token: token_i = i; break;
            case d::managed_header::content_sha256: sha_i = sha.empty() ? none : i; break;
            default: break;
            }
    }
    auto put = [&](std::size_t at, std::string_view name, std::string_view value) {
        if (at != none)
            hs[at].value.assign(value);
        else
            hs.push_back(http_header{std::string(name), std::string(value)});
    };
    if (!result.added_host().empty()) hs.push_back(http_header{"host", std::string(result.added_host())});
    if (!token.empty()) put(token_i, "X-Amz-Security-Token", token);
    put(date_i, "X-Amz-Date", result.amz_date());
    if (!sha.empty()) put(sha_i, "x-amz-content-sha256", sha);
    put(auth_i, "Authorization", result.authorization());
}

/// Signs `request` in place with an Authorization header (SigV4 header
/// signing): compute_signature(), then apply_signature(). Signing the same
/// request again (a retry) replaces what the last signature wrote. On error
/// the request is left unchanged. Throws only std::bad_alloc.
inline std::expected<void, error> sign(http_request& request, const credentials& creds,
                                       const signing_params& params) {
    signing_result result;
    if (auto v = signing_result::compute_into(result, request, creds, params); !v)
        return std::unexpected(std::move(v.error()));
    if (result.managed_) {
        apply_signature(request, result);
        return {};
    }
    // A request with none of the headers signing writes (a first signature,
    // as serialize_request hands it over): compute_into() has just looked at
    // every header, so the new ones are appended without apply_signature()'s
    // second look, in the order it would append them.
    auto& hs = request.headers;
    if (!result.added_host().empty()) hs.push_back(http_header{"host", std::string(result.added_host())});
    if (!result.session_token().empty())
        hs.push_back(http_header{"X-Amz-Security-Token", std::string(result.session_token())});
    hs.push_back(http_header{"X-Amz-Date", std::string(result.amz_date())});
    if (!result.content_sha256().empty())
        hs.push_back(http_header{"x-amz-content-sha256", std::string(result.content_sha256())});
    hs.push_back(http_header{"Authorization", std::string(result.authorization())});
    return {};
}

} // namespace chime_voice::sigv4

#endif
