// SPDX-License-Identifier: BSL-1.0
// fuzz_sign — sigv4::sign on arbitrary requests.
// Input: flags 0x1E time 0x1E method 0x1E host 0x1E path 0x1E query 0x1E
//        header-count 0x1E (name 0x1E value 0x1E)* body
// flags bit 0: session token; bit 1: token added after signing; bit 2:
// single URI encoding; bit 3: no path normalization; bit 4:
// x-amz-content-sha256 sent; bit 5: a signing key cache.
//
// Either an error, and then the request is unchanged; or:
//  * the signature is stable (re-signing the signed request, and signing an
//    untouched copy, give the same Authorization; with and without the key
//    cache too);
//  * the canonical request has no CR at all, exactly 5 + (number of signed
//    header names) LFs, each canonical header line is "name:value" with a
//    lower-case token name, and the names are the SignedHeaders list;
//  * sigv4::verify accepts the signed request, except the two it must
//    refuse: a caller's x-amz-content-sha256 that is not the body's hash,
//    and a session token left out of the signature;
//  * the signed request written for the wire has exactly one CRLF per
//    header line (no header injection).
#include <chime_voice/sigv4.hpp>

#include "fuzz_harness.hpp"
#include "fuzz_request.hpp"

#include <algorithm>
#include <chrono>
#include <string>
#include <string_view>

namespace {

using chime_voice_fuzz::check;

bool same(const chime_voice::http_request& a, const chime_voice::http_request& b) {
    if (a.method != b.method || a.scheme != b.scheme || a.host != b.host || a.path != b.path ||
        a.query != b.query || a.body != b.body || a.headers.size() != b.headers.size())
        return false;
    for (std::size_t i = 0; i < a.headers.size(); ++i)
        if (a.headers[i].name != b.headers[i].name || a.headers[i].value != b.headers[i].value) return false;
    return true;
}

std::string authorization(const chime_voice::http_request& r) {
    const auto* h = r.find_header("authorization");
    check(h != nullptr, "a signed request has an Authorization header");
    return h->value;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    chime_voice_fuzz::input in(data, size);
    const unsigned flags = in.flags();
    // Seconds since the epoch; the range covers years before 0001 and after 9999.
    const long long t = in.number(-70000000000LL, 300000000000LL, 1440938160);

    http_request r = chime_voice_fuzz::read_request(in);

    const credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                            (flags & 1) ? "IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+=" : "");
    sigv4::signing_params p;
    p.region = "us-east-1";
    p.service = "chime";
    p.time = std::chrono::sys_seconds{std::chrono::seconds{t}};
    if (flags & 2) p.session_token = sigv4::session_token_mode::added_after_signing;
    if (flags & 4) p.uri_encoding = sigv4::path_encoding::single_encoded;
    if (flags & 8) p.uri_normalization = sigv4::path_normalization::disabled;
    if (flags & 16) p.content_sha256 = sigv4::content_sha256_header::sent;
    sigv4::signing_key_cache cache;
    if (flags & 32) p.key_cache = &cache;

    const http_request original = r;
    const auto s = sigv4::sign(r, creds, p);
    if (!s) {
        check(same(r, original), "a refused request is left unchanged");
        check(!s.error().message.empty(), "a signing error has a message");
        check(s.error().category == error_category::signing || s.error().category == error_category::credentials,
              "a signing error has category signing or credentials");
        return 0;
    }
    const std::string auth = authorization(r);

    // Stability: sign an untouched copy, and re-sign the signed request.
    http_request copy = original;
    check(sigv4::sign(copy, creds, p).has_value(), "signing a copy succeeds too");
    check(same(copy, r), "signing a copy gives the same bytes");
    http_request again = r;
    check(sigv4::sign(again, creds, p).has_value(), "re-signing succeeds");
    check(authorization(again) == auth, "re-signing gives the same signature");
    if (p.key_cache) {
        check(sigv4::sign(again, creds, p).has_value() && authorization(again) == auth,
              "a cache hit gives the same signature");
        sigv4::signing_params q = p;
        q.key_cache = nullptr;
        http_request c2 = original;
        check(sigv4::sign(c2, creds, q).has_value() && authorization(c2) == auth,
              "with and without the key cache agree");
    }

    // The canonical request: no CR, one LF per line.
    const auto creq = sigv4::canonical_request(r, p);
    check(creq.has_value(), "a signed request has a canonical request");
    const std::string& c = *creq;
    check(c.find('\r') == std::string::npos, "no CR in the canonical request");
    const auto sh_at = auth.find("SignedHeaders=");
    const auto sig_at = auth.find(", Signature=");
    check(sh_at != std::string::npos && sig_at != std::string::npos, "Authorization has its parts");
    const std::string signed_list = auth.substr(sh_at + 14, sig_at - sh_at - 14);
    const std::size_t names = signed_list.empty() ? 0 : 1 + std::ranges::count(signed_list, ';');
    check(static_cast<std::size_t>(std::ranges::count(c, '\n')) == 5 + names,
          "the canonical request has 5 + (signed header names) LFs");
    // Lines: method, uri, query, names headers, "", signed list, payload hash.
    std::string_view rest = c;
    auto line = [&] {
        const auto nl = rest.find('\n');
        const auto l = rest.substr(0, nl);
        rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
        return l;
    };
    check(line() == r.method, "first line is the method");
    line();
    line();
    std::string rebuilt;
    for (std::size_t i = 0; i < names; ++i) {
        const auto l = line();
        const auto colon = l.find(':');
        check(colon != std::string_view::npos && colon > 0, "a header line is name:value");
        const auto name = l.substr(0, colon);
        check(detail::is_token(name), "a canonical header name is a token");
        check(std::ranges::none_of(name, [](char ch) { return ch >= 'A' && ch <= 'Z'; }),
              "a canonical header name is lower case");
        if (!rebuilt.empty()) rebuilt += ';';
        rebuilt += name;
    }
    check(rebuilt == signed_list, "the canonical header names are the SignedHeaders list");
    check(line().empty(), "a blank line ends the canonical headers");
    check(line() == signed_list, "the signed headers line");
    // The payload hash: a caller's x-amz-content-sha256 header when there is
    // one (as botocore and verify() read it), else the body's SHA-256 in hex.
    const auto* content_hash = r.find_header("x-amz-content-sha256");
    const auto payload_line = line();
    check(rest.empty(), "the payload hash ends the canonical request");
    if (content_hash) check(payload_line == content_hash->value, "the payload hash is x-amz-content-sha256");
    else check(payload_line.size() == 64, "the payload hash is 64 hex digits");

    // The signature verifies, as the service would check it.
    sigv4::verify_options vo;
    vo.region = p.region;
    vo.service = p.service;
    vo.uri_encoding = p.uri_encoding;
    vo.uri_normalization = p.uri_normalization;
    const auto v = sigv4::verify(r, creds, p.time, vo);
    const std::string body_hash = detail::to_hex(detail::sha256_hash(r.body));
    const bool bad_hash = content_hash && content_hash->value != body_hash;
    const bool token_outside =
        !creds.session_token.empty() && p.session_token == sigv4::session_token_mode::added_after_signing;
    if (bad_hash || token_outside) {
        // Either reason may be the one reported when both apply.
        if (!(!v && ((bad_hash && v.error().failure == sigv4::verify_failure::payload_hash_mismatch) ||
                     (token_outside && v.error().failure == sigv4::verify_failure::required_header_unsigned))))
            chime_voice_fuzz::fuzz_check_failed(
                "verify() refuses an x-amz-content-sha256 that is not the body's hash, and a token outside the "
                "signature, for that reason: " + (v ? std::string("accepted") : v.error().message));
    } else if (!v) {
        chime_voice_fuzz::fuzz_check_failed("verify() accepts the signed request: " + v.error().message);
    }

    // On the wire: one CRLF per header line, plus the request line and the blank line.
    const std::string wire = to_wire(r);
    const auto head = std::string_view(wire).substr(0, wire.size() - r.body.size());
    std::size_t crlf = 0;
    for (std::size_t i = 0; i + 1 < head.size(); ++i)
        if (head[i] == '\r' && head[i + 1] == '\n') ++crlf;
    check(crlf == r.headers.size() + 2, "no header injection on the wire");
    check(std::ranges::count(head, '\n') == static_cast<std::ptrdiff_t>(crlf), "no bare LF on the wire");
    return 0;
}
