// SPDX-License-Identifier: BSL-1.0
// detail/percent_encoding.hpp — RFC 3986 percent-encoding as SigV4 uses it.
//
// SigV4 ("Create a canonical request", AWS General Reference) encodes every
// byte except the RFC 3986 section 2.3 unreserved characters
// A-Z a-z 0-9 - . _ ~ as %XY with upper-case hex digits.
#ifndef CHIME_VOICE_DETAIL_PERCENT_ENCODING_HPP
#define CHIME_VOICE_DETAIL_PERCENT_ENCODING_HPP

#include <chime_voice/detail/ascii.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chime_voice::detail {

/// RFC 3986 section 2.3 unreserved set, as a 256-entry table.
inline constexpr std::array<bool, 256> unreserved_table = [] {
    std::array<bool, 256> t{};
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
    t['-'] = t['.'] = t['_'] = t['~'] = true;
    return t;
}();

constexpr bool is_unreserved(unsigned char c) noexcept { return unreserved_table[c]; }

/// Number of bytes percent_encode() writes for `s` (keep_slash: '/' stays).
constexpr std::size_t percent_encoded_size(std::string_view s, bool keep_slash) noexcept {
    std::size_t n = 0;
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        n += (is_unreserved(c) || (keep_slash && c == '/')) ? 1 : 3;
    }
    return n;
}

/// Writes the encoding of `s` to `out` (which has percent_encoded_size bytes);
/// returns one past the last byte written.
constexpr char* percent_encode_to(std::string_view s, bool keep_slash, char* out) noexcept {
    for (char ch : s) {
        const auto c = static_cast<unsigned char>(ch);
        if (is_unreserved(c) || (keep_slash && c == '/')) {
            *out++ = ch;
        } else {
            *out++ = '%';
            *out++ = upper_hex_digits[c >> 4];
            *out++ = upper_hex_digits[c & 15];
        }
    }
    return out;
}

/// Appends the encoding of `s` to `out`. May throw std::bad_alloc.
inline void percent_encode_append(std::string& out, std::string_view s, bool keep_slash = false) {
    const std::size_t old = out.size();
    out.resize(old + percent_encoded_size(s, keep_slash));
    percent_encode_to(s, keep_slash, out.data() + old);
}

/// Decodes %XY escapes (a '%' not followed by two hex digits is kept as is,
/// as the SDKs do; '+' is a literal plus, not a space: SigV4 query
/// components are not application/x-www-form-urlencoded). Writes at most
/// s.size() bytes to `out`; returns one past the last byte written.
constexpr char* percent_decode_to(std::string_view s, char* out) noexcept {
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size()) {
            const int hi = hex_digit_value(s[i + 1]);
            const int lo = hex_digit_value(s[i + 2]);
            if (hi >= 0 && lo >= 0) {
                *out++ = static_cast<char>(hi * 16 + lo);
                i += 2;
                continue;
            }
        }
        *out++ = s[i];
    }
    return out;
}

} // namespace chime_voice::detail

#endif
