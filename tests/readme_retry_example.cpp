// SPDX-License-Identifier: BSL-1.0
// The send loop with retries shown in README.md ("Retries and clock skew"),
// compiled and run as a test against a stand-in transport that answers 429,
// then a 503, then 200. The block between the markers must appear in
// README.md verbatim (readme_example_is_current checks it).
#include <chime_voice.hpp>

#include <cstdint>
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
std::vector<std::string> attempt_headers;
// Stand-in transport: nullopt would mean "connection reset".
std::optional<reply> send(const chime_voice::http_request& req) {
    attempt_headers.push_back(req.find_header("amz-sdk-request")->value);
    switch (++calls) {
    case 1: return reply{429, {{"X-Amzn-Errortype", "ThrottledClientException"}}, R"({"Message":"slow down"})"};
    case 2: return std::nullopt;
    default: return reply{200, {{"x-amzn-RequestId", "req-3"}}, R"({"PhoneNumberErrors":[]})"};
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
    cv::retry_strategy retries;                      // keep one per client: it holds the retry quota
    cv::sigv4::signing_key_cache key_cache;          // and the derived signing key
    std::chrono::seconds clock_offset{0};            // learned from the service's Date header

    auto request = cv::serialize_request(input, config);
    if (!request) return 2;
    auto token = retries.begin();
    const auto invocation_id = cv::make_invocation_id(rng(), rng());
    for (;;) {
        // Every attempt is re-signed: its amz-sdk-request header and X-Amz-Date change.
        (void)cv::apply_attempt_headers(*request, invocation_id, token.attempt(), retries.max_attempts());
        const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
        cv::sigv4::signing_params signing;
        signing.region = config.region;
        signing.time = now + clock_offset;
        signing.key_cache = &key_cache;
        if (auto s = cv::sigv4::sign(*request, creds, signing); !s) { std::cerr << s.error() << '\n'; return 2; }

        const double jitter = std::uniform_real_distribution<double>(0.0, 1.0)(rng);
        auto reply = my_http::send(*request);
        if (!reply) {                                // connection reset, timeout, ...
            auto d = retries.on_transport_failure(token, cv::transport_failure::connection_reset, jitter);
            if (!d) { std::cerr << "giving up: " << cv::to_string(d.reason) << '\n'; return 2; }
            my_http::sleep_for(d.delay);
            continue;
        }
        std::vector<std::pair<std::string_view, std::string_view>> headers(reply->headers.begin(),
                                                                           reply->headers.end());
        const cv::http_response_view view{reply->status, headers, reply->body};
        auto result = cv::parse_batch_delete_phone_number_response(view);
        if (!result)
            if (auto fix = cv::clock_skew_correction(view, now + clock_offset, &result.error())) clock_offset += *fix;
        auto d = retries.on_attempt_result(token, result, jitter, &view);
        if (d) { my_http::sleep_for(d.delay); continue; }
        if (!result) {
            std::cerr << result.error() << " (gave up: " << cv::to_string(d.reason) << ")\n";
            return 2;
        }
        std::cout << result->phone_number_errors.size() << " per-number errors, request id "
                  << result->metadata.request_id << " after " << token.attempt() << " attempts\n";
        break;
    }
    // README end

    int failures = 0;
    if (my_http::calls != 3) ++failures;
    if (my_http::attempt_headers != std::vector<std::string>{"attempt=1; max=3", "attempt=2; max=3", "attempt=3; max=3"})
        ++failures;
    if (retries.available_tokens() != 500 - 5) ++failures; // the throttle cost 5, the success refunded the reset's 5
    std::cout << (failures ? 0 : 1) << " passed, " << failures << " failed\n";
    return failures ? EXIT_FAILURE : exit_code;
}
