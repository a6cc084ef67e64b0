// SPDX-License-Identifier: BSL-1.0
// fuzz_profile — the shared config / credentials file parsers (profile.hpp).
// Input: flags 0x1E profile-name 0x1E file text
// flags bit 0: credentials file (else config); bits 1-3 turn the three
// profile_parse_options off.
//
// Checked: errors are `credentials` errors whose message names a line that
// exists and never quotes the text; profile names are unique and hold no
// newline; values are single trimmed lines; parse_profile agrees with
// parse_shared_file + find_profile; to_credentials succeeds exactly when
// has_credentials(); merge_profiles prefers the credentials file;
// parse_shared_config agrees with parse_shared_file and its other sections
// have unique names and named one-line properties.
#include <chime_voice/profile.hpp>

#include "fuzz_harness.hpp"

#include <algorithm>
#include <string>
#include <string_view>

namespace {

using chime_voice_fuzz::check;

template <class Text>
void check_value(const std::optional<Text>& opt) {
    if (!opt) return;
    const std::string_view v = *opt;
    check(v.find('\n') == std::string_view::npos, "a value is one line");
    if (!v.empty()) {
        check(v.front() != ' ' && v.front() != '\t', "a value has no leading blank");
        check(v.back() != ' ' && v.back() != '\t', "a value has no trailing blank");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    chime_voice_fuzz::input in(data, size);
    const unsigned flags = in.flags();
    const std::string_view wanted = in.field();
    const std::string_view text = in.rest();
    const shared_file_kind kind = (flags & 1) ? shared_file_kind::credentials : shared_file_kind::config;
    profile_parse_options opt;
    opt.strip_inline_comments = !(flags & 2);
    opt.skip_non_profile_sections = !(flags & 4);
    opt.case_insensitive_keys = !(flags & 8);

    const auto all = parse_shared_file(text, kind, opt);
    const auto one = parse_profile(text, kind, wanted, opt);
    check(all.has_value() == one.has_value(), "parse_profile fails exactly when parse_shared_file does");
    if (!all) {
        const error& e = all.error();
        check(e.category == error_category::credentials, "a file error has category credentials");
        check(e.message == one.error().message, "both report the same error");
        const std::string prefix = (kind == shared_file_kind::config) ? "shared config file, line "
                                                                      : "shared credentials file, line ";
        check(e.message.starts_with(prefix), "the message names the file kind and the line");
        const std::size_t line = std::stoul(e.message.substr(prefix.size()));
        const std::size_t lines = 1 + static_cast<std::size_t>(std::ranges::count(text, '\n'));
        check(line >= 1 && line <= lines, "the line named exists");
        const auto what = std::string_view(e.message).substr(e.message.find(": ") + 2);
        static constexpr std::string_view known[] = {
            "section header without ']'", "unexpected text after section header", "property outside of any section",
            "expected 'name = value'", "property without a name"};
        check(std::ranges::find(known, what) != std::end(known), "the message is a fixed text, never a value");
        return 0;
    }
    for (std::size_t i = 0; i < all->size(); ++i) {
        const auto& p = (*all)[i];
        check(p.name.find('\n') == std::string::npos, "a profile name is one line");
        for (std::size_t j = 0; j < i; ++j) check((*all)[j].name != p.name, "profile names are unique");
        check_value(p.aws_access_key_id);
        check_value(p.aws_secret_access_key);
        check_value(p.aws_session_token);
        check_value(p.region);
        const auto c = to_credentials(p);
        check(c.has_value() == p.has_credentials(), "to_credentials succeeds exactly when has_credentials()");
        if (!c) check(c.error().message.find("profile '") == 0, "the error names the profile");
    }
    // parse_shared_config: the same profiles, plus sections whose names are
    // unique and whose properties are named, one-line values.
    const auto cfg = parse_shared_config(text, kind, opt);
    check(cfg.has_value(), "parse_shared_config succeeds when parse_shared_file does");
    check(cfg->profiles.size() == all->size(), "the same profiles");
    if (kind == shared_file_kind::credentials) check(cfg->services.empty() && cfg->sso_sessions.empty(),
                                                     "the credentials file has no other sections");
    auto check_props = [](const std::vector<profile_property>& props) {
        for (std::size_t i = 0; i < props.size(); ++i) {
            check(!props[i].name.empty(), "a property has a name");
            check_value(std::optional<std::string>(props[i].value));
            check(props[i].value.empty() || props[i].sub_properties.empty(), "only an empty value has nested lines");
            for (const auto& [k, v] : props[i].sub_properties) {
                check(!k.empty(), "a nested property has a name");
                check_value(std::optional<std::string>(v));
            }
        }
    };
    for (const auto& p : cfg->profiles) check_props(p.properties);
    for (const auto* list : {&cfg->services, &cfg->sso_sessions})
        for (std::size_t i = 0; i < list->size(); ++i) {
            check_props((*list)[i].properties);
            for (std::size_t j = 0; j < i; ++j) check((*list)[j].name != (*list)[i].name, "section names are unique");
        }
    const auto found = find_profile(*all, wanted);
    check(one->has_value() == found.has_value(), "parse_profile finds what find_profile finds");
    if (found) {
        check((*one)->name == found->name && (*one)->region == found->region, "the same profile");
        const shared_profile m = merge_profiles(*found, all->front());
        if (all->front().region) check(m.region == all->front().region, "the credentials file wins");
        else check(m.region == found->region, "the config value stays when the credentials file has none");
    }
    return 0;
}
