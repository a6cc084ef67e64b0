// SPDX-License-Identifier: BSL-1.0
// Tests for retry/modes.hpp: mode names as a profile writes them, the
// legacy mode as botocore's legacy handler runs it (_retry.json
// `__default__`: 5 attempts, its policies, rand * 2^(n-1) s, no quota), and
// the 2026 behaviour against the steps of aws-sdk-go-v2
// aws/retry/retry2026_test.go (TestRetry2026StandardMode, random fixed at 1).
#include <chime_voice/retry/modes.hpp>

#define BOOST_TEST_MODULE retry_modes
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include "retry_test_util.hpp"

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace cv = chime_voice;
using retry_test::almost_one;
using retry_test::service_error;
using retry_test::status_only;
using std::chrono::milliseconds;

BOOST_AUTO_TEST_CASE(profile_values) {
    BOOST_TEST((cv::parse_retry_mode("legacy") == cv::retry_mode::legacy));
    BOOST_TEST((cv::parse_retry_mode("standard") == cv::retry_mode::standard));
    BOOST_TEST((cv::parse_retry_mode("adaptive") == cv::retry_mode::adaptive));
    BOOST_TEST((cv::parse_retry_mode("standard", true) == cv::retry_mode::standard_2026));
    BOOST_TEST((cv::parse_retry_mode("adaptive", true) == cv::retry_mode::adaptive_2026));
    BOOST_TEST((cv::parse_retry_mode("legacy", true) == cv::retry_mode::legacy));
    for (const char* bad : {"", "Standard", "LEGACY", " standard", "standard_2026", "adaptive2", "none"})
        BOOST_TEST(!cv::parse_retry_mode(bad).has_value(), bad);
    BOOST_TEST(cv::uses_rate_limiter(cv::retry_mode::adaptive));
    BOOST_TEST(cv::uses_rate_limiter(cv::retry_mode::adaptive_2026));
    BOOST_TEST(!cv::uses_rate_limiter(cv::retry_mode::legacy));
    BOOST_TEST(!cv::uses_rate_limiter(cv::retry_mode::standard_2026));
    for (auto m : {cv::retry_mode::legacy, cv::retry_mode::standard, cv::retry_mode::standard_2026,
                   cv::retry_mode::adaptive, cv::retry_mode::adaptive_2026})
        BOOST_TEST(cv::to_string(m) != "?");
}

BOOST_AUTO_TEST_CASE(constants_2026) {
    const auto c = cv::retries_2026_config();
    BOOST_TEST(c.base_delay.count() == 50);
    BOOST_TEST(c.throttling_base_delay.count() == 1'000);
    BOOST_TEST(c.retry_cost == 14u);
    BOOST_TEST(c.timeout_retry_cost == 14u);
    BOOST_TEST(c.throttling_retry_cost == 5u);
    BOOST_TEST(c.max_attempts == 3u);
    BOOST_TEST(c.max_backoff.count() == 20'000);
    BOOST_TEST(c.initial_retry_tokens == 500u);
    BOOST_TEST(c.retry_after_max_extra.count() == 5'000);
    BOOST_TEST((cv::make_retry_config(cv::retry_mode::standard_2026).retry_cost == 14u));
    BOOST_TEST((cv::make_retry_config(cv::retry_mode::adaptive_2026).retry_cost == 14u));
    BOOST_TEST((cv::make_retry_config(cv::retry_mode::standard).retry_cost == 5u));
    BOOST_TEST((cv::make_retry_config(cv::retry_mode::adaptive).base_delay.count() == 100));
}

namespace {

// One step of a retry2026_test.go case: a response, then the expected
// outcome, quota and delay.
struct step {
    int status;
    std::string code;
    std::vector<std::pair<std::string, std::string>> headers;
    cv::retry_action action;
    std::optional<cv::give_up_reason> reason;
    std::uint32_t quota;
    long long delay_ms;
};

void run_2026(std::uint32_t max_attempts, std::uint32_t tokens, milliseconds max_backoff,
              const std::vector<step>& steps) {
    auto cfg = cv::retries_2026_config();
    if (max_attempts) cfg.max_attempts = max_attempts;
    cfg.initial_retry_tokens = tokens;
    if (max_backoff.count()) cfg.max_backoff = max_backoff;
    cv::retry_strategy s(cfg);
    auto token = s.begin();
    int i = 0;
    for (const auto& st : steps) {
        ++i;
        if (token.finished()) token = s.begin(); // the Go cases continue on one retryer
        retry_test::response r(st.status, st.headers);
        const auto view = r.view();
        cv::retry_decision d;
        if (st.status < 300) {
            d = s.on_success(token);
        } else {
            const auto e = st.code.empty() ? status_only(st.status) : service_error(st.code, st.status);
            d = s.on_attempt_result(token, e, almost_one, &view);
        }
        BOOST_TEST((d.action == st.action), "step " << i);
        if (st.reason) BOOST_TEST((d.reason == *st.reason), "step " << i);
        BOOST_TEST(s.available_tokens() == st.quota, "step " << i);
        if (d.should_retry()) BOOST_TEST(d.delay.count() == st.delay_ms, "step " << i);
    }
}

constexpr auto retry = cv::retry_action::retry;
constexpr auto done = cv::retry_action::done;
constexpr auto give_up = cv::retry_action::give_up;
constexpr auto max_reached = cv::give_up_reason::max_attempts_reached;
constexpr auto quota_out = cv::give_up_reason::retry_quota_exhausted;

} // namespace

BOOST_AUTO_TEST_CASE(go_2026_retry_eventually_succeeds) {
    run_2026(0, 500, {}, {{500, "", {}, retry, {}, 486, 50}, {500, "", {}, retry, {}, 472, 100},
                          {200, "", {}, done, {}, 486, 0}});
}

BOOST_AUTO_TEST_CASE(go_2026_max_attempts_reached) {
    run_2026(0, 500, {}, {{502, "", {}, retry, {}, 486, 50}, {502, "", {}, retry, {}, 472, 100},
                          {502, "", {}, give_up, max_reached, 472, 0}});
}

BOOST_AUTO_TEST_CASE(go_2026_quota_reached_after_a_single_retry) {
    run_2026(0, 14, {}, {{500, "", {}, retry, {}, 0, 50}, {500, "", {}, give_up, quota_out, 0, 0}});
    run_2026(0, 0, {}, {{500, "", {}, give_up, quota_out, 0, 0}});
}

BOOST_AUTO_TEST_CASE(go_2026_exponential_backoff_and_cap) {
    run_2026(5, 500, {}, {{500, "", {}, retry, {}, 486, 50}, {500, "", {}, retry, {}, 472, 100},
                          {500, "", {}, retry, {}, 458, 200}, {500, "", {}, retry, {}, 444, 400},
                          {500, "", {}, give_up, max_reached, 444, 0}});
    run_2026(5, 500, milliseconds{200}, {{500, "", {}, retry, {}, 486, 50}, {500, "", {}, retry, {}, 472, 100},
                                         {500, "", {}, retry, {}, 458, 200}, {500, "", {}, retry, {}, 444, 200},
                                         {500, "", {}, give_up, max_reached, 444, 0}});
}

BOOST_AUTO_TEST_CASE(go_2026_quota_exhaustion_and_recovery) {
    run_2026(5, 20, {}, {{500, "", {}, retry, {}, 6, 50}, {502, "", {}, give_up, quota_out, 6, 0}});
    run_2026(5, 30, {}, {{500, "", {}, retry, {}, 16, 50}, {502, "", {}, retry, {}, 2, 100},
                         {200, "", {}, done, {}, 16, 0}, {500, "", {}, retry, {}, 2, 50},
                         {200, "", {}, done, {}, 16, 0}});
}

BOOST_AUTO_TEST_CASE(go_2026_throttling_cost_and_delay) {
    run_2026(0, 500, {}, {{400, "Throttling", {}, retry, {}, 495, 1'000}, {200, "", {}, done, {}, 500, 0}});
}

BOOST_AUTO_TEST_CASE(go_2026_retry_after) {
    // Go's "honor x-amz-retry-after header" draws a random backoff below
    // 50 ms; with random 1 the backoff is 50 and 1500 lies inside [50, 5050].
    run_2026(0, 500, {}, {{500, "", {{"x-amz-retry-after", "1500"}}, retry, {}, 486, 1'500},
                          {200, "", {}, done, {}, 500, 0}});
    run_2026(0, 500, {}, {{500, "", {{"x-amz-retry-after", "0"}}, retry, {}, 486, 50},
                          {200, "", {}, done, {}, 500, 0}});
    run_2026(0, 500, {}, {{500, "", {{"x-amz-retry-after", "10000"}}, retry, {}, 486, 5'050},
                          {200, "", {}, done, {}, 500, 0}});
    run_2026(0, 500, {}, {{500, "", {{"x-amz-retry-after", "invalid"}}, retry, {}, 486, 50},
                          {200, "", {}, done, {}, 500, 0}});
}

// ------------------------------------------------------------------ legacy

BOOST_AUTO_TEST_CASE(legacy_config_is_botocore_legacy) {
    const auto c = cv::legacy_retry_config();
    BOOST_TEST(c.max_attempts == 5u);
    BOOST_TEST(c.base_delay.count() == 1'000);
    BOOST_TEST(c.throttling_base_delay.count() == 1'000);
    BOOST_TEST((c.max_backoff == milliseconds::max()));
    BOOST_TEST(!c.use_retry_quota);
    BOOST_TEST(!c.honor_retry_after);
    BOOST_TEST((c.classification.rules == cv::retry_rules::legacy));
    BOOST_TEST((cv::make_retry_config(cv::retry_mode::legacy).max_attempts == 5u));
}

BOOST_AUTO_TEST_CASE(legacy_five_attempts_without_quota) {
    cv::retry_config cfg = cv::legacy_retry_config();
    cfg.initial_retry_tokens = 0; // no quota at all: still retries
    cv::retry_strategy s(cfg);
    auto t = s.begin();
    const long long ceilings[] = {1'000, 2'000, 4'000, 8'000};
    for (long long ceiling : ceilings) {
        const auto d = s.on_attempt_result(t, status_only(503), almost_one);
        BOOST_TEST_REQUIRE(d.should_retry());
        BOOST_TEST(d.delay.count() == ceiling);
        BOOST_TEST(d.tokens_taken == 0u);
    }
    BOOST_TEST(t.attempt() == 5u);
    const auto last = s.on_attempt_result(t, status_only(503), almost_one);
    BOOST_TEST((last.reason == cv::give_up_reason::max_attempts_reached));
}

BOOST_AUTO_TEST_CASE(legacy_retries_only_its_table) {
    cv::retry_strategy s(cv::legacy_retry_config());
    auto retried = [&](const cv::error& e) {
        auto t = s.begin();
        return s.on_attempt_result(t, e, 0.5).should_retry();
    };
    BOOST_TEST(retried(status_only(500)));
    BOOST_TEST(retried(status_only(503)));
    BOOST_TEST(retried(status_only(509)));
    BOOST_TEST(retried(status_only(429)));
    BOOST_TEST(retried(service_error("Throttling", 400)));
    BOOST_TEST(retried(service_error("ThrottlingException", 400)));
    BOOST_TEST(!retried(status_only(502)));
    BOOST_TEST(!retried(status_only(504)));
    BOOST_TEST(!retried(service_error("RequestTimeout", 400)));
    BOOST_TEST(!retried(service_error("SlowDown", 503 - 100)));
    // x-amz-retry-after is not honoured.
    retry_test::response r(503, {{"x-amz-retry-after", "4000"}});
    const auto view = r.view();
    auto t = s.begin();
    BOOST_TEST(s.on_attempt_result(t, status_only(503), 0.0, &view).delay.count() == 0);
    // Connection errors are.
    auto u = s.begin();
    BOOST_TEST(s.on_transport_failure(u, cv::transport_failure::connection_reset, 0.0).should_retry());
}
