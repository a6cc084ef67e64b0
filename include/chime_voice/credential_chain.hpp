// SPDX-License-Identifier: BSL-1.0
// chime_voice/credential_chain.hpp — the default credential provider chain
// of the AWS SDKs, sans-I/O: plan_credentials() decides *where* the
// credentials come from and returns a plan; the caller carries it out with
// the request builders and reply parsers of sts.hpp and
// credential_sources.hpp (running credential_process, reading token files,
// sending requests), then signs with the result.
//
// Order (AWS SDKs and Tools reference guide, "Understand the credential
// provider chain"; botocore's create_credential_resolver, checked by the
// credential_chain_botocore_oracle test):
//   1. environment: AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN,
//      AWS_CREDENTIAL_EXPIRATION); skipped for an explicit profile (--profile);
//   2. assume role: the profile has `role_arn` (and no
//      `web_identity_token_file`): `source_profile` chains (cycles refused)
//      or `credential_source` (Environment, Ec2InstanceMetadata, EcsContainer);
//   3. web identity: `web_identity_token_file` + `role_arn` in the profile,
//      else AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN (+ AWS_ROLE_SESSION_NAME);
//   4. SSO: `sso_session` (with its `[sso-session NAME]` section) or the
//      legacy `sso_start_url` keys, with `sso_account_id` and `sso_role_name`;
//   5. static keys of the profile in the shared credentials file;
//   6. `credential_process` of the profile;
//   7. static keys of the profile in the shared config file;
//   8. the container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI / _FULL_URI);
//   9. EC2 instance metadata (IMDSv2), unless AWS_EC2_METADATA_DISABLED=true.
// A source profile of step 2 is read with steps 3-7 of that profile only (no
// environment), and its static keys win over its own role_arn.
//
// No I/O, no clock. Nothing throws on bad input (std::bad_alloc aside).
#ifndef CHIME_VOICE_CREDENTIAL_CHAIN_HPP
#define CHIME_VOICE_CREDENTIAL_CHAIN_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credential_sources.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/profile.hpp>
#include <chime_voice/settings.hpp>
#include <chime_voice/sts.hpp>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <tuple>
#include <vector>

namespace chime_voice {

/// Where the first credentials of a plan come from.
enum class credential_source_kind {
    environment,             ///< AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY
    shared_credentials_file, ///< static keys in the credentials file
    shared_config_file,      ///< static keys in the config file
    credential_process,      ///< run a command, parse_credential_process_output()
    web_identity,            ///< AssumeRoleWithWebIdentity (sts.hpp)
    sso,                     ///< SSO GetRoleCredentials (credential_sources.hpp)
    container,               ///< the ECS / EKS container endpoint
    instance_metadata,       ///< EC2 IMDSv2
};

/// "environment", "shared-credentials-file", ... (the names botocore's
/// `Credentials.method` uses where there is one).
constexpr std::string_view to_string(credential_source_kind k) noexcept {
    switch (k) {
    case credential_source_kind::environment: return "env";
    case credential_source_kind::shared_credentials_file: return "shared-credentials-file";
    case credential_source_kind::shared_config_file: return "config-file";
    case credential_source_kind::credential_process: return "custom-process";
    case credential_source_kind::web_identity: return "assume-role-with-web-identity";
    case credential_source_kind::sso: return "sso";
    case credential_source_kind::container: return "container-role";
    case credential_source_kind::instance_metadata: return "iam-role";
    }
    return "?";
}

/// One AssumeRole of a chain: the profile that sets `role_arn` and its
/// role settings.
struct role_to_assume {
    std::string profile;                          ///< the profile that sets role_arn
    std::string role_arn;                         ///< role_arn
    std::optional<std::string> role_session_name; ///< role_session_name
    std::optional<std::string> external_id;       ///< external_id
    std::optional<std::int32_t> duration_seconds; ///< duration_seconds (900..43200)
    std::optional<std::string> mfa_serial; ///< the caller must ask for the token code
};

/// The web identity source.
struct web_identity_config {
    std::string role_arn;                         ///< role_arn / AWS_ROLE_ARN
    std::string token_file;                       ///< the caller reads it (its text is the token)
    std::optional<std::string> role_session_name; ///< role_session_name / AWS_ROLE_SESSION_NAME
};

/// What to do to get credentials: one base source, then zero or more roles
/// to assume in order (each with the credentials of the step before).
struct credential_plan {
    credential_source_kind source = credential_source_kind::environment; ///< the base source
    std::string profile;     ///< the profile that holds the base source ("" when it is the environment)
    std::string description; ///< for messages: "profile 'dev' in the credentials file (static keys)"

    std::optional<credentials> static_credentials;       ///< environment / shared files: ready to use
    std::optional<std::string> credential_process;       ///< the command line to run
    std::optional<web_identity_config> web_identity;       ///< for credential_source_kind::web_identity
    std::optional<sso_config> sso;                         ///< for credential_source_kind::sso
    std::optional<container_credentials_config> container; ///< for credential_source_kind::container
    std::optional<imds_config> instance_metadata;          ///< for credential_source_kind::instance_metadata

    std::vector<role_to_assume> roles; ///< innermost first

    /// Where STS requests go: the resolved region (its regional endpoint),
    /// FIPS, and a configured STS endpoint URL (AWS_ENDPOINT_URL_STS,
    /// AWS_ENDPOINT_URL, services section `sts`, endpoint_url).
    std::string sts_region;                      ///< "" = the global endpoint
    bool sts_use_fips = false;                   ///< use sts-fips.{region}
    std::optional<std::string> sts_endpoint_url; ///< a configured STS endpoint URL
    bool sts_use_dual_stack = false;             ///< use the dual-stack STS endpoint
    bool sts_use_global_endpoint = false;        ///< sts_regional_endpoints = legacy

    /// STS options for a request signed at `time`.
    sts_request_options sts_options(std::chrono::sys_seconds time) const {
        sts_request_options o;
        o.region = sts_region;
        o.use_fips = sts_use_fips;
        o.endpoint_url = sts_endpoint_url;
        o.use_dual_stack = sts_use_dual_stack;
        o.use_global_endpoint = sts_use_global_endpoint;
        o.time = time;
        return o;
    }
};

/// Knobs of plan_credentials().
struct credential_chain_options {
    /// The profile was named explicitly by the caller (e.g. --profile): the
    /// environment's keys are skipped, as the AWS CLI and botocore do for a
    /// profile given to the session (AWS_PROFILE does not count).
    bool explicit_profile = false;
};

namespace detail {

inline std::unexpected<error> chain_error(std::string msg) {
    return std::unexpected(error::make(error_category::credentials, std::move(msg)));
}

/// The profile `name` with the credentials file over the config file, and
/// where it was found.
struct located_profile {
    shared_profile merged;                          ///< both files' keys
    const shared_profile* in_config = nullptr;      ///< the config file's section, if any
    const shared_profile* in_credentials = nullptr; ///< the credentials file's section, if any
    /// True when either file has the profile.
    bool exists() const noexcept { return in_config != nullptr || in_credentials != nullptr; }
};

inline located_profile locate_profile(const client_settings& s, std::string_view name) {
    located_profile l;
    l.in_config = s.config_file.profile(name);
    l.in_credentials = s.credentials_file.profile(name);
    const std::string n(name);
    l.merged = merge_profiles(l.in_config ? *l.in_config : shared_profile(n),
                              l.in_credentials ? *l.in_credentials : shared_profile(n));
    return l;
}

inline std::optional<std::string> non_empty(std::optional<std::string_view> v) {
    if (!v || v->empty()) return std::nullopt;
    return std::string(*v);
}

/// botocore's _has_static_credentials: either key present.
inline bool has_static_keys(const shared_profile& p) noexcept {
    return p.aws_access_key_id.has_value() || p.aws_secret_access_key.has_value();
}

inline std::expected<credentials, error> static_keys_of(const shared_profile& p, std::string_view file) {
    const std::string where = "profile '" + p.name + "' in the " + std::string(file) + " file";
    if (!p.aws_access_key_id || p.aws_access_key_id->empty())
        return chain_error(where + " has aws_secret_access_key but no aws_access_key_id");
    if (!p.aws_secret_access_key || p.aws_secret_access_key->empty())
        return chain_error(where + " has aws_access_key_id but no aws_secret_access_key");
    return credentials(*p.aws_access_key_id, *p.aws_secret_access_key, p.aws_session_token.value_or(""));
}

inline std::expected<std::optional<credentials>, error> environment_keys(const env_lookup& env, std::string_view why) {
    auto id = env_value(env, "AWS_ACCESS_KEY_ID");
    auto secret = env_value(env, "AWS_SECRET_ACCESS_KEY");
    if (!id && !secret) return std::nullopt;
    if (!id) return chain_error(std::string(why) + "AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not");
    if (!secret) return chain_error(std::string(why) + "AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not");
    credentials c(std::move(*id), secret_string(std::move(*secret)),
                  secret_string(env_value(env, "AWS_SESSION_TOKEN").value_or("")));
    if (auto e = env_value(env, "AWS_CREDENTIAL_EXPIRATION")) {
        auto t = parse_iso8601(*e);
        if (!t) return chain_error(std::string(why) + "AWS_CREDENTIAL_EXPIRATION is not an ISO 8601 time");
        c.expiration = *t;
    }
    return std::optional<credentials>(std::move(c));
}

inline std::expected<std::optional<imds_config>, error> imds_from(const client_settings& s, const env_lookup& env) {
    if (auto d = env_value(env, "AWS_EC2_METADATA_DISABLED"); d && iequals(*d, "true")) return std::nullopt;
    imds_config c;
    auto profile_or_env = [&](std::string_view env_name, std::string_view key) -> std::optional<std::string> {
        if (auto v = env_value(env, env_name)) return v;
        return non_empty(s.selected_profile.get(key));
    };
    if (auto ep = profile_or_env("AWS_EC2_METADATA_SERVICE_ENDPOINT", "ec2_metadata_service_endpoint")) {
        if (!is_endpoint_url(*ep))
            return chain_error("ec2_metadata_service_endpoint '" + *ep + "' is not an http or https URL");
        c.endpoint = *ep;
        while (c.endpoint.size() > 8 && c.endpoint.back() == '/') c.endpoint.pop_back();
    } else if (auto mode = profile_or_env("AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE", "ec2_metadata_service_endpoint_mode")) {
        if (iequals(*mode, "IPv6")) c.endpoint = "http://[fd00:ec2::254]";
        else if (!iequals(*mode, "IPv4"))
            return chain_error("ec2_metadata_service_endpoint_mode must be IPv4 or IPv6, not '" + *mode + "'");
    }
    if (auto v1 = profile_or_env("AWS_EC2_METADATA_V1_DISABLED", "ec2_metadata_v1_disabled")) {
        // botocore reads it with ensure_boolean (anything but "true" is
        // false); a bad value is an error here, as for every boolean.
        auto b = parse_bool_setting(*v1);
        if (!b) return chain_error("ec2_metadata_v1_disabled must be true or false, not '" + *v1 + "'");
        c.v1_disabled = *b;
    }
    return std::optional<imds_config>(std::move(c));
}

inline std::expected<std::optional<std::int32_t>, error> duration_of(const shared_profile& p) {
    auto v = p.get("duration_seconds");
    if (!v) return std::nullopt;
    std::int32_t n = 0;
    auto [ptr, ec] = std::from_chars(v->data(), v->data() + v->size(), n);
    if (ec != std::errc{} || ptr != v->data() + v->size() || n < 900 || n > 43200)
        return chain_error("duration_seconds in profile '" + p.name + "' must be a number from 900 to 43200, not '" +
                           std::string(*v) + "'");
    return std::optional<std::int32_t>(n);
}

/// Steps 3-7 for one profile; nullopt when the profile has none of them.
inline std::expected<bool, error> profile_base_source(const client_settings& s, const env_lookup& env,
                                                      const located_profile& lp, bool allow_env,
                                                      credential_plan& plan) {
    const shared_profile& p = lp.merged;
    const std::string where = "profile '" + p.name + "'";
    plan.profile = p.name;
    // 3. web identity
    {
        auto token_file = non_empty(p.get("web_identity_token_file"));
        auto role_arn = non_empty(p.get("role_arn"));
        auto session = non_empty(p.get("role_session_name"));
        if (allow_env) {
            if (!token_file) token_file = env_value(env, "AWS_WEB_IDENTITY_TOKEN_FILE");
            if (!role_arn) role_arn = env_value(env, "AWS_ROLE_ARN");
            if (!session) session = env_value(env, "AWS_ROLE_SESSION_NAME");
        }
        if (token_file) {
            if (!role_arn)
                return chain_error("web_identity_token_file is set (" + where +
                                   " or AWS_WEB_IDENTITY_TOKEN_FILE) but no role_arn / AWS_ROLE_ARN");
            plan.source = credential_source_kind::web_identity;
            plan.web_identity = web_identity_config{*role_arn, *token_file, session};
            plan.description = where + ": web identity token file " + *token_file + " for role " + *role_arn;
            return true;
        }
    }
    // 4. SSO
    {
        auto session_name = non_empty(p.get("sso_session"));
        auto start_url = non_empty(p.get("sso_start_url"));
        auto region = non_empty(p.get("sso_region"));
        auto account = non_empty(p.get("sso_account_id"));
        auto role = non_empty(p.get("sso_role_name"));
        if (session_name || start_url || account || role) {
            sso_config c;
            if (session_name) {
                const shared_section* sec = s.config_file.sso_session(*session_name);
                if (sec == nullptr)
                    return chain_error(where + " sets sso_session = " + *session_name +
                                       " but the config file has no [sso-session " + *session_name + "] section");
                c.session_name = *session_name;
                auto sec_url = non_empty(sec->get("sso_start_url"));
                auto sec_region = non_empty(sec->get("sso_region"));
                if (start_url && sec_url && *start_url != *sec_url)
                    return chain_error(where + ": sso_start_url differs from the one of sso-session '" + *session_name + "'");
                if (region && sec_region && *region != *sec_region)
                    return chain_error(where + ": sso_region differs from the one of sso-session '" + *session_name + "'");
                if (sec_url) start_url = sec_url;
                if (sec_region) region = sec_region;
            }
            std::string missing;
            auto need = [&](const std::optional<std::string>& v, std::string_view key) {
                if (!v) missing += (missing.empty() ? "" : ", ") + std::string(key);
            };
            need(start_url, "sso_start_url");
            need(region, "sso_region");
            need(account, "sso_account_id");
            need(role, "sso_role_name");
            if (!missing.empty()) return chain_error(where + " is configured for SSO but lacks " + missing);
            c.start_url = *start_url;
            c.region = *region;
            c.account_id = *account;
            c.role_name = *role;
            c.use_fips = s.use_fips.value;
            c.use_dual_stack = s.use_dual_stack.value;
            // The portal's and the OIDC service's configured endpoint URLs
            // (service ids "SSO" and "SSO OIDC").
            for (auto [service_env, key, out] : {std::tuple{"SSO", "sso", &c.portal_endpoint_url},
                                                 std::tuple{"SSO_OIDC", "sso_oidc", &c.oidc_endpoint_url}}) {
                auto url = configured_endpoint_url(s, env, service_env, key);
                if (!url) return std::unexpected(std::move(url.error()));
                if (*url) {
                    if (!is_endpoint_url((*url)->value))
                        return chain_error("the endpoint URL '" + (*url)->value + "' is not an http or https URL" +
                                           detail::where(**url));
                    *out = (*url)->value;
                }
            }
            plan.source = credential_source_kind::sso;
            plan.description = where + ": SSO role " + c.role_name + " in account " + c.account_id;
            plan.sso = std::move(c);
            return true;
        }
    }
    // 5. static keys in the credentials file
    if (lp.in_credentials && has_static_keys(*lp.in_credentials)) {
        auto c = static_keys_of(*lp.in_credentials, "credentials");
        if (!c) return std::unexpected(std::move(c.error()));
        plan.source = credential_source_kind::shared_credentials_file;
        plan.static_credentials = std::move(*c);
        plan.description = where + " in the credentials file (static keys)";
        return true;
    }
    // 6. credential_process
    if (auto cmd = non_empty(p.get("credential_process"))) {
        plan.source = credential_source_kind::credential_process;
        plan.credential_process = *cmd;
        plan.description = where + ": credential_process";
        return true;
    }
    // 7. static keys in the config file
    if (lp.in_config && has_static_keys(*lp.in_config)) {
        auto c = static_keys_of(*lp.in_config, "config");
        if (!c) return std::unexpected(std::move(c.error()));
        plan.source = credential_source_kind::shared_config_file;
        plan.static_credentials = std::move(*c);
        plan.description = where + " in the config file (static keys)";
        return true;
    }
    return false;
}

/// Step 2 for profile `name` (which has role_arn): fills the base source and
/// appends the roles, innermost first.
inline std::expected<void, error> role_chain(const client_settings& s, const env_lookup& env, const std::string& name,
                                             std::vector<std::string>& visited, credential_plan& plan) {
    const located_profile lp = locate_profile(s, name);
    const shared_profile& p = lp.merged;
    const std::string where = "profile '" + name + "'";
    role_to_assume step;
    step.profile = name;
    step.role_arn = std::string(p.get("role_arn").value_or(""));
    if (step.role_arn.empty()) return chain_error(where + " has an empty role_arn");
    step.role_session_name = non_empty(p.get("role_session_name"));
    step.external_id = non_empty(p.get("external_id"));
    step.mfa_serial = non_empty(p.get("mfa_serial"));
    auto d = duration_of(p);
    if (!d) return std::unexpected(std::move(d.error()));
    step.duration_seconds = *d;

    auto source_profile = non_empty(p.get("source_profile"));
    auto credential_source = non_empty(p.get("credential_source"));
    if (source_profile && credential_source)
        return chain_error(where + " sets both source_profile and credential_source (role_arn needs exactly one)");
    if (!source_profile && !credential_source)
        return chain_error(where + " sets role_arn but neither source_profile nor credential_source");

    if (credential_source) {
        const std::string why = "credential_source " + *credential_source + " in " + where + ": ";
        if (*credential_source == "Environment") {
            auto c = environment_keys(env, why);
            if (!c) return std::unexpected(std::move(c.error()));
            if (!*c) return chain_error(why + "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set");
            plan.source = credential_source_kind::environment;
            plan.static_credentials = std::move(**c);
            plan.description = "the environment (credential_source of " + where + ")";
        } else if (*credential_source == "Ec2InstanceMetadata") {
            auto m = imds_from(s, env);
            if (!m) return std::unexpected(std::move(m.error()));
            if (!*m) return chain_error(why + "instance metadata is disabled (AWS_EC2_METADATA_DISABLED)");
            plan.source = credential_source_kind::instance_metadata;
            plan.instance_metadata = std::move(**m);
            plan.description = "EC2 instance metadata (credential_source of " + where + ")";
        } else if (*credential_source == "EcsContainer") {
            auto c = container_config_from([&](std::string_view n) { return env_value(env, n); });
            if (!c) return chain_error(why + "neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor _FULL_URI is set");
            if (!*c) return std::unexpected(std::move(c->error()));
            plan.source = credential_source_kind::container;
            plan.container = std::move(**c);
            plan.description = "the container endpoint (credential_source of " + where + ")";
        } else {
            return chain_error("credential_source '" + *credential_source + "' in " + where +
                               " is not one of Environment, Ec2InstanceMetadata, EcsContainer");
        }
        plan.profile = name;
        plan.roles.push_back(std::move(step));
        return {};
    }

    const located_profile src = locate_profile(s, *source_profile);
    if (!src.exists())
        return chain_error("source_profile '" + *source_profile + "' referenced in " + where + " does not exist");
    bool seen = false;
    for (const auto& v : visited) seen = seen || v == *source_profile;
    if (seen && (*source_profile != name || !has_static_keys(src.merged))) {
        std::string path;
        for (const auto& v : visited) path += v + " -> ";
        return chain_error("source_profile cycle: " + path + *source_profile);
    }
    visited.push_back(*source_profile);
    const bool src_has_role = src.merged.get("role_arn").has_value() &&
                              !src.merged.get("web_identity_token_file").has_value();
    if (has_static_keys(src.merged) || !src_has_role) {
        auto found = profile_base_source(s, env, src, false, plan);
        if (!found) return std::unexpected(std::move(found.error()));
        if (!*found)
            return chain_error("source_profile '" + *source_profile + "' referenced in " + where +
                               " has no credentials (no static keys, credential_process, sso_session, "
                               "web_identity_token_file or role_arn)");
    } else {
        if (auto r = role_chain(s, env, *source_profile, visited, plan); !r) return r;
    }
    plan.roles.push_back(std::move(step));
    return {};
}

} // namespace detail

/// Plans where the credentials come from, in the SDKs' order (see the
/// header comment). The settings give the profile, its files and the region;
/// `env` the environment. Errors (category `credentials`) name the profile,
/// the key and why: a partial key pair, a role_arn without source, a
/// source_profile that does not exist or has no credentials, a cycle, an
/// unknown credential_source, incomplete SSO settings, a bad
/// duration_seconds. When no source exists at all (instance metadata
/// disabled too), the error lists what was looked at.
inline std::expected<credential_plan, error> plan_credentials(const client_settings& s, const env_lookup& env,
                                                              const credential_chain_options& options = {}) {
    using namespace detail;
    credential_plan plan;
    plan.sts_region = s.region.value.value_or("");
    plan.sts_use_fips = s.use_fips.value;
    plan.sts_use_dual_stack = s.use_dual_stack.value;
    plan.sts_use_global_endpoint = s.sts_regional_endpoints.value == sts_regional_endpoints::legacy;
    auto sts = configured_endpoint_url(s, env, "STS", "sts");
    if (!sts) return std::unexpected(std::move(sts.error()));
    if (*sts) {
        if (!is_endpoint_url((*sts)->value))
            return chain_error("the STS endpoint URL '" + (*sts)->value + "' is not an http or https URL" + where(**sts));
        plan.sts_endpoint_url = (*sts)->value;
    }

    // 1. environment
    if (!options.explicit_profile) {
        auto c = environment_keys(env, "");
        if (!c) return std::unexpected(std::move(c.error()));
        if (*c) {
            plan.source = credential_source_kind::environment;
            plan.static_credentials = std::move(**c);
            plan.description = "the environment (AWS_ACCESS_KEY_ID)";
            return plan;
        }
    }
    const std::string& name = s.profile.value;
    const located_profile lp = locate_profile(s, name);
    // 2. assume role
    if (lp.merged.get("role_arn") && !lp.merged.get("web_identity_token_file")) {
        std::vector<std::string> visited{name};
        if (auto r = role_chain(s, env, name, visited, plan); !r) return std::unexpected(std::move(r.error()));
        return plan;
    }
    // 3-7. the profile's own sources
    auto found = profile_base_source(s, env, lp, true, plan);
    if (!found) return std::unexpected(std::move(found.error()));
    if (*found) return plan;
    plan.profile.clear();
    // 8. container
    if (auto c = container_config_from([&](std::string_view n) { return env_value(env, n); })) {
        if (!*c) return std::unexpected(std::move(c->error()));
        plan.source = credential_source_kind::container;
        plan.container = std::move(**c);
        plan.description = "the container endpoint (" + plan.container->url + ")";
        return plan;
    }
    // 9. instance metadata
    auto m = imds_from(s, env);
    if (!m) return std::unexpected(std::move(m.error()));
    if (*m) {
        plan.source = credential_source_kind::instance_metadata;
        plan.instance_metadata = std::move(**m);
        plan.description = "EC2 instance metadata (" + plan.instance_metadata->endpoint + ")";
        return plan;
    }
    return chain_error("no credentials: AWS_ACCESS_KEY_ID is not set" +
                       std::string(options.explicit_profile ? " (or was skipped for the explicit profile)" : "") +
                       ", the profile '" + name + "'" + (lp.exists() ? "" : " (in neither file)") +
                       " has no static keys, role_arn, web_identity_token_file, sso_session or credential_process, "
                       "no container endpoint is configured, and instance metadata is disabled "
                       "(AWS_EC2_METADATA_DISABLED)");
}

/// The AssumeRole members for one role of a plan: its settings, the default
/// session name (default_role_session_name(time)) when it sets none, and the
/// MFA code the caller asked for when it has an mfa_serial.
inline assume_role_params to_assume_role_params(const role_to_assume& r, std::chrono::sys_seconds time,
                                                std::optional<secret_string> token_code = std::nullopt) {
    assume_role_params p;
    p.role_arn = r.role_arn;
    p.role_session_name = r.role_session_name ? *r.role_session_name : default_role_session_name(time);
    p.external_id = r.external_id;
    p.duration_seconds = r.duration_seconds;
    p.mfa_serial = r.mfa_serial;
    p.token_code = std::move(token_code);
    return p;
}

/// The AssumeRoleWithWebIdentity members: the token is the text of
/// `w.token_file`, read by the caller.
inline web_identity_params to_web_identity_params(const web_identity_config& w, secret_string token,
                                                  std::chrono::sys_seconds time) {
    web_identity_params p;
    p.role_arn = w.role_arn;
    p.role_session_name = w.role_session_name ? *w.role_session_name : default_role_session_name(time);
    p.web_identity_token = std::move(token);
    return p;
}

/// One line: the source, the profile, the roles. No secret.
inline std::ostream& operator<<(std::ostream& os, const credential_plan& p) {
    os << "credential_plan{" << to_string(p.source) << ": " << p.description;
    for (const auto& r : p.roles) os << " -> assume " << r.role_arn << " (profile '" << r.profile << "')";
    return os << '}';
}

} // namespace chime_voice

#endif
