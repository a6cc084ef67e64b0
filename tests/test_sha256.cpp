// SPDX-License-Identifier: BSL-1.0
// Tests for detail/sha256.hpp against FIPS 180-4 / NIST example vectors and
// reference digests computed independently with Python's hashlib.
#include <chime_voice/detail/sha256.hpp>

#define BOOST_TEST_MODULE sha256
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chime_voice/detail/hex.hpp>

#include "sha256_backends.hpp"

#include <algorithm>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace chime_voice::detail;

namespace {

/// The back ends that can run on this machine and build.
using sha256_test::runnable_backends;
const char* name(sha256_backend b) { return to_string(b); }

/// An accelerated back end, if one runs here.
std::optional<sha256_backend> accelerated() {
    for (auto b : {sha256_backend::x86_sha_ni, sha256_backend::arm_sha2})
        if (sha256_backend_available(b)) return b;
    return std::nullopt;
}

/// Deterministic test message: byte j = 7j + 3 (mod 256). The same pattern
/// generated the hashlib reference digests below.
std::vector<std::uint8_t> pattern(std::size_t n) {
    std::vector<std::uint8_t> v(n);
    for (std::size_t j = 0; j < n; ++j) v[j] = static_cast<std::uint8_t>(j * 7 + 3);
    return v;
}

struct nist_vector {
    std::string message;
    const char* digest;
};

// FIPS 180-4 examples (NIST CSRC "Examples with Intermediate Values",
// SHA256.pdf and SHA2_Additional_Examples.pdf; also FIPS 180-2 Appendix B).
const std::vector<nist_vector>& nist_vectors() {
    static const std::vector<nist_vector> v{
        {"", "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"},
        {"abc", "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"},
        {"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq", // 448 bits
         "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1"},
        {"abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno" // 896 bits
         "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu",
         "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1"},
        {std::string(1000000, 'a'), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0"},
    };
    return v;
}

} // namespace

BOOST_AUTO_TEST_CASE(reports_backend) {
    const auto active = sha256_active_backend();
    BOOST_TEST_MESSAGE("active SHA-256 back end: " << name(active));
    BOOST_TEST(sha256_backend_available(active));
    BOOST_TEST(sha256_backend_available(sha256_backend::portable));
    BOOST_TEST((sha256().backend() == active));
    if (!accelerated())
        BOOST_TEST_MESSAGE("no accelerated SHA-256 back end runs here; checking portable only");
    else
        BOOST_TEST((active == *accelerated())); // the dispatcher prefers acceleration
#if defined(CHIME_VOICE_PORTABLE_SHA256)
    BOOST_TEST((active == sha256_backend::portable));
    BOOST_TEST(!sha256_backend_available(sha256_backend::x86_sha_ni));
    BOOST_TEST(!sha256_backend_available(sha256_backend::arm_sha2));
#endif
}

BOOST_AUTO_TEST_CASE(forcing_unavailable_backend_falls_back_to_portable) {
    for (auto b : {sha256_backend::x86_sha_ni, sha256_backend::arm_sha2}) {
        if (sha256_backend_available(b)) continue;
        BOOST_TEST((sha256(b).backend() == sha256_backend::portable));
        BOOST_TEST(to_hex(sha256_hash("abc", 3, b)) ==
                   "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    }
}

BOOST_AUTO_TEST_CASE(nist_vectors_one_shot) {
    for (auto b : runnable_backends()) {
        BOOST_TEST_CONTEXT("backend " << name(b)) {
            for (const auto& v : nist_vectors()) {
                BOOST_TEST_CONTEXT("length " << v.message.size()) {
                    BOOST_TEST(to_hex(sha256_hash(v.message.data(), v.message.size(), b)) == v.digest);
                }
            }
        }
    }
    for (const auto& v : nist_vectors()) BOOST_TEST(to_hex(sha256_hash(v.message)) == v.digest);
}

BOOST_AUTO_TEST_CASE(nist_vectors_streamed_in_odd_chunks) {
    static constexpr std::size_t chunks[] = {1, 3, 7, 61, 63, 64, 65, 127, 1000, 4099};
    for (auto b : runnable_backends()) {
        for (std::size_t start = 0; start < std::size(chunks); ++start) {
            BOOST_TEST_CONTEXT("backend " << name(b) << ", chunk schedule from " << start) {
                for (const auto& v : nist_vectors()) {
                    sha256 h(b);
                    std::string_view rest = v.message;
                    for (std::size_t i = start; !rest.empty(); ++i) {
                        const std::size_t k = std::min(rest.size(), chunks[i % std::size(chunks)]);
                        h.update(rest.substr(0, k));
                        rest.remove_prefix(k);
                    }
                    h.update(nullptr, 0); // empty update is a no-op
                    BOOST_TEST(to_hex(h.finish()) == v.digest);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(reset_allows_reuse) {
    for (auto b : runnable_backends()) {
        sha256 h(b);
        h.update("some other message that fills more than one block of sixty-four bytes....");
        (void)h.finish();
        h.reset();
        h.update("abc");
        BOOST_TEST(to_hex(h.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        BOOST_TEST((h.backend() == b));
    }
}

BOOST_AUTO_TEST_CASE(resume_from_saved_state) {
    // The 896-bit NIST message: save the state after its first block and
    // resume in a fresh object (what HMAC key precomputation relies on).
    const std::string_view msg = "abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmno"
                                 "ijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu";
    for (auto b : runnable_backends()) {
        sha256 first(b);
        first.update(msg.substr(0, 64));
        BOOST_TEST(first.bytes_hashed() == 64u);
        sha256 resumed(first.state(), first.bytes_hashed(), b);
        resumed.update(msg.substr(64));
        BOOST_TEST(to_hex(resumed.finish()) == "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1");
        // A partial-block count is rounded down to whole blocks.
        BOOST_TEST(sha256(first.state(), 64 + 5, b).bytes_hashed() == 64u);
    }
}

BOOST_AUTO_TEST_CASE(every_length_0_to_1100_matches_reference) {
    // Reference: SHA-256 over the concatenation of the 1101 digests
    // SHA-256(pattern[0..n)) for n = 0..1100, computed with Python hashlib:
    //   buf = bytes((j*7+3) & 0xff for j in range(1101))
    //   sha256(b''.join(sha256(buf[:n]).digest() for n in range(1101)))
    const std::string reference = "d3fdf16ea21145f7a8828961cebd5bea389926b3a6fd39df2169752a616440a2";
    const auto msg = pattern(1100);
    const auto acc = accelerated();
    if (!acc) BOOST_TEST_MESSAGE("no accelerated back end here: checking portable against the reference only");
    for (auto b : runnable_backends()) {
        sha256 all(b);
        for (std::size_t n = 0; n <= msg.size(); ++n) {
            const auto d = sha256_hash(msg.data(), n, b);
            if (acc && b == sha256_backend::portable) {
                const auto fast = sha256_hash(msg.data(), n, *acc);
                BOOST_TEST_CONTEXT("length " << n) { BOOST_TEST(to_hex(fast) == to_hex(d)); }
            }
            all.update(d.data(), d.size());
        }
        BOOST_TEST_CONTEXT("backend " << name(b)) { BOOST_TEST(to_hex(all.finish()) == reference); }
    }
}

BOOST_AUTO_TEST_CASE(streaming_every_split_point) {
    static constexpr std::size_t lengths[] = {0, 1, 55, 56, 63, 64, 65, 119, 120, 127, 128, 129, 200, 300};
    const auto msg = pattern(300);
    for (auto b : runnable_backends()) {
        for (std::size_t n : lengths) {
            const auto whole = to_hex(sha256_hash(msg.data(), n, sha256_backend::portable));
            for (std::size_t split = 0; split <= n; ++split) {
                sha256 h(b);
                h.update(msg.data(), split);
                h.update(msg.data() + split, n - split);
                BOOST_TEST_CONTEXT("backend " << name(b) << ", length " << n << ", split " << split) {
                    BOOST_TEST(to_hex(h.finish()) == whole);
                }
            }
            // Three pieces around a block boundary, byte by byte in between.
            if (n >= 70) {
                sha256 h(b);
                h.update(msg.data(), 60);
                for (std::size_t i = 60; i < 70; ++i) h.update(msg.data() + i, 1);
                h.update(msg.data() + 70, n - 70);
                BOOST_TEST(to_hex(h.finish()) == whole);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(copy_forks_the_hash) {
    for (auto b : runnable_backends()) {
        sha256 h(b);
        h.update("ab");
        sha256 fork = h;
        h.update("c");
        fork.update("cdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq");
        BOOST_TEST(to_hex(h.finish()) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
        BOOST_TEST(to_hex(fork.finish()) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    }
}
