// SPDX-License-Identifier: BSL-1.0
// benchmarks/bench_sha256.cpp — SHA-256 per back end and HMAC-SHA256,
// with OpenSSL's EVP as the reference in the same run.
//
//   sha256/<backend>/<bytes>      one-shot detail::sha256_hash(data, n, backend), bytes/s
//   sha256/openssl/<bytes>        EVP_DigestInit_ex/Update/Final_ex, prefetched EVP_MD, reused ctx
//   sha256/vs_openssl/<bytes>     the active back end and EVP in alternating batches
//                                 (ratio_vs_openssl = our time / EVP time)
//   hmac/fresh_key                hmac_sha256(32-byte key, 64-byte message): pads computed per call;
//                                 reference EVP_MAC_init(key) + update + final
//   hmac/precomputed_key          hmac_sha256(hmac_sha256_key, 64-byte message);
//                                 reference EVP_MAC_init(null key: OpenSSL's saved pads)
#include "bench_common.hpp"
#include "openssl_reference.hpp"

#include <chime_voice/detail/hmac.hpp>
#include <chime_voice/detail/sha256.hpp>

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

namespace d = chime_voice::detail;

namespace {

std::vector<unsigned char> message(std::size_t n) {
    std::vector<unsigned char> v(n);
    for (std::size_t i = 0; i < n; ++i) v[i] = static_cast<unsigned char>(i * 131 + 7);
    return v;
}

const char* backend_name(d::sha256_backend b) { return d::to_string(b); }

void bm_sha256(benchmark::State& state, d::sha256_backend b) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto msg = message(n);
    bench::counted(state, [&] {
        auto h = d::sha256_hash(msg.data(), n, b);
        benchmark::DoNotOptimize(h);
    });
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void bm_sha256_openssl(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto msg = message(n);
    bench::ossl::sha256 ref;
    bench::counted(state, [&] {
        auto h = ref.hash(msg.data(), n);
        benchmark::DoNotOptimize(h);
    });
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void bm_sha256_vs_openssl(benchmark::State& state) {
    const auto n = static_cast<std::size_t>(state.range(0));
    const auto msg = message(n);
    bench::ossl::sha256 ref;
    const std::size_t batch = n <= 1024 ? 512 : 16;
    bench::paired(
        state, batch, [] {},
        [&](std::size_t) {
            auto h = d::sha256_hash(msg.data(), n);
            benchmark::DoNotOptimize(h);
        },
        [] {},
        [&](std::size_t) {
            auto h = ref.hash(msg.data(), n);
            benchmark::DoNotOptimize(h);
        });
    state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * n));
}

void bm_hmac(benchmark::State& state, bool precomputed) {
    const auto key = message(32);
    const auto msg = message(64);
    const d::hmac_sha256_key k(key.data(), key.size());
    bench::ossl::hmac ref;
    benchmark::DoNotOptimize(ref.mac(key.data(), key.size(), msg.data(), msg.size())); // installs the key
    bench::paired(
        state, 512, [] {},
        [&](std::size_t) {
            auto m = precomputed ? d::hmac_sha256(k, msg.data(), msg.size())
                                 : d::hmac_sha256(std::string_view(reinterpret_cast<const char*>(key.data()), key.size()),
                                                  std::string_view(reinterpret_cast<const char*>(msg.data()), msg.size()));
            benchmark::DoNotOptimize(m);
        },
        [] {},
        [&](std::size_t) {
            auto m = precomputed ? ref.mac_same_key(msg.data(), msg.size())
                                 : ref.mac(key.data(), key.size(), msg.data(), msg.size());
            benchmark::DoNotOptimize(m);
        });
}

/// Same digests from every back end and from OpenSSL, before measuring anything.
void check_reference() {
    bench::ossl::sha256 ref;
    bench::ossl::hmac ref_mac;
    for (std::size_t n : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 1000u, 8192u}) {
        const auto msg = message(n);
        const auto want = ref.hash(msg.data(), n);
        for (auto b : {d::sha256_backend::portable, d::sha256_backend::x86_sha_ni, d::sha256_backend::arm_sha2}) {
            const auto got = d::sha256_hash(msg.data(), n, b);
            if (std::memcmp(got.data(), want.data(), 32) != 0) {
                std::fprintf(stderr, "sha256 %s differs from OpenSSL at %zu bytes\n", backend_name(b), n);
                std::abort();
            }
        }
        const auto key = message(32);
        const auto mac = d::hmac_sha256(d::hmac_sha256_key(key.data(), key.size()), msg.data(), n);
        const auto want_mac = ref_mac.mac(key.data(), key.size(), msg.data(), n);
        if (std::memcmp(mac.data(), want_mac.data(), 32) != 0) {
            std::fprintf(stderr, "hmac differs from OpenSSL at %zu bytes\n", n);
            std::abort();
        }
    }
}

void register_all() {
    for (auto b : {d::sha256_backend::portable, d::sha256_backend::x86_sha_ni, d::sha256_backend::arm_sha2}) {
        if (!d::sha256_backend_available(b)) continue;
        bench::with_stats(benchmark::RegisterBenchmark((std::string("sha256/") + backend_name(b)).c_str(), bm_sha256, b))
            ->Arg(64)->Arg(256)->Arg(1024)->Arg(8192)->Arg(1 << 20);
    }
    bench::with_stats(benchmark::RegisterBenchmark("sha256/openssl", bm_sha256_openssl))
        ->Arg(64)->Arg(256)->Arg(1024)->Arg(8192)->Arg(1 << 20);
    bench::with_stats(benchmark::RegisterBenchmark("sha256/vs_openssl", bm_sha256_vs_openssl))
        ->Arg(64)->Arg(8192)->UseManualTime();
    bench::with_stats(benchmark::RegisterBenchmark("hmac/fresh_key", bm_hmac, false))->UseManualTime();
    bench::with_stats(benchmark::RegisterBenchmark("hmac/precomputed_key", bm_hmac, true))->UseManualTime();
}

} // namespace

int main(int argc, char** argv) {
    check_reference();
    std::fprintf(stderr, "sha256 active back end: %s\n", backend_name(d::sha256_active_backend()));
    register_all();
    benchmark::Initialize(&argc, argv);
    if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
    benchmark::RunSpecifiedBenchmarks();
    benchmark::Shutdown();
    return 0;
}
