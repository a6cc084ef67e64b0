// SPDX-License-Identifier: BSL-1.0
// fuzz_credential_json — the JSON credential documents of
// credential_sources.hpp: credential_process output, the container
// endpoint's and IMDS's replies, the SSO GetRoleCredentials reply and the
// SSO token cache, and the IMDS token / role replies.
// Input: kind 0x1E status 0x1E body
// kind: 0 process output, 1 container, 2 IMDS credentials, 3 SSO role
// credentials, 4 SSO cached token, 5 IMDS token, 6 IMDS role name.
//
// Checked: a success has a non-empty access key id and secret (and, for
// the network sources, a token and an expiration); a failure is a
// `credentials` or `service` error; nothing throws.
#include <chime_voice/credential_sources.hpp>

#include "fuzz_harness.hpp"

#include <chrono>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    using chime_voice_fuzz::check;
    chime_voice_fuzz::input in(data, size);
    const auto kind = in.number(0, 6, 0);
    const int status = static_cast<int>(in.number(100, 599, 200));
    const std::string body(in.rest());
    http_response resp(status, {}, body);

    auto check_error = [](const error& e) {
        check(e.category == error_category::credentials || e.category == error_category::service,
              "a failure is a credentials or service error");
    };
    auto check_creds = [&](const std::expected<credentials, error>& c, bool temporary) {
        if (!c) return check_error(c.error());
        check(!c->access_key_id.empty() && !c->secret_access_key.empty(), "success has an id and a secret");
        if (temporary) check(!c->session_token.empty() && c->expiration.has_value(), "temporary credentials are complete");
        if (kind != 0) check(status == 200, "success only for HTTP 200");
    };
    switch (kind) {
    case 0: check_creds(parse_credential_process_output(body, "fuzz"), false); break;
    case 1: check_creds(parse_container_credentials_response(resp.view()), true); break;
    case 2: check_creds(parse_imds_credentials_response(resp.view()), true); break;
    case 3: check_creds(parse_sso_role_credentials_response(resp.view()), true); break;
    case 4: {
        sso_config sso{"fuzz", "https://x.awsapps.com/start", "us-east-1", "1", "R"};
        const std::chrono::sys_seconds now{std::chrono::seconds{1796166000}};
        auto t = parse_sso_cached_token(body, sso, now);
        if (t) check(!t->access_token.empty() && t->expires_at > now, "a usable token is unexpired");
        else check_error(t.error());
        break;
    }
    case 5: {
        auto t = parse_imds_token_response(resp.view());
        if (t) {
            check(!t->empty() && t->view().find('\n') == std::string_view::npos, "a token is one line");
            imds_config cfg;
            check(build_imds_role_request(cfg, *t).has_value(), "a parsed token can be sent");
        } else {
            check_error(t.error());
        }
        break;
    }
    default: {
        auto r = parse_imds_role_response(resp.view());
        if (r) {
            check(!r->empty() && r->find('/') == std::string::npos, "a role name is one path segment");
            imds_config cfg;
            auto req = build_imds_credentials_request(cfg, secret_string("t"), *r);
            check(req.has_value() && req->path.find('\n') == std::string::npos, "the role goes into the path encoded");
        } else {
            check_error(r.error());
        }
    }
    }
    return 0;
}
