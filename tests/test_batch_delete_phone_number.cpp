// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/batch_delete_phone_number.hpp. Expected values come
// from the Smithy model, RFC 8259 / RFC 3629 and hand-written wire text,
// never from this library's own output.
#include <chime_voice/batch_delete_phone_number.hpp>

#define BOOST_TEST_MODULE batch_delete_phone_number
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <type_traits>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cv = chime_voice;

// Let Boost.Test print the library's enums in failure messages (found by ADL).
namespace chime_voice {
inline std::ostream& boost_test_print_type(std::ostream& os, error_category c) { return os << to_string(c); }
inline std::ostream& boost_test_print_type(std::ostream& os, service_error_kind k) { return os << to_string(k); }
inline std::ostream& boost_test_print_type(std::ostream& os, error_code c) { return os << "ErrorCode(" << to_string(c) << ')'; }
inline std::ostream& boost_test_print_type(std::ostream& os, fault f) { return os << static_cast<int>(f); }
} // namespace chime_voice
using header_list = chime_voice::header_field_list;

namespace {

cv::endpoint test_endpoint(std::string scheme = "https", std::string host = "voice-chime.us-east-1.amazonaws.com",
                           std::string path = "") {
    cv::endpoint ep;
    ep.scheme = std::move(scheme);
    ep.host = std::move(host);
    ep.path = std::move(path);
    ep.url = ep.scheme + "://" + ep.host + ep.path;
    ep.signing_region = "us-east-1";
    return ep;
}

std::expected<cv::http_request, cv::error> serialize(std::vector<std::string> ids,
                                                     const cv::serialize_options& opt = {}) {
    cv::batch_delete_phone_number_request req{std::move(ids)};
    return cv::serialize_request(req, test_endpoint(), "", opt);
}

std::string header(const cv::http_request& r, std::string_view name) {
    const auto* h = r.find_header(name);
    return h ? h->value : std::string("<absent>");
}

std::expected<cv::batch_delete_phone_number_response, cv::error>
parse(int status, std::string_view body, const header_list& headers = {},
      const cv::response_parse_options& opt = {}) {
    cv::http_response_view v;
    v.status = status;
    v.headers = headers;
    v.body = body;
    return cv::parse_batch_delete_phone_number_response(v, opt);
}

template <class T>
std::string str(const T& v) {
    std::ostringstream os;
    os << v;
    return os.str();
}

} // namespace

// The public entry points (CONTRIBUTING.md, "The public contract") have exactly these types.
static_assert(std::is_same_v<decltype(static_cast<std::expected<cv::http_request, cv::error> (*)(
                                          const cv::batch_delete_phone_number_request&, const cv::client_config&)>(
                                          &cv::serialize_request)),
                             std::expected<cv::http_request, cv::error> (*)(const cv::batch_delete_phone_number_request&,
                                                                            const cv::client_config&)>);
static_assert(std::is_invocable_r_v<std::expected<cv::batch_delete_phone_number_response, cv::error>,
                                    decltype(static_cast<std::expected<cv::batch_delete_phone_number_response, cv::error> (*)(
                                                 const cv::http_response_view&)>(
                                        &cv::parse_batch_delete_phone_number_response)),
                                    const cv::http_response_view&>);

// UTF-8 validation at compile time (Unicode chapter 3, Table 3-7).
static_assert(cv::detail::is_valid_utf8("plain ascii"));
static_assert(cv::detail::is_valid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF
static_assert(!cv::detail::is_valid_utf8("\xF4\x90\x80\x80")); // U+110000
static_assert(!cv::detail::is_valid_utf8("\xED\xA0\x80"));      // U+D800
static_assert(!cv::detail::is_valid_utf8("\xC1\xBF"));           // overlong
static_assert(cv::detail::validate_utf8("ab\xE2\x82").offset == 2);

// ------------------------------------------------------------ validation

BOOST_AUTO_TEST_CASE(empty_list_is_a_validation_error) {
    auto r = serialize({});
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().category == cv::error_category::validation);
    BOOST_TEST(r.error().message.find("PhoneNumberIds") != std::string::npos);
    BOOST_TEST(r.error().message.find("at least 1") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_rejected_with_index_and_reason) {
    // Ill-formed sequences from the Unicode Standard, chapter 3, Table 3-7.
    const std::vector<std::pair<std::string, std::string>> bad = {
        {"\xC0\xAF", "overlong"},          // overlong '/'
        {"\xE0\x80\xAF", "overlong"},      // overlong, 3 bytes
        {"\xF0\x80\x80\xAF", "overlong"},  // overlong, 4 bytes
        {"\xED\xA0\x80", "surrogate"},     // U+D800
        {"\xED\xBF\xBF", "surrogate"},     // U+DFFF
        {"\xF4\x90\x80\x80", "U+10FFFF"},  // U+110000
        {"\xF5\x80\x80\x80", "U+10FFFF"},
        {"\x80", "continuation"},
        {"\xE2\x82", "truncated"},
        {"\xE2\x28\xA1", "continuation"},
    };
    for (const auto& [bytes, what] : bad) {
        auto r = serialize({"+12065550100", "ok" + bytes});
        BOOST_REQUIRE(!r);
        BOOST_TEST(r.error().category == cv::error_category::validation);
        const std::string& m = r.error().message;
        BOOST_TEST_INFO("message: " << m);
        BOOST_TEST(m.find("PhoneNumberIds[1]") != std::string::npos);
        BOOST_TEST(m.find("UTF-8") != std::string::npos);
        BOOST_TEST(m.find(what) != std::string::npos);
        BOOST_TEST(m.find("at byte 2") != std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(boundary_code_points_are_accepted) {
    // U+007F, U+0080, U+07FF, U+0800, U+D7FF, U+E000, U+FFFF, U+10000, U+10FFFF
    auto r = serialize({"\x7F", "\xC2\x80", "\xDF\xBF", "\xE0\xA0\x80", "\xED\x9F\xBF", "\xEE\x80\x80",
                        "\xEF\xBF\xBF", "\xF0\x90\x80\x80", "\xF4\x8F\xBF\xBF", ""});
    BOOST_REQUIRE(r.has_value());
}

BOOST_AUTO_TEST_CASE(limits_are_named_settings) {
    cv::serialize_options opt;
    opt.max_phone_number_ids = 2;
    auto r = serialize({"a", "b", "c"}, opt);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message.find("max_phone_number_ids") != std::string::npos);

    opt = {};
    opt.max_phone_number_id_bytes = 3;
    r = serialize({"abc", "abcd"}, opt);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message.find("PhoneNumberIds[1]") != std::string::npos);

    opt = {};
    opt.max_body_bytes = 10;
    r = serialize({"abc"}, opt);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message.find("max_body_bytes") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(one_hundred_thousand_ids) {
    std::vector<std::string> ids;
    ids.reserve(100'000);
    for (int i = 0; i < 100'000; ++i) ids.push_back("+1206" + std::to_string(5'000'000 + i));
    const auto t0 = std::chrono::steady_clock::now();
    auto r = serialize(ids);
    const auto dt = std::chrono::steady_clock::now() - t0;
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST_MESSAGE("100,000 IDs serialized in "
                       << std::chrono::duration_cast<std::chrono::milliseconds>(dt).count() << " ms, "
                       << r->body.size() << " bytes");
    const auto v = boost::json::parse(r->body);
    const auto& a = v.at("PhoneNumberIds").as_array();
    BOOST_REQUIRE_EQUAL(a.size(), 100'000u);
    BOOST_TEST(a[0].as_string() == "+12065000000");
    BOOST_TEST(a[99'999].as_string() == "+12065099999");
    BOOST_TEST(header(*r, "content-length") == std::to_string(r->body.size()));

    ids.push_back("one too many");
    auto too_many = serialize(ids);
    BOOST_REQUIRE(!too_many);
    BOOST_TEST(too_many.error().category == cv::error_category::validation);
    BOOST_TEST(too_many.error().message.find("100001") != std::string::npos);
}

// -------------------------------------------------------- serialization

BOOST_AUTO_TEST_CASE(request_line_and_headers) {
    auto r = serialize({"+12065550100", "+12065550101"});
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->method == "POST");
    BOOST_TEST(r->scheme == "https");
    BOOST_TEST(r->host == "voice-chime.us-east-1.amazonaws.com");
    BOOST_TEST(r->path == "/phone-numbers");
    BOOST_TEST(r->query == "operation=batch-delete");
    BOOST_TEST(r->url() == "https://voice-chime.us-east-1.amazonaws.com/phone-numbers?operation=batch-delete");
    BOOST_TEST(r->target() == "/phone-numbers?operation=batch-delete");
    BOOST_TEST(r->body == R"({"PhoneNumberIds":["+12065550100","+12065550101"]})");
    BOOST_TEST(header(*r, "Host") == "voice-chime.us-east-1.amazonaws.com");
    BOOST_TEST(header(*r, "Content-Type") == "application/json");
    BOOST_TEST(header(*r, "Content-Length") == "50");
    const std::string ua = header(*r, "User-Agent");
    BOOST_TEST(ua.starts_with("chime-voice/" CHIME_VOICE_VERSION_STRING " "));
    BOOST_TEST(header(*r, "x-amz-user-agent") == ua);
    BOOST_TEST(r->headers.size() == 5u);
    BOOST_TEST(r->headers.capacity() >= r->headers.size() + 4);
}

BOOST_AUTO_TEST_CASE(short_bodies_have_the_exact_size) {
    // Bodies that fit in a default-grown capacity (a libstdc++ 12
    // resize_and_overwrite pitfall once left stray bytes after the JSON).
    auto r = serialize({"abc"});
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->body == R"({"PhoneNumberIds":["abc"]})");
    BOOST_TEST(header(*r, "content-length") == "26");
    r = serialize({""});
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->body == R"({"PhoneNumberIds":[""]})");
}

BOOST_AUTO_TEST_CASE(endpoint_base_path_and_port) {
    cv::batch_delete_phone_number_request req{{"x"}};
    auto r = cv::serialize_request(req, test_endpoint("http", "127.0.0.1:8080", "/prefix"), "my-app");
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->url() == "http://127.0.0.1:8080/prefix/phone-numbers?operation=batch-delete");
    BOOST_TEST(header(*r, "host") == "127.0.0.1:8080");
    BOOST_TEST(header(*r, "user-agent").ends_with(" app/my-app"));

    auto bad = cv::serialize_request(req, test_endpoint("https", ""), "");
    BOOST_REQUIRE(!bad);
    BOOST_TEST(bad.error().category == cv::error_category::endpoint);
}

BOOST_AUTO_TEST_CASE(serialize_with_client_config) {
    cv::client_config cfg;
    cfg.region = "us-west-2";
    cv::batch_delete_phone_number_request req{{"%2B12065550100"}};
    auto r = cv::serialize_request(req, cfg);
    BOOST_REQUIRE(r.has_value());
    // The URL botocore sends for this call (testdata botocore-vectors, single-id).
    BOOST_TEST(r->url() == "https://voice-chime.us-west-2.amazonaws.com/phone-numbers?operation=batch-delete");
    BOOST_TEST(header(*r, "host") == "voice-chime.us-west-2.amazonaws.com");

    cfg.endpoint = "http://localhost:8080";
    r = cv::serialize_request(req, cfg);
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->url() == "http://localhost:8080/phone-numbers?operation=batch-delete");
    BOOST_TEST(header(*r, "host") == "localhost:8080");

    // Validation comes before endpoint resolution, and an empty list fails
    // even with an unusable configuration.
    cv::client_config empty;
    auto e = cv::serialize_request(cv::batch_delete_phone_number_request{}, empty);
    BOOST_REQUIRE(!e);
    BOOST_TEST(e.error().category == cv::error_category::validation);
}

BOOST_AUTO_TEST_CASE(json_string_escaping_rfc8259) {
    // RFC 8259 section 7: '"' and '\' escaped, controls as the short forms or
    // \u00XX (lower-case hex, as JSON.stringify writes them); DEL, U+2028,
    // U+2029 and all non-ASCII stay raw UTF-8; '/' is not escaped.
    auto r = serialize({"q\"b\\s/", "\b\f\n\r\t", std::string("\x00\x01\x1f", 3), "\x7f",
                        "\xE2\x80\xA8\xE2\x80\xA9", "caf\xC3\xA9 \xF0\x9F\x98\x80"});
    BOOST_REQUIRE(r.has_value());
    const std::string expected = "{\"PhoneNumberIds\":["
                                 "\"q\\\"b\\\\s/\","
                                 "\"\\b\\f\\n\\r\\t\","
                                 "\"\\u0000\\u0001\\u001f\","
                                 "\"\x7f\","
                                 "\"\xE2\x80\xA8\xE2\x80\xA9\","
                                 "\"caf\xC3\xA9 \xF0\x9F\x98\x80\"]}";
    BOOST_TEST(r->body == expected);
    BOOST_TEST(r->body.size() == r->body.capacity()); // one allocation of the exact size
    // And a conforming JSON reader gives back the input.
    const auto v = boost::json::parse(r->body);
    BOOST_TEST(v.at("PhoneNumberIds").at(2).as_string() == boost::json::string_view("\x00\x01\x1f", 3));
}

BOOST_AUTO_TEST_CASE(request_printing_redacts_ids) {
    cv::batch_delete_phone_number_request req{{"+12065550100", "+12065550199"}};
    const std::string s = str(req);
    BOOST_TEST(s.find("555") == std::string::npos);
    BOOST_TEST(s == "batch_delete_phone_number_request{phone_number_ids=[<redacted>, <redacted>]}");
}

// -------------------------------------------------------------- success

BOOST_AUTO_TEST_CASE(success_without_errors) {
    for (std::string_view body : {"", "{}", " \r\n\t", R"({"PhoneNumberErrors":null})", R"({"PhoneNumberErrors":[]})",
                                  R"({"Other":[1,{"a":null}],"PhoneNumberErrors":[]})"}) {
        BOOST_TEST_INFO("body: " << body);
        auto r = parse(200, body);
        BOOST_REQUIRE(r.has_value());
        BOOST_TEST(r->phone_number_errors.empty());
        BOOST_TEST(r->metadata.http_status == 200);
    }
    // Any 2xx is a success.
    auto r = parse(202, "{}");
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->metadata.http_status == 202);
}

BOOST_AUTO_TEST_CASE(success_with_errors_unknown_codes_kept) {
    const std::string_view body = R"({"PhoneNumberErrors":[
        {"PhoneNumberId":"+12065550100","ErrorCode":"NotFound","ErrorMessage":"no such number"},
        {"PhoneNumberId":"+12065550101","ErrorCode":"Validation","ErrorMessage":"bad \"id\" \u00e9"},
        {"PhoneNumberId":"+12065550102","ErrorCode":"SomethingNew","Extra":{"deep":[[{"x":1}]]}},
        {"ErrorCode":"","PhoneNumberId":null},
        null,
        {}
    ],"Unknown":{"PhoneNumberErrors":5}})";
    auto r = parse(200, body);
    BOOST_REQUIRE(r.has_value());
    const auto& e = r->phone_number_errors;
    BOOST_REQUIRE_EQUAL(e.size(), 5u);
    BOOST_TEST(e[0].phone_number_id == "+12065550100");
    BOOST_TEST(e[0].error_code_raw == "NotFound");
    BOOST_TEST((e[0].code == cv::error_code::not_found));
    BOOST_TEST(e[0].error_message == "no such number");
    BOOST_TEST((e[1].code == cv::error_code::validation));
    BOOST_TEST(e[1].error_message == "bad \"id\" \xC3\xA9");
    BOOST_TEST(e[2].error_code_raw == "SomethingNew");
    BOOST_TEST((e[2].code == cv::error_code::unknown_value));
    BOOST_TEST(!e[2].has_error_message);
    // An empty ErrorCode is present (and unknown); a null PhoneNumberId is absent.
    BOOST_TEST(e[3].has_error_code);
    BOOST_TEST(e[3].error_code_raw.empty());
    BOOST_TEST(!e[3].has_phone_number_id);
    // The null element is skipped; {} is an element with nothing set.
    BOOST_TEST(!e[4].has_phone_number_id);
    BOOST_TEST(!e[4].has_error_code);
    BOOST_TEST(!e[4].has_error_message);
}

BOOST_AUTO_TEST_CASE(every_model_error_code_maps) {
    // The 17 values of the ErrorCode enum (Smithy model + 2026-07 Validation).
    const std::vector<std::pair<std::string, cv::error_code>> all = {
        {"BadRequest", cv::error_code::bad_request},
        {"Conflict", cv::error_code::conflict},
        {"Forbidden", cv::error_code::forbidden},
        {"NotFound", cv::error_code::not_found},
        {"PreconditionFailed", cv::error_code::precondition_failed},
        {"ResourceLimitExceeded", cv::error_code::resource_limit_exceeded},
        {"ServiceFailure", cv::error_code::service_failure},
        {"AccessDenied", cv::error_code::access_denied},
        {"ServiceUnavailable", cv::error_code::service_unavailable},
        {"Throttled", cv::error_code::throttled},
        {"Throttling", cv::error_code::throttling},
        {"Unauthorized", cv::error_code::unauthorized},
        {"Unprocessable", cv::error_code::unprocessable},
        {"VoiceConnectorGroupAssociationsExist", cv::error_code::voice_connector_group_associations_exist},
        {"PhoneNumberAssociationsExist", cv::error_code::phone_number_associations_exist},
        {"Gone", cv::error_code::gone},
        {"Validation", cv::error_code::validation},
    };
    std::string body = R"({"PhoneNumberErrors":[)";
    for (std::size_t i = 0; i < all.size(); ++i)
        body += (i ? "," : "") + std::string(R"({"ErrorCode":")") + all[i].first + "\"}";
    body += R"(,{"ErrorCode":"notfound"}]})";
    auto r = parse(200, body);
    BOOST_REQUIRE(r.has_value());
    BOOST_REQUIRE_EQUAL(r->phone_number_errors.size(), all.size() + 1);
    for (std::size_t i = 0; i < all.size(); ++i) {
        BOOST_TEST((r->phone_number_errors[i].code == all[i].second));
        BOOST_TEST(r->phone_number_errors[i].error_code_raw == all[i].first);
    }
    BOOST_TEST((r->phone_number_errors.back().code == cv::error_code::unknown_value)); // case-sensitive
}

BOOST_AUTO_TEST_CASE(metadata_headers_case_insensitive) {
    const header_list h = {{"X-AMZN-REQUESTID", "req-1"}, {"x-amz-ID-2", "ext-2"}, {"X-Amz-Cf-Id", "cf-3"}};
    auto r = parse(200, "{}", h);
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->metadata.request_id == "req-1");
    BOOST_TEST(r->metadata.extended_request_id == "ext-2");
    BOOST_TEST(r->metadata.cf_id == "cf-3");

    const header_list h2 = {{"X-Amz-Request-Id", "req-s3-style"}};
    r = parse(200, "", h2);
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->metadata.request_id == "req-s3-style");
}

BOOST_AUTO_TEST_CASE(response_printing_redacts_ids) {
    auto r = parse(200, R"({"PhoneNumberErrors":[{"PhoneNumberId":"+12065550100","ErrorCode":"NotFound","ErrorMessage":"m"}]})",
                   {{"x-amzn-requestid", "rid"}});
    BOOST_REQUIRE(r.has_value());
    const std::string s = str(*r);
    BOOST_TEST(s.find("+1206") == std::string::npos);
    BOOST_TEST(s.find("<redacted>") != std::string::npos);
    BOOST_TEST(s.find("NotFound") != std::string::npos);
    BOOST_TEST(s.find("rid") != std::string::npos);
    const std::string e = str(r->phone_number_errors[0]);
    BOOST_TEST(e == "phone_number_error{phone_number_id=<redacted>, error_code=NotFound, error_message=\"m\"}");
}

// ---------------------------------------------------- malformed 2xx bodies

BOOST_AUTO_TEST_CASE(wrong_types_are_malformed_with_a_path) {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"PhoneNumberErrors": 5})", "PhoneNumberErrors: expected array, got number"},
        {R"({"PhoneNumberErrors": {}})", "PhoneNumberErrors: expected array, got object"},
        {R"({"PhoneNumberErrors": "x"})", "PhoneNumberErrors: expected array, got string"},
        {R"({"PhoneNumberErrors": [{}, "x"]})", "PhoneNumberErrors[1]: expected object, got string"},
        {R"({"PhoneNumberErrors": [[]]})", "PhoneNumberErrors[0]: expected object, got array"},
        {R"({"PhoneNumberErrors":[{},{},{},{"ErrorCode":5}]})", "PhoneNumberErrors[3].ErrorCode: expected string, got number"},
        {R"({"PhoneNumberErrors":[{"PhoneNumberId":true}]})", "PhoneNumberErrors[0].PhoneNumberId: expected string, got boolean"},
        {R"({"PhoneNumberErrors":[{"ErrorMessage":{"a":1}}]})", "PhoneNumberErrors[0].ErrorMessage: expected string, got object"},
        {R"([])", "expected a JSON object at the top level, got array"},
        {R"("x")", "expected a JSON object at the top level, got string"},
        {R"(null)", "expected a JSON object at the top level, got null"},
    };
    for (const auto& [body, msg] : cases) {
        BOOST_TEST_INFO("body: " << body);
        auto r = parse(200, body, {{"x-amzn-RequestId", "rid-9"}});
        BOOST_REQUIRE(!r);
        BOOST_TEST(r.error().category == cv::error_category::malformed_response);
        BOOST_TEST(r.error().message == msg);
        BOOST_TEST(r.error().metadata.http_status == 200);
        BOOST_TEST(r.error().metadata.request_id == "rid-9");
        BOOST_TEST(r.error().body == body);
    }
}

BOOST_AUTO_TEST_CASE(invalid_json_is_malformed) {
    for (std::string_view body : {"{", "{\"PhoneNumberErrors\":[}", "<html>", "{} x", "{\"a\":\"\xC0\xAF\"}",
                                  "{\"a\":\"\xED\xA0\x80\"}", "{'a':1}"}) {
        BOOST_TEST_INFO("body: " << body);
        auto r = parse(200, body);
        BOOST_REQUIRE(!r);
        BOOST_TEST(r.error().category == cv::error_category::malformed_response);
        BOOST_TEST(r.error().message.find("not valid JSON") != std::string::npos);
    }
    // Invalid UTF-8 in a string (RFC 8259 section 8.1) is named as such.
    auto r = parse(200, "{\"PhoneNumberErrors\":[{\"ErrorMessage\":\"\xF4\x90\x80\x80\"}]}");
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message.find("invalid UTF-8 (code point above U+10FFFF) at byte 39") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(deep_and_huge_bodies_fail_fast) {
    std::string deep;
    for (int i = 0; i < 100'000; ++i) deep += "{\"a\":";
    deep += "1" + std::string(100'000, '}');
    auto t0 = std::chrono::steady_clock::now();
    auto r = parse(200, deep);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().category == cv::error_category::malformed_response);
    BOOST_TEST(r.error().message.find("max_depth") != std::string::npos);
    // Also nested inside an ignored member, where the depth limit still holds.
    std::string deep2 = "{\"x\":" + std::string(100'000, '[');
    r = parse(200, deep2);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message.find("max_depth") != std::string::npos);
    // Error bodies too: a deep error body is kept, not parsed.
    r = parse(500, deep);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().category == cv::error_category::service);
    BOOST_TEST(r.error().body.size() == deep.size());

    std::string huge(64u << 20, ' ');
    huge.front() = '{';
    huge.back() = '}';
    r = parse(200, huge);
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message.find("max_body_bytes") != std::string::npos);
    const auto dt = std::chrono::steady_clock::now() - t0;
    BOOST_TEST(std::chrono::duration_cast<std::chrono::seconds>(dt).count() < 5);
}

BOOST_AUTO_TEST_CASE(status_outside_range_is_malformed) {
    for (int s : {-1, 0, 99, 600, 1000}) {
        auto r = parse(s, "{}");
        BOOST_REQUIRE(!r);
        BOOST_TEST(r.error().category == cv::error_category::malformed_response);
        BOOST_TEST(r.error().metadata.http_status == s);
    }
}

// ---------------------------------------------------------- service errors

BOOST_AUTO_TEST_CASE(modelled_errors_kind_and_fault_from_model) {
    struct row { std::string type; cv::service_error_kind kind; cv::fault fault; };
    const std::vector<row> rows = {
        {"BadRequestException", cv::service_error_kind::bad_request_exception, cv::fault::client},
        {"UnauthorizedClientException", cv::service_error_kind::unauthorized_client_exception, cv::fault::client},
        {"ForbiddenException", cv::service_error_kind::forbidden_exception, cv::fault::client},
        {"NotFoundException", cv::service_error_kind::not_found_exception, cv::fault::client},
        {"ThrottledClientException", cv::service_error_kind::throttled_client_exception, cv::fault::client},
        {"ServiceFailureException", cv::service_error_kind::service_failure_exception, cv::fault::server},
        {"ServiceUnavailableException", cv::service_error_kind::service_unavailable_exception, cv::fault::server},
    };
    for (const auto& row : rows) {
        // The status deliberately disagrees with the model: fault follows the model.
        const int status = row.fault == cv::fault::client ? 503 : 400;
        const header_list h = {{"X-Amzn-ErrorType", row.type}, {"X-Amzn-RequestId", "r1"}};
        auto r = parse(status, R"({"Code":"Throttled","Message":"slow"})", h);
        BOOST_REQUIRE(!r);
        const auto& e = r.error();
        BOOST_TEST(e.category == cv::error_category::service);
        BOOST_TEST(e.is_service_error());
        BOOST_TEST((e.kind == row.kind));
        BOOST_TEST((e.fault == row.fault));
        BOOST_TEST(e.type == row.type);
        BOOST_TEST(e.code_raw == "Throttled");
        BOOST_TEST((e.code == cv::error_code::throttled));
        BOOST_TEST(e.message == "slow");
        BOOST_TEST(e.http_status() == status);
        BOOST_TEST(e.metadata.request_id == "r1");
    }
}

BOOST_AUTO_TEST_CASE(message_vs_Message) {
    auto r = parse(400, R"({"__type":"BadRequestException","message":"lower"})");
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message == "lower");
    r = parse(400, R"({"__type":"BadRequestException","Message":"upper"})");
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message == "upper");
    r = parse(400, R"({"code":"BadRequestException"})");
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().kind == cv::service_error_kind::bad_request_exception));
    BOOST_TEST(r.error().message.empty());
}

BOOST_AUTO_TEST_CASE(unmodelled_type_is_kept) {
    auto r = parse(418, R"({"__type":"com.example#TeapotException:http://x","Message":"short and stout"})");
    BOOST_REQUIRE(!r);
    const auto& e = r.error();
    BOOST_TEST((e.kind == cv::service_error_kind::unmodelled));
    BOOST_TEST(e.type == "TeapotException");
    BOOST_TEST(e.message == "short and stout");
    BOOST_TEST((e.fault == cv::fault::client));
    BOOST_TEST(e.body.find("short and stout") != std::string::npos);
    r = parse(504, R"({"__type":"GatewayGoneException"})");
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().fault == cv::fault::server));
}

BOOST_AUTO_TEST_CASE(html_error_page_from_a_proxy) {
    const std::string_view html = "<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>";
    const header_list h = {{"Content-Type", "text/html"}, {"x-amz-cf-id", "cf-xyz"}, {"x-amzn-requestid", "req-html"}};
    auto r = parse(502, html, h);
    BOOST_REQUIRE(!r);
    const auto& e = r.error();
    BOOST_TEST(e.category == cv::error_category::service);
    BOOST_TEST((e.kind == cv::service_error_kind::unknown));
    BOOST_TEST(e.type.empty());
    BOOST_TEST((e.fault == cv::fault::server));
    BOOST_TEST(e.http_status() == 502);
    BOOST_TEST(e.metadata.request_id == "req-html");
    BOOST_TEST(e.metadata.cf_id == "cf-xyz");
    BOOST_TEST(e.body == html);
    BOOST_TEST(e.message.find("Bad Gateway") != std::string::npos);
    BOOST_TEST(e.message.find("not a JSON") != std::string::npos);

    // A modelled type in the header with an HTML body still keeps the body.
    const header_list h2 = {{"x-amzn-errortype", "ServiceUnavailableException"}};
    r = parse(503, html, h2);
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().kind == cv::service_error_kind::service_unavailable_exception));
    BOOST_TEST(r.error().body == html);
}

BOOST_AUTO_TEST_CASE(no_type_message_from_status) {
    auto r = parse(500, "");
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().kind == cv::service_error_kind::unknown));
    BOOST_TEST(r.error().message == "Internal Server Error");
    r = parse(599, "");
    BOOST_REQUIRE(!r);
    BOOST_TEST(r.error().message == "HTTP 599");
    // 1xx/3xx are not successes either; they come back as untyped errors.
    r = parse(302, "");
    BOOST_REQUIRE(!r);
    BOOST_TEST((r.error().kind == cv::service_error_kind::unknown));
    BOOST_TEST((r.error().fault == cv::fault::none));
}

BOOST_AUTO_TEST_CASE(error_printing_hides_the_body) {
    auto r = parse(404, R"({"Message":"gone","PhoneNumberId":"+12065550100"})",
                   {{"X-Amzn-Errortype", "NotFoundException"}});
    BOOST_REQUIRE(!r);
    const std::string s = str(r.error());
    BOOST_TEST(s.find("NotFoundException") != std::string::npos);
    BOOST_TEST(s.find("+1206") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(results_do_not_refer_to_the_buffers) {
    std::string body = R"({"PhoneNumberErrors":[{"PhoneNumberId":"abc","ErrorCode":"Gone"}]})";
    std::string rid = "request-id";
    const header_list h = {{"x-amzn-requestid", rid}};
    auto r = parse(200, body, h);
    std::fill(body.begin(), body.end(), 'Z');
    std::fill(rid.begin(), rid.end(), 'Z');
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->phone_number_errors[0].phone_number_id == "abc");
    BOOST_TEST(r->metadata.request_id == "request-id");
}

// The body writer's plain-ID fast path (whole IDs copied when none needs
// escaping, a word-at-a-time check) gives the bytes of the generic
// write_string_list_object, for every length around the 8-byte words and
// each byte that needs escaping at each position; and validate() still
// refuses bad UTF-8 behind its ASCII fast path.
BOOST_AUTO_TEST_CASE(body_fast_path_matches_the_generic_writer) {
    const char specials[] = {'"', '\\', '\n', '\x01', '\x1f', 'a', '\x7f'};
    for (std::size_t len = 0; len <= 20; ++len)
        for (std::size_t at = 0; at < std::max<std::size_t>(len, 1); ++at)
            for (char sp : specials) {
                std::string id(len, '7');
                if (len) id[at] = sp;
                const cv::batch_delete_phone_number_request req{{"+12065550100", id, "x"}};
                BOOST_TEST(cv::write_body(req) == cv::detail::write_string_list_object(
                                                      "PhoneNumberIds",
                                                      std::span<const std::string>(req.phone_number_ids)));
            }
    for (std::size_t len = 1; len <= 20; ++len)
        for (std::size_t at = 0; at < len; ++at) {
            std::string id(len, '7');
            id[at] = '\xff';
            BOOST_TEST(!cv::validate(cv::batch_delete_phone_number_request{{id}}).has_value());
            id[at] = '\xc3';
            if (at + 1 < len) {
                id[at + 1] = '\xa9'; // U+00E9
                BOOST_TEST(cv::validate(cv::batch_delete_phone_number_request{{id}}).has_value());
                BOOST_TEST(cv::write_body(cv::batch_delete_phone_number_request{{id}}) ==
                           "{\"PhoneNumberIds\":[\"" + id + "\"]}");
            }
        }
}
