// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/presign.hpp: compute then apply gives what presign()
// gives; earlier signature parameters are replaced; the output verifies.
#include <chime_voice/sigv4/presign.hpp>

#include <chime_voice/sigv4/verify.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE sigv4_presign
#include <boost/test/unit_test.hpp>

namespace cv = chime_voice;
namespace sv = chime_voice::sigv4;
using namespace std::chrono;

namespace {
const sys_seconds t0 = sys_days{year{2015} / 8 / 30} + 12h + 36min;
const cv::credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "TOKEN/+="};
cv::http_request request() {
    cv::http_request r;
    r.method = "GET";
    r.scheme = "https";
    r.host = "example.amazonaws.com";
    r.path = "/";
    r.query = "Param2=value2&Param1=value1";
    r.headers = {{"Authorization", "stale"}};
    return r;
}
} // namespace

BOOST_AUTO_TEST_CASE(compute_then_apply) {
    const sv::signing_params p{cv::signing_scope{"us-east-1", "service"}, t0};
    const auto r = request();
    const auto q = sv::compute_presigned_query(r, creds, p, seconds{3600});
    BOOST_TEST_REQUIRE(q.has_value());
    BOOST_TEST(q->add_host);
    BOOST_TEST(q->signature().size() == 64u);
    BOOST_TEST(q->query.starts_with("Param2=value2&Param1=value1&X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential="
                                    "AKIDEXAMPLE%2F20150830%2Fus-east-1%2Fservice%2Faws4_request&X-Amz-Date=20150830T123600Z"));
    BOOST_TEST(q->query.find("&X-Amz-Security-Token=TOKEN%2F%2B%3D&") != std::string::npos);
    auto applied = r;
    sv::apply_presigned_query(applied, *q);
    auto direct = r;
    BOOST_TEST_REQUIRE(sv::presign(direct, creds, p, seconds{3600}).has_value());
    BOOST_TEST(cv::to_wire(applied) == cv::to_wire(direct));
    BOOST_TEST(direct.find_header("authorization") == nullptr);
    BOOST_TEST(direct.find_header("host")->value == "example.amazonaws.com");
    // Presigning again replaces the earlier parameters, and the result verifies.
    auto again = direct;
    BOOST_TEST_REQUIRE(sv::presign(again, creds, p, seconds{60}).has_value());
    BOOST_TEST(again.query.find("X-Amz-Expires=3600") == std::string::npos);
    sv::verify_options vo;
    vo.region = "us-east-1";
    vo.service = "service";
    BOOST_TEST(sv::verify(again, creds, t0, vo).has_value());
}

BOOST_AUTO_TEST_CASE(parameter_names) {
    BOOST_TEST(sv::is_presign_parameter("X-Amz-Signature"));
    BOOST_TEST(!sv::is_presign_parameter("x-amz-signature")); // query names are case-sensitive
    BOOST_TEST(!sv::is_presign_parameter("Param1"));
}
