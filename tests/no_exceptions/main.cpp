// SPDX-License-Identifier: BSL-1.0
// tests/no_exceptions/main.cpp — a consumer built with -fno-exceptions.
//
// Shows that the library serves programs that cannot use exceptions: it
// serializes, signs, verifies and parses, including one bad input of each
// kind, and every failure arrives as a value (std::expected / std::optional).
// Built with -fno-exceptions and BOOST_NO_EXCEPTIONS (see no_exceptions.cmake);
// Boost then reports errors it would throw through boost::throw_exception,
// which a -fno-exceptions program must define: here it aborts, so reaching
// it on any input below fails the test. Boost.JSON and Boost.URL themselves
// are the ordinary compiled libraries (built with exceptions); the library
// only calls their non-throwing APIs.
#include <chime_voice.hpp>

#include <boost/assert/source_location.hpp>
#include <boost/throw_exception.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace boost {
void throw_exception(const std::exception& e) {
    std::fprintf(stderr, "boost::throw_exception reached: %s\n", e.what());
    std::abort();
}
void throw_exception(const std::exception& e, const boost::source_location& loc) {
    std::fprintf(stderr, "boost::throw_exception reached at %s:%u: %s\n", loc.file_name(),
                 static_cast<unsigned>(loc.line()), e.what());
    std::abort();
}
} // namespace boost

namespace {

int failures = 0;

void expect(bool ok, std::string_view what) {
    std::printf("%s %.*s\n", ok ? "ok  " : "FAIL", static_cast<int>(what.size()), what.data());
    if (!ok) ++failures;
}

bool has(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

} // namespace

int main() {
    using namespace chime_voice;
    using headers = chime_voice::header_field_list;

    client_config cfg;
    cfg.region = "us-east-1";
    const credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY");
    sigv4::signing_params params;
    params.region = "us-east-1";
    params.service = "chime";
    params.time = std::chrono::sys_seconds{std::chrono::seconds{1440938160}};

    // Serialize and sign: the good path.
    auto req = serialize_request(batch_delete_phone_number_request{{"+12065550100", "+12065550101"}}, cfg);
    expect(req.has_value(), "serialize_request");
    if (req) {
        expect(sigv4::sign(*req, creds, params).has_value(), "sigv4::sign");
        sigv4::verify_options vo;
        vo.region = "us-east-1";
        vo.service = "chime";
        expect(sigv4::verify(*req, creds, params.time, vo).has_value(), "sigv4::verify");
        expect(sigv4::canonical_request(*req, params).has_value(), "sigv4::canonical_request");
        expect(sigv4::presign(*req, creds, params, std::chrono::seconds{60}).has_value(), "sigv4::presign");
    }

    // Request-side bad input, each an error value.
    auto bad_utf8 = serialize_request(batch_delete_phone_number_request{{"\xc0\xaf"}}, cfg);
    expect(!bad_utf8 && has(bad_utf8.error().message, "UTF-8"), "invalid UTF-8 ID refused");
    auto empty = serialize_request(batch_delete_phone_number_request{}, cfg);
    expect(!empty && has(empty.error().message, "at least 1"), "empty PhoneNumberIds refused");
    client_config bad_cfg = cfg;
    bad_cfg.endpoint = "ftp://user@host/";
    expect(!resolve_endpoint(bad_cfg).has_value(), "bad endpoint override refused");
    bad_cfg.endpoint.reset();
    bad_cfg.region = "us-east-1/../x";
    expect(!resolve_endpoint(bad_cfg).has_value(), "bad region refused");
    if (req) {
        http_request injected = *req;
        injected.query = "operation=batch-delete"; // req was presigned above; header-sign a plain copy
        injected.headers.push_back({"X-Evil", "a\r\nX-Injected: 1"});
        auto s = sigv4::sign(injected, creds, params);
        expect(!s && has(s.error().message, "header injection"), "header injection refused");
        auto bad_creds = sigv4::sign(injected, credentials("", ""), params);
        expect(!bad_creds, "empty credentials refused");
    }

    // Responses: good, service error, and one malformed input of each kind.
    const headers h{{"x-amzn-RequestId", "r1"}};
    auto ok = parse_batch_delete_phone_number_response(
        {200, h, R"({"PhoneNumberErrors":[{"PhoneNumberId":"+12065550100","ErrorCode":"NotFound"}]})"});
    expect(ok && ok->phone_number_errors.size() == 1, "200 with PhoneNumberErrors");
    auto not_found = parse_batch_delete_phone_number_response(
        {404, headers{{"X-Amzn-Errortype", "NotFoundException:http://internal/"}}, R"({"Message":"no"})"});
    expect(!not_found && not_found.error().kind == service_error_kind::not_found_exception, "404 NotFoundException");
    const std::string deep(100000, '[');
    expect(!parse_batch_delete_phone_number_response({200, h, deep}), "100,000-deep body");
    std::string nested;
    for (int i = 0; i < 100000; ++i) nested += "{\"a\":";
    auto too_deep = parse_batch_delete_phone_number_response({200, h, nested});
    expect(!too_deep && has(too_deep.error().message, "max_depth"), "too deep object body");
    expect(!parse_batch_delete_phone_number_response({200, h, "{\"PhoneNumberErrors\":[\"\xff\"]}"}),
           "invalid UTF-8 body");
    expect(!parse_batch_delete_phone_number_response({200, h, std::string_view("{}\0", 3)}), "NUL after body");
    expect(!parse_batch_delete_phone_number_response({200, h, "{\"PhoneNumberErrors\":1e-99999999999}"}),
           "huge exponent");
    expect(!parse_batch_delete_phone_number_response({200, h, "{\"PhoneNumberErrors\":"}), "truncated body");
    expect(!parse_batch_delete_phone_number_response({600, h, "{}"}), "status 600");
    expect(!parse_batch_delete_phone_number_response({200, h, std::string((16u << 20) + 1, ' ')}),
           "body over max_body_bytes");
    const std::string long_type(1u << 20, 'A');
    auto type_err = parse_batch_delete_phone_number_response({400, headers{{"x-amzn-errortype", long_type}}, "{}"});
    expect(!type_err && type_err.error().category == error_category::malformed_response, "1 MiB error type");
    auto html = parse_batch_delete_phone_number_response({502, h, "<html>"});
    expect(!html && html.error().body == "<html>", "HTML 502 kept");

    // Other parsers of untrusted text.
    expect(!parse_shared_file("[default\n", shared_file_kind::config).has_value(), "broken profile file");
    expect(!detail::parse_http_date("Sun, 31 Feb 2026 00:00:00 GMT", params.time).has_value(), "impossible Date");
    const headers skew{{"Date", "Sun, 30 Aug 2015 13:36:00 GMT"}};
    expect(observe_clock_skew({200, skew, {}}, params.time, params.time).apparent_skew.has_value(),
           "clock skew from Date");

    std::printf("%d failures\n", failures);
    return failures == 0 ? 0 : 1;
}
