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

// RFC 9110 section 5.6.2: token = 1*tchar.
BOOST_AUTO_TEST_CASE(tokens) {
    for (int c = 0; c < 256; ++c) {
        const bool expected = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                              std::string_view("!#$%&'*+-.^_`|~").find(static_cast<char>(c)) != std::string_view::npos;
        BOOST_TEST(cv::detail::is_tchar(static_cast<unsigned char>(c)) == expected, c);
    }
    BOOST_TEST(cv::detail::is_token("x-amz-date"));
    BOOST_TEST(!cv::detail::is_token(""));
    BOOST_TEST(!cv::detail::is_token("a b"));
    BOOST_TEST(!cv::detail::is_token("a:b"));
}

// No CR, LF or NUL anywhere, whatever the position relative to the 8-byte
// words the check reads.
BOOST_AUTO_TEST_CASE(field_values) {
    for (std::size_t len = 0; len < 40; ++len) {
        const std::string clean(len, 'v');
        BOOST_TEST(cv::detail::is_safe_field_value(clean));
        for (std::size_t at = 0; at < len; ++at)
            for (char bad : {'\r', '\n', '\0'}) {
                std::string s = clean;
                s[at] = bad;
                BOOST_TEST(!cv::detail::is_safe_field_value(s), "len " << len << " at " << at);
            }
    }
    // Bytes next to the forbidden ones, and high bytes, are fine.
    BOOST_TEST(cv::detail::is_safe_field_value("\x0b\x0c\x0e\x01\x7f\x80\xff\t value"));
    static_assert(!cv::detail::is_safe_field_value("a\r\nb"));
    static_assert(cv::detail::is_safe_field_value("ab"));
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
