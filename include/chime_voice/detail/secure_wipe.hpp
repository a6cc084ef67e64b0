// SPDX-License-Identifier: BSL-1.0
// detail/secure_wipe.hpp — zero memory in a way the optimizer keeps.
#ifndef CHIME_VOICE_DETAIL_SECURE_WIPE_HPP
#define CHIME_VOICE_DETAIL_SECURE_WIPE_HPP

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>

namespace chime_voice::detail {

/// Zeroes n bytes at p through a volatile pointer, so the stores are not
/// removed as dead (rule of the house 6: derived keys are wiped when dropped).
inline void secure_wipe(void* p, std::size_t n) noexcept {
#if defined(__GNUC__) || defined(__clang__)
    // memset, then an empty asm that "reads" the memory: the compiler must
    // assume the zeros are observed, so it cannot drop the stores (the
    // technique of explicit_bzero), and memset runs at full speed.
    std::memset(p, 0, n);
    __asm__ __volatile__("" : : "r"(p) : "memory");
#else
    volatile unsigned char* v = static_cast<volatile unsigned char*>(p);
    while (n--) *v++ = 0;
#endif
}

/// Wipes a string's whole buffer (including spare capacity), then clears it.
inline void secure_wipe(std::string& s) noexcept {
    if (s.capacity() > 0) secure_wipe(s.data(), s.capacity());
    s.clear();
}

/// Constant-time equality of two byte strings of the same length; the time
/// depends only on the length, never on where they differ.
inline bool constant_time_equal(const void* a, const void* b, std::size_t n) noexcept {
    const auto* x = static_cast<const unsigned char*>(a);
    const auto* y = static_cast<const unsigned char*>(b);
    std::uint64_t acc = 0;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t u, v;
        std::memcpy(&u, x + i, 8);
        std::memcpy(&v, y + i, 8);
        acc |= u ^ v;
#if defined(__GNUC__) || defined(__clang__)
        __asm__("" : "+r"(acc)); // opaque to the optimizer: no early exit can be derived
#endif
    }
    for (; i < n; ++i) {
        acc |= static_cast<std::uint64_t>(x[i] ^ y[i]);
#if defined(__GNUC__) || defined(__clang__)
        __asm__("" : "+r"(acc));
#endif
    }
    return acc == 0;
}

} // namespace chime_voice::detail

#endif
