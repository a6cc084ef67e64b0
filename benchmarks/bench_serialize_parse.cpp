// SPDX-License-Identifier: BSL-1.0
// benchmarks/bench_serialize_parse.cpp — serialize_request, the response
// parser, and the whole serialize + sign + parse cycle.
//
//   serialize/<ids>            serialize_request(request of <ids> IDs, config us-east-1)
//                              (validation, endpoint resolution, body, headers)
//   parse/200/<errors>         parse_batch_delete_phone_number_response of a 200 whose
//                              body lists <errors> PhoneNumberErrors; bytes/s of body
//   parse/200_padded/100       100 errors plus a 64 KiB unknown member: allocations
//                              must match parse/200/100 (they follow errors, not bytes)
//   parse/400                  a BadRequestException (X-Amzn-Errortype + JSON body)
//   cycle/2ids                 serialize (2 IDs) + sign (key cache) + parse of a 200
//                              with an empty PhoneNumberErrors
#include "bench_common.hpp"

#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/sigv4.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace cv = chime_voice;

namespace {

constexpr std::chrono::sys_seconds signing_time =
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours{12} + std::chrono::minutes{34} +
    std::chrono::seconds{56};

std::string phone_id(int i) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "+1206555%04d", i % 10000);
    return buf;
}

cv::batch_delete_phone_number_request make_ids(int n) {
    cv::batch_delete_phone_number_request r;
    for (int i = 0; i < n; ++i) r.phone_number_ids.push_back(phone_id(i));
    return r;
}

cv::client_config config() {
    cv::client_config c;
    c.region = "us-east-1";
    return c;
}

/// A 200 body as the service writes it (compact JSON).
std::string ok_body(int errors, std::size_t padding = 0) {
    static constexpr const char* codes[] = {"NotFound", "Conflict", "PhoneNumberAssociationsExist", "BadRequest"};
    std::string b = "{\"PhoneNumberErrors\":[";
    for (int i = 0; i < errors; ++i) {
        if (i) b += ',';
        b += "{\"PhoneNumberId\":\"" + phone_id(i) + "\",\"ErrorCode\":\"" + codes[i % 4] +
             "\",\"ErrorMessage\":\"Phone number " + phone_id(i) + " cannot be deleted: " + codes[i % 4] + ".\"}";
    }
    b += ']';
    if (padding) b += ",\"Padding\":\"" + std::string(padding, 'x') + '"';
    b += '}';
    return b;
}

const std::pair<std::string_view, std::string_view> ok_headers[] = {
    {"Date", "Thu, 15 Jan 2026 12:34:57 GMT"},
    {"Content-Type", "application/json"},
    {"x-amzn-RequestId", "4f2c1b7e-3d4a-4b7f-9c1e-8a6b5d3c2e1f"},
};
const std::pair<std::string_view, std::string_view> error_headers[] = {
    {"Date", "Thu, 15 Jan 2026 12:34:57 GMT"},
    {"Content-Type", "application/json"},
    {"x-amzn-RequestId", "4f2c1b7e-3d4a-4b7f-9c1e-8a6b5d3c2e1f"},
    {"X-Amzn-Errortype", "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.chime/"},
};

void bm_serialize(benchmark::State& state) {
    const auto req = make_ids(static_cast<int>(state.range(0)));
    const auto cfg = config();
    const std::size_t body_bytes = cv::serialize_request(req, cfg)->body.size();
    bench::counted(state, [&] {
        auto r = cv::serialize_request(req, cfg);
        benchmark::DoNotOptimize(r);
    });
    // Throughput over the JSON body written (bytes/s of output).
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body_bytes));
    state.counters["body_bytes"] = static_cast<double>(body_bytes);
}

void bm_parse_ok(benchmark::State& state, std::size_t padding) {
    const int errors = static_cast<int>(state.range(0));
    const std::string body = ok_body(errors, padding);
    const cv::http_response_view view{200, ok_headers, body};
    {
        auto r = cv::parse_batch_delete_phone_number_response(view);
        if (!r || r->phone_number_errors.size() != static_cast<std::size_t>(errors)) {
            std::fprintf(stderr, "parse of the %d-error body failed\n", errors);
            std::abort();
        }
    }
    bench::counted(state, [&] {
        auto r = cv::parse_batch_delete_phone_number_response(view);
        benchmark::DoNotOptimize(r);
    });
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
    state.counters["body_bytes"] = static_cast<double>(body.size());
}

void bm_parse_error(benchmark::State& state) {
    const std::string body =
        "{\"Code\":\"BadRequest\",\"Message\":\"PhoneNumberIds must not contain duplicate values.\"}";
    const cv::http_response_view view{400, error_headers, body};
    {
        auto r = cv::parse_batch_delete_phone_number_response(view);
        if (r) std::abort();
    }
    bench::counted(state, [&] {
        auto r = cv::parse_batch_delete_phone_number_response(view);
        benchmark::DoNotOptimize(r);
    });
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * body.size()));
}

void bm_cycle(benchmark::State& state) {
    const auto req = make_ids(2);
    const auto cfg = config();
    const cv::credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    cv::sigv4::signing_key_cache cache;
    cv::sigv4::signing_params params;
    params.region = "us-east-1";
    params.service = "chime";
    params.time = signing_time;
    params.key_cache = &cache;
    const std::string body = "{\"PhoneNumberErrors\":[]}";
    const cv::http_response_view view{200, ok_headers, body};
    bench::counted(state, [&] {
        auto r = cv::serialize_request(req, cfg);
        auto s = cv::sigv4::sign(*r, creds, params);
        benchmark::DoNotOptimize(s);
        auto out = cv::parse_batch_delete_phone_number_response(view);
        benchmark::DoNotOptimize(out);
    });
}

void register_all() {
    bench::with_stats(benchmark::RegisterBenchmark("serialize", bm_serialize))->Arg(2)->Arg(100)->Arg(1000);
    bench::with_stats(benchmark::RegisterBenchmark("parse/200", bm_parse_ok, std::size_t{0}))
        ->Arg(0)->Arg(100)->Arg(1000);
    bench::with_stats(benchmark::RegisterBenchmark("parse/200_padded", bm_parse_ok, std::size_t{64 << 10}))->Arg(100);
    bench::with_stats(benchmark::RegisterBenchmark("parse/400", bm_parse_error));
    bench::with_stats(benchmark::RegisterBenchmark("cycle/2ids", bm_cycle));
}

} // namespace

int main(int argc, char** argv) {
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
