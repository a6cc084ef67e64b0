// SPDX-License-Identifier: BSL-1.0
// benchmarks/profile_sign.cpp — a loop of sigv4::sign for profilers
// (valgrind --tool=callgrind, perf). Not a benchmark: no timing.
//
//   profile_sign warm|cold|resign [iterations]
//
//   warm   — key cache kept across signs, each sign on a fresh serialize_request result
//   cold   — no key cache (the signing key is derived every time)
//   resign — the same request re-signed (key cache)
// Example (see docs/performance.md):
//   valgrind --tool=callgrind --callgrind-out-file=cg.out build-bench/benchmarks/profile_sign cold 20000
//   callgrind_annotate --inclusive=yes cg.out | head -60
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/sigv4.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

int main(int argc, char** argv) {
    namespace cv = chime_voice;
    const std::string_view mode = argc > 1 ? argv[1] : "warm";
    const long n = argc > 2 ? std::atol(argv[2]) : 20000;
    cv::batch_delete_phone_number_request req{{"+12065550100", "+12065550101"}};
    cv::client_config cfg;
    cfg.region = "us-east-1";
    const cv::credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    cv::sigv4::signing_key_cache cache;
    cv::sigv4::signing_params p;
    p.region = "us-east-1";
    p.service = "chime";
    p.time = std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours{12};
    if (mode != "cold") p.key_cache = &cache;

    // Requests are made up front so the profile shows signing only.
    const std::size_t pool = mode == "resign" ? 1 : 256;
    std::vector<cv::http_request> reqs;
    std::size_t checksum = 0;
    for (long done = 0; done < n;) {
        reqs.clear();
        for (std::size_t i = 0; i < pool; ++i) reqs.push_back(*cv::serialize_request(req, cfg));
        for (std::size_t i = 0; i < pool && done < n; ++i, ++done) {
            auto& r = reqs[mode == "resign" ? 0 : i];
            if (!cv::sigv4::sign(r, creds, p)) return 1;
            checksum += static_cast<unsigned char>(r.headers.back().value.back());
            if (mode == "resign") --i;
        }
    }
    std::printf("%s x%ld checksum %zu\n", std::string(mode).c_str(), n, checksum);
    return 0;
}
