// SPDX-License-Identifier: BSL-1.0
// chime_voice/error.hpp: the ErrorCode enum against the service model, the
// categories, and printing.
#include <chime_voice/error.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE error
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

namespace cv = chime_voice;

namespace {
boost::json::object shapes() {
    const std::filesystem::path p =
        std::filesystem::path(CHIME_VOICE_TESTDATA_DIR) / "model" / "batch-delete-phone-number.botocore.json";
    std::ifstream f(p);
    BOOST_TEST_REQUIRE(f.good(), "cannot open " << p);
    std::stringstream ss;
    ss << f.rdbuf();
    return boost::json::parse(ss.str()).as_object().at("shapes").as_object();
}
} // namespace

// Every ErrorCode value of the model (2026-07 revision) maps to its own
// enumerator and back; nothing else does.
BOOST_AUTO_TEST_CASE(error_codes_match_the_model) {
    const auto s = shapes();
    const auto& values = s.at("ErrorCode").as_object().at("enum").as_array();
    BOOST_TEST(values.size() == 17u);
    std::set<cv::error_code> seen;
    for (const auto& v : values) {
        const std::string name(v.as_string());
        const auto code = cv::parse_error_code(name);
        BOOST_TEST((code != cv::error_code::unknown_value), name);
        BOOST_TEST(cv::to_string(code) == name);
        seen.insert(code);
    }
    BOOST_TEST(seen.size() == values.size());
    for (std::string_view other : {"", "notfound", "NotFound ", "SomethingNew", "BadRequestException"})
        BOOST_TEST((cv::parse_error_code(other) == cv::error_code::unknown_value), other);
    BOOST_TEST(cv::to_string(cv::error_code::unknown_value).empty());
}

// The modelled errors named by the operation, with the names the error kinds print.
BOOST_AUTO_TEST_CASE(error_kinds_match_the_model) {
    const auto s = shapes();
    using k = cv::service_error_kind;
    for (auto kind : {k::bad_request_exception, k::unauthorized_client_exception, k::forbidden_exception,
                      k::not_found_exception, k::throttled_client_exception, k::service_failure_exception,
                      k::service_unavailable_exception}) {
        const std::string name(cv::to_string(kind));
        BOOST_TEST(s.contains(name), name);
        BOOST_TEST(s.at(name).as_object().at("exception").as_bool(), name);
    }
}

BOOST_AUTO_TEST_CASE(request_and_response_side) {
    using c = cv::error_category;
    for (auto cat : {c::validation, c::endpoint, c::credentials, c::signing}) {
        const auto e = cv::error::make(cat, "x");
        BOOST_TEST(e.is_request_error());
        BOOST_TEST(!e.is_response_error());
        BOOST_TEST(!e.is_service_error());
    }
    for (auto cat : {c::service, c::malformed_response}) {
        cv::error e;
        e.category = cat;
        BOOST_TEST(e.is_response_error());
        BOOST_TEST(e.is_service_error() == (cat == c::service));
    }
}

BOOST_AUTO_TEST_CASE(printing_is_one_line_without_the_body) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = cv::service_error_kind::not_found_exception;
    e.type = "NotFoundException";
    e.code_raw = "NotFound";
    e.message = "Phone number not found";
    e.metadata.http_status = 404;
    e.metadata.request_id = "rid-1";
    e.body = R"({"PhoneNumberId":"+12065550100"})";
    std::ostringstream os;
    os << e;
    BOOST_TEST(os.str() ==
               "service error NotFoundException (Code NotFound) HTTP 404: Phone number not found [request id rid-1]");
    BOOST_TEST(os.str().find("+1206") == std::string::npos);
}

BOOST_AUTO_TEST_CASE(error_type_name_prefers_the_wire_type) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = cv::service_error_kind::throttled_client_exception;
    BOOST_TEST(cv::error_type_name(e) == "ThrottledClientException"); // from the modelled kind
    e.type = "ThrottlingException";
    BOOST_TEST(cv::error_type_name(e) == "ThrottlingException"); // the cleaned type wins
    e.type.clear();
    for (auto k : {cv::service_error_kind::none, cv::service_error_kind::unmodelled, cv::service_error_kind::unknown}) {
        e.kind = k;
        BOOST_TEST(cv::error_type_name(e).empty());
    }
    BOOST_TEST(cv::error_type_name(cv::error::make(cv::error_category::validation, "x")).empty());
}
