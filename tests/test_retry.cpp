// SPDX-License-Identifier: BSL-1.0
// Tests for retry.hpp: classification, backoff bounds, retry quota, the
// x-amz-retry-after hint and the per-attempt headers.
//
// Expected values are taken from the published rules, not from this code:
// the error-code lists of the AWS SDK reference guide / botocore
// (ThrottledRetryableChecker, TransientRetryableChecker) and
// @smithy/service-error-classification; the standard-mode constants (500
// tokens, cost 5, timeout cost 10, +1 on success without retry, 20 s cap,
// base 100 ms / 500 ms throttling) from @smithy/util-retry constants.js and
// botocore.retries; the UUID syntax of RFC 9562.
#include <chime_voice/retry.hpp>

#define BOOST_TEST_MODULE retry
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <limits>
#include <span>
#include <string>
#include <string_view>
#include <tuple>
#include <utility>
#include <vector>

namespace cv = chime_voice;
using std::chrono::milliseconds;

namespace {

cv::error service_error(std::string type, int status,
                        cv::service_error_kind kind = cv::service_error_kind::unmodelled) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = kind;
    e.type = std::move(type);
    e.metadata.http_status = status;
    return e;
}

cv::error status_only(int status) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = cv::service_error_kind::unknown;
    e.metadata.http_status = status;
    return e;
}

constexpr double almost_one = 1.0 - 0x1.0p-53;

} // namespace

// ---------------------------------------------------------------- classify

BOOST_AUTO_TEST_CASE(every_throttling_code_is_throttling) {
    // SDK reference guide / botocore / smithy list, plus this service's 429.
    const char* codes[] = {"ThrottledClientException",
                           "Throttling",
                           "ThrottlingException",
                           "ThrottledException",
                           "RequestThrottledException",
                           "TooManyRequestsException",
                           "ProvisionedThroughputExceededException",
                           "TransactionInProgressException",
                           "RequestLimitExceeded",
                           "BandwidthLimitExceeded",
                           "LimitExceededException",
                           "RequestThrottled",
                           "SlowDown",
                           "PriorRequestNotComplete",
                           "EC2ThrottledException"};
    BOOST_TEST(std::size(codes) == 15u);
    for (const char* c : codes) {
        // The type decides, whatever the status.
        BOOST_TEST((cv::classify(service_error(c, 400)) == cv::retry_class::throttling), c);
        BOOST_TEST(cv::is_throttling_error_code(c), c);
    }
    // Case-sensitive, exact names.
    BOOST_TEST((cv::classify(service_error("throttling", 400)) == cv::retry_class::not_retryable));
    BOOST_TEST((cv::classify(service_error("ThrottlingExceptionX", 400)) == cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(modelled_throttled_client_exception_by_kind) {
    auto e = service_error("", 429, cv::service_error_kind::throttled_client_exception);
    BOOST_TEST((cv::classify(e) == cv::retry_class::throttling));
    e.metadata.http_status = 400; // kind decides even with an odd status
    BOOST_TEST((cv::classify(e) == cv::retry_class::throttling));
}

BOOST_AUTO_TEST_CASE(every_transient_code_is_transient) {
    BOOST_TEST((cv::classify(service_error("RequestTimeout", 400)) == cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("RequestTimeoutException", 408)) == cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("ServiceFailureException", 500,
                                           cv::service_error_kind::service_failure_exception)) ==
                cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("ServiceUnavailableException", 503,
                                           cv::service_error_kind::service_unavailable_exception)) ==
                cv::retry_class::transient));
    // By kind alone (no cleaned type), and by type alone with another status.
    BOOST_TEST((cv::classify(service_error("", 0, cv::service_error_kind::service_failure_exception)) ==
                cv::retry_class::transient));
    BOOST_TEST((cv::classify(service_error("ServiceUnavailableException", 400)) == cv::retry_class::transient));
}

BOOST_AUTO_TEST_CASE(statuses) {
    BOOST_TEST((cv::classify(status_only(429)) == cv::retry_class::throttling));
    for (int s : {500, 502, 503, 504})
        BOOST_TEST((cv::classify(status_only(s)) == cv::retry_class::transient), s);
    for (int s : {0, 200, 301, 400, 401, 403, 404, 405, 408, 409, 413, 422, 501, 505, 599})
        BOOST_TEST((cv::classify(status_only(s)) == cv::retry_class::not_retryable), s);
}

BOOST_AUTO_TEST_CASE(other_modelled_client_errors_are_not_retryable) {
    using k = cv::service_error_kind;
    const std::pair<k, int> cases[] = {{k::bad_request_exception, 400},
                                       {k::unauthorized_client_exception, 401},
                                       {k::forbidden_exception, 403},
                                       {k::not_found_exception, 404}};
    for (auto [kind, status] : cases) {
        BOOST_TEST((cv::classify(service_error(std::string(cv::to_string(kind)), status, kind)) ==
                    cv::retry_class::not_retryable), status);
        BOOST_TEST((cv::classify(service_error("", status, kind)) == cv::retry_class::not_retryable), status);
    }
    BOOST_TEST((cv::classify(service_error("AccessDeniedException", 403)) == cv::retry_class::not_retryable));
    BOOST_TEST((cv::classify(service_error("ValidationException", 400)) == cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(request_side_errors_are_not_retryable) {
    for (auto c : {cv::error_category::validation, cv::error_category::endpoint,
                   cv::error_category::credentials, cv::error_category::signing}) {
        auto e = cv::error::make(c, "bad input");
        BOOST_TEST((cv::classify(e) == cv::retry_class::not_retryable));
        e.metadata.http_status = 503; // even if something set a status
        e.type = "ThrottlingException";
        BOOST_TEST((cv::classify(e) == cv::retry_class::not_retryable));
    }
}

BOOST_AUTO_TEST_CASE(malformed_responses) {
    cv::error e;
    e.category = cv::error_category::malformed_response;
    e.metadata.http_status = 200;
    BOOST_TEST((cv::classify(e) == cv::retry_class::not_retryable)); // documented default
    cv::classify_settings s;
    s.retry_malformed_success = true;
    BOOST_TEST((cv::classify(e, s) == cv::retry_class::transient));
    e.metadata.http_status = 503; // a proxy's HTML error page: the status decides
    BOOST_TEST((cv::classify(e) == cv::retry_class::transient));
    e.metadata.http_status = 429;
    BOOST_TEST((cv::classify(e) == cv::retry_class::throttling));
    e.metadata.http_status = 400;
    BOOST_TEST((cv::classify(e, s) == cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(clock_skew_codes) {
    for (const char* c : {"RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"})
        BOOST_TEST((cv::classify(service_error(c, 403)) == cv::retry_class::clock_skew), c);
    auto sig = service_error("InvalidSignatureException", 403);
    sig.message = "Signature expired: 20240101T000000Z is now earlier than 20240101T000500Z";
    BOOST_TEST((cv::classify(sig) == cv::retry_class::clock_skew));
    sig.message = "Signature not yet current: 20240101T001000Z is still later than 20240101T000500Z";
    BOOST_TEST((cv::classify(sig) == cv::retry_class::clock_skew));
    sig.message = "The request signature we calculated does not match the signature you provided.";
    BOOST_TEST((cv::classify(sig) == cv::retry_class::not_retryable));
}

BOOST_AUTO_TEST_CASE(every_transport_failure_is_transient) {
    using f = cv::transport_failure;
    for (auto t : {f::connection_reset, f::connection_refused, f::timeout, f::dns, f::tls, f::other})
        BOOST_TEST((cv::classify(t) == cv::retry_class::transient), cv::to_string(t));
}

// ----------------------------------------------------------------- backoff

BOOST_AUTO_TEST_CASE(backoff_bounds) {
    const milliseconds base{100}, cap{20'000};
    for (std::uint32_t n = 1; n <= 40; ++n) {
        BOOST_TEST(cv::backoff_delay(n, 0.0, base, cap).count() == 0);
        // min(base * 2^(n-1), 20 s), computed independently in 64-bit ints.
        const std::int64_t ceiling = n <= 20 ? std::min<std::int64_t>(100LL << (n - 1), 20'000) : 20'000;
        BOOST_TEST(cv::backoff_delay(n, almost_one, base, cap).count() == ceiling, n);
        BOOST_TEST(cv::backoff_delay(n, 0.5, base, cap).count() == ceiling / 2, n);
    }
    // 100, 200, 400, ..., 12800, then capped at 20000 from the 9th attempt.
    BOOST_TEST(cv::backoff_delay(8, almost_one, base, cap).count() == 12'800);
    BOOST_TEST(cv::backoff_delay(9, almost_one, base, cap).count() == 20'000);
    // No overflow, never above the cap, for huge attempt numbers.
    for (std::uint32_t n : {64u, 65u, 1000u, 100'000u, std::numeric_limits<std::uint32_t>::max()}) {
        const auto d = cv::backoff_delay(n, almost_one, base, cap);
        BOOST_TEST(d.count() == 20'000, n);
        BOOST_TEST(cv::backoff_delay(n, 0.25, base, cap).count() == 5'000, n);
    }
    // Out-of-range randoms are clamped into [0, 1).
    BOOST_TEST(cv::backoff_delay(3, -1.0, base, cap).count() == 0);
    BOOST_TEST(cv::backoff_delay(3, 7.0, base, cap).count() == 400);
    BOOST_TEST(cv::backoff_delay(3, std::numeric_limits<double>::quiet_NaN(), base, cap).count() == 0);
    // Attempt 0 is treated like 1.
    BOOST_TEST(cv::backoff_delay(0, almost_one, base, cap).count() == 100);
}

BOOST_AUTO_TEST_CASE(random_fraction_from_bits) {
    BOOST_TEST(cv::random_fraction(0) == 0.0);
    BOOST_TEST(cv::random_fraction(std::numeric_limits<std::uint64_t>::max()) < 1.0);
    BOOST_TEST(cv::random_fraction(std::uint64_t{1} << 63) == 0.5);
}

BOOST_AUTO_TEST_CASE(retry_after_header_parsing) {
    BOOST_TEST(cv::parse_retry_after_ms("1500").value().count() == 1500);
    BOOST_TEST(cv::parse_retry_after_ms(" 0 ").value().count() == 0);
    for (std::string_view bad : {"", "-1", "1.5", "1e3", "abc", "+5", "1 000", "9999999999999"})
        BOOST_TEST(!cv::parse_retry_after_ms(bad).has_value(), bad);
}

// ------------------------------------------------------------------- quota

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
    const auto n = cv::retry_config::retries_2026();
    BOOST_TEST(n.base_delay.count() == 50);
    BOOST_TEST(n.throttling_base_delay.count() == 1'000);
    BOOST_TEST(n.retry_cost == 14u);
    BOOST_TEST(n.throttling_retry_cost == 5u);
}

BOOST_AUTO_TEST_CASE(quota_costs_and_refunds) {
    cv::retry_strategy s;
    BOOST_TEST(s.available_tokens() == 500u);

    // Transient error: -5, then success refunds the 5.
    auto t = s.begin();
    auto d = s.on_attempt_result(t, status_only(503), 0.0);
    BOOST_TEST(d.retry);
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
    BOOST_TEST(!d.retry);
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
        BOOST_TEST_REQUIRE(d.retry);
    }
    BOOST_TEST(s.available_tokens() == 0u);
    const auto d = s.on_attempt_result(t, status_only(500), 0.0);
    BOOST_TEST(!d.retry);
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
    BOOST_TEST(s.on_transport_failure(w, cv::transport_failure::dns, 0.0).retry);
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
    BOOST_TEST(!d.retry);
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
    BOOST_TEST(d.retry);
    BOOST_TEST((d.failure == cv::retry_class::throttling));
    BOOST_TEST(d.delay.count() == 500); // throttling base
    fail = std::unexpected(status_only(500));
    d = s.on_attempt_result(t, fail, almost_one);
    BOOST_TEST(d.delay.count() == 200); // ordinary base, second retry: 100 * 2
    const std::expected<int, cv::error> ok = 7;
    d = s.on_attempt_result(t, ok, 0.0);
    BOOST_TEST(!d.retry);
    BOOST_TEST(d.succeeded);
    BOOST_TEST((d.reason == cv::give_up_reason::none));
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

// ----------------------------------------------------------------- headers

BOOST_AUTO_TEST_CASE(invocation_id_validation) {
    BOOST_TEST(cv::is_valid_invocation_id("b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60"));
    BOOST_TEST(cv::is_valid_invocation_id("B4C6A1A6-2D4F-4D8E-9F0A-1B2C3D4E5F60"));
    for (std::string_view bad : {"", "b4c6a1a62d4f4d8e9f0a1b2c3d4e5f60", "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6",
                                 "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f600", "g4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60",
                                 "b4c6a1a6_2d4f-4d8e-9f0a-1b2c3d4e5f60", "{4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6}",
                                 "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6\n"})
        BOOST_TEST(!cv::is_valid_invocation_id(bad), bad);
}

BOOST_AUTO_TEST_CASE(make_invocation_id_is_a_version_4_uuid) {
    const auto id = cv::make_invocation_id(0, 0);
    BOOST_TEST(id == "00000000-0000-4000-8000-000000000000");
    const auto all = cv::make_invocation_id(~std::uint64_t{0}, ~std::uint64_t{0});
    BOOST_TEST(all == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    const auto x = cv::make_invocation_id(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
    BOOST_TEST(x == "01234567-89ab-4def-bedc-ba9876543210");
    BOOST_TEST(cv::is_valid_invocation_id(x));
}

BOOST_AUTO_TEST_CASE(apply_attempt_headers_sets_and_replaces) {
    cv::http_request r;
    r.method = "POST";
    r.headers = {{"Content-Type", "application/json"},
                 {"AMZ-SDK-Request", "attempt=1; max=3"},
                 {"Authorization", "AWS4-HMAC-SHA256 stale"},
                 {"amz-sdk-invocation-id", "00000000-0000-4000-8000-000000000000"}};
    const std::string id = "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60";
    BOOST_TEST(cv::apply_attempt_headers(r, id, 2, 3).has_value());
    BOOST_TEST(r.headers.size() == 3u);
    BOOST_TEST(r.find_header("authorization") == nullptr); // stale signature removed
    BOOST_TEST_REQUIRE(r.find_header("amz-sdk-request") != nullptr);
    BOOST_TEST(r.find_header("amz-sdk-request")->value == "attempt=2; max=3");
    BOOST_TEST(r.find_header("amz-sdk-invocation-id")->value == id);
    BOOST_TEST(r.find_header("content-type")->value == "application/json");
    BOOST_TEST(cv::apply_attempt_headers(r, id, 3, 3).has_value());
    BOOST_TEST(r.headers.size() == 3u);
    BOOST_TEST(r.find_header("amz-sdk-request")->value == "attempt=3; max=3");
}

BOOST_AUTO_TEST_CASE(apply_attempt_headers_rejects_bad_input) {
    cv::http_request r;
    r.headers = {{"x", "y"}};
    const std::string good = "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60";
    for (auto [id, a, m] : {std::tuple<std::string_view, std::uint32_t, std::uint32_t>{"nope", 1, 3},
                            {good, 0, 3}, {good, 4, 3}, {good, 1, 0},
                            {"b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6\r", 1, 3}}) {
        const auto res = cv::apply_attempt_headers(r, id, a, m);
        BOOST_TEST_REQUIRE(!res.has_value());
        BOOST_TEST((res.error().category == cv::error_category::validation));
    }
    BOOST_TEST(r.headers.size() == 1u); // unchanged
}

BOOST_AUTO_TEST_CASE(extreme_settings_do_not_overflow) {
    // A cap at the top of the range: the result stays within it.
    const auto big = milliseconds::max();
    BOOST_TEST(cv::backoff_delay(1000, almost_one, milliseconds{1}, big).count() > 0);
    BOOST_TEST(cv::backoff_delay(1000, almost_one, milliseconds{1}, big) <= big);
    BOOST_TEST(cv::backoff_delay(5, almost_one, milliseconds{-5}, milliseconds{1000}).count() == 0);
    BOOST_TEST(cv::backoff_delay(5, almost_one, milliseconds{100}, milliseconds{-1}).count() == 0);
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
    BOOST_TEST(d.retry);
    BOOST_TEST(d.delay.count() > 0);
}

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
