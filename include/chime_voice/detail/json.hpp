// SPDX-License-Identifier: BSL-1.0
// detail/json.hpp — JSON string escaping and Boost.JSON glue (not API).
//
// Writing: RFC 8259 section 7. Only what the grammar requires is escaped:
// '"', '\\' and the control characters U+0000..U+001F (as \b \f \n \r \t or
// \u00XX). Everything else, including DEL, U+2028 and U+2029, is written as
// raw UTF-8, the same bytes JavaScript's JSON.stringify produces. The input
// must already be valid UTF-8 (detail/utf8.hpp); these functions copy bytes.
//
// Reading: helpers shared by the response parsers, which use the
// non-throwing Boost.JSON API only.
#ifndef CHIME_VOICE_DETAIL_JSON_HPP
#define CHIME_VOICE_DETAIL_JSON_HPP

#include <chime_voice/config.hpp>

#include <boost/json/kind.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace chime_voice::detail {

/// Bytes each input byte takes once escaped (RFC 8259 section 7).
inline constexpr std::array<std::uint8_t, 256> json_escape_width = [] {
    std::array<std::uint8_t, 256> t{};
    for (std::size_t c = 0; c < 256; ++c) t[c] = 1;
    for (std::size_t c = 0; c < 0x20; ++c) t[c] = 6; // \u00XX
    t['\b'] = t['\f'] = t['\n'] = t['\r'] = t['\t'] = 2;
    t['"'] = t['\\'] = 2;
    return t;
}();

/// Size of `s` escaped, without the surrounding quotes.
constexpr std::size_t json_escaped_size(std::string_view s) noexcept {
    std::size_t n = 0;
    for (char c : s) n += json_escape_width[static_cast<unsigned char>(c)];
    return n;
}

/// Writes `s` escaped (without quotes) at `out`, which must have room for
/// json_escaped_size(s) bytes. Returns one past the last byte written.
constexpr char* write_json_escaped(char* out, std::string_view s) noexcept {
    constexpr char hex[] = "0123456789abcdef";
    const char* p = s.data();
    const char* const end = p + s.size();
    while (p != end) {
        // Copy the longest run that needs no escaping in one go.
        const char* run = p;
        while (p != end && json_escape_width[static_cast<unsigned char>(*p)] == 1) ++p;
        if (p != run) {
            for (const char* q = run; q != p; ++q) *out++ = *q;
            if (p == end) break;
        }
        const auto c = static_cast<unsigned char>(*p++);
        *out++ = '\\';
        switch (c) {
        case '"': *out++ = '"'; break;
        case '\\': *out++ = '\\'; break;
        case '\b': *out++ = 'b'; break;
        case '\f': *out++ = 'f'; break;
        case '\n': *out++ = 'n'; break;
        case '\r': *out++ = 'r'; break;
        case '\t': *out++ = 't'; break;
        default:
            *out++ = 'u'; *out++ = '0'; *out++ = '0';
            *out++ = hex[c >> 4]; *out++ = hex[c & 0xF];
        }
    }
    return out;
}

/// Appends `"` + escaped `s` + `"` to `out`. May throw std::bad_alloc.
inline void append_json_string(std::string& out, std::string_view s) {
    const std::size_t old = out.size();
    const std::size_t n = json_escaped_size(s) + 2;
    // The lambda returns the size we asked for, not its second argument:
    // libstdc++ 12 passes the capacity there, not the requested size.
    out.resize_and_overwrite(old + n, [&](char* p, std::size_t) {
        p += old;
        *p++ = '"';
        p = write_json_escaped(p, s);
        *p = '"';
        return old + n;
    });
}

/// Exact size of `{"<member>":["<s0>","<s1>",...]}` (compact, no spaces).
/// `member` is a model member name and is written as is (it needs no escaping).
template <class String>
constexpr std::size_t string_list_object_size(std::string_view member,
                                              std::span<const String> items) noexcept {
    // {"  member  ":[  ...  ]}
    std::size_t n = 2 + member.size() + 3 + 2;
    for (const auto& s : items) n += json_escaped_size(std::string_view(s)) + 2;
    if (!items.empty()) n += items.size() - 1; // commas
    return n;
}

/// Writes `{"<member>":[...]}` with one allocation of the exact size.
/// May throw std::bad_alloc.
template <class String>
std::string write_string_list_object(std::string_view member, std::span<const String> items) {
    std::string out;
    const std::size_t n = string_list_object_size(member, items);
    out.resize_and_overwrite(n, [&](char* p, std::size_t) { // returns n (see append_json_string)
        *p++ = '{'; *p++ = '"';
        for (char c : member) *p++ = c;
        *p++ = '"'; *p++ = ':'; *p++ = '[';
        bool first = true;
        for (const auto& s : items) {
            if (!first) *p++ = ',';
            first = false;
            *p++ = '"';
            p = write_json_escaped(p, std::string_view(s));
            *p++ = '"';
        }
        *p++ = ']'; *p = '}';
        return n;
    });
    return out;
}

/// "object", "array", "string", "number", "boolean" or "null": the JSON
/// (RFC 8259) name of a Boost.JSON kind, for error messages.
constexpr std::string_view json_kind_name(boost::json::kind k) noexcept {
    switch (k) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "number";
    case boost::json::kind::string: return "string";
    case boost::json::kind::array: return "array";
    case boost::json::kind::object: return "object";
    }
    return "?";
}

/// True when `s` holds only JSON whitespace (RFC 8259 section 2: space, tab,
/// LF, CR) or nothing.
constexpr bool is_json_blank(std::string_view s) noexcept {
    for (char c : s)
        if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
    return true;
}

} // namespace chime_voice::detail

#endif
