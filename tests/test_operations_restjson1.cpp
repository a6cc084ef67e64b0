// SPDX-License-Identifier: BSL-1.0
// The Smithy restJson1 protocol compliance cases (testdata/restjson1/cases.json)
// run through the generated code path: tools/gen_operations.py writes the
// protocol-test model (restjson1/shapes.json) as tables
// (tests/generated/restjson1_model.hpp), exactly as it writes the Chime SDK
// Voice model, and detail/rest_json.hpp — the engine every generated
// operation uses — serializes each case's `params` and parses each case's
// response. No per-case glue: a case is run from the data file.
//
// Every client case is either run (and must pass) or listed in
// not_applicable with the reason; an unclassified case fails the test.
#include "generated/restjson1_model.hpp"

#define BOOST_TEST_MODULE operations_restjson1
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cv = chime_voice;
namespace rj = chime_voice::detail::rj;
namespace tm_ = chime_voice::detail::restjson_model;
namespace json = boost::json;

namespace {

json::value load(const std::string& name) {
    const std::string path = std::string(CHIME_VOICE_TESTDATA_DIR) + "/restjson1/" + name;
    std::ifstream f(path, std::ios::binary);
    BOOST_TEST_REQUIRE(f.good(), "cannot open " << path);
    std::stringstream ss;
    ss << f.rdbuf();
    return json::parse(ss.str());
}

const std::map<std::string, std::string> not_applicable = {
    {"error:RestJsonComplexErrorWithNoMessage",
     "error members other than Code/Message (a header-bound member, a nested structure): chime_voice::error carries "
     "the restJson1 error type, Code and Message only; no Chime error has other members"},
    {"response:RestJsonDeserializeIgnoreType", "unions (JsonUnions): the Chime model has none"},
    {"request:RestJsonTestPayloadBlob", "blob @httpPayload: the Chime model has no payload traits or blobs"},
    {"request:RestJsonHttpWithEmptyBlobPayload", "blob @httpPayload: the Chime model has no payload traits or blobs"},
    {"request:RestJsonTestPayloadStructure", "structure @httpPayload: the Chime model has no payload traits"},
    {"request:RestJsonHttpWithEmptyStructurePayload", "structure @httpPayload: the Chime model has no payload traits"},
    {"request:RestJsonHttpWithHeadersButNoPayload", "structure @httpPayload: the Chime model has no payload traits"},
};

const rj::operation_info* find_op(std::string_view name) {
    for (const auto* op : tm_::operations)
        if (op->name == name) return op;
    return nullptr;
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

std::string key_of_param(const std::string& p) { return p.substr(0, p.find('=')); }

/// Expected output in our CLI JSON form: timestamps (epoch seconds in the
/// case) as RFC 3339 strings, numbers as they are.
json::value expected_form(std::uint16_t si, const json::value& v) {
    const auto& s = tm_::model.shapes[si];
    switch (s.kind) {
    case rj::shape_kind::structure: {
        json::object o;
        for (std::uint16_t i = 0; i < s.member_count; ++i) {
            const auto& m = s.members[i];
            if (const auto* x = v.as_object().if_contains(m.name); x && !x->is_null())
                o[m.name] = expected_form(m.target, *x);
        }
        return o;
    }
    case rj::shape_kind::list: {
        json::array a;
        for (const auto& e : v.as_array()) a.push_back(e.is_null() ? json::value(nullptr) : expected_form(s.element, e));
        return a;
    }
    case rj::shape_kind::map: {
        json::object o;
        for (const auto& kv : v.as_object()) o[kv.key()] = kv.value().is_null() ? json::value(nullptr) : expected_form(s.element, kv.value());
        return o;
    }
    case rj::shape_kind::timestamp: return json::string(cv::format_date_time(*rj::read_timestamp(v)));
    case rj::shape_kind::float_:
    case rj::shape_kind::double_: return v.to_number<double>();
    default: return v;
    }
}

std::string run_request(const json::object& c, const rj::operation_info& op) {
    cv::endpoint ep;
    ep.scheme = "https";
    ep.host = c.contains("host") && c.at("host").is_string() ? std::string(c.at("host").as_string()) : "example.com";
    ep.signing_region = "us-east-1";
    json::value params = c.at("params").is_null() ? json::value(json::object()) : c.at("params");
    auto r = rj::serialize(tm_::model, op, params, ep, "", cv::serialize_options{});
    if (!r) return "serialize failed: " + r.error().message;
    std::ostringstream why;
    if (r->method != std::string_view(c.at("method").as_string())) why << "method " << r->method << "; ";
    if (r->path != std::string_view(c.at("uri").as_string())) why << "path " << r->path << "; ";
    const auto ours = split_query(r->query);
    auto has = [&](const std::string& p) { return std::find(ours.begin(), ours.end(), p) != ours.end(); };
    auto has_key = [&](const std::string& k) {
        for (const auto& p : ours)
            if (key_of_param(p) == k) return true;
        return false;
    };
    if (const auto& q = c.at("queryParams"); q.is_array())
        for (const auto& p : q.as_array())
            if (!has(std::string(p.as_string()))) why << "query lacks " << p.as_string() << " (" << r->query << "); ";
    if (const auto* q = c.if_contains("forbidQueryParams"); q && q->is_array())
        for (const auto& k : q->as_array())
            if (has_key(std::string(k.as_string()))) why << "query has forbidden " << k.as_string() << "; ";
    if (const auto* q = c.if_contains("requireQueryParams"); q && q->is_array())
        for (const auto& k : q->as_array())
            if (!has_key(std::string(k.as_string()))) why << "query lacks required " << k.as_string() << "; ";
    if (const auto& h = c.at("headers"); h.is_object())
        for (const auto& kv : h.as_object()) {
            const auto* ours_h = r->find_header(kv.key());
            if (!ours_h || ours_h->value != std::string_view(kv.value().as_string()))
                why << "header " << kv.key() << " is " << (ours_h ? ours_h->value : "<absent>") << "; ";
        }
    if (const auto* h = c.if_contains("forbidHeaders"); h && h->is_array())
        for (const auto& n : h->as_array())
            if (r->find_header(n.as_string())) why << "forbidden header " << n.as_string() << "; ";
    if (const auto* h = c.if_contains("requireHeaders"); h && h->is_array())
        for (const auto& n : h->as_array())
            if (!r->find_header(n.as_string())) why << "missing header " << n.as_string() << "; ";
    const std::string body = c.at("body").is_string() ? std::string(c.at("body").as_string()) : std::string();
    if (body.empty()) {
        if (!r->body.empty()) why << "body should be empty: " << r->body << "; ";
    } else {
        boost::system::error_code ec;
        const auto got = json::parse(r->body, ec);
        if (ec || got != json::parse(body)) why << "body " << r->body << "; ";
    }
    if (r->signing.region != "us-east-1") why << "signing scope not set; ";
    return why.str();
}

cv::http_response response_of(const json::object& c) {
    std::vector<cv::http_header> headers;
    if (const auto& h = c.at("headers"); h.is_object())
        for (const auto& kv : h.as_object()) headers.push_back({std::string(kv.key()), std::string(kv.value().as_string())});
    return cv::http_response(static_cast<int>(c.at("code").to_number<std::int64_t>()), std::move(headers),
                             c.at("body").is_string() ? std::string(c.at("body").as_string()) : std::string());
}

std::string run_response(const json::object& c, const rj::operation_info& op) {
    const auto resp = response_of(c);
    auto r = rj::parse(tm_::model, op, resp.view(), cv::response_parse_options{});
    if (!r) return "parse failed: " + r.error().message;
    const json::value params = c.at("params").is_null() ? json::value(json::object()) : c.at("params");
    const auto& os = tm_::model.shapes[op.output];
    const json::value want = os.kind == rj::shape_kind::unit ? json::value(json::object()) : expected_form(op.output, params);
    if (*r != want) return "output " + json::serialize(*r) + ", expected " + json::serialize(want);
    return {};
}

std::string run_error(const json::object& c, const rj::operation_info& op) {
    const auto resp = response_of(c);
    auto r = rj::parse(tm_::model, op, resp.view(), cv::response_parse_options{});
    if (r) return "parsed as success";
    const auto& e = r.error();
    std::ostringstream why;
    if (e.category != cv::error_category::service) why << "category " << cv::to_string(e.category) << "; ";
    if (e.type != std::string_view(c.at("errorShape").as_string())) why << "type " << e.type << "; ";
    const std::string_view fault = c.at("errorTraits").as_object().at("error").as_string();
    if ((fault == "client") != (e.fault == cv::fault::client)) why << "fault; ";
    if (e.kind == cv::service_error_kind::unknown) why << "the error was not recognised as modelled; ";
    if (const auto* m = c.at("params").is_object() ? c.at("params").as_object().if_contains("Message") : nullptr)
        if (e.message != std::string_view(m->as_string())) why << "message " << e.message << "; ";
    return why.str();
}

} // namespace

BOOST_AUTO_TEST_CASE(every_client_case_is_run_or_listed) {
    const auto data = load("cases.json");
    int total = 0, run = 0, passed = 0, na = 0, unclassified = 0;
    for (const auto& cv_ : data.at("cases").as_array()) {
        const auto& c = cv_.as_object();
        ++total;
        const std::string kind(c.at("kind").as_string());
        const std::string id(c.at("id").as_string());
        const std::string key = kind + ":" + id;
        const auto* op = find_op(std::string(c.at("operation").as_string()));
        if (auto it = not_applicable.find(key); it != not_applicable.end()) {
            ++na;
            BOOST_TEST_MESSAGE("not applicable " << key << ": " << it->second);
            continue;
        }
        if (!op) {
            ++unclassified;
            BOOST_ERROR(key << ": the generator left its operation out and it is not listed as not applicable");
            continue;
        }
        ++run;
        const std::string why = kind == "request" ? run_request(c, *op) : kind == "response" ? run_response(c, *op) : run_error(c, *op);
        BOOST_TEST(why.empty(), key << ": " << why);
        if (why.empty()) ++passed;
    }
    BOOST_TEST_MESSAGE("restJson1 client cases: " << total << " total, " << run << " run, " << passed << " passed, "
                                                  << na << " not applicable, " << unclassified << " unclassified");
    BOOST_TEST(total == 55);
    BOOST_TEST(run + na == total);
    // The generator left out exactly the operations using unsupported features.
    for (const auto& [name, why] : tm_::unsupported) BOOST_TEST_MESSAGE("not generated: " << name << " (" << why << ")");
}
