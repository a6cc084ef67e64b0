// chime_voice/detail/hex.hpp — lowercase hex encoding of digests and back.
//
// Not public API. SigV4 writes hashes and the signature as lowercase base-16
// (SigV4 docs, "Create a canonical request": HexEncode "returns a
// base-16 encoding of the digest in lowercase characters"; RFC 4648 §8
// defines the alphabet).
#ifndef CHIME_VOICE_DETAIL_HEX_HPP
#define CHIME_VOICE_DETAIL_HEX_HPP

#include <chime_voice/config.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chime_voice::detail {

/// Same type as in detail/sha256.hpp (redeclared so this header stands alone).
using sha256_digest = std::array<std::uint8_t, 32>;

namespace hex_impl {
inline constexpr char lower_digits[] = "0123456789abcdef";

/// Value of one hex digit (either case), or -1.
constexpr int digit_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}
} // namespace hex_impl

/// Writes 2n lowercase hex characters for the n bytes at `in` to `out`
/// (no terminating NUL). `out` must have room for 2n chars.
inline void hex_lower(const std::uint8_t* in, std::size_t n, char* out) noexcept {
    for (std::size_t i = 0; i < n; ++i) {
        out[2 * i] = hex_impl::lower_digits[in[i] >> 4];
        out[2 * i + 1] = hex_impl::lower_digits[in[i] & 0x0f];
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

/// Parses exactly 64 hex digits (either case) into a digest; anything else
/// (wrong length, a non-hex character, whitespace, a "0x" prefix) gives nullopt.
inline std::optional<sha256_digest> parse_hex_digest(std::string_view s) noexcept {
    if (s.size() != 64) return std::nullopt;
    sha256_digest d{};
    for (std::size_t i = 0; i < d.size(); ++i) {
        const int hi = hex_impl::digit_value(s[2 * i]);
        const int lo = hex_impl::digit_value(s[2 * i + 1]);
        if (hi < 0 || lo < 0) return std::nullopt;
        d[i] = static_cast<std::uint8_t>((hi << 4) | lo);
    }
    return d;
}

} // namespace chime_voice::detail

#endif
