// SPDX-License-Identifier: BSL-1.0
// examples/cli/operation_commands.hpp — one CLI11 subcommand per operation, as AWS CLI v2 offers them
//
// `chime-voice <operation> [options]` takes what `aws chime-sdk-voice
// <operation>` takes: the operation's name through cli_name() (botocore's
// xform_name(name, '-')), --cli-input-json (inline or file://), one option
// per top-level input member (scalars as values, booleans as --flag /
// --no-flag, lists of scalars as space-separated values or one JSON list,
// structures, maps and lists of structures as JSON text), --generate-cli-skeleton
// [input|output], --no-paginate, and --starting-token / --page-size / --max-items where the
// AWS CLI has a paginator (find_aws_cli_paginator in output.hpp). Per-member
// options override members of --cli-input-json, as in the AWS CLI
// (awscli/customizations/cliinputjson.py). The required members are marked in
// the help, not enforced here: the library's serialize() names a missing one,
// and --cli-input-json may supply it.
//
// Not supported (the command refuses them with a usage error rather than
// guess): the AWS CLI's shorthand syntax (Key=Value,...) for structures, and
// fileb://. Strings starting with file:// are read from that file (UTF-8),
// as the AWS CLI reads any parameter value (awscli/paramfile.py).
//
// Everything but read_file_argument is free of I/O: files come through a
// file_reader, so the tests give their own.
#ifndef CHIME_CLI_OPERATION_COMMANDS_HPP
#define CHIME_CLI_OPERATION_COMMANDS_HPP

#include "model_extras.hpp"
#include "output.hpp"

#include <chime_voice/operations/registry.hpp>

#include <CLI/CLI.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <charconv>
#include <cstdio>
#include <deque>
#include <expected>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include <pwd.h>
#include <sys/stat.h>
#include <unistd.h>

namespace chime_cli {

/// Reads the file a `file://` argument names: its text, or why it cannot be read.
using file_reader = std::function<std::expected<std::string, std::string>(std::string_view path)>;

namespace detail {

/// Python's os.path.expandvars(os.path.expanduser(path)), which the AWS CLI
/// applies to a file:// path (awscli/paramfile.py get_file): a leading "~" or
/// "~user" becomes the home directory, then $NAME and ${NAME} the variable's
/// value when it is set (left as written when not).
inline std::string expand_path(std::string_view path) {
    std::string p(path);
    if (p.starts_with('~')) {
        const auto slash = p.find('/');
        const std::string user = p.substr(1, slash == std::string::npos ? std::string::npos : slash - 1);
        std::optional<std::string> home;
        if (user.empty()) {
            if (const char* h = std::getenv("HOME")) home = h;
            else if (const passwd* pw = ::getpwuid(::getuid())) home = pw->pw_dir;
        } else if (const passwd* pw = ::getpwnam(user.c_str())) {
            home = pw->pw_dir;
        }
        if (home) {
            std::string rest = slash == std::string::npos ? std::string() : p.substr(slash);
            while (home->size() > 1 && home->back() == '/') home->pop_back();
            p = *home + rest;
        }
    }
    if (p.find('$') == std::string::npos) return p;
    auto name_char = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'; };
    std::string out;
    for (std::size_t i = 0; i < p.size();) {
        if (p[i] == '$' && i + 1 < p.size()) {
            std::size_t start = i + 1, end = start;
            bool braced = p[start] == '{';
            if (braced) {
                end = p.find('}', start + 1);
                if (end != std::string::npos) {
                    const std::string name = p.substr(start + 1, end - start - 1);
                    if (const char* v = name.empty() ? nullptr : std::getenv(name.c_str())) {
                        out += v;
                        i = end + 1;
                        continue;
                    }
                }
            } else {
                while (end < p.size() && name_char(p[end])) ++end;
                if (end > start) {
                    const std::string name = p.substr(start, end - start);
                    if (const char* v = std::getenv(name.c_str())) {
                        out += v;
                        i = end;
                        continue;
                    }
                }
            }
        }
        out.push_back(p[i++]);
    }
    return out;
}

} // namespace detail

/// The default file_reader: the whole file, which must be a regular file
/// holding UTF-8 text; "~" and $VARIABLES in the path are expanded as the AWS
/// CLI expands them. Errors are text ("file://x.json: No such file or
/// directory"); never throws except std::bad_alloc.
inline std::expected<std::string, std::string> read_file_argument(std::string_view path) {
    const std::string p = detail::expand_path(path);
    const std::string shown = "file://" + std::string(path);
    struct stat st {};
    if (::stat(p.c_str(), &st) != 0) return std::unexpected(shown + ": " + std::generic_category().message(errno));
    if (S_ISDIR(st.st_mode)) return std::unexpected(shown + ": is a directory");
    std::FILE* f = std::fopen(p.c_str(), "rb");
    if (!f) return std::unexpected(shown + ": " + std::generic_category().message(errno));
    std::string text;
    char buf[65536];
    for (;;) {
        const std::size_t n = std::fread(buf, 1, sizeof buf, f);
        text.append(buf, n);
        if (n < sizeof buf) break;
    }
    const bool failed = std::ferror(f) != 0;
    std::fclose(f);
    if (failed) return std::unexpected(shown + ": read error");
    if (const auto chk = chime_voice::detail::validate_utf8(text); !chk.ok)
        return std::unexpected(shown + ": not UTF-8 text (" + chk.reason + " at byte " + std::to_string(chk.offset) + ")");
    return text;
}

namespace detail {

inline std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\n' || s.front() == '\r')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\n' || s.back() == '\r')) s.remove_suffix(1);
    return s;
}

/// A value that starts with "file://" is replaced by the file's text, as the
/// AWS CLI reads any parameter (awscli/paramfile.py); "fileb://" is refused;
/// with `strict` (lists, JSON members, --cli-input-json, where such a value
/// cannot be meant literally) so is any other "file:" prefix, a mistyped file://.
inline std::expected<std::string, std::string> load_param(std::string_view option_name, std::string_view value,
                                                          const file_reader& reader, bool strict = true) {
    if (value.starts_with("file://")) {
        auto text = reader(value.substr(7));
        if (!text) return std::unexpected("argument " + std::string(option_name) + ": cannot read " + text.error());
        return std::move(*text);
    }
    if (value.starts_with("fileb://"))
        return std::unexpected("argument " + std::string(option_name) + ": fileb:// is not supported; use file://PATH for a text file");
    if (strict && value.starts_with("file:"))
        return std::unexpected("argument " + std::string(option_name) + ": '" + escape_for_terminal(value) +
                               "' is not a file:// path; write file://PATH (two slashes, then the path)");
    return std::string(value);
}

inline std::expected<boost::json::value, std::string> parse_json_text(std::string_view option_name, std::string_view text) {
    boost::system::error_code ec;
    auto v = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec);
    if (ec) return std::unexpected("argument " + std::string(option_name) + ": invalid JSON (" + ec.message() + ")");
    return v;
}

} // namespace detail

/// A list argument as the AWS CLI takes it: space-separated values
/// (`--ids a b c`), one JSON list (`--ids '["a","b"]'`), or file://x.json
/// holding either. A value that looks like a mistake (contains ',' or '[' but
/// is not a JSON list, or starts with "file:" but is not a readable file://
/// path; or is a JSON object) is refused with a hint, never taken as one value. The elements are
/// given as they came (strings, or the JSON list's values); the caller
/// converts them to the member's type. May throw std::bad_alloc.
inline std::expected<boost::json::array, std::string> parse_list_argument(std::string_view option_name,
                                                                          const std::vector<std::string>& values,
                                                                          const file_reader& reader = read_file_argument) {
    const std::string opt(option_name);
    if (values.empty()) return std::unexpected("argument " + opt + ": expected one or more values");
    auto refuse = [&](std::string_view v) {
        return std::unexpected("argument " + opt + ": '" + escape_for_terminal(v) +
                               "' is not a list: give the values separated by spaces (" + opt +
                               " a b) or as one JSON list (" + opt + " '[\"a\",\"b\"]')");
    };
    auto one = [&](std::string_view v, bool from_file) -> std::expected<boost::json::array, std::string> {
        const auto t = detail::trim(v);
        if (t.starts_with('[')) {
            auto j = detail::parse_json_text(option_name, t);
            if (!j || !j->is_array()) return refuse(v);
            for (const auto& e : j->get_array())
                if (e.is_object() || e.is_array())
                    return std::unexpected("argument " + opt + ": a list of values is expected, not of JSON objects or lists");
            return std::move(j->get_array());
        }
        if (v.find(',') != std::string_view::npos || v.find('[') != std::string_view::npos || t.starts_with('{'))
            return refuse(v);
        boost::json::array a;
        if (from_file) { // a file holding space-separated values
            std::size_t i = 0;
            while (i < t.size()) {
                while (i < t.size() && (t[i] == ' ' || t[i] == '\t' || t[i] == '\n' || t[i] == '\r')) ++i;
                std::size_t j = i;
                while (j < t.size() && !(t[j] == ' ' || t[j] == '\t' || t[j] == '\n' || t[j] == '\r')) ++j;
                if (j > i) a.emplace_back(boost::json::string_view(t.data() + i, j - i));
                i = j;
            }
        } else a.emplace_back(boost::json::string_view(v.data(), v.size()));
        return a;
    };
    if (values.size() == 1) {
        const std::string& v = values.front();
        if (v.starts_with("file:") || v.starts_with("fileb:")) {
            auto text = detail::load_param(option_name, v, reader);
            if (!text) return std::unexpected(text.error());
            return one(*text, true);
        }
        return one(v, false);
    }
    boost::json::array a;
    for (const auto& v : values) {
        if (v.starts_with("file:") || v.starts_with("fileb:"))
            return std::unexpected("argument " + opt + ": '" + escape_for_terminal(v) +
                                   "': a file:// argument must be the list's only value");
        if (v.find(',') != std::string::npos || v.find('[') != std::string::npos) return refuse(v);
        a.emplace_back(boost::json::string_view(v.data(), v.size()));
    }
    return a;
}

/// --cli-input-json: a JSON object inline or in file://path (the AWS CLI's
/// form: model member names). May throw std::bad_alloc.
inline std::expected<boost::json::object, std::string> parse_cli_input_json(std::string_view value,
                                                                           const file_reader& reader = read_file_argument) {
    auto text = detail::load_param("--cli-input-json", value, reader);
    if (!text) return std::unexpected(text.error());
    auto v = detail::parse_json_text("--cli-input-json", *text);
    if (!v) return std::unexpected(v.error());
    if (!v->is_object()) return std::unexpected("argument --cli-input-json: a JSON object is expected");
    return std::move(v->get_object());
}

/// botocore's xform_name(name, '-'): "ListPhoneNumbers" -> "list-phone-numbers",
/// "E164PhoneNumbers" -> "e164-phone-numbers", "VoiceConnectorARNs" ->
/// "voice-connector-arns". The rules (awscli/botocore/__init__.py): a name
/// holding '-' is kept; a final run of two or more capitals followed by 's'
/// becomes its own lower-case word; then '-' goes before each capital that
/// starts a capitalised word ("(.)([A-Z][a-z]+)") and between a lower-case
/// letter or digit and a capital; then everything is lower-cased.
inline std::string cli_name(std::string_view model_name) {
    if (model_name.find('-') != std::string_view::npos) return std::string(model_name);
    static constexpr std::pair<std::string_view, std::string_view> special[] = {
        {"CreateCachediSCSIVolume", "create-cached-iscsi-volume"},
        {"DescribeCachediSCSIVolumes", "describe-cached-iscsi-volumes"},
        {"DescribeStorediSCSIVolumes", "describe-stored-iscsi-volumes"},
        {"CreateStorediSCSIVolume", "create-stored-iscsi-volume"},
        {"ListHITsForQualificationType", "list-hits-for-qualification-type"},
        {"ExecutePartiQLStatement", "execute-partiql-statement"},
        {"ExecutePartiQLTransaction", "execute-partiql-transaction"},
        {"ExecutePartiQLBatch", "execute-partiql-batch"},
    };
    for (const auto& [k, v] : special)
        if (k == model_name) return std::string(v);
    auto up = [](char c) { return c >= 'A' && c <= 'Z'; };
    auto low = [](char c) { return c >= 'a' && c <= 'z'; };
    auto digit = [](char c) { return c >= '0' && c <= '9'; };
    std::string name(model_name);
    // [A-Z]{2,}s$
    if (name.size() >= 3 && name.back() == 's' && up(name[name.size() - 2]) && up(name[name.size() - 3])) {
        std::size_t start = name.size() - 3;
        while (start > 0 && up(name[start - 1])) --start;
        std::string tail = name.substr(start);
        for (char& c : tail)
            if (up(c)) c = static_cast<char>(c - 'A' + 'a');
        name = name.substr(0, start) + "-" + tail;
    }
    // (.)([A-Z][a-z]+) -> \1-\2, left to right, non-overlapping
    std::string s1;
    for (std::size_t i = 0; i < name.size();) {
        if (name[i] != '\n' && i + 2 < name.size() && up(name[i + 1]) && low(name[i + 2])) {
            std::size_t j = i + 2;
            while (j < name.size() && low(name[j])) ++j;
            s1.push_back(name[i]);
            s1.push_back('-');
            s1.append(name, i + 1, j - i - 1);
            i = j;
        } else s1.push_back(name[i++]);
    }
    // ([a-z0-9])([A-Z]) -> \1-\2
    std::string out;
    for (std::size_t i = 0; i < s1.size();) {
        if (i + 1 < s1.size() && (low(s1[i]) || digit(s1[i])) && up(s1[i + 1])) {
            out.push_back(s1[i]);
            out.push_back('-');
            out.push_back(s1[i + 1]);
            i += 2;
        } else out.push_back(s1[i++]);
    }
    for (char& c : out)
        if (up(c)) c = static_cast<char>(c - 'A' + 'a');
    return out;
}

namespace detail {

namespace rj = chime_voice::detail::rj;

inline std::string_view enum_first_value(std::string_view shape_name) {
    const auto it = std::lower_bound(enum_first_values.begin(), enum_first_values.end(), shape_name,
                                     [](const auto& p, std::string_view n) { return p.first < n; });
    return it != enum_first_values.end() && it->first == shape_name ? it->second : std::string_view();
}

inline std::string_view operation_summary(std::string_view op) {
    const auto it = std::lower_bound(operation_summaries.begin(), operation_summaries.end(), op,
                                     [](const auto& p, std::string_view n) { return p.first < n; });
    return it != operation_summaries.end() && it->first == op ? it->second : std::string_view();
}

/// botocore's ArgumentGenerator: `names` gives strings their member names
/// (the output form) instead of "" or the enum's first value.
inline boost::json::value skeleton_value(const rj::model_info& m, std::uint16_t shape, std::string_view name,
                                         bool names, std::vector<std::uint16_t>& stack) {
    const auto& s = m.shapes[shape];
    stack.push_back(shape);
    boost::json::value v;
    switch (s.kind) {
    case rj::shape_kind::structure: {
        boost::json::object o;
        if (std::count(stack.begin(), stack.end(), shape) <= 1)
            for (std::size_t i = 0; i < s.member_count; ++i) {
                const auto& mem = s.members[i];
                o[boost::json::string_view(mem.name.data(), mem.name.size())] =
                    skeleton_value(m, mem.target, mem.name, names, stack);
            }
        v = std::move(o);
        break;
    }
    case rj::shape_kind::list: {
        boost::json::array a;
        a.push_back(skeleton_value(m, s.element, names ? m.shapes[s.element].name : std::string_view(), names, stack));
        v = std::move(a);
        break;
    }
    case rj::shape_kind::map: {
        boost::json::object o;
        o["KeyName"] = skeleton_value(m, s.element, "", names, stack);
        v = std::move(o);
        break;
    }
    case rj::shape_kind::string:
    case rj::shape_kind::enumeration:
        if (names) v = boost::json::string_view(name.data(), name.size());
        else {
            const auto e = s.kind == rj::shape_kind::enumeration ? enum_first_value(s.name) : std::string_view();
            v = boost::json::string_view(e.data(), e.size());
        }
        break;
    case rj::shape_kind::byte:
    case rj::shape_kind::short_:
    case rj::shape_kind::integer:
    case rj::shape_kind::long_:
    case rj::shape_kind::int_enum: v = 0; break;
    case rj::shape_kind::float_:
    case rj::shape_kind::double_: v = 0.0; break;
    case rj::shape_kind::boolean: v = true; break;
    case rj::shape_kind::timestamp: v = "1970-01-01T00:00:00"; break;
    case rj::shape_kind::unit: v = boost::json::object(); break;
    }
    stack.pop_back();
    return v;
}

} // namespace detail

/// What `aws chime-sdk-voice <op> --generate-cli-skeleton input` (or
/// `output`) prints: botocore's ArgumentGenerator placeholders ("" or the
/// enum's first value, 0, 0.0, true, "1970-01-01T00:00:00", one element per
/// list, "KeyName" per map; member names as the strings of the output form)
/// as indented JSON. The output form prints nothing for an operation without
/// output members, as the AWS CLI. May throw std::bad_alloc.
inline std::string generate_cli_skeleton(const chime_voice::operation_descriptor& op, bool output) {
    std::vector<std::uint16_t> stack;
    const auto shape = output ? op.info->output : op.info->input;
    boost::json::value v = op.model->shapes[shape].kind == chime_voice::detail::rj::shape_kind::structure
                               ? detail::skeleton_value(*op.model, shape, "", output, stack)
                               : boost::json::value(boost::json::object());
    if (output) return render(v, output_format::json, op.name());
    std::string out;
    detail::json_value(out, v, 0);
    out.push_back('\n');
    return out;
}

/// One CLI11 subcommand per operation (BatchDeletePhoneNumber excepted: the
/// command keeps its hand-written one). The object must outlive the parse:
/// CLI11 writes the option values into it. Not copyable or movable.
class operation_commands {
public:
    /// Adds the subcommands to `app`. May throw std::bad_alloc.
    explicit operation_commands(CLI::App& app) {
        for (const auto& op : chime_voice::operations) {
            if (op.name() == "BatchDeletePhoneNumber") continue;
            commands_.push_back(std::make_unique<command>());
            add(app, op, *commands_.back());
        }
    }
    operation_commands(const operation_commands&) = delete;
    operation_commands& operator=(const operation_commands&) = delete;

    /// The operation whose subcommand was parsed, nullptr if none of these was
    /// given. Valid as long as chime_voice::operations (static storage).
    const chime_voice::operation_descriptor* chosen() const {
        const auto* c = chosen_command();
        return c ? c->op : nullptr;
    }

    /// The input in the CLI JSON form: --cli-input-json, then each member
    /// option given on top of it. The text of a usage error otherwise (bad
    /// JSON, a refused list, an unreadable file, a bad number). Members are
    /// not validated here: serialize() does that. May throw std::bad_alloc.
    std::expected<boost::json::object, std::string> input(const file_reader& reader = read_file_argument) const {
        const auto* c = chosen_command();
        if (!c) return std::unexpected(std::string("no operation was given"));
        boost::json::object in;
        if (c->cli_input_json->count() > 0) {
            auto j = parse_cli_input_json(c->cli_input_json_value, reader);
            if (!j) return std::unexpected(j.error());
            in = std::move(*j);
        }
        for (const auto& m : c->members) {
            auto v = member_value(*c->op, m, reader);
            if (!v) return std::unexpected(v.error());
            if (*v) in[boost::json::string_view(m.info->name.data(), m.info->name.size())] = std::move(**v);
        }
        // awscli/customizations/paginate.py: the page token or the page size
        // given as members turns pagination off; --starting-token and
        // --page-size are the paginator's own, refused without pagination.
        c->manual_paging = false;
        c->limits = {};
        if (const auto* pg = find_aws_cli_paginator(c->op->name())) {
            const boost::json::string_view token(pg->input_token.data(), pg->input_token.size());
            const boost::json::string_view limit(pg->limit_key.data(), pg->limit_key.size());
            c->manual_paging = in.contains(token) || (!limit.empty() && in.contains(limit));
            const bool starting = c->starting_token && c->starting_token->count() > 0;
            const bool page_size = c->page_size && c->page_size->count() > 0;
            const bool max_items = c->max_items && c->max_items->count() > 0;
            if ((c->manual_paging || c->no_paginate->count() > 0) && (starting || page_size || max_items)) {
                std::string used;
                if (starting) used = "--starting-token";
                if (page_size) used += std::string(used.empty() ? "" : ", ") + "--page-size";
                if (max_items) used += std::string(used.empty() ? "" : ", ") + "--max-items";
                return std::unexpected("Cannot specify --no-paginate along with pagination arguments: " + used);
            }
            if (starting) {
                // the token the AWS CLI printed (base64 JSON), or a service token
                const auto sp = decode_starting_token(c->starting_token_value, pg->input_token);
                if (sp.next_token) in[token] = *sp.next_token;
            }
            if (page_size) {
                auto n = scalar_from_text(kind::integer, "--page-size", c->page_size_value);
                if (!n) return std::unexpected(n.error());
                in[limit] = std::move(*n);
            }
            if (max_items) {
                auto n = scalar_from_text(kind::integer, "--max-items", c->max_items_value);
                if (!n) return std::unexpected(n.error());
                c->limits.max_items = n->as_int64();
            }
            if (starting) c->limits.starting_token = c->starting_token_value;
        }
        return in;
    }

    /// True when AWS CLI v2 would follow the pages: the operation has an AWS
    /// CLI paginator (find_aws_cli_paginator: ListSipMediaApplications and
    /// ListSipRules; the other @paginated operations print one page and its
    /// NextToken, as `aws` does), --no-paginate was not given, nor the page
    /// token or page size member (seen in the options, and in
    /// --cli-input-json once input() has run). Then print the pages with
    /// render_pages().
    bool paginate() const {
        const auto* c = chosen_command();
        if (!c || c->no_paginate->count() > 0 || c->manual_paging) return false;
        const auto* pg = find_aws_cli_paginator(c->op->name());
        if (!pg) return false;
        for (const auto& m : c->members)
            if ((m.info->name == pg->input_token || m.info->name == pg->limit_key) && given(m)) return false;
        return true;
    }

    /// --max-items and --starting-token for merge_pages / render_pages (empty
    /// when not given). Valid once input() has succeeded.
    page_limits limits() const {
        const auto* c = chosen_command();
        return c ? c->limits : page_limits{};
    }

    /// Set when --generate-cli-skeleton was given: false for `input` (or no
    /// value), true for `output`.
    std::optional<bool> skeleton() const {
        const auto* c = chosen_command();
        if (!c || c->skeleton->count() == 0) return std::nullopt;
        return c->skeleton_value == "output";
    }

private:
    enum class kind { string, integer, floating, boolean, list, json };
    struct member_option {
        const chime_voice::detail::rj::member_info* info = nullptr;
        kind k = kind::string;
        std::string flag;                   // "--phone-number-ids"
        CLI::Option* opt = nullptr;
        CLI::Option* negative = nullptr;    // --no-flag of a boolean
        std::string value;
        std::vector<std::string> values;
        bool flag_on = false, flag_off = false;
    };
    struct command {
        const chime_voice::operation_descriptor* op = nullptr;
        CLI::App* app = nullptr;
        CLI::Option* cli_input_json = nullptr;
        CLI::Option* skeleton = nullptr;
        CLI::Option* no_paginate = nullptr;
        CLI::Option* starting_token = nullptr;
        CLI::Option* page_size = nullptr;
        CLI::Option* max_items = nullptr;
        std::string cli_input_json_value;
        std::string skeleton_value;
        std::string starting_token_value;
        std::string page_size_value;
        std::string max_items_value;
        mutable page_limits limits;
        bool no_paginate_value = false;
        std::deque<member_option> members;
        mutable bool manual_paging = false;
    };

    std::vector<std::unique_ptr<command>> commands_;

    const command* chosen_command() const {
        for (const auto& c : commands_)
            if (c->app->parsed()) return c.get();
        return nullptr;
    }

    static bool given(const member_option& m) {
        return (m.opt && m.opt->count() > 0) || (m.negative && m.negative->count() > 0);
    }

    static bool scalar_kind(chime_voice::detail::rj::shape_kind k) {
        using sk = chime_voice::detail::rj::shape_kind;
        return k != sk::structure && k != sk::list && k != sk::map && k != sk::unit;
    }

    static kind kind_of(const chime_voice::detail::rj::model_info& m, const chime_voice::detail::rj::shape_info& s) {
        using sk = chime_voice::detail::rj::shape_kind;
        switch (s.kind) {
        case sk::byte: case sk::short_: case sk::integer: case sk::long_: case sk::int_enum: return kind::integer;
        case sk::float_: case sk::double_: return kind::floating;
        case sk::boolean: return kind::boolean;
        case sk::list: return scalar_kind(m.shapes[s.element].kind) ? kind::list : kind::json;
        case sk::structure: case sk::map: case sk::unit: return kind::json;
        default: return kind::string;
        }
    }

    static std::string type_text(const chime_voice::detail::rj::model_info& m, const chime_voice::detail::rj::shape_info& s) {
        using sk = chime_voice::detail::rj::shape_kind;
        switch (s.kind) {
        case sk::structure: return "structure";
        case sk::list: return "list of " + type_text(m, m.shapes[s.element]);
        case sk::map: return "map";
        case sk::enumeration: return "string";
        case sk::boolean: return "boolean";
        case sk::byte: case sk::short_: case sk::integer: case sk::int_enum: return "integer";
        case sk::long_: return "long";
        case sk::float_: case sk::double_: return "double";
        case sk::timestamp: return "timestamp";
        default: return "string";
        }
    }

    static void add(CLI::App& app, const chime_voice::operation_descriptor& op, command& c) {
        c.op = &op;
        std::string desc(detail::operation_summary(op.name()));
        if (desc.empty()) desc = std::string(op.name());
        if (!op.deprecated().empty()) desc += " (deprecated: " + std::string(op.deprecated()) + ")";
        c.app = app.add_subcommand(cli_name(op.name()), desc);
        c.cli_input_json = c.app->add_option("--cli-input-json", c.cli_input_json_value,
                                             "The input as one JSON object (model member names), inline or "
                                             "file://PATH; options given as well override its members");
        c.skeleton = c.app->add_option("--generate-cli-skeleton", c.skeleton_value,
                                       "Print a JSON skeleton of the input (default) or output and exit")
                         ->expected(0, 1)
                         ->check(CLI::IsMember({"input", "output"}));
        // --no-paginate is accepted everywhere, as the AWS CLI's global option.
        const auto* paginator = find_aws_cli_paginator(op.name());
        c.no_paginate = c.app->add_flag("--no-paginate", c.no_paginate_value,
                                        paginator ? "Make one request: do not follow the pages"
                                                  : "Accepted for the AWS CLI's sake: this operation makes one request");
        if (paginator) {
            c.starting_token = c.app->add_option("--starting-token", c.starting_token_value,
                                                 "(string) The NextToken of an earlier response to start from");
            c.page_size = c.app->add_option("--page-size", c.page_size_value,
                                            "(integer) The number of items per request (the " +
                                                std::string(paginator->limit_key) + " of each request)");
            c.max_items = c.app->add_option("--max-items", c.max_items_value,
                                            "(integer) The most items to print; then a NextToken to give "
                                            "--starting-token to continue");
        }
        const auto& m = *op.model;
        const auto& in = m.shapes[op.info->input];
        if (in.kind != chime_voice::detail::rj::shape_kind::structure) return;
        for (std::size_t i = 0; i < in.member_count; ++i) {
            const auto& mem = in.members[i];
            const auto& target = m.shapes[mem.target];
            auto& mo = c.members.emplace_back();
            mo.info = &mem;
            mo.k = kind_of(m, target);
            mo.flag = "--" + cli_name(mem.name);
            std::string help = "(" + type_text(m, target) + ")";
            if (mo.k == kind::list) help += " one or more values separated by spaces, a JSON list, or file://PATH";
            else if (mo.k == kind::json) help += " JSON text, inline or file://PATH";
            else if (mo.k == kind::string && target.kind == chime_voice::detail::rj::shape_kind::timestamp)
                help += " as text, e.g. 2026-01-31T12:00:00Z";
            if (mem.required) help += " [required]";
            if (mo.k == kind::boolean) {
                mo.opt = c.app->add_flag(mo.flag, mo.flag_on, help);
                mo.negative = c.app->add_flag("--no-" + cli_name(mem.name), mo.flag_off, "(boolean) sets " + mo.flag + " to false");
                mo.negative->excludes(mo.opt);
            } else if (mo.k == kind::list) {
                // Values as typed: CLI11 would split a "[...]" value at its commas
                // when extra arguments are allowed, so the option takes its many
                // values as one item of variable size instead.
                mo.opt = c.app->add_option(mo.flag, mo.values, help)
                             ->type_size(1, CLI::detail::expected_max_vector_size)
                             ->expected(1)
                             ->allow_extra_args(false);
            } else {
                mo.opt = c.app->add_option(mo.flag, mo.value, help);
            }
            // As the AWS CLI, a paginator's members stay accepted but out of the help.
            if (paginator && (mem.name == paginator->input_token || mem.name == paginator->limit_key)) {
                mo.opt->group("");
                if (mo.negative) mo.negative->group("");
            }
        }
    }

    static std::expected<boost::json::value, std::string> scalar_from_text(kind k, std::string_view flag, std::string_view text) {
        if (k == kind::integer) {
            std::int64_t n = 0;
            const auto t = detail::trim(text);
            const auto r = std::from_chars(t.data(), t.data() + t.size(), n);
            if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size())
                return std::unexpected("argument " + std::string(flag) + ": invalid integer value: '" + escape_for_terminal(text) + "'");
            return boost::json::value(n);
        }
        if (k == kind::floating) {
            double d = 0;
            const auto t = detail::trim(text);
            const auto r = std::from_chars(t.data(), t.data() + t.size(), d);
            if (t.empty() || r.ec != std::errc() || r.ptr != t.data() + t.size())
                return std::unexpected("argument " + std::string(flag) + ": invalid number value: '" + escape_for_terminal(text) + "'");
            return boost::json::value(d);
        }
        if (k == kind::boolean) {
            if (text == "true") return boost::json::value(true);
            if (text == "false") return boost::json::value(false);
            return std::unexpected("argument " + std::string(flag) + ": invalid boolean value: '" + escape_for_terminal(text) + "'");
        }
        return boost::json::value(boost::json::string_view(text.data(), text.size()));
    }

    static std::expected<std::optional<boost::json::value>, std::string> member_value(const chime_voice::operation_descriptor& op,
                                                                                      const member_option& m,
                                                                                      const file_reader& reader) {
        if (!given(m)) return std::optional<boost::json::value>();
        switch (m.k) {
        case kind::boolean:
            return std::optional<boost::json::value>(boost::json::value(m.opt->count() > 0));
        case kind::list: {
            // CLI11 ends each occurrence's values with an empty separator (a
            // variable-size item); as argparse in the AWS CLI, the last one wins.
            std::vector<std::string> last;
            for (const auto& v : m.values) {
                if (v.empty()) {
                    if (&v != &m.values.back()) last.clear();
                } else last.push_back(v);
            }
            auto a = parse_list_argument(m.flag, last, reader);
            if (!a) return std::unexpected(a.error());
            const auto& el = op.model->shapes[op.model->shapes[m.info->target].element];
            const kind ek = kind_of(*op.model, el);
            for (auto& e : *a) {
                if (e.is_string() && ek != kind::string) {
                    auto v = scalar_from_text(ek, m.flag, std::string_view(e.get_string().data(), e.get_string().size()));
                    if (!v) return std::unexpected(v.error());
                    e = std::move(*v);
                }
            }
            return std::optional<boost::json::value>(boost::json::value(std::move(*a)));
        }
        case kind::json: {
            auto text = detail::load_param(m.flag, m.value, reader);
            if (!text) return std::unexpected(text.error());
            auto v = detail::parse_json_text(m.flag, *text);
            if (!v) return std::unexpected(v.error() + "; give JSON text (the AWS CLI's shorthand syntax is not supported)");
            return std::optional<boost::json::value>(std::move(*v));
        }
        default: {
            // a string member may well be "file:x" (the AWS CLI takes it as it is)
            auto text = detail::load_param(m.flag, m.value, reader, m.k != kind::string);
            if (!text) return std::unexpected(text.error());
            auto v = scalar_from_text(m.k, m.flag, *text);
            if (!v) return std::unexpected(v.error());
            return std::optional<boost::json::value>(std::move(*v));
        }
        }
    }
};

} // namespace chime_cli

#endif
