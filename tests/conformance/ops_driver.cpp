// SPDX-License-Identifier: BSL-1.0
// tests/conformance/ops_driver.cpp — runs every operation over ops-corpus.json.
//
//   conformance_ops_driver ops-corpus.json > ops-ours.json
//
// Request cases: the registry's serialize (CLI JSON input) + sigv4::sign with
// the request's own scope at the case's time; the typed serialize_request of
// the same operation (tests/generated/typed_dispatch.hpp) must give the same
// bytes ("typed_agrees"). Response cases: the registry's parse; the typed
// parse_X_response converted back to JSON must be the same value. The
// program records; check-ops.mjs judges against the AWS SDK for JavaScript.

#include "../generated/typed_dispatch.hpp"
#include "driver_common.hpp"

#include <chime_voice/credentials.hpp>
#include <chime_voice/operations/registry.hpp>
#include <chime_voice/sigv4.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace json = boost::json;
namespace cv = chime_voice;

namespace {

using conformance::fault_name;
using conformance::to_hex;


json::object error_json(const cv::error& e) {
    json::object o;
    o["outcome"] = "error:" + std::string(cv::to_string(e.category));
    o["type"] = e.type;
    o["kind"] = cv::to_string(e.kind);
    o["code_raw"] = e.code_raw;
    o["message"] = e.message;
    o["fault"] = fault_name(e.fault);
    o["status"] = e.metadata.http_status;
    o["request_id"] = e.metadata.request_id;
    return o;
}

json::object run_request(const json::object& c, const cv::credentials& creds) {
    json::object out;
    out["id"] = c.at("id");
    const std::string op(c.at("op").as_string());
    const auto* d = cv::find_operation(op);
    if (!d) {
        out["outcome"] = "error:no-such-operation";
        return out;
    }
    cv::client_config config;
    config.region = std::string(c.at("region").as_string());
    auto request = d->serialize(c.at("input"), config);
    if (!request) {
        auto o = error_json(request.error());
        o["id"] = c.at("id");
        return o;
    }
    // The typed functions must build the same request.
    auto typed = cv::test::typed_serialize(op, c.at("input"), config);
    out["typed_agrees"] = typed && *typed && cv::to_wire(**typed) == cv::to_wire(*request) &&
                          (*typed)->signing == request->signing;

    cv::sigv4::signing_params params;
    params.region = request->signing.region;
    params.service = request->signing.service;
    params.time = std::chrono::sys_seconds(std::chrono::seconds(c.at("epochSeconds").to_number<std::int64_t>()));
    if (auto s = cv::sigv4::sign(*request, creds, params); !s) {
        auto o = error_json(s.error());
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
    out["signing_region"] = r.signing.region;
    out["signing_service"] = r.signing.service;
    return out;
}

json::object run_response(const json::object& c) {
    json::object out;
    out["id"] = c.at("id");
    const std::string op(c.at("op").as_string());
    const auto* d = cv::find_operation(op);
    if (!d) {
        out["outcome"] = "error:no-such-operation";
        return out;
    }
    std::vector<std::pair<std::string, std::string>> owned;
    for (const auto& h : c.at("headers").as_array())
        owned.emplace_back(std::string(h.as_array().at(0).as_string()), std::string(h.as_array().at(1).as_string()));
    std::vector<std::pair<std::string_view, std::string_view>> views(owned.begin(), owned.end());
    std::string body;
    if (const auto* b = c.if_contains("body"); b && b->is_string()) body = std::string(b->as_string());
    cv::http_response_view view;
    view.status = static_cast<int>(c.at("status").to_number<std::int64_t>());
    view.headers = views;
    view.body = body;

    auto parsed = d->parse(view);
    auto typed = cv::test::typed_parse(op, view);
    if (parsed) {
        out["outcome"] = "success";
        out["output"] = *parsed;
        json::value generic = *parsed;
        // BatchDeletePhoneNumber's hand-written output has no "absent" list.
        if (op == "BatchDeletePhoneNumber" && !generic.as_object().contains("PhoneNumberErrors"))
            generic.as_object()["PhoneNumberErrors"] = json::array();
        out["typed_agrees"] = typed && *typed && **typed == generic;
        return out;
    }
    out = error_json(parsed.error());
    out["id"] = c.at("id");
    out["typed_agrees"] = typed && !*typed && (*typed).error().message == parsed.error().message &&
                          (*typed).error().type == parsed.error().type;
    return out;
}

} // namespace

int main(int argc, char** argv) {
    if (argc != 2) {
        std::cerr << "usage: conformance_ops_driver ops-corpus.json > ops-ours.json\n";
        return 2;
    }
    const auto corpus = conformance::read_corpus("conformance_ops_driver", argv[1]);
    if (!corpus) return 2;
    const auto& root = *corpus;
    const auto& cj = root.at("credentials").as_object();
    const cv::credentials creds(std::string(cj.at("accessKeyId").as_string()),
                                std::string(cj.at("secretAccessKey").as_string()), "");
    json::array results;
    for (const auto& c : root.at("cases").as_array()) {
        const auto& o = c.as_object();
        results.push_back(o.at("kind") == "request" ? run_request(o, creds) : run_response(o));
    }
    std::cout << json::serialize(json::object{{"results", std::move(results)}}) << '\n';
    return std::cout.good() ? 0 : 1;
}
