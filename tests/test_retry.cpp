// SPDX-License-Identifier: BSL-1.0
// Tests for the umbrella retry.hpp: it brings every retry concern, clock
// skew and the per-attempt headers, and they work together in one send
// loop. The concerns have their own tests: test_retry_classification,
// test_retry_backoff, test_retry_standard, test_retry_adaptive,
// test_retry_modes, test_clock_skew, test_sdk_headers, test_retry_simulation.
#include <chime_voice/retry.hpp>

#define BOOST_TEST_MODULE retry
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "retry_test_util.hpp"

#include <chrono>
#include <string>

namespace cv = chime_voice;
using namespace std::chrono;

BOOST_AUTO_TEST_CASE(umbrella_brings_every_concern) {
    // One name from each header.
    BOOST_TEST((cv::classify(cv::transport_failure::dns) == cv::retry_class::transient));
    BOOST_TEST(cv::backoff_delay(1, 0.0, milliseconds{100}, milliseconds{20'000}).count() == 0);
    cv::retry_strategy standard;
    cv::adaptive_retry_strategy adaptive(steady_clock::time_point{});
    BOOST_TEST(standard.max_attempts() == adaptive.max_attempts());
    BOOST_TEST((cv::make_retry_config(cv::retry_mode::legacy).max_attempts == 5u));
    cv::clock_skew_state skew;
    BOOST_TEST(skew.offset().count() == 0);
    BOOST_TEST(cv::is_valid_invocation_id(cv::make_invocation_id(1, 2)));
}

BOOST_AUTO_TEST_CASE(skew_error_then_corrected_retry) {
    // The server's clock is 10 minutes ahead: the first attempt, signed with
    // the local time, is refused with InvalidSignatureException and a Date;
    // the retry is signed with the learned skew.
    cv::retry_strategy retries;
    cv::clock_skew_state skew;
    const sys_seconds t0{seconds{1'767'225'600}}; // 2026-01-01T00:00:00Z
    auto token = retries.begin();

    const seconds used = skew.offset();
    BOOST_TEST((skew.signing_time(t0) == t0));
    retry_test::response refused(400, {{"Date", "Thu, 01 Jan 2026 00:10:01 GMT"}});
    const auto seen = skew.update(refused.view(), t0, t0 + seconds{2});
    BOOST_TEST(seen.trusted());
    BOOST_TEST(skew.offset().count() == 600);
    const auto err = retry_test::service_error("InvalidSignatureException", 400);
    const auto clock = cv::judge_signing_clock(err, seen, used);
    BOOST_TEST((clock == cv::signing_clock::skewed));
    const auto d = retries.on_attempt_result(token, err, 0.0, nullptr, clock);
    BOOST_TEST(d.should_retry());
    BOOST_TEST((d.failure == cv::retry_class::clock_skew));
    BOOST_TEST((skew.signing_time(t0 + seconds{2}) == t0 + seconds{602}));
}
