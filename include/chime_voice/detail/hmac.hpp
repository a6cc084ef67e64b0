// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/hmac.hpp — HMAC-SHA256 (RFC 2104, FIPS 198-1).
//
// Not public API. SigV4 derives its signing key with a chain of HMAC-SHA256
// calls and signs the string to sign with one more (SigV4 docs, "Calculate
// the signature"), so this is the hot path of signing. A key's inner and
// outer hash states are computed once (RFC 2104 §4, "Implementation
// Note": precompute H(K XOR ipad) and H(K XOR opad) "as intermediate
// results"), so each further MAC costs only the message blocks plus one
// outer block.
//
// Key material (padded key blocks, intermediate states) is wiped with
// detail::secure_wipe when dropped (rule of the house 6). No I/O, no
// allocation; nothing here throws.
#ifndef CHIME_VOICE_DETAIL_HMAC_HPP
#define CHIME_VOICE_DETAIL_HMAC_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/secure_wipe.hpp>
#include <chime_voice/detail/sha256.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace chime_voice::detail {

namespace hmac_impl {
inline constexpr std::uint8_t ipad = 0x36; // RFC 2104 §2
inline constexpr std::uint8_t opad = 0x5c; // RFC 2104 §2

/// The one block the outer hash absorbs after the key block: the 32-byte
/// inner digest and its padding (FIPS 180-4 section 5.1.1; total length 64 +
/// 32 bytes, so exactly one block).
inline void outer_message_block(const sha256_digest& inner, std::uint8_t (&block)[sha256_block_size]) noexcept {
    std::memcpy(block, inner.data(), inner.size());
    sha256_impl::pad_final(block, inner.size(), sha256_block_size + inner.size());
}

/// The final block of an inner hash whose message (m <= 55 bytes) fits one
/// block after the key block: message, padding, length 64 + m.
inline void inner_message_block(std::string_view msg, std::uint8_t (&block)[sha256_block_size]) noexcept {
    if (!msg.empty()) std::memcpy(block, msg.data(), msg.size());
    sha256_impl::pad_final(block, msg.size(), sha256_block_size + msg.size());
}

/// Outer hash H(K XOR opad || inner) resumed from the precomputed outer state.
inline sha256_digest finish_outer(const sha256_state& outer, const sha256_digest& inner,
                                  sha256_backend b) noexcept {
    std::uint8_t block[sha256_block_size];
    outer_message_block(inner, block);
    sha256_state s = outer;
    sha256_impl::compress(b, s.data(), block, 1);
    sha256_digest out;
    sha256_impl::store_digest(out.data(), s.data());
    return out;
}

/// Finishes a hash whose state `s` has absorbed `prefix` bytes (a multiple
/// of 64) with the m message bytes at msg and the padding: whole blocks
/// straight from msg, then the tail and padding (one or two blocks) from a
/// stack buffer. No streaming object, one compress call for the body and one
/// for the tail. Overwrites s.
[[gnu::always_inline]] inline sha256_digest finish_from(sha256_state& s, std::uint64_t prefix, const void* msg,
                                                        std::size_t m, sha256_backend b) noexcept {
    const auto* p = static_cast<const std::uint8_t*>(msg);
    const std::size_t full = m / sha256_block_size;
    if (full != 0) sha256_impl::compress(b, s.data(), p, full);
    const std::size_t r = m % sha256_block_size;
    std::uint8_t tail[2 * sha256_block_size];
    if (r != 0) std::memcpy(tail, p + full * sha256_block_size, r);
    const std::size_t blocks = sha256_impl::pad_final(tail, r, prefix + m);
    sha256_impl::compress(b, s.data(), tail, blocks);
    sha256_digest out;
    sha256_impl::store_digest(out.data(), s.data());
    return out;
}

/// Wipes a hash state with 32-bit volatile stores: the same guarantee as
/// secure_wipe (the stores are not removed as dead), an eighth of the stores.
inline void wipe_state(sha256_state& s) noexcept {
    volatile std::uint32_t* v = s.data();
    for (std::size_t i = 0; i < s.size(); ++i) v[i] = 0;
}

/// H(K0 XOR ipad) and H(K0 XOR opad) after one block each (RFC 2104 §2
/// steps 1-2 and §4) for a key of n <= 64 bytes. Only the first n bytes of
/// the padded block depend on the key (the rest is the constant pad), so
/// only those are wiped.
inline void key_states(const void* key, std::size_t n, sha256_backend b, sha256_state& inner,
                       sha256_state& outer) noexcept {
    alignas(16) std::uint8_t in_block[sha256_block_size];
    alignas(16) std::uint8_t out_block[sha256_block_size];
    if (n != 0) std::memcpy(in_block, key, n);
    std::memset(in_block + n, 0, sha256_block_size - n);
    for (std::size_t i = 0; i < sha256_block_size; ++i) {
        out_block[i] = static_cast<std::uint8_t>(in_block[i] ^ opad);
        in_block[i] ^= ipad;
    }
    inner = sha256_impl::initial_state;
    outer = sha256_impl::initial_state;
    // The two pads are independent: one interleaved call (sha256_impl::compress2).
    sha256_impl::compress2(b, inner.data(), in_block, outer.data(), out_block);
    secure_wipe(in_block, n);
    secure_wipe(out_block, n);
}

/// One-shot HMAC without building an hmac_sha256_key: the key states live
/// on the stack and are wiped before returning. Keys longer than 64 bytes are
/// hashed first (RFC 2104 §2).
inline sha256_digest oneshot(const void* key, std::size_t n, const void* msg, std::size_t m,
                             sha256_backend b) noexcept {
    sha256_state inner, outer;
    if (n > sha256_block_size) {
        sha256_digest k = sha256_hash(key, n, b);
        key_states(k.data(), k.size(), b, inner, outer);
        secure_wipe(k.data(), k.size());
    } else {
        key_states(key, n, b, inner, outer);
    }
    const sha256_digest d = finish_from(inner, sha256_block_size, msg, m, b);
    const sha256_digest out = finish_outer(outer, d, b);
    wipe_state(inner);
    wipe_state(outer);
    return out;
}
} // namespace hmac_impl

/// A fixed HMAC-SHA256 key, held as the two precomputed hash states
/// H(K0 XOR ipad) and H(K0 XOR opad) after one block each (RFC 2104 §2 steps
/// 1–2, §4). Keys longer than 64 bytes are hashed first (RFC 2104 §2,
/// "applications that use keys longer than B bytes will first hash the key").
/// The raw key is not kept. Copies carry the states; every copy wipes its
/// states when destroyed.
class hmac_sha256_key {
public:
    /// Precomputes the states for `key` (the bytes of the view; no lifetime ties).
    explicit hmac_sha256_key(std::string_view key) noexcept
        : hmac_sha256_key(key.data(), key.size(), sha256_active_backend()) {}

    /// A 32-byte key, as in the SigV4 derivation chain (kDate, kRegion, …).
    explicit hmac_sha256_key(const sha256_digest& key) noexcept
        : hmac_sha256_key(key.data(), key.size(), sha256_active_backend()) {}

    hmac_sha256_key(const void* key, std::size_t n) noexcept
        : hmac_sha256_key(key, n, sha256_active_backend()) {}

    /// As above with a forced SHA-256 back end (tests, benchmarks); an
    /// unavailable back end falls back to portable (see detail::sha256).
    hmac_sha256_key(const void* key, std::size_t n, sha256_backend b) noexcept
        : backend_(sha256_backend_available(b) ? b : sha256_backend::portable) {
        if (n > sha256_block_size) {
            sha256_digest d = sha256_hash(key, n, backend_);
            hmac_impl::key_states(d.data(), d.size(), backend_, inner_, outer_);
            secure_wipe(d.data(), d.size());
        } else {
            hmac_impl::key_states(key, n, backend_, inner_, outer_);
        }
    }

    hmac_sha256_key(const hmac_sha256_key&) noexcept = default;
    hmac_sha256_key(hmac_sha256_key&&) noexcept = default; // copies; the source wipes itself later
    hmac_sha256_key& operator=(const hmac_sha256_key&) noexcept = default;
    hmac_sha256_key& operator=(hmac_sha256_key&&) noexcept = default;

    ~hmac_sha256_key() {
        hmac_impl::wipe_state(inner_);
        hmac_impl::wipe_state(outer_);
    }

    /// H(K0 XOR ipad) state after 64 bytes.
    const sha256_state& inner_state() const noexcept { return inner_; }
    /// H(K0 XOR opad) state after 64 bytes.
    const sha256_state& outer_state() const noexcept { return outer_; }
    sha256_backend backend() const noexcept { return backend_; }

private:
    sha256_state inner_;
    sha256_state outer_;
    sha256_backend backend_;
};

/// Streaming HMAC-SHA256 with a precomputed key: update() any number of
/// times, then finish() once. Wipes its (key-derived) states on destruction.
/// Named `_stream` because the free function hmac_sha256 would hide a class
/// of the same name.
class hmac_sha256_stream {
public:
    explicit hmac_sha256_stream(const hmac_sha256_key& key) noexcept
        : inner_(key.inner_state(), sha256_block_size, key.backend()), outer_(key.outer_state()) {}

    hmac_sha256_stream(const hmac_sha256_stream&) noexcept = default;
    hmac_sha256_stream& operator=(const hmac_sha256_stream&) noexcept = default;

    ~hmac_sha256_stream() {
        secure_wipe(&inner_, sizeof inner_);
        hmac_impl::wipe_state(outer_);
    }

    void update(const void* data, std::size_t n) noexcept { inner_.update(data, n); }
    void update(std::string_view s) noexcept { inner_.update(s.data(), s.size()); }

    /// The MAC (RFC 2104 §2 steps 3–7). Call once.
    sha256_digest finish() noexcept {
        return hmac_impl::finish_outer(outer_, inner_.finish(), inner_.backend());
    }

private:
    sha256 inner_;
    sha256_state outer_;
};

/// HMAC-SHA256 of n message bytes under a precomputed key.
inline sha256_digest hmac_sha256(const hmac_sha256_key& key, const void* message, std::size_t n) noexcept {
    sha256_state inner = key.inner_state();
    const sha256_digest d = hmac_impl::finish_from(inner, sha256_block_size, message, n, key.backend());
    return hmac_impl::finish_outer(key.outer_state(), d, key.backend());
}

inline sha256_digest hmac_sha256(const hmac_sha256_key& key, std::string_view message) noexcept {
    return hmac_sha256(key, message.data(), message.size());
}

/// One-shot HMAC-SHA256 with a key of any length.
inline sha256_digest hmac_sha256(std::string_view key, std::string_view message) noexcept {
    return hmac_impl::oneshot(key.data(), key.size(), message.data(), message.size(), sha256_active_backend());
}

/// One-shot HMAC-SHA256 with a 32-byte key (the SigV4 key derivation chain).
inline sha256_digest hmac_sha256(const sha256_digest& key, std::string_view message) noexcept {
    return hmac_impl::oneshot(key.data(), key.size(), message.data(), message.size(), sha256_active_backend());
}

} // namespace chime_voice::detail

#endif
