// SPDX-License-Identifier: BSL-1.0
// fuzz_error_type — restJson1 error-type resolution: clean_error_type,
// resolve_error_type (header and body forms) and make_service_error.
// Input: flags 0x1E status 0x1E header-value 0x1E body.
// flags bit 0: send the header; bit 1: a second x-amzn-errortype header too;
// bit 2: header name case; bit 3: small max_depth; bit 6: small max_error_type_bytes.
#include <chime_voice/service_error.hpp>

#include "fuzz_harness.hpp"

#include <string_view>
#include <utility>
#include <vector>

namespace {

using chime_voice_fuzz::check;

// The properties of a cleaned type: a view into the raw text with no ',' or
// ':' and no surrounding space or tab; when the raw text has neither ',' nor
// ':' nor '#', it is the raw text trimmed.
void check_clean(std::string_view raw) {
    const std::string_view c = chime_voice::clean_error_type(raw);
    check(chime_voice_fuzz::is_subview(c, raw), "clean_error_type returns a view into its input");
    check(c.find(',') == std::string_view::npos, "cleaned type has no ','");
    check(c.find(':') == std::string_view::npos, "cleaned type has no ':'");
    if (!c.empty()) {
        check(c.front() != ' ' && c.front() != '\t', "cleaned type has no leading blank");
        check(c.back() != ' ' && c.back() != '\t', "cleaned type has no trailing blank");
    }
    if (raw.find_first_of(",:#") == std::string_view::npos) {
        std::string_view t = raw;
        while (!t.empty() && (t.front() == ' ' || t.front() == '\t')) t.remove_prefix(1);
        while (!t.empty() && (t.back() == ' ' || t.back() == '\t')) t.remove_suffix(1);
        check(c == t, "a plain type name is only trimmed");
    }
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    chime_voice_fuzz::input in(data, size);
    const unsigned flags = in.flags();
    const int status = static_cast<int>(in.number(-1000, 100000, 400));
    const std::string_view header = in.field();
    const std::string_view body = in.rest();

    check_clean(header);
    check_clean(body);

    chime_voice::header_field_list headers;
    headers.emplace_back("x-amzn-RequestId", "req-1");
    if (flags & 1) headers.emplace_back((flags & 4) ? "X-Amzn-Errortype" : "x-amzn-errortype", header);
    if (flags & 2) headers.emplace_back("x-amzn-errortype", "SecondValueException");
    const http_response_view r{status, headers, body};

    service_error_options opt;
    if (flags & 8) opt.max_depth = 1 + (flags >> 4) % 4;
    if (flags & 64) opt.max_error_type_bytes = (flags >> 7) % 32;
    const error_body_fields f = read_error_body(body, opt);
    if (f.code) check_clean(*f.code);
    if (f.dunder_type) check_clean(*f.dunder_type);
    const auto hv = r.find_header(opt.error_type_header);
    const auto raw = resolve_error_type(hv, f);
    if (raw) {
        check(!clean_error_type(*raw).empty(), "a resolved type is not empty once cleaned");
        if (hv && !clean_error_type(*hv).empty()) check(raw->data() == hv->data(), "the header wins");
    } else {
        check(!hv || clean_error_type(*hv).empty(), "an unresolved type means no usable header");
    }

    const error e = make_service_error(r, chime_voice_modelled_errors, opt);
    if (raw && clean_error_type(*raw).size() > opt.max_error_type_bytes) {
        check(e.category == error_category::malformed_response && e.type.empty() && e.body == body &&
                  e.message.find("max_error_type_bytes") != std::string::npos,
              "an oversized error type is a malformed response that says so");
        return 0;
    }
    check(e.category == error_category::service, "make_service_error gives a service error");
    check(e.metadata.http_status == status, "the status is kept");
    check(e.metadata.request_id == "req-1", "the request id is kept");
    check(e.type == (raw ? clean_error_type(*raw) : std::string_view{}), "type is the cleaned resolved type");
    bool modelled = false;
    for (const auto& m : chime_voice_modelled_errors)
        if (m.type == e.type) {
            modelled = true;
            check(e.kind == m.kind && e.fault == m.fault, "a modelled type maps to its kind and fault");
        }
    if (!modelled) {
        check(e.kind == (raw ? service_error_kind::unmodelled : service_error_kind::unknown),
              "unmodelled or unknown kind");
        check(e.body == body, "the body of an unmodelled error is kept");
        check(e.fault == fault_from_status(status), "fault from the status");
        check(!e.message.empty(), "an unmodelled error always has a message");
    }
    check(e.code == parse_error_code(e.code_raw), "code matches code_raw");
    const error e2 = make_service_error(r);
    static_cast<void>(e2);
    return 0;
}
