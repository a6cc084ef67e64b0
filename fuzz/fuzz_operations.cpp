// SPDX-License-Identifier: BSL-1.0
// fuzz_operations — every generated operation through the registry.
// Input: operation-index 0x1E input-JSON 0x1E status 0x1E options 0x1E body.
// The index picks one of the 96 operations (modulo); the input is parsed as
// JSON (text that is not JSON is used as a JSON string, so the type checks
// run too); the rest is the response to parse.
//
// Checked: nothing throws; a built request has the operation's method, a
// path starting with '/', header values without CR/LF/NUL, the signing
// scope of the endpoint, and a body that is empty or a JSON object; the
// typed serialize_request of the same operation gives the same bytes; a
// parse succeeds only for 2xx with a JSON object, and the typed
// parse_X_response, converted back to JSON, gives the same value; the bad
// input limits (max_body_bytes, max_depth) hold for every operation.
#include "../tests/generated/typed_dispatch.hpp"

#include <chime_voice/operations/registry.hpp>

#include "fuzz_harness.hpp"

#include <boost/json/parse.hpp>

#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    chime_voice_fuzz::input in(data, size);
    const auto& op = operations[static_cast<std::size_t>(in.number(0, 1 << 20, 0)) % operations.size()];
    const std::string_view text = in.field();
    const int status = static_cast<int>(in.number(-10, 1000, 200));
    const long long opts = in.number(0, 1 << 30, 0);
    const std::string_view body = in.rest();

    boost::system::error_code ec;
    boost::json::parse_options jpo;
    jpo.max_depth = 64;
    boost::json::value input = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec, {}, jpo);
    if (ec) input = boost::json::string(boost::json::string_view(text.data(), text.size()));

    client_config config;
    config.region = "us-east-1";
    serialize_options so;
    if (opts & 1) so.max_body_bytes = static_cast<std::size_t>(opts >> 1) % 512;
    auto req = op.serialize(input, config, so);
    if (req) {
        chime_voice_fuzz::check(req->method == op.method(), "the operation's method");
        chime_voice_fuzz::check(!req->path.empty() && req->path.front() == '/', "path starts with /");
        chime_voice_fuzz::check(req->signing.service == "chime" && req->signing.region == "us-east-1", "signing scope");
        chime_voice_fuzz::check(req->body.size() <= so.max_body_bytes, "max_body_bytes holds");
        for (const auto& h : req->headers)
            chime_voice_fuzz::check(h.value.find_first_of(std::string_view("\r\n\0", 3)) == std::string::npos,
                                    "no CR/LF/NUL in header values");
        if (!req->body.empty()) {
            const auto b = boost::json::parse(req->body, ec);
            chime_voice_fuzz::check(!ec && b.is_object(), "the body is a JSON object");
        }
        if (so.max_body_bytes == serialize_options{}.max_body_bytes) {
            auto typed = chime_voice::test::typed_serialize(op.name(), input, config);
            chime_voice_fuzz::check(typed && *typed && to_wire(**typed) == to_wire(*req), "typed request is the same");
        }
    } else {
        chime_voice_fuzz::check(req.error().is_request_error(), "a serialize error is a request error");
        chime_voice_fuzz::check(!req.error().message.empty(), "a serialize error says why");
    }

    response_parse_options po;
    if (opts & 2) po.max_depth = 1 + static_cast<std::size_t>(opts >> 2) % 8;
    if (opts & 4) po.max_body_bytes = static_cast<std::size_t>(opts >> 3) % 256;
    const std::pair<std::string_view, std::string_view> headers[] = {{"x-amzn-RequestId", "r"}};
    const http_response_view r{status, headers, body};
    auto out = op.parse(r, po);
    if (out) {
        chime_voice_fuzz::check(status >= 200 && status <= 299, "success only for 2xx");
        chime_voice_fuzz::check(out->is_object(), "the output is an object");
        chime_voice_fuzz::check(body.size() <= po.max_body_bytes, "max_body_bytes holds");
        if (po.max_depth == response_parse_options{}.max_depth && po.max_body_bytes == response_parse_options{}.max_body_bytes) {
            auto typed = chime_voice::test::typed_parse(op.name(), r);
            boost::json::value generic = *out;
            if (op.name() == "BatchDeletePhoneNumber" && !generic.get_object().contains("PhoneNumberErrors"))
                generic.get_object()["PhoneNumberErrors"] = boost::json::array();
            chime_voice_fuzz::check(typed && *typed && **typed == generic, "typed output is the same");
        }
    } else {
        chime_voice_fuzz::check(out.error().is_response_error(), "a parse error is a response error");
        chime_voice_fuzz::check(out.error().metadata.http_status == status, "error metadata carries the status");
    }
    return 0;
}
