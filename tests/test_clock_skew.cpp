// SPDX-License-Identifier: BSL-1.0
// Tests for clock_skew.hpp. Instants come from Python's calendar.timegm and
// RFC 9110's example date; error messages are the ones AWS documents for
// SigV4 time failures ("Signature expired: ... is now earlier than ...").
#include <chime_voice/clock_skew.hpp>

#define BOOST_TEST_MODULE clock_skew
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cv = chime_voice;
using std::chrono::minutes;
using std::chrono::seconds;
using std::chrono::sys_seconds;

namespace {

// 2024-01-01T00:00:00Z == "Mon, 01 Jan 2024 00:00:00 GMT" (1704067200).
constexpr sys_seconds t_2024{seconds{1704067200}};

using header_list = std::vector<std::pair<std::string_view, std::string_view>>;

std::optional<seconds> correction(const header_list& headers, sys_seconds now,
                                  const cv::error* err = nullptr,
                                  const cv::clock_skew_settings& s = {}) {
    cv::http_response_view r;
    r.status = err ? err->metadata.http_status : 200;
    r.headers = headers;
    return cv::clock_skew_correction(r, now, err, s);
}

cv::error service_error(std::string type, int status, std::string message = {}) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = cv::service_error_kind::unmodelled;
    e.type = std::move(type);
    e.metadata.http_status = status;
    e.message = std::move(message);
    return e;
}

} // namespace

BOOST_AUTO_TEST_CASE(server_ahead_by_ten_minutes) {
    // Server says 00:10, we think 00:00 -> add +600 s.
    const auto c = correction({{"Date", "Mon, 01 Jan 2024 00:10:00 GMT"}}, t_2024);
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->count() == 600);
}

BOOST_AUTO_TEST_CASE(server_behind_by_an_hour) {
    const auto c = correction({{"date", "Sun, 31 Dec 2023 23:00:00 GMT"}}, t_2024);
    BOOST_TEST_REQUIRE(c.has_value());
    BOOST_TEST(c->count() == -3600);
}

BOOST_AUTO_TEST_CASE(threshold_is_five_minutes_inclusive) {
    BOOST_TEST(!correction({{"Date", "Mon, 01 Jan 2024 00:04:59 GMT"}}, t_2024).has_value());
    BOOST_TEST(!correction({{"Date", "Sun, 31 Dec 2023 23:55:01 GMT"}}, t_2024).has_value());
    BOOST_TEST(correction({{"Date", "Mon, 01 Jan 2024 00:05:00 GMT"}}, t_2024).value().count() == 300);
    BOOST_TEST(correction({{"Date", "Sun, 31 Dec 2023 23:55:00 GMT"}}, t_2024).value().count() == -300);
    BOOST_TEST(!correction({{"Date", "Mon, 01 Jan 2024 00:00:00 GMT"}}, t_2024).has_value());
    // The threshold is a setting.
    cv::clock_skew_settings s;
    s.threshold = seconds{60};
    BOOST_TEST(correction({{"Date", "Mon, 01 Jan 2024 00:01:00 GMT"}}, t_2024, nullptr, s).value().count() == 60);
}

BOOST_AUTO_TEST_CASE(obsolete_date_forms_are_read) {
    // RFC 9110 example, all forms: 784111777. Local clock 1994-11-06T08:00:00Z.
    const sys_seconds local{seconds{784111777 - 49 * 60 - 37}};
    for (std::string_view d : {"Sun, 06 Nov 1994 08:49:37 GMT", "Sunday, 06-Nov-94 08:49:37 GMT",
                               "Sun Nov  6 08:49:37 1994"}) {
        const auto c = correction({{"Date", d}}, local);
        BOOST_TEST_REQUIRE(c.has_value(), d);
        BOOST_TEST(c->count() == 49 * 60 + 37);
    }
}

BOOST_AUTO_TEST_CASE(malformed_or_missing_date_is_unknown) {
    const auto skew = service_error("RequestTimeTooSkewed", 403);
    for (std::string_view d : {"", "garbage", "Mon, 01 Jan 2024 00:10:00", "Thu, 01 Jan 1970 00:00:0x GMT",
                               "Mon, 31 Feb 2024 00:10:00 GMT", "Tue, 01 Jan 2024 00:10:00 GMT"}) {
        BOOST_TEST(!correction({{"Date", d}}, t_2024).has_value(), d);
        // Even a definite skew error gives no offset without a usable date.
        BOOST_TEST(!correction({{"Date", d}}, t_2024, &skew).has_value(), d);
    }
    BOOST_TEST(!correction({}, t_2024, &skew).has_value());
    BOOST_TEST(!correction({{"X-Date", "Mon, 01 Jan 2024 00:10:00 GMT"}}, t_2024).has_value());
}

BOOST_AUTO_TEST_CASE(cached_responses_are_ignored) {
    const header_list h{{"Date", "Mon, 01 Jan 2024 01:00:00 GMT"}, {"Age", "3600"}};
    BOOST_TEST(!correction(h, t_2024).has_value());
    const auto skew = service_error("RequestTimeTooSkewed", 403);
    BOOST_TEST(!correction(h, t_2024, &skew).has_value());
    cv::clock_skew_settings s;
    s.ignore_cached_responses = false;
    BOOST_TEST(correction(h, t_2024, nullptr, s).value().count() == 3600);
}

BOOST_AUTO_TEST_CASE(definite_skew_errors_correct_even_small_differences) {
    for (const char* type : {"RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"}) {
        const auto e = service_error(type, 403);
        BOOST_TEST(cv::is_clock_skew_error(e), type);
        const auto c = correction({{"Date", "Mon, 01 Jan 2024 00:01:00 GMT"}}, t_2024, &e);
        BOOST_TEST_REQUIRE(c.has_value(), type);
        BOOST_TEST(c->count() == 60);
    }
}

BOOST_AUTO_TEST_CASE(invalid_signature_only_when_the_message_says_time) {
    const auto expired = service_error(
        "InvalidSignatureException", 403,
        "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z (20240101T001000Z - 5 min.)");
    const auto future = service_error(
        "InvalidSignatureException", 403,
        "Signature not yet current: 20240101T001000Z is still later than 20240101T000500Z (20240101T000000Z + 5 min.)");
    const auto mismatch = service_error(
        "InvalidSignatureException", 403,
        "The request signature we calculated does not match the signature you provided.");
    BOOST_TEST(cv::is_clock_skew_error(expired));
    BOOST_TEST(cv::is_clock_skew_error(future));
    BOOST_TEST(!cv::is_clock_skew_error(mismatch));

    // The message may only be in the raw body of an unmodelled error.
    auto in_body = service_error("InvalidSignatureException", 403);
    in_body.body = R"({"message":"Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z"})";
    BOOST_TEST(cv::is_clock_skew_error(in_body));

    const header_list h{{"Date", "Mon, 01 Jan 2024 00:02:00 GMT"}};
    BOOST_TEST(correction(h, t_2024, &expired).value().count() == 120);
    BOOST_TEST(!correction(h, t_2024, &mismatch).has_value()); // 2 min < threshold
}

BOOST_AUTO_TEST_CASE(other_errors_are_not_skew) {
    BOOST_TEST(!cv::is_clock_skew_error(service_error("ThrottledClientException", 429)));
    BOOST_TEST(!cv::is_clock_skew_error(service_error("ForbiddenException", 403, "Signature expired")));
    auto request_side = cv::error::make(cv::error_category::signing, "RequestTimeTooSkewed");
    request_side.type = "RequestTimeTooSkewed"; // a request-side error never is
    BOOST_TEST(!cv::is_clock_skew_error(request_side));
    // A large difference is still corrected when the error is unrelated.
    const auto other = service_error("NotFoundException", 404);
    BOOST_TEST(correction({{"Date", "Mon, 01 Jan 2024 00:30:00 GMT"}}, t_2024, &other).value().count() == 1800);
}
