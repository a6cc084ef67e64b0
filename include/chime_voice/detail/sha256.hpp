// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/sha256.hpp — SHA-256 (FIPS 180-4), streaming and one-shot.
//
// Not public API. The SigV4 signer (SigV4 docs, "Create a canonical request":
// the payload hash and the canonical-request hash are hex SHA-256) and
// detail/hmac.hpp build on it.
//
// Three back ends compute the same compression function (FIPS 180-4 §6.2.2):
//  * portable   — plain C++, rounds fully unrolled at compile time;
//  * x86_sha_ni — Intel SHA extensions (SHA256RNDS2/SHA256MSG1/SHA256MSG2),
//                 compiled per function with CHIME_VOICE_TARGET_SHA_NI so the
//                 library needs no special compiler flags, and picked at run
//                 time with CPUID;
//  * arm_sha2   — ARMv8 Cryptographic Extension (SHA256H/SHA256H2/SHA256SU0/
//                 SHA256SU1), picked at compile time when the compiler targets
//                 it (__ARM_FEATURE_SHA2, see config.hpp).
// Defining CHIME_VOICE_PORTABLE_SHA256 compiles only the portable back end.
//
// No I/O, no clock, no allocation; nothing here throws.
#ifndef CHIME_VOICE_DETAIL_SHA256_HPP
#define CHIME_VOICE_DETAIL_SHA256_HPP

#include <chime_voice/config.hpp>

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>
#include <utility>

#if CHIME_VOICE_ARCH_X86_64
#if defined(_MSC_VER) && !defined(__clang__)
#include <intrin.h>
#else
#include <cpuid.h>
#endif
#include <immintrin.h>
#endif
#if CHIME_VOICE_ARCH_ARM_SHA2
#include <arm_neon.h>
#endif

namespace chime_voice::detail {

/// A SHA-256 message digest, H0..H7 as 32 big-endian bytes (FIPS 180-4 §6.2.2 step 4).
using sha256_digest = std::array<std::uint8_t, 32>;

/// The eight 32-bit working hash words H0..H7 between blocks (FIPS 180-4 §6.2).
using sha256_state = std::array<std::uint32_t, 8>;

/// Which implementation of the compression function runs.
enum class sha256_backend : std::uint8_t {
    portable,   ///< plain C++, any platform
    x86_sha_ni, ///< x86-64 SHA extensions, chosen at run time (CPUID)
    arm_sha2,   ///< ARMv8 SHA2 instructions, chosen at compile time
};

/// The back end's name ("portable", "x86_sha_ni", "arm_sha2").
constexpr const char* to_string(sha256_backend b) noexcept {
    switch (b) {
    case sha256_backend::portable: return "portable";
    case sha256_backend::x86_sha_ni: return "x86_sha_ni";
    case sha256_backend::arm_sha2: return "arm_sha2";
    }
    return "?";
}

/// SHA-256 block size in bytes (FIPS 180-4 §1, Figure 1: 512-bit blocks).
inline constexpr std::size_t sha256_block_size = 64;

namespace sha256_impl {

/// Initial hash value H(0) (FIPS 180-4 §5.3.3).
inline constexpr sha256_state initial_state = {
    0x6a09e667u, 0xbb67ae85u, 0x3c6ef372u, 0xa54ff53au,
    0x510e527fu, 0x9b05688cu, 0x1f83d9abu, 0x5be0cd19u,
};

/// Round constants K0..K63 (FIPS 180-4 §4.2.2). Aligned for 16-byte vector loads.
alignas(64) inline constexpr std::uint32_t round_constants[64] = {
    0x428a2f98u, 0x71374491u, 0xb5c0fbcfu, 0xe9b5dba5u, 0x3956c25bu, 0x59f111f1u, 0x923f82a4u, 0xab1c5ed5u,
    0xd807aa98u, 0x12835b01u, 0x243185beu, 0x550c7dc3u, 0x72be5d74u, 0x80deb1feu, 0x9bdc06a7u, 0xc19bf174u,
    0xe49b69c1u, 0xefbe4786u, 0x0fc19dc6u, 0x240ca1ccu, 0x2de92c6fu, 0x4a7484aau, 0x5cb0a9dcu, 0x76f988dau,
    0x983e5152u, 0xa831c66du, 0xb00327c8u, 0xbf597fc7u, 0xc6e00bf3u, 0xd5a79147u, 0x06ca6351u, 0x14292967u,
    0x27b70a85u, 0x2e1b2138u, 0x4d2c6dfcu, 0x53380d13u, 0x650a7354u, 0x766a0abbu, 0x81c2c92eu, 0x92722c85u,
    0xa2bfe8a1u, 0xa81a664bu, 0xc24b8b70u, 0xc76c51a3u, 0xd192e819u, 0xd6990624u, 0xf40e3585u, 0x106aa070u,
    0x19a4c116u, 0x1e376c08u, 0x2748774cu, 0x34b0bcb5u, 0x391c0cb3u, 0x4ed8aa4au, 0x5b9cca4fu, 0x682e6ff3u,
    0x748f82eeu, 0x78a5636fu, 0x84c87814u, 0x8cc70208u, 0x90befffau, 0xa4506cebu, 0xbef9a3f7u, 0xc67178f2u,
};

/// Big-endian 32-bit load (FIPS 180-4 §3.1: words are big-endian). Shifts,
/// so no alignment or aliasing questions; compilers emit one MOVBE/BSWAP/REV.
[[gnu::always_inline]] inline std::uint32_t load_be32(const std::uint8_t* p) noexcept {
    return (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) |
           (std::uint32_t{p[2]} << 8) | std::uint32_t{p[3]};
}

/// Big-endian 32-bit store as one 4-byte store (a byte swap and a move):
/// four byte stores would be read back by 16-byte loads (the hex writer,
/// the next compression) that the CPU cannot forward from several stores,
/// a stall of its own on every digest.
[[gnu::always_inline]] inline void store_be32(std::uint8_t* p, std::uint32_t v) noexcept {
    if constexpr (std::endian::native == std::endian::little) v = std::byteswap(v);
    std::memcpy(p, &v, 4);
}

[[gnu::always_inline]] inline void store_be64(std::uint8_t* p, std::uint64_t v) noexcept {
    if constexpr (std::endian::native == std::endian::little) v = std::byteswap(v);
    std::memcpy(p, &v, 8);
}

/// The eight state words as the 32-byte big-endian digest. On x86-64 two
/// 16-byte stores (the bytes swapped in SSE2 registers), so the 16-byte
/// loads that read a digest next (hex, the HMAC outer block, the next key)
/// are forwarded from one store each.
[[gnu::always_inline]] inline void store_digest(std::uint8_t* out, const std::uint32_t* s) noexcept {
#if CHIME_VOICE_ARCH_X86_64
    for (int half = 0; half < 2; ++half) {
        __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4 * half));
        x = _mm_shufflehi_epi16(_mm_shufflelo_epi16(x, 0xB1), 0xB1);      // swap the 16-bit halves of each word
        x = _mm_or_si128(_mm_slli_epi16(x, 8), _mm_srli_epi16(x, 8));     // swap the bytes of each half
        _mm_storeu_si128(reinterpret_cast<__m128i*>(out + 16 * half), x);
    }
#else
    for (std::size_t i = 0; i < 8; ++i) store_be32(out + 4 * i, s[i]);
#endif
}

/// The one place the FIPS 180-4 section 5.1.1 padding is written: after the
/// r < 64 message bytes already at block[0, r), a 0x80 byte, zeros, and the
/// 64-bit big-endian bit length of a message of total_bytes bytes. Returns
/// the number of blocks to compress: 1 when r < 56 (block needs room for 64
/// bytes), else 2 (room for 128).
[[gnu::always_inline]] inline std::size_t pad_final(std::uint8_t* block, std::size_t r,
                                                    std::uint64_t total_bytes) noexcept {
    block[r] = 0x80;
    const std::size_t len = r < 56 ? 64 : 128;
    std::memset(block + r + 1, 0, len - 8 - r - 1);
    store_be64(block + len - 8, total_bytes << 3); // length mod 2^64 bits
    return len / 64;
}

// ---- portable back end ------------------------------------------------------

/// One round t of FIPS 180-4 §6.2.2 step 3. Instead of shifting the eight
/// working variables a..h, the round reads them from v[] at indices rotated
/// by t, so after full unrolling every access is a compile-time constant and
/// the array lives in registers. The message schedule W (§6.2.2 step 1) is
/// kept as a 16-word ring: for t >= 16, w[t mod 16] becomes W_t in place.
template <std::size_t T>
[[gnu::always_inline]] inline void portable_round(std::uint32_t (&v)[8], std::uint32_t (&w)[16]) noexcept {
    constexpr std::size_t ia = (8 - T % 8) % 8;
    constexpr std::size_t ib = (ia + 1) % 8, ic = (ia + 2) % 8, id = (ia + 3) % 8;
    constexpr std::size_t ie = (ia + 4) % 8, i_f = (ia + 5) % 8, ig = (ia + 6) % 8, ih = (ia + 7) % 8;
    if constexpr (T >= 16) {
        const std::uint32_t w2 = w[(T - 2) % 16], w15 = w[(T - 15) % 16];
        const std::uint32_t s0 = std::rotr(w15, 7) ^ std::rotr(w15, 18) ^ (w15 >> 3);   // σ0, §4.1.2 (4.6)
        const std::uint32_t s1 = std::rotr(w2, 17) ^ std::rotr(w2, 19) ^ (w2 >> 10);    // σ1, §4.1.2 (4.7)
        w[T % 16] += s1 + w[(T - 7) % 16] + s0;
    }
    const std::uint32_t a = v[ia], b = v[ib], c = v[ic], e = v[ie], f = v[i_f], g = v[ig];
    const std::uint32_t big_s1 = std::rotr(e, 6) ^ std::rotr(e, 11) ^ std::rotr(e, 25); // Σ1 (4.5)
    const std::uint32_t ch = (e & f) ^ (~e & g);                                         // Ch (4.2)
    const std::uint32_t t1 = v[ih] + big_s1 + ch + round_constants[T] + w[T % 16];
    const std::uint32_t big_s0 = std::rotr(a, 2) ^ std::rotr(a, 13) ^ std::rotr(a, 22);  // Σ0 (4.4)
    const std::uint32_t maj = (a & b) ^ (a & c) ^ (b & c);                               // Maj (4.3)
    v[id] += t1;              // e' = d + T1
    v[ih] = t1 + big_s0 + maj; // a' = T1 + T2 (the old h slot becomes a)
}

template <std::size_t... T>
[[gnu::always_inline]] inline void portable_rounds(std::uint32_t (&v)[8], std::uint32_t (&w)[16],
                                                   std::index_sequence<T...>) noexcept {
    (portable_round<T>(v, w), ...);
}

/// Compresses `blocks` consecutive 64-byte blocks at p into state s.
inline void compress_portable(std::uint32_t* s, const std::uint8_t* p, std::size_t blocks) noexcept {
    std::uint32_t v[8] = {s[0], s[1], s[2], s[3], s[4], s[5], s[6], s[7]};
    for (; blocks != 0; --blocks, p += sha256_block_size) {
        std::uint32_t w[16];
        for (std::size_t i = 0; i < 16; ++i) w[i] = load_be32(p + 4 * i);
        const std::uint32_t saved[8] = {v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7]};
        portable_rounds(v, w, std::make_index_sequence<64>{});
        // 64 rounds rotate the index map by 64 ≡ 0 (mod 8): v[i] is the new working variable i.
        for (std::size_t i = 0; i < 8; ++i) v[i] += saved[i];
    }
    for (std::size_t i = 0; i < 8; ++i) s[i] = v[i];
}

// ---- x86-64 SHA extensions --------------------------------------------------
#if CHIME_VOICE_ARCH_X86_64

/// Run-time check (Intel SDM Vol. 2A, CPUID): leaf 7 subleaf 0 EBX bit 29 =
/// SHA; leaf 1 ECX bit 19 = SSE4.1 (PBLENDW), bit 9 = SSSE3 (PSHUFB, PALIGNR).
inline bool cpu_has_sha_ni() noexcept {
    constexpr unsigned leaf1_ecx_ssse3 = 1u << 9;
    constexpr unsigned leaf1_ecx_sse41 = 1u << 19;
    constexpr unsigned leaf7_ebx_sha = 1u << 29;
#if defined(_MSC_VER) && !defined(__clang__)
    int r[4] = {};
    __cpuid(r, 0);
    if (r[0] < 7) return false;
    __cpuid(r, 1);
    const unsigned c = static_cast<unsigned>(r[2]);
    if ((c & leaf1_ecx_ssse3) == 0 || (c & leaf1_ecx_sse41) == 0) return false;
    __cpuidex(r, 7, 0);
    return (static_cast<unsigned>(r[1]) & leaf7_ebx_sha) != 0;
#else
    unsigned a = 0, b = 0, c = 0, d = 0;
    if (__get_cpuid_max(0, nullptr) < 7) return false;
    if (!__get_cpuid(1, &a, &b, &c, &d)) return false;
    if ((c & leaf1_ecx_ssse3) == 0 || (c & leaf1_ecx_sse41) == 0) return false;
    if (!__get_cpuid_count(7, 0, &a, &b, &c, &d)) return false;
    return (b & leaf7_ebx_sha) != 0;
#endif
}

/// Four rounds 4G..4G+3 with SHA256RNDS2 (two rounds each), interleaved with
/// the message schedule: m[] is a ring of four vectors of W words, and
/// SHA256MSG1/SHA256MSG2 (Intel SDM Vol. 2B) compute W16..W63 four at a time.
/// abef/cdgh hold the working variables in the lane order SHA256RNDS2 wants.
template <int G>
[[gnu::always_inline]] CHIME_VOICE_TARGET_SHA_NI inline void
sha_ni_quad(__m128i& abef, __m128i& cdgh, __m128i (&m)[4]) noexcept {
    constexpr int cur = G % 4, prev = (G + 3) % 4, next = (G + 1) % 4;
    __m128i wk = _mm_add_epi32(
        m[cur], _mm_load_si128(reinterpret_cast<const __m128i*>(round_constants + 4 * G)));
    cdgh = _mm_sha256rnds2_epu32(cdgh, abef, wk); // rounds 4G, 4G+1 (low two lanes of wk)
    if constexpr (G >= 3 && G <= 14) {
        // W[4G+4..4G+7] += W[4G-3..4G] (the "W_{t-7}" term), then σ1 terms.
        m[next] = _mm_add_epi32(m[next], _mm_alignr_epi8(m[cur], m[prev], 4));
        m[next] = _mm_sha256msg2_epu32(m[next], m[cur]);
    }
    wk = _mm_shuffle_epi32(wk, 0x0E);
    abef = _mm_sha256rnds2_epu32(abef, cdgh, wk); // rounds 4G+2, 4G+3
    if constexpr (G >= 1 && G <= 12) {
        // W[4G-4..4G-1] + σ0(W[4G-3..4G]): first half of W[4G+12..4G+15].
        m[prev] = _mm_sha256msg1_epu32(m[prev], m[cur]);
    }
}

template <int... G>
[[gnu::always_inline]] CHIME_VOICE_TARGET_SHA_NI inline void
sha_ni_rounds(__m128i& abef, __m128i& cdgh, __m128i (&m)[4], std::integer_sequence<int, G...>) noexcept {
    (sha_ni_quad<G>(abef, cdgh, m), ...);
}

/// Compresses all `blocks` blocks in one call, keeping the state in registers.
CHIME_VOICE_TARGET_SHA_NI inline void
compress_sha_ni(std::uint32_t* s, const std::uint8_t* p, std::size_t blocks) noexcept {
    // Per-32-bit-word byte swap: message words are big-endian (FIPS 180-4 §3.1).
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    // s[0..3] = A B C D, s[4..7] = E F G H (lane 0 first). SHA256RNDS2 wants
    // ABEF and CDGH with A/C in the highest lane.
    __m128i t = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)), 0xB1);     // B A D C
    __m128i cdgh = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4)), 0x1B); // H G F E
    __m128i abef = _mm_alignr_epi8(t, cdgh, 8);   // F E B A
    cdgh = _mm_blend_epi16(cdgh, t, 0xF0);        // H G D C
    for (; blocks != 0; --blocks, p += sha256_block_size) {
        const __m128i abef_saved = abef, cdgh_saved = cdgh;
        // Four explicit loads (not a loop) so GCC keeps m[] in registers.
        __m128i m[4] = {
            _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), bswap),
            _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)), bswap),
            _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32)), bswap),
            _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48)), bswap),
        };
        sha_ni_rounds(abef, cdgh, m, std::make_integer_sequence<int, 16>{});
        abef = _mm_add_epi32(abef, abef_saved);
        cdgh = _mm_add_epi32(cdgh, cdgh_saved);
    }
    t = _mm_shuffle_epi32(abef, 0x1B);            // A B E F
    cdgh = _mm_shuffle_epi32(cdgh, 0xB1);         // G H C D
    _mm_storeu_si128(reinterpret_cast<__m128i*>(s), _mm_blend_epi16(t, cdgh, 0xF0));    // A B C D
    _mm_storeu_si128(reinterpret_cast<__m128i*>(s + 4), _mm_alignr_epi8(cdgh, t, 8));   // E F G H
}

/// Two independent single-block compressions, (s0, p0) and (s1, p1), with
/// their round instructions interleaved. One block's rounds form a serial
/// chain of SHA256RNDS2 (each waits for the previous one's result), so a
/// lone compression leaves the SHA unit idle most cycles; a second,
/// independent chain fills those cycles. Used for the HMAC key set-up,
/// where H(K XOR ipad) and H(K XOR opad) do not depend on each other.
CHIME_VOICE_TARGET_SHA_NI inline void
compress2_sha_ni(std::uint32_t* s0, const std::uint8_t* p0, std::uint32_t* s1, const std::uint8_t* p1) noexcept {
    const __m128i bswap = _mm_set_epi64x(0x0c0d0e0f08090a0bLL, 0x0405060700010203LL);
    auto load = [](const std::uint32_t* s, __m128i& abef, __m128i& cdgh) CHIME_VOICE_TARGET_SHA_NI {
        const __m128i t = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s)), 0xB1);  // B A D C
        cdgh = _mm_shuffle_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(s + 4)), 0x1B);        // H G F E
        abef = _mm_alignr_epi8(t, cdgh, 8);                                                               // F E B A
        cdgh = _mm_blend_epi16(cdgh, t, 0xF0);                                                            // H G D C
    };
    auto store = [](std::uint32_t* s, __m128i abef, __m128i cdgh) CHIME_VOICE_TARGET_SHA_NI {
        const __m128i t = _mm_shuffle_epi32(abef, 0x1B);  // A B E F
        cdgh = _mm_shuffle_epi32(cdgh, 0xB1);             // G H C D
        _mm_storeu_si128(reinterpret_cast<__m128i*>(s), _mm_blend_epi16(t, cdgh, 0xF0));     // A B C D
        _mm_storeu_si128(reinterpret_cast<__m128i*>(s + 4), _mm_alignr_epi8(cdgh, t, 8));    // E F G H
    };
    auto load_block = [&](const std::uint8_t* p, __m128i (&m)[4]) CHIME_VOICE_TARGET_SHA_NI {
        m[0] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)), bswap);
        m[1] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 16)), bswap);
        m[2] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 32)), bswap);
        m[3] = _mm_shuffle_epi8(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 48)), bswap);
    };
    __m128i abef0, cdgh0, abef1, cdgh1, m0[4], m1[4];
    load(s0, abef0, cdgh0);
    load(s1, abef1, cdgh1);
    load_block(p0, m0);
    load_block(p1, m1);
    const __m128i abef0_saved = abef0, cdgh0_saved = cdgh0, abef1_saved = abef1, cdgh1_saved = cdgh1;
    [&]<int... G>(std::integer_sequence<int, G...>) CHIME_VOICE_TARGET_SHA_NI {
        ((sha_ni_quad<G>(abef0, cdgh0, m0), sha_ni_quad<G>(abef1, cdgh1, m1)), ...);
    }(std::make_integer_sequence<int, 16>{});
    store(s0, _mm_add_epi32(abef0, abef0_saved), _mm_add_epi32(cdgh0, cdgh0_saved));
    store(s1, _mm_add_epi32(abef1, abef1_saved), _mm_add_epi32(cdgh1, cdgh1_saved));
}

#endif // CHIME_VOICE_ARCH_X86_64

// ---- ARMv8 SHA2 -------------------------------------------------------------
#if CHIME_VOICE_ARCH_ARM_SHA2

/// Four rounds with SHA256H/SHA256H2 (Arm ARM, "SHA256H"), and the schedule
/// update W[4G+16..4G+19] = SU1(SU0(W[4G..], W[4G+4..]), W[4G+8..], W[4G+12..]).
template <int G>
[[gnu::always_inline]] inline void arm_quad(uint32x4_t& abcd, uint32x4_t& efgh, uint32x4_t (&m)[4]) noexcept {
    const uint32x4_t wk = vaddq_u32(m[G % 4], vld1q_u32(round_constants + 4 * G));
    if constexpr (G < 12) {
        m[G % 4] = vsha256su1q_u32(vsha256su0q_u32(m[G % 4], m[(G + 1) % 4]), m[(G + 2) % 4], m[(G + 3) % 4]);
    }
    const uint32x4_t abcd_in = abcd;
    abcd = vsha256hq_u32(abcd, efgh, wk);
    efgh = vsha256h2q_u32(efgh, abcd_in, wk);
}

template <int... G>
[[gnu::always_inline]] inline void arm_rounds(uint32x4_t& abcd, uint32x4_t& efgh, uint32x4_t (&m)[4],
                                              std::integer_sequence<int, G...>) noexcept {
    (arm_quad<G>(abcd, efgh, m), ...);
}

inline void compress_arm_sha2(std::uint32_t* s, const std::uint8_t* p, std::size_t blocks) noexcept {
    uint32x4_t abcd = vld1q_u32(s);
    uint32x4_t efgh = vld1q_u32(s + 4);
    for (; blocks != 0; --blocks, p += sha256_block_size) {
        const uint32x4_t abcd_saved = abcd, efgh_saved = efgh;
        uint32x4_t m[4] = {
            vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p))),
            vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 16))),
            vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 32))),
            vreinterpretq_u32_u8(vrev32q_u8(vld1q_u8(p + 48))),
        };
        arm_rounds(abcd, efgh, m, std::make_integer_sequence<int, 16>{});
        abcd = vaddq_u32(abcd, abcd_saved);
        efgh = vaddq_u32(efgh, efgh_saved);
    }
    vst1q_u32(s, abcd);
    vst1q_u32(s + 4, efgh);
}

#endif // CHIME_VOICE_ARCH_ARM_SHA2

/// One predictable branch on a value cached in the hasher.
[[gnu::always_inline]] inline void compress(sha256_backend b, std::uint32_t* s, const std::uint8_t* p,
                                            std::size_t blocks) noexcept {
#if CHIME_VOICE_ARCH_X86_64
    if (b == sha256_backend::x86_sha_ni) return compress_sha_ni(s, p, blocks);
#elif CHIME_VOICE_ARCH_ARM_SHA2
    if (b == sha256_backend::arm_sha2) return compress_arm_sha2(s, p, blocks);
#endif
    static_cast<void>(b);
    compress_portable(s, p, blocks);
}

/// Compresses one block into each of two independent states (p0 into s0,
/// p1 into s1); the SHA-NI back end interleaves the two (compress2_sha_ni).
[[gnu::always_inline]] inline void compress2(sha256_backend b, std::uint32_t* s0, const std::uint8_t* p0,
                                             std::uint32_t* s1, const std::uint8_t* p1) noexcept {
#if CHIME_VOICE_ARCH_X86_64
    if (b == sha256_backend::x86_sha_ni) return compress2_sha_ni(s0, p0, s1, p1);
#endif
    compress(b, s0, p0, 1);
    compress(b, s1, p1, 1);
}

inline sha256_backend detect_backend() noexcept {
#if CHIME_VOICE_ARCH_ARM_SHA2
    return sha256_backend::arm_sha2;
#elif CHIME_VOICE_ARCH_X86_64
    return cpu_has_sha_ni() ? sha256_backend::x86_sha_ni : sha256_backend::portable;
#else
    return sha256_backend::portable;
#endif
}

} // namespace sha256_impl

/// The fastest back end this build and CPU support. CPUID runs once (a
/// function-local constant, initialised thread-safely on first use).
inline sha256_backend sha256_active_backend() noexcept {
    static const sha256_backend active = sha256_impl::detect_backend();
    return active;
}

/// Whether back end b is compiled in and, for SHA-NI, supported by this CPU.
inline bool sha256_backend_available(sha256_backend b) noexcept {
    switch (b) {
    case sha256_backend::portable: return true;
    case sha256_backend::x86_sha_ni:
#if CHIME_VOICE_ARCH_X86_64
        return sha256_active_backend() == sha256_backend::x86_sha_ni;
#else
        return false;
#endif
    case sha256_backend::arm_sha2: return CHIME_VOICE_ARCH_ARM_SHA2 != 0;
    }
    return false;
}

/// Streaming SHA-256 (FIPS 180-4 §5.1.1 padding, §6.2 hash computation).
///
/// Use: update() any number of times, then finish() once; call reset() before
/// hashing another message. 112 bytes, trivially copyable (a copy forks the
/// hash). The hasher holds message bytes in its buffer and does not wipe
/// them; callers hashing secrets wipe the object themselves.
class sha256 {
public:
    /// Starts a hash with the active back end (sha256_active_backend()).
    sha256() noexcept : h_(sha256_impl::initial_state), backend_(sha256_active_backend()) {}

    /// Starts a hash with back end `forced`. If it is not available
    /// (sha256_backend_available), the portable back end is used instead,
    /// so forcing never executes an unsupported instruction.
    explicit sha256(sha256_backend forced) noexcept
        : h_(sha256_impl::initial_state),
          backend_(sha256_backend_available(forced) ? forced : sha256_backend::portable) {}

    /// Resumes from a saved intermediate state (HMAC key precomputation,
    /// RFC 2104 §4 "Implementation note"): `state` after hashing
    /// `bytes_hashed` bytes. Only whole blocks can be resumed: the count is
    /// rounded down to a multiple of 64.
    sha256(const sha256_state& state, std::uint64_t bytes_hashed,
           sha256_backend b = sha256_active_backend()) noexcept
        : h_(state), total_(bytes_hashed & ~std::uint64_t{sha256_block_size - 1}),
          backend_(sha256_backend_available(b) ? b : sha256_backend::portable) {}

    /// Appends n bytes at data (data may be null when n == 0).
    void update(const void* data, std::size_t n) noexcept {
        if (n == 0) return;
        const auto* p = static_cast<const std::uint8_t*>(data);
        std::size_t fill = static_cast<std::size_t>(total_ % sha256_block_size);
        total_ += n;
        if (fill != 0) {
            const std::size_t take = sha256_block_size - fill;
            if (n < take) {
                std::memcpy(buf_ + fill, p, n);
                return;
            }
            std::memcpy(buf_ + fill, p, take);
            sha256_impl::compress(backend_, h_.data(), buf_, 1);
            p += take;
            n -= take;
        }
        if (n >= sha256_block_size) {
            const std::size_t blocks = n / sha256_block_size;
            sha256_impl::compress(backend_, h_.data(), p, blocks);
            p += blocks * sha256_block_size;
            n -= blocks * sha256_block_size;
        }
        if (n != 0) std::memcpy(buf_, p, n);
    }

    void update(std::string_view s) noexcept { update(s.data(), s.size()); }

    /// Pads (FIPS 180-4 §5.1.1: 0x80, zeros, 64-bit big-endian bit length)
    /// and returns the digest. The object must be reset() before reuse.
    sha256_digest finish() noexcept {
        const std::size_t fill = static_cast<std::size_t>(total_ % sha256_block_size);
        const std::size_t blocks = sha256_impl::pad_final(buf_, fill, total_);
        sha256_impl::compress(backend_, h_.data(), buf_, blocks);
        sha256_digest out;
        sha256_impl::store_digest(out.data(), h_.data());
        return out;
    }

    /// Starts a new message with the same back end.
    void reset() noexcept {
        h_ = sha256_impl::initial_state;
        total_ = 0;
    }

    /// The intermediate state; meaningful when bytes_hashed() % 64 == 0.
    const sha256_state& state() const noexcept { return h_; }
    std::uint64_t bytes_hashed() const noexcept { return total_; }
    sha256_backend backend() const noexcept { return backend_; }

private:
    sha256_state h_;
    std::uint64_t total_ = 0;
    std::uint8_t buf_[2 * sha256_block_size] = {}; // a partial block, and room for padding
    sha256_backend backend_;
};

/// One-shot SHA-256 of n bytes with back end b (portable if b is unavailable).
/// Whole blocks straight from `data`, then the tail and its padding from a
/// stack block: no hasher object (and none of its buffer to clear), the same
/// compressions as sha256::update() + finish().
inline sha256_digest sha256_hash(const void* data, std::size_t n, sha256_backend b) noexcept {
    if (!sha256_backend_available(b)) b = sha256_backend::portable;
    sha256_state h = sha256_impl::initial_state;
    const auto* p = static_cast<const std::uint8_t*>(data);
    const std::size_t full = n / sha256_block_size, r = n % sha256_block_size;
    if (full) sha256_impl::compress(b, h.data(), p, full);
    alignas(16) std::uint8_t tail[2 * sha256_block_size];
    if (r) std::memcpy(tail, p + full * sha256_block_size, r);
    const std::size_t blocks = sha256_impl::pad_final(tail, r, n);
    sha256_impl::compress(b, h.data(), tail, blocks);
    sha256_digest out;
    sha256_impl::store_digest(out.data(), h.data());
    return out;
}

/// One-shot SHA-256 with the active back end.
inline sha256_digest sha256_hash(const void* data, std::size_t n) noexcept {
    return sha256_hash(data, n, sha256_active_backend());
}

inline sha256_digest sha256_hash(std::string_view data) noexcept {
    return sha256_hash(data.data(), data.size(), sha256_active_backend());
}

} // namespace chime_voice::detail

#endif
