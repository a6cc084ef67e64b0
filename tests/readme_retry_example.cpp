// SPDX-License-Identifier: BSL-1.0
// The send loop with retries shown in README.md ("Retries and clock skew"),
// compiled and run as a test against a stand-in transport whose server
// clock is 10 minutes ahead: it refuses the first attempt for its signing
// time (InvalidSignatureException with a Date), drops the connection on the
// second, and accepts the third. The block between the markers must appear
// in README.md verbatim (readme_retry_example_is_current checks it).
#include <chime_voice.hpp>

#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <random>
#include <string>
#include <utility>
#include <vector>

namespace my_http {
struct reply {
    int status;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};
int calls = 0;
std::vector<std::string> attempt_headers, signing_times;

// IMF-fixdate (RFC 9110 section 5.6.7) of the stand-in server's clock.
std::string server_date() {
    using namespace std::chrono;
    const auto t = floor<seconds>(system_clock::now()) + minutes{10};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{t - day};
    static const char* names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    char buf[40];
    std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", names[weekday{day}.c_encoding()],
                  static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                  static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                  static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
    return buf;
}

// Stand-in transport: nullopt would mean "connection reset".
std::optional<reply> send(const chime_voice::http_request& req) {
    attempt_headers.push_back(req.find_header("amz-sdk-request")->value);
    signing_times.push_back(req.find_header("x-amz-date")->value);
    switch (++calls) {
    case 1: return reply{400, {{"X-Amzn-Errortype", "InvalidSignatureException"}, {"Date", server_date()}},
                         R"({"message":"Signature expired"})"};
    case 2: return std::nullopt;
    default: return reply{200, {{"x-amzn-RequestId", "req-3"}, {"Date", server_date()}}, R"({"PhoneNumberErrors":[]})"};
    }
}
void sleep_for(std::chrono::milliseconds) {} // a real program sleeps here (or schedules a timer)
} // namespace my_http

int main() {
    namespace cv = chime_voice;
    cv::client_config config;
    config.region = "us-east-1";
    cv::credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    cv::batch_delete_phone_number_request input{{"+12065550100"}};
    std::mt19937_64 rng{42};
    int exit_code = 0;
    // README begin
    cv::retry_strategy retries;                      // keep one per client: it holds the retry quota,
    cv::clock_skew_state skew;                       // the clock skew learned from Date headers,
    cv::sigv4::signing_key_cache key_cache;          // and the derived signing key

    auto request = cv::serialize_request(input, config);
    if (!request) return 2;
    auto token = retries.begin();
    const auto invocation_id = cv::make_invocation_id(rng(), rng());
    for (;;) {
        // Every attempt is re-signed: its amz-sdk-request header and X-Amz-Date change.
        (void)cv::apply_attempt_headers(*request, invocation_id, token.attempt(), retries.max_attempts());
        const auto clock_offset = skew.offset();     // the skew this attempt is signed with
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        cv::sigv4::signing_params signing{request->signing, now + clock_offset}; // scope from the endpoint
        signing.key_cache = &key_cache;
        if (auto s = cv::sigv4::sign(*request, creds, signing); !s) { std::cerr << s.error() << '\n'; return 2; }

        const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        const auto sent = std::chrono::system_clock::now();
        auto reply = my_http::send(*request);
        const auto received = std::chrono::system_clock::now();
        if (!reply) {                                // connection reset, timeout, ...
            auto d = retries.on_transport_failure(token, cv::transport_failure::connection_reset, jitter);
            if (!d.should_retry()) { std::cerr << "giving up: " << cv::to_string(d.reason) << '\n'; return 2; }
            my_http::sleep_for(d.delay);
            continue;
        }
        cv::header_field_list headers(reply->headers.begin(), reply->headers.end()); // views of your strings
        const cv::http_response_view view{reply->status, headers, reply->body};
        // Every response with a Date, success or error, updates the skew (2026 rules).
        const auto seen = skew.update(view, sent, received);
        if (seen.status == cv::skew_status::implausible_date)
            std::cerr << "ignored an implausible Date: " << view.find_header("date").value_or("") << '\n';
        auto result = cv::parse_batch_delete_phone_number_response(view);
        const auto d = result ? retries.on_success(token)
                              : retries.on_attempt_result(token, result.error(), jitter, &view,
                                                          cv::judge_signing_clock(result.error(), seen, clock_offset));
        if (d.should_retry()) { my_http::sleep_for(d.delay); continue; }
        if (d.gave_up()) {
            std::cerr << result.error() << " (gave up: " << cv::to_string(d.reason) << ")\n";
            return 2;
        }
        std::cout << result->phone_number_errors.size() << " per-number errors, request id "
                  << result->metadata.request_id << " after " << token.attempt() << " attempts, clock skew "
                  << skew.offset().count() << " s\n";
        break;
    }
    // README end

    int failures = 0;
    if (my_http::calls != 3) ++failures;
    if (my_http::attempt_headers != std::vector<std::string>{"attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"})
        ++failures;
    // The skew retry and the reset cost 5 each; the success refunded the last 5.
    if (retries.available_tokens() != 500 - 5) ++failures;
    // Learned about +600 s (the Date has 1 s resolution), and the retries were
    // signed with it: their X-Amz-Date differs from the first one's by ~10 min.
    const auto learned = skew.offset().count();
    if (learned < 598 || learned > 602) ++failures;
    auto amz_date = [](const std::string& v) { // YYYYMMDDTHHMMSSZ -> seconds
        using namespace std::chrono;
        auto n = [&](std::size_t p, std::size_t len) { return std::stoi(v.substr(p, len)); };
        const year_month_day ymd{year{n(0, 4)}, month{static_cast<unsigned>(n(4, 2))}, day{static_cast<unsigned>(n(6, 2))}};
        return (sys_days{ymd} + hours{n(9, 2)} + minutes{n(11, 2)} + seconds{n(13, 2)}).time_since_epoch().count();
    };
    if (my_http::signing_times.size() != 3) {
        ++failures;
    } else {
        for (int i : {1, 2}) {
            const auto ahead = amz_date(my_http::signing_times[i]) - amz_date(my_http::signing_times[0]);
            if (ahead < 590 || ahead > 610) ++failures;
        }
    }
    std::cout << (failures ? 0 : 1) << " passed, " << failures << " failed\n";
    return failures ? EXIT_FAILURE : exit_code;
}
