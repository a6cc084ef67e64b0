// SPDX-License-Identifier: BSL-1.0
// Smithy restJson1 protocol compliance cases (testdata/restjson1/cases.json)
// and the JSON-body cases of related-json-cases.json, run against the pieces
// of this library that BatchDeletePhoneNumber uses: the restJson1 error
// builder (service_error.hpp), the JSON writer (detail/json.hpp), the request
// builder (detail::make_json_request) and the output parser.
//
// Every case is classified: either it is run (and must pass), or it is
// listed below with the reason it does not apply (a feature this operation
// does not use: header/label/query bindings, payloads, blobs, numbers,
// timestamps, unions, sparse lists, ...). A case that is in neither list
// fails the test, so a new upstream case can never pass silently.
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/service_error.hpp>

#define BOOST_TEST_MODULE restjson1
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>
#include <boost/test/results_collector.hpp>

#include <boost/json.hpp>

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cv = chime_voice;
namespace json = boost::json;

namespace chime_voice {
inline std::ostream& boost_test_print_type(std::ostream& os, service_error_kind k) { return os << to_string(k); }
inline std::ostream& boost_test_print_type(std::ostream& os, fault f) { return os << static_cast<int>(f); }
inline std::ostream& boost_test_print_type(std::ostream& os, error_category c) { return os << to_string(c); }
} // namespace chime_voice

namespace {

json::value load(const std::string& name) {
    const std::string path = std::string(CHIME_VOICE_TESTDATA_DIR) + "/restjson1/" + name;
    std::ifstream f(path, std::ios::binary);
    BOOST_TEST_REQUIRE(f.good(), "cannot open " << path);
    std::stringstream ss;
    ss << f.rdbuf();
    return json::parse(ss.str());
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

std::string key_of(const json::object& c) { return str(c.at("kind")) + ":" + str(c.at("id")); }

// ------------------------------------------------ not applicable, with why

const std::map<std::string, std::string> not_applicable = {
    {"error:RestJsonComplexErrorWithNoMessage",
     "error members bound to a header (@httpHeader X-Header) and a nested structure with @jsonName; "
     "the Chime errors have only the body members Code and Message"},
    {"response:RestJsonGreetingWithErrors", "output member bound to a header (@httpHeader X-Greeting)"},
    {"response:RestJsonGreetingWithErrorsNoPayload", "output member bound to a header (@httpHeader X-Greeting)"},
    {"request:RestJsonLists", "lists of timestamps, numbers, booleans, enums, intEnums, nested lists and structures"},
    {"response:RestJsonLists", "lists of timestamps, numbers, booleans, enums, intEnums, nested lists and structures"},
    {"request:RestJsonSparseListsSerializeNull", "@sparse lists (PhoneNumberIds is a dense list)"},
    {"response:RestJsonSparseListsSerializeNull", "@sparse lists (PhoneNumberErrors is a dense list)"},
    {"request:RestJsonEmptyInputAndEmptyOutput", "operation without input members (our input has a required body member)"},
    {"request:RestJsonNoInputAndNoOutput", "operation without input (our input has a required body member)"},
    {"request:RestJsonNoInputAndOutput", "operation without input (our input has a required body member)"},
    {"request:RestJsonUnitInputAndOutput", "operation with Unit input (our input has a required body member)"},
    {"request:RestJsonTestBodyStructure", "nested structure with an integer member"},
    {"request:RestJsonTestPayloadStructure", "@httpPayload structure with an integer member"},
    {"request:RestJsonHttpWithHeadersButNoPayload", "@httpHeader input member"},
    {"request:RestJsonTestPayloadBlob", "blob @httpPayload with @httpHeader Content-Type"},
    {"request:RestJsonHttpWithEmptyBlobPayload", "blob @httpPayload"},
    {"request:RestJsonHttpGetWithNoModeledBody", "operation without body members (no Content-Type rule)"},
    {"request:RestJsonHttpGetWithHeaderMemberNoModeledBody", "operation without body members, @httpHeader input"},
    {"request:RestJsonHttpPostWithNoModeledBody", "operation without body members (no Content-Type rule)"},
    {"request:RestJsonHttpWithPostHeaderMemberNoModeledBody", "operation without body members, @httpHeader input"},
    {"request:RestJsonHttpGetWithNoInput", "operation without input"},
    {"request:RestJsonHttpPostWithNoInput", "operation without input"},
    {"request:RestJsonDoesntSerializeNullStructureValues", "optional input members (our only input member is required)"},
    {"request:RestJsonJsonEnums", "enum members, enum sets and maps in the input"},
    {"response:RestJsonJsonEnums", "top-level enum members, enum sets and maps in the output"},
    {"request:RestJsonSimpleScalarProperties", "numbers, booleans and an @httpHeader member"},
    {"response:RestJsonSimpleScalarProperties", "numbers, booleans and an @httpHeader member"},
    {"response:RestJsonDeserializeIgnoreType", "unions"},
    // related-json-cases.json
    {"request:serializes_list_of_structure_shapes", "list of structures in the input"},
    {"response:parses_string_shapes", "a string output member (our output has only PhoneNumberErrors)"},
    {"response:parses_list_shapes", "a list-of-strings output member"},
    {"response:parses_list_of_structure_shapes", "a list of structures with a member Value not in PhoneNumberError"},
    {"request:RpcV2JsonRequestClientDoesntSerializeNullStructureValues",
     "optional input members (our only input member is required)"},
};

// ----------------------------------------------------------- helpers

// The test model's errors (shapes.json: @error / @httpError), each mapped to a
// distinct stand-in kind so a test can tell that the table lookup matched.
const std::array<cv::modelled_error, 3> test_model_errors{{
    {"FooError", cv::service_error_kind::service_failure_exception, cv::fault::server, 500},
    {"InvalidGreeting", cv::service_error_kind::bad_request_exception, cv::fault::client, 400},
    {"ComplexError", cv::service_error_kind::forbidden_exception, cv::fault::client, 403},
}};

struct owned_response {
    std::vector<std::pair<std::string, std::string>> owned;
    chime_voice::header_field_list headers;
    std::string body;
    cv::http_response_view view() const {
        cv::http_response_view v;
        v.headers = headers;
        v.body = body;
        return v;
    }
};

owned_response response_of(const json::object& c) {
    owned_response r;
    if (const auto* h = c.if_contains("headers"); h && h->is_object())
        for (const auto& [k, v] : h->as_object()) r.owned.emplace_back(std::string(k), str(v));
    r.headers.assign(r.owned.begin(), r.owned.end());
    if (const auto* b = c.if_contains("body"); b && b->is_string()) r.body = str(*b);
    return r;
}

cv::endpoint test_endpoint() {
    cv::endpoint ep;
    ep.scheme = "https";
    ep.host = "example.com";
    ep.url = "https://example.com";
    return ep;
}

std::vector<std::string> split_query(std::string_view q) {
    std::vector<std::string> out;
    while (!q.empty()) {
        const auto amp = q.find('&');
        out.emplace_back(q.substr(0, amp));
        if (amp == std::string_view::npos) break;
        q.remove_prefix(amp + 1);
    }
    return out;
}

// Checks a request we built against a request case: method, path (unless the
// uri has labels), query pairs, headers, required/forbidden headers, body.
void check_request(const json::object& c, const cv::http_request& r, bool constant_query_only = false) {
    BOOST_TEST(r.method == str(c.at("method")));
    const std::string uri_template = str(c.at("operationHttp").at("uri"));
    if (uri_template.find('{') == std::string::npos) BOOST_TEST(r.path == str(c.at("uri")));
    std::set<std::string> expected_q;
    if (const auto* q = c.if_contains("queryParams"); q && q->is_array())
        for (const auto& p : q->as_array()) expected_q.insert(str(p));
    const auto ours = split_query(r.query);
    for (const auto& p : ours) {
        BOOST_TEST_INFO("query pair " << p);
        BOOST_TEST(expected_q.count(p) == 1u);
    }
    if (!constant_query_only) BOOST_TEST(ours.size() == expected_q.size());
    if (const auto* h = c.if_contains("headers"); h && h->is_object())
        for (const auto& [k, v] : h->as_object()) {
            const auto* got = r.find_header(std::string_view(k.data(), k.size()));
            BOOST_TEST_INFO("header " << k);
            BOOST_TEST_REQUIRE(got != nullptr);
            BOOST_TEST(got->value == str(v));
        }
    if (const auto* h = c.if_contains("requireHeaders"); h && h->is_array())
        for (const auto& n : h->as_array()) BOOST_TEST(r.find_header(str(n)) != nullptr);
    if (const auto* h = c.if_contains("forbidHeaders"); h && h->is_array())
        for (const auto& n : h->as_array()) BOOST_TEST(r.find_header(str(n)) == nullptr);
    if (const auto* b = c.if_contains("body"); b && b->is_string()) {
        if (c.at("bodyMediaType").is_string() && c.at("bodyMediaType").as_string() == "application/json")
            BOOST_TEST(json::parse(r.body) == json::parse(str(*b)));
        else
            BOOST_TEST(r.body == str(*b));
    }
}

// Our output parser on a response case: success, no per-number errors.
void check_empty_output(const json::object& c, std::string body_override = {}, bool use_override = false) {
    auto r = response_of(c);
    if (use_override) r.body = std::move(body_override);
    auto v = r.view();
    v.status = static_cast<int>(c.at("code").as_int64());
    const auto out = cv::parse_batch_delete_phone_number_response(v);
    BOOST_TEST_REQUIRE(out.has_value(), (out ? std::string() : out.error().message) << " for body " << r.body);
    BOOST_TEST(out->phone_number_errors.empty());
    BOOST_TEST(out->metadata.http_status == v.status);
}

// The case's body with one member renamed (mapping a test-model list onto
// PhoneNumberErrors, whose element type does not matter for the rule checked).
std::string rename_member(const json::object& c, std::string_view from, std::string_view to) {
    json::object o = json::parse(str(c.at("body"))).as_object();
    json::value v = o.at(from);
    o.erase(from);
    o[to] = std::move(v);
    return json::serialize(o);
}

using handler = std::function<void(const json::object&)>;

void run_error_case(const json::object& c) {
    const auto r = response_of(c);
    auto v = r.view();
    v.status = static_cast<int>(c.at("code").as_int64());
    const cv::error e = cv::make_service_error(v, test_model_errors);
    const std::string shape = str(c.at("errorShape"));
    BOOST_TEST(e.category == cv::error_category::service);
    BOOST_TEST(e.type == shape);
    const auto it = std::find_if(test_model_errors.begin(), test_model_errors.end(),
                                 [&](const cv::modelled_error& m) { return m.type == shape; });
    BOOST_TEST_REQUIRE((it != test_model_errors.end()));
    BOOST_TEST((e.kind == it->kind));
    const std::string f = str(c.at("errorTraits").at("error"));
    BOOST_TEST((e.fault == (f == "server" ? cv::fault::server : cv::fault::client)));
    BOOST_TEST(e.http_status() == c.at("errorTraits").at("httpError").as_int64());
    const auto* params = c.if_contains("params");
    if (params && params->is_object() && params->as_object().contains("Message"))
        BOOST_TEST(e.message == str(params->at("Message")));
    else if (params && params->is_object())
        BOOST_TEST(e.message.empty()); // modelled, no Message member sent
}

const std::map<std::string, handler> handlers = {
    // ---- requests
    {"request:RestJsonListsEmpty",
     [](const json::object& c) {
         std::vector<std::string> items;
         for (const auto& s : c.at("params").at("stringList").as_array()) items.push_back(str(s));
         std::string body = cv::detail::write_string_list_object("stringList", std::span<const std::string>(items));
         auto r = cv::detail::make_json_request(test_endpoint(), str(c.at("operationHttp").at("method")),
                                                str(c.at("operationHttp").at("uri")), std::move(body), "");
         BOOST_TEST_REQUIRE(r.has_value());
         check_request(c, *r);
     }},
    {"request:RestJsonHttpWithEmptyBody",
     [](const json::object& c) {
         // A JSON-bodied operation sends Content-Type and Content-Length.
         auto r = cv::detail::make_json_request(test_endpoint(), "POST", str(c.at("operationHttp").at("uri")), "{}", "");
         BOOST_TEST_REQUIRE(r.has_value());
         check_request(c, *r);
     }},
    {"request:RestJsonHttpWithEmptyStructurePayload",
     [](const json::object& c) {
         auto r = cv::detail::make_json_request(test_endpoint(), "POST", str(c.at("operationHttp").at("uri")), "{}", "");
         BOOST_TEST_REQUIRE(r.has_value());
         check_request(c, *r);
     }},
    // Constant query strings in the @http uri (like ?operation=batch-delete):
    // the constant part is checked; variable @httpQuery members and
    // @httpLabel are features this operation does not use.
    {"request:RestJsonConstantQueryString",
     [](const json::object& c) {
         BOOST_TEST_MESSAGE("  RestJsonConstantQueryString: constant query checked; @httpLabel path not");
         auto r = cv::detail::make_json_request(test_endpoint(), str(c.at("method")),
                                                str(c.at("operationHttp").at("uri")), "", "");
         BOOST_TEST_REQUIRE(r.has_value());
         BOOST_TEST(r->query == "foo=bar&hello");
         check_request(c, *r, true);
     }},
    {"request:RestJsonConstantAndVariableQueryStringMissingOneValue",
     [](const json::object& c) {
         BOOST_TEST_MESSAGE("  RestJsonConstantAndVariableQueryStringMissingOneValue: constant part only");
         auto r = cv::detail::make_json_request(test_endpoint(), str(c.at("method")),
                                                str(c.at("operationHttp").at("uri")), "", "");
         BOOST_TEST_REQUIRE(r.has_value());
         check_request(c, *r, true);
     }},
    {"request:RestJsonConstantAndVariableQueryStringAllValues",
     [](const json::object& c) {
         BOOST_TEST_MESSAGE("  RestJsonConstantAndVariableQueryStringAllValues: constant part only");
         auto r = cv::detail::make_json_request(test_endpoint(), str(c.at("method")),
                                                str(c.at("operationHttp").at("uri")), "", "");
         BOOST_TEST_REQUIRE(r.has_value());
         check_request(c, *r, true);
     }},
    // ---- responses with no output members set
    {"response:RestJsonEmptyInputAndEmptyOutput", [](const json::object& c) { check_empty_output(c); }},
    {"response:RestJsonEmptyInputAndEmptyOutputJsonObjectOutput", [](const json::object& c) { check_empty_output(c); }},
    {"response:RestJsonNoInputAndNoOutput", [](const json::object& c) { check_empty_output(c); }},
    {"response:RestJsonNoInputAndOutputNoPayload", [](const json::object& c) { check_empty_output(c); }},
    {"response:RestJsonNoInputAndOutputWithJson", [](const json::object& c) { check_empty_output(c); }},
    {"response:RestJsonUnitInputAndOutputNoOutput", [](const json::object& c) { check_empty_output(c); }},
    {"response:RestJsonDoesntDeserializeNullStructureValues",
     [](const json::object& c) {
         check_empty_output(c); // an unknown member holding null is skipped
         check_empty_output(c, rename_member(c, "stringValue", "PhoneNumberErrors"), true); // null = absent
     }},
    {"response:RestJsonListsEmpty",
     [](const json::object& c) {
         // An empty JSON list is an empty list, mapped onto PhoneNumberErrors.
         check_empty_output(c, rename_member(c, "stringList", "PhoneNumberErrors"), true);
     }},
    // ---- related-json-cases.json (JSON body rules only; framing differs)
    {"request:serializes_string_shapes",
     [](const json::object& c) {
         std::string body = "{";
         cv::detail::append_json_string(body, "String");
         body += ':';
         cv::detail::append_json_string(body, str(c.at("params").at("String")));
         body += '}';
         BOOST_TEST(json::parse(body) == json::parse(str(c.at("body"))));
         BOOST_TEST(body == str(c.at("body"))); // compact and minimal escaping: same bytes
     }},
    {"request:serializes_string_shapes_with_jsonvalue_trait",
     [](const json::object& c) {
         std::string body = "{";
         cv::detail::append_json_string(body, "JsonValue");
         body += ':';
         cv::detail::append_json_string(body, str(c.at("params").at("JsonValue")));
         body += '}';
         BOOST_TEST(json::parse(body) == json::parse(str(c.at("body"))));
         BOOST_TEST(body == str(c.at("body")));
     }},
    {"request:serializes_list_shapes",
     [](const json::object& c) {
         std::vector<std::string> items;
         for (const auto& s : c.at("params").at("ListOfStrings").as_array()) items.push_back(str(s));
         const auto body = cv::detail::write_string_list_object("ListOfStrings", std::span<const std::string>(items));
         BOOST_TEST(json::parse(body) == json::parse(str(c.at("body"))));
         BOOST_TEST(body == str(c.at("body")));
     }},
    {"request:serializes_empty_list_shapes",
     [](const json::object& c) {
         const std::vector<std::string> items;
         const auto body = cv::detail::write_string_list_object("ListOfStrings", std::span<const std::string>(items));
         BOOST_TEST(json::parse(body) == json::parse(str(c.at("body"))));
         BOOST_TEST(body == str(c.at("body")));
     }},
    {"response:parses_operations_with_empty_json_bodies", [](const json::object& c) { check_empty_output(c); }},
    {"response:RpcV2JsonResponseClientDoesntDeserializeNullStructureValues",
     [](const json::object& c) { check_empty_output(c); }},
    {"response:RpcV2JsonResponseExtraFieldsInTheBodyShouldBeSkippedByClients",
     [](const json::object& c) { check_empty_output(c); }}, // every member is unknown to us: all skipped
};

struct tally {
    int total = 0, run = 0, passed = 0, not_applicable = 0, unclassified = 0;
};

std::size_t failed_assertions() {
    using namespace boost::unit_test;
    return results_collector.results(framework::current_test_case().p_id).p_assertions_failed.get();
}

tally run_file(const std::string& name) {
    tally t;
    const json::value doc = load(name);
    for (const auto& cv_ : doc.at("cases").as_array()) {
        const auto& c = cv_.as_object();
        const std::string key = key_of(c);
        ++t.total;
        if (auto na = not_applicable.find(key); na != not_applicable.end()) {
            ++t.not_applicable;
            BOOST_TEST_MESSAGE("  not applicable: " << key << " — " << na->second);
            continue;
        }
        const std::size_t failed_before = failed_assertions();
        BOOST_TEST_CONTEXT(name << " " << key) {
            if (str(c.at("kind")) == "error") {
                run_error_case(c);
                ++t.run;
            } else if (auto h = handlers.find(key); h != handlers.end()) {
                h->second(c);
                ++t.run;
            } else {
                ++t.unclassified;
                BOOST_ERROR("case is neither run nor listed as not applicable: " << key);
            }
        }
        if (failed_assertions() == failed_before) ++t.passed;
    }
    return t;
}

} // namespace

BOOST_AUTO_TEST_CASE(restjson1_cases) {
    const tally t = run_file("cases.json");
    BOOST_TEST(t.total == 55);
    BOOST_TEST(t.unclassified == 0);
    BOOST_TEST(t.passed == t.run);
    BOOST_TEST_MESSAGE("restjson1/cases.json: " << t.total << " cases: " << t.run << " applicable, "
                                                << t.passed << " passed; "
                                                << t.not_applicable << " not applicable");
}

BOOST_AUTO_TEST_CASE(related_json_cases) {
    const tally t = run_file("related-json-cases.json");
    BOOST_TEST(t.total == 12);
    BOOST_TEST(t.unclassified == 0);
    BOOST_TEST(t.passed == t.run);
    BOOST_TEST_MESSAGE("restjson1/related-json-cases.json: " << t.total << " cases: " << t.run << " applicable, "
                                                             << t.passed << " passed; "
                                                             << t.not_applicable << " not applicable");
}
