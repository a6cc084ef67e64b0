// SPDX-License-Identifier: BSL-1.0
// Tests for retry/backoff.hpp: full-jitter exponential backoff bounds (AWS
// Architecture Blog "Exponential Backoff And Jitter"; base/cap values of
// @smithy/util-retry), x-amz-retry-after parsing (integer milliseconds) and
// its clamp to [t, t + 5 s] (botocore _RETRY_AFTER_MAX_ADDITIONAL, the
// aws-sdk-go-v2 2026 tests).
#include <chime_voice/retry/backoff.hpp>

#define BOOST_TEST_MODULE retry_backoff
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <limits>
#include <optional>
#include <string_view>

namespace cv = chime_voice;
using std::chrono::milliseconds;

namespace {
constexpr double almost_one = 1.0 - 0x1.0p-53;
}

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

BOOST_AUTO_TEST_CASE(retry_after_clamp) {
    const milliseconds t{50}, five_s{5'000};
    // aws-sdk-go-v2 retry2026_test.go: hint 0 -> the backoff (50 ms); hint
    // 10000 -> backoff + 5 s (5050 ms); hint 1500 within the window -> 1500.
    BOOST_TEST(cv::apply_retry_after(t, milliseconds{0}, five_s).count() == 50);
    BOOST_TEST(cv::apply_retry_after(t, milliseconds{10'000}, five_s).count() == 5'050);
    BOOST_TEST(cv::apply_retry_after(t, milliseconds{1'500}, five_s).count() == 1'500);
    BOOST_TEST(cv::apply_retry_after(t, std::nullopt, five_s).count() == 50);
    BOOST_TEST(cv::apply_retry_after(t, milliseconds{10'000}, milliseconds{-1}).count() == 50);
    // Saturates instead of wrapping.
    const auto big = milliseconds::max();
    BOOST_TEST((cv::apply_retry_after(big, big, big) == big));
    BOOST_TEST((cv::apply_retry_after(big - milliseconds{1}, big, big) == big));
}

BOOST_AUTO_TEST_CASE(legacy_delay_is_rand_times_two_to_the_n_seconds) {
    // botocore _retry.json: base "rand", growth_factor 2, no cap:
    // rand * 2^(attempts-1) seconds.
    const milliseconds one_s{1'000};
    for (std::uint32_t n = 1; n <= 4; ++n)
        BOOST_TEST(cv::backoff_delay(n, 0.5, one_s, milliseconds::max()).count() == 500LL << (n - 1), n);
    BOOST_TEST(cv::backoff_delay(4, almost_one, one_s, milliseconds::max()).count() == 8'000);
}

BOOST_AUTO_TEST_CASE(extreme_backoff_settings_do_not_overflow) {
    const auto big = milliseconds::max();
    BOOST_TEST(cv::backoff_delay(1000, almost_one, milliseconds{1}, big).count() > 0);
    BOOST_TEST(cv::backoff_delay(1000, almost_one, milliseconds{1}, big) <= big);
    BOOST_TEST(cv::backoff_delay(5, almost_one, milliseconds{-5}, milliseconds{1000}).count() == 0);
    BOOST_TEST(cv::backoff_delay(5, almost_one, milliseconds{100}, milliseconds{-1}).count() == 0);
}
