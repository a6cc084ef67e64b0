// SPDX-License-Identifier: BSL-1.0
// fuzz_sha256 — the accelerated SHA-256 back end (SHA-NI / ARMv8 SHA2 when
// the CPU has it) against the portable one, one-shot against streaming in
// pieces, and HMAC-SHA256 likewise.
// Input: split-seed 0x1E key 0x1E message
// The split seed chooses the piece sizes (1..130 bytes, crossing block
// boundaries in every way).
#include <chime_voice/detail/hmac.hpp>
#include <chime_voice/detail/sha256.hpp>

#include "fuzz_harness.hpp"

#include <cstdint>
#include <string_view>

namespace {

using namespace chime_voice::detail;
using chime_voice_fuzz::check;

sha256_backend accelerated() {
    for (auto b : {sha256_backend::x86_sha_ni, sha256_backend::arm_sha2})
        if (sha256_backend_available(b)) return b;
    return sha256_backend::portable;
}

// Piece sizes from a 64-bit seed (xorshift), 1..130 bytes each.
struct splitter {
    std::uint64_t x;
    std::size_t next() {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        return 1 + static_cast<std::size_t>(x % 130);
    }
};

template <class H>
void feed_in_pieces(H& h, std::string_view m, std::uint64_t seed) {
    splitter s{seed | 1};
    while (!m.empty()) {
        const std::size_t k = std::min(m.size(), s.next());
        h.update(m.substr(0, k));
        m.remove_prefix(k);
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    chime_voice_fuzz::input in(data, size);
    const auto seed = static_cast<std::uint64_t>(in.number(0, 0x7fffffffffffffffLL, 88172645463325252LL));
    const std::string_view key = in.field();
    const std::string_view msg = in.rest();
    const sha256_backend fast = accelerated();

    const auto ref = sha256_hash(msg.data(), msg.size(), sha256_backend::portable);
    check(sha256_hash(msg.data(), msg.size(), fast) == ref, "accelerated one-shot == portable one-shot");
    check(sha256_hash(msg) == ref, "active back end == portable");
    for (auto b : {sha256_backend::portable, fast}) {
        sha256 h(b);
        feed_in_pieces(h, msg, seed);
        check(h.bytes_hashed() == msg.size(), "bytes_hashed counts every byte");
        check(h.finish() == ref, "streaming in pieces == one-shot");
        h.reset();
        h.update(msg);
        check(h.finish() == ref, "reset() starts a new message");
    }
    // Resuming from a saved state at a block boundary.
    {
        const std::size_t cut = (msg.size() / 2) & ~std::size_t{63};
        sha256 a(fast);
        a.update(msg.substr(0, cut));
        sha256 b(a.state(), a.bytes_hashed(), sha256_backend::portable);
        b.update(msg.substr(cut));
        check(b.finish() == ref, "resuming from a saved state");
    }

    // HMAC: keys of every length (long keys are hashed first, RFC 2104 section 2).
    const hmac_sha256_key kp(key.data(), key.size(), sha256_backend::portable);
    const hmac_sha256_key kf(key.data(), key.size(), fast);
    check(kp.inner_state() == kf.inner_state() && kp.outer_state() == kf.outer_state(),
          "HMAC key states agree across back ends");
    const auto mac = hmac_sha256(kp, msg);
    check(hmac_sha256(kf, msg) == mac, "HMAC accelerated == portable");
    check(hmac_sha256(key, msg) == mac, "one-shot HMAC == keyed HMAC");
    hmac_sha256_stream st(kf);
    feed_in_pieces(st, msg, seed ^ 0x9e3779b97f4a7c15ULL);
    check(st.finish() == mac, "streaming HMAC == one-shot HMAC");
    // RFC 2104 from the definition: H((K0 ^ opad) || H((K0 ^ ipad) || m)).
    {
        std::uint8_t k0[64] = {};
        if (key.size() > 64) {
            const auto d = sha256_hash(key.data(), key.size(), sha256_backend::portable);
            std::copy(d.begin(), d.end(), k0);
        } else {
            std::copy(key.begin(), key.end(), reinterpret_cast<char*>(k0));
        }
        std::uint8_t ipad[64], opad[64];
        for (int i = 0; i < 64; ++i) {
            ipad[i] = static_cast<std::uint8_t>(k0[i] ^ 0x36);
            opad[i] = static_cast<std::uint8_t>(k0[i] ^ 0x5c);
        }
        sha256 inner(sha256_backend::portable);
        inner.update(ipad, 64);
        inner.update(msg);
        const auto ih = inner.finish();
        sha256 outer(sha256_backend::portable);
        outer.update(opad, 64);
        outer.update(ih.data(), ih.size());
        check(outer.finish() == mac, "HMAC matches RFC 2104's definition");
    }
    return 0;
}
