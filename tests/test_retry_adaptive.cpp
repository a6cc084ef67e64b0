// SPDX-License-Identifier: BSL-1.0
// Tests for retry/adaptive.hpp: the limiter's constants, and regression
// tests for the adaptive-mode failures other SDKs shipped:
//  * aws-sdk-go-v2 #3550: under adaptive mode the retry quota never refilled
//    on success, so retries stopped for the life of the process;
//  * aws-sdk-go-v2 #3186: tokens were not returned when a retried call ended
//    in a non-retryable error;
//  * aws-sdk-go-v2 #1665: one quota shared by many concurrent callers was
//    drained ("retry quota exceeded, 3 available, 5 requested").
// (The limiter's rates are checked against botocore in test_retry_simulation.)
#include <chime_voice/retry/adaptive.hpp>

#define BOOST_TEST_MODULE retry_adaptive
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "retry_test_util.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <limits>
#include <mutex>
#include <thread>
#include <vector>

namespace cv = chime_voice;
using retry_test::service_error;
using retry_test::status_only;
using clock_tp = std::chrono::steady_clock::time_point;

namespace {
clock_tp at(double seconds) {
    return clock_tp{} + std::chrono::duration_cast<clock_tp::duration>(std::chrono::duration<double>(seconds));
}
const std::expected<int, cv::error> ok = 1;
} // namespace

BOOST_AUTO_TEST_CASE(adaptive_config_out_of_range_falls_back_to_defaults) {
    cv::adaptive_config bad;
    bad.beta = std::numeric_limits<double>::quiet_NaN();
    bad.scale_constant = 0.0;
    bad.smoothing = 2.0;
    bad.min_fill_rate = 0.0;
    bad.min_capacity = -1.0;
    bad.max_rate_adjust_scale = std::numeric_limits<double>::infinity();
    bad.measurement_bucket_seconds = 0.0;
    const cv::adaptive_rate_limiter lim(std::chrono::steady_clock::time_point{}, bad);
    const cv::adaptive_config d;
    BOOST_TEST(lim.config().beta == d.beta);
    BOOST_TEST(lim.config().scale_constant == d.scale_constant);
    BOOST_TEST(lim.config().smoothing == d.smoothing);
    BOOST_TEST(lim.config().min_fill_rate == d.min_fill_rate);
    BOOST_TEST(lim.config().min_capacity == d.min_capacity);
    BOOST_TEST(lim.config().max_rate_adjust_scale == d.max_rate_adjust_scale);
    BOOST_TEST(lim.config().measurement_bucket_seconds == d.measurement_bucket_seconds);
    // The documented defaults (SDK adaptive mode constants).
    BOOST_TEST(d.beta == 0.7);
    BOOST_TEST(d.scale_constant == 0.4);
    BOOST_TEST(d.smoothing == 0.8);
    BOOST_TEST(d.min_fill_rate == 0.5);
    BOOST_TEST(d.min_capacity == 1.0);
    BOOST_TEST(d.max_rate_adjust_scale == 2.0);
    BOOST_TEST(d.measurement_bucket_seconds == 0.5);
}

BOOST_AUTO_TEST_CASE(regression_go_3550_adaptive_quota_refills_on_success) {
    cv::retry_config cfg;
    cfg.max_attempts = 1000;
    cv::adaptive_retry_strategy s(at(0.0), cfg);
    // A retried call that succeeds gives its retry's tokens back.
    auto t = s.begin();
    BOOST_TEST(s.on_attempt_result(t, status_only(503), 0.0, at(0.1)).should_retry());
    BOOST_TEST(s.standard().available_tokens() == 495u);
    BOOST_TEST(s.on_attempt_result(t, ok, 0.0, at(0.2)).is_done());
    BOOST_TEST(s.standard().available_tokens() == 500u);

    // An outage drains the quota completely ...
    auto drain = s.begin();
    double now = 1.0;
    while (s.on_attempt_result(drain, status_only(500), 0.0, at(now)).should_retry()) now += 0.01;
    BOOST_TEST(s.standard().available_tokens() == 0u);
    auto refused = s.begin();
    BOOST_TEST((s.on_attempt_result(refused, status_only(500), 0.0, at(now)).reason ==
                cv::give_up_reason::retry_quota_exhausted));
    // ... and successes without retry refill it, +1 each, up to the capacity:
    // retries work again (in #3550 they never did).
    for (int i = 0; i < 600; ++i) {
        auto u = s.begin();
        now += 0.01;
        BOOST_TEST_REQUIRE(s.on_success(u, at(now)).is_done());
    }
    BOOST_TEST(s.standard().available_tokens() == 500u);
    auto again = s.begin();
    BOOST_TEST(s.on_attempt_result(again, status_only(500), 0.0, at(now + 1)).should_retry());
}

BOOST_AUTO_TEST_CASE(regression_go_3186_adaptive_returns_tokens_after_non_retryable_error) {
    cv::adaptive_retry_strategy s(at(0.0));
    for (int i = 0; i < 200; ++i) {
        auto t = s.begin();
        const double base = i * 1.0;
        BOOST_TEST_REQUIRE(s.on_attempt_result(t, status_only(503), 0.0, at(base)).should_retry());
        const std::expected<int, cv::error> not_found =
            std::unexpected(service_error("NotFoundException", 404, cv::service_error_kind::not_found_exception));
        const auto d = s.on_attempt_result(t, not_found, 0.0, at(base + 0.5));
        BOOST_TEST_REQUIRE(d.gave_up());
        BOOST_TEST_REQUIRE((d.reason == cv::give_up_reason::not_retryable));
    }
    BOOST_TEST(s.standard().available_tokens() == 500u); // 200 calls, nothing leaked
}

// #1665: many threads, one client. The quota is a per-client circuit
// breaker, so it is shared on purpose; what must hold is exact accounting:
// every retry's tokens come back when its call succeeds, whatever the
// interleaving, so a burst of concurrent transient failures cannot leave
// the quota drained once the service is healthy again.
BOOST_AUTO_TEST_CASE(regression_go_1665_shared_quota_many_concurrent_callers) {
    constexpr int threads = 8, calls = 250;
    cv::adaptive_retry_strategy shared(at(0.0));
    std::mutex m; // the documented way: one strategy per client, behind the client's mutex
    std::vector<std::thread> pool;
    for (int th = 0; th < threads; ++th) {
        pool.emplace_back([&, th] {
            for (int c = 0; c < calls; ++c) {
                const double t0 = th * 1000.0 + c;
                cv::retry_token token;
                {
                    std::lock_guard<std::mutex> lock(m);
                    token = shared.begin();
                    (void)shared.acquire_send_token(at(t0));
                    (void)shared.on_attempt_result(token, status_only(503), 0.5, at(t0 + 0.1));
                }
                std::this_thread::yield(); // other threads' calls interleave here
                {
                    std::lock_guard<std::mutex> lock(m);
                    (void)shared.acquire_send_token(at(t0 + 0.2));
                    (void)shared.on_attempt_result(token, ok, 0.5, at(t0 + 0.3));
                }
            }
        });
    }
    for (auto& t : pool) t.join();
    BOOST_TEST(shared.standard().available_tokens() == 500u);

    // Deterministic worst case: 100 calls in flight at once, each holding a
    // 5-token retry, take the whole quota; the 101st is refused its retry
    // (the breaker working as designed) ...
    cv::retry_strategy s;
    std::vector<cv::retry_token> in_flight(100);
    for (auto& t : in_flight) {
        t = s.begin();
        BOOST_TEST_REQUIRE(s.on_attempt_result(t, status_only(500), 0.0).should_retry());
    }
    BOOST_TEST(s.available_tokens() == 0u);
    auto late = s.begin();
    BOOST_TEST((s.on_attempt_result(late, status_only(500), 0.0).reason ==
                cv::give_up_reason::retry_quota_exhausted));
    // ... and when they succeed, all of it comes back.
    for (auto& t : in_flight) s.on_success(t);
    BOOST_TEST(s.available_tokens() == 500u);

    // A caller whose threads work independently holds one strategy per
    // thread: each has its own quota, one thread's outage cannot starve
    // another's retries.
    cv::retry_strategy a, b;
    for (int c = 0; c < 60; ++c) { // thread A's outage: 50 calls of two retries drain A's quota
        auto ta = a.begin();
        while (a.on_attempt_result(ta, status_only(500), 0.0).should_retry()) {
        }
    }
    BOOST_TEST(a.available_tokens() == 0u);
    auto tb = b.begin();
    BOOST_TEST(b.on_attempt_result(tb, status_only(500), 0.0).should_retry());
}

BOOST_AUTO_TEST_CASE(adaptive_with_2026_constants) {
    cv::retry_config cfg;
    cfg.base_delay = std::chrono::milliseconds{50};
    cfg.retry_cost = 14;
    cv::adaptive_retry_strategy s(at(0.0), cfg);
    auto t = s.begin();
    const auto d = s.on_attempt_result(t, status_only(500), retry_test::almost_one, at(0.1));
    BOOST_TEST(d.delay.count() == 50);
    BOOST_TEST(d.tokens_taken == 14u);
    BOOST_TEST(s.max_attempts() == 3u);
}
