// SPDX-License-Identifier: BSL-1.0
// Tests for sdk_headers.hpp: amz-sdk-invocation-id / amz-sdk-request
// (@smithy/util-retry INVOCATION_ID_HEADER, REQUEST_HEADER), the UUID syntax
// of RFC 9562, and that Authorization is left to the signer.
#include <chime_voice/sdk_headers.hpp>

#define BOOST_TEST_MODULE sdk_headers
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <chime_voice/sigv4.hpp>

#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>
#include <tuple>

namespace cv = chime_voice;

BOOST_AUTO_TEST_CASE(header_names) {
    BOOST_TEST(cv::invocation_id_header == "amz-sdk-invocation-id");
    BOOST_TEST(cv::sdk_request_header == "amz-sdk-request");
}

BOOST_AUTO_TEST_CASE(invocation_id_validation) {
    BOOST_TEST(cv::is_valid_invocation_id("b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60"));
    BOOST_TEST(cv::is_valid_invocation_id("B4C6A1A6-2D4F-4D8E-9F0A-1B2C3D4E5F60"));
    for (std::string_view bad : {"", "b4c6a1a62d4f4d8e9f0a1b2c3d4e5f60", "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6",
                                 "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f600", "g4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60",
                                 "b4c6a1a6_2d4f-4d8e-9f0a-1b2c3d4e5f60", "{4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6}",
                                 "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6\n"})
        BOOST_TEST(!cv::is_valid_invocation_id(bad), bad);
}

BOOST_AUTO_TEST_CASE(make_invocation_id_is_a_version_4_uuid) {
    const auto id = cv::make_invocation_id(0, 0);
    BOOST_TEST(id == "00000000-0000-4000-8000-000000000000");
    const auto all = cv::make_invocation_id(~std::uint64_t{0}, ~std::uint64_t{0});
    BOOST_TEST(all == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    const auto x = cv::make_invocation_id(0x0123456789abcdefULL, 0xfedcba9876543210ULL);
    BOOST_TEST(x == "01234567-89ab-4def-bedc-ba9876543210");
    BOOST_TEST(cv::is_valid_invocation_id(x));
}

BOOST_AUTO_TEST_CASE(apply_attempt_headers_sets_and_replaces) {
    cv::http_request r;
    r.method = "POST";
    r.headers = {{"Content-Type", "application/json"},
                 {"AMZ-SDK-Request", "attempt=1; max=3"},
                 {"Authorization", "AWS4-HMAC-SHA256 stale"},
                 {"amz-sdk-invocation-id", "00000000-0000-4000-8000-000000000000"}};
    const std::string id = "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60";
    BOOST_TEST(cv::apply_attempt_headers(r, id, 2, 3).has_value());
    BOOST_TEST(r.headers.size() == 4u);
    // Authorization is the signer's: left alone here (sigv4::sign replaces it).
    BOOST_TEST_REQUIRE(r.find_header("authorization") != nullptr);
    BOOST_TEST(r.find_header("authorization")->value == "AWS4-HMAC-SHA256 stale");
    BOOST_TEST_REQUIRE(r.find_header("amz-sdk-request") != nullptr);
    BOOST_TEST(r.find_header("amz-sdk-request")->value == "attempt=2; max=3");
    BOOST_TEST(r.find_header("amz-sdk-invocation-id")->value == id);
    BOOST_TEST(r.find_header("content-type")->value == "application/json");
    BOOST_TEST(cv::apply_attempt_headers(r, id, 3, 3).has_value());
    BOOST_TEST(r.headers.size() == 4u);
    BOOST_TEST(r.find_header("amz-sdk-request")->value == "attempt=3; max=3");
}

BOOST_AUTO_TEST_CASE(apply_attempt_headers_rejects_bad_input) {
    cv::http_request r;
    r.headers = {{"x", "y"}};
    const std::string good = "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60";
    for (auto [id, a, m] : {std::tuple<std::string_view, std::uint32_t, std::uint32_t>{"nope", 1, 3},
                            {good, 0, 3}, {good, 4, 3}, {good, 1, 0},
                            {"b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f6\r", 1, 3}}) {
        const auto res = cv::apply_attempt_headers(r, id, a, m);
        BOOST_TEST_REQUIRE(!res.has_value());
        BOOST_TEST((res.error().category == cv::error_category::validation));
    }
    BOOST_TEST(r.headers.size() == 1u); // unchanged
}

BOOST_AUTO_TEST_CASE(re_signing_after_new_attempt_headers_leaves_one_fresh_authorization) {
    cv::http_request r;
    r.method = "POST";
    r.scheme = "https";
    r.host = "voice-chime.us-east-1.amazonaws.com";
    r.path = "/phone-numbers";
    r.query = "operation=batch-delete";
    r.body = R"({"PhoneNumberIds":["+12065550100"]})";
    r.headers = {{"Content-Type", "application/json"}};
    const cv::credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    cv::sigv4::signing_params p;
    p.region = "us-east-1";
    p.service = "chime";
    p.time = std::chrono::sys_seconds{std::chrono::seconds{1'767'225'600}}; // 2026-01-01T00:00:00Z
    const std::string id = "b4c6a1a6-2d4f-4d8e-9f0a-1b2c3d4e5f60";
    BOOST_TEST_REQUIRE(cv::apply_attempt_headers(r, id, 1, 3).has_value());
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds, p).has_value());
    const std::string first = r.find_header("authorization")->value;
    BOOST_TEST_REQUIRE(cv::apply_attempt_headers(r, id, 2, 3).has_value());
    p.time += std::chrono::seconds{300};
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds, p).has_value());
    int authorizations = 0;
    for (const auto& h : r.headers)
        if (cv::detail::iequals(h.name, "authorization")) ++authorizations;
    BOOST_TEST(authorizations == 1);
    BOOST_TEST(r.find_header("authorization")->value != first);
    BOOST_TEST(r.find_header("amz-sdk-request")->value == "attempt=2; max=3");
}
