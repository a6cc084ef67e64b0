// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/canonical_request.hpp: the debugging texts are what was
// signed (aws-c-auth's get-vanilla case, vendored in tests/data and checked by the suite test,
// is the byte-for-byte check; here the shape and the refusals).
#include <chime_voice/sigv4/canonical_request.hpp>

#include <chime_voice/sigv4/sign.hpp>
#include <chime_voice/sigv4/verify.hpp>

#include <string>
#include <utility>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE sigv4_canonical_request
#include <boost/test/unit_test.hpp>

namespace cv = chime_voice;
namespace sv = chime_voice::sigv4;
using namespace std::chrono;

BOOST_AUTO_TEST_CASE(what_sign_hashed) {
    // The aws-c-auth get-vanilla inputs; expected texts are that case's files.
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    const sv::signing_params p{cv::signing_scope{"us-east-1", "service"}, sys_days{year{2015} / 8 / 30} + 12h + 36min};
    cv::http_request r;
    r.method = "GET";
    r.scheme = "https";
    r.host = "example.amazonaws.com";
    r.path = "/";
    r.headers = {{"Host", "example.amazonaws.com"}};
    BOOST_TEST_REQUIRE(sv::sign(r, c, p).has_value());
    const auto creq = sv::canonical_request(r, p);
    BOOST_TEST_REQUIRE(creq.has_value());
    BOOST_TEST(*creq == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const auto sts = sv::string_to_sign(*creq, p);
    BOOST_TEST(*sts == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    BOOST_TEST(r.find_header("authorization")->value.ends_with(
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
}

BOOST_AUTO_TEST_CASE(refuses_what_sign_refuses) {
    sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    cv::http_request r;
    r.method = "GET";
    r.host = "example.com";
    r.path = "/a b";
    BOOST_TEST(!sv::canonical_request(r, p).has_value());
    p.time = sys_days{year{10000} / 1 / 1};
    BOOST_TEST(!sv::string_to_sign("x", p).has_value());
}

// fuzz_sign finding: an empty x-amz-content-sha256 header is the payload hash
// sign() signs; canonical_request() used the body's hash instead.
BOOST_AUTO_TEST_CASE(empty_content_hash_header) {
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    const sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    cv::http_request r;
    r.method = "GET";
    r.scheme = "https";
    r.host = "example.com";
    r.headers = {{"x-amz-content-sha256", ""}};
    BOOST_TEST_REQUIRE(sv::sign(r, c, p).has_value());
    const auto creq = sv::canonical_request(r, p);
    BOOST_TEST_REQUIRE(creq.has_value());
    BOOST_TEST(creq->ends_with("\n")); // the payload line is empty, as signed
}

// The path's segments spill from inline storage at 33; ".." past that and
// back below it, then more segments: the canonical URI keeps the segment
// pushed in between (small_vector read a stale heap element there before).
BOOST_AUTO_TEST_CASE(dot_segments_across_the_inline_limit) {
    const sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    cv::http_request r;
    r.method = "GET";
    r.host = "example.com";
    std::string path, expected;
    for (int i = 0; i < 34; ++i) path += "/s" + std::to_string(i);
    for (int i = 0; i < 31; ++i) expected += "/s" + std::to_string(i);
    r.path = path + "/../../../z/x";
    expected += "/z/x";
    const auto creq = sv::canonical_request(r, p);
    BOOST_TEST_REQUIRE(creq.has_value());
    BOOST_TEST(creq->substr(4, expected.size() + 1) == expected + "\n");
}

// One scan per header value decides whether Trimall has work to do: values
// with a tab, two spaces in a row (also across the scan's 16-byte steps and
// its overlapping last step) or outer spaces are trimmed, the others taken as
// they are.
BOOST_AUTO_TEST_CASE(trimall_after_one_scan) {
    const sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    const std::string a15(15, 'a'), a16(16, 'a'), a20(20, 'a');
    const std::pair<std::string, std::string> cases[] = {
        {"plain value", "plain value"},
        {a15 + "  b", a15 + " b"},                 // the pair across the first 16-byte step
        {a16 + a15 + "  b", a16 + a15 + " b"},     // across the second step
        {a20 + "  b", a20 + " b"},                 // inside the overlapping last step
        {a16 + "\tb", a16 + " b"},
        {" " + a20, a20},
        {a20 + " ", a20},
        {a16 + a16 + "x y", a16 + a16 + "x y"},
    };
    for (const auto& [value, canonical] : cases) {
        cv::http_request r;
        r.method = "GET";
        r.host = "example.com";
        r.headers = {{"x-test", value}};
        const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
        BOOST_TEST_REQUIRE(sv::sign(r, c, p).has_value());
        const auto creq = sv::canonical_request(r, p);
        BOOST_TEST_REQUIRE(creq.has_value());
        BOOST_TEST(creq->find("\nx-test:" + canonical + "\n") != std::string::npos, value);
        // verify() recomputes the signature with put_trimmed on every value.
        sv::verify_options vo;
        vo.region = "us-east-1";
        vo.service = "chime";
        BOOST_TEST(sv::verify(r, c, time_point_cast<seconds>(p.time), vo).has_value(), value);
    }
}
