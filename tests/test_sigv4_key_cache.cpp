// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/key_cache.hpp: the cache derives once per scope, hits
// after, never shows the key, and signs exactly as without it.
#include <chime_voice/sigv4/key_cache.hpp>

#include <chime_voice/sigv4/sign.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE sigv4_key_cache
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <sstream>
#include <string>
#include <thread>

namespace cv = chime_voice;
namespace sv = chime_voice::sigv4;
using namespace std::chrono;

BOOST_AUTO_TEST_CASE(derives_once_per_scope) {
    sv::signing_key_cache cache;
    BOOST_TEST(cache.hits() == 0u);
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2026} / 1 / 1}};
    cv::http_request r;
    r.method = "GET";
    r.scheme = "https";
    r.host = "example.com";
    auto plain = r;
    BOOST_TEST_REQUIRE(sv::sign(plain, c, p).has_value());
    p.key_cache = &cache;
    for (int i = 0; i < 3; ++i) {
        auto x = r;
        BOOST_TEST_REQUIRE(sv::sign(x, c, p).has_value());
        BOOST_TEST(x.find_header("authorization")->value == plain.find_header("authorization")->value);
    }
    BOOST_TEST(cache.misses() == 1u);
    BOOST_TEST(cache.hits() == 2u);
    std::ostringstream os;
    os << cache;
    BOOST_TEST(os.str().find("20260101/us-east-1/chime, key=<redacted>") != std::string::npos, os.str());
    BOOST_TEST(os.str().find("wJalr") == std::string::npos);
    p.region = "us-west-2";
    auto y = r;
    BOOST_TEST_REQUIRE(sv::sign(y, c, p).has_value());
    BOOST_TEST(cache.misses() == 2u);
}

// A filled cache shared by threads that sign for its scope: hits only read
// it and bump the relaxed-atomic counter, so none is lost (run under TSan to
// see that nothing races).
BOOST_AUTO_TEST_CASE(shared_by_threads_once_filled) {
    sv::signing_key_cache cache;
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2026} / 1 / 1}};
    p.key_cache = &cache;
    cv::http_request r;
    r.method = "GET";
    r.scheme = "https";
    r.host = "example.com";
    auto first = r;
    BOOST_TEST_REQUIRE(sv::sign(first, c, p).has_value());
    const std::string expected = first.find_header("authorization")->value;
    constexpr int per_thread = 200;
    std::atomic<int> mismatches{0};
    auto work = [&] {
        for (int i = 0; i < per_thread; ++i) {
            auto x = r;
            if (!sv::sign(x, c, p) || x.find_header("authorization")->value != expected) ++mismatches;
        }
    };
    std::thread a(work), b(work);
    a.join();
    b.join();
    BOOST_TEST(mismatches.load() == 0);
    BOOST_TEST(cache.misses() == 1u);
    BOOST_TEST(cache.hits() == static_cast<std::size_t>(2 * per_thread));
}
