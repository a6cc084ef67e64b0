// SPDX-License-Identifier: BSL-1.0
// detail/rest_json.hpp — the Smithy restJson1 protocol driven by a shape
// table (not API; the generated headers in operations/ use it).
//
// The generator (tools/gen_operations.py) writes the model as constexpr
// tables of shape_info / member_info / operation_info. This file turns an
// operation input, given as a boost::json::value in the AWS CLI's
// `--cli-input-json` form (model member names), into an http_request, and an
// http_response_view into the output in the same JSON form. The typed
// request/response structures convert to and from that form, so the typed
// functions and the JSON registry run the same code.
//
// restJson1 rules implemented (smithy.io, aws.protocols#restJson1 and the
// HTTP binding traits, Smithy 2.0 spec "HTTP binding traits"):
// * @httpLabel: the member's text percent-encoded per RFC 3986 section 2.3
//   (every byte but A-Z a-z 0-9 - . _ ~ as %XY, so E.164 '+' is %2B); a
//   greedy label ({Name+}) keeps '/'. An empty label is a validation error.
// * @httpQuery: `name=value`, both encoded the same way, after the constant
//   query of the uri; a list gives one pair per element; an empty list none.
// * @httpHeader (used by the protocol tests only): the text, lists joined by ", ".
// * everything else: the JSON body, compact, members in model order, null
//   and absent members omitted. An operation with no body members sends no
//   body and no Content-Type (as the SDKs do).
// * timestamps: the member's @timestampFormat, else date-time in labels and
//   queries, http-date in headers, epoch-seconds in bodies.
//
// Validation (error_category::validation, the message names the member
// path, e.g. "Origination.Routes[2].Port: 70000 is more than 65535 (@range)"):
// @required, @length (strings in Unicode scalar values, lists and maps in
// elements), @range, JSON types, UTF-8 of every string, unknown members.
// Not validated: @pattern and enum values. The SDKs for JavaScript and
// botocore do not check them either, and enum sets grow (ErrorCode gained
// Validation in 2026): the service answers BadRequestException.
//
// Nothing here throws except std::bad_alloc.
#ifndef CHIME_VOICE_DETAIL_REST_JSON_HPP
#define CHIME_VOICE_DETAIL_REST_JSON_HPP

#include <chime_voice/client_config.hpp>
#include <chime_voice/config.hpp>
#include <chime_voice/detail/http_date.hpp>
#include <chime_voice/detail/json.hpp>
#include <chime_voice/detail/percent_encoding.hpp>
#include <chime_voice/detail/utf8.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/operation_options.hpp>
#include <chime_voice/service_error.hpp>
#include <chime_voice/timestamp.hpp>
#include <chime_voice/user_agent.hpp>

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
#include <expected>
#include <limits>
#include <map>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chime_voice::detail::rj {

/// Smithy shape types the tables use.
enum class shape_kind : std::uint8_t {
    structure, list, map, string, enumeration, boolean, byte, short_, integer, long_, float_, double_,
    timestamp, int_enum, unit
};

/// Where an input or output member travels (Smithy HTTP binding traits).
enum class binding : std::uint8_t { body, label, greedy_label, query, header, response_code };

/// @timestampFormat, or unset (then the location's default applies).
enum class ts_format : std::uint8_t { unset, date_time, epoch_seconds, http_date };

/// One member of a structure.
struct member_info {
    std::string_view name;     ///< model member name (the CLI JSON key)
    std::string_view wire;     ///< @jsonName / query / header name / label name
    std::uint16_t target;      ///< index into the shape table
    binding where;
    bool required;
    ts_format format;          ///< the member's @timestampFormat
};

/// One shape. `element` is the list member or map value, `key` the map key.
struct shape_info {
    shape_kind kind;
    std::string_view name;
    const member_info* members;
    std::uint16_t member_count;
    std::uint16_t element;
    std::uint16_t key;
    std::int64_t min_length; ///< -1: none
    std::int64_t max_length; ///< -1: none
    bool has_min;
    bool has_max;
    double min;
    double max;
    bool sensitive;
    bool sparse;
    ts_format format;
};

/// @paginated: member names, empty when not paginated.
struct pagination_info {
    std::string_view input_token;
    std::string_view output_token;
    std::string_view page_size;
    std::string_view items;
};

/// One operation: its @http trait, shapes and errors.
struct operation_info {
    std::string_view name;
    std::string_view method;
    std::string_view uri;
    int code;
    std::uint16_t input;  ///< a structure, or a unit shape
    std::uint16_t output; ///< a structure, or a unit shape
    std::span<const modelled_error> errors;
    pagination_info pagination;
    std::string_view deprecated; ///< @deprecated message ("" when not deprecated)
};

/// The shape table of one model.
struct model_info {
    std::span<const shape_info> shapes;
};

// ------------------------------------------------------------ helpers

inline std::string kind_text(const boost::json::value& v) { return std::string(json_kind_name(v.kind())); }

inline void append_index(std::string& path, std::size_t i) {
    path.append(1, '[').append(std::to_string(i)).append(1, ']');
}

inline void append_member(std::string& path, std::string_view name) {
    if (!path.empty()) path.append(1, '.');
    path.append(name);
}

inline void append_key(std::string& path, std::string_view key) {
    path.append("[\"").append(key).append("\"]");
}

inline std::string where(const std::string& path) { return path.empty() ? std::string("input") : path; }

inline bool is_integer_kind(shape_kind k) noexcept {
    return k == shape_kind::byte || k == shape_kind::short_ || k == shape_kind::integer || k == shape_kind::long_ ||
           k == shape_kind::int_enum;
}

inline std::pair<std::int64_t, std::int64_t> integer_limits(shape_kind k) noexcept {
    switch (k) {
    case shape_kind::byte: return {-128, 127};
    case shape_kind::short_: return {-32768, 32767};
    case shape_kind::integer:
    case shape_kind::int_enum: return {std::numeric_limits<std::int32_t>::min(), std::numeric_limits<std::int32_t>::max()};
    default: return {std::numeric_limits<std::int64_t>::min(), std::numeric_limits<std::int64_t>::max()};
    }
}

/// An integral JSON number as int64 (1.0 counts; 1.5 and 2^63 do not).
inline std::optional<std::int64_t> integral(const boost::json::value& v) noexcept {
    if (v.is_int64()) return v.get_int64();
    if (v.is_uint64()) {
        if (v.get_uint64() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) return std::nullopt;
        return static_cast<std::int64_t>(v.get_uint64());
    }
    if (v.is_double()) {
        const double d = v.get_double();
        if (!std::isfinite(d) || std::trunc(d) != d || d < -9.2233720368547758e18 || d >= 9.2233720368547758e18)
            return std::nullopt;
        return static_cast<std::int64_t>(d);
    }
    return std::nullopt;
}

inline std::optional<double> number(const boost::json::value& v) noexcept {
    if (v.is_int64()) return static_cast<double>(v.get_int64());
    if (v.is_uint64()) return static_cast<double>(v.get_uint64());
    if (v.is_double()) return v.get_double();
    if (v.is_string()) { // Smithy JSON: non-finite floats travel as strings
        const auto& s = v.get_string();
        if (s == "NaN") return std::numeric_limits<double>::quiet_NaN();
        if (s == "Infinity") return std::numeric_limits<double>::infinity();
        if (s == "-Infinity") return -std::numeric_limits<double>::infinity();
    }
    return std::nullopt;
}

/// A timestamp from CLI-style JSON: an RFC 3339 string or epoch seconds.
inline std::optional<timestamp> read_timestamp(const boost::json::value& v) noexcept {
    if (v.is_string()) return parse_date_time(std::string_view(v.get_string()));
    if (auto d = number(v); d && std::isfinite(*d) && std::fabs(*d) < 1e14)
        return timestamp{std::chrono::milliseconds{static_cast<std::int64_t>(std::llround(*d * 1000.0))}};
    return std::nullopt;
}

inline std::string format_number(double d) {
    if (std::isnan(d)) return "NaN";
    if (std::isinf(d)) return d > 0 ? "Infinity" : "-Infinity";
    char buf[64];
    const auto r = std::to_chars(buf, buf + sizeof buf, d);
    return std::string(buf, r.ptr);
}

/// IMF-fixdate (RFC 9110 section 5.6.7): "Sun, 06 Nov 1994 08:49:37 GMT".
inline std::string format_http_date(timestamp t) {
    using namespace std::chrono;
    static constexpr std::string_view days_[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr std::string_view months_[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto d = floor<days>(t);
    const year_month_day ymd{d};
    const weekday wd{d};
    const hh_mm_ss<seconds> hms{floor<seconds>(t) - d};
    auto two = [](unsigned v) { return std::string{static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)}; };
    std::string out;
    out.append(days_[wd.c_encoding()]).append(", ").append(two(static_cast<unsigned>(ymd.day()))).append(" ");
    out.append(months_[static_cast<unsigned>(ymd.month()) - 1]).append(" ");
    out.append(std::to_string(static_cast<int>(ymd.year()))).append(" ");
    out.append(two(static_cast<unsigned>(hms.hours().count()))).append(":");
    out.append(two(static_cast<unsigned>(hms.minutes().count()))).append(":");
    out.append(two(static_cast<unsigned>(hms.seconds().count()))).append(" GMT");
    return out;
}

inline std::string format_timestamp(timestamp t, ts_format f) {
    switch (f) {
    case ts_format::epoch_seconds: {
        const auto ms = t.time_since_epoch().count();
        if (ms % 1000 == 0) return std::to_string(ms / 1000);
        return format_number(static_cast<double>(ms) / 1000.0);
    }
    case ts_format::http_date: return format_http_date(t);
    default: return format_date_time(t);
    }
}

inline ts_format effective(ts_format member, ts_format shape, ts_format location_default) noexcept {
    if (member != ts_format::unset) return member;
    if (shape != ts_format::unset) return shape;
    return location_default;
}

/// Unicode scalar values in valid UTF-8 (bytes that are not continuation bytes).
inline std::size_t code_points(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++n;
    return n;
}

inline std::unexpected<error> invalid(const std::string& path, std::string what) {
    return std::unexpected(error::make(error_category::validation, where(path) + ": " + std::move(what)));
}

inline std::optional<std::unexpected<error>> check_length(const shape_info& s, std::size_t n, const std::string& path,
                                                          std::string_view unit) {
    if (s.min_length >= 0 && n < static_cast<std::size_t>(s.min_length))
        return invalid(path, "has " + std::to_string(n) + " " + std::string(unit) + ", fewer than the minimum " +
                                 std::to_string(s.min_length) + " (@length, shape " + std::string(s.name) + ")");
    if (s.max_length >= 0 && n > static_cast<std::size_t>(s.max_length))
        return invalid(path, "has " + std::to_string(n) + " " + std::string(unit) + ", more than the maximum " +
                                 std::to_string(s.max_length) + " (@length, shape " + std::string(s.name) + ")");
    return std::nullopt;
}

inline std::optional<std::unexpected<error>> check_range(const shape_info& s, double d, const std::string& path) {
    if (s.has_min && d < s.min)
        return invalid(path, format_number(d) + " is less than the minimum " + format_number(s.min) +
                                 " (@range, shape " + std::string(s.name) + ")");
    if (s.has_max && d > s.max)
        return invalid(path, format_number(d) + " is more than the maximum " + format_number(s.max) +
                                 " (@range, shape " + std::string(s.name) + ")");
    return std::nullopt;
}

// --------------------------------------------------------- validation

/// Checks `v` against shape `si`; `path` is the member path so far.
inline std::expected<void, error> validate(const model_info& m, std::uint16_t si, const boost::json::value& v,
                                           std::string& path) {
    const shape_info& s = m.shapes[si];
    auto expected_type = [&](std::string_view t) {
        return invalid(path, "expected " + std::string(t) + " (shape " + std::string(s.name) + "), got " +
                                 kind_text(v));
    };
    switch (s.kind) {
    case shape_kind::unit:
        if (!v.is_null() && !(v.is_object() && v.get_object().empty()))
            return invalid(path, "the operation takes no input");
        return {};
    case shape_kind::structure: {
        if (!v.is_object()) return expected_type("an object");
        const auto& o = v.get_object();
        for (const auto& kv : o) {
            const std::string_view k(kv.key().data(), kv.key().size());
            bool known = false;
            for (std::uint16_t i = 0; i < s.member_count; ++i)
                if (s.members[i].name == k && s.members[i].where != binding::response_code) { known = true; break; }
            if (!known) {
                const auto n = path.size();
                append_member(path, k);
                auto e = invalid(path, "unknown member of " + std::string(s.name));
                path.resize(n);
                return e;
            }
        }
        for (std::uint16_t i = 0; i < s.member_count; ++i) {
            const member_info& mi = s.members[i];
            if (mi.where == binding::response_code) continue;
            const auto n = path.size();
            append_member(path, mi.name);
            const auto* mv = o.if_contains(boost::json::string_view(mi.name.data(), mi.name.size()));
            if (!mv || mv->is_null()) {
                if (mi.required) {
                    auto e = invalid(path, "is required (@required) but missing");
                    path.resize(n);
                    return e;
                }
            } else if (auto r = validate(m, mi.target, *mv, path); !r) {
                return r;
            }
            path.resize(n);
        }
        return {};
    }
    case shape_kind::list: {
        if (!v.is_array()) return expected_type("an array");
        const auto& a = v.get_array();
        if (auto e = check_length(s, a.size(), path, "elements")) return *e;
        for (std::size_t i = 0; i < a.size(); ++i) {
            const auto n = path.size();
            append_index(path, i);
            if (a[i].is_null()) {
                if (!s.sparse) {
                    auto e = invalid(path, "null in a list that is not @sparse");
                    path.resize(n);
                    return e;
                }
            } else if (auto r = validate(m, s.element, a[i], path); !r) {
                return r;
            }
            path.resize(n);
        }
        return {};
    }
    case shape_kind::map: {
        if (!v.is_object()) return expected_type("an object");
        const auto& o = v.get_object();
        if (auto e = check_length(s, o.size(), path, "entries")) return *e;
        for (const auto& kv : o) {
            const std::string_view k(kv.key().data(), kv.key().size());
            const auto n = path.size();
            append_key(path, k);
            const boost::json::value key_value(kv.key());
            if (auto r = validate(m, s.key, key_value, path); !r) return r;
            if (kv.value().is_null()) {
                if (!s.sparse) {
                    auto e = invalid(path, "null in a map that is not @sparse");
                    path.resize(n);
                    return e;
                }
            } else if (auto r = validate(m, s.element, kv.value(), path); !r) {
                return r;
            }
            path.resize(n);
        }
        return {};
    }
    case shape_kind::string:
    case shape_kind::enumeration: {
        if (!v.is_string()) return expected_type("a string");
        const std::string_view t(v.get_string().data(), v.get_string().size());
        if (const auto u = validate_utf8(t); !u.ok)
            return invalid(path, "is not valid UTF-8: " + std::string(u.reason) + " at byte " + std::to_string(u.offset));
        if (auto e = check_length(s, code_points(t), path, "characters")) return *e;
        return {};
    }
    case shape_kind::boolean:
        if (!v.is_bool()) return expected_type("a boolean");
        return {};
    case shape_kind::byte:
    case shape_kind::short_:
    case shape_kind::integer:
    case shape_kind::long_:
    case shape_kind::int_enum: {
        const auto i = integral(v);
        if (!i) return expected_type("an integer");
        const auto [lo, hi] = integer_limits(s.kind);
        if (*i < lo || *i > hi) return invalid(path, std::to_string(*i) + " does not fit shape " + std::string(s.name));
        if (auto e = check_range(s, static_cast<double>(*i), path)) return *e;
        return {};
    }
    case shape_kind::float_:
    case shape_kind::double_: {
        const auto d = number(v);
        if (!d) return expected_type("a number");
        if (auto e = check_range(s, *d, path)) return *e;
        return {};
    }
    case shape_kind::timestamp:
        if (!read_timestamp(v)) return expected_type("an RFC 3339 date-time string or epoch seconds");
        return {};
    }
    return {};
}

// -------------------------------------------------------- serializing

/// The text of a scalar in a label, query or header (validated input).
inline std::string scalar_text(const model_info& m, const member_info& mi, std::uint16_t si,
                               const boost::json::value& v, ts_format location_default) {
    const shape_info& s = m.shapes[si];
    switch (s.kind) {
    case shape_kind::string:
    case shape_kind::enumeration: return std::string(v.get_string().data(), v.get_string().size());
    case shape_kind::boolean: return v.get_bool() ? "true" : "false";
    case shape_kind::float_:
    case shape_kind::double_: return format_number(*number(v));
    case shape_kind::timestamp: return format_timestamp(*read_timestamp(v), effective(mi.format, s.format, location_default));
    default:
        if (is_integer_kind(s.kind)) return std::to_string(*integral(v));
        return {};
    }
}

/// Writes a validated value of shape `si` as compact JSON.
inline void write_json(const model_info& m, std::uint16_t si, ts_format member_format, const boost::json::value& v,
                       std::string& out) {
    const shape_info& s = m.shapes[si];
    switch (s.kind) {
    case shape_kind::structure: {
        out.push_back('{');
        bool first = true;
        const auto& o = v.get_object();
        for (std::uint16_t i = 0; i < s.member_count; ++i) {
            const member_info& mi = s.members[i];
            const auto* mv = o.if_contains(boost::json::string_view(mi.name.data(), mi.name.size()));
            if (!mv || mv->is_null()) continue;
            if (!first) out.push_back(',');
            first = false;
            append_json_string(out, mi.wire);
            out.push_back(':');
            write_json(m, mi.target, mi.format, *mv, out);
        }
        out.push_back('}');
        return;
    }
    case shape_kind::list: {
        out.push_back('[');
        bool first = true;
        for (const auto& e : v.get_array()) {
            if (!first) out.push_back(',');
            first = false;
            if (e.is_null()) out.append("null");
            else write_json(m, s.element, ts_format::unset, e, out);
        }
        out.push_back(']');
        return;
    }
    case shape_kind::map: {
        // Entries in key order (bytes compared as unsigned char, as
        // std::map<std::string, T> orders them), so the typed structures and
        // the JSON form write the same bytes whatever order the input had.
        std::vector<const boost::json::key_value_pair*> entries;
        entries.reserve(v.get_object().size());
        for (const auto& kv : v.get_object()) entries.push_back(&kv);
        std::sort(entries.begin(), entries.end(), [](const auto* a, const auto* b) {
            return std::string_view(a->key().data(), a->key().size()) < std::string_view(b->key().data(), b->key().size());
        });
        out.push_back('{');
        bool first = true;
        for (const auto* e : entries) {
            const auto& kv = *e;
            if (!first) out.push_back(',');
            first = false;
            append_json_string(out, std::string_view(kv.key().data(), kv.key().size()));
            out.push_back(':');
            if (kv.value().is_null()) out.append("null");
            else write_json(m, s.element, ts_format::unset, kv.value(), out);
        }
        out.push_back('}');
        return;
    }
    case shape_kind::string:
    case shape_kind::enumeration:
        append_json_string(out, std::string_view(v.get_string().data(), v.get_string().size()));
        return;
    case shape_kind::boolean: out.append(v.get_bool() ? "true" : "false"); return;
    case shape_kind::float_:
    case shape_kind::double_: {
        const double d = *number(v);
        if (std::isfinite(d)) out.append(format_number(d));
        else append_json_string(out, format_number(d));
        return;
    }
    case shape_kind::timestamp: {
        const auto f = effective(member_format, s.format, ts_format::epoch_seconds);
        const std::string t = format_timestamp(*read_timestamp(v), f);
        if (f == ts_format::epoch_seconds) out.append(t);
        else append_json_string(out, t);
        return;
    }
    case shape_kind::unit: out.append("{}"); return;
    default:
        if (is_integer_kind(s.kind)) out.append(std::to_string(*integral(v)));
        return;
    }
}

/// True when the input structure has members that go in the body.
inline bool has_body_members(const model_info& m, std::uint16_t input) noexcept {
    const shape_info& s = m.shapes[input];
    if (s.kind != shape_kind::structure) return false;
    for (std::uint16_t i = 0; i < s.member_count; ++i)
        if (s.members[i].where == binding::body) return true;
    return false;
}

inline const member_info* find_member_by_wire(const shape_info& s, std::string_view wire, binding b) noexcept {
    for (std::uint16_t i = 0; i < s.member_count; ++i)
        if (s.members[i].wire == wire && (s.members[i].where == b || (b == binding::label && s.members[i].where == binding::greedy_label)))
            return &s.members[i];
    return nullptr;
}

/// Builds the unsigned request for a validated input (see the file comment).
inline std::expected<http_request, error> build_request(const model_info& m, const operation_info& op,
                                                        const boost::json::value& input, const endpoint& ep,
                                                        std::string_view app_id, const serialize_options& opt) {
    if (ep.host.empty() || !is_field_value(ep.host))
        return std::unexpected(error::make(error_category::endpoint, "the endpoint has no usable host"));
    if (ep.scheme != "https" && ep.scheme != "http")
        return std::unexpected(error::make(error_category::endpoint, "the endpoint scheme must be https or http"));
    static const boost::json::object empty_object;
    const boost::json::object& in = input.is_object() ? input.get_object() : empty_object;
    const shape_info& is = m.shapes[op.input];
    const bool structured = is.kind == shape_kind::structure;

    http_request r;
    r.method.assign(op.method);
    r.scheme = ep.scheme;
    r.host = ep.host;
    // Path: the uri's path with labels substituted.
    const std::size_t q = op.uri.find('?');
    const std::string_view upath = op.uri.substr(0, q);
    r.path.assign(ep.path);
    for (std::size_t i = 0; i < upath.size();) {
        if (upath[i] != '{') { r.path.push_back(upath[i++]); continue; }
        const std::size_t close = upath.find('}', i);
        std::string_view label = upath.substr(i + 1, close - i - 1);
        const bool greedy = !label.empty() && label.back() == '+';
        if (greedy) label.remove_suffix(1);
        i = close + 1;
        const member_info* mi = structured ? find_member_by_wire(is, label, binding::label) : nullptr;
        const auto* v = mi ? in.if_contains(boost::json::string_view(mi->name.data(), mi->name.size())) : nullptr;
        if (!mi || !v || v->is_null()) {
            std::string p(mi ? mi->name : label);
            return invalid(p, "is required (@httpLabel) but missing");
        }
        const std::string text = scalar_text(m, *mi, mi->target, *v, ts_format::date_time);
        if (text.empty()) return invalid(std::string(mi->name), "is empty; an @httpLabel must not be empty");
        percent_encode_append(r.path, text, greedy);
    }
    // Query: constant part, then members in model order.
    if (q != std::string_view::npos) r.query.assign(op.uri.substr(q + 1));
    auto add_pair = [&](std::string_view k, std::string_view val) {
        if (!r.query.empty()) r.query.push_back('&');
        percent_encode_append(r.query, k);
        r.query.push_back('=');
        percent_encode_append(r.query, val);
    };
    std::vector<http_header> bound_headers;
    if (structured) {
        for (std::uint16_t i = 0; i < is.member_count; ++i) {
            const member_info& mi = is.members[i];
            if (mi.where != binding::query && mi.where != binding::header) continue;
            const auto* v = in.if_contains(boost::json::string_view(mi.name.data(), mi.name.size()));
            if (!v || v->is_null()) continue;
            const shape_info& ts = m.shapes[mi.target];
            const ts_format loc = mi.where == binding::query ? ts_format::date_time : ts_format::http_date;
            if (ts.kind == shape_kind::list) {
                std::string joined;
                for (const auto& e : v->get_array()) {
                    if (e.is_null()) continue;
                    const std::string t = scalar_text(m, mi, ts.element, e, loc);
                    if (mi.where == binding::query) add_pair(mi.wire, t);
                    else {
                        if (!joined.empty()) joined.append(", ");
                        joined.append(t);
                    }
                }
                if (mi.where == binding::header && !v->get_array().empty())
                    bound_headers.push_back({std::string(mi.wire), std::move(joined)});
            } else if (mi.where == binding::query) {
                add_pair(mi.wire, scalar_text(m, mi, mi.target, *v, loc));
            } else {
                bound_headers.push_back({std::string(mi.wire), scalar_text(m, mi, mi.target, *v, loc)});
            }
        }
    }
    for (const auto& h : bound_headers)
        if (!is_field_value(h.value))
            return invalid(std::string(h.name), "cannot be sent in a header (control characters)");
    // Body.
    const bool body = has_body_members(m, op.input);
    if (body) {
        std::string out;
        out.push_back('{');
        bool first = true;
        for (std::uint16_t i = 0; i < is.member_count; ++i) {
            const member_info& mi = is.members[i];
            if (mi.where != binding::body) continue;
            const auto* v = in.if_contains(boost::json::string_view(mi.name.data(), mi.name.size()));
            if (!v || v->is_null()) continue;
            if (!first) out.push_back(',');
            first = false;
            append_json_string(out, mi.wire);
            out.push_back(':');
            write_json(m, mi.target, mi.format, *v, out);
            if (out.size() > opt.max_body_bytes) break;
        }
        out.push_back('}');
        if (out.size() > opt.max_body_bytes)
            return std::unexpected(error::make(
                error_category::validation, "the JSON body would be more than serialize_options::max_body_bytes (" +
                                                std::to_string(opt.max_body_bytes) + ")"));
        r.body = std::move(out);
    }
    std::string ua = make_user_agent(app_id);
    r.headers.reserve(5 + bound_headers.size() + opt.signer_header_headroom);
    r.headers.push_back({"host", ep.host});
    if (body) r.headers.push_back({"content-type", std::string(json_content_type)});
    // RFC 9110 section 8.6: a POST/PUT/PATCH without content says Content-Length: 0.
    if (body || op.method == "POST" || op.method == "PUT" || op.method == "PATCH")
        r.headers.push_back({"content-length", std::to_string(r.body.size())});
    for (auto& h : bound_headers) r.headers.push_back(std::move(h));
    if (opt.send_x_amz_user_agent) r.headers.push_back({"x-amz-user-agent", ua});
    r.headers.push_back({"user-agent", std::move(ua)});
    r.signing = signing_scope{ep.signing_region, ep.signing_name};
    return r;
}

/// Validates `input` (CLI JSON form) and builds the request.
inline std::expected<http_request, error> serialize(const model_info& m, const operation_info& op,
                                                    const boost::json::value& input, const endpoint& ep,
                                                    std::string_view app_id, const serialize_options& opt) {
    std::string path;
    if (auto v = validate(m, op.input, input, path); !v) {
        auto e = std::move(v.error());
        e.message = std::string(op.name) + " input: " + e.message;
        return std::unexpected(std::move(e));
    }
    return build_request(m, op, input, ep, app_id, opt);
}

/// serialize() after resolving the endpoint from the configuration.
inline std::expected<http_request, error> serialize(const model_info& m, const operation_info& op,
                                                    const boost::json::value& input, const client_config& config,
                                                    const serialize_options& opt) {
    std::string path;
    if (auto v = validate(m, op.input, input, path); !v) {
        auto e = std::move(v.error());
        e.message = std::string(op.name) + " input: " + e.message;
        return std::unexpected(std::move(e));
    }
    auto ep = resolve_endpoint(config);
    if (!ep) return std::unexpected(std::move(ep.error()));
    return build_request(m, op, input, *ep, config.app_id, opt);
}

// ------------------------------------------------------------ parsing

/// The zero value of a shape (Smithy 2.0 "client error correction"):
/// "" for strings and enums, 0, false, [], {}, a structure with its own
/// required members corrected, the epoch for timestamps.
inline boost::json::value zero_value(const model_info& m, std::uint16_t si, int depth = 0) {
    const shape_info& s = m.shapes[si];
    switch (s.kind) {
    case shape_kind::string:
    case shape_kind::enumeration: return boost::json::string();
    case shape_kind::boolean: return false;
    case shape_kind::float_:
    case shape_kind::double_: return 0.0;
    case shape_kind::timestamp: return boost::json::string(format_date_time(timestamp{}));
    case shape_kind::list: return boost::json::array();
    case shape_kind::map: return boost::json::object();
    case shape_kind::structure: {
        boost::json::object o;
        if (depth < 16)
            for (std::uint16_t i = 0; i < s.member_count; ++i)
                if (s.members[i].required && s.members[i].where == binding::body)
                    o.emplace(boost::json::string_view(s.members[i].name.data(), s.members[i].name.size()),
                              zero_value(m, s.members[i].target, depth + 1));
        return o;
    }
    case shape_kind::unit: return boost::json::object();
    default: return std::int64_t{0};
    }
}

/// Converts a received JSON value of shape `si` into the CLI JSON form:
/// model member names, unknown members dropped, null members dropped,
/// missing @required members given their zero value (zero_value),
/// timestamps as RFC 3339 strings (UTC). On a mismatch, returns false with
/// `problem` set ("PhoneNumbers[2].Status: expected string, got number").
inline bool read_json(const model_info& m, std::uint16_t si, ts_format member_format, const boost::json::value& v,
                      std::string& path, boost::json::value& out, std::string& problem) {
    const shape_info& s = m.shapes[si];
    auto mismatch = [&](std::string_view t) {
        problem = where(path) + ": expected " + std::string(t) + ", got " + kind_text(v);
        return false;
    };
    switch (s.kind) {
    case shape_kind::structure: {
        if (!v.is_object()) return mismatch("object");
        const auto& o = v.get_object();
        boost::json::object res;
        for (std::uint16_t i = 0; i < s.member_count; ++i) {
            const member_info& mi = s.members[i];
            if (mi.where != binding::body) continue;
            const auto* mv = o.if_contains(boost::json::string_view(mi.wire.data(), mi.wire.size()));
            if (!mv || mv->is_null()) {
                // Smithy 2.0 "client error correction": a @required member
                // the response lacks gets its zero value, so the output has
                // every required member (as the typed structures, which hold
                // required members without std::optional, do).
                if (mi.required)
                    res.emplace(boost::json::string_view(mi.name.data(), mi.name.size()), zero_value(m, mi.target));
                continue;
            }
            const auto n = path.size();
            append_member(path, mi.name);
            boost::json::value conv;
            if (!read_json(m, mi.target, mi.format, *mv, path, conv, problem)) return false;
            path.resize(n);
            res.emplace(boost::json::string_view(mi.name.data(), mi.name.size()), std::move(conv));
        }
        out = std::move(res);
        return true;
    }
    case shape_kind::list: {
        if (!v.is_array()) return mismatch("array");
        boost::json::array res;
        const auto& a = v.get_array();
        for (std::size_t i = 0; i < a.size(); ++i) {
            if (a[i].is_null()) {
                if (s.sparse) res.emplace_back(nullptr);
                continue; // a dense list: a null element is skipped
            }
            const auto n = path.size();
            append_index(path, i);
            boost::json::value conv;
            if (!read_json(m, s.element, ts_format::unset, a[i], path, conv, problem)) return false;
            path.resize(n);
            res.push_back(std::move(conv));
        }
        out = std::move(res);
        return true;
    }
    case shape_kind::map: {
        if (!v.is_object()) return mismatch("object");
        boost::json::object res;
        for (const auto& kv : v.get_object()) {
            if (kv.value().is_null()) {
                if (s.sparse) res[kv.key()] = nullptr;
                continue;
            }
            const auto n = path.size();
            append_key(path, std::string_view(kv.key().data(), kv.key().size()));
            boost::json::value conv;
            if (!read_json(m, s.element, ts_format::unset, kv.value(), path, conv, problem)) return false;
            path.resize(n);
            res[kv.key()] = std::move(conv);
        }
        out = std::move(res);
        return true;
    }
    case shape_kind::string:
    case shape_kind::enumeration:
        if (!v.is_string()) return mismatch("string");
        out = v.get_string();
        return true;
    case shape_kind::boolean:
        if (!v.is_bool()) return mismatch("boolean");
        out = v.get_bool();
        return true;
    case shape_kind::float_:
    case shape_kind::double_: {
        const auto d = number(v);
        if (!d) return mismatch("number");
        if (std::isfinite(*d)) out = *d;
        else out = boost::json::string(format_number(*d));
        return true;
    }
    case shape_kind::timestamp: {
        const auto f = effective(member_format, s.format, ts_format::epoch_seconds);
        std::optional<timestamp> t;
        if (v.is_string() && f == ts_format::http_date) {
            if (auto h = parse_http_date(std::string_view(v.get_string()), std::chrono::sys_seconds{}))
                t = std::chrono::time_point_cast<std::chrono::milliseconds>(*h);
        } else {
            t = read_timestamp(v);
        }
        if (!t) return mismatch("timestamp");
        out = boost::json::string(format_date_time(*t));
        return true;
    }
    case shape_kind::unit: out = boost::json::object(); return true;
    default:
        if (is_integer_kind(s.kind)) {
            const auto i = integral(v);
            if (!i) return mismatch("integer");
            const auto [lo, hi] = integer_limits(s.kind);
            if (*i < lo || *i > hi) {
                problem = where(path) + ": " + std::to_string(*i) + " does not fit shape " + std::string(s.name);
                return false;
            }
            out = *i;
            return true;
        }
        return mismatch("value");
    }
}

/// Reads a response of operation `op` into the CLI JSON form of its output
/// (or the error). Status outside 100..599 or too many headers: malformed;
/// non-2xx: make_service_error with the operation's errors; 2xx (any 2xx:
/// the model's code is what the service sends, the SDKs accept any 2xx):
/// the body (empty means `{}`) must be a JSON object matching the output.
inline std::expected<boost::json::value, error> parse(const model_info& m, const operation_info& op,
                                                      const http_response_view& r,
                                                      const response_parse_options& opt) {
    if (r.status < 100 || r.status > 599)
        return std::unexpected(make_malformed_response_error(
            r, "HTTP status " + std::to_string(r.status) + " is outside 100..599"));
    if (r.headers.size() > opt.max_headers)
        return std::unexpected(make_malformed_response_error(
            r, "the response has " + std::to_string(r.headers.size()) +
                   " header fields, more than response_parse_options::max_headers (" +
                   std::to_string(opt.max_headers) + ")"));
    if (r.status < 200 || r.status > 299) return std::unexpected(make_service_error(r, op.errors, opt.errors));
    if (r.body.size() > opt.max_body_bytes)
        return std::unexpected(make_malformed_response_error(
            r, "the body is " + std::to_string(r.body.size()) +
                   " bytes, more than response_parse_options::max_body_bytes (" + std::to_string(opt.max_body_bytes) +
                   ")"));
    const shape_info& os = m.shapes[op.output];
    boost::json::value body = boost::json::object();
    if (!is_json_blank(r.body)) {
        boost::json::parse_options po;
        po.max_depth = opt.max_depth;
        boost::system::error_code ec;
        body = boost::json::parse(boost::json::string_view(r.body.data(), r.body.size()), ec, {}, po);
        if (ec) {
            std::string msg = "the body is not valid JSON: " + ec.message();
            if (const auto u = validate_utf8(r.body); !u.ok)
                msg = "the body is not valid JSON: invalid UTF-8 (" + std::string(u.reason) + ") at byte " +
                      std::to_string(u.offset);
            if (ec == boost::json::error::too_deep)
                msg += "; response_parse_options::max_depth is " + std::to_string(opt.max_depth);
            return std::unexpected(make_malformed_response_error(r, std::move(msg)));
        }
    }
    if (os.kind == shape_kind::unit) {
        if (!body.is_object()) return std::unexpected(make_malformed_response_error(r, "output: expected object, got " + kind_text(body)));
        return boost::json::value(boost::json::object());
    }
    std::string path, problem;
    boost::json::value out;
    if (!read_json(m, op.output, ts_format::unset, body, path, out, problem))
        return std::unexpected(make_malformed_response_error(r, std::move(problem)));
    // Members bound to headers and the status code (protocol tests).
    auto& o = out.get_object();
    for (std::uint16_t i = 0; i < os.member_count; ++i) {
        const member_info& mi = os.members[i];
        const boost::json::string_view key(mi.name.data(), mi.name.size());
        if (mi.where == binding::response_code) {
            o[key] = r.status;
        } else if (mi.where == binding::header) {
            const auto h = r.find_header(mi.wire);
            if (!h) continue;
            const shape_info& ts = m.shapes[mi.target];
            if (ts.kind == shape_kind::string || ts.kind == shape_kind::enumeration) {
                o[key] = boost::json::string(std::string_view(*h));
            } else if (ts.kind == shape_kind::boolean) {
                if (*h == "true") o[key] = true;
                else if (*h == "false") o[key] = false;
                else return std::unexpected(make_malformed_response_error(r, std::string(mi.name) + ": expected true or false in header " + std::string(mi.wire)));
            } else if (is_integer_kind(ts.kind)) {
                std::int64_t x = 0;
                const auto res = std::from_chars(h->data(), h->data() + h->size(), x);
                if (res.ec != std::errc{} || res.ptr != h->data() + h->size())
                    return std::unexpected(make_malformed_response_error(r, std::string(mi.name) + ": expected an integer in header " + std::string(mi.wire)));
                o[key] = x;
            }
        }
    }
    return out;
}

// ------------------------------------------------ typed conversion glue

inline boost::json::value to_json(const std::string& s) { return boost::json::string(std::string_view(s)); }
inline boost::json::value to_json(bool b) { return boost::json::value(b); }
inline boost::json::value to_json(std::int32_t i) { return boost::json::value(static_cast<std::int64_t>(i)); }
inline boost::json::value to_json(std::int64_t i) { return boost::json::value(i); }
inline boost::json::value to_json(double d) {
    if (std::isfinite(d)) return boost::json::value(d);
    return boost::json::string(format_number(d));
}
inline boost::json::value to_json(timestamp t) { return boost::json::string(format_date_time(t)); }

inline void from_json(const boost::json::value& v, std::string& out) {
    if (v.is_string()) out.assign(v.get_string().data(), v.get_string().size());
}
inline void from_json(const boost::json::value& v, bool& out) {
    if (v.is_bool()) out = v.get_bool();
}
inline void from_json(const boost::json::value& v, std::int32_t& out) {
    if (auto i = integral(v)) out = static_cast<std::int32_t>(*i);
}
inline void from_json(const boost::json::value& v, std::int64_t& out) {
    if (auto i = integral(v)) out = *i;
}
inline void from_json(const boost::json::value& v, double& out) {
    if (auto d = number(v)) out = *d;
}
inline void from_json(const boost::json::value& v, timestamp& out) {
    if (auto t = read_timestamp(v)) out = *t;
}

// Printing (operator<< of the generated structures).
inline void print(std::ostream& os, const std::string& s) { os << '"' << s << '"'; }
inline void print(std::ostream& os, bool b) { os << (b ? "true" : "false"); }
inline void print(std::ostream& os, std::int32_t i) { os << i; }
inline void print(std::ostream& os, std::int64_t i) { os << i; }
inline void print(std::ostream& os, double d) { os << format_number(d); }
inline void print(std::ostream& os, timestamp t) { os << format_date_time(t); }
template <class T> void print(std::ostream& os, const std::vector<T>& v);
template <class T> void print(std::ostream& os, const std::map<std::string, T>& v);
template <class T> void print(std::ostream& os, const T& structure) { os << structure; }
template <class T> void print(std::ostream& os, const std::vector<T>& v) {
    os << '[';
    for (std::size_t i = 0; i < v.size(); ++i) {
        if (i) os << ", ";
        print(os, v[i]);
    }
    os << ']';
}
template <class T> void print(std::ostream& os, const std::map<std::string, T>& v) {
    os << '{';
    bool first = true;
    for (const auto& [k, x] : v) {
        if (!first) os << ", ";
        first = false;
        os << '"' << k << "\": ";
        print(os, x);
    }
    os << '}';
}

/// Separator state for the generated operator<<.
struct field_printer {
    std::ostream& os;
    bool first = true;
    template <class T> void field(std::string_view name, const T& v) {
        os << (first ? "" : ", ") << name << '=';
        first = false;
        print(os, v);
    }
    template <class T> void field(std::string_view name, const std::optional<T>& v) {
        if (v) field(name, *v);
    }
    void redacted(std::string_view name, bool present) {
        if (!present) return;
        os << (first ? "" : ", ") << name << "=<redacted>";
        first = false;
    }
};

} // namespace chime_voice::detail::rj

#endif
