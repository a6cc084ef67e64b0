// SPDX-License-Identifier: BSL-1.0
// Tests for detail/hex.hpp. References: snprintf("%02x") for encoding and
// literal RFC 4648 §8 base-16 strings.
#include <chime_voice/detail/hex.hpp>

#define BOOST_TEST_MODULE hex
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <string>
#include <string_view>

using namespace chime_voice::detail;

namespace {
sha256_digest counting_digest() {
    sha256_digest d{};
    for (std::size_t i = 0; i < d.size(); ++i) d[i] = static_cast<std::uint8_t>(i);
    return d;
}
constexpr std::string_view counting_hex = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";

// a followed by b, built front to back. Not `"0x" + s`: operator+(const
// char*, std::string&&) inserts at the front of s, and g++ 12 at -O2/-O3
// reports that inlined memmove as a -Wrestrict overlap it cannot have (a
// false positive, an error with CHIME_VOICE_WERROR). Appending to a fresh
// string computes the same bytes without the aliasing the warning guesses at.
std::string joined(std::string_view a, std::string_view b) {
    std::string s;
    s.reserve(a.size() + b.size());
    s.append(a);
    s.append(b);
    return s;
}
} // namespace

BOOST_AUTO_TEST_CASE(hex_lower_matches_printf_for_every_byte) {
    std::uint8_t all[256];
    for (int i = 0; i < 256; ++i) all[i] = static_cast<std::uint8_t>(i);
    char out[512];
    hex_lower(all, sizeof all, out);
    for (int i = 0; i < 256; ++i) {
        char ref[3];
        std::snprintf(ref, sizeof ref, "%02x", static_cast<unsigned>(i));
        BOOST_TEST_CONTEXT("byte " << i) { BOOST_TEST(std::string_view(out + 2 * i, 2) == std::string_view(ref, 2)); }
    }
}

BOOST_AUTO_TEST_CASE(hex_lower_writes_exactly_2n_chars) {
    const std::uint8_t in[] = {0xde, 0xad, 0xbe, 0xef};
    char out[10];
    std::fill(std::begin(out), std::end(out), '#');
    hex_lower(in, 4, out);
    BOOST_TEST(std::string_view(out, 10) == "deadbeef##");
    hex_lower(in, 0, out); // n == 0 writes nothing
    BOOST_TEST(std::string_view(out, 10) == "deadbeef##");
}

BOOST_AUTO_TEST_CASE(to_hex_both_overloads) {
    const auto d = counting_digest();
    BOOST_TEST(to_hex(d) == counting_hex);
    BOOST_TEST(to_hex(d).size() == 64u);
    char out[64];
    to_hex(d, out);
    BOOST_TEST(std::string_view(out, 64) == counting_hex);
    sha256_digest ff;
    ff.fill(0xff);
    BOOST_TEST(to_hex(ff) == std::string(64, 'f'));
}

BOOST_AUTO_TEST_CASE(append_hex_appends) {
    std::string s = "sig=";
    const std::uint8_t in[] = {0x00, 0x7f, 0x80, 0xff};
    append_hex(s, in, 4);
    BOOST_TEST(s == "sig=007f80ff");
}

BOOST_AUTO_TEST_CASE(parse_accepts_either_case_and_round_trips) {
    const auto d = counting_digest();
    const auto lower = parse_hex_digest(counting_hex);
    BOOST_REQUIRE(lower.has_value());
    BOOST_TEST((*lower == d));
    const auto upper = parse_hex_digest("000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F");
    BOOST_REQUIRE(upper.has_value());
    BOOST_TEST((*upper == d));
    const auto mixed = parse_hex_digest("BA7816bf8F01CFEA414140de5dae2223b00361a396177a9cb410ff61f20015AD");
    BOOST_REQUIRE(mixed.has_value());
    BOOST_TEST(to_hex(*mixed) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    // Round trip over varied bytes.
    sha256_digest v{};
    for (std::size_t i = 0; i < v.size(); ++i) v[i] = static_cast<std::uint8_t>(i * 37 + 11);
    const auto back = parse_hex_digest(to_hex(v));
    BOOST_REQUIRE(back.has_value());
    BOOST_TEST((*back == v));
}

BOOST_AUTO_TEST_CASE(parse_rejects_bad_input) {
    const std::string good(counting_hex);
    BOOST_TEST(!parse_hex_digest("").has_value());
    BOOST_TEST(!parse_hex_digest(good.substr(0, 63)).has_value());
    BOOST_TEST(!parse_hex_digest(joined(good, "0")).has_value());
    BOOST_TEST(!parse_hex_digest(good + good).has_value());
    BOOST_TEST(!parse_hex_digest(joined("0x", counting_hex.substr(0, 62))).has_value());
    BOOST_TEST(!parse_hex_digest(joined(" ", counting_hex.substr(1))).has_value());
    BOOST_TEST(!parse_hex_digest(joined(counting_hex.substr(1), "\n")).has_value());
    // Every non-hex byte value, at the first, a middle and the last position.
    int accepted = 0;
    for (int c = 0; c < 256; ++c) {
        const bool is_hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
        for (std::size_t pos : {std::size_t{0}, std::size_t{31}, std::size_t{63}}) {
            std::string s = good;
            s[pos] = static_cast<char>(c);
            const bool ok = parse_hex_digest(s).has_value();
            BOOST_TEST_CONTEXT("byte " << c << " at " << pos) { BOOST_TEST(ok == is_hex); }
            accepted += ok ? 1 : 0;
        }
    }
    BOOST_TEST(accepted == 22 * 3);
    // An embedded NUL keeps the length at 64 but is not a digit.
    std::string nul = good;
    nul[10] = '\0';
    BOOST_TEST(!parse_hex_digest(nul).has_value());
}
