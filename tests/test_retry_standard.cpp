// SPDX-License-Identifier: BSL-1.0
// Tests for retry/standard.hpp: the standard mode's retry quota (500
// tokens, cost 5, timeout cost 10, +1 on success without retry, refund of
// the last retry's cost), max attempts, the explicit decision, the
// x-amz-retry-after hint, and the refund after a non-retryable error
// (aws-sdk-go-v2 #3186). Constants: @smithy/util-retry constants.js and
// botocore.retries.standard / quota.
#include <chime_voice/retry/standard.hpp>

#define BOOST_TEST_MODULE retry_standard
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "retry_test_util.hpp"

#include <chrono>
#include <cstdint>
#include <expected>
#include <span>
#include <string_view>
#include <utility>

namespace cv = chime_voice;
using retry_test::almost_one;
using retry_test::service_error;
using retry_test::status_only;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_CASE(defaults_are_the_standard_mode_constants) {
    const cv::retry_config c;
    BOOST_TEST(c.max_attempts == 3u);
    BOOST_TEST(c.base_delay.count() == 100);
    BOOST_TEST(c.throttling_base_delay.count() == 500);
    BOOST_TEST(c.max_backoff.count() == 20'000);
    BOOST_TEST(c.initial_retry_tokens == 500u);
    BOOST_TEST(c.retry_cost == 5u);
    BOOST_TEST(c.timeout_retry_cost == 10u);
    BOOST_TEST(c.no_retry_increment == 1u);
    BOOST_TEST(c.throttling_retry_cost == 5u);
    BOOST_TEST(c.use_retry_quota);
    BOOST_TEST(c.honor_retry_after);
    BOOST_TEST(c.retry_after_max_extra.count() == 5'000);
    BOOST_TEST((c.classification.rules == cv::retry_rules::standard));
}

BOOST_AUTO_TEST_CASE(quota_costs_and_refunds) {
    cv::retry_strategy s;
    BOOST_TEST(s.available_tokens() == 500u);

    // Transient error: -5, then success refunds the 5.
    auto t = s.begin();
    auto d = s.on_attempt_result(t, status_only(503), 0.0);
    BOOST_TEST(d.should_retry());
    BOOST_TEST(d.tokens_taken == 5u);
    BOOST_TEST(s.available_tokens() == 495u);
    s.on_success(t);
    BOOST_TEST(s.available_tokens() == 500u);

    // Timeout: -10; a later connection reset: -5; success refunds only the last cost.
    cv::retry_config cfg;
    cfg.max_attempts = 5;
    cv::retry_strategy s2(cfg);
    t = s2.begin();
    d = s2.on_transport_failure(t, cv::transport_failure::timeout, 0.0);
    BOOST_TEST(d.tokens_taken == 10u);
    BOOST_TEST(s2.available_tokens() == 490u);
    d = s2.on_transport_failure(t, cv::transport_failure::connection_reset, 0.0);
    BOOST_TEST(d.tokens_taken == 5u);
    BOOST_TEST(s2.available_tokens() == 485u);
    s2.on_success(t);
    BOOST_TEST(s2.available_tokens() == 490u);

    // Success without retry: +1, never above the capacity.
    auto t2 = s2.begin();
    s2.on_success(t2);
    BOOST_TEST(s2.available_tokens() == 491u);
    s2.on_success(t2); // a token finishes once
    BOOST_TEST(s2.available_tokens() == 491u);
    cv::retry_strategy full;
    auto t3 = full.begin();
    full.on_success(t3);
    BOOST_TEST(full.available_tokens() == 500u);

    // A non-retryable failure costs nothing.
    auto t4 = full.begin();
    d = full.on_attempt_result(t4, status_only(404), 0.0);
    BOOST_TEST(!d.should_retry());
    BOOST_TEST((d.reason == cv::give_up_reason::not_retryable));
    BOOST_TEST(full.available_tokens() == 500u);
}

BOOST_AUTO_TEST_CASE(quota_exhaustion_gives_up) {
    cv::retry_config cfg;
    cfg.max_attempts = 1000;
    cv::retry_strategy s(cfg);
    auto t = s.begin();
    // 100 retries of 5 tokens use all 500.
    for (int i = 0; i < 100; ++i) {
        const auto d = s.on_attempt_result(t, status_only(500), 0.0);
        BOOST_TEST_REQUIRE(d.should_retry());
    }
    BOOST_TEST(s.available_tokens() == 0u);
    const auto d = s.on_attempt_result(t, status_only(500), 0.0);
    BOOST_TEST(!d.should_retry());
    BOOST_TEST((d.reason == cv::give_up_reason::retry_quota_exhausted));
    BOOST_TEST(t.finished());

    // Another call: first attempt always allowed; its retry is refused.
    auto u = s.begin();
    BOOST_TEST((s.on_transport_failure(u, cv::transport_failure::timeout, 0.0).reason ==
                cv::give_up_reason::retry_quota_exhausted));
    // Successful calls without retries slowly refill (+1 each): after 5, a
    // 5-token retry fits again, a 10-token one does not.
    for (int i = 0; i < 5; ++i) {
        auto ok = s.begin();
        s.on_success(ok);
    }
    BOOST_TEST(s.available_tokens() == 5u);
    auto v = s.begin();
    BOOST_TEST((s.on_transport_failure(v, cv::transport_failure::timeout, 0.0).reason ==
                cv::give_up_reason::retry_quota_exhausted));
    auto w = s.begin();
    BOOST_TEST(s.on_transport_failure(w, cv::transport_failure::dns, 0.0).should_retry());
    BOOST_TEST(s.available_tokens() == 0u);
}

BOOST_AUTO_TEST_CASE(max_attempts) {
    cv::retry_strategy s; // 3 attempts
    auto t = s.begin();
    BOOST_TEST(t.attempt() == 1u);
    auto d = s.on_attempt_result(t, status_only(502), 0.0);
    BOOST_TEST(d.next_attempt == 2u);
    d = s.on_attempt_result(t, status_only(502), 0.0);
    BOOST_TEST(d.next_attempt == 3u);
    BOOST_TEST(t.attempt() == 3u);
    d = s.on_attempt_result(t, status_only(502), 0.0);
    BOOST_TEST(!d.should_retry());
    BOOST_TEST((d.reason == cv::give_up_reason::max_attempts_reached));
    BOOST_TEST((d.failure == cv::retry_class::transient));
    BOOST_TEST(s.available_tokens() == 490u);

    cv::retry_config one;
    one.max_attempts = 0; // acts as 1
    cv::retry_strategy s1(one);
    BOOST_TEST(s1.max_attempts() == 1u);
    auto t1 = s1.begin();
    BOOST_TEST((s1.on_attempt_result(t1, status_only(503), 0.0).reason ==
                cv::give_up_reason::max_attempts_reached));
}

BOOST_AUTO_TEST_CASE(expected_overload_and_base_per_class) {
    cv::retry_strategy s;
    auto t = s.begin();
    std::expected<int, cv::error> fail = std::unexpected(status_only(429));
    auto d = s.on_attempt_result(t, fail, almost_one);
    BOOST_TEST(d.should_retry());
    BOOST_TEST((d.failure == cv::retry_class::throttling));
    BOOST_TEST(d.delay.count() == 500); // throttling base
    fail = std::unexpected(status_only(500));
    d = s.on_attempt_result(t, fail, almost_one);
    BOOST_TEST(d.delay.count() == 200); // ordinary base, second retry: 100 * 2
    const std::expected<int, cv::error> ok = 7;
    d = s.on_attempt_result(t, ok, 0.0);
    BOOST_TEST(!d.should_retry());
    BOOST_TEST(d.is_done());
    BOOST_TEST((d.action == cv::retry_action::done));
}

BOOST_AUTO_TEST_CASE(x_amz_retry_after_is_honoured_and_clamped) {
    const std::pair<std::string_view, std::string_view> h1[] = {{"x-amz-retry-after", "3000"}};
    const std::pair<std::string_view, std::string_view> h2[] = {{"X-Amz-Retry-After", "60000"}};
    const std::pair<std::string_view, std::string_view> h3[] = {{"x-amz-retry-after", "10"}};
    const std::pair<std::string_view, std::string_view> h4[] = {{"x-amz-retry-after", "soon"}};
    auto run = [](std::span<const std::pair<std::string_view, std::string_view>> h, double r,
                  const cv::retry_config& cfg = {}) {
        cv::retry_strategy s(cfg);
        auto t = s.begin();
        cv::http_response_view resp;
        resp.status = 503;
        resp.headers = h;
        return s.on_attempt_result(t, status_only(503), r, &resp).delay.count();
    };
    // backoff 0 (random 0): max(0, min(hint, 0 + 5000)).
    BOOST_TEST(run(h1, 0.0) == 3000);
    BOOST_TEST(run(h2, 0.0) == 5000);   // at most 5 s more than the backoff
    BOOST_TEST(run(h3, 0.5) == 50);     // never shorter than the backoff (50 ms)
    BOOST_TEST(run(h4, 0.5) == 50);     // unreadable hint ignored
    cv::retry_config off;
    off.honor_retry_after = false;
    BOOST_TEST(run(h1, 0.0, off) == 0);
}

BOOST_AUTO_TEST_CASE(extreme_settings_do_not_overflow) {
    const auto big = milliseconds::max();
    // A huge hint with a huge extra allowance saturates instead of wrapping.
    cv::retry_config cfg;
    cfg.max_backoff = big;
    cfg.base_delay = big;
    cfg.retry_after_max_extra = big;
    cv::retry_strategy s(cfg);
    auto t = s.begin();
    const std::pair<std::string_view, std::string_view> h[] = {{"x-amz-retry-after", "999999999999"}};
    cv::http_response_view resp;
    resp.status = 503;
    resp.headers = h;
    const auto d = s.on_attempt_result(t, status_only(503), almost_one, &resp);
    BOOST_TEST(d.should_retry());
    BOOST_TEST(d.delay.count() > 0);
}

BOOST_AUTO_TEST_CASE(decision_is_one_explicit_action) {
    const auto r = cv::retry_decision::retry_after(milliseconds{250}, cv::retry_class::throttling, 2, 5);
    BOOST_TEST((r.action == cv::retry_action::retry));
    BOOST_TEST(r.should_retry());
    BOOST_TEST(!r.is_done());
    BOOST_TEST(!r.gave_up());
    BOOST_TEST(r.delay.count() == 250);
    BOOST_TEST(r.next_attempt == 2u);
    BOOST_TEST(r.tokens_taken == 5u);
    const auto ok = cv::retry_decision::done();
    BOOST_TEST(ok.is_done());
    BOOST_TEST(!ok.should_retry());
    BOOST_TEST(ok.delay.count() == 0);
    const auto no = cv::retry_decision::give_up(cv::give_up_reason::retry_quota_exhausted,
                                                cv::retry_class::transient);
    BOOST_TEST(no.gave_up());
    BOOST_TEST((no.reason == cv::give_up_reason::retry_quota_exhausted));
    BOOST_TEST((no.failure == cv::retry_class::transient));
    BOOST_TEST(cv::to_string(cv::retry_action::give_up) == "give_up");
    BOOST_TEST(cv::to_string(cv::give_up_reason::max_attempts_reached) == "max_attempts_reached");
}

// aws-sdk-go-v2 #3186: a call that was retried and then ends in a
// non-retryable error (NotFound, Validation, ...) must give back what its
// retry took; otherwise every such call leaks quota until retries stop.
BOOST_AUTO_TEST_CASE(regression_go_3186_tokens_returned_after_non_retryable_error) {
    cv::retry_strategy s;
    auto t = s.begin();
    auto d = s.on_attempt_result(t, status_only(503), 0.0);
    BOOST_TEST_REQUIRE(d.should_retry());
    BOOST_TEST(s.available_tokens() == 495u);
    d = s.on_attempt_result(t, service_error("NotFoundException", 404, cv::service_error_kind::not_found_exception), 0.0);
    BOOST_TEST(d.gave_up());
    BOOST_TEST((d.reason == cv::give_up_reason::not_retryable));
    BOOST_TEST(s.available_tokens() == 500u); // the 5 came back

    // 1000 such calls leak nothing.
    for (int i = 0; i < 1000; ++i) {
        auto u = s.begin();
        (void)s.on_transport_failure(u, cv::transport_failure::timeout, 0.5);
        (void)s.on_attempt_result(u, status_only(400), 0.5);
        BOOST_TEST_REQUIRE(u.finished());
    }
    BOOST_TEST(s.available_tokens() == 500u);

    // Giving up for max attempts or the quota returns nothing (the service is failing).
    auto v = s.begin();
    (void)s.on_attempt_result(v, status_only(500), 0.0);
    (void)s.on_attempt_result(v, status_only(500), 0.0);
    d = s.on_attempt_result(v, status_only(500), 0.0);
    BOOST_TEST((d.reason == cv::give_up_reason::max_attempts_reached));
    BOOST_TEST(s.available_tokens() == 490u);
}

BOOST_AUTO_TEST_CASE(quota_can_be_turned_off) {
    cv::retry_config cfg;
    cfg.use_retry_quota = false;
    cfg.initial_retry_tokens = 0;
    cfg.max_attempts = 50;
    cv::retry_strategy s(cfg);
    auto t = s.begin();
    for (int i = 0; i < 49; ++i) {
        const auto d = s.on_attempt_result(t, status_only(500), 0.0);
        BOOST_TEST_REQUIRE(d.should_retry());
        BOOST_TEST(d.tokens_taken == 0u);
    }
    BOOST_TEST((s.on_attempt_result(t, status_only(500), 0.0).reason == cv::give_up_reason::max_attempts_reached));
    auto u = s.begin();
    s.on_success(u);
    BOOST_TEST(s.available_tokens() == 0u);
}

BOOST_AUTO_TEST_CASE(clock_skew_verdict_retries_with_retry_cost) {
    cv::retry_strategy s;
    auto t = s.begin();
    const auto e = service_error("InvalidSignatureException", 403);
    auto d = s.on_attempt_result(t, e, almost_one, nullptr, cv::signing_clock::skewed);
    BOOST_TEST(d.should_retry());
    BOOST_TEST((d.failure == cv::retry_class::clock_skew));
    BOOST_TEST(d.delay.count() == 100); // ordinary base
    BOOST_TEST(d.tokens_taken == 5u);
    d = s.on_attempt_result(t, e, almost_one); // the same error, not judged skewed
    BOOST_TEST(d.gave_up());
    BOOST_TEST((d.reason == cv::give_up_reason::not_retryable));
    BOOST_TEST(s.available_tokens() == 500u); // #3186 refund
}
