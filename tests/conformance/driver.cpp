// SPDX-License-Identifier: BSL-1.0
// tests/conformance/driver.cpp — runs chime-voice over the differential corpus.
//
//   conformance_driver corpus.json > ours.json
//
// For every request case: serialize_request + sigv4::sign at the case's
// fixed time; for every response case: parse_batch_delete_phone_number_response.
// Writes what the library produced as JSON; check.mjs compares it with the
// AWS SDK for JavaScript v3. This program judges nothing itself.
//
// The body is written as hex so that the checker sees the exact bytes we would
// send (and can verify they are UTF-8 itself).

#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/client_config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4.hpp>

#include <boost/json.hpp>

#include "driver_common.hpp"

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <sstream>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json = boost::json;
namespace cv = chime_voice;

namespace {

using conformance::fault_name;
using conformance::from_hex;
using conformance::to_hex;




std::string string_or(const json::object& o, std::string_view key, std::string_view fallback = {}) {
    if (const auto* v = o.if_contains(key); v && v->is_string()) return std::string(v->as_string());
    return std::string(fallback);
}

bool bool_or(const json::object& o, std::string_view key) {
    if (const auto* v = o.if_contains(key); v && v->is_bool()) return v->as_bool();
    return false;
}

json::object error_fields(const cv::error& e) {
    json::object o;
    o["outcome"] = "error:" + std::string(cv::to_string(e.category));
    o["message"] = e.message;
    return o;
}

json::object run_request(const json::object& c, const json::object& creds_json) {
    json::object out;
    out["id"] = c.at("id");

    cv::client_config config;
    config.region = string_or(c, "region");
    if (const auto* ep = c.if_contains("endpoint"); ep && ep->is_string()) config.endpoint = std::string(ep->as_string());
    config.use_fips = bool_or(c, "useFips");
    config.use_dual_stack = bool_or(c, "useDualStack");

    cv::batch_delete_phone_number_request req;
    for (const auto& id : c.at("phoneNumberIds").as_array()) req.phone_number_ids.emplace_back(id.as_string());

    const cv::credentials creds(string_or(creds_json, "accessKeyId"), string_or(creds_json, "secretAccessKey"),
                                string_or(c, "sessionToken"));

    auto request = cv::serialize_request(req, config);
    if (!request) {
        auto o = error_fields(request.error());
        o["id"] = c.at("id");
        return o;
    }
    auto ep = cv::resolve_endpoint(config);
    if (!ep) {
        auto o = error_fields(ep.error());
        o["id"] = c.at("id");
        return o;
    }
    const cv::sigv4::signing_params params{
        request->signing, std::chrono::sys_seconds(std::chrono::seconds(c.at("epochSeconds").to_number<std::int64_t>()))};
    if (auto s = cv::sigv4::sign(*request, creds, params); !s) {
        auto o = error_fields(s.error());
        o["id"] = c.at("id");
        return o;
    }

    const auto& r = *request;
    out["outcome"] = "request";
    out["method"] = r.method;
    out["url"] = r.url();
    out["scheme"] = r.scheme;
    out["host"] = r.host;
    out["path"] = r.path;
    out["query"] = r.query;
    json::array headers;
    for (const auto& h : r.headers) headers.push_back(json::array{json::string(h.name), json::string(h.value)});
    out["headers"] = std::move(headers);
    out["body_hex"] = to_hex(r.body);
    const auto* auth = r.find_header("authorization");
    out["authorization"] = auth ? json::value(auth->value) : json::value(nullptr);
    return out;
}

// A hand-built request (the corpus's raw path and query), signed for
// us-east-1/chime: the signer alone, checked against @smithy/signature-v4.
json::object run_signing(const json::object& c, const json::object& creds_json) {
    json::object out;
    out["id"] = c.at("id");
    cv::http_request r;
    r.method = std::string(c.at("method").as_string());
    r.scheme = "https";
    r.host = std::string(c.at("host").as_string());
    r.path = std::string(c.at("path").as_string());
    r.query = std::string(c.at("query").as_string());
    r.body = std::string(c.at("body").as_string());
    const cv::credentials creds(string_or(creds_json, "accessKeyId"), string_or(creds_json, "secretAccessKey"));
    const cv::sigv4::signing_params params{
        cv::signing_scope{"us-east-1", "chime"},
        std::chrono::sys_seconds(std::chrono::seconds(c.at("epochSeconds").to_number<std::int64_t>()))};
    if (auto s = cv::sigv4::sign(r, creds, params); !s) {
        out["error"] = s.error().message;
        return out;
    }
    json::array headers;
    for (const auto& h : r.headers) headers.push_back(json::array{json::string(h.name), json::string(h.value)});
    out["headers"] = std::move(headers);
    out["authorization"] = r.find_header("authorization")->value;
    return out;
}

void put_metadata(json::object& o, const cv::response_metadata& m) {
    o["status"] = m.http_status;
    o["request_id"] = m.request_id;
    o["extended_request_id"] = m.extended_request_id;
    o["cf_id"] = m.cf_id;
}

json::object run_response(const json::object& c) {
    json::object out;
    out["id"] = c.at("id");

    // Keep the header strings alive for the views.
    std::vector<std::pair<std::string, std::string>> owned;
    for (const auto& h : c.at("headers").as_array()) {
        const auto& pair = h.as_array();
        owned.emplace_back(std::string(pair.at(0).as_string()), std::string(pair.at(1).as_string()));
    }
    chime_voice::header_field_list views;
    for (const auto& [n, v] : owned) views.emplace_back(n, v);
    // `bodyHex` carries bytes that are not UTF-8; otherwise `body` is the text.
    std::string body;
    if (const auto* h = c.if_contains("bodyHex"); h && h->is_string()) body = from_hex(h->as_string());
    else if (const auto* b = c.if_contains("body"); b && b->is_string()) body = std::string(b->as_string());

    cv::http_response_view view;
    view.status = static_cast<int>(c.at("status").to_number<std::int64_t>());
    view.headers = views;
    view.body = body;

    auto parsed = cv::parse_batch_delete_phone_number_response(view);
    if (parsed) {
        out["outcome"] = "success";
        put_metadata(out, parsed->metadata);
        json::array list;
        for (const auto& e : parsed->phone_number_errors) {
            json::object pe;
            pe["phone_number_id"] = e.has_phone_number_id ? json::value(e.phone_number_id) : json::value(nullptr);
            pe["error_code_raw"] = e.has_error_code ? json::value(e.error_code_raw) : json::value(nullptr);
            pe["error_code"] = cv::to_string(e.code);
            pe["error_message"] = e.has_error_message ? json::value(e.error_message) : json::value(nullptr);
            list.push_back(std::move(pe));
        }
        out["phone_number_errors"] = std::move(list);
        return out;
    }
    const auto& e = parsed.error();
    out["outcome"] = "error:" + std::string(cv::to_string(e.category));
    out["kind"] = e.kind == cv::service_error_kind::unmodelled || e.kind == cv::service_error_kind::unknown
                      ? cv::to_string(e.kind)
                      : std::string_view(e.kind == cv::service_error_kind::none ? "none" : "modelled");
    out["type"] = e.type;
    out["code_raw"] = e.code_raw;
    out["code"] = cv::to_string(e.code);
    out["message"] = e.message;
    out["fault"] = fault_name(e.fault);
    put_metadata(out, e.metadata);
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: conformance_driver corpus.json > ours.json\n";
        return 2;
    }
    const auto corpus = conformance::read_corpus("conformance_driver", argv[1]);
    if (!corpus) return 2;
    const auto& root = *corpus;
    const auto& creds = root.at("credentials").as_object();

    json::object out;
    json::array requests;
    for (const auto& c : root.at("requests").as_array()) requests.push_back(run_request(c.as_object(), creds));
    json::array responses;
    for (const auto& c : root.at("responses").as_array()) responses.push_back(run_response(c.as_object()));
    json::array signing;
    if (const auto* s = root.if_contains("signing"))
        for (const auto& c : s->as_array()) signing.push_back(run_signing(c.as_object(), creds));
    out["requests"] = std::move(requests);
    out["responses"] = std::move(responses);
    out["signing"] = std::move(signing);
    std::cout << json::serialize(out) << '\n';
    return std::cout.good() ? 0 : 1;
}
