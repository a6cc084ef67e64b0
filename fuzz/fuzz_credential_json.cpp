// SPDX-License-Identifier: BSL-1.0
// fuzz_credential_json — the JSON credential documents of
// credential_sources.hpp: credential_process output, the container
// endpoint's and IMDS's replies, the SSO GetRoleCredentials reply and the
// SSO token cache, and the IMDS token / role replies; the SSO token refresh
// flow and the IMDSv1 fallback.
// Input: kind 0x1E status 0x1E body
// kind: 0 process output, 1 container, 2 IMDS credentials, 3 SSO role
// credentials, 4 SSO cached token, 5 IMDS token, 6 IMDS role name,
// 7 SSO token cache for the refresh flow (status bits: FIPS, dual-stack, aws-us-gov), 8 SSO OIDC CreateToken reply,
// 9 IMDS token reply with the v1 fallback (status 400..599 odd: v1 disabled).
//
// Checked: a success has a non-empty access key id and secret (and, for
// the network sources, a token and an expiration); a failure is a
// `credentials` or `service` error; nothing throws. Refresh flow: a
// refreshable cache gives a CreateToken request whose body is JSON with the
// same client id and refresh token, and the cache text written back reads
// as the same token. Fallback: a token only from 200; no "go without a
// token" when v1 is disabled; 400 is always an error.
#include <chime_voice/credential_sources.hpp>

#include "fuzz_harness.hpp"

#include <boost/json/parse.hpp>

#include <chrono>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    using chime_voice_fuzz::check;
    chime_voice_fuzz::input in(data, size);
    const auto kind = in.number(0, 9, 0);
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
    case 7: {
        // The status field picks the host variants (bit 0 FIPS, bit 1
        // dual-stack) and the sso_region (bit 2: aws-us-gov).
        sso_config sso{"fuzz", "https://x.awsapps.com/start", (status & 4) ? "us-gov-west-1" : "us-east-1", "1", "R"};
        sso.use_fips = (status & 1) != 0;
        sso.use_dual_stack = (status & 2) != 0;
        const std::chrono::sys_seconds now{std::chrono::seconds{1796166000}};
        auto t = parse_sso_token_cache(body, sso);
        if (!t) {
            check_error(t.error());
            break;
        }
        check(!t->access_token.empty(), "a cached token has an access token");
        auto a = advise_sso_token(*t, sso, now);
        if (a && *a == sso_token_action::refresh) {
            check(t->can_refresh(), "refresh only when the cache can");
            auto req = build_sso_create_token_request(sso, *t);
            check(req.has_value(), "a refreshable token gives a CreateToken request");
            check(req->host.starts_with(sso.use_fips && !(!sso.use_dual_stack && (status & 4)) ? "oidc-fips." : "oidc."),
                  "the OIDC host follows the FIPS flag (plain in aws-us-gov without dual-stack)");
            boost::system::error_code ec;
            const boost::json::value v = boost::json::parse(req->body, ec);
            check(!ec && v.is_object(), "the CreateToken body is a JSON object");
            const auto& o = v.get_object();
            check(o.contains("clientId") && o.at("clientId").is_string() &&
                      o.at("clientId").get_string() == *t->client_id,
                  "the body carries the client id unchanged");
            check(o.contains("refreshToken") && o.at("refreshToken").is_string() &&
                      std::string_view(o.at("refreshToken").get_string()) == t->refresh_token->view(),
                  "the body carries the refresh token unchanged");
        } else if (!a) {
            check(t->expires_at <= now, "only an expired token asks for a login");
            check_error(a.error());
        } else {
            check(t->expires_at > now, "a token to use is unexpired");
        }
        const secret_string text = serialize_sso_token_cache(*t, sso);
        auto again = parse_sso_token_cache(text.view(), sso);
        check(again.has_value(), "the cache text written back parses");
        check(again->access_token == t->access_token.view() && again->expires_at == t->expires_at &&
                  again->can_refresh() == t->can_refresh(),
              "the cache text written back is the same token");
        break;
    }
    case 8: {
        sso_token old{secret_string("old"), std::chrono::sys_seconds{}, secret_string("r"), std::string("c"),
                      secret_string("s"), std::chrono::sys_seconds{std::chrono::seconds{1900000000}}};
        const std::chrono::sys_seconds now{std::chrono::seconds{1796166000}};
        auto t = parse_sso_create_token_response(resp.view(), old, now);
        if (t) {
            check(status >= 200 && status <= 299, "success only for 2xx");
            check(!t->access_token.empty() && t->expires_at > now && t->can_refresh(), "a refreshed token is complete");
        } else {
            check_error(t.error());
        }
        break;
    }
    case 9: {
        imds_config cfg;
        cfg.v1_disabled = status >= 400 && status % 2 == 1;
        auto t = parse_imds_token_response_or_fallback(resp.view(), cfg);
        if (t && *t) check(status == 200 && !(*t)->empty(), "a token only from 200");
        if (t && !*t) check(!cfg.v1_disabled && status != 200 && status != 400, "no-token fallback only when allowed");
        if (status == 400) check(!t.has_value(), "400 is an error");
        if (!t) check_error(t.error());
        if (t) check(build_imds_role_request(cfg, *t).has_value(), "the role request can be built either way");
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
