// SPDX-License-Identifier: BSL-1.0
// benchmarks/size_probe.cpp — the smallest useful program: serialize a
// BatchDeletePhoneNumber request, sign it, parse a response. benchmarks/run
// reports its stripped size (-O2, strip). Inputs come from argv so nothing
// is folded away at compile time; it prints the Authorization header and
// the number of per-number errors.
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/sigv4.hpp>

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

int main(int argc, char** argv) {
    namespace cv = chime_voice;
    cv::batch_delete_phone_number_request req;
    for (int i = 1; i < argc; ++i) req.phone_number_ids.emplace_back(argv[i]);
    if (req.phone_number_ids.empty()) req.phone_number_ids = {"+12065550100", "+12065550101"};

    cv::client_config cfg;
    cfg.region = "us-east-1";
    auto r = cv::serialize_request(req, cfg);
    if (!r) return std::fprintf(stderr, "%s\n", r.error().message.c_str()), 1;

    const cv::sigv4::signing_params p{r->signing,
                                      std::chrono::time_point_cast<std::chrono::seconds>(std::chrono::system_clock::now())};
    const cv::credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    if (auto s = cv::sigv4::sign(*r, creds, p); !s) return std::fprintf(stderr, "%s\n", s.error().message.c_str()), 1;
    std::printf("%s\n", r->find_header("authorization")->value.c_str());

    const std::string body = "{\"PhoneNumberErrors\":[{\"PhoneNumberId\":\"" + req.phone_number_ids[0] +
                             "\",\"ErrorCode\":\"NotFound\",\"ErrorMessage\":\"not found\"}]}";
    const std::pair<std::string_view, std::string_view> headers[] = {{"x-amzn-RequestId", "probe"}};
    auto out = cv::parse_batch_delete_phone_number_response({200, headers, body});
    if (!out) return std::fprintf(stderr, "%s\n", out.error().message.c_str()), 1;
    std::printf("%zu\n", out->phone_number_errors.size());
    return 0;
}
