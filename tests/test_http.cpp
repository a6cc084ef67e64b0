// SPDX-License-Identifier: BSL-1.0
// chime_voice/http.hpp: request/response values, header lookups, the RFC 9110
// token and field-value checks, and printing.
#include <chime_voice/http.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE http
#include <boost/test/unit_test.hpp>

#include <sstream>

namespace cv = chime_voice;

BOOST_AUTO_TEST_CASE(url_and_target) {
    cv::http_request r;
    r.scheme = "https";
    r.host = "voice-chime.us-east-1.amazonaws.com";
    r.path = "/phone-numbers";
    r.query = "operation=batch-delete";
    BOOST_TEST(r.url() == "https://voice-chime.us-east-1.amazonaws.com/phone-numbers?operation=batch-delete");
    BOOST_TEST(r.target() == "/phone-numbers?operation=batch-delete");
    r.query.clear();
    r.path.clear();
    r.host = "127.0.0.1:8080";
    r.scheme = "http";
    BOOST_TEST(r.url() == "http://127.0.0.1:8080/");
    BOOST_TEST(r.target() == "/");
}

BOOST_AUTO_TEST_CASE(headers_match_case_insensitively) {
    cv::http_request r;
    r.headers = {{"Content-Type", "application/json"}, {"X-Amz-Date", "20150830T123600Z"}};
    BOOST_TEST(r.find_header("content-type")->value == "application/json");
    BOOST_TEST(r.find_header("X-AMZ-DATE")->value == "20150830T123600Z");
    BOOST_TEST(r.find_header("content-length") == nullptr);
    const std::pair<std::string_view, std::string_view> hs[] = {{"X-AMZN-REQUESTID", "abc"}, {"Date", "d"}};
    const cv::http_response_view v{200, hs, ""};
    BOOST_TEST(*v.find_header("x-amzn-requestid") == "abc");
    BOOST_TEST(!v.find_header("x-amz-id-2").has_value());
}

BOOST_AUTO_TEST_CASE(printing_redacts_and_wire_form_does_not) {
    cv::http_request r;
    r.method = "POST";
    r.scheme = "https";
    r.host = "h";
    r.path = "/p";
    r.headers = {{"Authorization", "AWS4-HMAC-SHA256 Credential=AKID/..., Signature=abc"},
                 {"X-Amz-Security-Token", "TOKEN"},
                 {"Content-Type", "application/json"}};
    r.body = R"({"PhoneNumberIds":["+12065550100"]})";
    std::ostringstream os;
    os << r;
    BOOST_TEST(os.str().find("Signature=abc") == std::string::npos);
    BOOST_TEST(os.str().find("TOKEN") == std::string::npos);
    BOOST_TEST(os.str().find("+12065550100") == std::string::npos);
    BOOST_TEST(os.str().find("Content-Type: application/json") != std::string::npos);
    const auto wire = cv::to_wire(r);
    BOOST_TEST(wire.starts_with("POST /p HTTP/1.1\r\nAuthorization: AWS4-HMAC-SHA256"));
    BOOST_TEST(wire.ends_with("\r\n\r\n" + r.body));
}

// Finding (SigV4 redesign issue): after presign() the signature and the
// token travel in the query; printing must redact them there too.
BOOST_AUTO_TEST_CASE(printing_redacts_presigned_query) {
    cv::http_request r;
    r.method = "GET";
    r.path = "/p";
    r.query = "a=1&X-Amz-Credential=AKID%2F20150830%2Fus-east-1%2Fchime%2Faws4_request&X-Amz-Security-Token=SECRETTOKEN"
              "&X-Amz-Signature=0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    std::ostringstream os;
    os << r;
    const std::string text = os.str();
    BOOST_TEST(text.find("SECRETTOKEN") == std::string::npos, text);
    BOOST_TEST(text.find("0123456789abcdef") == std::string::npos, text);
    BOOST_TEST(text.starts_with("GET /p?a=1&X-Amz-Credential=AKID%2F20150830"), text);
    BOOST_TEST(text.find("X-Amz-Signature=<redacted>") != std::string::npos, text);
    BOOST_TEST(text.find("X-Amz-Security-Token=<redacted>") != std::string::npos, text);
    // The wire form keeps everything.
    BOOST_TEST(cv::to_wire(r).find("SECRETTOKEN") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(owning_response_gives_a_view) {
    cv::http_response resp(429, {{"X-Amzn-RequestId", "rid"}, {"Date", "d"}}, "{}");
    const cv::http_response_view v = resp.view();
    BOOST_TEST(v.status == 429);
    BOOST_TEST(v.headers.size() == 2u);
    BOOST_TEST(v.find_header("x-amzn-requestid").value_or("") == "rid");
    BOOST_TEST(v.body == "{}");
    BOOST_TEST(resp.find_header("DATE")->value == "d");
    cv::http_response copy = resp;
    BOOST_TEST(copy.view().find_header("date").value_or("") == "d");
    BOOST_TEST(!copy.view().find_header("age").has_value());
}

BOOST_AUTO_TEST_CASE(serialized_request_carries_no_scope_by_default) {
    cv::http_request r;
    BOOST_TEST(r.signing.region.empty());
    BOOST_TEST(r.signing.service.empty());
}

BOOST_AUTO_TEST_CASE(header_names_compare_case_insensitively) {
    static_assert(cv::header_name_equals("X-Amz-Date", "x-amz-date"));
    static_assert(!cv::header_name_equals("x-amz-date", "x-amz-dates"));
}
