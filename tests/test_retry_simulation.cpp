// SPDX-License-Identifier: BSL-1.0
// Scripted simulations of retry.hpp (retry/standard.hpp, retry/adaptive.hpp): the standard strategy driven through
// response sequences in a send loop, and the adaptive rate limiter driven
// through send schedules.
//
// The standard-mode expectations are worked out by hand from the published
// rules (delay = random * min(base * 2^(attempt-1), 20 s), base 100 ms or
// 500 ms for throttling; quota 500, cost 5, timeout 10, refund on success).
// The adaptive-limiter tables are a differential oracle: they were produced
// by botocore 1.43.11 (botocore.retries.adaptive.ClientRateLimiter with
// throttling.CubicCalculator, bucket.TokenBucket and RateClocker) driven by
// a fake clock starting at 0 through the same schedule, printing the token
// bucket's max_rate and max_capacity, the measured rate and W_max after
// every response.
#include <chime_voice/retry.hpp>

#define BOOST_TEST_MODULE retry_simulation
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cmath>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace cv = chime_voice;
using std::chrono::milliseconds;
using clock_tp = std::chrono::steady_clock::time_point;

namespace {

constexpr double almost_one = 1.0 - 0x1.0p-53;

// One scripted attempt outcome.
struct outcome {
    int status = 200;                               // 200 = success
    std::string type;                               // error type when not 200
    std::optional<cv::transport_failure> transport; // no response at all
    cv::signing_clock clock = cv::signing_clock::not_at_fault; // judge_signing_clock's verdict

    outcome(int st, std::string t = {}, cv::signing_clock c = cv::signing_clock::not_at_fault)
        : status(st), type(std::move(t)), clock(c) {}
    outcome(cv::transport_failure f) : status(0), transport(f) {}
};

cv::error make_error(const outcome& o) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = o.type.empty() ? cv::service_error_kind::unknown : cv::service_error_kind::unmodelled;
    e.type = o.type;
    e.metadata.http_status = o.status;
    return e;
}

struct trace {
    std::uint32_t attempts = 0;
    std::vector<std::int64_t> delays;
    std::vector<std::string> sdk_request_headers;
    cv::retry_decision last;
};

// The send loop of the retry.hpp header comment, with a scripted server.
trace run_call(cv::retry_strategy& s, const std::vector<outcome>& script, double random) {
    trace tr;
    cv::http_request req;
    req.method = "POST";
    auto token = s.begin();
    for (std::size_t i = 0;; ++i) {
        BOOST_TEST_REQUIRE(i < script.size(), "strategy asked for more attempts than scripted");
        BOOST_TEST_REQUIRE(cv::apply_attempt_headers(req, "0d6f3c2e-8a1b-4c5d-9e7f-112233445566",
                                                     token.attempt(), s.max_attempts())
                               .has_value());
        tr.sdk_request_headers.push_back(req.find_header("amz-sdk-request")->value);
        ++tr.attempts;
        const outcome& o = script[i];
        if (o.transport) {
            tr.last = s.on_transport_failure(token, *o.transport, random);
        } else if (o.status == 200) {
            const std::expected<int, cv::error> ok = 1;
            tr.last = s.on_attempt_result(token, ok, random);
        } else {
            const std::expected<int, cv::error> fail = std::unexpected(make_error(o));
            tr.last = s.on_attempt_result(token, fail, random, nullptr, o.clock);
        }
        if (!tr.last.should_retry()) break;
        tr.delays.push_back(tr.last.delay.count());
    }
    return tr;
}

} // namespace

BOOST_AUTO_TEST_CASE(throttled_twice_then_success) {
    cv::retry_strategy s;
    const auto tr = run_call(s, {{429, "ThrottledClientException"}, {429, ""}, {200}}, almost_one);
    BOOST_TEST(tr.attempts == 3u);
    BOOST_TEST(tr.last.is_done());
    // Throttling base 500 ms: 500 * 2^0, 500 * 2^1 (random ~1).
    BOOST_TEST(tr.delays == (std::vector<std::int64_t>{500, 1000}), boost::test_tools::per_element());
    // 500 - 5 - 5, then the success refunds the last retry's 5.
    BOOST_TEST(s.available_tokens() == 495u);
    BOOST_TEST(tr.sdk_request_headers ==
                   (std::vector<std::string>{"attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"}),
               boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(service_unavailable_four_times) {
    cv::retry_strategy s;
    const auto tr = run_call(s, {{503, "ServiceUnavailableException"},
                                 {503, "ServiceUnavailableException"},
                                 {503, "ServiceUnavailableException"},
                                 {503, "ServiceUnavailableException"}},
                             almost_one);
    BOOST_TEST(tr.attempts == 3u); // the 4th is never sent
    BOOST_TEST(!tr.last.is_done());
    BOOST_TEST((tr.last.reason == cv::give_up_reason::max_attempts_reached));
    BOOST_TEST(tr.delays == (std::vector<std::int64_t>{100, 200}), boost::test_tools::per_element());
    BOOST_TEST(s.available_tokens() == 490u); // no refund without success
}

BOOST_AUTO_TEST_CASE(jitter_scales_the_delay) {
    cv::retry_strategy s;
    const auto tr = run_call(s, {{500}, {502}, {200}}, 0.5);
    BOOST_TEST(tr.delays == (std::vector<std::int64_t>{50, 100}), boost::test_tools::per_element());
    const auto tr0 = run_call(s, {{504}, {200}}, 0.0);
    BOOST_TEST(tr0.delays == (std::vector<std::int64_t>{0}), boost::test_tools::per_element());
}

BOOST_AUTO_TEST_CASE(timeouts_cost_ten) {
    cv::retry_strategy s;
    const auto tr = run_call(s,
                             {{cv::transport_failure::timeout},
                              {cv::transport_failure::timeout},
                              {200}},
                             almost_one);
    BOOST_TEST(tr.attempts == 3u);
    BOOST_TEST(tr.last.is_done());
    BOOST_TEST(tr.delays == (std::vector<std::int64_t>{100, 200}), boost::test_tools::per_element());
    BOOST_TEST(s.available_tokens() == 490u); // 500 - 10 - 10 + 10
}

BOOST_AUTO_TEST_CASE(non_retryable_stops_at_once) {
    cv::retry_strategy s;
    const auto tr = run_call(s, {{404, "NotFoundException"}, {200}}, almost_one);
    BOOST_TEST(tr.attempts == 1u);
    BOOST_TEST((tr.last.reason == cv::give_up_reason::not_retryable));
    BOOST_TEST(s.available_tokens() == 500u);
}

BOOST_AUTO_TEST_CASE(clock_skew_is_retried_once_corrected) {
    cv::retry_strategy s;
    // Judged skewed (a trusted Date showed the signing time was off): retried.
    const auto tr = run_call(s, {{403, "RequestTimeTooSkewed", cv::signing_clock::skewed}, {200}}, almost_one);
    BOOST_TEST(tr.attempts == 2u);
    BOOST_TEST(tr.last.is_done());
    BOOST_TEST(tr.delays == (std::vector<std::int64_t>{100}), boost::test_tools::per_element());
    BOOST_TEST(s.available_tokens() == 500u);
    // The same error without that evidence (no Date): given up at once.
    const auto tr2 = run_call(s, {{403, "RequestTimeTooSkewed"}, {200}}, almost_one);
    BOOST_TEST(tr2.attempts == 1u);
    BOOST_TEST((tr2.last.reason == cv::give_up_reason::not_retryable));
}

BOOST_AUTO_TEST_CASE(an_outage_drains_the_quota_then_recovery_refills_it) {
    cv::retry_strategy s;
    // Each failed call costs two retries of 5 tokens: 50 calls use all 500.
    for (int call = 0; call < 50; ++call) {
        const auto tr = run_call(s, {{500}, {500}, {500}}, 0.0);
        BOOST_TEST_REQUIRE(tr.attempts == 3u);
    }
    BOOST_TEST(s.available_tokens() == 0u);
    // The service is not hammered any more: one attempt per call.
    const auto tr = run_call(s, {{500}, {500}, {500}}, 0.0);
    BOOST_TEST(tr.attempts == 1u);
    BOOST_TEST((tr.last.reason == cv::give_up_reason::retry_quota_exhausted));
    // Recovery: 5 clean successes give back 5 tokens, enough for one retry.
    for (int i = 0; i < 5; ++i) run_call(s, {{200}}, 0.0);
    BOOST_TEST(s.available_tokens() == 5u);
    const auto again = run_call(s, {{503}, {200}}, 0.0);
    BOOST_TEST(again.attempts == 2u);
    BOOST_TEST(s.available_tokens() == 5u); // 5 - 5 + 5
}

// ----------------------------------------------------------- adaptive mode

namespace {

struct limiter_row {
    double t;
    bool throttled;
    double max_rate, max_capacity, measured, w_max;
};

clock_tp at(double seconds) {
    return clock_tp{} + std::chrono::duration_cast<clock_tp::duration>(std::chrono::duration<double>(seconds));
}

void check_against_oracle(std::span<const limiter_row> rows) {
    cv::adaptive_rate_limiter lim(at(0.0));
    for (const auto& r : rows) {
        lim.on_response(r.throttled, at(r.t));
        BOOST_TEST(lim.fill_rate() == r.max_rate, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(lim.max_capacity() == r.max_capacity, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(lim.measured_rate() == r.measured, boost::test_tools::tolerance(1e-9));
        BOOST_TEST(lim.last_max_rate() == r.w_max, boost::test_tools::tolerance(1e-9));
    }
}

// 10 requests/s for 2 s, a throttle at 2.05 s, then 10 requests/s on.
constexpr limiter_row steady_sender[] = {
    {0.1, false, 0.5, 1, 0, 0},
    {0.2, false, 0.5, 1, 0, 0},
    {0.3, false, 0.5, 1, 0, 0},
    {0.4, false, 0.5, 1, 0, 0},
    {0.5, false, 0.5, 1, 8.0, 0},
    {0.6, false, 0.5, 1, 8.0, 0},
    {0.7, false, 0.5, 1, 8.0, 0},
    {0.8, false, 0.5, 1, 8.0, 0},
    {0.9, false, 0.5, 1, 8.0, 0},
    {1.0, false, 0.5, 1, 9.6, 0},
    {1.1, false, 0.5324000000000002, 1, 9.6, 0},
    {1.2, false, 0.6911999999999999, 1, 9.6, 0},
    {1.3, false, 0.8788, 1, 9.6, 0},
    {1.4, false, 1.0975999999999997, 1.0975999999999997, 9.6, 0},
    {1.5, false, 1.35, 1.35, 9.92, 0},
    {1.6, false, 1.6384000000000005, 1.6384000000000005, 9.92, 0},
    {1.7, false, 1.9651999999999998, 1.9651999999999998, 9.92, 0},
    {1.8, false, 2.3328, 2.3328, 9.92, 0},
    {1.9, false, 2.7436, 2.7436, 9.92, 0},
    {2.0, false, 3.2, 3.2, 9.984, 0},
    {2.05, true, 6.9887999999999995, 6.9887999999999995, 9.984, 9.984},
    {2.15, false, 7.425018418939593, 7.425018418939593, 9.984, 9.984},
    {2.25, false, 7.816683494712702, 7.816683494712702, 9.984, 9.984},
    {2.35, false, 8.166195227319328, 8.166195227319328, 9.984, 9.984},
    {2.45, false, 8.475953616759469, 8.475953616759469, 9.984, 9.984},
    {2.55, false, 8.748358663033125, 8.748358663033125, 11.596800000000002, 9.984},
    {2.65, false, 8.9858103661403, 8.9858103661403, 11.596800000000002, 9.984},
    {2.75, false, 9.190708726080988, 9.190708726080988, 11.596800000000002, 9.984},
    {2.85, false, 9.365453742855193, 9.365453742855193, 11.596800000000002, 9.984},
    {2.95, false, 9.512445416462914, 9.512445416462914, 11.596800000000002, 9.984},
    {3.05, false, 9.634083746904151, 9.634083746904151, 10.31936, 9.984},
    {3.15, false, 9.732768734178904, 9.732768734178904, 10.31936, 9.984},
    {3.25, false, 9.810900378287174, 9.810900378287174, 10.31936, 9.984},
    {3.35, false, 9.870878679228959, 9.870878679228959, 10.31936, 9.984},
    {3.45, false, 9.915103637004261, 9.915103637004261, 10.31936, 9.984},
    {3.55, false, 9.945975251613078, 9.945975251613078, 10.063872, 9.984},
    {3.65, false, 9.96589352305541, 9.96589352305541, 10.063872, 9.984},
    {3.75, false, 9.97725845133126, 9.97725845133126, 10.063872, 9.984},
    {3.85, false, 9.982470036440626, 9.982470036440626, 10.063872, 9.984},
    {3.95, false, 9.983928278383507, 9.983928278383507, 10.063872, 9.984},
    {4.05, false, 9.984033177159905, 9.984033177159905, 10.0127744, 9.984},
    {4.15, false, 9.985184732769818, 9.985184732769818, 10.0127744, 9.984},
    {4.25, false, 9.989782945213246, 9.989782945213246, 10.0127744, 9.984},
    {4.35, false, 10.000227814490191, 10.000227814490191, 10.0127744, 9.984},
    {4.45, false, 10.018919340600654, 10.018919340600654, 10.0127744, 9.984},
    {4.55, false, 10.048257523544631, 10.048257523544631, 10.00255488, 9.984},
    {4.65, false, 10.090642363322125, 10.090642363322125, 10.00255488, 9.984},
    {4.75, false, 10.148473859933134, 10.148473859933134, 10.00255488, 9.984},
    {4.85, false, 10.22415201337766, 10.22415201337766, 10.00255488, 9.984},
    {4.95, false, 10.320076823655702, 10.320076823655702, 10.00255488, 9.984},
    {5.05, false, 10.438648290767258, 10.438648290767258, 10.000510976, 9.984},
    {5.15, false, 10.582266414712333, 10.582266414712333, 10.000510976, 9.984},
    {5.25, false, 10.753331195490922, 10.753331195490922, 10.000510976, 9.984},
    {5.35, false, 10.954242633103027, 10.954242633103027, 10.000510976, 9.984},
    {5.45, false, 11.18740072754865, 11.18740072754865, 10.000510976, 9.984},
    {5.55, false, 11.455205478827786, 11.455205478827786, 10.0001021952, 9.984},
    {5.65, false, 11.760056886940442, 11.760056886940442, 10.0001021952, 9.984},
    {5.75, false, 12.10435495188661, 12.10435495188661, 10.0001021952, 9.984},
    {5.85, false, 12.490499673666294, 12.490499673666294, 10.0001021952, 9.984},
    {5.95, false, 12.920891052279499, 12.920891052279499, 10.0001021952, 9.984},
};

// The same start, then sparse sends after the throttle: the new rate is
// capped at twice the measured rate, and a second throttle cuts it to the
// 0.5 requests/s floor.
constexpr limiter_row sparse_sender[] = {
    {0.1, false, 0.5, 1, 0, 0},
    {0.2, false, 0.5, 1, 0, 0},
    {0.3, false, 0.5, 1, 0, 0},
    {0.4, false, 0.5, 1, 0, 0},
    {0.5, false, 0.5, 1, 8.0, 0},
    {0.6, false, 0.5, 1, 8.0, 0},
    {0.7, false, 0.5, 1, 8.0, 0},
    {0.8, false, 0.5, 1, 8.0, 0},
    {0.9, false, 0.5, 1, 8.0, 0},
    {1.0, false, 0.5, 1, 9.6, 0},
    {1.1, false, 0.5324000000000002, 1, 9.6, 0},
    {1.2, false, 0.6911999999999999, 1, 9.6, 0},
    {1.3, false, 0.8788, 1, 9.6, 0},
    {1.4, false, 1.0975999999999997, 1.0975999999999997, 9.6, 0},
    {1.5, false, 1.35, 1.35, 9.92, 0},
    {1.6, false, 1.6384000000000005, 1.6384000000000005, 9.92, 0},
    {1.7, false, 1.9651999999999998, 1.9651999999999998, 9.92, 0},
    {1.8, false, 2.3328, 2.3328, 9.92, 0},
    {1.9, false, 2.7436, 2.7436, 9.92, 0},
    {2.0, false, 3.2, 3.2, 9.984, 0},
    {2.05, true, 6.9887999999999995, 6.9887999999999995, 9.984, 9.984},
    {2.5, false, 8.616675307792107, 8.616675307792107, 5.1968, 9.984},
    {3.0, false, 5.27872, 5.27872, 2.63936, 9.984},
    {3.5, false, 4.255744, 4.255744, 2.127872, 9.984},
    {4.0, false, 4.0511488, 4.0511488, 2.0255744, 9.984},
    {5.0, false, 2.41022976, 2.41022976, 1.20511488, 9.984},
    {6.0, false, 2.082045952, 2.082045952, 1.041022976, 9.984},
    {8.0, false, 1.2164091903999998, 1.2164091903999998, 0.6082045951999999, 9.984},
    {8.25, true, 0.5, 1, 0.6082045951999999, 0.6082045951999999},
    {9.0, false, 0.6082014965651917, 1, 1.72164091904, 0.6082045951999999},
};

} // namespace

BOOST_AUTO_TEST_CASE(limiter_matches_botocore_steady_sender) { check_against_oracle(steady_sender); }

BOOST_AUTO_TEST_CASE(limiter_matches_botocore_sparse_sender) { check_against_oracle(sparse_sender); }

BOOST_AUTO_TEST_CASE(limiter_shape) {
    cv::adaptive_rate_limiter lim(at(0.0));
    // Before any throttle: never waits, whatever the pace.
    for (int i = 1; i <= 20; ++i) {
        BOOST_TEST(lim.acquire_send_token(at(0.1 * i)).count() == 0);
        lim.on_response(false, at(0.1 * i));
    }
    BOOST_TEST(!lim.enabled());
    const double before = lim.measured_rate();
    lim.on_response(true, at(2.05));
    BOOST_TEST(lim.enabled());
    // Throttle: rate = beta * measured rate.
    BOOST_TEST(lim.fill_rate() == 0.7 * before, boost::test_tools::tolerance(1e-12));
    // Successes: the rate climbs back to W_max around t = K after the
    // throttle (concave), K = cbrt(W_max * (1 - beta) / C), then grows past it.
    const double w_max = lim.last_max_rate();
    const double k = std::cbrt(w_max * 0.3 / 0.4);
    double prev = lim.fill_rate();
    for (int i = 1; i < 40; ++i) {
        const double t = 2.05 + 0.1 * i;
        lim.on_response(false, at(t));
        const double cubic = 0.4 * std::pow(t - 2.05 - k, 3) + w_max;
        BOOST_TEST(lim.fill_rate() == std::min(cubic, 2.0 * lim.measured_rate()),
                   boost::test_tools::tolerance(1e-9));
        BOOST_TEST(lim.fill_rate() >= prev - 1e-12);
        prev = lim.fill_rate();
    }
    BOOST_TEST(prev > w_max);
}

BOOST_AUTO_TEST_CASE(wait_times_follow_the_fill_rate) {
    cv::adaptive_rate_limiter lim(at(0.0));
    // One response in the first half second (the throttle itself, which
    // closes the [0, 0.5) bucket): measured = 0.8 * 1 / 0.5 = 1.6.
    lim.on_response(true, at(0.5));
    BOOST_TEST(lim.measured_rate() == 1.6, boost::test_tools::tolerance(1e-12));
    BOOST_TEST(lim.fill_rate() == 1.12, boost::test_tools::tolerance(1e-12)); // 0.7 * 1.6
    // The bucket starts empty: each send reserves a token; with 1.12 tokens/s
    // the n-th back-to-back send waits n / 1.12 s (rounded up to ms).
    BOOST_TEST(lim.acquire_send_token(at(0.5)).count() == 893);  // ceil(1000 / 1.12)
    BOOST_TEST(lim.acquire_send_token(at(0.5)).count() == 1786); // ceil(2000 / 1.12)
    // A caller that waited as told gets its token on time: at 0.5 + 1.786 s
    // the debt is paid, and the next send waits one more interval.
    const auto w = lim.acquire_send_token(at(0.5 + 1.786));
    BOOST_TEST(w.count() >= 892);
    BOOST_TEST(w.count() <= 893);
    // After a long idle time the bucket is full again (capacity 1.12).
    BOOST_TEST(lim.acquire_send_token(at(100.0)).count() == 0);
    BOOST_TEST(lim.available_tokens() == 0.12, boost::test_tools::tolerance(1e-9));
    // Time going backwards counts as no time passing.
    BOOST_TEST(lim.acquire_send_token(at(50.0)).count() == 786); // ceil(0.88 / 1.12 s)
}

BOOST_AUTO_TEST_CASE(adaptive_strategy_feeds_the_limiter) {
    cv::adaptive_retry_strategy s(at(0.0));
    auto token = s.begin();
    BOOST_TEST(s.acquire_send_token(at(0.1)).count() == 0);
    const std::expected<int, cv::error> throttled = std::unexpected([] {
        cv::error e;
        e.category = cv::error_category::service;
        e.kind = cv::service_error_kind::throttled_client_exception;
        e.type = "ThrottledClientException";
        e.metadata.http_status = 429;
        return e;
    }());
    const auto d = s.on_attempt_result(token, throttled, 0.0, at(0.6));
    BOOST_TEST(d.should_retry());
    BOOST_TEST(s.limiter().enabled());
    BOOST_TEST(s.standard().available_tokens() == 495u);
    // measured = 0.8 * 1 / 0.5 = 1.6 -> fill 1.12; the retry must wait.
    BOOST_TEST(s.acquire_send_token(at(0.6)).count() == 893);
    const std::expected<int, cv::error> ok = 1;
    const auto d2 = s.on_attempt_result(token, ok, 0.0, at(1.6));
    BOOST_TEST(d2.is_done());
    BOOST_TEST(s.standard().available_tokens() == 500u);
}
