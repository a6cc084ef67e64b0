// SPDX-License-Identifier: BSL-1.0
// Tests for detail/http_date.hpp: the three HTTP-date forms of RFC 9110
// section 5.6.7. Expected instants are the RFC's own example (784111777 is
// "Sun, 06 Nov 1994 08:49:37 GMT") and values computed independently with
// Python's calendar.timegm(email.utils.parsedate(...)).
#include <chime_voice/detail/http_date.hpp>

#define BOOST_TEST_MODULE http_date
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <string_view>

using chime_voice::detail::http_date_form;
using chime_voice::detail::parse_http_date;
using chime_voice::detail::parse_http_date_form;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {
// 2026-07-01T12:00:00Z, the "now" used for two-digit years.
constexpr sys_seconds now_2026{seconds{1782907200}};

std::int64_t epoch(std::string_view s) {
    const auto t = parse_http_date(s, now_2026);
    BOOST_TEST_REQUIRE(t.has_value(), "did not parse: " << s);
    return t->time_since_epoch().count();
}
bool rejects(std::string_view s) { return !parse_http_date(s, now_2026).has_value(); }
} // namespace

BOOST_AUTO_TEST_CASE(rfc9110_example_in_all_three_forms) {
    const auto a = parse_http_date_form("Sun, 06 Nov 1994 08:49:37 GMT", now_2026);
    const auto b = parse_http_date_form("Sunday, 06-Nov-94 08:49:37 GMT", now_2026);
    const auto c = parse_http_date_form("Sun Nov  6 08:49:37 1994", now_2026);
    BOOST_TEST_REQUIRE(a.has_value());
    BOOST_TEST_REQUIRE(b.has_value());
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(a->time.time_since_epoch().count() == 784111777);
    BOOST_TEST(b->time.time_since_epoch().count() == 784111777);
    BOOST_TEST(c->time.time_since_epoch().count() == 784111777);
    BOOST_TEST((a->form == http_date_form::imf_fixdate));
    BOOST_TEST((b->form == http_date_form::rfc850));
    BOOST_TEST((c->form == http_date_form::asctime));
}

BOOST_AUTO_TEST_CASE(imf_fixdate_values) {
    BOOST_TEST(epoch("Thu, 29 Feb 2024 23:59:59 GMT") == 1709251199);
    BOOST_TEST(epoch("Sat, 01 Jan 2000 00:00:00 GMT") == 946684800);
    BOOST_TEST(epoch("Mon, 01 Jan 2024 00:05:00 GMT") == 1704067500);
    BOOST_TEST(epoch("Thu, 01 Jan 1970 00:00:00 GMT") == 0);
    // Leap second: sys_seconds has none, so :60 is the next second.
    BOOST_TEST(epoch("Fri, 31 Dec 1999 23:59:60 GMT") == 946684800);
    // Optional whitespace around a field value (RFC 9110 section 5.5).
    BOOST_TEST(epoch("  Sun, 06 Nov 1994 08:49:37 GMT\t") == 784111777);
}

BOOST_AUTO_TEST_CASE(asctime_single_and_double_digit_days) {
    BOOST_TEST(epoch("Thu Feb 29 23:59:59 2024") == 1709251199);
    BOOST_TEST(epoch("Sat Jan  1 00:00:00 2000") == 946684800);
    BOOST_TEST(rejects("Sat Jan 1 00:00:00 2000"));   // date3 needs SP DIGIT
    BOOST_TEST(epoch("Sat Jan 01 00:00:00 2000") == 946684800);
}

BOOST_AUTO_TEST_CASE(rfc850_two_digit_years_follow_the_50_year_rule) {
    // now = 2026-07-01: "94" would be 2094 (68 years ahead) -> 1994.
    BOOST_TEST(epoch("Sunday, 06-Nov-94 08:49:37 GMT") == 784111777);
    // "69" -> 2069 (43 years ahead, allowed); 2069-11-06 is a Wednesday.
    BOOST_TEST(epoch("Wednesday, 06-Nov-69 00:00:00 GMT") == 3150921600);
    // "76" -> 2076-11-06 is 50 years and 4 months ahead -> 1976 (a Saturday).
    BOOST_TEST(epoch("Saturday, 06-Nov-76 00:00:00 GMT") == 216086400);
    BOOST_TEST(rejects("Friday, 06-Nov-76 00:00:00 GMT")); // 2076's weekday is wrong now
    // "26" -> 2026.
    BOOST_TEST(epoch("Wednesday, 01-Jul-26 12:00:00 GMT") == 1782907200);
}

BOOST_AUTO_TEST_CASE(calendar_ranges_are_checked) {
    BOOST_TEST(rejects("Wed, 29 Feb 2023 00:00:00 GMT")); // 2023 is not a leap year
    BOOST_TEST(rejects("Thu, 29 Feb 1900 00:00:00 GMT")); // century, not leap
    BOOST_TEST(epoch("Tue, 29 Feb 2000 00:00:00 GMT") == 951782400); // 400-year rule
    BOOST_TEST(rejects("Thu, 31 Apr 2024 00:00:00 GMT"));
    BOOST_TEST(rejects("Mon, 00 Jan 2024 00:00:00 GMT"));
    BOOST_TEST(rejects("Mon, 32 Jan 2024 00:00:00 GMT"));
    BOOST_TEST(rejects("Mon, 01 Jan 2024 24:00:00 GMT"));
    BOOST_TEST(rejects("Mon, 01 Jan 2024 23:60:00 GMT"));
    BOOST_TEST(rejects("Mon, 01 Jan 2024 23:59:61 GMT"));
    BOOST_TEST(rejects("Mon, 01 Foo 2024 00:00:00 GMT"));
}

BOOST_AUTO_TEST_CASE(malformed_values_are_unknown_not_epoch) {
    for (std::string_view s : {
             "",
             "0",
             "Sun, 06 Nov 1994 08:49:37",          // no zone
             "Sun, 06 Nov 1994 08:49:37 UTC",      // only GMT is allowed
             "Sun, 06 Nov 1994 08:49:37 +0000",
             "sun, 06 Nov 1994 08:49:37 GMT",      // case-sensitive
             "Sun, 06 nov 1994 08:49:37 GMT",
             "Sun, 06 Nov 1994 08:49:37 gmt",
             "Mon, 06 Nov 1994 08:49:37 GMT",      // wrong day name
             "Sun, 6 Nov 1994 08:49:37 GMT",       // day needs 2 digits
             "Sun, 06 Nov 94 08:49:37 GMT",        // IMF needs 4-digit year
             "Sun, 06 Nov 1994 8:49:37 GMT",
             "Sun, 06 Nov 1994 08-49-37 GMT",
             "Sun,  06 Nov 1994 08:49:37 GMT",
             "Sun, 06 Nov 1994 08:49:37 GMTX",
             "Sun, 06 Nov 19x4 08:49:37 GMT",
             "Sun, 06-Nov-94 08:49:37 GMT",        // short name with rfc850 body
             "Sunday, 06 Nov 1994 08:49:37 GMT",   // long name with IMF body
             "Sunday, 06-Nov-1994 08:49:37 GMT",
             "Funday, 06-Nov-94 08:49:37 GMT",
             "Sun Nov  6 08:49:37 94",
             "Sun Nov  6 08:49:37 1994 GMT",
             "1994-11-06T08:49:37Z",
             "784111777",
         }) {
        BOOST_TEST(rejects(s), "accepted: '" << s << "'");
    }
    // Embedded NUL and high-bit bytes.
    BOOST_TEST(rejects(std::string_view("Sun, 06 Nov 1994 08:49:37 G\0T", 29)));
    BOOST_TEST(rejects("Sun, 06 Nov 1994 08:49:37 G\xC3\x84"));
}
