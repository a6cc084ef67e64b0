// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/sigv4_verify.hpp — the parsing pieces of sigv4::verify().
//
// Not public API. Reads what a signed request claims (the Authorization
// header, the credential scope, the SignedHeaders list) strictly, and looks
// the signed headers up in O(n log n) in the number of headers.
#ifndef CHIME_VOICE_DETAIL_SIGV4_VERIFY_HPP
#define CHIME_VOICE_DETAIL_SIGV4_VERIFY_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/ascii.hpp>
#include <chime_voice/detail/percent_encoding.hpp>
#include <chime_voice/detail/sigv4_canonical.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4/params.hpp>

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chime_voice::detail {

inline constexpr std::string_view mismatch_message =
    "The request signature we calculated does not match the signature you provided. "
    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

/// <id>/<date>/<region>/<service>/aws4_request split in five; nullopt unless exactly five non-empty parts.
inline std::optional<std::array<std::string_view, 5>> split_credential(std::string_view c) noexcept {
    std::array<std::string_view, 5> parts;
    std::size_t n = 0;
    bool ok = true;
    split(c, '/', [&](std::string_view p) {
        if (n < 5 && !p.empty()) parts[n] = p;
        else ok = false;
        ++n;
    });
    if (!ok || n != 5) return std::nullopt;
    return parts;
}

/// The request's headers sorted by lower-cased name (for lookups in
/// O(n log n) overall, never a scan per signed name).
inline header_set sorted_headers(const http_request& r) {
    header_set all;
    for (std::size_t i = 0; i < r.headers.size(); ++i) add_header(all, r.headers[i].name, r.headers[i].value, i);
    sort_headers(all);
    return all;
}

/// The headers named in `list` (sorted, unique, lower case, ';'-separated),
/// by a merge walk over `all` (sorted). Empty string when fine, else the
/// first listed name that is missing or out of order.
inline std::string select_signed(const header_set& all, std::string_view list, header_set& out) {
    std::size_t j = 0;
    std::string_view prev;
    std::string bad;
    split(list, ';', [&](std::string_view name) {
        if (!bad.empty()) return;
        if (!is_token(name)) {
            bad = "SignedHeaders has an entry that is not a header name";
            return;
        }
        for (char c : name)
            if (c >= 'A' && c <= 'Z') {
                bad = "SignedHeaders must be lower case";
                return;
            }
        if (!prev.empty() && !(prev < name)) {
            bad = "SignedHeaders must be sorted and without repeats";
            return;
        }
        prev = name;
        while (j < all.size() && iless(all[j].name, name)) ++j;
        if (j == all.size() || !iequals(all[j].name, name)) {
            bad = "signed header '" + std::string(name) + "' is not in the request";
            return;
        }
        while (j < all.size() && iequals(all[j].name, name)) out.push_back(all[j++]);
    });
    return bad;
}

inline bool lists_name(std::string_view list, std::string_view name) noexcept {
    bool found = false;
    split(list, ';', [&](std::string_view n) { found = found || n == name; });
    return found;
}

/// Strict parse of "AWS4-HMAC-SHA256 Credential=<c>, SignedHeaders=<s>, Signature=<64 lower hex>".
struct parsed_authorization {
    std::string_view credential, signed_headers, signature;
};
inline std::optional<parsed_authorization> parse_authorization(std::string_view a) noexcept {
    constexpr std::string_view cred_key = " Credential=", sh_key = ", SignedHeaders=", sig_key = ", Signature=";
    if (!a.starts_with(sigv4::algorithm)) return std::nullopt;
    a.remove_prefix(sigv4::algorithm.size());
    if (!a.starts_with(cred_key)) return std::nullopt;
    a.remove_prefix(cred_key.size());
    parsed_authorization p;
    const auto e1 = a.find(sh_key);
    if (e1 == std::string_view::npos) return std::nullopt;
    p.credential = a.substr(0, e1);
    a.remove_prefix(e1 + sh_key.size());
    const auto e2 = a.find(sig_key);
    if (e2 == std::string_view::npos) return std::nullopt;
    p.signed_headers = a.substr(0, e2);
    p.signature = a.substr(e2 + sig_key.size());
    for (auto part : {p.credential, p.signed_headers})
        if (part.empty() || part.find_first_of(", =") != std::string_view::npos) return std::nullopt;
    return p;
}

/// Decodes %XY escapes of a short query value into `out` (its size bounds the result).
inline std::string percent_decoded(std::string_view v) {
    std::string out(v.size(), '\0');
    out.resize(static_cast<std::size_t>(percent_decode_to(v, out.data()) - out.data()));
    return out;
}

} // namespace chime_voice::detail

#endif
