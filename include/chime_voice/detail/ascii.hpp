// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/ascii.hpp — ASCII character classes and case-insensitive
// comparison, written once for the whole library.
//
// Not public API. HTTP field names are case-insensitive ASCII (RFC 9110
// section 5.1), tokens are runs of `tchar` (RFC 9110 section 5.6.2), field
// values allow SP, HTAB, VCHAR and obs-text (RFC 9110 section 5.5), and hex
// digits appear in percent-encoding (RFC 3986 section 2.1) and digests.
// Everything here is locale-independent and constexpr; nothing allocates or throws.
#ifndef CHIME_VOICE_DETAIL_ASCII_HPP
#define CHIME_VOICE_DETAIL_ASCII_HPP

#include <chime_voice/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <type_traits>

#if CHIME_VOICE_ARCH_X86_64
#include <emmintrin.h>
#endif

namespace chime_voice::detail {

/// 'A'-'Z' to 'a'-'z'; every other byte unchanged (no locale).
constexpr char ascii_lower(char c) noexcept {
    return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
}

/// ASCII case-insensitive equality (RFC 9110 section 5.1 field names).
constexpr bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (ascii_lower(a[i]) != ascii_lower(b[i])) return false;
    return true;
}

/// Case-insensitive order of two names as if both were lower-cased.
constexpr bool iless(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = a.size() < b.size() ? a.size() : b.size();
    for (std::size_t i = 0; i < n; ++i) {
        const auto x = static_cast<unsigned char>(ascii_lower(a[i]));
        const auto y = static_cast<unsigned char>(ascii_lower(b[i]));
        if (x != y) return x < y;
    }
    return a.size() < b.size();
}

/// True when `hay` contains `needle`, ignoring ASCII case.
constexpr bool icontains(std::string_view hay, std::string_view needle) noexcept {
    if (needle.size() > hay.size()) return false;
    for (std::size_t i = 0; i + needle.size() <= hay.size(); ++i)
        if (iequals(hay.substr(i, needle.size()), needle)) return true;
    return false;
}

constexpr bool is_alpha(char c) noexcept { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }
constexpr bool is_alnum(char c) noexcept { return is_alpha(c) || is_digit(c); }
/// SP or HTAB: the whitespace HTTP allows inside and around field values (RFC 9110 5.6.3 OWS).
constexpr bool is_http_space(char c) noexcept { return c == ' ' || c == '\t'; }

/// Value of one hex digit of either case, or -1 (RFC 3986 section 2.1 HEXDIG).
constexpr int hex_digit_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
/// True for '0'-'9' and 'a'-'f' only: the lower-case hex that SigV4 writes.
constexpr bool is_lower_hex(char c) noexcept { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); }

inline constexpr char lower_hex_digits[] = "0123456789abcdef";
inline constexpr char upper_hex_digits[] = "0123456789ABCDEF";

/// RFC 9110 section 5.6.2 tchar, as a 256-entry table.
inline constexpr std::array<bool, 256> tchar_table = [] {
    std::array<bool, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
    return t;
}();

constexpr bool is_tchar(unsigned char c) noexcept { return tchar_table[c]; }

/// A non-empty run of tchar (RFC 9110 section 5.6.2 token).
constexpr bool is_token(std::string_view s) noexcept {
    // No branch per byte: the table bits and-ed together (names and methods
    // are a few bytes, and a refused one is rare).
    bool ok = !s.empty();
    for (char c : s) ok &= is_tchar(static_cast<unsigned char>(c));
    return ok;
}

/// Eight bytes at a time: range tests on 64-bit words (SWAR). For a word
/// whose bytes are all below 0x80, adding 0x80 - lo to each byte sets its
/// bit 7 exactly when the byte is >= lo, and no carry crosses into the next
/// byte, so a range [lo, hi] is two additions and three masks.
namespace swar {
inline constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;

/// Calls ok(word) on words that together hold every one of the n bytes at
/// p (some twice) and nothing else but copies of `pad`: whole words, the
/// last one overlapping the one before; under 8 bytes, two overlapping
/// 4-byte loads or, under 4, the first, middle and last byte. Reads only
/// [p, p + n). True when every call is.
template <class Ok>
[[gnu::always_inline]] inline bool all_words(const char* p, std::size_t n, char pad, Ok ok) noexcept {
    if (n >= 8) {
        std::uint64_t x;
        for (std::size_t i = 0; i + 8 <= n; i += 8) {
            std::memcpy(&x, p + i, 8);
            if (!ok(x)) return false;
        }
        if (n % 8 == 0) return true;
        std::memcpy(&x, p + n - 8, 8);
        return ok(x);
    }
    if (n >= 4) {
        std::uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        return ok(std::uint64_t{lo} | std::uint64_t{hi} << 32);
    }
    std::uint64_t x = ones * static_cast<unsigned char>(pad);
    if (n != 0) {
        x = (x & ~std::uint64_t{0xffffff}) | static_cast<unsigned char>(p[0]) |
            std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
            std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
    }
    return ok(x);
}

/// Bit 7 of each byte set when that byte is in [lo, hi]; x must have no
/// byte >= 0x80, and lo <= hi < 0x80.
constexpr std::uint64_t in_range(std::uint64_t x, unsigned lo, unsigned hi) noexcept {
    return (x + ones * (0x80 - lo)) & ~(x + ones * (0x7f - hi)) & highs;
}

/// The word tests all_words() takes: function objects whose calls are
/// always inlined (a lambda's call is left out of line once a large
/// translation unit has used up the compiler's inlining budget, and then
/// costs more than the test).
struct lower_alnum_dash_word {
    [[gnu::always_inline]] bool operator()(std::uint64_t x) const noexcept {
        return !(x & highs) && (in_range(x, 'a', 'z') | in_range(x, '0', '9') | in_range(x, '-', '-')) == highs;
    }
};
struct visible_except_word {
    std::uint64_t wa, wb; ///< the two excluded bytes, in every byte
    [[gnu::always_inline]] bool operator()(std::uint64_t x) const noexcept {
        if (x & highs) return false;
        // A byte equal to c is a zero byte of x ^ c (still below 0x80).
        return (in_range(x, 0x21, 0x7e) & ~in_range(x ^ wa, 0, 0) & ~in_range(x ^ wb, 0, 0)) == highs;
    }
};

/// True when every byte of the n bytes at p is one of a-z, 0-9 and '-':
/// a lower-cased header name, a region, a service (a quick yes; a no is
/// decided byte by byte by the caller).
[[gnu::always_inline]] inline bool all_lower_alnum_dash(const char* p, std::size_t n) noexcept {
    return all_words(p, n, 'a', lower_alnum_dash_word{});
}

/// True when every one of the n bytes at p is visible ASCII (0x21-0x7e)
/// other than `a` and `b`.
[[gnu::always_inline]] inline bool all_visible_except(const char* p, std::size_t n, char a, char b) noexcept {
    const char pad = a != 'x' && b != 'x' ? 'x' : a != 'y' && b != 'y' ? 'y' : 'z';
    return all_words(p, n, pad,
                     visible_except_word{ones * static_cast<unsigned char>(a), ones * static_cast<unsigned char>(b)});
}
} // namespace swar

#if CHIME_VOICE_ARCH_X86_64
/// The n < 16 bytes at p in one SSE2 register, reading only [p, p + n): two
/// overlapping 8-byte loads (n >= 8), two overlapping 4-byte loads (n >= 4)
/// and `pad` above them, or the first, middle and last byte and `pad`. Lane
/// k holds the same byte of p for every p and a given n, so two such loads
/// of the same n at p and p + 1 hold neighbouring bytes lane by lane (the
/// adjacency test of plain_path). For tests of each byte's class, where a
/// byte seen twice changes nothing.
[[gnu::always_inline]] inline __m128i load_short(const char* p, std::size_t n, char pad) noexcept {
    const auto fill = static_cast<long long>(swar::ones * static_cast<unsigned char>(pad));
    if (n >= 8) {
        long long lo, hi;
        std::memcpy(&lo, p, 8);
        std::memcpy(&hi, p + n - 8, 8);
        return _mm_set_epi64x(hi, lo);
    }
    if (n >= 4) {
        std::uint32_t lo, hi;
        std::memcpy(&lo, p, 4);
        std::memcpy(&hi, p + n - 4, 4);
        return _mm_set_epi64x(fill, static_cast<long long>(std::uint64_t{lo} | std::uint64_t{hi} << 32));
    }
    std::uint64_t x = static_cast<std::uint64_t>(fill);
    if (n != 0)
        x = (x & ~std::uint64_t{0xffffff}) | static_cast<unsigned char>(p[0]) |
            std::uint64_t{static_cast<unsigned char>(p[n / 2])} << 8 |
            std::uint64_t{static_cast<unsigned char>(p[n - 1])} << 16;
    return _mm_set_epi64x(fill, static_cast<long long>(x));
}

/// The SSE2 word test of all_lower_alnum_dash (a function object: see
/// swar::lower_alnum_dash_word).
struct lower_alnum_dash_lanes {
    [[gnu::always_inline]] bool operator()(__m128i x) const noexcept {
        // Signed compares: bytes >= 0x80 are negative and match no range.
        const __m128i lower = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('z' + 1)));
        const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
        return _mm_movemask_epi8(_mm_or_si128(_mm_or_si128(lower, digit), _mm_cmpeq_epi8(x, _mm_set1_epi8('-')))) == 0xffff;
    }
};
#endif

/// True when every one of the n bytes at p is one of a-z, 0-9 and '-' (a
/// lower-cased header name, a region, a service; a quick yes, a no is
/// decided byte by byte by the caller): 16 bytes per SSE2 step, the last
/// step overlapping, under 16 one step on load_short(); elsewhere the SWAR
/// words.
[[gnu::always_inline]] inline bool all_lower_alnum_dash(const char* p, std::size_t n) noexcept {
#if CHIME_VOICE_ARCH_X86_64
    const lower_alnum_dash_lanes ok;
    if (n < 16) return ok(load_short(p, n, 'a'));
    for (std::size_t i = 0;; i += 16) {
        if (i + 16 > n) i = n - 16;
        if (!ok(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)))) return false;
        if (i + 16 == n) return true;
    }
#else
    return swar::all_lower_alnum_dash(p, n);
#endif
}

/// A non-empty run of tchar whose letters are lower case already: the SIMD
/// quick yes for the usual a-z, 0-9, '-' names, else byte by byte.
[[gnu::always_inline]] inline bool is_lower_token(std::string_view s) noexcept {
    return (!s.empty() && all_lower_alnum_dash(s.data(), s.size())) || is_token(s);
}

/// Bytes a field value may carry (RFC 9110 section 5.5): HTAB, SP, VCHAR and
/// obs-text (0x80-0xFF). Every other control (NUL, CR, LF, 0x01-0x08,
/// 0x0B-0x1F, DEL) is refused: CR/LF split the message, the rest are
/// rejected or rewritten differently by different HTTP stacks.
inline constexpr std::array<bool, 256> field_value_table = [] {
    std::array<bool, 256> t{};
    t['\t'] = true;
    for (int c = 0x20; c < 0x7f; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = 0x80; c < 0x100; ++c) t[static_cast<std::size_t>(c)] = true;
    return t;
}();

/// Offset of the first byte of `s` that may not appear in a field value, or npos.
constexpr std::size_t find_bad_field_byte(std::string_view s) noexcept {
    std::size_t i = 0;
    if (!std::is_constant_evaluated()) {
        // Eight bytes at a time: a word with no byte below 0x20 and no DEL is
        // clean (every control is < 0x20 except DEL 0x7f, and HTAB is rare).
        constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
        for (; i + 8 <= s.size(); i += 8) {
            std::uint64_t v;
            std::memcpy(&v, s.data() + i, 8);
            const std::uint64_t below_space = (v - ones * 0x20) & ~v & highs; // some byte < 0x20 (high bit clear)
            const std::uint64_t x = v ^ (ones * 0x7f);
            const std::uint64_t del = (x - ones) & ~x & highs; // some byte == 0x7f
            if (below_space | del) break;
        }
    }
    for (; i < s.size(); ++i)
        if (!field_value_table[static_cast<unsigned char>(s[i])]) return i;
    return std::string_view::npos;
}

/// True when every byte of `s` may appear in a field value (see field_value_table).
constexpr bool is_field_value(std::string_view s) noexcept { return find_bad_field_byte(s) == std::string_view::npos; }

/// Calls f(piece) for each `sep`-separated piece of `s`, empty pieces
/// included ("a,,b" gives "a", "", "b"; "" gives one empty piece).
template <class F>
constexpr void split(std::string_view s, char sep, F&& f) {
    for (;;) {
        const std::size_t k = s.find(sep);
        if (k == std::string_view::npos) {
            f(s);
            return;
        }
        f(s.substr(0, k));
        s.remove_prefix(k + 1);
    }
}

} // namespace chime_voice::detail

#endif
