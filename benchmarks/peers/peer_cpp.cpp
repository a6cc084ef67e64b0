// SPDX-License-Identifier: BSL-1.0
// benchmarks/peers/peer_cpp.cpp — the C++ side of benchmarks/peers: writes
// the shared request fixture, and serves our signer and the OpenSSL-EVP
// reference (benchmarks/openssl_reference.hpp) over the peers' line protocol.
//
//   peer_cpp fixture FILE   write the fixture (JSON) that every peer signs
//   peer_cpp serve NAME     NAME: ours-warm | ours-cold | openssl-warm | openssl-cold
//
// The protocol every peer speaks (benchmarks/peers/README.md): after start-up
// the peer signs the fixture once and prints "AUTH <Authorization>"; then for
// each line "time N" on stdin it signs N fresh copies of the request and
// prints the process CPU time per sign in ns; it exits at end of input.
//
// One sign = a fresh request object made from the prepared one (here: a
// copy of the http_request that serialize_request returned, with its header
// headroom) + hashing the body + signing. warm: with a signing-key cache
// (ours: signing_key_cache; OpenSSL: a key derived once); cold: the key is
// derived every time.
#include "../openssl_reference.hpp"

#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/sigv4.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <iostream>
#include <string>
#include <string_view>

namespace cv = chime_voice;

namespace {

constexpr std::chrono::sys_seconds signing_time =
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours{12} + std::chrono::minutes{34} +
    std::chrono::seconds{56};
constexpr std::string_view access_key = "AKIDEXAMPLE";
constexpr std::string_view secret_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";

cv::http_request prepared_request() {
    cv::batch_delete_phone_number_request in{{"+12065550100", "+12065550101"}};
    cv::client_config cfg;
    cfg.region = "us-east-1";
    auto r = cv::serialize_request(in, cfg);
    if (!r) std::abort();
    return std::move(*r);
}

cv::sigv4::signing_params params_for(cv::sigv4::signing_key_cache* cache) {
    cv::sigv4::signing_params p;
    p.region = "us-east-1";
    p.service = "chime";
    p.time = signing_time;
    p.key_cache = cache;
    return p;
}

cv::http_request fresh_copy(const cv::http_request& prepared) {
    cv::http_request r(prepared);
    r.headers.reserve(prepared.headers.capacity()); // as serialize_request hands it over
    return r;
}

double process_cpu_ns() {
    timespec ts{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) * 1e9 + static_cast<double>(ts.tv_nsec);
}

int write_fixture(const char* path) {
    const auto req = prepared_request();
    auto signed_req = fresh_copy(req);
    const cv::credentials creds(std::string{access_key}, std::string{secret_key});
    if (!cv::sigv4::sign(signed_req, creds, params_for(nullptr))) return 1;
    boost::json::array headers;
    for (const auto& h : req.headers) headers.push_back(boost::json::array{h.name, h.value});
    boost::json::object o;
    o["method"] = req.method;
    o["scheme"] = req.scheme;
    o["host"] = req.host;
    o["path"] = req.path;
    o["query"] = req.query;
    o["headers"] = std::move(headers);
    o["body"] = req.body;
    o["access_key_id"] = access_key;
    o["secret_access_key"] = secret_key;
    o["region"] = "us-east-1";
    o["service"] = "chime";
    o["epoch_seconds"] = signing_time.time_since_epoch().count();
    o["amz_date"] = signed_req.find_header("x-amz-date")->value;
    o["authorization"] = signed_req.find_header("authorization")->value;
    std::ofstream(path) << boost::json::serialize(o) << '\n';
    return 0;
}

template <class Sign>
int serve(Sign&& sign_once) {
    std::printf("AUTH %s\n", sign_once().c_str());
    std::fflush(stdout);
    std::string line;
    while (std::getline(std::cin, line)) {
        if (line.rfind("time ", 0) != 0) continue;
        const long n = std::atol(line.c_str() + 5);
        std::size_t sink = 0;
        const double t0 = process_cpu_ns();
        for (long i = 0; i < n; ++i) sink += sign_once().size();
        const double t1 = process_cpu_ns();
        if (sink == 0) return 1;
        std::printf("%.1f\n", (t1 - t0) / static_cast<double>(n));
        std::fflush(stdout);
    }
    return 0;
}

} // namespace

int main(int argc, char** argv) {
    if (argc == 3 && std::string_view(argv[1]) == "fixture") return write_fixture(argv[2]);
    if (argc != 3 || std::string_view(argv[1]) != "serve") {
        std::fprintf(stderr, "usage: peer_cpp fixture FILE | peer_cpp serve ours-warm|ours-cold|openssl-warm|openssl-cold\n");
        return 2;
    }
    const std::string_view name = argv[2];
    const auto prepared = prepared_request();
    const cv::credentials creds(std::string{access_key}, std::string{secret_key});
    cv::sigv4::signing_key_cache cache;
    if (name == "ours-warm" || name == "ours-cold") {
        const auto p = params_for(name == "ours-warm" ? &cache : nullptr);
        return serve([&] {
            auto r = fresh_copy(prepared);
            if (!cv::sigv4::sign(r, creds, p)) std::abort();
            return std::move(r.headers.back().value); // the Authorization header, added last
        });
    }
    if (name == "openssl-warm" || name == "openssl-cold") {
        bench::ossl::signer ref;
        const auto key = ref.derive_key(creds.secret_access_key, "20260115", "us-east-1", "chime");
        const bool warm = name == "openssl-warm";
        return serve([&] {
            auto r = fresh_copy(prepared);
            auto s = warm ? ref.sign_with_key(r, creds, signing_time, "us-east-1", "chime", key)
                          : ref.sign(r, creds, signing_time, "us-east-1", "chime");
            r.headers.push_back({"X-Amz-Date", std::move(s.amz_date)});
            r.headers.push_back({"Authorization", std::move(s.authorization)});
            return std::move(r.headers.back().value);
        });
    }
    std::fprintf(stderr, "peer_cpp: unknown peer %s\n", argv[2]);
    return 2;
}
