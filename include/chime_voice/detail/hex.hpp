// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/hex.hpp — lowercase hex encoding of digests and back.
//
// Not public API. SigV4 writes hashes and the signature as lowercase base-16
// (SigV4 docs, "Create a canonical request": HexEncode "returns a
// base-16 encoding of the digest in lowercase characters"; RFC 4648 §8
// defines the alphabet).
#ifndef CHIME_VOICE_DETAIL_HEX_HPP
#define CHIME_VOICE_DETAIL_HEX_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/ascii.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#if CHIME_VOICE_ARCH_X86_64
#include <emmintrin.h>
#endif

namespace chime_voice::detail {

/// Same type as in detail/sha256.hpp (redeclared so this header stands alone).
using sha256_digest = std::array<std::uint8_t, 32>;

namespace hex_impl {
#if CHIME_VOICE_ARCH_X86_64
/// 16 bytes -> 32 hex characters with SSE2 (baseline on x86-64, so no
/// run-time check): split each byte into its two nibbles, interleave them
/// high-first, and map 0..9 -> '0'..'9', 10..15 -> 'a'..'f' by adding '0'
/// plus 39 where the nibble exceeds 9 ('a' - '0' - 10 == 39).
inline void hex16_sse2(const std::uint8_t* in, char* out) noexcept {
    const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(in));
    const __m128i mask = _mm_set1_epi8(0x0f);
    const __m128i hi = _mm_and_si128(_mm_srli_epi16(x, 4), mask);
    const __m128i lo = _mm_and_si128(x, mask);
    auto digits = [](__m128i v) {
        const __m128i letter = _mm_cmpgt_epi8(v, _mm_set1_epi8(9));
        return _mm_add_epi8(_mm_add_epi8(v, _mm_set1_epi8('0')), _mm_and_si128(letter, _mm_set1_epi8(39)));
    };
    const __m128i a = digits(_mm_unpacklo_epi8(hi, lo)); // bytes 0..7: hi0 lo0 hi1 lo1 ...
    const __m128i b = digits(_mm_unpackhi_epi8(hi, lo)); // bytes 8..15
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out), a);
    _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16), b);
}
#endif
} // namespace hex_impl

/// Writes 2n lowercase hex characters for the n bytes at `in` to `out`
/// (no terminating NUL). `out` must have room for 2n chars. On x86-64,
/// 16-byte chunks go through SSE2 (a SigV4 signature encodes three 32-byte
/// digests), the tail byte by byte.
inline void hex_lower(const std::uint8_t* in, std::size_t n, char* out) noexcept {
    const std::uint8_t* const end = in + n;
#if CHIME_VOICE_ARCH_X86_64
    for (; end - in >= 16; in += 16, out += 32) hex_impl::hex16_sse2(in, out);
#endif
    for (; in != end; ++in, out += 2) {
        out[0] = lower_hex_digits[*in >> 4];
        out[1] = lower_hex_digits[*in & 0x0f];
    }
}

/// Appends 2n lowercase hex characters to s. May throw std::bad_alloc.
inline void append_hex(std::string& s, const std::uint8_t* in, std::size_t n) {
    const std::size_t old = s.size();
    s.resize(old + 2 * n);
    hex_lower(in, n, s.data() + old);
}

/// The digest as 64 lowercase hex characters. May throw std::bad_alloc
/// (64 chars exceed the small-string buffer, so this allocates).
inline std::string to_hex(const sha256_digest& d) {
    std::string s(64, '\0');
    hex_lower(d.data(), d.size(), s.data());
    return s;
}

/// The digest as 64 lowercase hex characters into a caller-owned buffer (no NUL).
inline void to_hex(const sha256_digest& d, char (&out)[64]) noexcept {
    hex_lower(d.data(), d.size(), out);
}

/// Which hex digits parse_hex_digest() accepts.
enum class hex_case { any, lower_only };

/// Parses exactly 64 hex digits into a digest; anything else (wrong length,
/// a non-hex character, whitespace, a "0x" prefix, and upper case when
/// `accept` is lower_only) gives nullopt.
inline std::optional<sha256_digest> parse_hex_digest(std::string_view s, hex_case accept = hex_case::any) noexcept {
    if (s.size() != 64) return std::nullopt;
    sha256_digest d{};
    for (std::size_t i = 0; i < d.size(); ++i) {
        const char a = s[2 * i], b = s[2 * i + 1];
        if (accept == hex_case::lower_only && !(is_lower_hex(a) && is_lower_hex(b))) return std::nullopt;
        const int hi = hex_digit_value(a);
        const int lo = hex_digit_value(b);
        if (hi < 0 || lo < 0) return std::nullopt;
        d[i] = static_cast<std::uint8_t>((hi << 4) | lo);
    }
    return d;
}

} // namespace chime_voice::detail

#endif
