// SPDX-License-Identifier: BSL-1.0
// benchmarks/profile_codec.cpp — loops of serialize_request and of the
// response parser for profilers (valgrind --tool=callgrind, perf). Not a
// benchmark: no timing. Instructions per operation are the callgrind total
// divided by the iterations (the set-up is a few thousand instructions).
//
//   profile_codec serialize <ids> [iterations]   — serialize_request of <ids> IDs
//   profile_codec parse <errors> [iterations]    — a 200 with <errors> PhoneNumberErrors
// Example (see docs/performance.md):
//   valgrind --tool=callgrind --callgrind-out-file=cg.ser.out build-bench/benchmarks/profile_codec serialize 1000 200
#include <chime_voice/batch_delete_phone_number.hpp>

#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>

namespace {

std::string phone_id(int i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "+1206555%04d", i % 10000);
    return buf;
}

} // namespace

int main(int argc, char** argv) {
    namespace cv = chime_voice;
    const std::string_view mode = argc > 1 ? argv[1] : "serialize";
    const int items = argc > 2 ? std::atoi(argv[2]) : 1000;
    const long n = argc > 3 ? std::atol(argv[3]) : 200;
    std::size_t checksum = 0;
    if (mode == "serialize") {
        cv::batch_delete_phone_number_request req;
        for (int i = 0; i < items; ++i) req.phone_number_ids.push_back(phone_id(i));
        cv::client_config cfg;
        cfg.region = "us-east-1";
        for (long k = 0; k < n; ++k) {
            auto r = cv::serialize_request(req, cfg);
            if (!r) return 1;
            checksum += r->body.size();
        }
    } else {
        // The same body as bench_serialize_parse's parse/200/<errors>.
        static constexpr const char* codes[] = {"NotFound", "Conflict", "PhoneNumberAssociationsExist", "BadRequest"};
        std::string b = "{\"PhoneNumberErrors\":[";
        for (int i = 0; i < items; ++i) {
            if (i) b += ',';
            b += "{\"PhoneNumberId\":\"" + phone_id(i) + "\",\"ErrorCode\":\"" + codes[i % 4] +
                 "\",\"ErrorMessage\":\"Phone number " + phone_id(i) + " cannot be deleted: " + codes[i % 4] + ".\"}";
        }
        b += "]}";
        const std::pair<std::string_view, std::string_view> headers[] = {
            {"Content-Type", "application/json"}, {"x-amzn-RequestId", "4f2c1b7e-3d4a-4b7f-9c1e-8a6b5d3c2e1f"}};
        const cv::http_response_view view{200, headers, b};
        for (long k = 0; k < n; ++k) {
            auto r = cv::parse_batch_delete_phone_number_response(view);
            if (!r) return 1;
            checksum += r->phone_number_errors.size();
        }
    }
    std::printf("%s x%ld checksum %zu\n", std::string(mode).c_str(), n, checksum);
    return 0;
}
