// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/sigv4_key.hpp — SigV4 key derivation, the signing-key
// cache's storage, and the one function that turns a canonical request into
// a signature (used by sign, presign and verify alike, so they cannot drift).
//
// Not public API. SigV4 docs, "Derive a signing key":
//   kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request")
// and "Calculate the signature": HMAC(kSigning, string to sign), where the
// string to sign is the algorithm, the timestamp, the scope and the hex
// SHA-256 of the canonical request, one per line.
#ifndef CHIME_VOICE_DETAIL_SIGV4_KEY_HPP
#define CHIME_VOICE_DETAIL_SIGV4_KEY_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/hex.hpp>
#include <chime_voice/detail/hmac.hpp>
#include <chime_voice/detail/secure_wipe.hpp>
#include <chime_voice/detail/sha256.hpp>
#include <chime_voice/detail/sigv4_canonical.hpp>
#include <chime_voice/sigv4/key_cache.hpp>
#include <chime_voice/sigv4/params.hpp>

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace chime_voice::detail {

/// The credential scope of one signature, as views: "yyyymmdd", region, service.
struct sigv4_scope {
    std::string_view date, region, service;
};

/// "date/region/service/aws4_request", on the stack (labels are at most 63 bytes).
class scope_text {
public:
    [[gnu::always_inline]] explicit scope_text(const sigv4_scope& s) noexcept {
        put(s.date);
        put("/");
        put(s.region);
        put("/");
        put(s.service);
        put("/aws4_request");
    }
    std::string_view view() const noexcept { return {buf_, n_}; }

private:
    void put(std::string_view s) noexcept {
        std::memcpy(buf_ + n_, s.data(), s.size());
        n_ += s.size();
    }
    char buf_[8 + 1 + 64 + 1 + 64 + 1 + 12];
    std::size_t n_ = 0;
};

/// kSigning, derived step by step (one-shot HMACs; intermediate keys wiped).
inline sha256_digest derive_signing_key(std::string_view secret, const sigv4_scope& s) {
    // "AWS4" + secret, on the stack when it fits; wiped after use.
    char stack_key[4 + 128];
    std::string heap_key;
    std::string_view k0;
    if (secret.size() <= 128) {
        std::memcpy(stack_key, "AWS4", 4);
        std::memcpy(stack_key + 4, secret.data(), secret.size());
        k0 = {stack_key, 4 + secret.size()};
    } else {
        heap_key.reserve(4 + secret.size());
        heap_key.append("AWS4").append(secret);
        k0 = heap_key;
    }
    auto k = hmac_sha256(k0, s.date);
    secure_wipe(stack_key, sizeof stack_key);
    if (!heap_key.empty()) secure_wipe(heap_key);
    auto k2 = hmac_sha256(k, s.region);
    auto k3 = hmac_sha256(k2, s.service);
    auto k4 = hmac_sha256(k3, std::string_view("aws4_request"));
    secure_wipe(k.data(), k.size());
    secure_wipe(k2.data(), k2.size());
    secure_wipe(k3.data(), k3.size());
    return k4;
}

/// Whether derive_key_and_hash() can take these inputs: "AWS4" + secret fits
/// one block, and each message of the chain fits one final block.
inline bool can_interleave(std::string_view secret, const sigv4_scope& s) noexcept {
    return 4 + secret.size() <= 64 && s.region.size() <= 55 && s.service.size() <= 55;
}

/// kSigning and SHA-256(text) together. The key derivation is a chain of
/// four HMACs, each waiting for the one before, so one SHA-256 lane idles
/// while it runs; the compressions of `text` (the canonical request) fill
/// that lane, two at a time (sha256_impl::compress2), which is where a cold
/// signature saves a third of its hashing latency. Same results as
/// derive_signing_key() and sha256_hash(text). Requires can_interleave().
inline std::pair<sha256_digest, sha256_digest> derive_key_and_hash(std::string_view secret, const sigv4_scope& s,
                                                                   std::string_view text) noexcept {
    namespace si = sha256_impl;
    const auto b = sha256_active_backend();

    // Lane B: the blocks of `text`, then its padding.
    const auto* tp = reinterpret_cast<const std::uint8_t*>(text.data());
    const std::size_t full = text.size() / 64, r = text.size() % 64;
    alignas(16) std::uint8_t tail[128];
    if (r) std::memcpy(tail, tp + full * 64, r);
    const std::size_t tail_blocks = si::pad_final(tail, r, text.size());
    std::size_t next = 0;
    auto next_block = [&]() noexcept -> const std::uint8_t* {
        if (next < full) return tp + 64 * next++;
        if (next < full + tail_blocks) return tail + 64 * (next++ - full);
        return nullptr;
    };
    sha256_state hb = si::initial_state;
    auto compress_paired = [&](std::uint32_t* st, const std::uint8_t* blk) noexcept {
        if (const auto* o = next_block())
            si::compress2(b, st, blk, hb.data(), o);
        else
            si::compress(b, st, blk, 1);
    };

    // Lane A: kDate, kRegion, kService, kSigning, each an HMAC (RFC 2104)
    // whose key states come from hmac_impl::key_states and whose two
    // message blocks are paired with blocks of lane B.
    alignas(16) std::uint8_t key[64];
    std::size_t klen = 4 + secret.size();
    std::memcpy(key, "AWS4", 4);
    std::memcpy(key + 4, secret.data(), secret.size());
    const std::string_view msgs[4] = {s.date, s.region, s.service, "aws4_request"};
    alignas(16) std::uint8_t mb[64];
    sha256_state in, out;
    sha256_digest d;
    for (const auto m : msgs) {
        hmac_impl::key_states(key, klen, b, in, out);
        hmac_impl::inner_message_block(m, mb);
        compress_paired(in.data(), mb);
        si::store_digest(d.data(), in.data());
        hmac_impl::outer_message_block(d, mb);
        compress_paired(out.data(), mb);
        si::store_digest(key, out.data());
        klen = 32;
    }
    sha256_digest k{};
    std::memcpy(k.data(), key, 32);
    // Whatever is left of `text`: contiguous blocks in one call, then the tail.
    if (next < full) {
        si::compress(b, hb.data(), tp + 64 * next, full - next);
        next = full;
    }
    while (const auto* o = next_block()) si::compress(b, hb.data(), o, 1);
    sha256_digest h{};
    si::store_digest(h.data(), hb.data());
    secure_wipe(key, sizeof key);
    secure_wipe(mb, sizeof mb);
    secure_wipe(d.data(), d.size());
    hmac_impl::wipe_state(in);
    hmac_impl::wipe_state(out);
    return {k, h};
}

/// Grants the signer access to the cache's storage.
struct key_cache_access {
    /// The cached pads of kSigning when the cache holds this scope, else nullptr.
    static const hmac_sha256_key* find(sigv4::signing_key_cache* c, std::string_view secret,
                                       const sigv4_scope& s) noexcept {
        if (c && c->valid_ && c->secret_len_ == secret.size() && std::memcmp(c->date_, s.date.data(), 8) == 0 &&
            std::string_view(c->region_, c->region_len_) == s.region &&
            std::string_view(c->service_, c->service_len_) == s.service &&
            constant_time_equal(c->secret_, secret.data(), secret.size())) {
            c->hits_.fetch_add(1, std::memory_order_relaxed); // may run on several threads at once
            return &*c->key_;
        }
        return nullptr;
    }

    /// Keeps the freshly derived kSigning `k` (its pads) in the cache when
    /// there is one that can hold this scope, else in `local`.
    static const hmac_sha256_key& store(sigv4::signing_key_cache* c, std::optional<hmac_sha256_key>& local,
                                        const sha256_digest& k, std::string_view secret,
                                        const sigv4_scope& s) noexcept {
        if (c && secret.size() <= sigv4::signing_key_cache::max_secret) {
            ++c->misses_;
            c->clear();
            c->key_.emplace(k.data(), k.size());
            std::memcpy(c->secret_, secret.data(), secret.size());
            c->secret_len_ = secret.size();
            std::memcpy(c->date_, s.date.data(), 8);
            std::memcpy(c->region_, s.region.data(), s.region.size());
            c->region_len_ = s.region.size();
            std::memcpy(c->service_, s.service.data(), s.service.size());
            c->service_len_ = s.service.size();
            c->valid_ = true;
            return *c->key_;
        }
        local.emplace(k.data(), k.size());
        return *local;
    }
};

/// HMAC(kSigning, string to sign) for a canonical request whose SHA-256 is `creq_hash`.
inline sha256_digest sign_string(const hmac_sha256_key& key, std::string_view timestamp, std::string_view scope,
                                 const sha256_digest& creq_hash) noexcept {
    char sts[16 + 1 + 16 + 1 + 150 + 1 + 64];
    std::size_t n = 0;
    auto put = [&](std::string_view v) {
        std::memcpy(sts + n, v.data(), v.size());
        n += v.size();
    };
    put(sigv4::algorithm);
    put("\n");
    put(timestamp);
    put("\n");
    put(scope);
    put("\n");
    hex_lower(creq_hash.data(), creq_hash.size(), sts + n);
    n += 64;
    return hmac_sha256(key, std::string_view(sts, n));
}

/// The string to sign as text (debugging and tests). May throw std::bad_alloc.
inline std::string string_to_sign_text(std::string_view timestamp, std::string_view scope,
                                       const sha256_digest& creq_hash) {
    std::string s;
    s.append(sigv4::algorithm).append(1, '\n').append(timestamp).append(1, '\n').append(scope).append(1, '\n');
    s.append(to_hex(creq_hash));
    return s;
}

/// The signature of the canonical request that `write(sink)` produces, for
/// `secret` at `timestamp` ("yyyymmddThhmmssZ") in `scope`. The one path
/// sign(), presign() and verify() share: the canonical request is written
/// once, into a stack buffer when it fits; without a cached key the key
/// derivation runs interleaved with its hash (derive_key_and_hash), with a
/// cached key only the hash runs. `cache` may be null. Throws only
/// std::bad_alloc (a secret longer than 128 bytes).
template <class Writer>
sha256_digest signature_of(Writer&& write, std::string_view secret, const sigv4_scope& scope,
                           std::string_view timestamp, sigv4::signing_key_cache* cache) {
    std::optional<hmac_sha256_key> local_key;
    const hmac_sha256_key* key = key_cache_access::find(cache, secret, scope);
    sha256_digest creq_hash;
    bool hashed = false;
    if (!key && can_interleave(secret, scope)) {
        array_sink text;
        write(text);
        if (!text.overflow()) {
            auto [k, h] = derive_key_and_hash(secret, scope, text.view());
            creq_hash = h;
            key = &key_cache_access::store(cache, local_key, k, secret, scope);
            secure_wipe(k.data(), k.size());
            hashed = true;
        }
    }
    if (!hashed) {
        hash_sink sink;
        write(sink);
        creq_hash = sink.finish();
        if (!key) {
            auto k = derive_signing_key(secret, scope);
            key = &key_cache_access::store(cache, local_key, k, secret, scope);
            secure_wipe(k.data(), k.size());
        }
    }
    return sign_string(*key, timestamp, scope_text(scope).view(), creq_hash);
}

} // namespace chime_voice::detail

#endif
