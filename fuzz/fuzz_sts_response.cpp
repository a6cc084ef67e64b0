// SPDX-License-Identifier: BSL-1.0
// fuzz_sts_response — the STS XML reader (detail/xml.hpp) and the
// AssumeRole / AssumeRoleWithWebIdentity response parsers (sts.hpp).
// Input: flags 0x1E status 0x1E body
// flags bit 0: parse as AssumeRoleWithWebIdentity (else AssumeRole).
//
// Checked: the reader never reports a leaf path deeper than its limit, and
// a decoded text is never longer than its raw text; a success has a 2xx
// status, an access key id, a secret, a token and an expiration; a failure
// is a `service` or `malformed_response` error carrying the status.
#include <chime_voice/sts.hpp>

#include "fuzz_harness.hpp"

#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    using chime_voice_fuzz::check;
    chime_voice_fuzz::input in(data, size);
    const unsigned flags = in.flags();
    const int status = static_cast<int>(in.number(100, 599, 200));
    const std::string body(in.rest());

    std::string decoded;
    detail::scan_xml(body, [&](const detail::xml_path& p, std::string_view raw) {
        check(p.size >= 1 && p.size <= detail::max_xml_depth, "a leaf path is within the depth limit");
        check(raw.data() >= body.data() && raw.data() + raw.size() <= body.data() + body.size(),
              "the raw text is a view into the document");
        if (detail::decode_xml_text(raw, decoded)) check(decoded.size() <= raw.size(), "decoding never grows the text");
    });

    http_response resp(status, {{"x-amzn-RequestId", "fuzz-request"}}, body);
    const auto r = (flags & 1) ? parse_assume_role_with_web_identity_response(resp.view())
                               : parse_assume_role_response(resp.view());
    if (r) {
        check(status >= 200 && status < 300, "success only for a 2xx status");
        check(!r->creds.access_key_id.empty() && !r->creds.secret_access_key.empty() && !r->creds.session_token.empty(),
              "success has the three parts of temporary credentials");
        check(r->creds.expiration.has_value(), "success has an expiration");
    } else {
        const error& e = r.error();
        check(e.category == error_category::service || e.category == error_category::malformed_response,
              "a failure is a service or malformed_response error");
        check(e.metadata.http_status == status, "the error carries the status");
    }
    return 0;
}
