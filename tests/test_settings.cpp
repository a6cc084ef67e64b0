// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/settings.hpp: one table row per precedence rule of
// the AWS SDKs and Tools reference guide (docs/configuration.md).
#include <chime_voice/settings.hpp>

#define BOOST_TEST_MODULE settings
#include <boost/test/unit_test.hpp>

#include <chime_voice/endpoint.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>

using namespace chime_voice;

namespace {

using env_map = std::map<std::string, std::string, std::less<>>;

env_lookup lookup(env_map m) {
    return [m = std::move(m)](std::string_view n) -> std::optional<std::string> {
        auto it = m.find(n);
        if (it == m.end()) return std::nullopt;
        return it->second;
    };
}

client_settings must(const env_map& env, std::optional<std::string_view> config,
                     std::optional<std::string_view> creds = std::nullopt, const settings_overrides& o = {}) {
    auto s = resolve_client_settings(lookup(env), config, creds, o);
    if (!s) BOOST_FAIL("unexpected error: " << s.error().message);
    return *s;
}

std::string must_fail(const env_map& env, std::optional<std::string_view> config,
                      std::optional<std::string_view> creds = std::nullopt, const settings_overrides& o = {}) {
    auto s = resolve_client_settings(lookup(env), config, creds, o);
    BOOST_TEST_REQUIRE(!s.has_value());
    return s.error().message;
}

constexpr std::string_view config_all =
    "[default]\n"
    "region = eu-west-1\n"
    "[profile dev]\n"
    "region = us-west-2\n"
    "endpoint_url = http://profile.example:1\n"
    "services = local\n"
    "use_fips_endpoint = true\n"
    "use_dualstack_endpoint = TRUE\n"
    "retry_mode = adaptive\n"
    "max_attempts = 7\n"
    "ca_bundle = /etc/ca.pem\n"
    "sdk_ua_app_id = app1\n"
    "[services local]\n"
    "chime_sdk_voice =\n"
    "  endpoint_url = http://services.example:2\n"
    "[profile plain]\n"
    "endpoint_url = http://profile.example:3\n"
    "[profile ignoring]\n"
    "endpoint_url = http://profile.example:4\n"
    "ignore_configured_endpoint_urls = true\n"
    "[profile missing_services]\n"
    "services = nowhere\n";

} // namespace

BOOST_AUTO_TEST_CASE(defaults) {
    auto s = must({}, std::nullopt);
    BOOST_TEST(s.profile.value == "default");
    BOOST_TEST((s.profile.source == setting_source::default_value));
    BOOST_TEST(!s.region.value.has_value());
    BOOST_TEST(!s.endpoint_url.value.has_value());
    BOOST_TEST(!s.use_fips.value);
    BOOST_TEST(!s.use_dual_stack.value);
    BOOST_TEST((s.retry_mode.value == configured_retry_mode::standard));
    BOOST_TEST(s.max_attempts.value == 3u);
    BOOST_TEST(!s.ca_bundle.value.has_value());
    BOOST_TEST(!s.app_id.value.has_value());
    BOOST_TEST(!s.disable_clock_skew_correction.value);
}

BOOST_AUTO_TEST_CASE(profile_name_precedence) {
    constexpr std::string_view cfg = "[profile a]\n[profile b]\n[profile c]\n";
    BOOST_TEST(must({{"AWS_PROFILE", "a"}, {"AWS_DEFAULT_PROFILE", "b"}}, cfg).profile.value == "a");
    BOOST_TEST(must({{"AWS_DEFAULT_PROFILE", "b"}}, cfg).profile.value == "b");
    settings_overrides o;
    o.profile = "c";
    auto s = must({{"AWS_PROFILE", "a"}}, cfg, std::nullopt, o);
    BOOST_TEST(s.profile.value == "c");
    BOOST_TEST((s.profile.source == setting_source::explicit_value));
    // An empty variable counts as unset.
    BOOST_TEST(must({{"AWS_PROFILE", ""}}, cfg).profile.value == "default");
    // A named profile must exist; "default" need not.
    auto m = must_fail({{"AWS_PROFILE", "zz"}}, cfg);
    BOOST_TEST(m.find("'zz'") != std::string::npos);
    BOOST_TEST(m.find("AWS_PROFILE") != std::string::npos);
    // A profile only in the credentials file exists.
    BOOST_TEST(must({{"AWS_PROFILE", "k"}}, cfg, "[k]\naws_access_key_id = A\n").profile_in_credentials_file);
}

BOOST_AUTO_TEST_CASE(region_precedence) {
    settings_overrides o;
    o.region = "ap-south-1";
    BOOST_TEST(*must({{"AWS_REGION", "us-east-2"}}, config_all, std::nullopt, o).region.value == "ap-south-1");
    auto s = must({{"AWS_REGION", "us-east-2"}, {"AWS_DEFAULT_REGION", "us-west-1"}}, config_all);
    BOOST_TEST(*s.region.value == "us-east-2");
    BOOST_TEST(s.region.origin == "AWS_REGION");
    BOOST_TEST(*must({{"AWS_DEFAULT_REGION", "us-west-1"}}, config_all).region.value == "us-west-1");
    s = must({}, config_all);
    BOOST_TEST(*s.region.value == "eu-west-1");
    BOOST_TEST((s.region.source == setting_source::profile));
    BOOST_TEST(s.region.origin == "profile 'default' in the config file, key region");
    // The credentials file overrides the config file, key by key.
    s = must({}, config_all, "[default]\nregion = sa-east-1\n");
    BOOST_TEST(*s.region.value == "sa-east-1");
    BOOST_TEST(s.region.origin == "profile 'default' in the credentials file, key region");
}

BOOST_AUTO_TEST_CASE(endpoint_url_precedence) {
    const env_map both{{"AWS_PROFILE", "dev"},
                       {"AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "http://127.0.0.1:9"},
                       {"AWS_ENDPOINT_URL", "http://global.example:8"}};
    // 1. explicit
    settings_overrides o;
    o.endpoint_url = "http://explicit.example";
    auto s = must(both, config_all, std::nullopt, o);
    BOOST_TEST(*s.endpoint_url.value == "http://explicit.example");
    BOOST_TEST((s.endpoint_url.source == setting_source::explicit_value));
    // 2. service-specific environment
    s = must(both, config_all);
    BOOST_TEST(*s.endpoint_url.value == "http://127.0.0.1:9");
    BOOST_TEST(s.endpoint_url.origin == "AWS_ENDPOINT_URL_CHIME_SDK_VOICE");
    // 3. global environment
    s = must({{"AWS_PROFILE", "dev"}, {"AWS_ENDPOINT_URL", "http://global.example:8"}}, config_all);
    BOOST_TEST(*s.endpoint_url.value == "http://global.example:8");
    // 4. the services section of the profile
    s = must({{"AWS_PROFILE", "dev"}}, config_all);
    BOOST_TEST(*s.endpoint_url.value == "http://services.example:2");
    BOOST_TEST((s.endpoint_url.source == setting_source::services_section));
    // 5. the profile's endpoint_url
    s = must({{"AWS_PROFILE", "plain"}}, config_all);
    BOOST_TEST(*s.endpoint_url.value == "http://profile.example:3");
    BOOST_TEST((s.endpoint_url.source == setting_source::profile));
    // the services section without a chime_sdk_voice entry falls through to endpoint_url
    s = must({}, "[default]\nservices = x\nendpoint_url = http://p.example\n[services x]\ns3 =\n  endpoint_url = http://s3\n");
    BOOST_TEST(*s.endpoint_url.value == "http://p.example");
}

BOOST_AUTO_TEST_CASE(ignore_configured_endpoint_urls) {
    // From the environment: configured URLs are off, the explicit one stays.
    env_map env{{"AWS_PROFILE", "dev"}, {"AWS_ENDPOINT_URL", "http://global.example:8"},
                {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}};
    auto s = must(env, config_all);
    BOOST_TEST(!s.endpoint_url.value.has_value());
    BOOST_TEST(s.ignore_configured_endpoint_urls.value);
    settings_overrides o;
    o.endpoint_url = "http://explicit.example";
    BOOST_TEST(*must(env, config_all, std::nullopt, o).endpoint_url.value == "http://explicit.example");
    // From the profile.
    s = must({{"AWS_PROFILE", "ignoring"}, {"AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "http://x.example"}}, config_all);
    BOOST_TEST(!s.endpoint_url.value.has_value());
    // The environment's false beats the profile's true.
    s = must({{"AWS_PROFILE", "ignoring"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"}}, config_all);
    BOOST_TEST(*s.endpoint_url.value == "http://profile.example:4");
    // Ignoring also skips a services section that does not exist.
    BOOST_TEST(must({{"AWS_PROFILE", "missing_services"}, {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true"}}, config_all)
                   .ignore_configured_endpoint_urls.value);
}

BOOST_AUTO_TEST_CASE(booleans_retry_attempts_and_text_settings) {
    auto s = must({{"AWS_PROFILE", "dev"}}, config_all);
    BOOST_TEST(s.use_fips.value);
    BOOST_TEST(s.use_dual_stack.value);
    BOOST_TEST((s.retry_mode.value == configured_retry_mode::adaptive));
    BOOST_TEST(s.max_attempts.value == 7u);
    BOOST_TEST(s.max_attempts.origin == "profile 'dev' in the config file, key max_attempts");
    BOOST_TEST(*s.ca_bundle.value == "/etc/ca.pem");
    BOOST_TEST(*s.app_id.value == "app1");
    s = must({{"AWS_PROFILE", "dev"}, {"AWS_USE_FIPS_ENDPOINT", "false"}, {"AWS_USE_DUALSTACK_ENDPOINT", "False"},
              {"AWS_RETRY_MODE", "legacy"}, {"AWS_MAX_ATTEMPTS", "2"}, {"AWS_CA_BUNDLE", "/env.pem"},
              {"AWS_SDK_UA_APP_ID", "envapp"}, {"AWS_DISABLE_CLOCK_SKEW_CORRECTION", "true"}},
             config_all);
    BOOST_TEST(!s.use_fips.value);
    BOOST_TEST(!s.use_dual_stack.value);
    BOOST_TEST((s.retry_mode.value == configured_retry_mode::legacy));
    BOOST_TEST(s.max_attempts.value == 2u);
    BOOST_TEST(s.max_attempts.origin == "AWS_MAX_ATTEMPTS");
    BOOST_TEST(*s.ca_bundle.value == "/env.pem");
    BOOST_TEST(*s.app_id.value == "envapp");
    BOOST_TEST(s.disable_clock_skew_correction.value);
    BOOST_TEST(!s.new_retries_2026.value);
    BOOST_TEST(must({{"AWS_NEW_RETRIES_2026", "TRUE"}}, std::nullopt).new_retries_2026.value);
    BOOST_TEST(must_fail({{"AWS_NEW_RETRIES_2026", "1"}}, std::nullopt).find("AWS_NEW_RETRIES_2026") != std::string::npos);
    settings_overrides o;
    o.use_fips = false;
    o.use_dual_stack = false;
    o.retry_mode = configured_retry_mode::standard;
    o.max_attempts = 9;
    o.app_id = "flag";
    s = must({{"AWS_PROFILE", "dev"}, {"AWS_USE_FIPS_ENDPOINT", "true"}}, config_all, std::nullopt, o);
    BOOST_TEST(!s.use_fips.value);
    BOOST_TEST(s.max_attempts.value == 9u);
    BOOST_TEST((s.retry_mode.value == configured_retry_mode::standard));
    BOOST_TEST(*s.app_id.value == "flag");
}

BOOST_AUTO_TEST_CASE(bad_values_name_the_key_and_where) {
    auto m = must_fail({{"AWS_MAX_ATTEMPTS", "abc"}}, std::nullopt);
    BOOST_TEST(m == "max_attempts must be a whole number from 1, not 'abc' (set by AWS_MAX_ATTEMPTS)");
    m = must_fail({}, "[default]\nmax_attempts = 0\n");
    BOOST_TEST(m.find("profile 'default' in the config file, key max_attempts") != std::string::npos);
    m = must_fail({{"AWS_RETRY_MODE", "fast"}}, std::nullopt);
    BOOST_TEST(m == "retry_mode must be legacy, standard or adaptive, not 'fast' (set by AWS_RETRY_MODE)");
    BOOST_TEST(!must_fail({{"AWS_RETRY_MODE", "Standard"}}, std::nullopt).empty()); // case-sensitive
    m = must_fail({{"AWS_ENDPOINT_URL", "not a url"}}, std::nullopt);
    BOOST_TEST(m.find("(set by AWS_ENDPOINT_URL)") != std::string::npos);
    BOOST_TEST(!must_fail({{"AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "ftp://x"}}, std::nullopt).empty());
    BOOST_TEST(!must_fail({{"AWS_ENDPOINT_URL", "127.0.0.1:9"}}, std::nullopt).empty());
    m = must_fail({{"AWS_USE_FIPS_ENDPOINT", "yes"}}, std::nullopt);
    BOOST_TEST(m == "use_fips_endpoint must be true or false, not 'yes' (set by AWS_USE_FIPS_ENDPOINT)");
    m = must_fail({}, "[default]\nuse_dualstack_endpoint = 1\n");
    BOOST_TEST(m.find("key use_dualstack_endpoint") != std::string::npos);
    m = must_fail({{"AWS_PROFILE", "missing_services"}}, config_all);
    BOOST_TEST(m.find("services section 'nowhere'") != std::string::npos);
    m = must_fail({}, "[default\n");
    BOOST_TEST(m == "shared config file, line 1: section header without ']'");
    settings_overrides o;
    o.max_attempts = 0;
    BOOST_TEST(!must_fail({}, std::nullopt, std::nullopt, o).empty());
    // A value later in the chain that is bad is not read when an earlier source wins.
    BOOST_TEST(must({{"AWS_MAX_ATTEMPTS", "4"}}, "[default]\nmax_attempts = abc\n").max_attempts.value == 4u);
}

// sts_regional_endpoints (reference guide, "AWS STS Regionalized endpoints"):
// environment over profile, regional by default, exactly legacy or regional
// (botocore's VALID_REGIONAL_ENDPOINTS_CONFIG, case-sensitive).
BOOST_AUTO_TEST_CASE(sts_regional_endpoints_setting) {
    auto s = must({}, std::nullopt);
    BOOST_TEST((s.sts_regional_endpoints.value == sts_regional_endpoints::regional));
    BOOST_TEST((s.sts_regional_endpoints.source == setting_source::default_value));
    s = must({}, "[default]\nsts_regional_endpoints = legacy\n");
    BOOST_TEST((s.sts_regional_endpoints.value == sts_regional_endpoints::legacy));
    BOOST_TEST(s.sts_regional_endpoints.origin == "profile 'default' in the config file, key sts_regional_endpoints");
    s = must({{"AWS_STS_REGIONAL_ENDPOINTS", "regional"}}, "[default]\nsts_regional_endpoints = legacy\n");
    BOOST_TEST((s.sts_regional_endpoints.value == sts_regional_endpoints::regional));
    settings_overrides o;
    o.sts_regional_endpoints = sts_regional_endpoints::legacy;
    BOOST_TEST((must({{"AWS_STS_REGIONAL_ENDPOINTS", "regional"}}, std::nullopt, std::nullopt, o)
                    .sts_regional_endpoints.value == sts_regional_endpoints::legacy));
    BOOST_TEST(must_fail({{"AWS_STS_REGIONAL_ENDPOINTS", "global"}}, std::nullopt) ==
               "sts_regional_endpoints must be legacy or regional, not 'global' (set by AWS_STS_REGIONAL_ENDPOINTS)");
    BOOST_TEST(!must_fail({}, "[default]\nsts_regional_endpoints = Legacy\n").empty());
}

BOOST_AUTO_TEST_CASE(loopback_endpoint_reaches_the_request) {
    auto s = must({{"AWS_ENDPOINT_URL_CHIME_SDK_VOICE", "http://127.0.0.1:9"}, {"AWS_REGION", "us-east-1"}},
                  std::nullopt);
    auto ep = resolve_endpoint(s.to_client_config("app"));
    BOOST_TEST_REQUIRE(ep.has_value());
    BOOST_TEST(ep->url == "http://127.0.0.1:9");
    BOOST_TEST(s.to_client_config("app").app_id == "app");
}

BOOST_AUTO_TEST_CASE(shared_file_locations) {
    auto p = find_shared_file_paths(lookup({}));
    BOOST_TEST(p.config == "~/.aws/config");
    BOOST_TEST(p.credentials == "~/.aws/credentials");
    p = find_shared_file_paths(lookup({{"AWS_CONFIG_FILE", "/c"}, {"AWS_SHARED_CREDENTIALS_FILE", "/k"}}));
    BOOST_TEST(p.config == "/c");
    BOOST_TEST(p.credentials == "/k");
}

BOOST_AUTO_TEST_CASE(printing_shows_sources) {
    std::ostringstream os;
    os << must({{"AWS_PROFILE", "dev"}}, config_all, "[dev]\naws_access_key_id = AKID\naws_secret_access_key = s3cr3t\n");
    BOOST_TEST(os.str().find("max_attempts 7 (profile: profile 'dev' in the config file, key max_attempts)") !=
               std::string::npos);
    BOOST_TEST(os.str().find("s3cr3t") == std::string::npos);
}

// ---------------------------------------------------------------- SDK oracles
// "--settings-cases=IN --settings-out=OUT" after "--": the cases of
// tests/settings_oracle_cases.py. Writes our outcome of each case to OUT
// (a JSON array in the same order); tests/settings_botocore_oracle.py and
// tests/conformance/settings_js_oracle.py compare it with an SDK's.
namespace {
std::optional<std::string> flag_value(std::string_view flag) {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.starts_with(flag)) return std::string(arg.substr(flag.size()));
    }
    return std::nullopt;
}

std::optional<std::string_view> opt_text(const boost::json::object& o, std::string_view key) {
    auto it = o.find(key);
    if (it == o.end() || it->value().is_null()) return std::nullopt;
    return std::string_view(it->value().as_string());
}

/// scheme://host[:port] of a URL (what an SDK's request URL and our
/// endpoint URL are compared on).
std::string origin_of(std::string_view url) {
    auto p = url.find("://");
    if (p == std::string_view::npos) return std::string(url);
    auto slash = url.find('/', p + 3);
    return std::string(url.substr(0, slash));
}
} // namespace

BOOST_AUTO_TEST_CASE(print_resolution, *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
    return boost::unit_test::assertion_result(flag_value("--settings-cases=") && flag_value("--settings-out="));
})) {
    namespace json = boost::json;
    const std::string path = *flag_value("--settings-cases=");
    std::ifstream in(path, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), "cannot open " << path);
    std::ostringstream ss;
    ss << in.rdbuf();
    const json::value doc = json::parse(ss.str());
    json::array out;
    for (const auto& cv : doc.as_array()) {
        const auto& tc = cv.as_object();
        env_map env;
        for (const auto& [k, v] : tc.at("env").as_object()) env.emplace(std::string(k), std::string(v.as_string()));
        auto s = resolve_client_settings(lookup(env), opt_text(tc, "config"), opt_text(tc, "credentials"));
        std::expected<endpoint, error> ep = s ? resolve_endpoint(s->to_client_config())
                                              : std::expected<endpoint, error>(std::unexpected(s.error()));
        // A custom endpoint resolves without a region, but sigv4::sign()
        // refuses an empty signing region: the request cannot be sent,
        // which is the SDKs' "no region" error.
        if (ep && ep->signing_region.empty())
            ep = std::unexpected(error::make(error_category::signing, "no signing region"));
        json::object o;
        if (!ep) {
            o["error"] = ep.error().message;
        } else {
            o["origin"] = origin_of(ep->url);
            o["max_attempts"] = s->max_attempts.value;
            o["retry_mode"] = to_string(s->retry_mode.value);
            o["region"] = s->region.value.value_or("");
        }
        out.push_back(std::move(o));
    }
    std::ofstream os(*flag_value("--settings-out="), std::ios::binary);
    os << json::serialize(out);
    BOOST_TEST(os.good());
}
