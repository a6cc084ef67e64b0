// SPDX-License-Identifier: BSL-1.0
// Tests for clock_skew.hpp: the 2026 cross-SDK clock-skew rules, driven by
// all cases of clock-skew-test-cases.json (aws-sdk-go-v2
// aws/middleware/testdata, vendored under the test-data folder's
// clock-skew/), plus regression tests for hostile Date headers, the
// plausibility window, the opt-out, and the skew-error code lists.
#include <chime_voice/clock_skew.hpp>

#define BOOST_TEST_MODULE clock_skew
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chime_voice/retry/standard.hpp>

#include "retry_test_util.hpp"

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iterator>
#include <optional>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cv = chime_voice;
namespace json = boost::json;
using namespace std::chrono;
using retry_test::service_error;

namespace {

/// "2026-01-01T00:00:00Z" (the only form the case file uses).
sys_seconds iso(std::string_view s) {
    BOOST_TEST_REQUIRE(s.size() == 20u, s);
    auto num = [&](std::size_t pos, std::size_t n) {
        int v = 0;
        for (std::size_t i = pos; i < pos + n; ++i) v = v * 10 + (s[i] - '0');
        return v;
    };
    const year_month_day ymd{year{num(0, 4)}, month{static_cast<unsigned>(num(5, 2))},
                             day{static_cast<unsigned>(num(8, 2))}};
    return sys_days{ymd} + hours{num(11, 2)} + minutes{num(14, 2)} + seconds{num(17, 2)};
}

const sys_seconds t2026 = sys_days{year{2026} / January / 1}; // Thu, 01 Jan 2026 00:00:00 GMT

json::value load_cases() {
    const std::string path = std::string(CHIME_VOICE_TESTDATA_DIR) + "/clock-skew/clock-skew-test-cases.json";
    std::ifstream f(path, std::ios::binary);
    BOOST_TEST_REQUIRE(f.good(), "cannot read " << path);
    std::stringstream ss;
    ss << f.rdbuf();
    return json::parse(ss.str());
}

} // namespace

// ------------------------------------------------------- the 10 SEP cases

// Each test is one client: one clock_skew_state carried across its
// operations. Each operation is one call through a standard retry strategy
// (maxAttempts from the file, else 3); each attempt is signed with
// skew.signing_time(clientTimeAtSend), its response updates the skew, and
// judge_signing_clock + the strategy decide whether the next listed
// attempt is sent. Checked: signing time per attempt, the number of
// attempts, the outcome, and the learned skew after the operation.
BOOST_AUTO_TEST_CASE(cross_sdk_clock_skew_cases) {
    const json::value doc = load_cases();
    const auto& tests = doc.at("tests").as_array();
    BOOST_TEST(tests.size() == 10u);
    int passed = 0;
    for (const auto& tv : tests) {
        const auto& test = tv.as_object();
        const std::string desc(test.at("description").as_string());
        BOOST_TEST_CONTEXT(desc) {
            const auto& ops = test.at("operations").as_array();
            const auto first_initial = ops.at(0).as_object().at("initialClientSkew").to_number<std::int64_t>();
            cv::clock_skew_state skew(cv::clock_skew_settings{}, seconds{first_initial});
            bool ok = true;
            for (std::size_t oi = 0; oi < ops.size(); ++oi) {
                const auto& op = ops[oi].as_object();
                BOOST_TEST(skew.offset().count() == op.at("initialClientSkew").to_number<std::int64_t>(),
                           "operation " << oi << " starts from the carried skew");
                cv::retry_config cfg;
                if (const auto* m = op.if_contains("maxAttempts")) cfg.max_attempts = m->to_number<std::uint32_t>();
                cv::retry_strategy strategy(cfg);
                auto token = strategy.begin();
                const auto& attempts = op.at("attempts").as_array();
                cv::retry_decision last;
                std::size_t sent = 0;
                for (std::size_t ai = 0; ai < attempts.size(); ++ai) {
                    const auto& at = attempts[ai].as_object();
                    const auto send = iso(at.at("clientTimeAtSend").as_string());
                    const auto recv = iso(at.at("clientTimeAtReceive").as_string());
                    const seconds used = skew.offset();
                    const bool signing_ok =
                        skew.signing_time(send) == iso(at.at("expectedSigningTime").as_string());
                    BOOST_TEST(signing_ok, "operation " << oi << " attempt " << ai << ": signing time");
                    ok = ok && signing_ok;
                    ++sent;

                    const auto& resp = at.at("response").as_object();
                    const int status = resp.at("statusCode").to_number<int>();
                    std::vector<std::pair<std::string, std::string>> headers;
                    for (const auto& [k, v] : resp.at("headers").as_object())
                        headers.emplace_back(std::string(k), std::string(v.as_string()));
                    retry_test::response r(status, std::move(headers));
                    const auto view = r.view();
                    const auto seen = skew.update(view, send, recv);
                    if (status >= 200 && status < 300) {
                        last = strategy.on_success(token);
                    } else {
                        const auto* code = resp.if_contains("errorCode");
                        const auto err = service_error(code ? std::string(code->as_string()) : std::string(), status);
                        const auto clock = cv::judge_signing_clock(err, seen, used);
                        last = strategy.on_attempt_result(token, err, 0.5, &view, clock);
                    }
                    if (!last.should_retry()) break;
                }
                const bool all_sent = sent == attempts.size() && !last.should_retry();
                BOOST_TEST(all_sent, "operation " << oi << ": sent " << sent << " of " << attempts.size()
                                                  << " listed attempts, then " << cv::to_string(last.action));
                const std::string expected(op.at("expectedOutcome").as_string());
                const bool outcome_ok = (expected == "success") == last.is_done();
                BOOST_TEST(outcome_ok, "operation " << oi << ": outcome " << expected);
                const bool skew_ok = skew.offset().count() == op.at("expectedClientSkew").to_number<std::int64_t>();
                BOOST_TEST(skew_ok, "operation " << oi << ": learned skew " << skew.offset().count());
                ok = ok && all_sent && outcome_ok && skew_ok;
            }
            if (ok) ++passed;
        }
    }
    BOOST_TEST_MESSAGE("cross-SDK clock-skew cases: " << passed << " of " << tests.size() << " passed");
    BOOST_TEST(passed == 10);
}

// ------------------------------------------------- hostile Date headers

namespace {

// A 403 refusing the signature for its time, as a peer could send it.
cv::error signature_expired() {
    auto e = service_error("InvalidSignatureException", 403);
    e.message = "Signature expired: 20260101T000000Z is now earlier than 20260101T000500Z";
    return e;
}

void hostile_date_is_ignored(const std::string& date, const cv::error& err) {
    cv::retry_strategy strategy;
    cv::clock_skew_state skew;
    const auto sent = t2026, received = t2026 + seconds{1};
    auto token = strategy.begin();
    retry_test::response r(403, {{"Date", date}});
    const auto seen = skew.update(r.view(), sent, received);
    BOOST_TEST(seen.server_date.has_value(), "the Date parses, so it can be reported");
    BOOST_TEST((seen.status == cv::skew_status::implausible_date));
    BOOST_TEST(!seen.trusted());
    BOOST_TEST(!seen.skew.has_value());
    BOOST_TEST_REQUIRE(seen.apparent_skew.has_value());
    BOOST_TEST((seen.apparent_skew->count() > 86'400 || seen.apparent_skew->count() < -86'400));
    // Never applied: the offset stays 0 and the next attempt signs at the local time.
    BOOST_TEST(skew.offset().count() == 0);
    BOOST_TEST((skew.signing_time(received) == received));
    // Not retried as clock skew either (it would fail the same way).
    const auto clock = cv::judge_signing_clock(err, seen, seconds{0});
    BOOST_TEST((clock == cv::signing_clock::not_at_fault));
    const auto d = strategy.on_attempt_result(token, err, 0.5, nullptr, clock);
    BOOST_TEST(d.gave_up());
    BOOST_TEST((d.reason == cv::give_up_reason::not_retryable));
}

} // namespace

// Finding: "Date: Sat, 01 Jan 0000 00:00:00 GMT" on a 403 "Signature
// expired" moved the signing clock by -63,963,378,195 s.
BOOST_AUTO_TEST_CASE(regression_hostile_date_year_0000_is_ignored) {
    hostile_date_is_ignored("Sat, 01 Jan 0000 00:00:00 GMT", signature_expired());
    hostile_date_is_ignored("Sat, 01 Jan 0000 00:00:00 GMT", service_error("RequestTimeTooSkewed", 403));
    retry_test::response r(403, {{"Date", "Sat, 01 Jan 0000 00:00:00 GMT"}});
    const auto seen = cv::observe_clock_skew(r.view(), t2026, t2026);
    // What the old code would have applied: about -2026 years.
    BOOST_TEST(seen.apparent_skew->count() == -(sys_seconds{t2026} - sys_days{year{0} / January / 1}).count());
}

// Finding: "Date: Fri, 31 Dec 9999 ..." made every retry sign in year 9999.
BOOST_AUTO_TEST_CASE(regression_hostile_date_year_9999_is_ignored) {
    hostile_date_is_ignored("Fri, 31 Dec 9999 23:59:59 GMT", signature_expired());
    hostile_date_is_ignored("Fri, 31 Dec 9999 23:59:59 GMT", service_error("RequestExpired", 400));
    // A success carrying it does not move the clock either.
    cv::clock_skew_state skew;
    retry_test::response ok(200, {{"Date", "Fri, 31 Dec 9999 23:59:59 GMT"}});
    BOOST_TEST(!skew.update(ok.view(), t2026, t2026).trusted());
    BOOST_TEST(skew.offset().count() == 0);
}

BOOST_AUTO_TEST_CASE(plausibility_window_is_24_hours_and_adjustable) {
    BOOST_TEST(cv::clock_skew_settings{}.max_plausible_skew.count() == 86'400);
    auto seen_with = [](std::string date, const cv::clock_skew_settings& s = {}) {
        retry_test::response r(200, {{"Date", std::move(date)}});
        return cv::observe_clock_skew(r.view(), t2026, t2026, s);
    };
    // A clock set to local time instead of UTC in UTC+14: 14 h, learned.
    BOOST_TEST(seen_with("Thu, 01 Jan 2026 14:00:00 GMT").skew.value().count() == 14 * 3600);
    BOOST_TEST(seen_with("Wed, 31 Dec 2025 12:00:00 GMT").skew.value().count() == -12 * 3600);
    BOOST_TEST(seen_with("Fri, 02 Jan 2026 00:00:00 GMT").trusted()); // exactly 24 h: inside
    BOOST_TEST((seen_with("Fri, 02 Jan 2026 00:00:01 GMT").status == cv::skew_status::implausible_date));
    BOOST_TEST((seen_with("Tue, 30 Dec 2025 23:59:59 GMT").status == cv::skew_status::implausible_date));
    // A device known to be far off (no RTC, booted at the epoch) raises the bound.
    cv::clock_skew_settings wide;
    wide.max_plausible_skew = hours{24 * 366 * 100};
    retry_test::response r(200, {{"Date", "Thu, 01 Jan 2026 00:00:00 GMT"}});
    const auto epoch_device = cv::observe_clock_skew(r.view(), sys_seconds{}, sys_seconds{}, wide);
    BOOST_TEST(epoch_device.trusted());
    BOOST_TEST(epoch_device.skew.value().count() == t2026.time_since_epoch().count());
}

// --------------------------------------------------------------- the rules

BOOST_AUTO_TEST_CASE(skew_is_date_minus_midpoint) {
    retry_test::response r(200, {{"Date", "Thu, 01 Jan 2026 00:05:01 GMT"}});
    // sent 00:00:00, received 00:00:02: midpoint 00:00:01, skew 300.
    BOOST_TEST(cv::observe_clock_skew(r.view(), t2026, t2026 + seconds{2}).skew.value().count() == 300);
    // Millisecond times: midpoint 00:00:00.750, skew 300.25 -> 300.
    const cv::local_time_ms s{t2026}, e{t2026 + milliseconds{1'500}};
    BOOST_TEST(cv::observe_clock_skew(r.view(), s, e).skew.value().count() == 300);
    // Errors teach the skew too (the state does not look at the status).
    cv::clock_skew_state skew;
    retry_test::response err(503, {{"Date", "Wed, 31 Dec 2025 23:50:00 GMT"}});
    BOOST_TEST(skew.update(err.view(), t2026, t2026).trusted());
    BOOST_TEST(skew.offset().count() == -600);
}

BOOST_AUTO_TEST_CASE(round_trip_over_15_minutes_or_negative_is_not_trusted) {
    retry_test::response r(200, {{"Date", "Thu, 01 Jan 2026 00:10:00 GMT"}});
    BOOST_TEST(cv::observe_clock_skew(r.view(), t2026, t2026 + minutes{15}).trusted()); // exactly 15: trusted
    BOOST_TEST((cv::observe_clock_skew(r.view(), t2026, t2026 + minutes{15} + seconds{1}).status ==
                cv::skew_status::slow_round_trip));
    BOOST_TEST((cv::observe_clock_skew(r.view(), t2026, t2026 - seconds{1}).status ==
                cv::skew_status::slow_round_trip));
}

BOOST_AUTO_TEST_CASE(missing_unparsable_and_cached_dates) {
    retry_test::response none(403, {});
    BOOST_TEST((cv::observe_clock_skew(none.view(), t2026, t2026).status == cv::skew_status::no_date));
    for (const char* bad : {"yesterday", "Sun, 31 Feb 2026 00:00:00 GMT", "Thu, 01 Jan 2026 00:00:00 UTC",
                            "thu, 01 jan 2026 00:00:00 gmt", "", "Fri, 01 Jan 2026 00:00:00 GMT"}) {
        retry_test::response r(403, {{"Date", bad}});
        const auto seen = cv::observe_clock_skew(r.view(), t2026, t2026);
        BOOST_TEST((seen.status == cv::skew_status::unparsable_date), bad);
        BOOST_TEST(!seen.server_date.has_value(), bad);
    }
    retry_test::response cached(200, {{"Date", "Thu, 01 Jan 2026 00:10:00 GMT"}, {"Age", "3"}});
    BOOST_TEST((cv::observe_clock_skew(cached.view(), t2026, t2026).status == cv::skew_status::cached_response));
    cv::clock_skew_settings keep;
    keep.ignore_cached_responses = false;
    BOOST_TEST(cv::observe_clock_skew(cached.view(), t2026, t2026, keep).trusted());
    // Obsolete forms are read (RFC 9110 section 5.6.7).
    for (const char* old : {"Thursday, 01-Jan-26 00:10:00 GMT", "Thu Jan  1 00:10:00 2026"}) {
        retry_test::response r(200, {{"Date", old}});
        BOOST_TEST(cv::observe_clock_skew(r.view(), t2026, t2026).skew.value().count() == 600, old);
    }
}

BOOST_AUTO_TEST_CASE(possible_skew_threshold_is_four_minutes_inclusive) {
    const auto err = service_error("InvalidSignatureException", 400);
    auto judge = [&](const char* date, seconds used) {
        retry_test::response r(400, {{"Date", date}});
        return cv::judge_signing_clock(err, cv::observe_clock_skew(r.view(), t2026, t2026), used);
    };
    BOOST_TEST((judge("Thu, 01 Jan 2026 00:04:00 GMT", seconds{0}) == cv::signing_clock::skewed));
    BOOST_TEST((judge("Wed, 31 Dec 2025 23:56:00 GMT", seconds{0}) == cv::signing_clock::skewed));
    BOOST_TEST((judge("Thu, 01 Jan 2026 00:03:59 GMT", seconds{0}) == cv::signing_clock::not_at_fault));
    // Against the offset the attempt was signed with: a stale offset of
    // +300 while the clocks now agree is skew (signed 5 minutes off) ...
    BOOST_TEST((judge("Thu, 01 Jan 2026 00:00:00 GMT", seconds{300}) == cv::signing_clock::skewed));
    // ... and a correct offset is not (a wrong key refuses it again).
    BOOST_TEST((judge("Thu, 01 Jan 2026 00:05:00 GMT", seconds{300}) == cv::signing_clock::not_at_fault));
}

BOOST_AUTO_TEST_CASE(definite_skew_with_a_trusted_date_is_skew) {
    retry_test::response r(403, {{"Date", "Thu, 01 Jan 2026 00:01:00 GMT"}});
    const auto seen = cv::observe_clock_skew(r.view(), t2026, t2026);
    for (const char* c : {"RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"})
        BOOST_TEST((cv::judge_signing_clock(service_error(c, 403), seen, seconds{0}) == cv::signing_clock::skewed), c);
    // Not without a trusted Date.
    retry_test::response none(403, {});
    BOOST_TEST((cv::judge_signing_clock(service_error("RequestTimeTooSkewed", 403),
                                        cv::observe_clock_skew(none.view(), t2026, t2026), seconds{0}) ==
                cv::signing_clock::not_at_fault));
    // Other errors never are, however far off the Date.
    retry_test::response far(404, {{"Date", "Thu, 01 Jan 2026 10:00:00 GMT"}});
    const auto far_seen = cv::observe_clock_skew(far.view(), t2026, t2026);
    for (const char* c : {"NotFoundException", "ThrottledClientException", "ForbiddenException", ""})
        BOOST_TEST((cv::judge_signing_clock(service_error(c, 404), far_seen, seconds{0}) ==
                    cv::signing_clock::not_at_fault), c);
    BOOST_TEST((cv::judge_signing_clock(cv::error::make(cv::error_category::signing, "x"), far_seen, seconds{0}) ==
                cv::signing_clock::not_at_fault));
}

BOOST_AUTO_TEST_CASE(code_lists) {
    using k = cv::clock_skew_error_kind;
    for (const char* c : {"RequestTimeTooSkewed", "RequestExpired", "RequestInTheFuture"})
        BOOST_TEST((cv::classify_clock_skew_error(service_error(c, 403)) == k::definite), c);
    for (const char* c : {"InvalidSignatureException", "SignatureDoesNotMatch", "AuthFailure", "AccessDeniedException"})
        BOOST_TEST((cv::classify_clock_skew_error(service_error(c, 403)) == k::possible), c);
    for (const char* c : {"requesttimetooskewed", "ForbiddenException", "UnauthorizedClientException", "", "Throttling"})
        BOOST_TEST((cv::classify_clock_skew_error(service_error(c, 403)) == k::none), c);
    BOOST_TEST(cv::is_clock_skew_error(service_error("AuthFailure", 401)));
    BOOST_TEST(!cv::is_clock_skew_error(cv::error::make(cv::error_category::validation, "RequestExpired")));
    BOOST_TEST(cv::to_string(cv::skew_status::implausible_date) == "implausible_date");
}

BOOST_AUTO_TEST_CASE(opt_out_disables_learning_and_judging) {
    cv::clock_skew_settings off;
    off.enabled = false; // AWS_DISABLE_CLOCK_SKEW_CORRECTION=true, once the settings code reads it
    cv::clock_skew_state skew(off, seconds{300});
    BOOST_TEST(skew.offset().count() == 0); // an initial value is not applied either
    retry_test::response r(403, {{"Date", "Thu, 01 Jan 2026 00:10:00 GMT"}});
    const auto seen = skew.update(r.view(), t2026, t2026);
    BOOST_TEST((seen.status == cv::skew_status::disabled));
    BOOST_TEST(skew.offset().count() == 0);
    BOOST_TEST((skew.signing_time(t2026) == t2026));
    BOOST_TEST((cv::judge_signing_clock(service_error("RequestTimeTooSkewed", 403), seen, seconds{0}, off) ==
                cv::signing_clock::not_at_fault));
    // Even a trusted observation from elsewhere is not recorded.
    const auto trusted = cv::observe_clock_skew(r.view(), t2026, t2026);
    BOOST_TEST(!skew.record(trusted));
    BOOST_TEST(skew.offset().count() == 0);
}

BOOST_AUTO_TEST_CASE(default_settings_are_the_2026_rules) {
    const cv::clock_skew_settings s;
    BOOST_TEST(s.enabled);
    BOOST_TEST(s.max_round_trip.count() == 15 * 60);
    BOOST_TEST(s.possible_skew_threshold.count() == 4 * 60);
    BOOST_TEST(s.max_plausible_skew.count() == 24 * 3600);
    BOOST_TEST(s.ignore_cached_responses);
}
