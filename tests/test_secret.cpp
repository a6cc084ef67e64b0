// SPDX-License-Identifier: BSL-1.0
// chime_voice/secret.hpp: a secret string is never printed, compares in
// constant time, and its bytes are zeroed when replaced or dropped.
#include <chime_voice/secret.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE secret
#include <boost/test/unit_test.hpp>

#include <sstream>
#include <string>
#include <utility>

namespace cv = chime_voice;

BOOST_AUTO_TEST_CASE(never_printed) {
    const cv::secret_string s = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    std::ostringstream os;
    os << s;
    BOOST_TEST(os.str() == "<redacted>");
}

BOOST_AUTO_TEST_CASE(reads_as_text) {
    cv::secret_string s = std::string("abc");
    const std::string_view v = s;
    BOOST_TEST(v == "abc");
    BOOST_TEST(s.size() == 3u);
    BOOST_TEST(!s.empty());
    BOOST_TEST((s == std::string_view("abc")));
    BOOST_TEST(!(s == std::string_view("abd")));
    BOOST_TEST(!(s == std::string_view("ab")));
    BOOST_TEST((s == cv::secret_string("abc").view())); // two secrets: compare one with the other's view
}

// The old bytes are zeroed in place before the buffer is reused or freed.
// Observed through the buffer the string owned: a long value (heap), then an
// assignment of a shorter value reuses that buffer, whose tail must be zero.
BOOST_AUTO_TEST_CASE(assignment_wipes_the_old_bytes) {
    cv::secret_string s = std::string(64, 'S');
    const char* buf = s.data();
    s.assign("tiny");
    BOOST_TEST(s.data() == buf); // capacity reused
    BOOST_TEST(s.view() == "tiny");
    for (std::size_t i = 5; i < 64; ++i) BOOST_TEST(buf[i] == '\0', i);
    s.clear();
    BOOST_TEST(s.empty());
    for (std::size_t i = 0; i < 4; ++i) BOOST_TEST(buf[i] == '\0', i);
}

BOOST_AUTO_TEST_CASE(moves_leave_nothing_behind) {
    cv::secret_string a = std::string(40, 'k');
    cv::secret_string b = std::move(a);
    BOOST_TEST(b.size() == 40u);
    BOOST_TEST(a.empty()); // NOLINT(bugprone-use-after-move): documented state
    cv::secret_string c;
    c = std::move(b);
    BOOST_TEST(c.view() == std::string(40, 'k'));
    BOOST_TEST(b.empty()); // NOLINT(bugprone-use-after-move)
    cv::secret_string d = c; // copies are independent
    c.clear();
    BOOST_TEST(d.view() == std::string(40, 'k'));
}

BOOST_AUTO_TEST_CASE(wipe_a_plain_string) {
    std::string s(48, 'x');
    const char* buf = s.data();
    cv::wipe(s);
    BOOST_TEST(s.empty());
    for (std::size_t i = 0; i < 48; ++i) BOOST_TEST(buf[i] == '\0', i); // the buffer is kept, zeroed
}
