// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/key_cache.hpp — the caller-held cache of the derived
// SigV4 signing key.
//
// The signing key (kSigning, SigV4 docs "Derive a signing key") depends only
// on the secret, the day, the region and the service, so a client that signs
// many requests derives it once a day. The cache is a value the caller owns
// (no global state, rule of the house 5); it never allocates.
#ifndef CHIME_VOICE_SIGV4_KEY_CACHE_HPP
#define CHIME_VOICE_SIGV4_KEY_CACHE_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/hmac.hpp>
#include <chime_voice/detail/secure_wipe.hpp>

#include <atomic>
#include <cstddef>
#include <optional>
#include <ostream>
#include <string_view>

namespace chime_voice::detail {
struct key_cache_access;
}

namespace chime_voice::sigv4 {

/// Keeps the last derived signing key (kSigning) with its HMAC pads already
/// computed, so repeated signing with the same secret, day, region and
/// service skips the four-step derivation. Holds a copy of the secret to
/// detect changes (compared in constant time). Everything is wiped on
/// destruction and on refill. Fixed size: filling it never allocates.
/// Not thread-safe for writing: one cache per thread, or a lock around the
/// signing call. Several threads may share one through
/// signing_params::key_cache once it is filled, as long as every one of
/// them signs for the scope and secret it holds: a hit only reads the cache
/// and bumps the hit counter, which is a relaxed atomic on its own cache
/// line (so the bump neither races nor evicts the key the other threads
/// read). A miss refills the cache, a write that must not overlap any use.
class signing_key_cache {
public:
    signing_key_cache() noexcept = default;
    signing_key_cache(const signing_key_cache&) = delete;
    signing_key_cache& operator=(const signing_key_cache&) = delete;
    ~signing_key_cache() { clear(); }

    /// Forgets the key (wipes it).
    void clear() noexcept {
        detail::secure_wipe(secret_, sizeof secret_);
        secret_len_ = 0;
        key_.reset();
        valid_ = false;
    }
    /// Signatures that found their key here.
    std::size_t hits() const noexcept { return hits_.load(std::memory_order_relaxed); }
    /// Signatures that had to derive their key (and stored it here).
    std::size_t misses() const noexcept { return misses_; }

    /// Shows the scope only, never the key or secret.
    friend std::ostream& operator<<(std::ostream& os, const signing_key_cache& c) {
        os << "signing_key_cache{";
        if (c.valid_)
            os << std::string_view(c.date_, 8) << '/' << std::string_view(c.region_, c.region_len_) << '/'
               << std::string_view(c.service_, c.service_len_) << ", key=<redacted>";
        else
            os << "empty";
        return os << ", hits=" << c.hits() << ", misses=" << c.misses_ << '}';
    }

private:
    friend struct detail::key_cache_access;
    static constexpr std::size_t max_secret = 128;
    static constexpr std::size_t max_label = 64;
    char secret_[max_secret]{};
    std::size_t secret_len_ = 0;
    char date_[8]{};
    char region_[max_label]{};
    std::size_t region_len_ = 0;
    char service_[max_label]{};
    std::size_t service_len_ = 0;
    std::optional<detail::hmac_sha256_key> key_;
    bool valid_ = false;
    std::size_t misses_ = 0;
    /// Bumped by hits, possibly from several threads (see the class comment).
    alignas(64) std::atomic<std::size_t> hits_{0};
};

} // namespace chime_voice::sigv4

#endif
