// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/ascii.hpp: character classes, case-insensitive
// comparison, field-value bytes (RFC 9110 section 5.5) and split.
#include <chime_voice/detail/ascii.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE ascii
#include <boost/test/unit_test.hpp>

#include <string>
#include <vector>

namespace cv = chime_voice;

// RFC 9110 section 5.6.2: token = 1*tchar.
BOOST_AUTO_TEST_CASE(tokens) {
    for (int c = 0; c < 256; ++c) {
        const bool expected = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                              std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
        BOOST_TEST(cv::detail::is_tchar(static_cast<unsigned char>(c)) == expected, c);
    }
    BOOST_TEST(cv::detail::is_token("x-amz-date"));
    BOOST_TEST(!cv::detail::is_token(""));
    BOOST_TEST(!cv::detail::is_token("a b"));
    BOOST_TEST(!cv::detail::is_token("a:b"));
}

// RFC 9110 section 5.5: a field value holds HTAB, SP, VCHAR and obs-text.
// Every other byte is refused at every position relative to the 8-byte
// words the check reads (finding: \x01, \x0b and \x7f used to pass).
BOOST_AUTO_TEST_CASE(field_values) {
    auto allowed = [](int c) { return c == '\t' || (c >= 0x20 && c != 0x7f); };
    for (std::size_t len = 0; len < 40; ++len) {
        const std::string clean(len, 'v');
        BOOST_TEST(cv::detail::is_field_value(clean));
        for (std::size_t at = 0; at < len; ++at)
            for (int c = 0; c < 256; ++c) {
                std::string s = clean;
                s[at] = static_cast<char>(c);
                const auto bad = cv::detail::find_bad_field_byte(s);
                if (allowed(c))
                    BOOST_TEST(bad == std::string_view::npos, "len " << len << " at " << at << " byte " << c);
                else
                    BOOST_TEST(bad == at, "len " << len << " at " << at << " byte " << c);
            }
    }
    BOOST_TEST(cv::detail::is_field_value("\t value \x80\xff~"));
    static_assert(!cv::detail::is_field_value("a\r\nb"));
    static_assert(!cv::detail::is_field_value("a\x01"));
    static_assert(cv::detail::is_field_value("ab"));
}

BOOST_AUTO_TEST_CASE(case_insensitive) {
    static_assert(cv::detail::iequals("X-Amz-Date", "x-amz-date"));
    static_assert(!cv::detail::iequals("x-amz-date", "x-amz-dat"));
    static_assert(cv::detail::iless("Host", "x-amz-date"));
    static_assert(!cv::detail::iless("HOST", "host"));
    static_assert(cv::detail::icontains("the Signature EXPIRED: ...", "signature expired"));
    static_assert(!cv::detail::icontains("short", "longer needle"));
    // Non-letters are not folded: '[' (0x5b) is not '{' (0x7b).
    static_assert(!cv::detail::iequals("[", "{"));
}

BOOST_AUTO_TEST_CASE(hex_digits) {
    for (int c = 0; c < 256; ++c) {
        const char ch = static_cast<char>(c);
        const std::string_view lower = "0123456789abcdef", upper = "0123456789ABCDEF";
        int expected = -1;
        if (const auto k = lower.find(ch); k != std::string_view::npos && c != 0) expected = static_cast<int>(k);
        if (const auto k = upper.find(ch); k != std::string_view::npos && c != 0) expected = static_cast<int>(k);
        BOOST_TEST(cv::detail::hex_digit_value(ch) == expected, c);
        BOOST_TEST(cv::detail::is_lower_hex(ch) == (c != 0 && lower.find(ch) != std::string_view::npos), c);
    }
}

BOOST_AUTO_TEST_CASE(split_keeps_empty_pieces) {
    auto pieces = [](std::string_view s) {
        std::vector<std::string> out;
        cv::detail::split(s, ',', [&](std::string_view p) { out.emplace_back(p); });
        return out;
    };
    BOOST_TEST((pieces("a,,b") == std::vector<std::string>{"a", "", "b"}));
    BOOST_TEST((pieces("") == std::vector<std::string>{""}));
    BOOST_TEST((pieces("x,") == std::vector<std::string>{"x", ""}));
}

// The eight-bytes-at-a-time checks against their one-byte definitions:
// every byte value at every position of every length 0-20 (so in a full
// word, in the padded last word, and across the two), in a run of good
// bytes.
BOOST_AUTO_TEST_CASE(swar_checks_match_bytewise_definitions) {
    auto lower_alnum_dash = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'; };
    const std::pair<char, char> excepts[] = {{'#', '?'}, {'#', '#'}, {' ', ' '}, {'x', 'y'}, {'z', 'z'}};
    std::size_t checked = 0;
    for (std::size_t n = 0; n <= 40; ++n) {
        for (std::size_t at = 0; at < (n ? n : 1); ++at)
            for (int c = 0; c < 256; ++c) {
                std::string s(n, 'k');
                if (n) s[at] = static_cast<char>(c);
                bool want = true;
                for (char ch : s) want &= lower_alnum_dash(static_cast<unsigned char>(ch));
                BOOST_TEST(cv::detail::swar::all_lower_alnum_dash(s.data(), s.size()) == want, "n=" << n << " c=" << c);
                BOOST_TEST(cv::detail::all_lower_alnum_dash(s.data(), s.size()) == want, "n=" << n << " c=" << c);
                BOOST_TEST(cv::detail::is_lower_token(s) == (!s.empty() && cv::detail::is_token(s)), "n=" << n << " c=" << c);
                for (auto [a, b] : excepts) {
                    bool visible = true;
                    for (char ch : s) {
                        const auto u = static_cast<unsigned char>(ch);
                        visible &= u > 0x20 && u < 0x7f && ch != a && ch != b;
                    }
                    BOOST_TEST(cv::detail::swar::all_visible_except(s.data(), s.size(), a, b) == visible,
                               "n=" << n << " c=" << c << " a=" << a);
                }
                ++checked;
            }
    }
    BOOST_TEST(checked == 256u * (1 + 820)); // n = 0 once, then 1 + 2 + ... + 40 positions
}
