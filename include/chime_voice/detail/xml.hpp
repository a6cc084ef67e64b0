// SPDX-License-Identifier: BSL-1.0
// detail/xml.hpp — a small XML reader for the few documents the library
// reads: the STS AssumeRole / AssumeRoleWithWebIdentity responses and the
// STS (awsQuery) error document (not API; fuzzed by fuzz_sts_response).
//
// What it accepts is a subset of XML 1.0 (W3C REC-xml, fifth edition):
// an optional prolog (`<?xml ...?>`, comments, processing instructions),
// one root element, nested elements with attributes (skipped), character
// data with the five predefined entities and character references
// (section 4.6 and 4.1), CDATA sections, comments. It refuses a DOCTYPE
// (no DTD, so no entity expansion of any kind), mismatched or unclosed tags,
// more than `max_xml_depth` levels, and text outside the root. Namespace
// prefixes are dropped from element names (`sts:Credentials` is
// `Credentials`); the default namespace is ignored.
//
// The reader does not allocate: it reports each leaf element (one without
// child elements) with its path and its raw text as views into the input;
// decode_xml_text() turns the raw text into characters.
#ifndef CHIME_VOICE_DETAIL_XML_HPP
#define CHIME_VOICE_DETAIL_XML_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chime_voice::detail {

inline constexpr std::size_t max_xml_depth = 16;

/// The element names from the root to a leaf, e.g. {"AssumeRoleResponse",
/// "AssumeRoleResult", "Credentials", "AccessKeyId"}; views into the input.
struct xml_path {
    std::array<std::string_view, max_xml_depth> names{}; ///< local names, root first
    std::size_t size = 0;                                 ///< how many of `names` are used

    /// True when the path is exactly `expected` (names compared exactly).
    bool is(std::initializer_list<std::string_view> expected) const noexcept {
        if (expected.size() != size) return false;
        std::size_t i = 0;
        for (std::string_view e : expected)
            if (names[i++] != e) return false;
        return true;
    }
};

constexpr bool xml_space(char c) noexcept { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
constexpr bool xml_name_char(char c) noexcept {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
           c == '.' || c == ':' || static_cast<unsigned char>(c) >= 0x80;
}

/// Calls `on_leaf(const xml_path&, std::string_view raw_text)` for every leaf
/// element, in document order. Returns false (after possibly some calls)
/// when the document is not in the accepted subset.
template <class OnLeaf>
bool scan_xml(std::string_view doc, OnLeaf&& on_leaf) {
    xml_path path;
    std::size_t i = 0;
    const std::size_t n = doc.size();
    bool root_seen = false, root_closed = false;
    bool has_child = false;          // the current element has a child element
    std::size_t text_start = 0;      // where the current element's content starts
    auto skip_to = [&](std::string_view end) noexcept {
        const std::size_t p = doc.find(end, i);
        if (p == std::string_view::npos) return false;
        i = p + end.size();
        return true;
    };
    while (i < n) {
        if (doc[i] != '<') {
            if (path.size == 0 && !xml_space(doc[i])) return false; // text outside the root
            ++i;
            continue;
        }
        if (doc.substr(i, 4) == "<!--") {
            i += 4;
            if (!skip_to("-->")) return false;
            continue;
        }
        if (doc.substr(i, 9) == "<![CDATA[") {
            if (path.size == 0) return false;
            i += 9;
            if (!skip_to("]]>")) return false;
            continue;
        }
        if (doc.substr(i, 2) == "<!") return false; // DOCTYPE or other declarations: refused
        if (doc.substr(i, 2) == "<?") {
            i += 2;
            if (!skip_to("?>")) return false;
            continue;
        }
        const bool closing = i + 1 < n && doc[i + 1] == '/';
        std::size_t p = i + (closing ? 2 : 1);
        const std::size_t name_start = p;
        while (p < n && xml_name_char(doc[p])) ++p;
        if (p == name_start) return false;
        std::string_view name = doc.substr(name_start, p - name_start);
        if (const auto colon = name.rfind(':'); colon != std::string_view::npos) name.remove_prefix(colon + 1);
        if (name.empty()) return false;
        // Skip attributes up to '>' (quoted values may contain '>').
        char quote = 0;
        while (p < n && (quote != 0 || doc[p] != '>')) {
            if (quote != 0) {
                if (doc[p] == quote) quote = 0;
            } else if (doc[p] == '"' || doc[p] == '\'') {
                quote = doc[p];
            } else if (doc[p] == '<') {
                return false;
            }
            ++p;
        }
        if (p >= n) return false;
        const bool self_closing = !closing && doc[p - 1] == '/';
        const std::size_t tag_start = i;
        i = p + 1;
        if (closing) {
            if (path.size == 0 || path.names[path.size - 1] != name) return false;
            if (!has_child) on_leaf(path, doc.substr(text_start, tag_start - text_start));
            --path.size;
            has_child = true; // the parent has (at least) this child
            if (path.size == 0) root_closed = true;
            continue;
        }
        if (root_closed || (path.size == 0 && root_seen)) return false; // a second root
        if (path.size == max_xml_depth) return false;
        root_seen = true;
        path.names[path.size++] = name;
        if (self_closing) {
            on_leaf(path, doc.substr(p, 0)); // empty, but a view into the document
            --path.size;
            has_child = true;
            if (path.size == 0) root_closed = true;
            continue;
        }
        has_child = false;
        text_start = i;
    }
    return root_closed && path.size == 0;
}

/// Appends the UTF-8 encoding of code point `cp`; false for a surrogate,
/// zero or a value above U+10FFFF (not XML Chars).
inline bool append_utf8(std::string& out, std::uint32_t cp) {
    if (cp == 0 || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF) return false;
    if (cp < 0x80) {
        out.push_back(static_cast<char>(cp));
    } else if (cp < 0x800) {
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
    return true;
}

/// Decodes the raw text of a leaf (entities, character references, CDATA
/// sections, comments dropped) into `out`, which is cleared first. The
/// result is never longer than `raw`, and `out` gets its capacity once
/// (reserve) so that a secret decoded into it is never copied by a
/// reallocation. Surrounding whitespace is trimmed (the STS documents
/// indent nothing inside leaves, and keys never start with a blank). False
/// for an unknown entity or a bad character reference.
inline bool decode_xml_text(std::string_view raw, std::string& out) {
    out.clear();
    out.reserve(raw.size() + 4);
    std::size_t i = 0;
    while (i < raw.size()) {
        const char c = raw[i];
        if (c == '<') {
            if (raw.substr(i, 9) == "<![CDATA[") {
                const std::size_t end = raw.find("]]>", i + 9);
                if (end == std::string_view::npos) return false;
                out.append(raw.substr(i + 9, end - i - 9));
                i = end + 3;
            } else if (raw.substr(i, 4) == "<!--") {
                const std::size_t end = raw.find("-->", i + 4);
                if (end == std::string_view::npos) return false;
                i = end + 3;
            } else if (raw.substr(i, 2) == "<?") {
                const std::size_t end = raw.find("?>", i + 2);
                if (end == std::string_view::npos) return false;
                i = end + 2;
            } else {
                return false;
            }
            continue;
        }
        if (c != '&') {
            out.push_back(c);
            ++i;
            continue;
        }
        const std::size_t semi = raw.find(';', i);
        if (semi == std::string_view::npos || semi - i > 10) return false;
        const std::string_view ent = raw.substr(i + 1, semi - i - 1);
        i = semi + 1;
        if (ent == "lt") out.push_back('<');
        else if (ent == "gt") out.push_back('>');
        else if (ent == "amp") out.push_back('&');
        else if (ent == "quot") out.push_back('"');
        else if (ent == "apos") out.push_back('\'');
        else if (ent.size() >= 2 && ent[0] == '#') {
            std::uint32_t cp = 0;
            const bool hex = ent[1] == 'x';
            const std::string_view digits = ent.substr(hex ? 2 : 1);
            if (digits.empty() || digits.size() > 6) return false;
            for (char d : digits) {
                int v = -1;
                if (d >= '0' && d <= '9') v = d - '0';
                else if (hex && d >= 'a' && d <= 'f') v = d - 'a' + 10;
                else if (hex && d >= 'A' && d <= 'F') v = d - 'A' + 10;
                if (v < 0) return false;
                cp = cp * (hex ? 16u : 10u) + static_cast<std::uint32_t>(v);
            }
            if (!append_utf8(out, cp)) return false;
        } else {
            return false;
        }
    }
    // Trim XML whitespace in place (no reallocation).
    std::size_t b = 0, e = out.size();
    while (b < e && xml_space(out[b])) ++b;
    while (e > b && xml_space(out[e - 1])) --e;
    if (b != 0 || e != out.size()) {
        for (std::size_t k = b; k < e; ++k) out[k - b] = out[k];
        for (std::size_t k = e - b; k < out.size(); ++k) out[k] = '\0';
        out.resize(e - b);
    }
    return true;
}

} // namespace chime_voice::detail

#endif
