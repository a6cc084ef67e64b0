// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/credential_chain.hpp: one row per step of the
// provider chain and per assume-role rule (AWS SDKs and Tools reference
// guide; botocore's resolver order).
#include <chime_voice/credential_chain.hpp>

#define BOOST_TEST_MODULE credential_chain
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <sstream>

using namespace chime_voice;
using namespace std::chrono_literals;

namespace {

using env_map = std::map<std::string, std::string, std::less<>>;

env_lookup lookup(env_map m) {
    return [m = std::move(m)](std::string_view n) -> std::optional<std::string> {
        auto it = m.find(n);
        if (it == m.end()) return std::nullopt;
        return it->second;
    };
}

std::expected<credential_plan, error> plan(const env_map& env, std::optional<std::string_view> config,
                                           std::optional<std::string_view> creds = std::nullopt,
                                           credential_chain_options o = {}) {
    env_map e = env;
    e.emplace("AWS_EC2_METADATA_DISABLED", "true"); // unless a test wants IMDS
    if (e.at("AWS_EC2_METADATA_DISABLED") == "keep") e.erase("AWS_EC2_METADATA_DISABLED");
    auto s = resolve_client_settings(lookup(e), config, creds);
    if (!s) return std::unexpected(s.error());
    return plan_credentials(*s, lookup(e), o);
}

credential_plan must(const env_map& env, std::optional<std::string_view> config,
                     std::optional<std::string_view> creds = std::nullopt, credential_chain_options o = {}) {
    auto p = plan(env, config, creds, o);
    if (!p) BOOST_FAIL("unexpected error: " << p.error().message);
    return *p;
}

std::string must_fail(const env_map& env, std::optional<std::string_view> config,
                      std::optional<std::string_view> creds = std::nullopt) {
    auto p = plan(env, config, creds);
    BOOST_TEST_REQUIRE(!p.has_value());
    BOOST_TEST((p.error().category == error_category::credentials || p.error().category == error_category::validation));
    return p.error().message;
}

const env_map env_keys{{"AWS_ACCESS_KEY_ID", "AKIDENV"}, {"AWS_SECRET_ACCESS_KEY", "envsecret"},
                       {"AWS_SESSION_TOKEN", "envtoken"}};

constexpr std::string_view config =
    "[default]\n"
    "region = us-west-2\n"
    "credential_process = /bin/creds default\n"
    "[profile static]\n"
    "aws_access_key_id = AKIDCFG\n"
    "aws_secret_access_key = cfgsecret\n"
    "[profile proc]\n"
    "credential_process = /bin/creds --json\n"
    "aws_access_key_id = AKIDCFG2\n"
    "aws_secret_access_key = cfgsecret2\n"
    "[profile role]\n"
    "role_arn = arn:aws:iam::123456789012:role/r1\n"
    "source_profile = static\n"
    "external_id = ext\n"
    "role_session_name = sess\n"
    "duration_seconds = 1800\n"
    "mfa_serial = arn:aws:iam::123456789012:mfa/me\n"
    "[profile chained]\n"
    "role_arn = arn:aws:iam::123456789012:role/r2\n"
    "source_profile = role\n"
    "[profile from_env]\n"
    "role_arn = arn:aws:iam::123456789012:role/r3\n"
    "credential_source = Environment\n"
    "[profile from_imds]\n"
    "role_arn = arn:aws:iam::123456789012:role/r4\n"
    "credential_source = Ec2InstanceMetadata\n"
    "[profile from_ecs]\n"
    "role_arn = arn:aws:iam::123456789012:role/r5\n"
    "credential_source = EcsContainer\n"
    "[profile bad_source]\n"
    "role_arn = arn:aws:iam::123456789012:role/r6\n"
    "credential_source = Lambda\n"
    "[profile both]\n"
    "role_arn = arn:aws:iam::123456789012:role/r7\n"
    "credential_source = Environment\n"
    "source_profile = static\n"
    "[profile neither]\n"
    "role_arn = arn:aws:iam::123456789012:role/r8\n"
    "[profile cycle_a]\n"
    "role_arn = arn:aws:iam::123456789012:role/a\n"
    "source_profile = cycle_b\n"
    "[profile cycle_b]\n"
    "role_arn = arn:aws:iam::123456789012:role/b\n"
    "source_profile = cycle_a\n"
    "[profile self]\n"
    "role_arn = arn:aws:iam::123456789012:role/self\n"
    "source_profile = self\n"
    "aws_access_key_id = AKIDSELF\n"
    "aws_secret_access_key = selfsecret\n"
    "[profile self_no_keys]\n"
    "role_arn = arn:aws:iam::123456789012:role/self\n"
    "source_profile = self_no_keys\n"
    "[profile to_missing]\n"
    "role_arn = arn:aws:iam::123456789012:role/x\n"
    "source_profile = nowhere\n"
    "[profile to_empty]\n"
    "role_arn = arn:aws:iam::123456789012:role/x\n"
    "source_profile = empty\n"
    "[profile empty]\n"
    "region = eu-west-1\n"
    "[profile to_proc]\n"
    "role_arn = arn:aws:iam::123456789012:role/p\n"
    "source_profile = proc\n"
    "[profile web]\n"
    "role_arn = arn:aws:iam::123456789012:role/web\n"
    "web_identity_token_file = /var/run/token\n"
    "role_session_name = websess\n"
    "[profile sso]\n"
    "sso_session = corp\n"
    "sso_account_id = 123456789012\n"
    "sso_role_name = Admin\n"
    "[profile sso_legacy]\n"
    "sso_start_url = https://legacy.awsapps.com/start\n"
    "sso_region = eu-west-1\n"
    "sso_account_id = 1\n"
    "sso_role_name = R\n"
    "[profile sso_partial]\n"
    "sso_account_id = 1\n"
    "[profile sso_no_section]\n"
    "sso_session = missing\n"
    "sso_account_id = 1\n"
    "sso_role_name = R\n"
    "[profile bad_duration]\n"
    "role_arn = arn:aws:iam::123456789012:role/x\n"
    "source_profile = static\n"
    "duration_seconds = an hour\n"
    "[profile partial]\n"
    "aws_access_key_id = AKIDONLY\n"
    "[profile sts_local]\n"
    "role_arn = arn:aws:iam::123456789012:role/r1\n"
    "source_profile = static\n"
    "services = local\n"
    "[services local]\n"
    "sts =\n"
    "  endpoint_url = http://127.0.0.1:4566\n"
    "[sso-session corp]\n"
    "sso_start_url = https://corp.awsapps.com/start\n"
    "sso_region = us-east-2\n";

} // namespace

BOOST_AUTO_TEST_CASE(environment_first) {
    auto p = must(env_keys, config);
    BOOST_TEST((p.source == credential_source_kind::environment));
    BOOST_TEST(p.static_credentials->access_key_id == "AKIDENV");
    BOOST_TEST((p.static_credentials->session_token == "envtoken"));
    // ...also over a profile with a role (AWS_PROFILE does not skip the environment).
    env_map e = env_keys;
    e["AWS_PROFILE"] = "role";
    BOOST_TEST((must(e, config).source == credential_source_kind::environment));
    // An explicit profile skips it.
    credential_chain_options o;
    o.explicit_profile = true;
    e["AWS_PROFILE"] = "static";
    BOOST_TEST((must(e, config, std::nullopt, o).source == credential_source_kind::shared_config_file));
    // A half pair is an error naming the missing variable.
    BOOST_TEST(must_fail({{"AWS_ACCESS_KEY_ID", "A"}}, config) ==
               "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    e = env_keys;
    e["AWS_CREDENTIAL_EXPIRATION"] = "2026-12-02T00:00:00Z";
    BOOST_TEST(must(e, config).static_credentials->expiration.has_value());
}

BOOST_AUTO_TEST_CASE(shared_files_and_process) {
    // The credentials file beats credential_process, which beats the config file.
    constexpr std::string_view creds = "[proc]\naws_access_key_id = AKIDCRED\naws_secret_access_key = credsecret\n";
    auto p = must({{"AWS_PROFILE", "proc"}}, config, creds);
    BOOST_TEST((p.source == credential_source_kind::shared_credentials_file));
    BOOST_TEST(p.static_credentials->access_key_id == "AKIDCRED");
    p = must({{"AWS_PROFILE", "proc"}}, config);
    BOOST_TEST((p.source == credential_source_kind::credential_process));
    BOOST_TEST(*p.credential_process == "/bin/creds --json");
    BOOST_TEST(p.profile == "proc");
    p = must({{"AWS_PROFILE", "static"}}, config);
    BOOST_TEST((p.source == credential_source_kind::shared_config_file));
    p = must({}, config);
    BOOST_TEST((p.source == credential_source_kind::credential_process));
    BOOST_TEST(must_fail({{"AWS_PROFILE", "partial"}}, config) ==
               "profile 'partial' in the config file has aws_access_key_id but no aws_secret_access_key");
}

BOOST_AUTO_TEST_CASE(assume_role_with_source_profile) {
    auto p = must({{"AWS_PROFILE", "role"}}, config);
    BOOST_TEST((p.source == credential_source_kind::shared_config_file));
    BOOST_TEST(p.profile == "static");
    BOOST_TEST(p.static_credentials->access_key_id == "AKIDCFG");
    BOOST_TEST_REQUIRE(p.roles.size() == 1u);
    BOOST_TEST(p.roles[0].role_arn == "arn:aws:iam::123456789012:role/r1");
    BOOST_TEST(*p.roles[0].external_id == "ext");
    BOOST_TEST(*p.roles[0].role_session_name == "sess");
    BOOST_TEST(*p.roles[0].duration_seconds == 1800);
    BOOST_TEST(*p.roles[0].mfa_serial == "arn:aws:iam::123456789012:mfa/me");
    BOOST_TEST(p.sts_region.empty()); // the selected profile has no region: the global endpoint
    // Chains: innermost first.
    p = must({{"AWS_PROFILE", "chained"}}, config);
    BOOST_TEST_REQUIRE(p.roles.size() == 2u);
    BOOST_TEST(p.roles[0].role_arn == "arn:aws:iam::123456789012:role/r1");
    BOOST_TEST(p.roles[1].role_arn == "arn:aws:iam::123456789012:role/r2");
    // A source profile with credential_process.
    p = must({{"AWS_PROFILE", "to_proc"}}, config);
    // Its own order applies: credential_process before the config file's keys.
    BOOST_TEST((p.source == credential_source_kind::credential_process));
    BOOST_TEST(p.profile == "proc");
    // The environment is not a source for a source profile.
    env_map e = env_keys;
    e["AWS_PROFILE"] = "to_empty";
    BOOST_TEST((must(e, config).source == credential_source_kind::environment)); // first at the top level
    BOOST_TEST(must_fail({{"AWS_PROFILE", "to_empty"}}, config).find("source_profile 'empty' referenced in profile 'to_empty' has no credentials") == 0u);
}

BOOST_AUTO_TEST_CASE(assume_role_rules) {
    BOOST_TEST(must_fail({{"AWS_PROFILE", "to_missing"}}, config) ==
               "source_profile 'nowhere' referenced in profile 'to_missing' does not exist");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "cycle_a"}}, config) ==
               "source_profile cycle: cycle_a -> cycle_b -> cycle_a");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "self_no_keys"}}, config).find("source_profile cycle") == 0u);
    auto p = must({{"AWS_PROFILE", "self"}}, config); // self-reference with keys: allowed
    BOOST_TEST(p.static_credentials->access_key_id == "AKIDSELF");
    BOOST_TEST(p.roles.size() == 1u);
    BOOST_TEST(must_fail({{"AWS_PROFILE", "both"}}, config) ==
               "profile 'both' sets both source_profile and credential_source (role_arn needs exactly one)");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "neither"}}, config) ==
               "profile 'neither' sets role_arn but neither source_profile nor credential_source");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "bad_source"}}, config) ==
               "credential_source 'Lambda' in profile 'bad_source' is not one of Environment, Ec2InstanceMetadata, EcsContainer");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "bad_duration"}}, config) ==
               "duration_seconds in profile 'bad_duration' must be a number from 900 to 43200, not 'an hour'");
}

BOOST_AUTO_TEST_CASE(credential_sources) {
    credential_chain_options explicit_profile;
    explicit_profile.explicit_profile = true;
    env_map e = env_keys;
    e["AWS_PROFILE"] = "from_env";
    auto p = must(e, config, std::nullopt, explicit_profile);
    BOOST_TEST((p.source == credential_source_kind::environment));
    BOOST_TEST(p.roles.at(0).role_arn == "arn:aws:iam::123456789012:role/r3");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "from_env"}}, config) ==
               "credential_source Environment in profile 'from_env': AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "from_imds"}}, config).find("instance metadata is disabled") != std::string::npos);
    p = must({{"AWS_PROFILE", "from_imds"}, {"AWS_EC2_METADATA_DISABLED", "keep"}}, config);
    BOOST_TEST((p.source == credential_source_kind::instance_metadata));
    BOOST_TEST(p.instance_metadata->endpoint == "http://169.254.169.254");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "from_ecs"}}, config).find("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI") !=
               std::string::npos);
    p = must({{"AWS_PROFILE", "from_ecs"}, {"AWS_CONTAINER_CREDENTIALS_RELATIVE_URI", "/c"}}, config);
    BOOST_TEST((p.source == credential_source_kind::container));
    BOOST_TEST(p.container->url == "http://169.254.170.2/c");
}

BOOST_AUTO_TEST_CASE(web_identity) {
    auto p = must({{"AWS_PROFILE", "web"}}, config);
    BOOST_TEST((p.source == credential_source_kind::web_identity));
    BOOST_TEST(p.web_identity->token_file == "/var/run/token");
    BOOST_TEST(p.web_identity->role_arn == "arn:aws:iam::123456789012:role/web");
    BOOST_TEST(*p.web_identity->role_session_name == "websess");
    BOOST_TEST(p.roles.empty());
    // From the environment, for a profile without sources of its own.
    p = must({{"AWS_PROFILE", "empty"}, {"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}, {"AWS_ROLE_ARN", "arn:aws:iam::1:role/e"},
              {"AWS_ROLE_SESSION_NAME", "es"}},
             config);
    BOOST_TEST((p.source == credential_source_kind::web_identity));
    BOOST_TEST(p.web_identity->token_file == "/t");
    BOOST_TEST(*p.web_identity->role_session_name == "es");
    // ...but it comes after assume-role and before the profile's own keys.
    p = must({{"AWS_PROFILE", "static"}, {"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}, {"AWS_ROLE_ARN", "arn:aws:iam::1:role/e"}},
             config);
    BOOST_TEST((p.source == credential_source_kind::web_identity));
    BOOST_TEST(must_fail({{"AWS_PROFILE", "empty"}, {"AWS_WEB_IDENTITY_TOKEN_FILE", "/t"}}, config).find("no role_arn") !=
               std::string::npos);
    auto params = to_web_identity_params(*p.web_identity, secret_string("tok"), std::chrono::sys_seconds{1000s});
    BOOST_TEST(params.role_session_name == "chime-voice-session-1000");
}

BOOST_AUTO_TEST_CASE(sso) {
    auto p = must({{"AWS_PROFILE", "sso"}}, config);
    BOOST_TEST((p.source == credential_source_kind::sso));
    BOOST_TEST(p.sso->session_name == "corp");
    BOOST_TEST(p.sso->start_url == "https://corp.awsapps.com/start");
    BOOST_TEST(p.sso->region == "us-east-2");
    BOOST_TEST(p.sso->account_id == "123456789012");
    BOOST_TEST(p.sso->role_name == "Admin");
    p = must({{"AWS_PROFILE", "sso_legacy"}}, config);
    BOOST_TEST(p.sso->session_name.empty());
    BOOST_TEST(p.sso->region == "eu-west-1");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "sso_partial"}}, config) ==
               "profile 'sso_partial' is configured for SSO but lacks sso_start_url, sso_region, sso_role_name");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "sso_no_section"}}, config).find("no [sso-session missing] section") !=
               std::string::npos);
    // FIPS, dual-stack and the configured endpoint URLs of the portal (service
    // id "SSO") and the OIDC service ("SSO OIDC") reach the SSO settings.
    p = must({{"AWS_PROFILE", "sso"}, {"AWS_USE_FIPS_ENDPOINT", "true"}, {"AWS_USE_DUALSTACK_ENDPOINT", "true"},
              {"AWS_ENDPOINT_URL_SSO", "http://127.0.0.1:1"}, {"AWS_ENDPOINT_URL_SSO_OIDC", "http://127.0.0.1:2"}},
             config);
    BOOST_TEST(p.sso->use_fips);
    BOOST_TEST(p.sso->use_dual_stack);
    BOOST_TEST(*p.sso->portal_endpoint_url == "http://127.0.0.1:1");
    BOOST_TEST(*p.sso->oidc_endpoint_url == "http://127.0.0.1:2");
    p = must({{"AWS_PROFILE", "sso"}, {"AWS_ENDPOINT_URL", "http://127.0.0.1:3"},
              {"AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "false"}},
             config);
    BOOST_TEST(*p.sso->portal_endpoint_url == "http://127.0.0.1:3");
    BOOST_TEST(*p.sso->oidc_endpoint_url == "http://127.0.0.1:3");
    BOOST_TEST(must_fail({{"AWS_PROFILE", "sso"}, {"AWS_ENDPOINT_URL_SSO", "nope"}}, config)
                   .find("(set by AWS_ENDPOINT_URL_SSO)") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(container_and_instance_metadata_last) {
    auto p = must({{"AWS_PROFILE", "empty"}, {"AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:1/x"},
                   {"AWS_CONTAINER_AUTHORIZATION_TOKEN", "tok"}},
                  config);
    BOOST_TEST((p.source == credential_source_kind::container));
    BOOST_TEST(p.profile.empty());
    p = must({{"AWS_PROFILE", "empty"}, {"AWS_EC2_METADATA_DISABLED", "keep"}}, config);
    BOOST_TEST((p.source == credential_source_kind::instance_metadata));
    p = must({{"AWS_PROFILE", "empty"}, {"AWS_EC2_METADATA_DISABLED", "keep"},
              {"AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "IPv6"}},
             config);
    BOOST_TEST(p.instance_metadata->endpoint == "http://[fd00:ec2::254]");
    p = must({{"AWS_PROFILE", "empty"}, {"AWS_EC2_METADATA_DISABLED", "keep"},
              {"AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:1338/"}},
             config);
    BOOST_TEST(p.instance_metadata->endpoint == "http://127.0.0.1:1338");
    auto m = must_fail({{"AWS_PROFILE", "empty"}}, config);
    BOOST_TEST(m.find("no credentials: ") == 0u);
    BOOST_TEST(m.find("profile 'empty'") != std::string::npos);
    BOOST_TEST(m.find("Unable to locate credentials") == std::string::npos);
}

// ec2_metadata_v1_disabled / AWS_EC2_METADATA_V1_DISABLED reach the IMDS
// settings of the plan (environment over profile, as botocore's
// config_store reads it).
BOOST_AUTO_TEST_CASE(imds_v1_disabled_setting) {
    auto p = must({{"AWS_PROFILE", "empty"}, {"AWS_EC2_METADATA_DISABLED", "keep"}}, config);
    BOOST_TEST_REQUIRE(p.instance_metadata.has_value());
    BOOST_TEST(!p.instance_metadata->v1_disabled);
    p = must({{"AWS_PROFILE", "empty"}, {"AWS_EC2_METADATA_DISABLED", "keep"}, {"AWS_EC2_METADATA_V1_DISABLED", "true"}}, config);
    BOOST_TEST(p.instance_metadata->v1_disabled);
    p = must({{"AWS_EC2_METADATA_DISABLED", "keep"}}, "[default]\nec2_metadata_v1_disabled = true\n");
    BOOST_TEST(p.instance_metadata->v1_disabled);
    p = must({{"AWS_EC2_METADATA_DISABLED", "keep"}, {"AWS_EC2_METADATA_V1_DISABLED", "false"}}, "[default]\nec2_metadata_v1_disabled = true\n");
    BOOST_TEST(!p.instance_metadata->v1_disabled);
    BOOST_TEST(must_fail({{"AWS_EC2_METADATA_DISABLED", "keep"}, {"AWS_EC2_METADATA_V1_DISABLED", "yes"}}, std::nullopt).find("ec2_metadata_v1_disabled") !=
               std::string::npos);
}

BOOST_AUTO_TEST_CASE(sts_request_from_a_plan) {
    auto p = must({{"AWS_PROFILE", "sts_local"}, {"AWS_REGION", "eu-central-1"}}, config);
    BOOST_TEST(*p.sts_endpoint_url == "http://127.0.0.1:4566");
    BOOST_TEST(p.sts_region == "eu-central-1");
    const std::chrono::sys_seconds t{1796166000s};
    auto req = build_assume_role_request(to_assume_role_params(p.roles[0], t), *p.static_credentials, p.sts_options(t));
    BOOST_TEST_REQUIRE(req.has_value(), req.error().message);
    BOOST_TEST(req->url() == "http://127.0.0.1:4566/");
    BOOST_TEST(req->body.find("RoleSessionName=chime-voice-session-1796166000") != std::string::npos);
    BOOST_TEST(req->find_header("authorization")->value.find("/eu-central-1/sts/aws4_request") != std::string::npos);
    p = must({{"AWS_PROFILE", "role"}, {"AWS_ENDPOINT_URL_STS", "http://127.0.0.1:9"}}, config);
    BOOST_TEST(*p.sts_endpoint_url == "http://127.0.0.1:9");
    // sts_regional_endpoints = legacy and dual-stack reach the STS request
    // (the hosts are the STS rule set's; sts_endpoint_botocore_oracle).
    p = must({{"AWS_PROFILE", "role"}, {"AWS_REGION", "eu-west-1"}, {"AWS_STS_REGIONAL_ENDPOINTS", "legacy"}}, config);
    BOOST_TEST(p.sts_use_global_endpoint);
    const secret_string code("123456"); // the role profile has mfa_serial
    auto legacy = build_assume_role_request(to_assume_role_params(p.roles[0], t, code), *p.static_credentials,
                                            p.sts_options(t));
    BOOST_TEST_REQUIRE(legacy.has_value(), legacy.error().message);
    BOOST_TEST(legacy->url() == "https://sts.amazonaws.com/");
    BOOST_TEST(legacy->signing.region == "us-east-1");
    p = must({{"AWS_PROFILE", "role"}, {"AWS_REGION", "eu-west-1"}, {"AWS_USE_DUALSTACK_ENDPOINT", "true"}}, config);
    auto dual = build_assume_role_request(to_assume_role_params(p.roles[0], t, code), *p.static_credentials,
                                          p.sts_options(t));
    BOOST_TEST_REQUIRE(dual.has_value(), dual.error().message);
    BOOST_TEST(dual->url() == "https://sts.eu-west-1.api.aws/");
    // mfa_serial: the caller passes the code.
    p = must({{"AWS_PROFILE", "role"}}, config);
    auto params = to_assume_role_params(p.roles[0], t, secret_string("123456"));
    BOOST_TEST(build_assume_role_request(params, *p.static_credentials, p.sts_options(t)).has_value());
    BOOST_TEST(!build_assume_role_request(to_assume_role_params(p.roles[0], t), *p.static_credentials, p.sts_options(t))
                    .has_value());
}

BOOST_AUTO_TEST_CASE(printing_a_plan_shows_no_secret) {
    std::ostringstream os;
    os << must({{"AWS_PROFILE", "chained"}}, config);
    BOOST_TEST(os.str().find("cfgsecret") == std::string::npos);
    BOOST_TEST(os.str().find("assume arn:aws:iam::123456789012:role/r2") != std::string::npos);
}

// ---------------------------------------------------------------- botocore oracle
// "--chain-cases=FILE" after "--": written by
// tests/credential_chain_botocore_oracle.py, each case with the trace of what
// botocore's resolver did (base source, then the roles it assumed).
namespace {
std::optional<std::string> chain_cases_path() {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    constexpr std::string_view flag = "--chain-cases=";
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.starts_with(flag)) return std::string(arg.substr(flag.size()));
    }
    return std::nullopt;
}

/// The same trace from our plan.
std::vector<std::string> trace_of(const credential_plan& p) {
    std::vector<std::string> t;
    switch (p.source) {
    case credential_source_kind::environment: t.push_back("env:" + p.static_credentials->access_key_id); break;
    case credential_source_kind::shared_credentials_file:
    case credential_source_kind::shared_config_file: t.push_back("static:" + p.static_credentials->access_key_id); break;
    case credential_source_kind::credential_process: t.push_back("process:" + p.profile); break;
    case credential_source_kind::web_identity: t.push_back("web:" + p.web_identity->role_arn); break;
    case credential_source_kind::sso: t.push_back("sso:" + p.sso->account_id + ":" + p.sso->role_name); break;
    case credential_source_kind::container: t.push_back("container"); break;
    case credential_source_kind::instance_metadata: t.push_back("imds"); break;
    }
    // An MFA step: SerialNumber and TokenCode as they are in the AssumeRole
    // request we build with the oracle's code.
    auto form_value = [](std::string_view body, std::string_view name) {
        std::string out;
        const std::string key = "&" + std::string(name) + "=";
        const std::string text = "&" + std::string(body);
        auto at = text.find(key);
        if (at == std::string::npos) return out;
        std::string_view v = std::string_view(text).substr(at + key.size());
        v = v.substr(0, v.find('&'));
        for (std::size_t i = 0; i < v.size(); ++i) {
            if (v[i] == '%' && i + 2 < v.size()) {
                out.push_back(static_cast<char>(std::stoi(std::string(v.substr(i + 1, 2)), nullptr, 16)));
                i += 2;
            } else {
                out.push_back(v[i]);
            }
        }
        return out;
    };
    const std::chrono::sys_seconds when{std::chrono::seconds{1796166000}};
    for (const auto& r : p.roles) {
        std::string step = "assume:" + r.role_arn;
        if (r.mfa_serial) {
            auto req = build_assume_role_request(to_assume_role_params(r, when, secret_string("123456")),
                                                 credentials("AKIDEXAMPLE", "secret"), p.sts_options(when));
            if (!req) return {"error"};
            step += "+mfa:" + form_value(req->body, "SerialNumber") + ":" + form_value(req->body, "TokenCode");
        }
        t.push_back(std::move(step));
    }
    return t;
}
} // namespace

BOOST_AUTO_TEST_CASE(botocore_chain_cases,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                         return boost::unit_test::assertion_result(chain_cases_path().has_value());
                     })) {
    namespace json = boost::json;
    std::ifstream in(*chain_cases_path(), std::ios::binary);
    BOOST_TEST_REQUIRE(in.good());
    std::ostringstream ss;
    ss << in.rdbuf();
    const json::value doc = json::parse(ss.str());
    std::size_t agree = 0;
    for (const auto& cv : doc.as_array()) {
        const auto& tc = cv.as_object();
        BOOST_TEST_CONTEXT(tc.at("name").as_string()) {
            env_map env;
            for (const auto& [k, v] : tc.at("env").as_object()) env.emplace(std::string(k), std::string(v.as_string()));
            settings_overrides o;
            credential_chain_options co;
            if (tc.at("explicit_profile").as_bool()) {
                o.profile = std::string(tc.at("profile").as_string());
                co.explicit_profile = true;
            }
            std::vector<std::string> ours;
            std::string why;
            auto s = resolve_client_settings(lookup(env), std::string_view(tc.at("config").as_string()),
                                             std::string_view(tc.at("credentials").as_string()), o);
            if (!s) {
                ours = {"error"};
                why = s.error().message;
            } else if (auto p = plan_credentials(*s, lookup(env), co)) {
                ours = trace_of(*p);
            } else {
                ours = {"error"};
                why = p.error().message;
            }
            std::vector<std::string> theirs;
            for (const auto& v : tc.at("expect").as_array()) theirs.emplace_back(v.as_string());
            BOOST_TEST(ours == theirs, "ours [" << why << "] vs botocore ["
                                                << (tc.at("botocore_error").is_null() ? std::string()
                                                                                      : std::string(tc.at("botocore_error").as_string()))
                                                << "]");
            if (ours == theirs) ++agree;
        }
    }
    BOOST_TEST_MESSAGE(doc.as_array().size() << " botocore chain cases: " << agree << " agree");
}
