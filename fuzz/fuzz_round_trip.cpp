// SPDX-License-Identifier: BSL-1.0
// fuzz_round_trip — serialize_request on arbitrary PhoneNumberIds, then a 200
// response echoing them as PhoneNumberErrors, written by Boost.JSON's own
// serializer (boost::json::serialize, independent of detail/json.hpp), parsed
// back: the IDs come back unchanged.
// Input: limits 0x1E id 0x1E id 0x1E ... (up to 256 IDs)
// limits != 0 makes serialize_options small, so the limit checks run too.
//
// When serialize_request refuses, the reason is checked independently: a
// limit that really is exceeded, or invalid UTF-8 that an independent
// decoder (fuzz_harness.hpp) and Boost.JSON's parser both reject.
#include <chime_voice/batch_delete_phone_number.hpp>

#include "fuzz_harness.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace {

using chime_voice_fuzz::check;

// Boost.JSON's opinion of a byte string: parse it as the content of a JSON
// string with every byte that JSON requires escaped written as \u00XX.
bool boost_json_utf8_ok(std::string_view s) {
    std::string doc = "\"";
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || c == '"' || c == '\\') {
            static constexpr char hex[] = "0123456789abcdef";
            doc += "\\u00";
            doc += hex[u >> 4];
            doc += hex[u & 15];
        } else {
            doc += c;
        }
    }
    doc += '"';
    boost::system::error_code ec;
    const auto v = boost::json::parse(doc, ec);
    return !ec && v.is_string() && std::string_view(v.get_string()) == s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    chime_voice_fuzz::input in(data, size);
    const unsigned limits = in.flags();
    batch_delete_phone_number_request req;
    req.phone_number_ids = in.fields(256);

    serialize_options so;
    if (limits != 0) {
        so.max_phone_number_ids = limits % 8;
        so.max_phone_number_id_bytes = (limits >> 3) % 64;
    }
    endpoint ep;
    ep.url = "https://voice-chime.us-east-1.amazonaws.com";
    ep.scheme = "https";
    ep.host = "voice-chime.us-east-1.amazonaws.com";
    ep.signing_region = "us-east-1";

    const auto r = serialize_request(req, ep, "fuzz", so);
    const auto& ids = req.phone_number_ids;
    bool all_utf8 = true, too_long = false;
    for (const auto& id : ids) {
        const bool ok = chime_voice_fuzz::independent_utf8_ok(id);
        check(ok == boost_json_utf8_ok(id), "the independent decoder and Boost.JSON agree on UTF-8");
        all_utf8 = all_utf8 && ok;
        too_long = too_long || id.size() > so.max_phone_number_id_bytes;
    }
    if (!r) {
        const error& e = r.error();
        check(e.category == error_category::validation, "a refused request is a validation error");
        const bool count_bad = ids.empty() || ids.size() > so.max_phone_number_ids;
        const bool size_bad = e.message.find("max_body_bytes") != std::string::npos;
        if (e.message.find("not valid UTF-8") != std::string::npos)
            check(!all_utf8, "a UTF-8 refusal means the input has invalid UTF-8");
        else if (!size_bad)
            check(count_bad || too_long, "a refusal names a limit that is exceeded");
        return 0;
    }
    check(!ids.empty() && ids.size() <= so.max_phone_number_ids && !too_long && all_utf8,
          "accepted input is within limits and valid UTF-8");

    // The body, read back by Boost.JSON, is {"PhoneNumberIds":[ids...]}.
    boost::system::error_code ec;
    const auto body = boost::json::parse(r->body, ec);
    check(!ec && body.is_object() && body.get_object().size() == 1, "the body is a one-member object");
    const auto* list = body.get_object().if_contains("PhoneNumberIds");
    check(list && list->is_array() && list->get_array().size() == ids.size(), "PhoneNumberIds has every ID");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto& v = list->get_array()[i];
        check(v.is_string() && std::string_view(v.get_string()) == ids[i], "each ID survives serialization");
    }
    const auto* cl = r->find_header("content-length");
    check(cl && cl->value == std::to_string(r->body.size()), "content-length is the body size");

    // A 200 echoing them as PhoneNumberErrors, serialized by Boost.JSON.
    boost::json::array errs;
    for (std::size_t i = 0; i < ids.size(); ++i) {
        boost::json::object o;
        o["PhoneNumberId"] = ids[i];
        o["ErrorCode"] = (i % 2) ? "NotFound" : ids[i];
        o["ErrorMessage"] = "number " + std::to_string(i);
        errs.push_back(std::move(o));
    }
    boost::json::object top;
    top["PhoneNumberErrors"] = std::move(errs);
    const std::string resp_body = boost::json::serialize(top);
    const std::pair<std::string_view, std::string_view> headers[] = {{"x-amzn-RequestId", "rt"}};
    const auto parsed = parse_batch_delete_phone_number_response({200, headers, resp_body});
    check(parsed.has_value(), "an echo of valid IDs parses");
    check(parsed->phone_number_errors.size() == ids.size(), "every PhoneNumberError comes back");
    for (std::size_t i = 0; i < ids.size(); ++i) {
        const auto& e = parsed->phone_number_errors[i];
        check(e.has_phone_number_id && e.phone_number_id == ids[i], "PhoneNumberId round-trips");
        const std::string code = (i % 2) ? "NotFound" : ids[i];
        check(e.has_error_code && e.error_code_raw == code && e.code == parse_error_code(code), "ErrorCode");
        check(e.has_error_message && e.error_message == "number " + std::to_string(i), "ErrorMessage");
    }
    check(parsed->metadata.request_id == "rt", "request id");
    return 0;
}
