// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/sts.hpp: request building (form body, regional
// endpoint, SigV4 with service "sts"), and the recorded STS replies.
#include <chime_voice/sts.hpp>

#define BOOST_TEST_MODULE sts
#include <boost/test/unit_test.hpp>

#include "credential_fixtures.hpp"

#include <fstream>
#include <optional>
#include <sstream>
#include <string>

using namespace chime_voice;
using chime_voice_test::fixture;
using namespace std::chrono_literals;

namespace {
const std::chrono::sys_seconds t0{std::chrono::sys_days{std::chrono::year{2026} / 12 / 1} + 23h};
const credentials source{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};

sts_request_options opts(std::string region, bool fips = false) {
    sts_request_options o;
    o.region = std::move(region);
    o.use_fips = fips;
    o.time = t0;
    return o;
}
} // namespace

BOOST_AUTO_TEST_CASE(assume_role_request_is_signed_for_sts) {
    assume_role_params p;
    p.role_arn = "arn:aws:iam::123456789012:role/demo";
    p.role_session_name = "s1";
    p.external_id = "ext id/1";
    p.duration_seconds = 1800;
    auto r = build_assume_role_request(p, source, opts("eu-west-1"));
    BOOST_TEST_REQUIRE(r.has_value(), r.error().message);
    BOOST_TEST(r->method == "POST");
    BOOST_TEST(r->url() == "https://sts.eu-west-1.amazonaws.com/");
    BOOST_TEST(r->body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A123456789012%3Arole%2Fdemo"
                          "&RoleSessionName=s1&ExternalId=ext%20id%2F1&DurationSeconds=1800");
    const http_header* auth = r->find_header("authorization");
    BOOST_TEST_REQUIRE(auth != nullptr);
    BOOST_TEST(auth->value.find("Credential=AKIDEXAMPLE/20261201/eu-west-1/sts/aws4_request") != std::string::npos);
    BOOST_TEST(r->find_header("x-amz-date")->value == "20261201T230000Z");
    BOOST_TEST(r->signing.service == "sts");
    BOOST_TEST(auth->value.find("SignedHeaders=content-type;host;x-amz-date, Signature=") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(sts_endpoints) {
    assume_role_params p;
    p.role_arn = "arn:aws:iam::1:role/r";
    p.role_session_name = "sess";
    BOOST_TEST(build_assume_role_request(p, source, opts(""))->url() == "https://sts.amazonaws.com/");
    BOOST_TEST(build_assume_role_request(p, source, opts(""))->signing.region == "us-east-1");
    BOOST_TEST(build_assume_role_request(p, source, opts("us-gov-west-1", true))->url() ==
               "https://sts.us-gov-west-1.amazonaws.com/");
    BOOST_TEST(build_assume_role_request(p, source, opts("cn-north-1"))->url() ==
               "https://sts.cn-north-1.amazonaws.com.cn/");
    auto o = opts("us-west-2");
    o.endpoint_url = "http://127.0.0.1:4566";
    auto r = build_assume_role_request(p, source, o);
    BOOST_TEST(r->url() == "http://127.0.0.1:4566/");
    BOOST_TEST(r->signing.region == "us-west-2");
    BOOST_TEST(!build_assume_role_request(p, source, opts("Not A Region")).has_value());
}

BOOST_AUTO_TEST_CASE(assume_role_validation) {
    assume_role_params p;
    p.role_arn = "arn:aws:iam::1:role/r";
    p.role_session_name = "x"; // too short
    BOOST_TEST(!build_assume_role_request(p, source, opts("us-east-1")).has_value());
    p.role_session_name = "has space";
    BOOST_TEST(!build_assume_role_request(p, source, opts("us-east-1")).has_value());
    p.role_session_name = "ok";
    p.duration_seconds = 899;
    BOOST_TEST(build_assume_role_request(p, source, opts("us-east-1")).error().message.find("duration_seconds") == 0u);
    p.duration_seconds.reset();
    p.mfa_serial = "arn:aws:iam::1:mfa/u";
    auto e = build_assume_role_request(p, source, opts("us-east-1"));
    BOOST_TEST(e.error().message.find("MFA token code") != std::string::npos);
    p.token_code = secret_string("123456");
    auto r = build_assume_role_request(p, source, opts("us-east-1"));
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->body.ends_with("&SerialNumber=arn%3Aaws%3Aiam%3A%3A1%3Amfa%2Fu&TokenCode=123456"));
    p.role_arn.clear();
    BOOST_TEST(!build_assume_role_request(p, source, opts("us-east-1")).has_value());
    // sign() refusals come through (no secret)
    p.role_arn = "arn:aws:iam::1:role/r";
    p.mfa_serial.reset();
    BOOST_TEST(!build_assume_role_request(p, credentials{"AKID", ""}, opts("us-east-1")).has_value());
}

BOOST_AUTO_TEST_CASE(web_identity_request_is_unsigned) {
    web_identity_params p;
    p.role_arn = "arn:aws:iam::1:role/web";
    p.role_session_name = "app1";
    p.web_identity_token = secret_string("eyJhbGciOi.token.sig\n");
    auto r = build_assume_role_with_web_identity_request(p, opts("us-west-2"));
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->find_header("authorization") == nullptr);
    BOOST_TEST(r->url() == "https://sts.us-west-2.amazonaws.com/");
    BOOST_TEST(r->body == "Action=AssumeRoleWithWebIdentity&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A1%3Arole%2Fweb"
                          "&RoleSessionName=app1&WebIdentityToken=eyJhbGciOi.token.sig");
    p.web_identity_token = secret_string("");
    BOOST_TEST(!build_assume_role_with_web_identity_request(p, opts("us-west-2")).has_value());
}

BOOST_AUTO_TEST_CASE(fixture_assume_role_success) {
    auto f = fixture("sts_assume_role_success.http");
    auto r = parse_assume_role_response(f.view());
    BOOST_TEST_REQUIRE(r.has_value(), r.error().message);
    BOOST_TEST(r->creds.access_key_id == "ASIAIOSFODNN7EXAMPLE");
    BOOST_TEST((r->creds.secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY"));
    BOOST_TEST(r->creds.session_token.size() > 100u);
    BOOST_TEST(r->creds.expiration->time_since_epoch().count() == 1563233313); // 2019-07-15T23:28:33Z
    BOOST_TEST(r->assumed_role_arn == "arn:aws:sts::123456789012:assumed-role/demo/John");
    BOOST_TEST(r->request_id == "c6104cbe-af31-11e0-8154-cbc7ccf896c7");
    // The web identity reader refuses the other document.
    BOOST_TEST(!parse_assume_role_with_web_identity_response(f.view()).has_value());
}

BOOST_AUTO_TEST_CASE(fixture_web_identity_success) {
    auto f = fixture("sts_web_identity_success.http");
    auto r = parse_assume_role_with_web_identity_response(f.view());
    BOOST_TEST_REQUIRE(r.has_value(), r.error().message);
    BOOST_TEST(r->creds.access_key_id == "ASgeIAIOSFODNN7EXAMPLE");
    BOOST_TEST((r->creds.secret_access_key == "wJalrXUtnFEMI/K7MDENG/bPxRfiCYzEXAMPLEKEY&x")); // entity decoded
    BOOST_TEST(r->creds.expiration->time_since_epoch().count() == 1414191623);
}

BOOST_AUTO_TEST_CASE(fixture_errors) {
    auto f = fixture("sts_expired_token.http");
    auto r = parse_assume_role_response(f.view());
    BOOST_TEST_REQUIRE(!r.has_value());
    BOOST_TEST((r.error().category == error_category::service));
    BOOST_TEST(r.error().code_raw == "ExpiredToken");
    BOOST_TEST((r.error().fault == fault::client));
    BOOST_TEST(r.error().http_status() == 400);
    BOOST_TEST(r.error().metadata.request_id == "0fb2a6e4-0000-4000-8000-000000000001");
    BOOST_TEST(r.error().message == "STS AssumeRole: ExpiredToken: The security token included in the request is expired");

    f = fixture("sts_throttling.http");
    BOOST_TEST(parse_assume_role_response(f.view()).error().code_raw == "Throttling");
    f = fixture("sts_access_denied.http");
    BOOST_TEST(parse_assume_role_with_web_identity_response(f.view()).error().code_raw == "AccessDenied");

    f = fixture("sts_malformed_truncated.http");
    r = parse_assume_role_response(f.view());
    BOOST_TEST((r.error().category == error_category::malformed_response));
    BOOST_TEST(r.error().message.find("wJalr") == std::string::npos); // no secret in the message

    f = fixture("sts_unavailable_html.http");
    r = parse_assume_role_response(f.view());
    BOOST_TEST((r.error().category == error_category::service));
    BOOST_TEST((r.error().fault == fault::server));
    BOOST_TEST(r.error().http_status() == 503);
}

BOOST_AUTO_TEST_CASE(xml_reader_edges) {
    auto parse = [](std::string body, int status = 200) {
        http_response resp(status, {}, std::move(body));
        return parse_assume_role_response(resp.view());
    };
    const std::string good =
        "<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId>"
        "<SecretAccessKey><![CDATA[s<&>]]></SecretAccessKey><SessionToken>t&#x41;&#66;</SessionToken>"
        "<Expiration>2026-12-02T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>";
    auto r = parse(good);
    BOOST_TEST_REQUIRE(r.has_value(), r.error().message);
    BOOST_TEST((r->creds.secret_access_key == "s<&>"));
    BOOST_TEST((r->creds.session_token == "tAB"));
    BOOST_TEST(!parse("<!DOCTYPE x [<!ENTITY a 'b'>]>" + good).has_value());      // no DTDs
    BOOST_TEST(!parse(good + "<AssumeRoleResponse/>").has_value());               // two roots
    BOOST_TEST(!parse(good.substr(0, good.size() - 1)).has_value());              // unclosed
    BOOST_TEST(!parse("<a><b></a></b>").has_value());                             // mismatched
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += "<a>";
    BOOST_TEST(!parse(deep).has_value());
    BOOST_TEST(!parse("").has_value());
    std::string bad_entity = good;
    bad_entity.replace(bad_entity.find("&#66;"), 5, "&foo;");
    BOOST_TEST(!parse(bad_entity).has_value());
    std::string no_exp = good;
    no_exp.replace(no_exp.find("2026"), 4, "20x6");
    BOOST_TEST(parse(no_exp).error().message.find("Expiration") != std::string::npos);
    // prefixed names, attributes with '>' inside quotes, comments
    auto p = parse("<?xml version='1.0'?><!-- c --><sts:AssumeRoleResponse xmlns:sts='u' a=\"x>y\">"
                   "<AssumeRoleResult><Credentials><AccessKeyId>A</AccessKeyId><SecretAccessKey>s</SecretAccessKey>"
                   "<SessionToken>t</SessionToken><Expiration>2026-12-02T00:00:00.5+01:00</Expiration>"
                   "</Credentials></AssumeRoleResult></sts:AssumeRoleResponse>");
    BOOST_TEST_REQUIRE(p.has_value(), p.error().message);
    BOOST_TEST(p->creds.expiration->time_since_epoch().count() == 1796166000); // 2026-12-01T23:00:00Z
}

BOOST_AUTO_TEST_CASE(default_session_name) {
    BOOST_TEST(default_role_session_name(t0) == "chime-voice-session-1796166000");
}

// fuzz_sts_response found that a self-closing element was reported with a
// null view (not a view into the document); regression seed
// fuzz/regressions/fuzz_sts_response/self-closing-root-empty-view.
BOOST_AUTO_TEST_CASE(self_closing_leaf_is_a_view_into_the_document) {
    const std::string doc = "<a><b/></a>";
    bool seen = false;
    BOOST_TEST(detail::scan_xml(doc, [&](const detail::xml_path& p, std::string_view raw) {
        BOOST_TEST(p.is({"a", "b"}));
        BOOST_TEST(raw.empty());
        BOOST_TEST((raw.data() >= doc.data() && raw.data() <= doc.data() + doc.size()));
        seen = true;
    }));
    BOOST_TEST(seen);
    http_response r(200, {}, "<AssumeRoleResponse xmlns=x/>trailing");
    BOOST_TEST(!parse_assume_role_response(r.view()).has_value());
}

// ------------------------------------------------------------- STS endpoints
// The STS endpoint rule set (sts 2011-06-15 endpoint-rule-set-1.json), row by
// row; tests/sts_endpoint_botocore_oracle.py checks the whole grid against
// botocore's sts client.
BOOST_AUTO_TEST_CASE(sts_endpoint_rule_set) {
    assume_role_params p;
    p.role_arn = "arn:aws:iam::1:role/r";
    p.role_session_name = "sess";
    struct row {
        std::string_view region;
        bool legacy, fips, dual;
        std::string_view url, signing_region;
    };
    const row rows[] = {
        // UseGlobalEndpoint (legacy) for a listed region, no FIPS, no dual-stack
        {"eu-west-1", true, false, false, "https://sts.amazonaws.com/", "us-east-1"},
        {"us-east-1", true, false, false, "https://sts.amazonaws.com/", "us-east-1"},
        {"ap-east-1", true, false, false, "https://sts.ap-east-1.amazonaws.com/", "ap-east-1"}, // not listed
        {"eu-west-1", true, true, false, "https://sts-fips.eu-west-1.amazonaws.com/", "eu-west-1"},
        {"eu-west-1", true, false, true, "https://sts.eu-west-1.api.aws/", "eu-west-1"},
        // regional (the default)
        {"eu-west-1", false, false, false, "https://sts.eu-west-1.amazonaws.com/", "eu-west-1"},
        {"us-east-1", false, true, true, "https://sts-fips.us-east-1.api.aws/", "us-east-1"},
        // aws-us-gov: its FIPS endpoint is sts.{region}.amazonaws.com
        {"us-gov-west-1", false, true, false, "https://sts.us-gov-west-1.amazonaws.com/", "us-gov-west-1"},
        {"us-gov-west-1", false, true, true, "https://sts-fips.us-gov-west-1.api.aws/", "us-gov-west-1"},
        {"cn-north-1", false, false, true, "https://sts.cn-north-1.api.amazonwebservices.com.cn/", "cn-north-1"},
        {"aws-global", false, false, false, "https://sts.amazonaws.com/", "us-east-1"},
    };
    for (const row& r : rows) {
        BOOST_TEST_CONTEXT(r.region << " legacy=" << r.legacy << " fips=" << r.fips << " dual=" << r.dual) {
            auto o = opts(std::string(r.region), r.fips);
            o.use_dual_stack = r.dual;
            o.use_global_endpoint = r.legacy;
            auto req = build_assume_role_request(p, source, o);
            BOOST_TEST_REQUIRE(req.has_value(), req.error().message);
            BOOST_TEST(req->url() == r.url);
            BOOST_TEST(req->signing.region == r.signing_region);
        }
    }
}

namespace {
std::optional<std::string> sts_grid_path() {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    constexpr std::string_view flag = "--sts-grid=";
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.starts_with(flag)) return std::string(arg.substr(flag.size()));
    }
    return std::nullopt;
}
} // namespace

// "--sts-grid=FILE" after "--": lines "REGION regional|legacy FIPS DUAL URL
// SIGNING_REGION" (or "... error NAME") from botocore's sts client.
BOOST_AUTO_TEST_CASE(botocore_sts_endpoints, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
    return boost::unit_test::assertion_result(sts_grid_path().has_value());
})) {
    std::ifstream in(*sts_grid_path());
    BOOST_TEST_REQUIRE(in.good());
    assume_role_params p;
    p.role_arn = "arn:aws:iam::1:role/r";
    p.role_session_name = "sess";
    std::string region, mode, url, signing;
    int fips = 0, dual = 0;
    std::size_t n = 0, agree = 0;
    while (in >> region >> mode >> fips >> dual >> url >> signing) {
        ++n;
        BOOST_TEST_CONTEXT(region << ' ' << mode << " fips=" << fips << " dual=" << dual) {
            auto o = opts(region, fips != 0);
            o.use_dual_stack = dual != 0;
            o.use_global_endpoint = mode == "legacy";
            auto req = build_assume_role_request(p, source, o);
            if (url == "error") {
                BOOST_TEST(!req.has_value(), "botocore refuses (" << signing << "), we build " << req->url());
                agree += !req.has_value();
                continue;
            }
            BOOST_TEST_REQUIRE(req.has_value(), req.error().message);
            std::string ours = req->url();
            if (ours.ends_with('/')) ours.pop_back();
            BOOST_TEST(ours == url);
            BOOST_TEST(req->signing.region == signing);
            agree += ours == url && req->signing.region == signing;
        }
    }
    BOOST_TEST_MESSAGE(n << " botocore STS endpoint cases: " << agree << " agree");
    BOOST_TEST(n > 0u);
    BOOST_TEST(agree == n);
}
