// SPDX-License-Identifier: BSL-1.0
// benchmarks/bench_sign.cpp — sigv4::sign of the BatchDeletePhoneNumber
// request against an OpenSSL-EVP reference signer, in the same run.
//
// Request: serialize_request of 2 (or 100) phone number IDs, region
// us-east-1; fixed signing time; credentials without and with a session
// token.
//   cold   — no key cache: the signing key is derived (4 HMACs) every time;
//            the reference derives it with EVP_MAC every time.
//   warm   — signing_params::key_cache points at a signing_key_cache kept
//            across iterations; the reference uses a signing key computed
//            once (EVP_MAC_init with that key per signature).
//   fresh  — every operation signs a request just produced by
//            serialize_request (an unsigned one, as on a first attempt). A
//            pool of such requests is made before each timed batch, so
//            neither serializing nor copying is timed; the reference signs
//            its own pool and appends its headers the same way.
//   resign — the same request object is signed again and again (sign()
//            replaces its headers in place): a retry loop's path.
//
// At startup the reference's Authorization and X-Amz-Date are checked to be
// byte-identical to ours for every fixture, so the ratio compares the same
// work.
#include "bench_common.hpp"
#include "openssl_reference.hpp"

#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/sigv4.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace cv = chime_voice;

namespace {

constexpr std::chrono::sys_seconds signing_time =
    std::chrono::sys_days{std::chrono::year{2026} / 1 / 15} + std::chrono::hours{12} + std::chrono::minutes{34} +
    std::chrono::seconds{56};

std::string session_token() {
    // The shape of an STS session token: ~400 base64 characters.
    std::string t = "IQoJb3JpZ2luX2VjE";
    static constexpr char b64[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    unsigned x = 12345;
    while (t.size() < 400) {
        x = x * 1103515245u + 12345u;
        t.push_back(b64[(x >> 16) % 64]);
    }
    return t + "==";
}

cv::batch_delete_phone_number_request make_ids(int n) {
    cv::batch_delete_phone_number_request r;
    for (int i = 0; i < n; ++i) {
        char buf[32];
        std::snprintf(buf, sizeof buf, "+1206555%04d", i % 10000);
        r.phone_number_ids.emplace_back(buf);
    }
    return r;
}

struct fixture {
    cv::batch_delete_phone_number_request input;
    cv::client_config config;
    cv::credentials creds;
    cv::sigv4::signing_params params;

    fixture(int ids, bool token)
        : input(make_ids(ids)),
          creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", token ? session_token() : std::string()) {
        config.region = "us-east-1";
        params.region = "us-east-1";
        params.service = "chime";
        params.time = signing_time;
    }
    cv::http_request unsigned_request() const {
        auto r = cv::serialize_request(input, config);
        if (!r) {
            std::fprintf(stderr, "serialize_request failed: %s\n", r.error().message.c_str());
            std::abort();
        }
        return std::move(*r);
    }
};

std::string header(const cv::http_request& r, std::string_view name) {
    const auto* h = r.find_header(name);
    return h ? h->value : std::string("<absent>");
}

void check(bool ok, const char* what, const std::string& ours, const std::string& ref) {
    if (ok) return;
    std::fprintf(stderr, "reference mismatch (%s):\n  ours: %s\n  ref:  %s\n", what, ours.c_str(), ref.c_str());
    std::abort();
}

/// The reference signer must produce exactly our headers.
void check_reference() {
    bench::ossl::signer ref;
    for (const auto& [ids, token] : {std::pair{2, false}, std::pair{2, true}, std::pair{100, false}}) {
        fixture f(ids, token);
        auto ours = f.unsigned_request();
        if (!cv::sigv4::sign(ours, f.creds, f.params)) std::abort();
        auto warm = f.unsigned_request();
        cv::sigv4::signing_key_cache cache;
        auto p = f.params;
        p.key_cache = &cache;
        if (!cv::sigv4::sign(warm, f.creds, p) || !cv::sigv4::sign(warm, f.creds, p)) std::abort();
        const auto cold_ref = ref.sign(f.unsigned_request(), f.creds, f.params.time, "us-east-1", "chime");
        const auto key = ref.derive_key(f.creds.secret_access_key, "20260115", "us-east-1", "chime");
        const auto warm_ref = ref.sign_with_key(f.unsigned_request(), f.creds, f.params.time, "us-east-1", "chime", key);
        const auto auth = header(ours, "authorization");
        check(auth == cold_ref.authorization, "Authorization, cold", auth, cold_ref.authorization);
        check(auth == warm_ref.authorization, "Authorization, warm", auth, warm_ref.authorization);
        check(header(warm, "authorization") == auth, "Authorization, our warm path", header(warm, "authorization"), auth);
        check(header(ours, "x-amz-date") == cold_ref.amz_date, "X-Amz-Date", header(ours, "x-amz-date"), cold_ref.amz_date);
        check(header(ours, "x-amz-security-token") == (token ? std::string(f.creds.session_token.view()) : std::string("<absent>")),
              "X-Amz-Security-Token", header(ours, "x-amz-security-token"), std::string(f.creds.session_token.view()));
    }
}

enum class key_mode { cold, warm };
enum class request_mode { fresh, resign };

void bm_sign(benchmark::State& state, int ids, bool token, key_mode km, request_mode rm) {
    const fixture f(ids, token);
    cv::sigv4::signing_key_cache cache;
    auto params = f.params;
    if (km == key_mode::warm) params.key_cache = &cache;
    bench::ossl::signer ref;
    const auto ref_key = ref.derive_key(f.creds.secret_access_key, "20260115", "us-east-1", "chime");
    const bool warm = km == key_mode::warm;
    auto ref_sign = [&](const cv::http_request& r) {
        return warm ? ref.sign_with_key(r, f.creds, signing_time, "us-east-1", "chime", ref_key)
                    : ref.sign(r, f.creds, signing_time, "us-east-1", "chime");
    };
    const std::size_t batch = 32;

    if (rm == request_mode::fresh) {
        std::vector<cv::http_request> ours_pool, ref_pool;
        auto refill = [&](std::vector<cv::http_request>& pool) {
            pool.clear();
            for (std::size_t i = 0; i < batch; ++i) pool.push_back(f.unsigned_request());
        };
        bench::paired(
            state, batch, [&] { refill(ours_pool); },
            [&](std::size_t i) {
                auto r = cv::sigv4::sign(ours_pool[i], f.creds, params);
                benchmark::DoNotOptimize(r);
            },
            [&] { refill(ref_pool); },
            [&](std::size_t i) {
                auto& r = ref_pool[i];
                auto s = ref_sign(r);
                if (token) r.headers.push_back({"X-Amz-Security-Token", std::string(f.creds.session_token.view())});
                r.headers.push_back({"X-Amz-Date", std::move(s.amz_date)});
                r.headers.push_back({"Authorization", std::move(s.authorization)});
                benchmark::DoNotOptimize(r);
            });
    } else {
        auto ours_req = f.unsigned_request();
        auto ref_req = f.unsigned_request();
        if (!cv::sigv4::sign(ours_req, f.creds, params) || !cv::sigv4::sign(ref_req, f.creds, f.params)) std::abort();
        bench::paired(
            state, batch, [] {},
            [&](std::size_t) {
                auto r = cv::sigv4::sign(ours_req, f.creds, params);
                benchmark::DoNotOptimize(r);
            },
            [] {},
            [&](std::size_t) {
                auto s = ref_sign(ref_req);
                ref_req.find_header("x-amz-date")->value = std::move(s.amz_date);
                ref_req.find_header("authorization")->value = std::move(s.authorization);
                benchmark::DoNotOptimize(ref_req);
            });
    }
}

void register_all() {
    struct c {
        const char* name;
        int ids;
        bool token;
        key_mode km;
        request_mode rm;
    };
    const c cases[] = {
        {"sign/2ids/warm", 2, false, key_mode::warm, request_mode::fresh},
        {"sign/2ids/cold", 2, false, key_mode::cold, request_mode::fresh},
        {"sign/2ids/warm/resign", 2, false, key_mode::warm, request_mode::resign},
        {"sign/2ids/cold/resign", 2, false, key_mode::cold, request_mode::resign},
        {"sign/2ids_token/warm", 2, true, key_mode::warm, request_mode::fresh},
        {"sign/2ids_token/cold", 2, true, key_mode::cold, request_mode::fresh},
        {"sign/100ids/warm", 100, false, key_mode::warm, request_mode::fresh},
        {"sign/100ids/cold", 100, false, key_mode::cold, request_mode::fresh},
    };
    for (const auto& x : cases)
        bench::with_stats(benchmark::RegisterBenchmark(x.name, bm_sign, x.ids, x.token, x.km, x.rm))
            ->UseManualTime()
            ->Unit(benchmark::kNanosecond);
}

} // namespace

int main(int argc, char** argv) {
    check_reference();
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
