// SPDX-License-Identifier: BSL-1.0
// chime_voice/credentials.hpp: values, printing, and the wiping helpers.
#include <chime_voice/credentials.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE credentials
#include <boost/test/unit_test.hpp>

#include <sstream>

namespace cv = chime_voice;

BOOST_AUTO_TEST_CASE(printing_shows_the_key_id_only) {
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "FwoGZXIvYXdzEXAMPLE"};
    std::ostringstream os;
    os << c;
    BOOST_TEST(os.str() == "credentials{access_key_id=AKIDEXAMPLE, secret_access_key=<redacted>, session_token=<redacted>}");
    std::ostringstream os2;
    os2 << cv::credentials{"AKIDEXAMPLE", "s"};
    BOOST_TEST(os2.str() == "credentials{access_key_id=AKIDEXAMPLE, secret_access_key=<redacted>}");
}

BOOST_AUTO_TEST_CASE(copy_and_move_keep_the_values) {
    cv::credentials a{"AKID", "secret-1", "token-1"};
    cv::credentials b = a;
    BOOST_TEST(b.secret_access_key == "secret-1");
    cv::credentials c{"X", "Y"};
    c = b;
    BOOST_TEST(c.session_token == "token-1");
    cv::credentials d = std::move(c);
    BOOST_TEST(d.secret_access_key == "secret-1");
    c = std::move(d);
    BOOST_TEST(c.access_key_id == "AKID");
    const auto& alias = c;
    c = alias; // self-assignment keeps the values
    BOOST_TEST(c.secret_access_key == "secret-1");
}

BOOST_AUTO_TEST_CASE(wipe_zeroes_the_whole_buffer) {
    std::string s(100, 'k');
    const char* p = s.data();
    const std::size_t cap = s.capacity();
    cv::detail::secure_wipe(s);
    BOOST_TEST(s.empty());
    BOOST_TEST(s.data() == p); // same buffer, now zeroed
    for (std::size_t i = 0; i < cap; ++i) BOOST_TEST_REQUIRE(p[i] == '\0');
    unsigned char raw[33];
    std::fill(std::begin(raw), std::end(raw), 0xAB);
    cv::detail::secure_wipe(raw, sizeof raw);
    for (auto b : raw) BOOST_TEST_REQUIRE(b == 0);
}

BOOST_AUTO_TEST_CASE(constant_time_equal_compares_every_length) {
    for (std::size_t n = 0; n < 70; ++n) {
        std::string a(n, 'x'), b(n, 'x');
        BOOST_TEST(cv::detail::constant_time_equal(a.data(), b.data(), n));
        for (std::size_t i = 0; i < n; ++i) {
            b[i] = 'y';
            BOOST_TEST_REQUIRE(!cv::detail::constant_time_equal(a.data(), b.data(), n));
            b[i] = 'x';
        }
    }
}

BOOST_AUTO_TEST_CASE(expiration_is_optional_and_printed_without_secrets) {
    cv::credentials longterm("AKID", "secret");
    BOOST_TEST(!longterm.expiration.has_value());
    const std::chrono::sys_seconds t{std::chrono::seconds{1796166000}};
    cv::credentials temp("ASIA", "secret", "token", t);
    std::ostringstream os;
    os << temp;
    BOOST_TEST(os.str() == "credentials{access_key_id=ASIA, secret_access_key=<redacted>, session_token=<redacted>, "
                           "expiration=1796166000}");
    cv::refresh_policy policy;
    BOOST_TEST((policy.advise(longterm, t) == cv::refresh_advice::use));
    BOOST_TEST((policy.advise(temp, t - std::chrono::minutes{14}) == cv::refresh_advice::refresh_advisory));
    BOOST_TEST((policy.advise(temp, t - std::chrono::minutes{5}) == cv::refresh_advice::refresh_mandatory));
    BOOST_TEST((policy.advise(temp, t) == cv::refresh_advice::expired));
}
