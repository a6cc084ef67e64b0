// SPDX-License-Identifier: BSL-1.0
// A consumer of chime-voice: builds, signs and parses one call with nothing
// but the public headers (umbrella header) and Boost.JSON/Boost.URL.
// Exits 0 when everything behaves as documented; prints what failed otherwise.
#include <chime_voice.hpp>

#include <chrono>
#include <iostream>
#include <string_view>
#include <utility>
#include <vector>

namespace {

int failures = 0;

void expect(bool ok, std::string_view what) {
    if (!ok) {
        std::cerr << "consumer: FAILED: " << what << '\n';
        ++failures;
    }
}

} // namespace

int main() {
    using namespace chime_voice;

    client_config config;
    config.region = "us-east-1";
    config.app_id = "consumer-test";
    auto ep = resolve_endpoint(config);
    expect(ep && ep->host == "voice-chime.us-east-1.amazonaws.com", "regional endpoint");

    batch_delete_phone_number_request input;
    input.phone_number_ids = {"+12065550100", "+12065550101"};
    auto req = serialize_request(input, config);
    expect(req.has_value(), "serialize_request");
    if (!req) return 1;
    expect(req->method == "POST" && req->target() == "/phone-numbers?operation=batch-delete", "request line");

    const sigv4::signing_params params{req->signing,
                                       std::chrono::sys_days{std::chrono::year{2024} / 1 / 2} + std::chrono::hours{3}};
    const credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    auto signed_ok = sigv4::sign(*req, creds, params);
    expect(signed_ok.has_value(), "sigv4::sign");
    const http_header* auth = req->find_header("authorization");
    expect(auth != nullptr &&
               auth->value.starts_with("AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20240102/us-east-1/chime/aws4_request"),
           "Authorization header");

    // Whatever sign() produced, verify() accepts at the same time.
    sigv4::verify_options vo;
    vo.region = "us-east-1";
    vo.service = "chime";
    expect(sigv4::verify(*req, creds, params.time, vo).has_value(), "sigv4::verify");

    const chime_voice::header_field_list headers{{"x-amzn-RequestId", "req-1"}};
    const std::string_view body =
        R"({"PhoneNumberErrors":[{"PhoneNumberId":"+12065550101","ErrorCode":"NotFound","ErrorMessage":"gone"}]})";
    auto parsed = parse_batch_delete_phone_number_response(http_response_view{200, headers, body});
    expect(parsed && parsed->phone_number_errors.size() == 1 &&
               parsed->phone_number_errors[0].code == error_code::not_found &&
               parsed->metadata.request_id == "req-1",
           "parse 200 with PhoneNumberErrors");

    const chime_voice::header_field_list err_headers{
        {"X-Amzn-Errortype", "ThrottledClientException"}};
    auto throttled = parse_batch_delete_phone_number_response(
        http_response_view{429, err_headers, R"({"Code":"Throttled","Message":"Rate exceeded"})"});
    expect(!throttled && throttled.error().kind == service_error_kind::throttled_client_exception &&
               classify(throttled.error()) == retry_class::throttling,
           "parse 429");

    auto prof = parse_profile("[profile x]\nregion = eu-west-1\n", shared_file_kind::config, "x");
    expect(prof && *prof && (*prof)->region == "eu-west-1", "parse_profile");

    if (failures == 0) std::cout << "consumer: OK (chime-voice " << library_version << ")\n";
    return failures == 0 ? 0 : 1;
}
