// SPDX-License-Identifier: BSL-1.0
// chime_voice/settings.hpp — the client settings, resolved the way the AWS
// SDKs resolve them, as a pure function.
//
// Sources: the AWS SDKs and Tools reference guide, chapters "Settings
// reference" (environment variables and config keys), "Service-specific
// endpoints" (endpoint URL precedence and the `services` section), "Retry
// behavior", "AWS Region", "FIPS endpoints", "Dual-stack endpoints",
// "Application ID"; checked against botocore's configprovider (the
// `settings_botocore_oracle` test).
//
// The library never reads the environment or a file (rule of the house 1):
// the caller passes a lookup for environment variables and the *text* of the
// shared config and credentials files (std::nullopt when a file does not
// exist). shared_file_paths() says which files to read. Nothing throws on bad
// input; std::bad_alloc can escape from string copies.
#ifndef CHIME_VOICE_SETTINGS_HPP
#define CHIME_VOICE_SETTINGS_HPP

#include <chime_voice/client_config.hpp>
#include <chime_voice/config.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/profile.hpp>

#include <boost/url/parse.hpp>

#include <charconv>
#include <cstdint>
#include <expected>
#include <functional>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace chime_voice {

/// Looks up an environment variable: its value, or std::nullopt when it is
/// not set. The library treats a variable set to "" as not set (the SDKs do
/// for every setting here). The caller decides what the "environment" is
/// (std::getenv, a map in tests, a sandbox).
using env_lookup = std::function<std::optional<std::string>(std::string_view name)>;

/// Where a resolved setting came from, highest precedence first.
enum class setting_source {
    explicit_value,   ///< the caller's override (a command-line flag, code)
    environment,      ///< an environment variable
    services_section, ///< the `[services NAME]` section the profile names
    profile,          ///< a key of the profile in the shared config or credentials file
    default_value,    ///< nothing set it
};

/// "explicit", "environment", "services section", "profile", "default".
constexpr std::string_view to_string(setting_source s) noexcept {
    switch (s) {
    case setting_source::explicit_value: return "explicit";
    case setting_source::environment: return "environment";
    case setting_source::services_section: return "services section";
    case setting_source::profile: return "profile";
    case setting_source::default_value: return "default";
    }
    return "?";
}

/// A resolved value with its source. `origin` names exactly where it was
/// set, for messages: "AWS_MAX_ATTEMPTS", "profile 'dev' in the config file,
/// key max_attempts", "services section 'local', chime_sdk_voice.endpoint_url";
/// "" for explicit and default values.
template <class T>
struct setting {
    T value{};                                             ///< the resolved value
    setting_source source = setting_source::default_value; ///< which kind of source set it
    std::string origin;                                    ///< exactly where (see above)
};

/// The retry mode a configuration names (reference guide, "Retry
/// behavior"): `legacy` (SDK-specific), `standard` (token bucket, 3
/// attempts), `adaptive` (standard plus client-side rate limiting). This is
/// the configured *name*; which retry configuration it selects (and the
/// 2026 variants chosen by AWS_NEW_RETRIES_2026, `new_retries_2026` below)
/// is the retry code's business (retry.hpp), so this type is separate from it.
enum class configured_retry_mode { legacy, standard, adaptive };

/// "legacy", "standard", "adaptive".
constexpr std::string_view to_string(configured_retry_mode m) noexcept {
    switch (m) {
    case configured_retry_mode::legacy: return "legacy";
    case configured_retry_mode::standard: return "standard";
    case configured_retry_mode::adaptive: return "adaptive";
    }
    return "?";
}

/// Which STS endpoint a configuration asks for (reference guide, "AWS STS
/// Regionalized endpoints"): `regional` (sts.{region}..., the default of
/// current SDKs) or `legacy` (the global sts.amazonaws.com for the regions
/// that had no regional endpoint before 2019; sts.hpp has the list).
enum class sts_regional_endpoints { regional, legacy };

/// "regional", "legacy".
constexpr std::string_view to_string(sts_regional_endpoints m) noexcept {
    return m == sts_regional_endpoints::legacy ? "legacy" : "regional";
}

/// Values the caller sets explicitly (e.g. from command-line flags); each
/// one beats every other source.
struct settings_overrides {
    std::optional<std::string> profile;     ///< --profile
    std::optional<std::string> region;      ///< --region
    std::optional<std::string> endpoint_url; ///< --endpoint-url (used even when configured endpoints are ignored)
    std::optional<bool> use_fips;                        ///< --fips
    std::optional<bool> use_dual_stack;                  ///< --dual-stack
    std::optional<bool> ignore_configured_endpoint_urls; ///< ignore every endpoint URL but the explicit one
    std::optional<configured_retry_mode> retry_mode;     ///< the retry mode
    std::optional<std::uint32_t> max_attempts;           ///< --max-attempts; at least 1
    std::optional<std::string> ca_bundle;                ///< path of a CA bundle (PEM) for the transport
    std::optional<std::string> app_id;                   ///< the user agent's app id
    std::optional<bool> disable_clock_skew_correction;   ///< turn clock-skew correction off
    std::optional<chime_voice::sts_regional_endpoints> sts_regional_endpoints; ///< the STS endpoint kind
};

/// Every setting, resolved, with where it came from, plus the parsed shared
/// files (the credential chain of credential_chain.hpp reads them again).
struct client_settings {
    /// AWS_PROFILE, else AWS_DEFAULT_PROFILE, else "default".
    setting<std::string> profile;
    /// AWS_REGION, else AWS_DEFAULT_REGION, else the profile's `region`.
    /// Unset is not an error here; resolve_endpoint() reports it.
    setting<std::optional<std::string>> region;
    /// The endpoint URL: explicit, else (unless ignored) AWS_ENDPOINT_URL_CHIME_SDK_VOICE,
    /// AWS_ENDPOINT_URL, the profile's services section `chime_sdk_voice.endpoint_url`,
    /// the profile's `endpoint_url`.
    setting<std::optional<std::string>> endpoint_url;
    setting<bool> ignore_configured_endpoint_urls; ///< AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls
    setting<bool> use_fips;                        ///< AWS_USE_FIPS_ENDPOINT / use_fips_endpoint
    setting<bool> use_dual_stack;                  ///< AWS_USE_DUALSTACK_ENDPOINT / use_dualstack_endpoint
    /// AWS_RETRY_MODE / retry_mode.
    setting<configured_retry_mode> retry_mode{configured_retry_mode::standard, setting_source::default_value, {}};
    /// AWS_NEW_RETRIES_2026 (environment only; botocore 1.43 reads it the
    /// same way): the SDKs' 2026 retry behaviour for standard and adaptive.
    setting<bool> new_retries_2026;
    setting<std::uint32_t> max_attempts{3, setting_source::default_value, {}}; ///< AWS_MAX_ATTEMPTS / max_attempts
    setting<std::optional<std::string>> ca_bundle; ///< AWS_CA_BUNDLE / ca_bundle
    setting<std::optional<std::string>> app_id;    ///< AWS_SDK_UA_APP_ID / sdk_ua_app_id
    /// AWS_DISABLE_CLOCK_SKEW_CORRECTION (environment only): turns the
    /// clock-skew correction of clock_skew.hpp off.
    setting<bool> disable_clock_skew_correction;
    /// AWS_STS_REGIONAL_ENDPOINTS / sts_regional_endpoints: which STS
    /// endpoint the credential chain's STS calls use (credential_chain.hpp).
    setting<chime_voice::sts_regional_endpoints> sts_regional_endpoints{chime_voice::sts_regional_endpoints::regional,
                                                                        setting_source::default_value, {}};

    /// The parsed files (empty when the caller passed no text).
    shared_config config_file;      ///< the parsed shared config file
    shared_config credentials_file; ///< the parsed shared credentials file
    /// The selected profile, the credentials file's keys over the config
    /// file's (an empty profile of that name when neither file has it).
    shared_profile selected_profile;
    bool profile_in_config_file = false;      ///< the config file has the profile
    bool profile_in_credentials_file = false; ///< the credentials file has the profile

    /// What resolve_endpoint() and serialize_request() take. `app_id` is
    /// the resolved one, or `default_app_id` when none is set.
    ///
    /// An endpoint URL (from any source) turns FIPS and dual-stack off: the
    /// URL names the host, so there is no variant to choose. This is what
    /// botocore does (its SDK::Endpoint builtin makes AWS::UseFIPS and
    /// AWS::UseDualStack false), rather than the rule set's "FIPS and custom
    /// endpoint are not supported" error, which resolve_endpoint() still
    /// gives to a hand-made client_config with both.
    client_config to_client_config(std::string_view default_app_id = {}) const {
        client_config c;
        c.region = region.value.value_or("");
        c.endpoint = endpoint_url.value;
        c.use_fips = use_fips.value && !endpoint_url.value;
        c.use_dual_stack = use_dual_stack.value && !endpoint_url.value;
        c.app_id = app_id.value ? *app_id.value : std::string(default_app_id);
        return c;
    }
};

/// The paths of the two shared files as the SDKs find them: AWS_CONFIG_FILE,
/// else "~/.aws/config"; AWS_SHARED_CREDENTIALS_FILE, else
/// "~/.aws/credentials" (reference guide, "Location of the shared files").
/// A leading "~" is left for the caller to expand (the library does not know
/// the home folder).
struct shared_file_paths {
    std::string config;      ///< the shared config file
    std::string credentials; ///< the shared credentials file
};

namespace detail {

inline std::optional<std::string> env_value(const env_lookup& env, std::string_view name) {
    if (!env) return std::nullopt;
    auto v = env(name);
    if (v && v->empty()) return std::nullopt;
    return v;
}

inline std::unexpected<error> settings_error(std::string msg) {
    return std::unexpected(error::make(error_category::validation, std::move(msg)));
}

/// "true"/"false" in any case, as the SDKs read booleans; anything else is
/// nullopt (botocore reads it as false; the rule is that a bad value
/// is an error, never silently ignored).
inline std::optional<bool> parse_bool_setting(std::string_view v) noexcept {
    if (iequals(v, "true")) return true;
    if (iequals(v, "false")) return false;
    return std::nullopt;
}

/// A decimal number of attempts, 1..2^32-1 (botocore rejects < 1).
inline std::optional<std::uint32_t> parse_attempts(std::string_view v) noexcept {
    std::uint32_t n = 0;
    if (v.empty()) return std::nullopt;
    auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), n);
    if (ec != std::errc{} || p != v.data() + v.size() || n < 1) return std::nullopt;
    return n;
}

inline std::optional<configured_retry_mode> parse_configured_retry_mode(std::string_view v) noexcept {
    // Case-sensitive, as botocore's Config validation compares them.
    if (v == "legacy") return configured_retry_mode::legacy;
    if (v == "standard") return configured_retry_mode::standard;
    if (v == "adaptive") return configured_retry_mode::adaptive;
    return std::nullopt;
}

/// An endpoint URL is an absolute http or https URI with a host
/// (RFC 3986 section 4.3 and 3.2.2). The full checks (port, path, query) are
/// resolve_endpoint()'s.
inline bool is_endpoint_url(std::string_view text) {
    const auto parsed = boost::urls::parse_uri(boost::urls::string_view(text.data(), text.size()));
    if (!parsed) return false;
    const auto id = parsed->scheme_id();
    if (id != boost::urls::scheme::http && id != boost::urls::scheme::https) return false;
    return parsed->has_authority() && !parsed->encoded_host().empty();
}

/// One raw value and where it was found.
struct raw_setting {
    std::string value;                                     ///< as written
    setting_source source = setting_source::default_value; ///< the kind of source
    std::string origin;                                    ///< where, for messages
};

/// The profile's value of `key`: the credentials file's first (it overrides
/// the config file setting by setting), then the config file's.
inline std::optional<raw_setting> profile_value(const client_settings& s, std::string_view key) {
    const std::string& name = s.profile.value;
    if (const shared_profile* p = s.credentials_file.profile(name))
        if (auto v = p->get(key))
            return raw_setting{std::string(*v), setting_source::profile,
                               "profile '" + name + "' in the credentials file, key " + std::string(key)};
    if (const shared_profile* p = s.config_file.profile(name))
        if (auto v = p->get(key))
            return raw_setting{std::string(*v), setting_source::profile,
                               "profile '" + name + "' in the config file, key " + std::string(key)};
    return std::nullopt;
}

/// explicit → environment variable → profile key, the order of every
/// setting but the endpoint URL.
inline std::optional<raw_setting> lookup_setting(const client_settings& s, const env_lookup& env,
                                                 std::string_view env_name, std::string_view key) {
    if (!env_name.empty())
        if (auto v = env_value(env, env_name))
            return raw_setting{std::move(*v), setting_source::environment, std::string(env_name)};
    if (!key.empty()) return profile_value(s, key);
    return std::nullopt;
}

inline std::string where(const raw_setting& r) { return " (set by " + r.origin + ")"; }

template <class T>
setting<T> make_setting(T v, const raw_setting& r) {
    return setting<T>{std::move(v), r.source, r.origin};
}

inline std::expected<void, error> resolve_bool(setting<bool>& out, std::optional<bool> explicit_value,
                                               const client_settings& s, const env_lookup& env,
                                               std::string_view env_name, std::string_view key) {
    if (explicit_value) {
        out = {*explicit_value, setting_source::explicit_value, {}};
        return {};
    }
    auto r = lookup_setting(s, env, env_name, key);
    if (!r) return {};
    auto b = parse_bool_setting(r->value);
    if (!b)
        return settings_error(std::string(key.empty() ? env_name : key) + " must be true or false, not '" + r->value +
                              "'" + where(*r));
    out = make_setting(*b, *r);
    return {};
}

inline std::expected<void, error> resolve_text(setting<std::optional<std::string>>& out,
                                               const std::optional<std::string>& explicit_value,
                                               const client_settings& s, const env_lookup& env,
                                               std::string_view env_name, std::string_view key) {
    if (explicit_value) {
        out = {*explicit_value, setting_source::explicit_value, {}};
        return {};
    }
    if (auto r = lookup_setting(s, env, env_name, key); r && !r->value.empty())
        out = {std::optional<std::string>(r->value), r->source, r->origin};
    return {};
}

/// The configured endpoint URL of one service, in the order of the
/// reference guide's "Service-specific endpoints" (and botocore's configured
/// endpoint provider): AWS_ENDPOINT_URL_{SERVICE} → AWS_ENDPOINT_URL → the
/// profile's services section `{services_key} = \n endpoint_url = ...` →
/// the profile's `endpoint_url`. Nothing when configured endpoints are
/// ignored. `service_env` is e.g. "CHIME_SDK_VOICE", `services_key`
/// "chime_sdk_voice". A services section the profile names must exist.
inline std::expected<std::optional<raw_setting>, error> configured_endpoint_url(const client_settings& s,
                                                                               const env_lookup& env,
                                                                               std::string_view service_env,
                                                                               std::string_view services_key) {
    if (s.ignore_configured_endpoint_urls.value) return std::nullopt;
    const std::string specific = "AWS_ENDPOINT_URL_" + std::string(service_env);
    for (std::string_view name : {std::string_view(specific), std::string_view("AWS_ENDPOINT_URL")})
        if (auto v = env_value(env, name)) return raw_setting{std::move(*v), setting_source::environment, std::string(name)};
    if (auto services = profile_value(s, "services"); services && !services->value.empty()) {
        const shared_section* sec = s.config_file.services_section(services->value);
        if (sec == nullptr)
            return settings_error("the services section '" + services->value +
                                  "' does not exist in the config file" + where(*services));
        if (const profile_property* p = sec->property(services_key))
            if (auto url = p->sub("endpoint_url"); url && !url->empty())
                return raw_setting{std::string(*url), setting_source::services_section,
                                   "services section '" + services->value + "' in the config file, " +
                                       std::string(services_key) + ".endpoint_url"};
    }
    if (auto r = profile_value(s, "endpoint_url"); r && !r->value.empty()) return r;
    return std::nullopt;
}

/// The endpoint URL of Chime SDK Voice: explicit, else the configured one.
inline std::expected<void, error> resolve_endpoint_url(client_settings& s, const env_lookup& env,
                                                       const settings_overrides& o) {
    auto check = [&](raw_setting r) -> std::expected<void, error> {
        if (!is_endpoint_url(r.value))
            return settings_error("endpoint_url '" + r.value + "' is not an http or https URL" + where(r));
        s.endpoint_url = {std::optional<std::string>(r.value), r.source, r.origin};
        return {};
    };
    if (o.endpoint_url) return check(raw_setting{*o.endpoint_url, setting_source::explicit_value, "the explicit endpoint URL"});
    auto c = configured_endpoint_url(s, env, "CHIME_SDK_VOICE", "chime_sdk_voice");
    if (!c) return std::unexpected(std::move(c.error()));
    if (*c) return check(std::move(**c));
    return {};
}

} // namespace detail

/// Where the shared files are (see shared_file_paths). May throw std::bad_alloc.
inline shared_file_paths find_shared_file_paths(const env_lookup& env) {
    shared_file_paths p;
    p.config = detail::env_value(env, "AWS_CONFIG_FILE").value_or("~/.aws/config");
    p.credentials = detail::env_value(env, "AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials");
    return p;
}

/// Resolves every client setting from the overrides, the environment and the
/// shared files, in the SDKs' precedence (docs/configuration.md has the
/// table): explicit value → environment variable → profile key → default;
/// for the endpoint URL: explicit → AWS_ENDPOINT_URL_CHIME_SDK_VOICE →
/// AWS_ENDPOINT_URL → the profile's services section
/// (`chime_sdk_voice = \n endpoint_url = ...`) → the profile's `endpoint_url`,
/// all but the explicit one switched off by AWS_IGNORE_CONFIGURED_ENDPOINT_URLS
/// / ignore_configured_endpoint_urls.
///
/// `config_text` / `credentials_text`: the files' contents, or std::nullopt
/// when a file does not exist. Read during the call only.
///
/// Errors (category `validation` for values, `credentials` for a file that
/// cannot be parsed), each naming the key and where it was set:
///  * a file that does not parse (the message names the file and line);
///  * a profile named by an override, AWS_PROFILE or AWS_DEFAULT_PROFILE that
///    neither file has;
///  * a boolean that is not true/false, a max_attempts that is not a number
///    from 1, a retry_mode other than legacy/standard/adaptive, an endpoint
///    URL that is not an http(s) URL, a services section that does not exist.
inline std::expected<client_settings, error> resolve_client_settings(const env_lookup& env,
                                                                     std::optional<std::string_view> config_text,
                                                                     std::optional<std::string_view> credentials_text,
                                                                     const settings_overrides& overrides = {}) {
    using namespace detail;
    client_settings s;
    if (config_text) {
        auto c = parse_shared_config(*config_text, shared_file_kind::config);
        if (!c) return std::unexpected(std::move(c.error()));
        s.config_file = std::move(*c);
    }
    if (credentials_text) {
        auto c = parse_shared_config(*credentials_text, shared_file_kind::credentials);
        if (!c) return std::unexpected(std::move(c.error()));
        s.credentials_file = std::move(*c);
    }

    // The profile name: explicit, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default".
    if (overrides.profile) s.profile = {*overrides.profile, setting_source::explicit_value, "the explicit profile"};
    else if (auto v = env_value(env, "AWS_PROFILE")) s.profile = {std::move(*v), setting_source::environment, "AWS_PROFILE"};
    else if (auto v2 = env_value(env, "AWS_DEFAULT_PROFILE"))
        s.profile = {std::move(*v2), setting_source::environment, "AWS_DEFAULT_PROFILE"};
    else s.profile = {"default", setting_source::default_value, {}};
    const shared_profile* in_config = s.config_file.profile(s.profile.value);
    const shared_profile* in_credentials = s.credentials_file.profile(s.profile.value);
    s.profile_in_config_file = in_config != nullptr;
    s.profile_in_credentials_file = in_credentials != nullptr;
    if (s.profile.source != setting_source::default_value && !in_config && !in_credentials)
        return settings_error("the config profile '" + s.profile.value + "' (set by " + s.profile.origin +
                              ") could not be found in the config or credentials file");
    s.selected_profile = merge_profiles(in_config ? *in_config : shared_profile(s.profile.value),
                                        in_credentials ? *in_credentials : shared_profile(s.profile.value));

    // Region: explicit, AWS_REGION, AWS_DEFAULT_REGION, the profile's region.
    if (overrides.region) s.region = {*overrides.region, setting_source::explicit_value, {}};
    else if (auto v = env_value(env, "AWS_REGION")) s.region = {std::move(*v), setting_source::environment, "AWS_REGION"};
    else if (auto r = lookup_setting(s, env, "AWS_DEFAULT_REGION", "region"); r && !r->value.empty())
        s.region = {std::optional<std::string>(r->value), r->source, r->origin};

    if (auto e = resolve_bool(s.use_fips, overrides.use_fips, s, env, "AWS_USE_FIPS_ENDPOINT", "use_fips_endpoint"); !e)
        return std::unexpected(std::move(e.error()));
    if (auto e = resolve_bool(s.use_dual_stack, overrides.use_dual_stack, s, env, "AWS_USE_DUALSTACK_ENDPOINT",
                              "use_dualstack_endpoint");
        !e)
        return std::unexpected(std::move(e.error()));
    if (auto e = resolve_bool(s.ignore_configured_endpoint_urls, overrides.ignore_configured_endpoint_urls, s, env,
                              "AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "ignore_configured_endpoint_urls");
        !e)
        return std::unexpected(std::move(e.error()));
    if (auto e = resolve_bool(s.disable_clock_skew_correction, overrides.disable_clock_skew_correction, s, env,
                              "AWS_DISABLE_CLOCK_SKEW_CORRECTION", {});
        !e)
        return std::unexpected(std::move(e.error()));
    if (auto e = resolve_bool(s.new_retries_2026, std::nullopt, s, env, "AWS_NEW_RETRIES_2026", {}); !e)
        return std::unexpected(std::move(e.error()));
    if (auto e = resolve_endpoint_url(s, env, overrides); !e) return std::unexpected(std::move(e.error()));

    if (overrides.retry_mode) s.retry_mode = {*overrides.retry_mode, setting_source::explicit_value, {}};
    else if (auto r = lookup_setting(s, env, "AWS_RETRY_MODE", "retry_mode")) {
        auto m = parse_configured_retry_mode(r->value);
        if (!m) return settings_error("retry_mode must be legacy, standard or adaptive, not '" + r->value + "'" + where(*r));
        s.retry_mode = make_setting(*m, *r);
    }
    if (overrides.max_attempts) {
        if (*overrides.max_attempts < 1) return settings_error("max_attempts must be at least 1 (explicit value)");
        s.max_attempts = {*overrides.max_attempts, setting_source::explicit_value, {}};
    } else if (auto r = lookup_setting(s, env, "AWS_MAX_ATTEMPTS", "max_attempts")) {
        auto n = parse_attempts(r->value);
        if (!n) return settings_error("max_attempts must be a whole number from 1, not '" + r->value + "'" + where(*r));
        s.max_attempts = make_setting(*n, *r);
    }
    if (overrides.sts_regional_endpoints)
        s.sts_regional_endpoints = {*overrides.sts_regional_endpoints, setting_source::explicit_value, {}};
    else if (auto r = lookup_setting(s, env, "AWS_STS_REGIONAL_ENDPOINTS", "sts_regional_endpoints")) {
        // Case-sensitive: botocore takes exactly "legacy" or "regional" and
        // rejects anything else (InvalidSTSRegionalEndpointsConfigError).
        std::optional<chime_voice::sts_regional_endpoints> m;
        if (r->value == "regional") m = chime_voice::sts_regional_endpoints::regional;
        else if (r->value == "legacy") m = chime_voice::sts_regional_endpoints::legacy;
        if (!m)
            return settings_error("sts_regional_endpoints must be legacy or regional, not '" + r->value + "'" +
                                  where(*r));
        s.sts_regional_endpoints = make_setting(*m, *r);
    }
    if (auto e = resolve_text(s.ca_bundle, overrides.ca_bundle, s, env, "AWS_CA_BUNDLE", "ca_bundle"); !e)
        return std::unexpected(std::move(e.error()));
    if (auto e = resolve_text(s.app_id, overrides.app_id, s, env, "AWS_SDK_UA_APP_ID", "sdk_ua_app_id"); !e)
        return std::unexpected(std::move(e.error()));
    return s;
}

/// One line per setting: name, value and source, for --debug output. Holds
/// no secret (the settings hold none; the profile's keys are not printed).
inline std::ostream& operator<<(std::ostream& os, const client_settings& s) {
    auto src = [&](const auto& st) -> std::ostream& {
        os << " (" << to_string(st.source);
        if (!st.origin.empty()) os << ": " << st.origin;
        return os << ")\n";
    };
    auto opt = [](const std::optional<std::string>& v) { return v ? *v : std::string("(unset)"); };
    auto b = [](bool v) { return v ? "true" : "false"; };
    os << "profile " << s.profile.value; src(s.profile);
    os << "region " << opt(s.region.value); src(s.region);
    os << "endpoint_url " << opt(s.endpoint_url.value); src(s.endpoint_url);
    os << "use_fips_endpoint " << b(s.use_fips.value); src(s.use_fips);
    os << "use_dualstack_endpoint " << b(s.use_dual_stack.value); src(s.use_dual_stack);
    os << "retry_mode " << to_string(s.retry_mode.value); src(s.retry_mode);
    os << "max_attempts " << s.max_attempts.value; src(s.max_attempts);
    os << "ca_bundle " << opt(s.ca_bundle.value); src(s.ca_bundle);
    os << "sdk_ua_app_id " << opt(s.app_id.value); src(s.app_id);
    os << "disable_clock_skew_correction " << b(s.disable_clock_skew_correction.value); src(s.disable_clock_skew_correction);
    os << "new_retries_2026 " << b(s.new_retries_2026.value); src(s.new_retries_2026);
    os << "sts_regional_endpoints " << to_string(s.sts_regional_endpoints.value); src(s.sts_regional_endpoints);
    return os;
}

} // namespace chime_voice

#endif
