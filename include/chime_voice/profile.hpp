// SPDX-License-Identifier: BSL-1.0
// chime_voice/profile.hpp — parse the text of the AWS shared `config` and
// `credentials` files.
//
// Format: "Configuration and credential file settings" in the AWS CLI user
// guide and the "Shared config and credentials files" chapter of the AWS SDKs
// and Tools reference guide (section "Format of the config file").
//
// The functions here take the *text* of a file and return values. They never
// open a file, read the environment or look at $HOME (rule of the house 1):
// the caller finds the files (AWS_CONFIG_FILE, AWS_SHARED_CREDENTIALS_FILE,
// ~/.aws/...) and reads them. Nothing throws on bad input; only std::bad_alloc
// can escape from string copies.
#ifndef CHIME_VOICE_PROFILE_HPP
#define CHIME_VOICE_PROFILE_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/secure_wipe.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <cstddef>
#include <expected>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chime_voice {

/// Which of the two shared files the text comes from. They name sections
/// differently: the config file uses `[default]` and `[profile NAME]`, the
/// credentials file uses `[default]` and `[NAME]`.
enum class shared_file_kind { config, credentials };

/// Parsing knobs. Each one is a documented quirk of the format.
struct profile_parse_options {
    /// A `#` or `;` *preceded by whitespace* starts a comment inside a value
    /// line (`region = us-east-1 # home`). The SDKs and Tools reference guide
    /// allows this; a `#` that is not preceded by whitespace stays part of the
    /// value, because values (e.g. role ARNs, URLs) may contain it.
    bool strip_inline_comments = true;

    /// In the config file, sections that are neither `[default]` nor
    /// `[profile NAME]` (e.g. `[sso-session x]`, `[services x]`) are other
    /// kinds of section, not profiles; the AWS CLI skips them and so do we.
    /// `[NAME]` without the `profile ` prefix is likewise not a profile in the
    /// config file (the CLI ignores it, with a warning in some SDKs).
    bool skip_non_profile_sections = true;

    /// Property names are matched case-insensitively: the AWS CLI reads the
    /// files with Python's configparser, which lower-cases option names.
    bool case_insensitive_keys = true;
};

/// One `name = value` line of a section. `sub_properties` holds the indented
/// `name = value` lines that follow a property whose value is empty, the
/// nested form the format uses for per-service settings (`s3 =\n  x = 1`, and
/// `chime_sdk_voice =\n  endpoint_url = ...` in a `[services NAME]` section).
/// Names are kept as written (trimmed); lookups compare them as the parse
/// options say. Never used for secrets: the secret keys of a profile live in
/// shared_profile's secret_string members only.
struct profile_property {
    std::string name;  ///< e.g. "max_attempts"
    std::string value; ///< trimmed, inline comment removed; "" for a nested property
    std::vector<std::pair<std::string, std::string>> sub_properties; ///< nested `name = value` lines

    /// The value of the nested property `sub_name` (case-insensitive), or nullopt.
    /// The view is valid while this property is alive and unmodified.
    std::optional<std::string_view> sub(std::string_view sub_name) const noexcept {
        std::optional<std::string_view> out;
        for (const auto& [n, v] : sub_properties)
            if (detail::iequals(n, sub_name)) out = v; // the later line wins
        return out;
    }
};

namespace detail {
/// Last property called `name` (case-insensitive), or nullptr.
inline const profile_property* find_property(const std::vector<profile_property>& props,
                                             std::string_view name) noexcept {
    for (auto it = props.rbegin(); it != props.rend(); ++it)
        if (iequals(it->name, name)) return &*it;
    return nullptr;
}
} // namespace detail

/// The settings of one profile. The four keys the library used first have
/// members of their own; every other key (`role_arn`, `credential_process`,
/// `max_attempts`, `services`, ...) is in `properties`, one entry per key (a
/// later line with the same key replaces the earlier one). A setting that the
/// file did not mention is std::nullopt (an explicitly empty value is "").
///
/// The secret and the session token are wiped when the value is destroyed and
/// are never printed (rule of the house 6); they are never in `properties`.
struct shared_profile {
    std::string name;                                   ///< the profile's name ("default", "dev")
    std::optional<std::string> aws_access_key_id;       ///< aws_access_key_id
    std::optional<secret_string> aws_secret_access_key; ///< aws_secret_access_key
    std::optional<secret_string> aws_session_token;     ///< aws_session_token
    std::optional<std::string> region;                  ///< region
    /// Every other key of the profile, in the order first seen.
    std::vector<profile_property> properties;

    shared_profile() = default;
    /// An empty profile called `n`.
    explicit shared_profile(std::string n) : name(std::move(n)) {}

    /// The value of key `key` (case-insensitive), or nullopt when the profile
    /// does not set it. `region` and `aws_access_key_id` are found too; the
    /// two secret keys are not (read their members). The view is valid while
    /// the profile is alive and unmodified.
    std::optional<std::string_view> get(std::string_view key) const noexcept {
        if (detail::iequals(key, "region")) return region ? std::optional<std::string_view>(*region) : std::nullopt;
        if (detail::iequals(key, "aws_access_key_id"))
            return aws_access_key_id ? std::optional<std::string_view>(*aws_access_key_id) : std::nullopt;
        if (const profile_property* p = detail::find_property(properties, key)) return std::string_view(p->value);
        return std::nullopt;
    }
    /// The whole property `key` (with its nested lines), or nullptr.
    const profile_property* property(std::string_view key) const noexcept {
        return detail::find_property(properties, key);
    }

    /// True when both the access key id and the secret are present and not
    /// empty, i.e. to_credentials() would succeed.
    bool has_credentials() const noexcept {
        return aws_access_key_id && !aws_access_key_id->empty() && aws_secret_access_key &&
               !aws_secret_access_key->empty();
    }
};

/// Shows the name, the access key id and the region; secrets as `<redacted>`.
inline std::ostream& operator<<(std::ostream& os, const shared_profile& p) {
    os << "shared_profile{name=" << p.name;
    if (p.aws_access_key_id) os << ", aws_access_key_id=" << *p.aws_access_key_id;
    if (p.aws_secret_access_key) os << ", aws_secret_access_key=<redacted>";
    if (p.aws_session_token) os << ", aws_session_token=<redacted>";
    if (p.region) os << ", region=" << *p.region;
    for (const auto& prop : p.properties) os << ", " << prop.name << '=' << prop.value;
    return os << '}';
}

/// A non-profile section of the config file: `[services NAME]` or
/// `[sso-session NAME]` (AWS SDKs and Tools reference guide, "Format of the
/// config file": section types `profile`, `sso-session`, `services`).
struct shared_section {
    std::string name;                         ///< the NAME of the header
    std::vector<profile_property> properties; ///< its lines, as for a profile

    /// The value of key `key` (case-insensitive), or nullopt.
    std::optional<std::string_view> get(std::string_view key) const noexcept {
        if (const profile_property* p = detail::find_property(properties, key)) return std::string_view(p->value);
        return std::nullopt;
    }
    /// The whole property `key`, or nullptr.
    const profile_property* property(std::string_view key) const noexcept {
        return detail::find_property(properties, key);
    }
};

/// Everything one shared file defines: its profiles and, for the config file,
/// its `[services NAME]` and `[sso-session NAME]` sections, each in the order
/// first seen (a section that appears twice is merged).
struct shared_config {
    std::vector<shared_profile> profiles;     ///< `[default]`, `[profile NAME]` (config) or `[NAME]` (credentials)
    std::vector<shared_section> services;     ///< `[services NAME]` (config file only)
    std::vector<shared_section> sso_sessions; ///< `[sso-session NAME]` (config file only)

    /// The profile called `name`, or nullptr. Valid while this object lives.
    const shared_profile* profile(std::string_view name) const noexcept {
        for (const auto& p : profiles)
            if (p.name == name) return &p;
        return nullptr;
    }
    /// The `[services NAME]` section, or nullptr.
    const shared_section* services_section(std::string_view name) const noexcept {
        for (const auto& s : services)
            if (s.name == name) return &s;
        return nullptr;
    }
    /// The `[sso-session NAME]` section, or nullptr.
    const shared_section* sso_session(std::string_view name) const noexcept {
        for (const auto& s : sso_sessions)
            if (s.name == name) return &s;
        return nullptr;
    }
};

namespace detail {

constexpr bool ini_is_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v'; }

constexpr std::string_view ini_trim(std::string_view s) noexcept {
    while (!s.empty() && ini_is_space(s.front())) s.remove_prefix(1);
    while (!s.empty() && ini_is_space(s.back())) s.remove_suffix(1);
    return s;
}

/// Cuts an inline comment: the first `#` or `;` preceded by whitespace.
constexpr std::string_view ini_strip_inline_comment(std::string_view s) noexcept {
    for (std::size_t i = 1; i < s.size(); ++i)
        if ((s[i] == '#' || s[i] == ';') && ini_is_space(s[i - 1])) return s.substr(0, i);
    return s;
}

constexpr bool ini_key_equals(std::string_view a, std::string_view b, bool ci) noexcept {
    return ci ? iequals(a, b) : a == b;
}

/// Maps a section header's inner text to a profile name, or nullopt when the
/// section is not a profile in this kind of file.
inline std::optional<std::string_view> ini_section_profile_name(std::string_view inner, shared_file_kind kind,
                                                            const profile_parse_options& opt) {
    inner = ini_trim(inner);
    if (kind == shared_file_kind::credentials) {
        // The credentials file has no prefix: the whole header is the name.
        if (inner.empty()) return std::nullopt;
        return inner;
    }
    if (inner == "default") return inner;
    constexpr std::string_view prefix = "profile";
    if (inner.size() > prefix.size() && inner.substr(0, prefix.size()) == prefix &&
        ini_is_space(inner[prefix.size()])) {
        std::string_view name = ini_trim(inner.substr(prefix.size()));
        if (name.empty()) return std::nullopt;
        return name;
    }
    if (!opt.skip_non_profile_sections) return inner;
    return std::nullopt;
}

/// What a config-file section header names besides a profile.
enum class ini_section_kind { profile, services, sso_session, skipped };

/// `[services NAME]` / `[sso-session NAME]` in the config file: the kind and
/// the NAME, or nullopt for anything else.
inline std::optional<std::pair<ini_section_kind, std::string_view>> ini_other_section(std::string_view inner,
                                                                                    shared_file_kind kind) {
    if (kind != shared_file_kind::config) return std::nullopt;
    inner = ini_trim(inner);
    for (auto [prefix, k] : {std::pair{std::string_view("services"), ini_section_kind::services},
                             std::pair{std::string_view("sso-session"), ini_section_kind::sso_session}}) {
        if (inner.size() > prefix.size() && inner.substr(0, prefix.size()) == prefix &&
            ini_is_space(inner[prefix.size()])) {
            std::string_view name = ini_trim(inner.substr(prefix.size()));
            if (name.empty()) return std::nullopt;
            return std::pair{k, name};
        }
    }
    return std::nullopt;
}

/// Sets `key = value` in a property list: a later line replaces the value
/// (and the nested lines) of an earlier one with the same name.
inline profile_property& ini_set_property(std::vector<profile_property>& props, std::string_view key,
                                          std::string_view value, bool ci) {
    for (auto& p : props)
        if (ini_key_equals(p.name, key, ci)) {
            p.value.assign(value);
            p.sub_properties.clear();
            return p;
        }
    props.push_back(profile_property{std::string(key), std::string(value), {}});
    return props.back();
}

inline shared_profile* find_profile_mut(std::vector<shared_profile>& v, std::string_view name) noexcept {
    for (auto& p : v)
        if (p.name == name) return &p;
    return nullptr;
}

} // namespace detail

/// Parses the whole text of a shared `config` or `credentials` file into its
/// profiles and (config file) its `[services NAME]` and `[sso-session NAME]`
/// sections, in the order they first appear.
///
/// Rules implemented (AWS SDKs and Tools reference guide, "Format of the
/// config file"; AWS CLI user guide, "Configuration and credential file
/// settings"):
///  * lines whose first non-blank character is `#` or `;` are comments; blank
///    lines are skipped; whitespace around names and values is trimmed;
///  * `[default]` is the default profile in both files; `[profile NAME]` names a
///    profile in the config file and `[NAME]` in the credentials file;
///    `[profile default]` in the config file is the default profile too;
///    `[services NAME]` and `[sso-session NAME]` are sections of their own in
///    the config file (with skip_non_profile_sections, any other header there
///    is skipped);
///  * a property is `name = value`; an indented `name = value` line after a
///    property whose value is empty is a nested property of it (e.g.
///    `s3 =\n  max_concurrent_requests = 5`); other indented lines after a
///    property are continuations and are ignored;
///  * a section that appears twice is merged; the later value of a setting wins.
///
/// Errors (category `credentials`, message naming the 1-based line): a
/// section header without `]`, or a property line without `=` in a profile,
/// a property outside any section. Lines of skipped sections, and lines
/// without `=` in a services or sso-session section, are tolerated. The
/// message never contains a value.
inline std::expected<shared_config, error> parse_shared_config(std::string_view text, shared_file_kind kind,
                                                               const profile_parse_options& opt = {}) {
    shared_config out;
    // The current section: at most one of these is set; none = skipped.
    std::size_t current_profile = static_cast<std::size_t>(-1);
    std::vector<profile_property>* current_props = nullptr; // services / sso-session section
    std::size_t last_property = static_cast<std::size_t>(-1); // index in the current list
    bool in_section = false;          // inside any section (profile or skipped)
    bool after_property = false;      // a property was seen in this section
    std::size_t line_no = 0;
    const char* file_name = kind == shared_file_kind::config ? "config" : "credentials";
    const bool ci = opt.case_insensitive_keys;

    auto fail = [&](std::string_view what) {
        std::string msg = "shared ";
        msg += file_name;
        msg += " file, line ";
        msg += std::to_string(line_no);
        msg += ": ";
        msg += what;
        return std::unexpected(error::make(error_category::credentials, std::move(msg)));
    };
    auto props_of_current = [&]() -> std::vector<profile_property>* {
        if (current_profile != static_cast<std::size_t>(-1)) return &out.profiles[current_profile].properties;
        return current_props;
    };

    while (!text.empty()) {
        ++line_no;
        std::size_t nl = text.find('\n');
        std::string_view raw = text.substr(0, nl);
        text.remove_prefix(nl == std::string_view::npos ? text.size() : nl + 1);

        const bool indented = !raw.empty() && (raw.front() == ' ' || raw.front() == '\t');
        std::string_view line = detail::ini_trim(raw);
        if (line.empty()) continue;
        if (line.front() == '#' || line.front() == ';') continue;

        if (indented && after_property) { // a nested property, or a continuation
            std::vector<profile_property>* props = props_of_current();
            if (props == nullptr || last_property >= props->size()) continue;
            profile_property& parent = (*props)[last_property];
            const std::size_t eq = line.find('=');
            if (!parent.value.empty() || eq == std::string_view::npos) continue;
            std::string_view k = detail::ini_trim(line.substr(0, eq));
            std::string_view v = line.substr(eq + 1);
            if (opt.strip_inline_comments) v = detail::ini_strip_inline_comment(v);
            v = detail::ini_trim(v);
            if (!k.empty()) parent.sub_properties.emplace_back(std::string(k), std::string(v));
            continue;
        }

        if (line.front() == '[') {
            std::size_t close = line.find(']');
            if (close == std::string_view::npos) return fail("section header without ']'");
            // Anything after ']' must be a comment or nothing.
            std::string_view rest = detail::ini_trim(line.substr(close + 1));
            if (!rest.empty() && rest.front() != '#' && rest.front() != ';')
                return fail("unexpected text after section header");
            in_section = true;
            after_property = false;
            current_profile = static_cast<std::size_t>(-1);
            current_props = nullptr;
            last_property = static_cast<std::size_t>(-1);
            const std::string_view inner = line.substr(1, close - 1);
            if (opt.skip_non_profile_sections) {
                if (auto other = detail::ini_other_section(inner, kind)) {
                    auto& list = other->first == detail::ini_section_kind::services ? out.services : out.sso_sessions;
                    shared_section* sec = nullptr;
                    for (auto& s : list)
                        if (s.name == other->second) sec = &s;
                    if (sec == nullptr) {
                        list.push_back(shared_section{std::string(other->second), {}});
                        sec = &list.back();
                    }
                    current_props = &sec->properties;
                    continue;
                }
            }
            auto name = detail::ini_section_profile_name(inner, kind, opt);
            if (!name) continue;
            shared_profile* p = detail::find_profile_mut(out.profiles, *name);
            if (p == nullptr) {
                out.profiles.emplace_back(std::string(*name));
                p = &out.profiles.back();
            }
            current_profile = static_cast<std::size_t>(p - out.profiles.data());
            continue;
        }

        if (!in_section) return fail("property outside of any section");
        const std::size_t eq = line.find('=');
        if (current_profile == static_cast<std::size_t>(-1)) {
            // A skipped section tolerates anything; a services / sso-session
            // section keeps its `name = value` lines and ignores the rest.
            after_property = true;
            if (current_props == nullptr || eq == std::string_view::npos) continue;
            std::string_view key = detail::ini_trim(line.substr(0, eq));
            std::string_view value = line.substr(eq + 1);
            if (opt.strip_inline_comments) value = detail::ini_strip_inline_comment(value);
            value = detail::ini_trim(value);
            if (key.empty()) continue;
            profile_property& prop = detail::ini_set_property(*current_props, key, value, ci);
            last_property = static_cast<std::size_t>(&prop - current_props->data());
            continue;
        }
        shared_profile* current = &out.profiles[current_profile];
        if (eq == std::string_view::npos) return fail("expected 'name = value'");
        std::string_view key = detail::ini_trim(line.substr(0, eq));
        std::string_view value = line.substr(eq + 1);
        if (opt.strip_inline_comments) value = detail::ini_strip_inline_comment(value);
        value = detail::ini_trim(value);
        if (key.empty()) return fail("property without a name");
        after_property = true;
        last_property = static_cast<std::size_t>(-1);

        // A later line with the same key wins (configparser); a secret_string
        // wipes the value it replaces.
        if (detail::ini_key_equals(key, "aws_access_key_id", ci)) current->aws_access_key_id = std::string(value);
        else if (detail::ini_key_equals(key, "aws_secret_access_key", ci)) current->aws_secret_access_key = secret_string(value);
        else if (detail::ini_key_equals(key, "aws_session_token", ci)) current->aws_session_token = secret_string(value);
        else if (detail::ini_key_equals(key, "region", ci)) current->region = std::string(value);
        else {
            profile_property& prop = detail::ini_set_property(current->properties, key, value, ci);
            last_property = static_cast<std::size_t>(&prop - current->properties.data());
        }
    }
    return out;
}

/// Parses the whole text of a shared `config` or `credentials` file into its
/// profiles, in the order they first appear (parse_shared_config() without
/// the other sections; same rules and errors).
inline std::expected<std::vector<shared_profile>, error> parse_shared_file(std::string_view text, shared_file_kind kind,
                                                                    const profile_parse_options& opt = {}) {
    auto all = parse_shared_config(text, kind, opt);
    if (!all) return std::unexpected(std::move(all.error()));
    return std::move(all->profiles);
}

/// The profile called `name` in already parsed profiles, or nullopt.
inline std::optional<shared_profile> find_profile(std::span<const shared_profile> profiles, std::string_view name) {
    for (const auto& p : profiles)
        if (p.name == name) return p;
    return std::nullopt;
}

/// Parses `text` and returns the profile called `name` (nullopt when absent).
inline std::expected<std::optional<shared_profile>, error> parse_profile(std::string_view text, shared_file_kind kind,
                                                                  std::string_view name,
                                                                  const profile_parse_options& opt = {}) {
    auto all = parse_shared_file(text, kind, opt);
    if (!all) return std::unexpected(std::move(all.error()));
    return find_profile(*all, name);
}

/// Combines one profile's settings from both files. The AWS CLI lets the
/// credentials file override the config file, setting by setting (botocore
/// merges the credentials file's profile over the config file's).
inline shared_profile merge_profiles(const shared_profile& from_config, const shared_profile& from_credentials) {
    shared_profile out = from_config;
    if (out.name.empty()) out.name = from_credentials.name;
    auto take = [](auto& dst, const auto& src) {
        if (src) dst = src;
    };
    take(out.aws_access_key_id, from_credentials.aws_access_key_id);
    take(out.aws_secret_access_key, from_credentials.aws_secret_access_key);
    take(out.aws_session_token, from_credentials.aws_session_token);
    take(out.region, from_credentials.region);
    for (const auto& prop : from_credentials.properties) {
        profile_property& dst = detail::ini_set_property(out.properties, prop.name, prop.value, true);
        dst.sub_properties = prop.sub_properties;
    }
    return out;
}

/// The profile's static credentials, or a `credentials` error naming what is
/// missing (never a value).
inline std::expected<credentials, error> to_credentials(const shared_profile& p) {
    if (!p.aws_access_key_id || p.aws_access_key_id->empty())
        return std::unexpected(error::make(error_category::credentials,
                                           "profile '" + p.name + "' has no aws_access_key_id"));
    if (!p.aws_secret_access_key || p.aws_secret_access_key->empty())
        return std::unexpected(error::make(error_category::credentials,
                                           "profile '" + p.name + "' has no aws_secret_access_key"));
    return credentials(*p.aws_access_key_id, *p.aws_secret_access_key, p.aws_session_token.value_or(""));
}

} // namespace chime_voice

#endif
