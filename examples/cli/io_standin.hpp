// SPDX-License-Identifier: BSL-1.0
// examples/cli/io_standin.hpp — minimal stand-ins for examples/cli/output.hpp
// and examples/cli/operation_commands.hpp (written on the cli-io branch), with
// the same names and signatures, so that the command builds before that
// branch is merged. chime_voice_cli.cpp includes this file only when those
// two headers are absent (__has_include); once they are merged, theirs win.
#ifndef CHIME_VOICE_EXAMPLES_CLI_IO_STANDIN_HPP
#define CHIME_VOICE_EXAMPLES_CLI_IO_STANDIN_HPP

#include <chime_voice/operations/registry.hpp>

#include <CLI/CLI.hpp>
#include <boost/json.hpp>

#include <algorithm>
#include <cctype>
#include <deque>
#include <memory>
#include <expected>
#include <fstream>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace chime_cli {

enum class output_format { json, text, table, yaml };

inline std::optional<output_format> parse_output_format(std::string_view s) {
    if (s == "json") return output_format::json;
    if (s == "text") return output_format::text;
    if (s == "table") return output_format::table;
    if (s == "yaml") return output_format::yaml;
    return std::nullopt;
}

/// Control characters (C0, DEL, C1) shown as \xNN, so that server text cannot
/// forge an output line or send an escape sequence to the terminal.
inline std::string escape_for_terminal(std::string_view s) {
    std::string out;
    static constexpr char hex[] = "0123456789abcdef";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto c = static_cast<unsigned char>(s[i]);
        if (c < 0x20 || c == 0x7f) {
            out += "\\x";
            out += hex[c >> 4];
            out += hex[c & 15];
        } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) >= 0x80 &&
                   static_cast<unsigned char>(s[i + 1]) <= 0x9f) { // C1 controls (U+0080..U+009F)
            const auto d = static_cast<unsigned char>(s[++i]);
            out += "\\u00";
            out += hex[d >> 4];
            out += hex[d & 15];
        } else {
            out += static_cast<char>(c);
        }
    }
    return out;
}

namespace standin_detail {

inline void json_string(std::string& out, std::string_view s) { // Python json.dumps, ensure_ascii=False
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        switch (c) {
        case '"': out += "\\\""; break;
        case '\\': out += "\\\\"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        case '\t': out += "\\t"; break;
        case '\b': out += "\\b"; break;
        case '\f': out += "\\f"; break;
        default:
            if (c < 0x20) {
                out += "\\u00";
                out += hex[c >> 4];
                out += hex[c & 15];
            } else {
                out += ch;
            }
        }
    }
    out += '"';
}

inline std::string scalar_text(const boost::json::value& v, bool escape) {
    if (v.is_string()) {
        std::string s(v.get_string());
        return escape ? escape_for_terminal(s) : s;
    }
    if (v.is_bool()) return v.get_bool() ? "True" : "False";
    if (v.is_null()) return "None";
    return boost::json::serialize(v);
}

inline void json_indent(std::string& out, const boost::json::value& v, int depth) {
    const std::string pad(static_cast<std::size_t>(depth + 1) * 4, ' '), end(static_cast<std::size_t>(depth) * 4, ' ');
    if (v.is_object()) {
        const auto& o = v.get_object();
        if (o.empty()) { out += "{}"; return; }
        out += "{\n";
        bool first = true;
        for (const auto& kv : o) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            json_string(out, kv.key());
            out += ": ";
            json_indent(out, kv.value(), depth + 1);
        }
        out += "\n" + end + "}";
    } else if (v.is_array()) {
        const auto& a = v.get_array();
        if (a.empty()) { out += "[]"; return; }
        out += "[\n";
        bool first = true;
        for (const auto& e : a) {
            if (!first) out += ",\n";
            first = false;
            out += pad;
            json_indent(out, e, depth + 1);
        }
        out += "\n" + end + "]";
    } else if (v.is_string()) {
        json_string(out, v.get_string());
    } else if (v.is_bool()) {
        out += v.get_bool() ? "true" : "false";
    } else if (v.is_null()) {
        out += "null";
    } else {
        out += boost::json::serialize(v);
    }
}

inline bool is_container(const boost::json::value& v) { return v.is_object() || v.is_array(); }

inline std::string upper(std::string_view s) {
    std::string r(s);
    for (auto& c : r) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    return r;
}

inline void text_any(std::string& out, const boost::json::value& v, const std::optional<std::string>& id,
                     const std::vector<std::string>* scalar_keys);

inline void text_scalar_list(std::string& out, const std::vector<const boost::json::value*>& el,
                             const std::optional<std::string>& id) {
    if (id) {
        for (auto* e : el) out += upper(*id) + "\t" + scalar_text(*e, true) + "\n";
    } else {
        bool first = true;
        for (auto* e : el) {
            if (!first) out += '\t';
            first = false;
            out += scalar_text(*e, true);
        }
        out += '\n';
    }
}

inline void text_list(std::string& out, const boost::json::array& a, const std::optional<std::string>& id) {
    if (a.empty()) return;
    if (std::any_of(a.begin(), a.end(), [](const auto& e) { return e.is_object(); })) {
        std::set<std::string> keys;
        for (const auto& e : a)
            if (e.is_object())
                for (const auto& kv : e.get_object())
                    if (!is_container(kv.value())) keys.insert(std::string(kv.key()));
        const std::vector<std::string> all(keys.begin(), keys.end());
        for (const auto& e : a) text_any(out, e, id, &all);
    } else if (std::any_of(a.begin(), a.end(), [](const auto& e) { return e.is_array(); })) {
        std::vector<const boost::json::value*> scalars;
        for (const auto& e : a)
            if (!is_container(e)) scalars.push_back(&e);
        if (!scalars.empty()) text_scalar_list(out, scalars, id);
        for (const auto& e : a)
            if (is_container(e)) text_any(out, e, id, nullptr);
    } else {
        std::vector<const boost::json::value*> all;
        for (const auto& e : a) all.push_back(&e);
        text_scalar_list(out, all, id);
    }
}

inline void text_any(std::string& out, const boost::json::value& v, const std::optional<std::string>& id,
                     const std::vector<std::string>* scalar_keys) {
    if (v.is_object()) {
        const auto& o = v.get_object();
        std::vector<std::string> scalars;
        std::vector<std::pair<std::string, const boost::json::value*>> rest;
        std::map<std::string, const boost::json::value*> sorted;
        for (const auto& kv : o) sorted[std::string(kv.key())] = &kv.value();
        if (!scalar_keys) {
            for (const auto& [k, val] : sorted) {
                if (is_container(*val)) rest.emplace_back(k, val);
                else scalars.push_back(scalar_text(*val, true));
            }
        } else {
            for (const auto& k : *scalar_keys) {
                auto it = sorted.find(k);
                scalars.push_back(it == sorted.end() ? std::string() : scalar_text(*it->second, true));
            }
            for (const auto& [k, val] : sorted)
                if (std::find(scalar_keys->begin(), scalar_keys->end(), k) == scalar_keys->end()) rest.emplace_back(k, val);
        }
        if (!scalars.empty()) {
            if (id) scalars.insert(scalars.begin(), upper(*id));
            for (std::size_t i = 0; i < scalars.size(); ++i) out += (i ? "\t" : "") + scalars[i];
            out += '\n';
        }
        for (const auto& [k, val] : rest) text_any(out, *val, k, nullptr);
    } else if (v.is_array()) {
        text_list(out, v.get_array(), id);
    } else {
        out += scalar_text(v, true) + "\n";
    }
}

inline void yaml_any(std::string& out, const boost::json::value& v, int depth) {
    const std::string pad(static_cast<std::size_t>(depth) * 2, ' ');
    auto scalar = [](const boost::json::value& s) {
        if (s.is_string()) {
            std::string r;
            json_string(r, s.get_string());
            return escape_for_terminal(r);
        }
        if (s.is_bool()) return std::string(s.get_bool() ? "true" : "false");
        if (s.is_null()) return std::string("null");
        return boost::json::serialize(s);
    };
    if (v.is_object()) {
        for (const auto& kv : v.get_object()) {
            out += pad + std::string(kv.key()) + ":";
            if (is_container(kv.value()) && !(kv.value().is_array() ? kv.value().get_array().empty() : kv.value().get_object().empty())) {
                out += "\n";
                yaml_any(out, kv.value(), depth + 1);
            } else if (kv.value().is_array()) {
                out += " []\n";
            } else if (kv.value().is_object()) {
                out += " {}\n";
            } else {
                out += " " + scalar(kv.value()) + "\n";
            }
        }
    } else if (v.is_array()) {
        for (const auto& e : v.get_array()) {
            if (is_container(e)) {
                std::string inner;
                yaml_any(inner, e, depth + 1);
                inner.replace(0, static_cast<std::size_t>(depth + 1) * 2, pad + "- ");
                out += inner;
            } else {
                out += pad + "- " + scalar(e) + "\n";
            }
        }
    } else {
        out += pad + scalar(v) + "\n";
    }
}

} // namespace standin_detail

/// Stand-in: json as json.dumps(indent=4, ensure_ascii=False) plus a newline,
/// text as the AWS CLI's text formatter, yaml and table simplified. Nothing for
/// an empty object.
inline std::string render(const boost::json::value& output, output_format fmt, std::string_view operation_name) {
    if (output.is_object() && output.get_object().empty()) return {};
    std::string out;
    switch (fmt) {
    case output_format::json:
        standin_detail::json_indent(out, output, 0);
        out += '\n';
        break;
    case output_format::text: standin_detail::text_any(out, output, std::nullopt, nullptr); break;
    case output_format::yaml: standin_detail::yaml_any(out, output, 0); break;
    case output_format::table: {
        std::string body;
        standin_detail::text_any(body, output, std::nullopt, nullptr);
        out = "-- " + std::string(operation_name) + " --\n";
        std::istringstream in(body);
        for (std::string line; std::getline(in, line);) {
            std::replace(line.begin(), line.end(), '\t', '|');
            out += "|" + line + "|\n";
        }
        break;
    }
    }
    return out;
}

using file_reader = std::function<std::expected<std::string, std::string>(std::string_view path)>;

inline std::expected<std::string, std::string> read_file_argument(std::string_view path) {
    std::ifstream in{std::string(path), std::ios::binary};
    if (!in) return std::unexpected("cannot read " + std::string(path));
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) return std::unexpected("cannot read " + std::string(path));
    return ss.str();
}

inline std::expected<boost::json::array, std::string> parse_list_argument(std::string_view option_name,
                                                                         const std::vector<std::string>& values,
                                                                         const file_reader& reader = read_file_argument) {
    const std::string opt(option_name);
    auto as_list = [&](std::string_view text, std::string_view where) -> std::expected<boost::json::array, std::string> {
        boost::system::error_code ec;
        auto v = boost::json::parse(text, ec);
        if (ec || !v.is_array())
            return std::unexpected(opt + ": " + std::string(where) + " is not a JSON list of strings (e.g. [\"+12065550100\"])");
        for (const auto& e : v.get_array())
            if (!e.is_string()) return std::unexpected(opt + ": every element of the JSON list must be a string");
        return v.get_array();
    };
    if (values.size() == 1 && values[0].starts_with("file://")) {
        auto text = reader(std::string_view(values[0]).substr(7));
        if (!text) return std::unexpected(opt + ": " + text.error());
        return as_list(*text, values[0]);
    }
    if (values.size() == 1 && values[0].starts_with("[")) return as_list(values[0], "the value");
    boost::json::array out;
    for (const auto& v : values) {
        if (v.find(',') != std::string::npos)
            return std::unexpected(opt + ": '" + escape_for_terminal(v) +
                                   "' holds a comma; give the values separated by spaces (" + opt + " A B), or as a JSON list");
        if (v.starts_with("[") || v.find('[') != std::string::npos)
            return std::unexpected(opt + ": '" + escape_for_terminal(v) +
                                   "' looks like a JSON list; give the whole list as one argument ('[\"A\",\"B\"]')");
        if (v.starts_with("file:"))
            return std::unexpected(opt + ": '" + escape_for_terminal(v) +
                                   "' looks like a file; write file://PATH as the only value");
        out.emplace_back(v);
    }
    return out;
}

inline std::expected<boost::json::object, std::string> parse_cli_input_json(std::string_view value,
                                                                            const file_reader& reader = read_file_argument) {
    std::string text(value);
    if (value.starts_with("file://")) {
        auto t = reader(value.substr(7));
        if (!t) return std::unexpected("--cli-input-json: " + t.error());
        text = std::move(*t);
    }
    boost::system::error_code ec;
    auto v = boost::json::parse(text, ec);
    if (ec) return std::unexpected("--cli-input-json: not JSON (" + ec.message() + ")");
    if (!v.is_object()) return std::unexpected("--cli-input-json: must be a JSON object");
    return v.get_object();
}

namespace standin_detail {
inline boost::json::value skeleton_of(const chime_voice::detail::rj::model_info& m, std::uint16_t shape, int depth) {
    using chime_voice::detail::rj::shape_kind;
    const auto& s = m.shapes[shape];
    switch (s.kind) {
    case shape_kind::structure: {
        boost::json::object o;
        if (depth > 6) return o;
        for (std::uint16_t i = 0; i < s.member_count; ++i) {
            if (s.members[i].where == chime_voice::detail::rj::binding::response_code) continue;
            o[s.members[i].name] = skeleton_of(m, s.members[i].target, depth + 1);
        }
        return o;
    }
    case shape_kind::list: return boost::json::array{skeleton_of(m, s.element, depth + 1)};
    case shape_kind::map: return boost::json::object{{"KeyName", skeleton_of(m, s.element, depth + 1)}};
    case shape_kind::boolean: return true;
    case shape_kind::byte: case shape_kind::short_: case shape_kind::integer: case shape_kind::long_:
    case shape_kind::int_enum: return 0;
    case shape_kind::float_: case shape_kind::double_: return 0.0;
    case shape_kind::unit: return boost::json::object{};
    default: return "";
    }
}
} // namespace standin_detail

inline std::string generate_cli_skeleton(const chime_voice::operation_descriptor& d, bool output) {
    std::string out;
    standin_detail::json_indent(out, standin_detail::skeleton_of(*d.model, output ? d.info->output : d.info->input, 0), 0);
    return out + "\n";
}

/// botocore's xform_name with '-': "ListPhoneNumbers" -> "list-phone-numbers".
inline std::string cli_name(std::string_view model_name) {
    std::string a;
    // (.)([A-Z][a-z]+) -> \1-\2
    for (std::size_t i = 0; i < model_name.size(); ++i) {
        const char c = model_name[i];
        if (i > 0 && std::isupper(static_cast<unsigned char>(c)) && i + 1 < model_name.size() &&
            std::islower(static_cast<unsigned char>(model_name[i + 1])) && a.back() != '-')
            a += '-';
        a += c;
    }
    std::string b;
    // ([a-z0-9])([A-Z]) -> \1-\2
    for (std::size_t i = 0; i < a.size(); ++i) {
        if (i > 0 && std::isupper(static_cast<unsigned char>(a[i])) &&
            (std::islower(static_cast<unsigned char>(a[i - 1])) || std::isdigit(static_cast<unsigned char>(a[i - 1]))))
            b += '-';
        b += static_cast<char>(std::tolower(static_cast<unsigned char>(a[i])));
    }
    return b;
}

/// Stand-in: one subcommand per operation (BatchDeletePhoneNumber excepted),
/// with --cli-input-json, --generate-cli-skeleton, a string option per top-level
/// string, enum or number member, and --no-paginate for the paginated ones.
class operation_commands {
public:
    explicit operation_commands(CLI::App& app) {
        using chime_voice::detail::rj::shape_kind;
        for (const auto& d : chime_voice::operations) {
            if (d.name() == "BatchDeletePhoneNumber") continue;
            auto e = std::make_unique<entry>();
            e->d = &d;
            e->app = app.add_subcommand(cli_name(d.name()), "the " + std::string(d.name()) + " operation");
            e->app->add_option("--cli-input-json", e->input_json, "the input as JSON (inline or file://PATH)");
            e->app->add_option("--generate-cli-skeleton", e->skeleton_kind, "print an input (or output) skeleton")
                ->expected(0, 1)
                ->default_str("input")
                ->check(CLI::IsMember({"input", "output"}));
            if (d.paginated()) e->app->add_flag("--no-paginate", e->no_paginate, "only the first page");
            const auto& in = d.model->shapes[d.info->input];
            if (in.kind == shape_kind::structure) {
                for (std::uint16_t i = 0; i < in.member_count; ++i) {
                    const auto& mi = in.members[i];
                    const auto k = d.model->shapes[mi.target].kind;
                    if (k == shape_kind::structure || k == shape_kind::map) continue;
                    auto& slot = e->members.emplace_back();
                    slot.name = std::string(mi.name);
                    slot.kind = k;
                    if (k == shape_kind::list)
                        e->app->add_option("--" + cli_name(mi.name), slot.list, "(a list)")->expected(1, -1);
                    else if (k == shape_kind::boolean)
                    {
                        e->app->add_flag("--" + cli_name(mi.name), slot.yes);
                        e->app->add_flag("--no-" + cli_name(mi.name), slot.no);
                    }
                    else
                        e->app->add_option("--" + cli_name(mi.name), slot.text);
                }
            }
            entries_.push_back(std::move(e));
        }
    }
    const chime_voice::operation_descriptor* chosen() const {
        auto* e = current();
        return e ? e->d : nullptr;
    }
    std::expected<boost::json::object, std::string> input(const file_reader& reader = read_file_argument) const {
        using chime_voice::detail::rj::shape_kind;
        auto* e = current();
        boost::json::object o;
        if (!e) return o;
        if (e->input_json) {
            auto j = parse_cli_input_json(*e->input_json, reader);
            if (!j) return std::unexpected(j.error());
            o = std::move(*j);
        }
        for (const auto& m : e->members) {
            if (m.kind == shape_kind::list && !m.list.empty()) {
                auto l = parse_list_argument("--" + cli_name(m.name), m.list, reader);
                if (!l) return std::unexpected(l.error());
                o[m.name] = std::move(*l);
            } else if (m.kind == shape_kind::boolean && (m.yes || m.no)) {
                o[m.name] = m.yes;
            } else if (m.text) {
                if (m.kind == shape_kind::integer || m.kind == shape_kind::long_ || m.kind == shape_kind::short_ ||
                    m.kind == shape_kind::byte || m.kind == shape_kind::int_enum) {
                    try {
                        o[m.name] = std::stoll(*m.text);
                    } catch (...) {
                        return std::unexpected("--" + cli_name(m.name) + ": not a whole number: " + escape_for_terminal(*m.text));
                    }
                } else {
                    o[m.name] = *m.text;
                }
            }
        }
        return o;
    }
    bool paginate() const {
        auto* e = current();
        return e && !e->no_paginate;
    }
    std::optional<bool> skeleton() const {
        auto* e = current();
        if (!e || e->app->count("--generate-cli-skeleton") == 0) return std::nullopt;
        return e->skeleton_kind == "output";
    }

private:
    struct member_slot {
        std::string name;
        chime_voice::detail::rj::shape_kind kind{};
        std::optional<std::string> text;
        std::vector<std::string> list;
        bool yes = false;
        bool no = false;
    };
    struct entry {
        const chime_voice::operation_descriptor* d = nullptr;
        CLI::App* app = nullptr;
        std::optional<std::string> input_json;
        std::string skeleton_kind = "input";
        bool no_paginate = false;
        std::deque<member_slot> members; // stable addresses: CLI11 holds pointers
    };
    const entry* current() const {
        for (const auto& e : entries_)
            if (e->app->parsed()) return e.get();
        return nullptr;
    }
    std::vector<std::unique_ptr<entry>> entries_;
};

} // namespace chime_cli

#endif
