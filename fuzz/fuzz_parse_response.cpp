// SPDX-License-Identifier: BSL-1.0
// fuzz_parse_response — parse_batch_delete_phone_number_response on arbitrary
// responses. Input: status 0x1E header-count 0x1E (name 0x1E value 0x1E)*
// options 0x1E body. Any outcome is fine; a crash, a sanitizer report or an
// exception is not. Checked: metadata always carries the status; unmodelled
// errors have a message; a malformed response keeps the body; success never happens for
// a status outside 2xx.
#include <chime_voice/batch_delete_phone_number.hpp>

#include "fuzz_harness.hpp"

#include <string_view>
#include <utility>
#include <vector>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    chime_voice_fuzz::input in(data, size);
    const int status = static_cast<int>(in.number(-1000, 100000, 200));
    const auto n = static_cast<std::size_t>(in.number(0, 64, 0));
    chime_voice::header_field_list headers;
    for (std::size_t i = 0; i < n && !in.empty(); ++i) {
        const auto name = in.field();
        headers.emplace_back(name, in.field());
    }
    const unsigned opts = in.flags();
    const std::string_view body = in.rest();

    response_parse_options po;
    if (opts & 1) po.max_depth = 1 + (opts >> 1) % 8;    // small depth limits
    if (opts & 0x100) po.max_body_bytes = (opts >> 9) % 256;
    if (opts & 0x20000) po.errors.max_json_body_bytes = (opts >> 18) % 64;

    const http_response_view r{status, headers, body};
    const auto res = parse_batch_delete_phone_number_response(r, po);
    if (res) {
        chime_voice_fuzz::check(status >= 200 && status <= 299, "success only for 2xx");
        chime_voice_fuzz::check(res->metadata.http_status == status, "metadata.http_status is the status");
        for (const auto& e : res->phone_number_errors) {
            chime_voice_fuzz::check(e.has_error_code || e.error_code_raw.empty(), "absent ErrorCode is empty");
            chime_voice_fuzz::check(e.code == parse_error_code(e.error_code_raw), "code matches error_code_raw");
        }
    } else {
        const error& e = res.error();
        // A modelled service error carries the service's Message as sent,
        // which the model makes optional (RestJsonComplexErrorWithNoMessage);
        // every other error says what was wrong.
        const bool modelled = e.kind != service_error_kind::none && e.kind != service_error_kind::unmodelled &&
                              e.kind != service_error_kind::unknown;
        if (!modelled) chime_voice_fuzz::check(!e.message.empty(), "every unmodelled response error has a message");
        chime_voice_fuzz::check(e.is_response_error(), "a parse error is a response error");
        chime_voice_fuzz::check(e.metadata.http_status == status, "error metadata carries the status");
        if (e.category == error_category::malformed_response)
            chime_voice_fuzz::check(e.body == body, "a malformed response keeps the body");
        else
            chime_voice_fuzz::check(status < 200 || status > 299, "service errors only for non-2xx");
    }
    return 0;
}
