// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/credential_sources.hpp: credential_process output,
// container, IMDSv2 and SSO requests and their recorded replies.
#include <chime_voice/credential_sources.hpp>

#define BOOST_TEST_MODULE credential_sources
#include <boost/test/unit_test.hpp>

#include "credential_fixtures.hpp"

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <optional>
#include <sstream>
#include <string>

using namespace chime_voice;
using chime_voice_test::fixture;
using namespace std::chrono_literals;

namespace {
const std::chrono::sys_seconds t0{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + 23h};
std::string header(const http_request& r, std::string_view name) {
    const http_header* h = r.find_header(name);
    return h ? h->value : std::string("(none)");
}
} // namespace

BOOST_AUTO_TEST_CASE(process_output) {
    auto c = parse_credential_process_output(
        R"({"Version": 1, "AccessKeyId": "AKIDP", "SecretAccessKey": "sp", "SessionToken": "tp",
            "Expiration": "2026-12-02T00:00:00Z"})",
        "dev");
    BOOST_TEST_REQUIRE(c.has_value(), c.error().message);
    BOOST_TEST(c->access_key_id == "AKIDP");
    BOOST_TEST((c->secret_access_key == "sp"));
    BOOST_TEST((c->session_token == "tp"));
    BOOST_TEST(c->expiration->time_since_epoch().count() == 1796169600);
    // No token, no expiration: long-term keys.
    c = parse_credential_process_output(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"s"})", "dev");
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(!c->expiration.has_value());
    BOOST_TEST(c->session_token.empty());
}

BOOST_AUTO_TEST_CASE(process_output_errors_name_the_profile) {
    auto msg = [](std::string_view out) {
        auto c = parse_credential_process_output(out, "dev");
        BOOST_TEST_REQUIRE(!c.has_value());
        BOOST_TEST((c.error().category == error_category::credentials));
        return c.error().message;
    };
    BOOST_TEST(msg("not json") == "credential_process in profile 'dev': the output is not a JSON object");
    BOOST_TEST(msg("[]") == "credential_process in profile 'dev': the output is not a JSON object");
    BOOST_TEST(msg(R"({"AccessKeyId":"A","SecretAccessKey":"s"})") ==
               "credential_process in profile 'dev': the output has no numeric Version");
    BOOST_TEST(msg(R"({"Version":2,"AccessKeyId":"A","SecretAccessKey":"s"})") ==
               "credential_process in profile 'dev': unsupported Version (only 1 is defined)");
    BOOST_TEST(msg(R"({"Version":1,"SecretAccessKey":"s"})") == "credential_process in profile 'dev': no AccessKeyId");
    BOOST_TEST(msg(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"TOPSECRET","Expiration":"soon"})") ==
               "credential_process in profile 'dev': Expiration is not an ISO 8601 time");
    BOOST_TEST(msg(R"({"Version":1,"AccessKeyId":"A","SecretAccessKey":"TOPSECRET","Expiration":"soon"})").find("TOPSECRET") ==
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(container_config_and_request) {
    std::map<std::string, std::string, std::less<>> env{{"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/v2/credentials/abc"},
                                                        {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok"}};
    auto get = [&](std::string_view n) -> std::optional<std::string> {
        auto it = env.find(n);
        return it == env.end() ? std::nullopt : std::optional<std::string>(it->second);
    };
    auto c = container_config_from(get);
    BOOST_TEST_REQUIRE((c && *c));
    BOOST_TEST((*c)->url == "http://169.254.170.2/v2/credentials/abc");
    auto r = build_container_credentials_request(**c);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->method == "GET");
    BOOST_TEST(r->url() == "http://169.254.170.2/v2/credentials/abc");
    BOOST_TEST(header(*r, "authorization") == "tok");
    // The token file wins over the variable; a trailing newline is dropped.
    BOOST_TEST(header(*build_container_credentials_request(**c, "filetok\n"), "authorization") == "filetok");
    BOOST_TEST(!build_container_credentials_request(**c, "a\nb").has_value());

    env = {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:8080/creds?x=1"}};
    c = container_config_from(get);
    BOOST_TEST_REQUIRE((c && *c));
    r = build_container_credentials_request(**c);
    BOOST_TEST(r->host == "127.0.0.1:8080");
    BOOST_TEST(r->path == "/creds");
    BOOST_TEST(r->query == "x=1");
    BOOST_TEST(header(*r, "authorization") == "(none)");
    for (std::string ok : {"http://169.254.170.23/v1/credentials", "http://[fd00:ec2::23]/x", "https://anywhere.example/x",
                           "http://localhost:1/x"}) {
        env = {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", ok}};
        BOOST_TEST((container_config_from(get) && *container_config_from(get)), ok);
    }
    for (std::string bad : {"http://example.com/x", "ftp://127.0.0.1/x", "http://127.0.0.1.evil/x"}) {
        env = {{"AWS_CONTAINER_CREDENTIALS_FULL_URI", bad}};
        auto e = container_config_from(get);
        BOOST_TEST((e && !*e), bad);
    }
    env.clear();
    BOOST_TEST(!container_config_from(get).has_value());
}

BOOST_AUTO_TEST_CASE(container_fixtures) {
    auto f = fixture("ecs_success.http");
    auto c = parse_container_credentials_response(f.view());
    BOOST_TEST_REQUIRE(c.has_value(), c.error().message);
    BOOST_TEST(c->access_key_id == "ASIAECSEXAMPLE");
    BOOST_TEST((c->session_token == "ecsTokenEXAMPLE"));
    BOOST_TEST(c->expiration->time_since_epoch().count() == 1796187600);
    f = fixture("ecs_invalid_token.http");
    c = parse_container_credentials_response(f.view());
    BOOST_TEST((c.error().category == error_category::service));
    BOOST_TEST(c.error().code_raw == "InvalidToken");
    BOOST_TEST(c.error().http_status() == 401);
    f = fixture("ecs_throttling.http");
    BOOST_TEST(parse_container_credentials_response(f.view()).error().http_status() == 429);
    f = fixture("ecs_malformed.http");
    BOOST_TEST(parse_container_credentials_response(f.view()).error().message ==
               "the container credentials endpoint: no SecretAccessKey");
}

// The IMDSv1 fallback as botocore's IMDSFetcher._fetch_metadata_token has
// it: 200 is the token; 403, 404, 405 (and any status but 400 once the
// attempts are spent) or no reply at all mean "no token": steps 2 and 3 go
// without the token header, unless ec2_metadata_v1_disabled.
BOOST_AUTO_TEST_CASE(imds_v1_fallback) {
    imds_config cfg;
    struct row {
        std::string_view fixture;
        bool v1_disabled;
        std::string_view outcome; // "token", "v1" or "error"
    };
    const row rows[] = {
        {"imds_token_success.http", false, "token"},         {"imds_token_success.http", true, "token"},
        {"imds_token_forbidden.http", false, "v1"},          {"imds_token_forbidden.http", true, "error"},
        {"imds_token_method_not_allowed.http", false, "v1"}, {"imds_token_method_not_allowed.http", true, "error"},
        {"imds_no_role.http", false, "v1"},                  {"imds_no_role.http", true, "error"}, // a 404
        {"imds_throttling.http", false, "v1"},               {"imds_token_bad_request.http", false, "error"},
        {"imds_token_bad_request.http", true, "error"},
        // A 200 that is not a token is an error, not a fallback (botocore
        // would send the text as the token; we refuse it).
        {"imds_token_malformed.http", false, "error"},
    };
    for (const row& r : rows) {
        BOOST_TEST_CONTEXT(r.fixture << " v1_disabled=" << r.v1_disabled) {
            cfg.v1_disabled = r.v1_disabled;
            auto f = fixture(r.fixture);
            auto t = parse_imds_token_response_or_fallback(f.view(), cfg);
            const std::string_view got = !t ? "error" : *t ? "token" : "v1";
            BOOST_TEST(got == r.outcome);
            if (!t && r.v1_disabled && r.fixture != "imds_token_bad_request.http")
                BOOST_TEST(t.error().message.find("IMDSv1 is disabled") != std::string::npos);
        }
    }
    cfg.v1_disabled = false;
    auto none = imds_token_after_no_reply(cfg);
    BOOST_TEST_REQUIRE(none.has_value());
    BOOST_TEST(!none->has_value());
    // IMDSv1: the GETs carry no token header.
    auto role_req = build_imds_role_request(cfg, *none);
    BOOST_TEST_REQUIRE(role_req.has_value());
    BOOST_TEST(role_req->url() == "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    BOOST_TEST(role_req->find_header("x-aws-ec2-metadata-token") == nullptr);
    auto f = fixture("imds_role_v1.http");
    auto role = parse_imds_role_response(f.view());
    BOOST_TEST_REQUIRE(role.has_value());
    auto cred_req = build_imds_credentials_request(cfg, *none, *role);
    BOOST_TEST(cred_req->url() == "http://169.254.169.254/latest/meta-data/iam/security-credentials/my-instance-role");
    BOOST_TEST(cred_req->find_header("x-aws-ec2-metadata-token") == nullptr);
    // With a token the optional overloads add the header.
    const std::optional<secret_string> tok(secret_string("tok"));
    BOOST_TEST(build_imds_role_request(cfg, tok)->find_header("x-aws-ec2-metadata-token")->value == "tok");
    cfg.v1_disabled = true;
    BOOST_TEST(imds_token_after_no_reply(cfg).error().message.find("got no reply") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(imds_plan_and_fixtures) {
    imds_config cfg;
    auto t = build_imds_token_request(cfg);
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->method == "PUT");
    BOOST_TEST(t->url() == "http://169.254.169.254/latest/api/token");
    BOOST_TEST(header(*t, "x-aws-ec2-metadata-token-ttl-seconds") == "21600");
    auto f = fixture("imds_token_success.http");
    auto token = parse_imds_token_response(f.view());
    BOOST_TEST_REQUIRE(token.has_value());
    BOOST_TEST((*token == "AQAEAGnGvN0tokenEXAMPLE_cS9G3ufNNrGgTw=="));
    auto role_req = build_imds_role_request(cfg, *token);
    BOOST_TEST(role_req->url() == "http://169.254.169.254/latest/meta-data/iam/security-credentials/");
    BOOST_TEST(header(*role_req, "x-aws-ec2-metadata-token") == "AQAEAGnGvN0tokenEXAMPLE_cS9G3ufNNrGgTw==");
    f = fixture("imds_role_success.http");
    auto role = parse_imds_role_response(f.view());
    BOOST_TEST_REQUIRE(role.has_value());
    BOOST_TEST(*role == "chime-voice-instance-role");
    auto cred_req = build_imds_credentials_request(cfg, *token, *role);
    BOOST_TEST(cred_req->url() ==
               "http://169.254.169.254/latest/meta-data/iam/security-credentials/chime-voice-instance-role");
    f = fixture("imds_credentials_success.http");
    auto c = parse_imds_credentials_response(f.view());
    BOOST_TEST_REQUIRE(c.has_value(), c.error().message);
    BOOST_TEST(c->access_key_id == "ASIAIMDSEXAMPLE");
    BOOST_TEST(c->expiration->time_since_epoch().count() == 1796184000);

    f = fixture("imds_expired_token.http");
    BOOST_TEST(parse_imds_role_response(f.view()).error().http_status() == 401);
    BOOST_TEST(parse_imds_credentials_response(f.view()).error().http_status() == 401);
    f = fixture("imds_no_role.http");
    BOOST_TEST(parse_imds_role_response(f.view()).error().message.find("no IAM role") != std::string::npos);
    f = fixture("imds_throttling.http");
    BOOST_TEST(parse_imds_token_response(f.view()).error().http_status() == 429);
    f = fixture("imds_malformed.http");
    BOOST_TEST(!parse_imds_credentials_response(f.view()).has_value());
    http_response failed(200, {}, R"({"Code":"AssumeRoleUnauthorizedAccess","Message":"x"})");
    BOOST_TEST(parse_imds_credentials_response(failed.view()).error().message.find("AssumeRoleUnauthorizedAccess") !=
               std::string::npos);
    cfg.endpoint = "http://[fd00:ec2::254]";
    BOOST_TEST(build_imds_token_request(cfg)->host == "[fd00:ec2::254]");
}

BOOST_AUTO_TEST_CASE(sso_plan_and_fixtures) {
    sso_config sso{"corp", "https://corp.awsapps.com/start", "us-west-2", "123456789012", "Admin Role"};
    auto tok = parse_sso_cached_token(
        R"({"startUrl":"https://corp.awsapps.com/start","region":"us-west-2","accessToken":"bearer1",
            "expiresAt":"2026-12-02T01:00:00Z"})",
        sso, t0);
    BOOST_TEST_REQUIRE(tok.has_value(), tok.error().message);
    BOOST_TEST((tok->access_token == "bearer1"));
    auto expired = parse_sso_cached_token(R"({"accessToken":"b","expiresAt":"2026-12-01T22:00:00Z"})", sso, t0);
    BOOST_TEST(expired.error().message ==
               "the cached SSO token of sso-session 'corp' expired at 2026-12-01T22:00:00Z; run 'aws sso login --sso-session corp'");
    auto r = build_sso_role_credentials_request(sso, *tok);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->url() ==
               "https://portal.sso.us-west-2.amazonaws.com/federation/credentials?account_id=123456789012&role_name=Admin%20Role");
    BOOST_TEST(header(*r, "x-amz-sso_bearer_token") == "bearer1");
    auto f = fixture("sso_success.http");
    auto c = parse_sso_role_credentials_response(f.view());
    BOOST_TEST_REQUIRE(c.has_value(), c.error().message);
    BOOST_TEST(c->access_key_id == "ASIASSOEXAMPLE");
    BOOST_TEST(c->expiration->time_since_epoch().count() == 1764633600);
    f = fixture("sso_expired_token.http");
    c = parse_sso_role_credentials_response(f.view());
    BOOST_TEST(c.error().code_raw == "UnauthorizedException");
    BOOST_TEST(c.error().message.find("aws sso login") != std::string::npos);
    f = fixture("sso_throttling.http");
    BOOST_TEST(parse_sso_role_credentials_response(f.view()).error().code_raw == "TooManyRequestsException");
    f = fixture("sso_malformed.http");
    BOOST_TEST(!parse_sso_role_credentials_response(f.view()).has_value());
}

// The SSO token refresh flow of botocore's SSOTokenProvider: refresh 15
// minutes before expiry when the cache holds refreshToken, clientId,
// clientSecret and an unexpired registrationExpiresAt; CreateToken with the
// refresh_token grant to oidc.{sso_region}; the new token's expiresAt is now
// + expiresIn; the old refreshToken is kept when the reply has none.
BOOST_AUTO_TEST_CASE(sso_token_refresh) {
    sso_config sso{"corp", "https://corp.awsapps.com/start", "us-west-2", "123456789012", "Admin"};
    constexpr std::string_view cache =
        R"({"startUrl":"https://corp.awsapps.com/start","region":"us-west-2","accessToken":"old-bearer",
            "expiresAt":"2026-12-01T23:10:00Z","refreshToken":"refresh-1","clientId":"client-1",
            "clientSecret":"client-secret-1","registrationExpiresAt":"2027-03-01T00:00:00Z"})";
    auto tok = parse_sso_token_cache(cache, sso);
    BOOST_TEST_REQUIRE(tok.has_value(), tok.error().message);
    BOOST_TEST(tok->can_refresh());

    // The policy, row by row (t0 = 23:00; the token expires at 23:10).
    struct row {
        std::string_view what;
        std::chrono::sys_seconds now;
        bool session, refresh_failed;
        std::string_view outcome; // "use", "refresh" or an error's start
    };
    const row rows[] = {
        {"more than 15 min left", t0 - 10min, true, false, "use"},
        {"exactly 15 min left", t0 - 5min, true, false, "use"},
        {"inside the window", t0, true, false, "refresh"},
        {"expired, refreshable", t0 + 20min, true, false, "refresh"},
        {"legacy profile inside the window", t0, false, false, "use"},
        {"legacy profile expired", t0 + 20min, false, false, "error"},
        {"refresh failed, still valid", t0, true, true, "use"},
        {"refresh failed, expired", t0 + 20min, true, true, "error"},
    };
    for (const row& r : rows) {
        BOOST_TEST_CONTEXT(r.what) {
            sso_config c = sso;
            if (!r.session) c.session_name.clear();
            auto a = advise_sso_token(*tok, c, r.now, r.refresh_failed);
            const std::string_view got = !a ? "error" : *a == sso_token_action::use ? "use" : "refresh";
            BOOST_TEST(got == r.outcome);
            if (!a) BOOST_TEST(a.error().message.find("run 'aws sso login") != std::string::npos);
        }
    }
    // Without the refresh members, or with the registration expired: an
    // expired token tells the user to log in.
    auto bare = parse_sso_token_cache(R"({"accessToken":"b","expiresAt":"2026-12-01T22:00:00Z"})", sso);
    BOOST_TEST_REQUIRE(bare.has_value());
    BOOST_TEST(!bare->can_refresh());
    BOOST_TEST(advise_sso_token(*bare, sso, t0).error().message ==
               "the cached SSO token of sso-session 'corp' expired at 2026-12-01T22:00:00Z and the cache has no "
               "refresh token; run 'aws sso login --sso-session corp'");
    sso_token stale = *tok;
    stale.registration_expires_at = t0 - 1h;
    BOOST_TEST(advise_sso_token(stale, sso, t0 + 20min).error().message.find("client registration expired") !=
               std::string::npos);
    BOOST_TEST((advise_sso_token(stale, sso, t0).value() == sso_token_action::use)); // still valid
    BOOST_TEST(!parse_sso_token_cache(R"({"accessToken":"b","expiresAt":"2026-12-01T22:00:00Z",
                                          "registrationExpiresAt":"soon"})", sso).has_value());

    // The CreateToken request.
    auto req = build_sso_create_token_request(sso, *tok);
    BOOST_TEST_REQUIRE(req.has_value(), req.error().message);
    BOOST_TEST(req->method == "POST");
    BOOST_TEST(req->url() == "https://oidc.us-west-2.amazonaws.com/token");
    BOOST_TEST(header(*req, "content-type") == "application/json");
    BOOST_TEST(req->find_header("authorization") == nullptr);
    BOOST_TEST(req->body == R"({"clientId":"client-1","clientSecret":"client-secret-1","grantType":"refresh_token",)"
                            R"("refreshToken":"refresh-1"})");
    sso_config cn = sso;
    cn.region = "cn-north-1";
    BOOST_TEST(build_sso_create_token_request(cn, *tok)->host == "oidc.cn-north-1.amazonaws.com.cn");
    BOOST_TEST(!build_sso_create_token_request(sso, *bare).has_value());
    sso_token quoted = *tok;
    quoted.refresh_token = secret_string("a\"b\\c\n");
    BOOST_TEST(build_sso_create_token_request(sso, quoted)->body.find(R"("refreshToken":"a\"b\\c\u000a")") !=
               std::string::npos);

    // Its replies.
    auto f = fixture("sso_oidc_create_token_success.http");
    auto fresh = parse_sso_create_token_response(f.view(), *tok, t0);
    BOOST_TEST_REQUIRE(fresh.has_value(), fresh.error().message);
    BOOST_TEST(fresh->access_token.view().starts_with("aoal-YigITUDiNX1"));
    BOOST_TEST((fresh->expires_at == t0 + 28800s));
    BOOST_TEST(fresh->refresh_token->view().starts_with("aorvJYubGpU6"));
    BOOST_TEST(*fresh->client_id == "client-1");
    BOOST_TEST((*fresh->client_secret == "client-secret-1"));
    BOOST_TEST((*fresh->registration_expires_at == *tok->registration_expires_at));
    BOOST_TEST((advise_sso_token(*fresh, sso, t0).value() == sso_token_action::use));
    f = fixture("sso_oidc_create_token_no_refresh.http");
    auto kept = parse_sso_create_token_response(f.view(), *tok, t0);
    BOOST_TEST_REQUIRE(kept.has_value());
    BOOST_TEST((*kept->refresh_token == "refresh-1"));
    BOOST_TEST((kept->expires_at == t0 + 3600s));
    f = fixture("sso_oidc_invalid_grant.http");
    auto e = parse_sso_create_token_response(f.view(), *tok, t0);
    BOOST_TEST(e.error().code_raw == "InvalidGrantException");
    BOOST_TEST(e.error().http_status() == 400);
    BOOST_TEST(e.error().message.find("invalid_grant: Invalid refresh token provided") != std::string::npos);
    f = fixture("sso_oidc_expired_token.http");
    BOOST_TEST(parse_sso_create_token_response(f.view(), *tok, t0).error().code_raw == "ExpiredTokenException");
    f = fixture("sso_oidc_slow_down.http");
    BOOST_TEST(parse_sso_create_token_response(f.view(), *tok, t0).error().code_raw == "SlowDownException");
    f = fixture("sso_oidc_malformed.http");
    BOOST_TEST(!parse_sso_create_token_response(f.view(), *tok, t0).has_value());
    http_response no_expiry(200, {}, R"({"accessToken":"x","expiresIn":0})");
    BOOST_TEST(!parse_sso_create_token_response(no_expiry.view(), *tok, t0).has_value());

    // The cache text written back reads as the same token.
    const secret_string text = serialize_sso_token_cache(*fresh, sso);
    auto again = parse_sso_token_cache(text.view(), sso);
    BOOST_TEST_REQUIRE(again.has_value(), again.error().message);
    BOOST_TEST((again->access_token == fresh->access_token.view()));
    BOOST_TEST((again->expires_at == fresh->expires_at));
    BOOST_TEST((*again->refresh_token == fresh->refresh_token->view()));
    BOOST_TEST(*again->client_id == "client-1");
    BOOST_TEST((*again->registration_expires_at == *fresh->registration_expires_at));
    BOOST_TEST(text.view().starts_with(R"({"startUrl":"https://corp.awsapps.com/start","region":"us-west-2",)"));
}

BOOST_AUTO_TEST_CASE(refresh_windows) {
    refresh_policy p;
    credentials c("A", "s", "t", t0 + 1h);
    BOOST_TEST((p.advise(c, t0) == refresh_advice::use));
    BOOST_TEST((p.advise(c, t0 + 45min) == refresh_advice::refresh_advisory));
    BOOST_TEST((p.advise(c, t0 + 50min) == refresh_advice::refresh_mandatory));
    BOOST_TEST((p.advise(c, t0 + 1h) == refresh_advice::expired));
    BOOST_TEST((p.advise(credentials("A", "s"), t0) == refresh_advice::use));
    BOOST_TEST(to_string(refresh_advice::expired) == "expired");
}

BOOST_AUTO_TEST_CASE(sso_cache_file_names) {
    // FIPS 180 test vectors, then the names botocore computes (hashlib.sha1).
    BOOST_TEST(detail::sha1_hex("abc") == "a9993e364706816aba3e25717850c26c9cd0d89d");
    BOOST_TEST(detail::sha1_hex("") == "da39a3ee5e6b4b0d3255bfef95601890afd80709");
    BOOST_TEST(detail::sha1_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
               "84983e441c3bd26ebaae4aa1f95129e5e54670f1");
    BOOST_TEST(detail::sha1_hex(std::string(1000000, 'a')) == "34aa973cd4c4daa4f61eeb2bdbad27316534016f");
    sso_config session{"corp", "https://corp.awsapps.com/start", "us-east-2", "1", "R"};
    BOOST_TEST(sso_token_cache_file_name(session) == "ee0bfd2552fbd840c02cc48b6e823320543c450f.json"); // hashlib.sha1(b"corp")
    sso_config legacy{"", "https://legacy.awsapps.com/start", "eu-west-1", "1", "R"};
    BOOST_TEST(sso_token_cache_file_name(legacy) == detail::sha1_hex("https://legacy.awsapps.com/start") + ".json");
}

// ------------------------------------------------------------ botocore IMDS oracle
// "--imds-cases=FILE" after "--": lines "PUT_STATUS V1_DISABLED OUTCOME"
// from tests/imds_botocore_oracle.py (botocore's InstanceMetadataFetcher on
// a fake IMDS); OUTCOME is v2, v1 or none.
namespace {
std::optional<std::string> imds_cases_path() {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    constexpr std::string_view flag = "--imds-cases=";
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.starts_with(flag)) return std::string(arg.substr(flag.size()));
    }
    return std::nullopt;
}
} // namespace

BOOST_AUTO_TEST_CASE(botocore_imds_cases, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
    return boost::unit_test::assertion_result(imds_cases_path().has_value());
})) {
    std::ifstream in(*imds_cases_path());
    BOOST_TEST_REQUIRE(in.good());
    std::string put, want;
    int v1_disabled = 0;
    std::size_t n = 0, agree = 0;
    while (in >> put >> v1_disabled >> want) {
        ++n;
        imds_config cfg;
        cfg.v1_disabled = v1_disabled != 0;
        std::expected<std::optional<secret_string>, error> t = imds_token_after_no_reply(cfg);
        if (put != "timeout") {
            const int status = std::stoi(put);
            http_response r(status, {}, status == 200 ? "imds-token" : "");
            t = parse_imds_token_response_or_fallback(r.view(), cfg);
        }
        const std::string got = !t ? "none" : *t ? "v2" : "v1";
        BOOST_TEST_CONTEXT("token PUT " << put << ", v1 disabled " << v1_disabled) { BOOST_TEST(got == want); }
        agree += got == want;
    }
    BOOST_TEST_MESSAGE(n << " botocore IMDS token cases: " << agree << " agree");
    BOOST_TEST(n > 0u);
    BOOST_TEST(agree == n);
}

// ------------------------------------------------------------ botocore SSO token oracle
// "--sso-cases=FILE" after "--": cases from tests/sso_token_botocore_oracle.py
// (botocore's SSOTokenProvider at a fixed time): the cache text, the
// CreateToken reply the fake server gave, what botocore handed out ("TOKEN
// EXPIRY" or "error NAME") and the CreateToken body it sent ("" if none).
namespace {
std::optional<std::string> sso_cases_path() {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    constexpr std::string_view flag = "--sso-cases=";
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.starts_with(flag)) return std::string(arg.substr(flag.size()));
    }
    return std::nullopt;
}
} // namespace

BOOST_AUTO_TEST_CASE(botocore_sso_token_cases, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
    return boost::unit_test::assertion_result(sso_cases_path().has_value());
})) {
    namespace json = boost::json;
    std::ifstream in(*sso_cases_path(), std::ios::binary);
    BOOST_TEST_REQUIRE(in.good());
    std::ostringstream ss;
    ss << in.rdbuf();
    const json::value doc = json::parse(ss.str());
    const sso_config sso{"corp", "https://corp.awsapps.com/start", "us-west-2", "1", "R"};
    std::size_t n = 0, agree = 0;
    for (const auto& cv : doc.as_array()) {
        const auto& tc = cv.as_object();
        ++n;
        BOOST_TEST_CONTEXT(tc.at("name").as_string()) {
            const std::chrono::sys_seconds now{std::chrono::seconds{tc.at("now").to_number<std::int64_t>()}};
            auto tok = parse_sso_token_cache(std::string_view(tc.at("cache").as_string()), sso);
            BOOST_TEST_REQUIRE(tok.has_value(), tok.error().message);
            auto show = [](const sso_token& t) {
                return std::string(t.access_token.view()) + " " + std::to_string(t.expires_at.time_since_epoch().count());
            };
            std::string ours, body;
            auto a = advise_sso_token(*tok, sso, now);
            if (a && *a == sso_token_action::refresh) {
                auto req = build_sso_create_token_request(sso, *tok);
                BOOST_TEST_REQUIRE(req.has_value(), req.error().message);
                body = req->body;
                const int status = static_cast<int>(tc.at("reply_status").to_number<std::int64_t>());
                http_response reply(status, {}, std::string(tc.at("reply_body").as_string()));
                if (status != 200) reply.headers.push_back({"x-amzn-ErrorType", "InvalidGrantException"});
                auto fresh = parse_sso_create_token_response(reply.view(), *tok, now);
                if (fresh) ours = show(*fresh);
                else a = advise_sso_token(*tok, sso, now, true);
            }
            if (ours.empty()) ours = !a ? std::string("error") : show(*tok);
            std::string want(tc.at("expect").as_string());
            if (want.starts_with("error")) want = "error";
            BOOST_TEST(ours == want);
            // The same CreateToken request (as JSON objects), or none.
            const std::string_view theirs_body = tc.at("create_token_body").as_string();
            const bool same_body = theirs_body.empty() ? body.empty()
                                                       : !body.empty() && json::parse(body) == json::parse(theirs_body);
            BOOST_TEST(same_body, "CreateToken body: ours " << body << ", botocore " << theirs_body);
            agree += ours == want && same_body;
        }
    }
    BOOST_TEST_MESSAGE(n << " botocore SSO token cases: " << agree << " agree");
    BOOST_TEST(n > 0u);
    BOOST_TEST(agree == n);
}

// ------------------------------------------------------------ botocore SSO endpoint oracle
// "--sso-grid=FILE" after "--": lines "SERVICE REGION FIPS DUAL ORIGIN" (or
// "... error") from tests/sso_endpoint_botocore_oracle.py: botocore's sso
// and sso-oidc clients.
namespace {
std::optional<std::string> sso_grid_path() {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    constexpr std::string_view flag = "--sso-grid=";
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.starts_with(flag)) return std::string(arg.substr(flag.size()));
    }
    return std::nullopt;
}
} // namespace

BOOST_AUTO_TEST_CASE(botocore_sso_endpoints, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
    return boost::unit_test::assertion_result(sso_grid_path().has_value());
})) {
    std::ifstream in(*sso_grid_path());
    BOOST_TEST_REQUIRE(in.good());
    std::string service, region, want;
    int fips = 0, dual = 0;
    std::size_t n = 0, agree = 0;
    sso_token tok{secret_string("t"), std::chrono::sys_seconds{}, secret_string("r"), std::string("c"), secret_string("s"),
                  std::chrono::sys_seconds{}};
    while (in >> service >> region >> fips >> dual >> want) {
        ++n;
        sso_config sso{"corp", "https://corp.awsapps.com/start", region, "123456789012", "R"};
        sso.use_fips = fips != 0;
        sso.use_dual_stack = dual != 0;
        auto req = service == "sso" ? build_sso_role_credentials_request(sso, tok) : build_sso_create_token_request(sso, tok);
        const std::string got = req ? req->scheme + "://" + req->host : "error";
        BOOST_TEST_CONTEXT(service << ' ' << region << " fips=" << fips << " dual=" << dual) { BOOST_TEST(got == want); }
        agree += got == want;
    }
    BOOST_TEST_MESSAGE(n << " botocore SSO endpoint cases: " << agree << " agree");
    BOOST_TEST(n > 0u);
    BOOST_TEST(agree == n);
}

// Configured endpoint URLs of the portal and the OIDC service win over the
// variants (as for the service's own endpoint).
BOOST_AUTO_TEST_CASE(sso_configured_endpoints) {
    sso_config sso{"corp", "https://corp.awsapps.com/start", "us-west-2", "1", "R"};
    sso.use_fips = true;
    sso.portal_endpoint_url = "http://127.0.0.1:4566";
    sso.oidc_endpoint_url = "http://127.0.0.1:4567/";
    sso_token tok{secret_string("t"), std::chrono::sys_seconds{}, secret_string("r"), std::string("c"), secret_string("s"),
                  std::chrono::sys_seconds{}};
    BOOST_TEST(build_sso_role_credentials_request(sso, tok)->url().starts_with("http://127.0.0.1:4566/federation/credentials?"));
    BOOST_TEST(build_sso_create_token_request(sso, tok)->url() == "http://127.0.0.1:4567/token");
    sso.portal_endpoint_url = "ftp://x";
    BOOST_TEST(!build_sso_role_credentials_request(sso, tok).has_value());
}
