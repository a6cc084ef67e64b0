// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/profile.hpp (shared config / credentials file text).
#include <chime_voice/profile.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE profile
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>

using namespace chime_voice;

namespace {

shared_profile must_find(std::string_view text, shared_file_kind kind, std::string_view name) {
    auto r = parse_profile(text, kind, name);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST_REQUIRE(r->has_value());
    return **r;
}

} // namespace

BOOST_AUTO_TEST_CASE(credentials_file_default_and_named) {
    constexpr std::string_view text =
        "[default]\n"
        "aws_access_key_id = AKIDEXAMPLE\n"
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY\n"
        "\n"
        "[work]\n"
        "aws_access_key_id=AKIDWORK\n"
        "aws_secret_access_key=secretwork\n"
        "aws_session_token = token/with+chars==\n";
    auto d = must_find(text, shared_file_kind::credentials, "default");
    BOOST_TEST(*d.aws_access_key_id == "AKIDEXAMPLE");
    BOOST_TEST(*d.aws_secret_access_key == "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    BOOST_TEST(!d.aws_session_token.has_value());
    BOOST_TEST(!d.region.has_value());

    auto w = must_find(text, shared_file_kind::credentials, "work");
    BOOST_TEST(*w.aws_access_key_id == "AKIDWORK");
    BOOST_TEST(*w.aws_session_token == "token/with+chars==");
    auto c = to_credentials(w);
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->secret_access_key == "secretwork");
    BOOST_TEST(c->session_token == "token/with+chars==");
}

BOOST_AUTO_TEST_CASE(config_file_uses_profile_prefix) {
    constexpr std::string_view text =
        "[default]\n"
        "region = us-east-1\n"
        "[profile dev]\n"
        "region = eu-central-1\n"
        "[dev]\n" // not a profile in the config file
        "region = ap-south-1\n"
        "[sso-session corp]\n"
        "sso_region = us-west-2\n"
        "[profile   spaced   ]\n"
        "region = us-west-2\n";
    auto all = parse_shared_file(text, shared_file_kind::config);
    BOOST_TEST_REQUIRE(all.has_value());
    BOOST_TEST(all->size() == 3u);
    BOOST_TEST(*must_find(text, shared_file_kind::config, "default").region == "us-east-1");
    BOOST_TEST(*must_find(text, shared_file_kind::config, "dev").region == "eu-central-1");
    BOOST_TEST(*must_find(text, shared_file_kind::config, "spaced").region == "us-west-2");
    auto none = parse_profile(text, shared_file_kind::config, "corp");
    BOOST_TEST_REQUIRE(none.has_value());
    BOOST_TEST(!none->has_value());
}

BOOST_AUTO_TEST_CASE(credentials_file_has_no_prefix) {
    // "[profile x]" in the credentials file is a profile literally named "profile x".
    constexpr std::string_view text = "[profile x]\naws_access_key_id = A\n[x]\naws_access_key_id = B\n";
    BOOST_TEST(*must_find(text, shared_file_kind::credentials, "x").aws_access_key_id == "B");
    BOOST_TEST(*must_find(text, shared_file_kind::credentials, "profile x").aws_access_key_id == "A");
}

BOOST_AUTO_TEST_CASE(profile_default_in_config_is_default) {
    constexpr std::string_view text = "[profile default]\nregion = us-west-2\n";
    BOOST_TEST(*must_find(text, shared_file_kind::config, "default").region == "us-west-2");
}

BOOST_AUTO_TEST_CASE(comments_and_whitespace) {
    constexpr std::string_view text =
        "# leading comment\n"
        "; another\n"
        "   \n"
        "[default] # comment after header\r\n"
        "  # indented comment\n"
        "\tregion\t=\t us-west-2   ; inline comment\r\n"
        "aws_access_key_id = AKID#notacomment\n"
        "aws_secret_access_key =   s e c  \n";
    auto d = must_find(text, shared_file_kind::config, "default");
    BOOST_TEST(*d.region == "us-west-2");
    BOOST_TEST(*d.aws_access_key_id == "AKID#notacomment");
    BOOST_TEST(*d.aws_secret_access_key == "s e c");
}

BOOST_AUTO_TEST_CASE(inline_comments_can_be_turned_off) {
    constexpr std::string_view text = "[default]\nregion = us-west-2 # x\n";
    profile_parse_options opt;
    opt.strip_inline_comments = false;
    auto r = parse_profile(text, shared_file_kind::config, "default", opt);
    BOOST_TEST_REQUIRE((r && *r));
    BOOST_TEST(*(*r)->region == "us-west-2 # x");
}

BOOST_AUTO_TEST_CASE(keys_are_case_insensitive) {
    constexpr std::string_view text = "[default]\nAWS_Access_Key_ID = A\nREGION = us-east-2\n";
    auto d = must_find(text, shared_file_kind::credentials, "default");
    BOOST_TEST(*d.aws_access_key_id == "A");
    BOOST_TEST(*d.region == "us-east-2");
}

BOOST_AUTO_TEST_CASE(continuation_lines_are_sub_properties) {
    constexpr std::string_view text =
        "[default]\n"
        "s3 =\n"
        "  region = should-not-apply\n"
        "  max_concurrent_requests = 5\n"
        "region = us-east-1\n";
    BOOST_TEST(*must_find(text, shared_file_kind::config, "default").region == "us-east-1");

    constexpr std::string_view only_nested = "[default]\ns3 =\n  region = nested\n";
    BOOST_TEST(!must_find(only_nested, shared_file_kind::config, "default").region.has_value());
}

BOOST_AUTO_TEST_CASE(duplicate_sections_merge_later_wins) {
    constexpr std::string_view text =
        "[a]\naws_access_key_id = 1\nregion = r1\n[b]\nregion = x\n[a]\nregion = r2\n";
    auto a = must_find(text, shared_file_kind::credentials, "a");
    BOOST_TEST(*a.aws_access_key_id == "1");
    BOOST_TEST(*a.region == "r2");
    auto all = parse_shared_file(text, shared_file_kind::credentials);
    BOOST_TEST_REQUIRE(all.has_value());
    BOOST_TEST(all->size() == 2u);
}

BOOST_AUTO_TEST_CASE(empty_value_is_kept_as_empty) {
    constexpr std::string_view text = "[default]\naws_session_token =\naws_access_key_id = A\n";
    auto d = must_find(text, shared_file_kind::credentials, "default");
    BOOST_TEST_REQUIRE(d.aws_session_token.has_value());
    BOOST_TEST(d.aws_session_token->empty());
    BOOST_TEST(!d.has_credentials());
    auto c = to_credentials(d);
    BOOST_TEST_REQUIRE(!c.has_value());
    BOOST_TEST((c.error().category == error_category::credentials));
    BOOST_TEST(c.error().message.find("aws_secret_access_key") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(empty_text_and_missing_profile) {
    auto all = parse_shared_file("", shared_file_kind::config);
    BOOST_TEST_REQUIRE(all.has_value());
    BOOST_TEST(all->empty());
    auto r = parse_profile("[default]\nregion=x\n", shared_file_kind::config, "nope");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(!r->has_value());
}

BOOST_AUTO_TEST_CASE(malformed_lines_are_errors_naming_the_line) {
    auto r1 = parse_shared_file("[default\nregion = x\n", shared_file_kind::config);
    BOOST_TEST_REQUIRE(!r1.has_value());
    BOOST_TEST(r1.error().message.find("line 1") != std::string::npos);

    auto r2 = parse_shared_file("[default]\nregion = x\nthis line has no equals sign\n", shared_file_kind::credentials);
    BOOST_TEST_REQUIRE(!r2.has_value());
    BOOST_TEST(r2.error().message.find("line 3") != std::string::npos);
    BOOST_TEST((r2.error().category == error_category::credentials));

    auto r3 = parse_shared_file("region = x\n", shared_file_kind::config);
    BOOST_TEST_REQUIRE(!r3.has_value());

    auto r4 = parse_shared_file("[default] junk\n", shared_file_kind::config);
    BOOST_TEST_REQUIRE(!r4.has_value());

    // Errors never quote values (the line could hold a secret).
    auto r5 = parse_shared_file("[default]\nsupersecretvaluewithoutequals\n", shared_file_kind::credentials);
    BOOST_TEST_REQUIRE(!r5.has_value());
    BOOST_TEST(r5.error().message.find("supersecret") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(skipped_sections_tolerate_unknown_syntax) {
    constexpr std::string_view text = "[services x]\nweird line\n[profile p]\nregion = r\n";
    BOOST_TEST(*must_find(text, shared_file_kind::config, "p").region == "r");
}

BOOST_AUTO_TEST_CASE(merge_prefers_credentials_file) {
    shared_profile cfg("default");
    cfg.region = "us-east-1";
    cfg.aws_access_key_id = "FROMCONFIG";
    cfg.aws_secret_access_key = "cfgsecret";
    shared_profile cred("default");
    cred.aws_access_key_id = "FROMCREDS";
    cred.aws_secret_access_key = "credsecret";
    auto m = merge_profiles(cfg, cred);
    BOOST_TEST(*m.aws_access_key_id == "FROMCREDS");
    BOOST_TEST(*m.aws_secret_access_key == "credsecret");
    BOOST_TEST(*m.region == "us-east-1");
    BOOST_TEST(!m.aws_session_token.has_value());
}

BOOST_AUTO_TEST_CASE(printing_redacts_secrets) {
    shared_profile p("default");
    p.aws_access_key_id = "AKIDPRINT";
    p.aws_secret_access_key = "verysecret";
    p.aws_session_token = "verytoken";
    p.region = "us-east-1";
    std::ostringstream os;
    os << p;
    BOOST_TEST(os.str().find("AKIDPRINT") != std::string::npos);
    BOOST_TEST(os.str().find("verysecret") == std::string::npos);
    BOOST_TEST(os.str().find("verytoken") == std::string::npos);
    BOOST_TEST(os.str().find("<redacted>") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(copy_and_move_keep_values) {
    shared_profile p("x");
    p.aws_secret_access_key = "s";
    shared_profile q;
    q = p;
    BOOST_TEST(*q.aws_secret_access_key == "s");
    shared_profile r;
    r = std::move(q);
    BOOST_TEST(*r.aws_secret_access_key == "s");
    BOOST_TEST(r.name == "x");
}

BOOST_AUTO_TEST_CASE(other_keys_services_and_sso_sessions) {
    constexpr std::string_view text =
        "[profile dev]\n"
        "role_arn = arn:aws:iam::123456789012:role/r # comment\n"
        "Max_Attempts = 5\n"
        "services = local\n"
        "s3 =\n"
        "  max_concurrent_requests = 5\n"
        "[services local]\n"
        "chime_sdk_voice =\n"
        "  endpoint_url = http://127.0.0.1:9\n"
        "sts =\n"
        "  endpoint_url = http://127.0.0.1:10\n"
        "[sso-session corp]\n"
        "sso_region = us-west-2\n"
        "sso_start_url = https://corp.awsapps.com/start\n"
        "[profile dev]\n"
        "max_attempts = 6\n";
    auto all = parse_shared_config(text, shared_file_kind::config);
    BOOST_TEST_REQUIRE(all.has_value());
    const shared_profile* dev = all->profile("dev");
    BOOST_TEST_REQUIRE(dev != nullptr);
    BOOST_TEST(*dev->get("role_arn") == "arn:aws:iam::123456789012:role/r");
    BOOST_TEST(*dev->get("max_attempts") == "6"); // the later line wins, names case-insensitive
    BOOST_TEST(dev->properties.size() == 4u);
    BOOST_TEST(*dev->property("s3")->sub("MAX_CONCURRENT_REQUESTS") == "5");
    const shared_section* local = all->services_section("local");
    BOOST_TEST_REQUIRE(local != nullptr);
    BOOST_TEST(*local->property("chime_sdk_voice")->sub("endpoint_url") == "http://127.0.0.1:9");
    BOOST_TEST(*local->property("sts")->sub("endpoint_url") == "http://127.0.0.1:10");
    const shared_section* corp = all->sso_session("corp");
    BOOST_TEST_REQUIRE(corp != nullptr);
    BOOST_TEST(*corp->get("sso_region") == "us-west-2");
    BOOST_TEST(all->profiles.size() == 1u);
}

BOOST_AUTO_TEST_CASE(merge_takes_other_keys_from_credentials_file) {
    auto cfg = parse_profile("[profile p]\nrole_arn = a\nexternal_id = x\n", shared_file_kind::config, "p");
    auto cred = parse_profile("[p]\nrole_arn = b\n", shared_file_kind::credentials, "p");
    BOOST_TEST_REQUIRE((cfg && *cfg && cred && *cred));
    shared_profile m = merge_profiles(**cfg, **cred);
    BOOST_TEST(*m.get("role_arn") == "b");
    BOOST_TEST(*m.get("external_id") == "x");
}
