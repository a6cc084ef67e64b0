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

/// The settings of one profile this library cares about. A setting that the
/// file did not mention is std::nullopt (an explicitly empty value is "").
///
/// The secret and the session token are wiped when the value is destroyed and
/// are never printed (rule of the house 6).
struct shared_profile {
    std::string name;                                   ///< the profile name, e.g. "default"
    std::optional<std::string> aws_access_key_id;       ///< setting aws_access_key_id
    std::optional<secret_string> aws_secret_access_key; ///< setting aws_secret_access_key (never printed)
    std::optional<secret_string> aws_session_token;     ///< setting aws_session_token (never printed)
    std::optional<std::string> region;                  ///< setting region

    shared_profile() = default;
    /// A profile with this name and no settings.
    explicit shared_profile(std::string n) : name(std::move(n)) {}

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
    return os << '}';
}

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

inline shared_profile* find_profile_mut(std::vector<shared_profile>& v, std::string_view name) noexcept {
    for (auto& p : v)
        if (p.name == name) return &p;
    return nullptr;
}

} // namespace detail

/// Parses the whole text of a shared `config` or `credentials` file into its
/// profiles, in the order they first appear.
///
/// Rules implemented (AWS SDKs and Tools reference guide, "Format of the
/// config file"; AWS CLI user guide, "Configuration and credential file
/// settings"):
///  * lines whose first non-blank character is `#` or `;` are comments; blank
///    lines are skipped; whitespace around names and values is trimmed;
///  * `[default]` is the default profile in both files; `[profile NAME]` names a
///    profile in the config file and `[NAME]` in the credentials file;
///    `[profile default]` in the config file is the default profile too;
///  * a property is `name = value`; an indented line after a property is a
///    continuation (sub-property, e.g. `s3 =\n  max_concurrent_requests = 5`)
///    and does not set a top-level setting;
///  * a section that appears twice is merged; the later value of a setting wins.
///
/// Errors (category `credentials`, message naming the 1-based line): a
/// section header without `]`, or a property line without `=`, outside
/// sections that are skipped. The message never contains a value.
inline std::expected<std::vector<shared_profile>, error> parse_shared_file(std::string_view text, shared_file_kind kind,
                                                                    const profile_parse_options& opt = {}) {
    std::vector<shared_profile> out;
    shared_profile* current = nullptr;
    bool in_section = false;          // inside any section (profile or skipped)
    bool after_property = false;      // a property was seen in this section
    std::size_t line_no = 0;
    const char* file_name = kind == shared_file_kind::config ? "config" : "credentials";

    auto fail = [&](std::string_view what) {
        std::string msg = "shared ";
        msg += file_name;
        msg += " file, line ";
        msg += std::to_string(line_no);
        msg += ": ";
        msg += what;
        return std::unexpected(error::make(error_category::credentials, std::move(msg)));
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

        if (indented && after_property) continue; // continuation of a sub-property

        if (line.front() == '[') {
            std::size_t close = line.find(']');
            if (close == std::string_view::npos) return fail("section header without ']'");
            // Anything after ']' must be a comment or nothing.
            std::string_view rest = detail::ini_trim(line.substr(close + 1));
            if (!rest.empty() && rest.front() != '#' && rest.front() != ';')
                return fail("unexpected text after section header");
            in_section = true;
            after_property = false;
            auto name = detail::ini_section_profile_name(line.substr(1, close - 1), kind, opt);
            if (!name) {
                current = nullptr;
                continue;
            }
            current = detail::find_profile_mut(out, *name);
            if (current == nullptr) {
                out.emplace_back(std::string(*name));
                current = &out.back();
            }
            continue;
        }

        if (!in_section) return fail("property outside of any section");
        if (current == nullptr) { // inside a skipped section: tolerate anything
            after_property = true;
            continue;
        }
        std::size_t eq = line.find('=');
        if (eq == std::string_view::npos) return fail("expected 'name = value'");
        std::string_view key = detail::ini_trim(line.substr(0, eq));
        std::string_view value = line.substr(eq + 1);
        if (opt.strip_inline_comments) value = detail::ini_strip_inline_comment(value);
        value = detail::ini_trim(value);
        if (key.empty()) return fail("property without a name");
        after_property = true;

        const bool ci = opt.case_insensitive_keys;
        // A later line with the same key wins (configparser); a secret_string
        // wipes the value it replaces.
        if (detail::ini_key_equals(key, "aws_access_key_id", ci)) current->aws_access_key_id = std::string(value);
        else if (detail::ini_key_equals(key, "aws_secret_access_key", ci)) current->aws_secret_access_key = secret_string(value);
        else if (detail::ini_key_equals(key, "aws_session_token", ci)) current->aws_session_token = secret_string(value);
        else if (detail::ini_key_equals(key, "region", ci)) current->region = std::string(value);
    }
    return out;
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
