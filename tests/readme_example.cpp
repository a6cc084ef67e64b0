// SPDX-License-Identifier: BSL-1.0
// The usage example shown in README.md, compiled and run as a test. The
// block between the markers must appear in README.md verbatim
// (readme_example_is_current checks it). The stand-in transport answers like
// the service does for one queued number and one unknown number.
#include <chime_voice.hpp>

#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace my_http {
struct reply {
    int status;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
};
// Stand-in for your HTTP client (libcurl, Boost.Beast, ...).
reply send(const chime_voice::http_request& req) {
    if (req.method != "POST" || req.target() != "/phone-numbers?operation=batch-delete" ||
        !req.find_header("authorization"))
        return {400, {}, "{}"};
    return {200,
            {{"x-amzn-RequestId", "6d2a1f3e-0000-4000-8000-000000000001"}},
            R"({"PhoneNumberErrors":[{"PhoneNumberId":"+12065550101","ErrorCode":"NotFound",)"
            R"("ErrorMessage":"Phone number not found"}]})"};
}
} // namespace my_http

int main() {
    int failures = 0;
    // README begin
    namespace cv = chime_voice;

    cv::client_config config;
    config.region = "us-east-1";
    cv::credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    cv::batch_delete_phone_number_request input{{"+12065550100", "+12065550101"}};

    auto request = cv::serialize_request(input, config);           // validate + endpoint + JSON
    if (!request) { std::cerr << request.error() << '\n'; return 2; }

    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    const cv::sigv4::signing_params signing{request->signing, now};  // scope from the endpoint: us-east-1/chime
    if (auto s = cv::sigv4::sign(*request, creds, signing); !s) { std::cerr << s.error() << '\n'; return 2; }

    my_http::reply reply = my_http::send(*request);                // your transport, your thread

    cv::header_field_list headers(reply.headers.begin(), reply.headers.end()); // views of your strings
    auto result = cv::parse_batch_delete_phone_number_response({reply.status, headers, reply.body});
    if (!result) {                                                  // service error or unreadable reply
        std::cerr << result.error() << '\n';                        // type, Code, status, request id
        return 2;
    }
    for (const auto& e : result->phone_number_errors)               // a 200 can carry per-number failures
        std::cout << e.phone_number_id << ": " << e.error_code_raw << " " << e.error_message << '\n';
    // README end

    // What the example must have produced (checked so the test can fail).
    if (result->phone_number_errors.size() != 1) ++failures;
    else if (result->phone_number_errors[0].code != cv::error_code::not_found) ++failures;
    if (result->metadata.request_id != "6d2a1f3e-0000-4000-8000-000000000001") ++failures;
    std::cout << (failures ? 0 : 1) << " passed, " << failures << " failed\n";
    return failures ? EXIT_FAILURE : EXIT_SUCCESS;
}
