// SPDX-License-Identifier: BSL-1.0
// Tests for detail/hmac.hpp against RFC 4231 (HMAC-SHA256 test cases 1-7),
// the SigV4 signing-key example from the AWS documentation, and reference
// MACs computed independently with Python's hmac module.
#include <chime_voice/detail/hmac.hpp>

#define BOOST_TEST_MODULE hmac
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chime_voice/detail/hex.hpp>

#include "sha256_backends.hpp"

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

using namespace chime_voice::detail;

namespace {

using sha256_test::runnable_backends;
const char* name(sha256_backend b) { return to_string(b); }

struct rfc4231_case {
    int number;
    std::string key, data;
    std::string_view mac;   // hex
    std::size_t mac_bytes;  // 16 for the truncated case 5
};

// RFC 4231 §4.2–§4.8, "HMAC-SHA-256" results.
const std::vector<rfc4231_case>& rfc4231() {
    static const std::vector<rfc4231_case> v{
        {1, std::string(20, '\x0b'), "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32},
        {2, "Jefe", "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32},
        {3, std::string(20, '\xaa'), std::string(50, '\xdd'),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32},
        {4,
         std::string("\x01\x02\x03\x04\x05\x06\x07\x08\x09\x0a\x0b\x0c\x0d\x0e\x0f\x10\x11\x12\x13\x14\x15"
                     "\x16\x17\x18\x19"),
         std::string(50, '\xcd'), "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32},
        {5, std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b", 16},
        {6, std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32},
        {7, std::string(131, '\xaa'),
         "This is a test using a larger than block-size key and a larger than block-size data. The key "
         "needs to be hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32},
    };
    return v;
}

/// Hex of the first `bytes` bytes of a MAC (RFC 4231 §4.6 truncation).
std::string prefix_hex(const sha256_digest& d, std::size_t bytes) { return to_hex(d).substr(0, 2 * bytes); }

std::string pattern(std::size_t n, unsigned mul, unsigned add) {
    std::string s(n, '\0');
    for (std::size_t j = 0; j < n; ++j) s[j] = static_cast<char>(static_cast<std::uint8_t>(j * mul + add));
    return s;
}

} // namespace

BOOST_AUTO_TEST_CASE(rfc4231_one_shot) {
    for (const auto& c : rfc4231()) {
        BOOST_TEST_CONTEXT("RFC 4231 test case " << c.number) {
            BOOST_TEST(c.mac.size() == 2 * c.mac_bytes);
            BOOST_TEST(prefix_hex(hmac_sha256(std::string_view(c.key), c.data), c.mac_bytes) == c.mac);
        }
    }
}

BOOST_AUTO_TEST_CASE(rfc4231_precomputed_key_every_backend) {
    for (auto b : runnable_backends()) {
        for (const auto& c : rfc4231()) {
            BOOST_TEST_CONTEXT("backend " << name(b) << ", RFC 4231 test case " << c.number) {
                const hmac_sha256_key key(c.key.data(), c.key.size(), b);
                BOOST_TEST((key.backend() == b));
                BOOST_TEST(prefix_hex(hmac_sha256(key, c.data), c.mac_bytes) == c.mac);
                BOOST_TEST(prefix_hex(hmac_sha256(key, c.data.data(), c.data.size()), c.mac_bytes) == c.mac);
                // The key is reusable: a second MAC with the same object agrees.
                BOOST_TEST(prefix_hex(hmac_sha256(key, c.data), c.mac_bytes) == c.mac);
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(rfc4231_streamed_in_chunks) {
    for (auto b : runnable_backends()) {
        for (const auto& c : rfc4231()) {
            const hmac_sha256_key key(c.key.data(), c.key.size(), b);
            for (std::size_t chunk : {1u, 3u, 17u, 64u}) {
                BOOST_TEST_CONTEXT("backend " << name(b) << ", case " << c.number << ", chunk " << chunk) {
                    hmac_sha256_stream s(key);
                    for (std::size_t i = 0; i < c.data.size(); i += chunk)
                        s.update(std::string_view(c.data).substr(i, chunk));
                    BOOST_TEST(prefix_hex(s.finish(), c.mac_bytes) == c.mac);
                }
            }
        }
    }
}

BOOST_AUTO_TEST_CASE(key_copies_and_moves_carry_the_state) {
    const auto& c = rfc4231()[1];
    std::optional<hmac_sha256_key> original(std::in_place, c.key);
    hmac_sha256_key copy = *original;
    hmac_sha256_key assigned("some other key");
    assigned = *original;
    hmac_sha256_key moved = std::move(*original);
    original.reset(); // the original wipes itself; the others must not care
    BOOST_TEST(to_hex(hmac_sha256(copy, c.data)) == c.mac);
    BOOST_TEST(to_hex(hmac_sha256(assigned, c.data)) == c.mac);
    BOOST_TEST(to_hex(hmac_sha256(moved, c.data)) == c.mac);
}

BOOST_AUTO_TEST_CASE(sigv4_signing_key_derivation_with_digest_keys) {
    // AWS docs, "Create a signed AWS API request", key derivation example:
    // secret wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY, 20150830/us-east-1/iam.
    const sha256_digest k_date = hmac_sha256(std::string_view("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"), "20150830");
    const sha256_digest k_region = hmac_sha256(k_date, "us-east-1");
    const sha256_digest k_service = hmac_sha256(k_region, "iam");
    const sha256_digest k_signing = hmac_sha256(k_service, "aws4_request");
    BOOST_TEST(to_hex(k_signing) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
    // Same chain through precomputed digest keys on every back end.
    for (auto b : runnable_backends()) {
        const hmac_sha256_key secret("AWS4wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", 44, b);
        sha256_digest k = hmac_sha256(secret, "20150830");
        for (std::string_view part : {"us-east-1", "iam", "aws4_request"})
            k = hmac_sha256(hmac_sha256_key(k.data(), k.size(), b), part);
        BOOST_TEST_CONTEXT("backend " << name(b)) {
            BOOST_TEST(to_hex(k) == "c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9");
        }
    }
}

BOOST_AUTO_TEST_CASE(key_and_message_lengths_match_reference) {
    // Reference: SHA-256 over the concatenation of HMAC-SHA256(key[:k], msg[:m])
    // for k in the list below (outer loop) and m = 0..300 (inner loop),
    // computed with Python's hmac module:
    //   kb = bytes((j*13+5) & 0xff for j in range(200)); mb = bytes((j*7+3) & 0xff for j in range(301))
    static constexpr std::size_t key_lengths[] = {0, 1, 31, 32, 33, 63, 64, 65, 100, 131, 200};
    const std::string reference = "e5ae9f810394e9f33f27a860d0f14e89e4ed1ea650f1b548b3ff39446948018e";
    const std::string kb = pattern(200, 13, 5), mb = pattern(301, 7, 3);
    for (auto b : runnable_backends()) {
        sha256 all(b);
        for (std::size_t k : key_lengths) {
            const hmac_sha256_key key(kb.data(), k, b);
            for (std::size_t m = 0; m <= 300; ++m) {
                const std::string_view msg(mb.data(), m);
                const auto precomputed = hmac_sha256(key, msg);
                // Precomputed-key, one-shot and streaming forms agree.
                if (b == sha256_active_backend()) {
                    BOOST_TEST_CONTEXT("key " << k << ", message " << m) {
                        BOOST_TEST(to_hex(hmac_sha256(std::string_view(kb.data(), k), msg)) == to_hex(precomputed));
                    }
                }
                hmac_sha256_stream s(key);
                s.update(msg.substr(0, m / 3));
                s.update(msg.substr(m / 3));
                BOOST_TEST_CONTEXT("streamed, key " << k << ", message " << m) {
                    BOOST_TEST(to_hex(s.finish()) == to_hex(precomputed));
                }
                all.update(precomputed.data(), precomputed.size());
            }
        }
        BOOST_TEST_CONTEXT("backend " << name(b)) { BOOST_TEST(to_hex(all.finish()) == reference); }
    }
}

BOOST_AUTO_TEST_CASE(digest_key_overload_equals_string_key) {
    sha256_digest k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = static_cast<std::uint8_t>(0xa0 + i);
    const std::string_view as_string(reinterpret_cast<const char*>(k.data()), k.size());
    BOOST_TEST(to_hex(hmac_sha256(k, "msg")) == to_hex(hmac_sha256(as_string, "msg")));
    BOOST_TEST(to_hex(hmac_sha256(hmac_sha256_key(k), "msg")) == to_hex(hmac_sha256(as_string, "msg")));
}
