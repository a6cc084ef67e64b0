// SPDX-License-Identifier: BSL-1.0
// detail/sha1.hpp — SHA-1 (RFC 3174 / FIPS 180-4), only to name the SSO
// token cache file the AWS CLI writes (~/.aws/sso/cache/{sha1 hex}.json).
// Not for anything that needs collision resistance (not API).
#ifndef CHIME_VOICE_DETAIL_SHA1_HPP
#define CHIME_VOICE_DETAIL_SHA1_HPP

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace chime_voice::detail {

/// SHA-1 of `data` as 40 lower-case hex digits. May throw std::bad_alloc.
inline std::string sha1_hex(std::string_view data) {
    std::uint32_t h[5] = {0x67452301u, 0xEFCDAB89u, 0x98BADCFEu, 0x10325476u, 0xC3D2E1F0u};
    auto rotl = [](std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
    auto block = [&](const unsigned char* p) {
        std::uint32_t w[80];
        for (int i = 0; i < 16; ++i)
            w[i] = (std::uint32_t{p[4 * i]} << 24) | (std::uint32_t{p[4 * i + 1]} << 16) |
                   (std::uint32_t{p[4 * i + 2]} << 8) | std::uint32_t{p[4 * i + 3]};
        for (int i = 16; i < 80; ++i) w[i] = rotl(w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16], 1);
        std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
        for (int i = 0; i < 80; ++i) {
            std::uint32_t f, k;
            if (i < 20) { f = (b & c) | (~b & d); k = 0x5A827999u; }
            else if (i < 40) { f = b ^ c ^ d; k = 0x6ED9EBA1u; }
            else if (i < 60) { f = (b & c) | (b & d) | (c & d); k = 0x8F1BBCDCu; }
            else { f = b ^ c ^ d; k = 0xCA62C1D6u; }
            const std::uint32_t t = rotl(a, 5) + f + e + k + w[i];
            e = d; d = c; c = rotl(b, 30); b = a; a = t;
        }
        h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e;
    };
    const auto* bytes = reinterpret_cast<const unsigned char*>(data.data());
    std::size_t i = 0;
    for (; i + 64 <= data.size(); i += 64) block(bytes + i);
    unsigned char tail[128] = {};
    const std::size_t rest = data.size() - i;
    for (std::size_t k = 0; k < rest; ++k) tail[k] = bytes[i + k];
    tail[rest] = 0x80;
    const std::size_t tail_len = rest + 9 <= 64 ? 64 : 128;
    const std::uint64_t bits = static_cast<std::uint64_t>(data.size()) * 8;
    for (int k = 0; k < 8; ++k) tail[tail_len - 1 - k] = static_cast<unsigned char>(bits >> (8 * k));
    block(tail);
    if (tail_len == 128) block(tail + 64);
    static constexpr char hex[] = "0123456789abcdef";
    std::string out(40, '0');
    for (int w = 0; w < 5; ++w)
        for (int k = 0; k < 8; ++k) out[8 * w + k] = hex[(h[w] >> (28 - 4 * k)) & 15];
    return out;
}

} // namespace chime_voice::detail

#endif
