// SPDX-License-Identifier: BSL-1.0
// detail/utf8.hpp — strict UTF-8 validation (not API).
//
// Implements the well-formed byte sequences of the Unicode Standard, chapter 3,
// Table 3-7 (the same rules as RFC 3629 section 4): overlong forms, UTF-16
// surrogates (U+D800..U+DFFF) and code points above U+10FFFF are rejected.
#ifndef CHIME_VOICE_DETAIL_UTF8_HPP
#define CHIME_VOICE_DETAIL_UTF8_HPP

#include <chime_voice/config.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace chime_voice::detail {

/// Result of validate_utf8. `reason` is a static string (never null when
/// `ok` is false); `offset` is the byte offset of the first bad sequence.
struct utf8_check {
    bool ok = true;
    std::size_t offset = 0;
    const char* reason = "";
};

/// Validates `s` as UTF-8 (Unicode chapter 3, Table 3-7). Never throws.
constexpr utf8_check validate_utf8(std::string_view s) noexcept {
    const std::size_t n = s.size();
    std::size_t i = 0;
    while (i < n) {
        // ASCII fast path, 8 bytes at a time (only outside constant evaluation).
        if !consteval {
            while (i + 8 <= n) {
                std::uint64_t w;
                std::memcpy(&w, s.data() + i, 8);
                if (w & 0x8080808080808080ULL) break;
                i += 8;
            }
            if (i >= n) break;
        }
        const auto b0 = static_cast<unsigned char>(s[i]);
        if (b0 < 0x80) { ++i; continue; }
        std::size_t len = 0;
        unsigned char lo = 0x80, hi = 0xBF; // allowed range of the second byte
        if (b0 >= 0xC2 && b0 <= 0xDF) len = 2;
        else if (b0 == 0xE0) { len = 3; lo = 0xA0; }
        else if (b0 >= 0xE1 && b0 <= 0xEC) len = 3;
        else if (b0 == 0xED) { len = 3; hi = 0x9F; }
        else if (b0 >= 0xEE && b0 <= 0xEF) len = 3;
        else if (b0 == 0xF0) { len = 4; lo = 0x90; }
        else if (b0 >= 0xF1 && b0 <= 0xF3) len = 4;
        else if (b0 == 0xF4) { len = 4; hi = 0x8F; }
        else if (b0 == 0xC0 || b0 == 0xC1) return {false, i, "overlong encoding"};
        else if (b0 >= 0xF5) return {false, i, "code point above U+10FFFF"};
        else return {false, i, "unexpected continuation byte"};
        if (i + 1 >= n) return {false, i, "truncated multi-byte sequence"};
        const auto b1 = static_cast<unsigned char>(s[i + 1]);
        if (b1 < lo || b1 > hi) {
            if (b1 < 0x80 || b1 > 0xBF) return {false, i, "invalid continuation byte"};
            if (b0 == 0xE0 || b0 == 0xF0) return {false, i, "overlong encoding"};
            if (b0 == 0xED) return {false, i, "surrogate code point (U+D800..U+DFFF)"};
            return {false, i, "code point above U+10FFFF"};
        }
        for (std::size_t k = 2; k < len; ++k) {
            if (i + k >= n) return {false, i, "truncated multi-byte sequence"};
            const auto b = static_cast<unsigned char>(s[i + k]);
            if (b < 0x80 || b > 0xBF) return {false, i, "invalid continuation byte"};
        }
        i += len;
    }
    return {};
}

constexpr bool is_valid_utf8(std::string_view s) noexcept { return validate_utf8(s).ok; }

} // namespace chime_voice::detail

#endif
