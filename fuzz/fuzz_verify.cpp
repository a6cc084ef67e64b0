// SPDX-License-Identifier: BSL-1.0
// fuzz_verify — sigv4::verify is not fooled by a one-byte change.
// Input: flags 0x1E part 0x1E index 0x1E offset 0x1E xor 0x1E time 0x1E
//        method 0x1E host 0x1E path 0x1E query 0x1E header-count 0x1E
//        (name 0x1E value 0x1E)* body
// flags bit 0: session token; bit 2: single URI encoding; bit 3: no path
// normalization; bit 4: x-amz-content-sha256 sent; bit 5: presign instead.
// part: 0 method, 1 path, 2 query, 3 a header value (index), 4 body,
// 5 the signature.
//
// Properties: a request sign() (or presign()) accepts always verifies at
// its signing time; after one byte of the chosen part is XORed with a
// non-zero value, verify() refuses whenever the body or the signature
// changed, and otherwise accepts only when the change is invisible to the
// canonical request (e.g. a tab for a space inside a header value, which
// SigV4's trimming folds the same way) and leaves the request sendable.
#include <chime_voice/sigv4.hpp>

#include "fuzz_harness.hpp"
#include "fuzz_request.hpp"

#include <chrono>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    using chime_voice_fuzz::check;
    chime_voice_fuzz::input in(data, size);
    const unsigned flags = in.flags();
    const auto part = in.number(0, 5, 4);
    const auto index = static_cast<std::size_t>(in.number(0, 1000, 0));
    const auto offset = static_cast<std::size_t>(in.number(0, 1 << 20, 0));
    const auto x = static_cast<char>(in.number(1, 255, 1));
    const long long t = in.number(-70000000000LL, 300000000000LL, 1440938160);

    http_request r = chime_voice_fuzz::read_request(in);

    const credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY",
                            (flags & 1) ? "IQoJb3JpZ2luX2VjEXAMPLE/TOKEN+=" : "");
    const std::chrono::sys_seconds when{std::chrono::seconds{t}};
    sigv4::signing_params p{signing_scope{"us-east-1", "chime"}, when};
    if (flags & 4) p.uri_encoding = sigv4::path_encoding::single_encoded;
    if (flags & 8) p.uri_normalization = sigv4::path_normalization::disabled;
    if (flags & 16) p.content_sha256 = sigv4::content_sha256_header::sent;
    // A caller's x-amz-content-sha256 is signed as given and refused by
    // verify() unless it is the body's hash (fuzz_sign checks that); here
    // the header, when present, is always the one sign() writes.
    std::erase_if(r.headers, [](const http_header& h) { return detail::iequals(h.name, "x-amz-content-sha256"); });
    const bool presigned = flags & 32;
    const auto s = presigned ? sigv4::presign(r, creds, p, std::chrono::seconds{900}) : sigv4::sign(r, creds, p);
    if (!s) return 0;

    sigv4::verify_options vo;
    vo.region = "us-east-1";
    vo.service = "chime";
    vo.uri_encoding = p.uri_encoding;
    vo.uri_normalization = p.uri_normalization;
    const auto ok = sigv4::verify(r, creds, when, vo);
    if (!ok) chime_voice_fuzz::fuzz_check_failed("a signed request verifies: " + ok.error().message);

    // One byte of one part changes.
    http_request m = r;
    std::string* target = nullptr;
    std::size_t lo = 0;
    switch (part) {
    case 0: target = &m.method; break;
    case 1: target = &m.path; break;
    case 2: target = &m.query; break;
    case 3:
        if (m.headers.empty()) return 0;
        target = &m.headers[index % m.headers.size()].value;
        break;
    case 4: target = &m.body; break;
    default:
        if (presigned) {
            target = &m.query;
            lo = m.query.size() - 64;
        } else {
            target = &m.find_header("authorization")->value;
            lo = target->size() - 64;
        }
        break;
    }
    if (target->size() <= lo) return 0;
    const std::size_t at = lo + offset % (target->size() - lo);
    (*target)[at] = static_cast<char>((*target)[at] ^ x);

    const auto v = sigv4::verify(m, creds, when, vo);
    if (part == 4 || part == 5) {
        check(!v, "a changed body or signature is refused");
        return 0;
    }
    if (!v) return 0;
    // Accepted: the change must not reach the canonical request.
    sigv4::signing_params cp = p;
    const auto before = sigv4::canonical_request(r, cp), after = sigv4::canonical_request(m, cp);
    check(before.has_value() && after.has_value(), "an accepted request has a canonical request");
    if (part == 3) {
        const auto& name = m.headers[index % m.headers.size()].name;
        const bool unsigned_header = detail::iequals(name, "authorization") || detail::iequals(name, "user-agent") ||
                                     [&] {
                                         for (auto u : sigv4::default_unsigned_headers)
                                             if (detail::iequals(name, u)) return true;
                                         return false;
                                     }();
        if (unsigned_header) return 0; // not covered by the signature, by design
    }
    check(*before == *after, "verify() accepts only changes the canonical request does not see");
    return 0;
}
