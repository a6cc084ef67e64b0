// SPDX-License-Identifier: BSL-1.0
// examples/cli/output.hpp — an operation's output printed as the AWS CLI v2 prints it
//
// render(output, format, operation_name) gives the bytes AWS CLI v2 (2.9.19,
// awscli/formatter.py, text.py, table.py; ruamel.yaml 0.17 for yaml) writes
// for the same response with `--output json|text|table|yaml` and
// `--color off`, stdout not a terminal (so the table is 80 columns wide).
// The oracle test tests/cli/output_awscli_oracle.py compares them byte for
// byte. Also: apply_cli_timestamp_format (timestamps as the AWS CLI's
// iso8601 format), find_aws_cli_paginator / merge_pages / render_pages (the
// calls the AWS CLI pages, printed as its PageIterator prints them), and
// render_table for another terminal width. Header-only, no I/O, nothing here
// throws except std::bad_alloc.
//
// Terminal safety (text, table, yaml; json escapes as JSON does): every
// string that came from the server (values and map keys) goes through
// escape_for_terminal first, whose rule is:
//   * U+0009 TAB -> `\t`, U+000A LF -> `\n`, U+000D CR -> `\r`;
//   * every other C0 control U+0000..U+001F (ESC is U+001B -> `\x1b`),
//     U+007F DEL and the C1 controls U+0080..U+009F -> `\xHH` (lower-case hex);
//   * U+2028 LINE SEPARATOR, U+2029 PARAGRAPH SEPARATOR -> `\u2028`, `\u2029`;
//   * a byte that is not part of well-formed UTF-8 -> U+FFFD;
//   * everything else, backslash included, unchanged.
// So no server string can end a line, start an escape sequence (CSI, OSC:
// retitling, hyperlinks), or, in text output, add a column (TAB). The AWS CLI
// prints these characters raw (text, table) or as YAML escapes; this is the
// one deliberate difference, and strings without them print identically.
// Backslash stays as it is, so `\x1b` on screen is either an escaped ESC or
// the four characters the server sent: readable, never executable.
#ifndef CHIME_CLI_OUTPUT_HPP
#define CHIME_CLI_OUTPUT_HPP

#include "unicode_tables.hpp"
#include "model_extras.hpp"

#include <chime_voice/operations/registry.hpp>
#include <chime_voice/timestamp.hpp>
#include <chime_voice/detail/utf8.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/string.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <regex>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chime_cli {

/// The AWS CLI's `--output` values this command supports (yaml-stream is not one).
enum class output_format { json, text, table, yaml };

/// "json", "text", "table" or "yaml" (exact, as the AWS CLI accepts them), else std::nullopt.
inline std::optional<output_format> parse_output_format(std::string_view s) {
    if (s == "json") return output_format::json;
    if (s == "text") return output_format::text;
    if (s == "table") return output_format::table;
    if (s == "yaml") return output_format::yaml;
    return std::nullopt;
}

namespace detail {

/// Decodes UTF-8 leniently: each ill-formed sequence becomes U+FFFD (one per
/// maximal bad subpart, as the Unicode standard recommends).
inline std::u32string decode_utf8(std::string_view s) {
    std::u32string out;
    out.reserve(s.size());
    std::size_t i = 0;
    const std::size_t n = s.size();
    while (i < n) {
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) { out.push_back(b0); ++i; continue; }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF;
        char32_t cp = 0;
        if (b0 >= 0xC2 && b0 <= 0xDF) { len = 2; cp = b0 & 0x1F; }
        else if (b0 == 0xE0) { len = 3; lo = 0xA0; cp = b0 & 0x0F; }
        else if (b0 >= 0xE1 && b0 <= 0xEC) { len = 3; cp = b0 & 0x0F; }
        else if (b0 == 0xED) { len = 3; hi = 0x9F; cp = b0 & 0x0F; }
        else if (b0 >= 0xEE && b0 <= 0xEF) { len = 3; cp = b0 & 0x0F; }
        else if (b0 == 0xF0) { len = 4; lo = 0x90; cp = b0 & 0x07; }
        else if (b0 >= 0xF1 && b0 <= 0xF3) { len = 4; cp = b0 & 0x07; }
        else if (b0 == 0xF4) { len = 4; hi = 0x8F; cp = b0 & 0x07; }
        else { out.push_back(0xFFFD); ++i; continue; }
        std::size_t j = 1;
        for (; j < len; ++j) {
            if (i + j >= n) break;
            const auto b = static_cast<unsigned char>(s[i + j]);
            const unsigned char l = j == 1 ? lo : 0x80, h = j == 1 ? hi : 0xBF;
            if (b < l || b > h) break;
            cp = (cp << 6) | (b & 0x3F);
        }
        if (j < len) { out.push_back(0xFFFD); i += j; continue; }
        out.push_back(cp);
        i += len;
    }
    return out;
}

inline void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) out.push_back(static_cast<char>(cp));
    else if (cp < 0x800) {
        out.push_back(static_cast<char>(0xC0 | (cp >> 6)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else if (cp < 0x10000) {
        out.push_back(static_cast<char>(0xE0 | (cp >> 12)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    } else {
        out.push_back(static_cast<char>(0xF0 | (cp >> 18)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
        out.push_back(static_cast<char>(0x80 | (cp & 0x3F)));
    }
}

inline std::string encode_utf8(std::u32string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char32_t c : s) append_utf8(out, c);
    return out;
}

inline void append_hex(std::string& out, unsigned v, int digits, bool upper) {
    const char* d = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    for (int k = digits - 1; k >= 0; --k) out.push_back(d[(v >> (4 * k)) & 0xF]);
}

/// Python's repr(float) (the shortest digits that read back, exponent form
/// when the exponent is below -4 or at least 16), which json.dumps and str() use.
inline std::string python_float_repr(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d < 0 ? "-Infinity" : "Infinity";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, d, std::chars_format::scientific);
    const std::string_view sci(buf, static_cast<std::size_t>(r.ptr - buf));
    const auto epos = sci.find('e');
    std::string_view mant = sci.substr(0, epos);
    const int exp = std::stoi(std::string(sci.substr(epos + 1)));
    std::string out;
    if (!mant.empty() && mant.front() == '-') { out.push_back('-'); mant.remove_prefix(1); }
    std::string digits;
    for (const char c : mant)
        if (c != '.') digits.push_back(c);
    while (digits.size() > 1 && digits.back() == '0') digits.pop_back();
    if (exp < -4 || exp >= 16) {
        out.push_back(digits[0]);
        if (digits.size() > 1) { out.push_back('.'); out.append(digits, 1); }
        out.push_back('e');
        out.push_back(exp < 0 ? '-' : '+');
        const int a = exp < 0 ? -exp : exp;
        if (a < 10) out.push_back('0');
        out.append(std::to_string(a));
    } else if (exp < 0) {
        out.append("0.");
        out.append(static_cast<std::size_t>(-exp - 1), '0');
        out.append(digits);
    } else {
        const auto intlen = static_cast<std::size_t>(exp) + 1;
        if (digits.size() <= intlen) {
            out.append(digits);
            out.append(intlen - digits.size(), '0');
            out.append(".0");
        } else {
            out.append(digits, 0, intlen);
            out.push_back('.');
            out.append(digits, intlen);
        }
    }
    return out;
}

/// Python's str() of a JSON scalar as the AWS CLI's text and table formats print it.
inline std::string python_str(const boost::json::value& v, bool escape);

} // namespace detail

/// Makes a server-controlled string safe to print on a terminal, by the rule
/// at the top of this file. May throw std::bad_alloc.
inline std::string escape_for_terminal(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char32_t c : detail::decode_utf8(s)) {
        if (c == U'\t') out.append("\\t");
        else if (c == U'\n') out.append("\\n");
        else if (c == U'\r') out.append("\\r");
        else if (c < 0x20 || (c >= 0x7F && c <= 0x9F)) {
            out.append("\\x");
            detail::append_hex(out, static_cast<unsigned>(c), 2, false);
        } else if (c == 0x2028 || c == 0x2029) {
            out.append("\\u");
            detail::append_hex(out, static_cast<unsigned>(c), 4, false);
        } else detail::append_utf8(out, c);
    }
    return out;
}

namespace detail {

inline std::string python_str(const boost::json::value& v, bool escape) {
    switch (v.kind()) {
    case boost::json::kind::null: return "None";
    case boost::json::kind::bool_: return v.get_bool() ? "True" : "False";
    case boost::json::kind::int64: return std::to_string(v.get_int64());
    case boost::json::kind::uint64: return std::to_string(v.get_uint64());
    case boost::json::kind::double_: return python_float_repr(v.get_double());
    case boost::json::kind::string: {
        const std::string_view s(v.get_string().data(), v.get_string().size());
        return escape ? escape_for_terminal(s) : std::string(s);
    }
    default: return {}; // containers are never printed as scalars here
    }
}

inline bool is_scalar(const boost::json::value& v) { return !v.is_object() && !v.is_array(); }

inline std::string_view key_view(const boost::json::key_value_pair& kv) {
    return {kv.key().data(), kv.key().size()};
}

/// The keys of `o` sorted as Python sorts str (code points = UTF-8 byte order).
inline std::vector<const boost::json::key_value_pair*> sorted_members(const boost::json::object& o) {
    std::vector<const boost::json::key_value_pair*> m;
    m.reserve(o.size());
    for (const auto& kv : o) m.push_back(&kv);
    std::sort(m.begin(), m.end(), [](auto* a, auto* b) { return key_view(*a) < key_view(*b); });
    return m;
}

// ------------------------------------------------------------------ json

/// json.dumps(s, ensure_ascii=False): `"` `\` and the C0 controls escaped.
inline void json_string(std::string& out, std::string_view s) {
    out.push_back('"');
    for (const char32_t c : decode_utf8(s)) {
        switch (c) {
        case U'"': out.append("\\\""); break;
        case U'\\': out.append("\\\\"); break;
        case U'\n': out.append("\\n"); break;
        case U'\r': out.append("\\r"); break;
        case U'\t': out.append("\\t"); break;
        case U'\b': out.append("\\b"); break;
        case U'\f': out.append("\\f"); break;
        default:
            if (c < 0x20) {
                out.append("\\u");
                append_hex(out, static_cast<unsigned>(c), 4, false);
            } else append_utf8(out, c);
        }
    }
    out.push_back('"');
}

inline void json_value(std::string& out, const boost::json::value& v, std::size_t indent) {
    switch (v.kind()) {
    case boost::json::kind::object: {
        const auto& o = v.get_object();
        if (o.empty()) { out.append("{}"); return; }
        out.append("{");
        bool first = true;
        for (const auto& kv : o) {
            out.append(first ? "\n" : ",\n");
            first = false;
            out.append(indent + 4, ' ');
            json_string(out, key_view(kv));
            out.append(": ");
            json_value(out, kv.value(), indent + 4);
        }
        out.push_back('\n');
        out.append(indent, ' ');
        out.push_back('}');
        return;
    }
    case boost::json::kind::array: {
        const auto& a = v.get_array();
        if (a.empty()) { out.append("[]"); return; }
        out.append("[");
        bool first = true;
        for (const auto& e : a) {
            out.append(first ? "\n" : ",\n");
            first = false;
            out.append(indent + 4, ' ');
            json_value(out, e, indent + 4);
        }
        out.push_back('\n');
        out.append(indent, ' ');
        out.push_back(']');
        return;
    }
    case boost::json::kind::string:
        json_string(out, {v.get_string().data(), v.get_string().size()});
        return;
    case boost::json::kind::null: out.append("null"); return;
    case boost::json::kind::bool_: out.append(v.get_bool() ? "true" : "false"); return;
    default: out.append(python_str(v, false)); return;
    }
}

// ------------------------------------------------------------------ text
// awscli/text.py: a structure is one line of its scalar members (sorted by
// name, tab-separated, prefixed by the upper-cased name it is under), then
// each non-scalar member under its own name; a list of structures shares the
// scalar columns of all its elements; a list of scalars under a name is one
// "NAME\tvalue" line per element, a bare one a single tab-separated line.

/// Python's str.upper() (full case mapping: "ß" -> "SS"), from unicode_tables.hpp.
inline std::string python_upper(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (const char32_t c : decode_utf8(s)) {
        if (c < 0x80) {
            out.push_back(c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : static_cast<char>(c));
            continue;
        }
        const auto it = std::lower_bound(upper_map.begin(), upper_map.end(), static_cast<std::uint32_t>(c),
                                         [](const upper_entry& e, std::uint32_t x) { return e.cp < x; });
        if (it != upper_map.end() && it->cp == static_cast<std::uint32_t>(c)) out.append(it->upper);
        else append_utf8(out, c);
    }
    return out;
}
inline void text_item(std::string& out, const boost::json::value& v, const std::string* identifier,
                      const std::vector<std::string>* scalar_keys);

inline void text_scalar_list(std::string& out, const std::vector<const boost::json::value*>& items,
                             const std::string* identifier) {
    if (identifier) {
        for (const auto* e : items) {
            out.append(python_upper(*identifier)).push_back('\t');
            out.append(python_str(*e, true)).push_back('\n');
        }
    } else {
        bool first = true;
        for (const auto* e : items) {
            if (!first) out.push_back('\t');
            first = false;
            out.append(python_str(*e, true));
        }
        out.push_back('\n');
    }
}

inline void text_dict(std::string& out, const boost::json::object& o, const std::string* identifier,
                      const std::vector<std::string>* scalar_keys) {
    std::vector<std::string> scalars;
    std::vector<std::pair<std::string, const boost::json::value*>> rest;
    if (!scalar_keys) {
        for (const auto* kv : sorted_members(o)) {
            if (is_scalar(kv->value())) scalars.push_back(python_str(kv->value(), true));
            else rest.emplace_back(escape_for_terminal(key_view(*kv)), &kv->value());
        }
    } else {
        for (const auto& k : *scalar_keys) {
            const auto* p = o.if_contains(k);
            scalars.push_back(p ? python_str(*p, true) : std::string());
        }
        for (const auto* kv : sorted_members(o)) {
            const std::string k(key_view(*kv));
            if (std::find(scalar_keys->begin(), scalar_keys->end(), k) == scalar_keys->end())
                rest.emplace_back(escape_for_terminal(k), &kv->value());
        }
    }
    if (!scalars.empty()) {
        if (identifier) scalars.insert(scalars.begin(), python_upper(*identifier));
        bool first = true;
        for (const auto& s : scalars) {
            if (!first) out.push_back('\t');
            first = false;
            out.append(s);
        }
        out.push_back('\n');
    }
    for (const auto& [k, v] : rest) text_item(out, *v, &k, nullptr);
}

inline void text_list(std::string& out, const boost::json::array& a, const std::string* identifier) {
    if (a.empty()) return;
    const bool any_dict = std::any_of(a.begin(), a.end(), [](const auto& e) { return e.is_object(); });
    const bool any_list = std::any_of(a.begin(), a.end(), [](const auto& e) { return e.is_array(); });
    if (any_dict) {
        std::vector<std::string> keys; // scalar keys of every element, sorted, unescaped
        for (const auto& e : a) {
            if (!e.is_object()) continue;
            for (const auto& kv : e.get_object())
                if (is_scalar(kv.value())) keys.emplace_back(key_view(kv));
        }
        std::sort(keys.begin(), keys.end());
        keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
        for (const auto& e : a) text_item(out, e, identifier, &keys);
    } else if (any_list) {
        std::vector<const boost::json::value*> scalars;
        for (const auto& e : a)
            if (is_scalar(e)) scalars.push_back(&e);
        if (!scalars.empty()) text_scalar_list(out, scalars, identifier);
        for (const auto& e : a)
            if (!is_scalar(e)) text_item(out, e, identifier, nullptr);
    } else {
        std::vector<const boost::json::value*> items;
        for (const auto& e : a) items.push_back(&e);
        text_scalar_list(out, items, identifier);
    }
}

inline void text_item(std::string& out, const boost::json::value& v, const std::string* identifier,
                      const std::vector<std::string>* scalar_keys) {
    if (v.is_object()) text_dict(out, v.get_object(), identifier, scalar_keys);
    else if (v.is_array()) text_list(out, v.get_array(), identifier);
    else out.append(python_str(v, true)).push_back('\n');
}

// ------------------------------------------------------------------ table
// awscli/table.py with Styler() (no colour) and an 80-column terminal.

/// Display width as table.py's get_text_length counts it: 2 for East Asian
/// Width W, F or A, else 1 (combining marks included).
inline long text_width(std::string_view s) {
    long w = 0;
    for (const char32_t c : decode_utf8(s)) {
        const auto it = std::upper_bound(wide_ranges.begin(), wide_ranges.end(), static_cast<std::uint32_t>(c),
                                         [](std::uint32_t x, const wide_range& r) { return x < r.first; });
        w += (it != wide_ranges.begin() && static_cast<std::uint32_t>(c) <= std::prev(it)->last) ? 2 : 1;
    }
    return w;
}

inline std::string spaces(long n) { return n > 0 ? std::string(static_cast<std::size_t>(n), ' ') : std::string(); }

inline long floordiv(long a, long b) {
    long q = a / b;
    if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
    return q;
}

inline std::string center_text(const std::string& text, long length, std::string_view left, std::string_view right) {
    const long tl = text_width(text);
    const long start = floordiv(length, 2) - floordiv(tl, 2) - 1;
    std::string out(left);
    out.append(spaces(start)).append(text);
    const long so_far = text_width(left) + start + tl;
    out.append(spaces(length - text_width(right) - so_far)).append(right);
    return out;
}

inline std::string align_left(const std::string& text, long length, std::string_view left, std::string_view right) {
    const long tl = text_width(text);
    const long computed = tl + 2 + text_width(left) + text_width(right);
    const long padding = length - computed >= 0 ? 2 : 0;
    std::string out(left);
    out.append(spaces(padding)).append(text);
    const long so_far = static_cast<long>(left.size()) + padding + tl;
    out.append(spaces(length - so_far - static_cast<long>(right.size()))).append(right);
    return out;
}

struct table_section {
    std::string title;
    std::vector<std::string> headers;
    std::vector<std::vector<std::string>> rows;
    long indent = 0;
    std::optional<std::size_t> num_cols;
    std::vector<long> max_widths;

    void update_widths(const std::vector<std::string>& row) {
        if (max_widths.empty()) {
            for (const auto& e : row) max_widths.push_back(text_width(e));
        } else {
            for (std::size_t i = 0; i < row.size() && i < max_widths.size(); ++i)
                max_widths[i] = std::max(max_widths[i], text_width(row[i]));
        }
    }
    void add_header(std::vector<std::string> h) {
        update_widths(h);
        if (!num_cols) num_cols = h.size();
        headers = std::move(h);
    }
    void add_row(std::vector<std::string> r) {
        if (!num_cols) num_cols = r.size();
        if (r.size() != *num_cols) return; // table.py raises ValueError here; never for modelled output
        update_widths(r);
        rows.push_back(std::move(r));
    }
    std::vector<long> column_widths(long padding, std::optional<long> max_width) const {
        std::vector<long> w;
        for (const long m : max_widths) w.push_back(m + padding);
        if (!max_width || w.empty()) return w;
        long sum = 0;
        for (const long x : w) sum += x;
        const double scale = static_cast<double>(*max_width) / static_cast<double>(sum);
        std::vector<long> scaled;
        for (const long x : w) scaled.push_back(static_cast<long>(std::nearbyint(scale * static_cast<double>(x))));
        long off = -*max_width;
        for (const long x : scaled) off += x;
        while (off != 0) {
            const std::size_t n = scaled.size();
            for (std::size_t k = 0; k < n; ++k) {
                const std::size_t i = off < 0 ? n - 1 - k : k;
                if (off > 0) { --scaled[i]; --off; }
                else { ++scaled[i]; ++off; }
                if (off == 0) break;
            }
        }
        return scaled;
    }
    long total_width(long padding, bool border, long outer) const {
        long total = 0;
        for (const long w : column_widths(0, std::nullopt)) total += w + padding;
        if (border) total += 2;
        total += 2 * outer;
        return std::max(text_width(title) + 2 + 2 * outer, total);
    }
};

class table_builder {
public:
    std::vector<table_section> sections;

    bool build(const std::optional<std::string>& title, const boost::json::value& v, long indent) {
        if (is_falsy(v)) return false;
        if (title) new_section(*title, indent);
        if (v.is_array()) {
            const auto& a = v.get_array();
            if (a.front().is_object()) from_list(a, indent, title);
            else {
                for (const auto& item : a) {
                    if (is_scalar(item)) add_row({python_str(item, true)});
                    else if (item.is_array() && std::all_of(item.get_array().begin(), item.get_array().end(),
                                                            [](const auto& e) { return is_scalar(e); })) {
                        std::vector<std::string> row;
                        for (const auto& e : item.get_array()) row.push_back(python_str(e, true));
                        add_row(std::move(row));
                    } else if (item.is_object()) {
                        // table.py iterates the dict: its keys are the row
                        std::vector<std::string> row;
                        for (const auto& kv : item.get_object()) row.push_back(escape_for_terminal(key_view(kv)));
                        add_row(std::move(row));
                    } else build(std::nullopt, item, 0);
                }
            }
        }
        if (v.is_object()) from_dict(v.get_object(), indent);
        return true;
    }

private:
    static bool is_falsy(const boost::json::value& v) {
        switch (v.kind()) {
        case boost::json::kind::null: return true;
        case boost::json::kind::bool_: return !v.get_bool();
        case boost::json::kind::int64: return v.get_int64() == 0;
        case boost::json::kind::uint64: return v.get_uint64() == 0;
        case boost::json::kind::double_: return v.get_double() == 0.0;
        case boost::json::kind::string: return v.get_string().empty();
        case boost::json::kind::array: return v.get_array().empty();
        case boost::json::kind::object: return v.get_object().empty();
        }
        return false;
    }
    table_section& current() {
        if (sections.empty()) sections.emplace_back();
        return sections.back();
    }
    void new_section(const std::string& title, long indent) {
        sections.emplace_back();
        sections.back().title = title;
        sections.back().indent = indent;
    }
    void add_row(std::vector<std::string> r) { current().add_row(std::move(r)); }

    static void group(const boost::json::object& o, std::vector<std::string>& headers, std::vector<std::string>& more) {
        for (const auto& kv : o) (is_scalar(kv.value()) ? headers : more).emplace_back(key_view(kv));
    }
    void from_dict(const boost::json::object& o, long indent) {
        std::vector<std::string> headers, more;
        group(o, headers, more);
        std::sort(headers.begin(), headers.end());
        std::sort(more.begin(), more.end());
        if (headers.size() == 1) {
            add_row({escape_for_terminal(headers[0]), python_str(o.at(headers[0]), true)});
        } else if (!headers.empty()) {
            std::vector<std::string> h, row;
            for (const auto& k : headers) {
                h.push_back(escape_for_terminal(k));
                row.push_back(python_str(o.at(k), true));
            }
            current().add_header(std::move(h));
            add_row(std::move(row));
        }
        for (const auto& k : more) build(escape_for_terminal(k), o.at(k), indent + 1);
    }
    void from_list(const boost::json::array& a, long indent, const std::optional<std::string>& title) {
        std::vector<std::string> headers, more;
        for (const auto& e : a)
            if (e.is_object()) group(e.get_object(), headers, more);
        std::sort(headers.begin(), headers.end());
        headers.erase(std::unique(headers.begin(), headers.end()), headers.end());
        std::sort(more.begin(), more.end());
        more.erase(std::unique(more.begin(), more.end()), more.end());
        std::vector<std::string> shown;
        for (const auto& h : headers) shown.push_back(escape_for_terminal(h));
        current().add_header(shown);
        bool first = true;
        for (const auto& e : a) {
            if (!e.is_object()) continue;
            const auto& o = e.get_object();
            if (!first && !more.empty()) {
                new_section(title.value_or(std::string()), indent);
                current().add_header(shown);
            }
            first = false;
            std::vector<std::string> row;
            for (const auto& h : headers) {
                const auto* p = o.if_contains(h);
                row.push_back(p ? python_str(*p, true) : std::string());
            }
            add_row(std::move(row));
            for (const auto& k : more)
                if (const auto* p = o.if_contains(k)) build(escape_for_terminal(k), *p, indent + 1);
        }
    }
};

inline void table_line_break(std::string& line, const std::vector<long>& widths) {
    bool first = true;
    for (const long w : widths) {
        if (first) { line.push_back('+'); line.append(static_cast<std::size_t>(std::max(0L, w - 2)), '-'); line.push_back('+'); }
        else { line.append(static_cast<std::size_t>(std::max(0L, w - 1)), '-'); line.push_back('+'); }
        first = false;
    }
}

inline std::string render_table(const boost::json::value& v, const std::string& title, long terminal_width) {
    table_builder b;
    if (!b.build(title, v, 0)) return {};
    auto& secs = b.sections;
    auto max_width = [&] {
        long m = 0;
        for (const auto& s : secs) m = std::max(m, s.total_width(4, true, s.indent));
        return m;
    };
    long width = max_width();
    if (width > terminal_width) {
        for (auto& s : secs) {
            if (s.rows.size() == 1 && !s.headers.empty()) {
                table_section n;
                n.title = s.title;
                n.indent = s.indent;
                for (std::size_t i = 0; i < s.headers.size() && i < s.rows[0].size(); ++i)
                    n.add_row({s.headers[i], s.rows[0][i]});
                s = std::move(n);
            }
        }
        width = max_width();
    }
    std::string out(static_cast<std::size_t>(width), '-');
    out.push_back('\n');
    for (const auto& s : secs) {
        const std::string edge(static_cast<std::size_t>(s.indent), '|');
        auto write_line = [&](const std::string& line) { out.append(edge).append(line).append(edge).push_back('\n'); };
        const long w = width - s.indent * 2;
        if (!s.title.empty()) {
            write_line(center_text(s.title, w, "|", "|"));
            if (s.headers.empty() && s.rows.empty()) write_line("+" + std::string(static_cast<std::size_t>(std::max(0L, w - 2)), '-') + "+");
        }
        if (!s.headers.empty()) {
            const auto widths = s.column_widths(4, w);
            std::string cur;
            for (std::size_t i = 0; i < widths.size() && i < s.headers.size(); ++i)
                cur += center_text(s.headers[i], widths[i], i == 0 ? "|" : "", "|");
            std::string lb;
            table_line_break(lb, widths);
            write_line(lb);
            write_line(cur);
        }
        if (!s.rows.empty()) {
            const auto widths = s.column_widths(4, w);
            if (widths.empty()) continue;
            std::string lb;
            table_line_break(lb, widths);
            write_line(lb);
            for (const auto& r : s.rows) {
                std::string cur;
                for (std::size_t i = 0; i < widths.size() && i < r.size(); ++i)
                    cur += align_left(r[i], widths[i], i == 0 ? "|" : "", "|");
                write_line(cur);
            }
            write_line(lb);
        }
    }
    return out;
}

// ------------------------------------------------------------------ yaml
// awscli/formatter.py's YAMLDumper: ruamel.yaml 0.17 YAML(typ='safe') with
// default_flow_style=False, whose emitter is libyaml's (ruamel's CEmitter;
// the resolver is ruamel's YAML 1.2 one). So: block style, mapping keys
// sorted, indent 2, a sequence that is a mapping value not indented ("- "
// under the key), empty collections as [] and {}; a string is plain unless
// it would read back as another type (bool, int, float, null, timestamp,
// merge, value) or has indicators or leading/trailing spaces, then single
// quotes, or double quotes with escapes when it holds a character libyaml
// will not print (anything outside the BMP among them); plain and quoted
// scalars fold at a single space once past column 80 (best_width); a key
// longer than 128 bytes is written as a complex key ("? key", then ": value").

inline bool yaml_resolves_to_non_string(const std::string& s) {
    static const std::regex patterns[] = {
        std::regex(R"(^(?:true|True|TRUE|false|False|FALSE)$)"),
        std::regex(R"(^(?:[-+]?(?:[0-9][0-9_]*)\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?(?:[0-9][0-9_]*)(?:[eE][-+]?[0-9]+)|[-+]?\.[0-9_]+(?:[eE][-+][0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$)"),
        std::regex(R"(^(?:[-+]?0b[0-1_]+|[-+]?0o?[0-7_]+|[-+]?[0-9_]+|[-+]?0x[0-9a-fA-F_]+)$)"),
        std::regex(R"(^(?:<<)$)"),
        std::regex(R"(^(?:~|null|Null|NULL|)$)"),
        std::regex(R"(^(?:[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]|[0-9][0-9][0-9][0-9]-[0-9][0-9]?-[0-9][0-9]?(?:[Tt]|[ \t]+)[0-9][0-9]?:[0-9][0-9]:[0-9][0-9](?:\.[0-9]*)?(?:[ \t]*(?:Z|[-+][0-9][0-9]?(?::[0-9][0-9])?))?)$)"),
        std::regex(R"(^(?:=)$)"),
        std::regex(R"(^(?:!|&|\*)$)"),
    };
    for (const auto& p : patterns)
        if (std::regex_match(s, p)) return true;
    return false;
}

/// What libyaml's yaml_emitter_analyze_scalar finds out about a scalar.
struct yaml_analysis {
    bool empty = false, multiline = false, block_plain = true, single_quoted = true;
};

inline bool yaml_break(char32_t c) { return c == U'\r' || c == U'\n' || c == 0x85 || c == 0x2028 || c == 0x2029; }
inline bool yaml_blankz(char32_t c) { return c == 0 || c == U' ' || c == U'\t' || yaml_break(c); }
/// libyaml's IS_PRINTABLE: no C0 but LF, no DEL or C1 (NEL included), no
/// surrogates, BOM, U+FFFE/U+FFFF, nor anything outside the BMP.
inline bool yaml_printable(char32_t c) {
    return c == 0x0A || (c >= 0x20 && c <= 0x7E) || (c >= 0xA0 && c <= 0xD7FF) ||
           (c >= 0xE000 && c <= 0xFFFD && c != 0xFEFF);
}

inline yaml_analysis yaml_analyze(const std::u32string& s) {
    yaml_analysis a;
    if (s.empty()) {
        a.empty = true;
        return a;
    }
    bool flow_ind = false, block_ind = false, line_breaks = false, special = false;
    bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
    bool break_space = false, space_break = false, prev_space = false, prev_break = false;
    if (s.starts_with(U"---") || s.starts_with(U"...")) block_ind = flow_ind = true;
    bool preceded_ws = true;
    bool followed_ws = s.size() < 2 || yaml_blankz(s[1]);
    const std::u32string_view lead = U"#,[]{}&*!|>'\"%@`";
    for (std::size_t i = 0; i < s.size(); ++i) {
        const char32_t ch = s[i];
        if (i == 0) {
            if (lead.find(ch) != std::u32string_view::npos) flow_ind = block_ind = true;
            if (ch == U'?' || ch == U':') {
                flow_ind = true;
                if (followed_ws) block_ind = true;
            }
            if (ch == U'-' && followed_ws) flow_ind = block_ind = true;
        } else {
            if (ch == U',' || ch == U'?' || ch == U'[' || ch == U']' || ch == U'{' || ch == U'}') flow_ind = true;
            if (ch == U':') {
                flow_ind = true;
                if (followed_ws) block_ind = true;
            }
            if (ch == U'#' && preceded_ws) flow_ind = block_ind = true;
        }
        if (!yaml_printable(ch)) special = true;
        if (yaml_break(ch)) line_breaks = true;
        if (ch == U' ') {
            if (i == 0) leading_space = true;
            if (i + 1 == s.size()) trailing_space = true;
            if (prev_break) break_space = true;
            prev_space = true;
            prev_break = false;
        } else if (yaml_break(ch)) {
            if (i == 0) leading_break = true;
            if (i + 1 == s.size()) trailing_break = true;
            if (prev_space) space_break = true;
            prev_space = false;
            prev_break = true;
        } else {
            prev_space = prev_break = false;
        }
        preceded_ws = yaml_blankz(ch);
        if (i + 1 < s.size()) followed_ws = i + 2 >= s.size() || yaml_blankz(s[i + 2]);
    }
    (void)flow_ind; // block context only: flow indicators do not matter
    a.multiline = line_breaks;
    if (leading_space || leading_break || trailing_space || trailing_break) a.block_plain = false;
    if (break_space) a.block_plain = a.single_quoted = false;
    if (space_break || special) a.block_plain = a.single_quoted = false;
    if (line_breaks) a.block_plain = false;
    if (block_ind) a.block_plain = false;
    return a;
}

/// The emitter state that matters for folding, as libyaml keeps it: the
/// output, the column (in characters), the current indent and the
/// whitespace/indention flags.
struct yaml_writer {
    std::string out;
    long column = 0;
    bool whitespace = true;
    bool indention = true;
    long indent = 0;
    static constexpr long best_width = 80;

    void put(char c) {
        out.push_back(c);
        ++column;
    }
    void put_char(char32_t c) {
        append_utf8(out, c);
        ++column;
    }
    void put_break() {
        out.push_back('\n');
        column = 0;
    }
    void write_indent() {
        if (!indention || column > indent || (column == indent && !whitespace)) put_break();
        while (column < indent) put(' ');
        whitespace = indention = true;
    }
    void indicator(std::string_view ind, bool need_ws, bool is_ws = false, bool is_indention = false) {
        if (need_ws && !whitespace) put(' ');
        for (const char c : ind) put(c);
        whitespace = is_ws;
        indention = indention && is_indention;
    }
    void plain(const std::u32string& t, bool allow_breaks) {
        if (!whitespace && !t.empty()) put(' ');
        bool spaces = false;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const char32_t ch = t[i];
            if (ch == U' ') {
                if (allow_breaks && !spaces && column > best_width && !(i + 1 < t.size() && t[i + 1] == U' ')) write_indent();
                else put_char(ch);
                spaces = true;
            } else {
                put_char(ch);
                indention = false;
                spaces = false;
            }
        }
        whitespace = indention = false;
    }
    void single_quoted(const std::u32string& t, bool allow_breaks) {
        indicator("'", true);
        bool spaces = false;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const char32_t ch = t[i];
            if (ch == U' ') {
                if (allow_breaks && !spaces && column > best_width && i != 0 && i + 1 != t.size() &&
                    !(i + 1 < t.size() && t[i + 1] == U' '))
                    write_indent();
                else put_char(ch);
                spaces = true;
            } else {
                if (ch == U'\'') put('\'');
                put_char(ch);
                indention = false;
                spaces = false;
            }
        }
        indicator("'", false);
    }
    void double_quoted(const std::u32string& t, bool allow_breaks) {
        indicator("\"", true);
        bool spaces = false;
        for (std::size_t i = 0; i < t.size(); ++i) {
            const char32_t ch = t[i];
            if (!yaml_printable(ch) || ch == 0xFEFF || yaml_break(ch) || ch == U'"' || ch == U'\\') {
                put('\\');
                switch (ch) {
                case 0: put('0'); break;
                case 0x07: put('a'); break;
                case 0x08: put('b'); break;
                case 0x09: put('t'); break;
                case 0x0A: put('n'); break;
                case 0x0B: put('v'); break;
                case 0x0C: put('f'); break;
                case 0x0D: put('r'); break;
                case 0x1B: put('e'); break;
                case U'"': put('"'); break;
                case U'\\': put('\\'); break;
                case 0x85: put('N'); break;
                case 0xA0: put('_'); break;
                case 0x2028: put('L'); break;
                case 0x2029: put('P'); break;
                default: {
                    std::string e;
                    if (ch <= 0xFF) { e = "x"; append_hex(e, static_cast<unsigned>(ch), 2, true); }
                    else if (ch <= 0xFFFF) { e = "u"; append_hex(e, static_cast<unsigned>(ch), 4, true); }
                    else { e = "U"; append_hex(e, static_cast<unsigned>(ch), 8, true); }
                    for (const char c : e) put(c);
                }
                }
                spaces = false;
            } else if (ch == U' ') {
                if (allow_breaks && !spaces && column > best_width && i != 0 && i + 1 != t.size()) {
                    write_indent();
                    if (i + 1 < t.size() && t[i + 1] == U' ') put('\\');
                } else put_char(ch);
                spaces = true;
            } else {
                put_char(ch);
                spaces = false;
            }
        }
        indicator("\"", false);
    }
    /// A string scalar (libyaml's yaml_emitter_select_scalar_style); `simple_key`
    /// for mapping keys, which are never folded.
    void string_scalar(std::string_view utf8, bool simple_key) {
        const auto t = decode_utf8(utf8);
        const auto a = yaml_analyze(t);
        const bool plain_implicit = !yaml_resolves_to_non_string(std::string(utf8));
        const bool breaks = !simple_key;
        if (simple_key && a.multiline) return double_quoted(t, breaks);
        if (a.block_plain && !(a.empty && simple_key) && plain_implicit) return plain(t, breaks);
        if (a.single_quoted) return single_quoted(t, breaks);
        double_quoted(t, breaks);
    }
    void scalar(const boost::json::value& v, bool simple_key) {
        switch (v.kind()) {
        case boost::json::kind::string: {
            const std::string s = escape_for_terminal({v.get_string().data(), v.get_string().size()});
            string_scalar(s, simple_key);
            return;
        }
        case boost::json::kind::null: return plain(U"null", false);
        case boost::json::kind::bool_: return plain(v.get_bool() ? U"true" : U"false", false);
        case boost::json::kind::double_: {
            // ruamel's represent_float: repr(), lower-cased; .nan, .inf, -.inf
            std::string r = python_float_repr(v.get_double());
            if (r == "NaN") r = ".nan";
            else if (r == "Infinity") r = ".inf";
            else if (r == "-Infinity") r = "-.inf";
            return plain(decode_utf8(r), false);
        }
        default: return plain(decode_utf8(python_str(v, false)), false);
        }
    }

    // Block collections, as ruamel's emitter writes them: `child_indent` is
    // the indent of a nested mapping (and of a scalar's folded lines),
    // `seq_indent` that of a nested sequence (a sequence that is a mapping
    // value is not indented, one that is a sequence item is).
    void node(const boost::json::value& v, long child_indent, long seq_indent) {
        if (v.is_object() && !v.get_object().empty()) mapping(v.get_object(), child_indent);
        else if (v.is_array() && !v.get_array().empty()) sequence(v.get_array(), seq_indent);
        else if (v.is_object()) {
            indicator("{", true, true);
            indicator("}", false);
        } else if (v.is_array()) {
            indicator("[", true, true);
            indicator("]", false);
        } else {
            indent = child_indent;
            scalar(v, false);
        }
    }
    void mapping(const boost::json::object& o, long my_indent) {
        for (const auto* kv : sorted_members(o)) {
            indent = my_indent;
            write_indent();
            const std::string key = escape_for_terminal(key_view(*kv));
            if (key.size() <= 128) { // libyaml's yaml_emitter_check_simple_key: 128 bytes at most
                string_scalar(key, true);
                indicator(":", false);
                node(kv->value(), my_indent + 2, my_indent);
                continue;
            }
            // A longer key is a complex key: "? key" (foldable), then ": value".
            indicator("?", true, false, true);
            indent = my_indent + 2;
            string_scalar(key, false);
            indent = my_indent;
            write_indent();
            indicator(":", true, false, true);
            // the value starts on the ':' line, a sequence indented under it
            node(kv->value(), my_indent + 2, indention ? my_indent + 2 : my_indent);
        }
    }
    void sequence(const boost::json::array& a, long my_indent) {
        for (const auto& e : a) {
            indent = my_indent;
            write_indent();
            indicator("-", true, false, true);
            node(e, my_indent + 2, my_indent + 2);
        }
    }
};

inline std::string render_yaml(const boost::json::value& v) {
    if (v.is_object() && v.get_object().empty()) return {};
    if (!v.is_object() && !v.is_array()) {
        // YAMLDumper prints a bare scalar with json.dump
        std::string out;
        if (v.is_string()) json_string(out, {v.get_string().data(), v.get_string().size()});
        else json_value(out, v, 0);
        out.push_back('\n');
        return out;
    }
    yaml_writer w;
    if (v.is_object()) w.mapping(v.get_object(), 0);
    else if (v.get_array().empty()) w.indicator("[]", false);
    else w.sequence(v.get_array(), 0);
    w.out.push_back('\n');
    return std::move(w.out);
}

} // namespace detail

namespace detail {

/// Python's datetime.isoformat() of a UTC instant, as botocore gives it:
/// "2023-01-31T12:34:56+00:00", microseconds when not zero.
inline std::string python_isoformat(chime_voice::timestamp t) {
    std::string s = chime_voice::format_date_time(t); // "...:56Z" or "...:56.120Z"
    s.pop_back();
    if (const auto dot = s.find('.'); dot != std::string::npos) s.append("000");
    s.append("+00:00");
    return s;
}

inline void cli_timestamps(boost::json::value& v, const chime_voice::detail::rj::model_info& m, std::uint16_t shape) {
    namespace rj = chime_voice::detail::rj;
    const auto& s = m.shapes[shape];
    switch (s.kind) {
    case rj::shape_kind::structure:
        if (auto* o = v.if_object())
            for (std::size_t i = 0; i < s.member_count; ++i)
                if (auto* p = o->if_contains(boost::json::string_view(s.members[i].name.data(), s.members[i].name.size())))
                    cli_timestamps(*p, m, s.members[i].target);
        return;
    case rj::shape_kind::list:
        if (auto* a = v.if_array())
            for (auto& e : *a) cli_timestamps(e, m, s.element);
        return;
    case rj::shape_kind::map:
        if (auto* o = v.if_object())
            for (auto& kv : *o) cli_timestamps(kv.value(), m, s.element);
        return;
    case rj::shape_kind::timestamp:
        if (v.is_string()) {
            // UTC only, as the registry writes them; another offset is left as it is
            const std::string_view text(v.get_string().data(), v.get_string().size());
            if (!text.ends_with('Z')) return;
            if (const auto t = chime_voice::parse_date_time(text)) v = python_isoformat(*t);
        } else if (v.is_number()) {
            const double secs = v.to_number<double>();
            if (secs > -62135596800.0 && secs < 253402300800.0)
                v = python_isoformat(chime_voice::timestamp(std::chrono::milliseconds(static_cast<std::int64_t>(std::llround(secs * 1000)))));
        }
        return;
    default: return;
    }
}

} // namespace detail

/// Rewrites the timestamp members of `output` (the registry's parse() gives
/// RFC 3339 "2023-01-31T12:34:56Z") the way AWS CLI v2 prints them with its
/// default cli_timestamp_format iso8601: botocore's parse_timestamp(value)
/// .isoformat(), "2023-01-31T12:34:56+00:00" ("...56.120000+00:00" with a
/// fraction). Apply before render() to print what the AWS CLI prints; values
/// that are not timestamps, do not parse, or are not in UTC ("Z") are left as
/// they are. May throw
/// std::bad_alloc.
inline void apply_cli_timestamp_format(boost::json::value& output, const chime_voice::operation_descriptor& op) {
    detail::cli_timestamps(output, *op.model, op.info->output);
}

/// The table as the AWS CLI draws it on a terminal `terminal_width` columns
/// wide (render() uses 80, the width the AWS CLI assumes when stdout is not
/// a terminal). May throw std::bad_alloc.
inline std::string render_table(const boost::json::value& output, std::string_view title, long terminal_width) {
    return detail::render_table(output, escape_for_terminal(title), terminal_width);
}

/// Renders an operation's output (the CLI JSON form the registry's parse()
/// gives) as AWS CLI v2 prints it with `--output fmt --color off`. An empty
/// object prints nothing in every format. `operation_name` (the model
/// name) is the table's title. The returned text ends with a newline unless
/// empty. May throw std::bad_alloc.
inline std::string render(const boost::json::value& output, output_format fmt, std::string_view operation_name) {
    switch (fmt) {
    case output_format::json: {
        if (output.is_object() && output.get_object().empty()) return {};
        std::string out;
        detail::json_value(out, output, 0);
        out.push_back('\n');
        return out;
    }
    case output_format::text: {
        if (output.is_object() && output.get_object().empty()) return {};
        std::string out;
        detail::text_item(out, output, nullptr, nullptr);
        return out;
    }
    case output_format::table: return render_table(output, operation_name, 80);
    case output_format::yaml: return detail::render_yaml(output);
    }
    return {};
}

/// The paginator AWS CLI v2 uses for `op` (botocore's paginator
/// configuration), or nullptr: the AWS CLI pages only ListSipMediaApplications
/// and ListSipRules, not every operation the Smithy model marks @paginated
/// (those print one page and its NextToken). Valid for the program's life.
inline const detail::aws_cli_paginator* find_aws_cli_paginator(std::string_view operation_name) {
    for (const auto& p : detail::aws_cli_paginators)
        if (p.operation == operation_name) return &p;
    return nullptr;
}

/// --max-items and --starting-token, which botocore's PageIterator applies to
/// the pages it hands the AWS CLI (awscli/customizations/paginate.py).
struct page_limits {
    std::optional<std::int64_t> max_items;     ///< --max-items
    std::optional<std::string> starting_token; ///< --starting-token as given
};

/// What a --starting-token means: the service token of the first request
/// (none: the first page) and how many result items of that page to skip.
struct starting_point {
    std::optional<std::string> next_token;
    std::int64_t skip = 0;
};

namespace detail {

/// Python's base64.b64decode(s) (characters outside the alphabet dropped,
/// padding required), or nullopt where it raises.
inline std::optional<std::string> b64decode(std::string_view s) {
    auto val = [](char c) -> int {
        if (c >= 'A' && c <= 'Z') return c - 'A';
        if (c >= 'a' && c <= 'z') return c - 'a' + 26;
        if (c >= '0' && c <= '9') return c - '0' + 52;
        if (c == '+') return 62;
        if (c == '/') return 63;
        return -1;
    };
    std::string kept;
    for (const char c : s)
        if (val(c) >= 0 || c == '=') kept.push_back(c);
    // binascii.a2b_base64: data after the padding is an error only in strict mode
    const auto pad = kept.find('=');
    std::string body = kept.substr(0, pad);
    const std::size_t pads = pad == std::string::npos ? 0 : kept.size() - pad;
    if (body.size() % 4 == 1) return std::nullopt;
    if ((body.size() + pads) % 4 != 0 && !(body.size() % 4 == 0)) return std::nullopt;
    std::string out;
    unsigned buf = 0;
    int bits = 0;
    for (const char c : body) {
        buf = (buf << 6) | static_cast<unsigned>(val(c));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<char>((buf >> bits) & 0xFF));
        }
    }
    return out;
}

inline std::string b64encode(std::string_view s) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    std::size_t i = 0;
    for (; i + 2 < s.size(); i += 3) {
        const unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8) |
                           static_cast<unsigned char>(s[i + 2]);
        for (int k = 18; k >= 0; k -= 6) out.push_back(alphabet[(v >> k) & 0x3F]);
    }
    if (i + 1 == s.size()) {
        const unsigned v = static_cast<unsigned char>(s[i]) << 16;
        out.push_back(alphabet[(v >> 18) & 0x3F]);
        out.push_back(alphabet[(v >> 12) & 0x3F]);
        out.append("==");
    } else if (i + 2 == s.size()) {
        const unsigned v = (static_cast<unsigned char>(s[i]) << 16) | (static_cast<unsigned char>(s[i + 1]) << 8);
        out.push_back(alphabet[(v >> 18) & 0x3F]);
        out.push_back(alphabet[(v >> 12) & 0x3F]);
        out.push_back(alphabet[(v >> 6) & 0x3F]);
        out.push_back('=');
    }
    return out;
}

/// json.dumps(s) (ensure_ascii: every non-ASCII character as \uXXXX, UTF-16).
inline void json_string_ascii(std::string& out, std::string_view s) {
    out.push_back('"');
    for (const char32_t c : decode_utf8(s)) {
        switch (c) {
        case U'"': out.append("\\\""); break;
        case U'\\': out.append("\\\\"); break;
        case U'\n': out.append("\\n"); break;
        case U'\r': out.append("\\r"); break;
        case U'\t': out.append("\\t"); break;
        case U'\b': out.append("\\b"); break;
        case U'\f': out.append("\\f"); break;
        default:
            if (c < 0x20 || (c >= 0x7F && c <= 0xFFFF)) {
                out.append("\\u");
                append_hex(out, static_cast<unsigned>(c), 4, false);
            } else if (c > 0xFFFF) {
                const char32_t v = c - 0x10000;
                out.append("\\u");
                append_hex(out, static_cast<unsigned>(0xD800 + (v >> 10)), 4, false);
                out.append("\\u");
                append_hex(out, static_cast<unsigned>(0xDC00 + (v & 0x3FF)), 4, false);
            } else out.push_back(static_cast<char>(c));
        }
    }
    out.push_back('"');
}

/// botocore's TokenEncoder for one input token: base64 of
/// json.dumps({"NextToken": token[, "boto_truncate_amount": n]}).
inline std::string encode_resume_token(std::string_view input_token, const boost::json::value& token,
                                       std::optional<std::int64_t> truncate) {
    std::string j = "{";
    json_string_ascii(j, input_token);
    j.append(": ");
    if (token.is_string()) json_string_ascii(j, {token.get_string().data(), token.get_string().size()});
    else j.append("null");
    if (truncate) j.append(", \"boto_truncate_amount\": ").append(std::to_string(*truncate));
    j.push_back('}');
    return b64encode(j);
}

} // namespace detail

/// Reads a --starting-token as botocore's PageIterator does: base64 of the
/// JSON the AWS CLI printed as NextToken ({"NextToken": ..., and
/// "boto_truncate_amount" when it stopped inside a page}); otherwise the old
/// form "token___N", or the service's own token as it is.
inline starting_point decode_starting_token(std::string_view token, std::string_view input_token = "NextToken") {
    if (const auto raw = detail::b64decode(token); raw && chime_voice::detail::validate_utf8(*raw).ok) {
        boost::system::error_code ec;
        const auto v = boost::json::parse(boost::json::string_view(raw->data(), raw->size()), ec);
        if (!ec && v.is_object()) {
            starting_point p;
            const auto& o = v.get_object();
            if (const auto* t = o.if_contains(boost::json::string_view(input_token.data(), input_token.size())); t && t->is_string())
                p.next_token = std::string(t->get_string());
            if (const auto* n = o.if_contains("boto_truncate_amount"); n && n->is_int64()) p.skip = n->get_int64();
            return p;
        }
    }
    starting_point p;
    std::string t(token);
    if (const auto at = t.rfind("___"); at != std::string::npos && t.find("___") == at) {
        const std::string idx = t.substr(at + 3);
        std::int64_t n = 0;
        const auto r = std::from_chars(idx.data(), idx.data() + idx.size(), n);
        if (!idx.empty() && r.ec == std::errc() && r.ptr == idx.data() + idx.size()) {
            p.skip = n;
            t = t.substr(0, at);
        }
    }
    if (t != "None") p.next_token = t;
    return p;
}

namespace detail {

/// The pages as botocore's PageIterator yields them under `limits`, and the
/// resume token when it stopped early (max_items).
struct limited_pages {
    std::vector<boost::json::value> pages;
    std::optional<std::string> resume_token;
};

inline limited_pages apply_page_limits(const aws_cli_paginator& pg, std::span<const boost::json::value> pages,
                                       const page_limits& limits) {
    limited_pages out;
    const boost::json::string_view key(pg.result_key.data(), pg.result_key.size());
    const boost::json::string_view out_token(pg.output_token.data(), pg.output_token.size());
    boost::json::value next_token; // the token that fetched the current page (null: none)
    std::int64_t skip = 0;
    if (limits.starting_token) {
        const auto sp = decode_starting_token(*limits.starting_token, pg.input_token);
        if (sp.next_token) next_token = boost::json::string(*sp.next_token);
        skip = sp.skip;
    }
    std::int64_t total = 0;
    for (std::size_t i = 0; i < pages.size(); ++i) {
        boost::json::value page = pages[i];
        auto* o = page.if_object();
        std::int64_t starting_truncation = 0;
        if (i == 0 && limits.starting_token && o) {
            starting_truncation = skip;
            auto* v = o->if_contains(key);
            if (v && v->is_array()) {
                boost::json::array rest;
                for (std::size_t k = static_cast<std::size_t>(std::max<std::int64_t>(0, skip)); k < v->get_array().size(); ++k)
                    rest.push_back(v->get_array()[k]);
                *v = std::move(rest);
            } else (*o)[key] = nullptr;
        }
        const auto* cur = o ? o->if_contains(key) : nullptr;
        const std::int64_t n = cur && cur->is_array() ? static_cast<std::int64_t>(cur->get_array().size()) : 0;
        const std::int64_t truncate = limits.max_items ? total + n - *limits.max_items : 0;
        if (truncate > 0) {
            const std::int64_t keep = n - truncate;
            boost::json::array kept;
            if (cur && cur->is_array())
                for (std::int64_t k = 0; k < keep; ++k) kept.push_back(cur->get_array()[static_cast<std::size_t>(k)]);
            (*o)[key] = std::move(kept);
            out.resume_token = encode_resume_token(pg.input_token, next_token, keep + starting_truncation);
            out.pages.push_back(std::move(page));
            break;
        }
        out.pages.push_back(page);
        total += n;
        const auto* t = o ? o->if_contains(out_token) : nullptr;
        if (!t || t->is_null()) break;
        next_token = *t;
        if (limits.max_items && total == *limits.max_items) {
            out.resume_token = encode_resume_token(pg.input_token, next_token, std::nullopt);
            break;
        }
    }
    return out;
}

} // namespace detail

/// True when `pages` already hold --max-items items (after the starting
/// token's skip): botocore requests no further page then, so a page loop can
/// stop. False without a max_items or an AWS CLI paginator.
inline bool max_items_reached(const chime_voice::operation_descriptor& op, std::span<const boost::json::value> pages,
                              const page_limits& limits) {
    const auto* pg = find_aws_cli_paginator(op.name());
    if (!pg || !limits.max_items) return false;
    const auto limited = detail::apply_page_limits(*pg, pages, limits);
    std::int64_t total = 0;
    const boost::json::string_view key(pg->result_key.data(), pg->result_key.size());
    for (const auto& page : limited.pages)
        if (const auto* o = page.if_object())
            if (const auto* v = o->if_contains(key); v && v->is_array()) total += static_cast<std::int64_t>(v->get_array().size());
    return limited.resume_token.has_value() || total >= *limits.max_items;
}

/// The pages of a paginated call merged as botocore's PageIterator
/// build_full_result does for the AWS CLI: an object with only the result key
/// (its lists concatenated in page order), {} when no page had it; with
/// `limits`, the first page starts where --starting-token says, the items stop
/// at --max-items and "NextToken" is then the token to resume from. Pages
/// past the limit are ignored (the caller may stop fetching there). Without an
/// AWS CLI paginator: the one page as it is, or the first page with every
/// list member concatenated over the pages and the output token removed.
/// May throw std::bad_alloc.
inline boost::json::value merge_pages(const chime_voice::operation_descriptor& op, std::span<const boost::json::value> pages,
                                      const page_limits& limits = {}) {
    if (const auto* pg = find_aws_cli_paginator(op.name())) {
        const auto limited = detail::apply_page_limits(*pg, pages, limits);
        pages = limited.pages;
        boost::json::object full;
        const boost::json::string_view key(pg->result_key.data(), pg->result_key.size());
        for (const auto& page : pages) {
            const auto* o = page.if_object();
            const auto* v = o ? o->if_contains(key) : nullptr;
            if (!v || v->is_null()) continue;
            auto* existing = full.if_contains(key);
            if (!existing) full[key] = *v;
            else if (existing->is_array() && v->is_array())
                for (const auto& e : v->get_array()) existing->get_array().push_back(e);
        }
        if (limited.resume_token) full["NextToken"] = *limited.resume_token;
        return full;
    }
    if (pages.empty()) return boost::json::object();
    if (pages.size() == 1) return pages.front();
    boost::json::value merged = pages.front();
    if (auto* m = merged.if_object()) {
        for (std::size_t i = 1; i < pages.size(); ++i) {
            const auto* o = pages[i].if_object();
            if (!o) continue;
            for (const auto& kv : *o)
                if (kv.value().is_array()) {
                    auto& dst = (*m)[kv.key()];
                    if (!dst.is_array()) dst = boost::json::array();
                    for (const auto& e : kv.value().get_array()) dst.get_array().push_back(e);
                }
        }
        const auto& tok = op.info->pagination.output_token;
        m->erase(boost::json::string_view(tok.data(), tok.size()));
    }
    return merged;
}

/// What AWS CLI v2 prints for a paginated call that returned `pages`: json,
/// table and yaml print merge_pages(); text prints each page's result key on
/// its own (awscli/formatter.py TextFormatter), so a list's columns are those
/// of its page, and a page without it prints "None"; a resume token (see
/// merge_pages) ends it as "NEXTTOKEN\t<token>". For an operation without an AWS CLI paginator, the same as
/// render(merge_pages()). May throw std::bad_alloc.
inline std::string render_pages(const chime_voice::operation_descriptor& op, std::span<const boost::json::value> pages,
                                output_format fmt, const page_limits& limits = {}) {
    const auto* pg = find_aws_cli_paginator(op.name());
    if (fmt != output_format::text || !pg) return render(merge_pages(op, pages, limits), fmt, op.name());
    std::string out;
    const boost::json::string_view key(pg->result_key.data(), pg->result_key.size());
    const auto limited = detail::apply_page_limits(*pg, pages, limits);
    for (const auto& page : limited.pages) {
        // a page without the result key prints "None", as the AWS CLI does
        boost::json::object current;
        const auto* o = page.if_object();
        const auto* v = o ? o->if_contains(key) : nullptr;
        current[key] = v ? *v : boost::json::value();
        detail::text_item(out, current, nullptr, nullptr);
    }
    if (limited.resume_token) // awscli/formatter.py: {'NextToken': {'NextToken': token}}
        out.append("NEXTTOKEN\t").append(escape_for_terminal(*limited.resume_token)).push_back('\n');
    return out;
}

} // namespace chime_cli

#endif
