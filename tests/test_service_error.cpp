// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/service_error.hpp against the restJson1 protocol
// specification's error-type rules (smithy.io, aws.protocols#restJson1,
// "Operation error serialization") and RFC 9110.
#include <chime_voice/service_error.hpp>

#define BOOST_TEST_MODULE service_error
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <array>
#include <string>
#include <utility>
#include <vector>

namespace cv = chime_voice;
using header_list = chime_voice::header_field_list;

namespace chime_voice {
inline std::ostream& boost_test_print_type(std::ostream& os, error_category c) { return os << to_string(c); }
inline std::ostream& boost_test_print_type(std::ostream& os, service_error_kind k) { return os << to_string(k); }
inline std::ostream& boost_test_print_type(std::ostream& os, error_code c) { return os << to_string(c); }
inline std::ostream& boost_test_print_type(std::ostream& os, fault f) { return os << static_cast<int>(f); }
} // namespace chime_voice

namespace {
cv::error make(int status, std::string_view body, const header_list& h = {}) {
    cv::http_response_view v;
    v.status = status;
    v.headers = h;
    v.body = body;
    return cv::make_service_error(v);
}
} // namespace

BOOST_AUTO_TEST_CASE(clean_error_type_spec_forms) {
    // The four forms the restJson1 spec lists, all meaning FooError.
    BOOST_TEST(cv::clean_error_type("FooError") == "FooError");
    BOOST_TEST(cv::clean_error_type("FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/") == "FooError");
    BOOST_TEST(cv::clean_error_type("aws.protocoltests.restjson#FooError") == "FooError");
    BOOST_TEST(cv::clean_error_type(
                   "aws.protocoltests.restjson#FooError:http://internal.amazon.com/coral/com.amazon.coral.validate/") ==
               "FooError");
    // A proxy appended a value (RFC 9110 section 5.3 list form).
    BOOST_TEST(cv::clean_error_type("FooError,BarError") == "FooError");
    BOOST_TEST(cv::clean_error_type("FooError, FooError") == "FooError");
    BOOST_TEST(cv::clean_error_type("ns#FooError:http://a,b#c") == "FooError");
    BOOST_TEST(cv::clean_error_type("  FooError\t") == "FooError");
    BOOST_TEST(cv::clean_error_type("").empty());
    BOOST_TEST(cv::clean_error_type("ns#").empty());
    BOOST_TEST(cv::clean_error_type(":x").empty());
    // Only the first '#' splits (the rest belongs to the name).
    BOOST_TEST(cv::clean_error_type("a#b#C") == "b#C");
    static_assert(cv::clean_error_type("a.b#X:y") == "X");
}

BOOST_AUTO_TEST_CASE(type_precedence_header_code_dunder_type) {
    const std::string_view both = R"({"code":"FromCode","__type":"FromType"})";
    BOOST_TEST(make(400, both, {{"X-Amzn-Errortype", "FromHeader"}}).type == "FromHeader");
    BOOST_TEST(make(400, both).type == "FromCode");
    BOOST_TEST(make(400, R"({"__type":"ns#FromType"})").type == "FromType");
    // An empty header, or a carrier that cleans to nothing, falls through.
    BOOST_TEST(make(400, both, {{"x-amzn-errortype", ""}}).type == "FromCode");
    BOOST_TEST(make(400, R"({"code":"ns#","__type":"FromType"})").type == "FromType");
    // Non-string carriers are ignored.
    BOOST_TEST(make(400, R"({"code":5,"__type":"FromType"})").type == "FromType");
    // A nested __type is never used.
    auto e = make(400, R"({"Details":[{"__type":"Nested"}]})");
    BOOST_TEST(e.type.empty());
    BOOST_TEST((e.kind == cv::service_error_kind::unknown));
}

BOOST_AUTO_TEST_CASE(modelled_table_lookup) {
    auto e = make(429, "{}", {{"x-amzn-errortype", "com.amazonaws.chimesdkvoice#ThrottledClientException"}});
    BOOST_TEST((e.kind == cv::service_error_kind::throttled_client_exception));
    BOOST_TEST((e.fault == cv::fault::client));
    BOOST_TEST(e.body.empty()); // modelled and JSON: the body is described by the model
    // Case-sensitive, like Smithy shape ids.
    e = make(429, "{}", {{"x-amzn-errortype", "throttledclientexception"}});
    BOOST_TEST((e.kind == cv::service_error_kind::unmodelled));

    // A custom table: any restJson1 operation can use the builder.
    const std::array<cv::modelled_error, 1> table{{{"FooError", cv::service_error_kind::unmodelled, cv::fault::server, 500}}};
    cv::http_response_view v;
    const header_list h = {{"X-Amzn-Errortype", "FooError"}};
    v.status = 400;
    v.headers = h;
    e = cv::make_service_error(v, table);
    BOOST_TEST(e.type == "FooError");
    BOOST_TEST((e.fault == cv::fault::server)); // from the table, not the 400
}

BOOST_AUTO_TEST_CASE(code_member_and_messages) {
    auto e = make(400, R"({"Code":"Validation","Message":"M","message":"m"})", {{"x-amzn-errortype", "BadRequestException"}});
    BOOST_TEST(e.code_raw == "Validation");
    BOOST_TEST((e.code == cv::error_code::validation));
    BOOST_TEST(e.message == "m"); // `message` is read first, as botocore does
    e = make(400, R"({"Code":"SomethingNew"})", {{"x-amzn-errortype", "BadRequestException"}});
    BOOST_TEST(e.code_raw == "SomethingNew");
    BOOST_TEST((e.code == cv::error_code::unknown_value));
}

BOOST_AUTO_TEST_CASE(metadata_reading) {
    cv::http_response_view v;
    const header_list h = {{"X-Amz-Request-Id", "fallback"}, {"x-amzn-requestid", ""}, {"X-AMZ-ID-2", "id2"},
                           {"x-amz-cf-id", "cf"}};
    v.status = 503;
    v.headers = h;
    const auto m = cv::read_response_metadata(v);
    BOOST_TEST(m.http_status == 503);
    BOOST_TEST(m.request_id == "fallback");
    BOOST_TEST(m.extended_request_id == "id2");
    BOOST_TEST(m.cf_id == "cf");
    const header_list h2 = {{"x-amz-request-id", "second"}, {"X-Amzn-RequestId", "first"}};
    v.headers = h2;
    BOOST_TEST(cv::read_response_metadata(v).request_id == "first");
}

BOOST_AUTO_TEST_CASE(fault_and_reason) {
    BOOST_TEST((cv::fault_from_status(400) == cv::fault::client));
    BOOST_TEST((cv::fault_from_status(499) == cv::fault::client));
    BOOST_TEST((cv::fault_from_status(500) == cv::fault::server));
    BOOST_TEST((cv::fault_from_status(599) == cv::fault::server));
    BOOST_TEST((cv::fault_from_status(399) == cv::fault::none));
    // RFC 9110 section 15 reason phrases.
    BOOST_TEST(cv::http_reason_phrase(429) == "Too Many Requests");
    BOOST_TEST(cv::http_reason_phrase(503) == "Service Unavailable");
    BOOST_TEST(cv::http_reason_phrase(299).empty());
}

BOOST_AUTO_TEST_CASE(hostile_bodies) {
    // Deep, huge, binary, invalid UTF-8: all give an error value, body kept.
    std::string deep(200'000, '[');
    auto e = make(500, deep);
    BOOST_TEST((e.kind == cv::service_error_kind::unknown));
    BOOST_TEST(e.body.size() == deep.size());
    std::string big = R"({"__type":"BigError","Message":")" + std::string(2u << 20, 'x') + "\"}";
    e = make(500, big); // above max_json_body_bytes: not parsed, kept
    BOOST_TEST((e.kind == cv::service_error_kind::unknown));
    BOOST_TEST(e.body.size() == big.size());
    cv::service_error_options opt;
    opt.max_json_body_bytes = big.size();
    cv::http_response_view v;
    v.status = 500;
    v.body = big;
    e = cv::make_service_error(v, cv::chime_voice_modelled_errors, opt);
    BOOST_TEST(e.type == "BigError");
    e = make(400, std::string_view("\0\xff{", 3));
    BOOST_TEST(e.category == cv::error_category::service);
    e = make(400, "{\"__type\":\"A\xC0\xAF\"}");
    BOOST_TEST(e.type.empty());
}
