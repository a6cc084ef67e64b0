// SPDX-License-Identifier: BSL-1.0
// tests/test_bad_input.cpp — hostile and broken input, end to end.
//
// Each case checks that the library answers with an error whose message says
// what was wrong (asserted on words in it), within a time bound and with
// bounded extra memory (measured by counting global operator new in this
// test program). The limits involved are the named settings of
// serialize_options, response_parse_options and service_error_options.
//
// Decisions documented here:
//  * Duplicate keys in a JSON body: the last one wins, in 2xx bodies (the SAX
//    reader replaces PhoneNumberErrors and each member) and in error bodies
//    (Boost.JSON's DOM keeps the last value), as most JSON readers do.
//  * An escaped NUL (\u0000) inside a JSON string is valid JSON and is kept;
//    a raw NUL byte is not JSON and is refused.
//  * Numbers of any length in members the model does not know are skipped;
//    where the model wants a string they are refused.
//  * A malformed_response error keeps the body (error::body), so its memory
//    is one copy of the body; nothing else grows with the input.
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/service_error.hpp>
#include <chime_voice/sigv4.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE bad_input
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <climits>
#include <cstddef>
#include <cstdlib>
#include <new>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

// ------------------------------------------------ allocation accounting --
// Every operator new of this program goes through here; a header in front
// of each block remembers its size so the current and peak totals are exact.
namespace {
std::atomic<std::size_t> g_current{0};
std::atomic<std::size_t> g_peak{0};
constexpr std::size_t header_size = alignof(std::max_align_t);

void* counted_alloc(std::size_t n) {
    void* p = std::malloc(n + header_size);
    if (!p) throw std::bad_alloc();
    *static_cast<std::size_t*>(p) = n;
    const std::size_t now = g_current.fetch_add(n) + n;
    std::size_t peak = g_peak.load();
    while (now > peak && !g_peak.compare_exchange_weak(peak, now)) {}
    return static_cast<char*>(p) + header_size;
}

void counted_free(void* p) noexcept {
    if (!p) return;
    void* base = static_cast<char*>(p) - header_size;
    g_current.fetch_sub(*static_cast<std::size_t*>(base));
    std::free(base);
}
} // namespace

void* operator new(std::size_t n) { return counted_alloc(n); }
void* operator new[](std::size_t n) { return counted_alloc(n); }
void operator delete(void* p) noexcept { counted_free(p); }
void operator delete[](void* p) noexcept { counted_free(p); }
void operator delete(void* p, std::size_t) noexcept { counted_free(p); }
void operator delete[](void* p, std::size_t) noexcept { counted_free(p); }

namespace {

using namespace chime_voice;
using header_list = chime_voice::header_field_list;
using clock_type = std::chrono::steady_clock;

// Time limit per call: generous, so sanitizer and debug builds pass, yet far
// below what quadratic behaviour or an unbounded parse of 64 MiB would take.
constexpr auto time_limit = std::chrono::seconds(5);

/// Runs f() and records how long it took and how many bytes it allocated at
/// most beyond what was live before.
struct measured {
    std::chrono::nanoseconds elapsed{};
    std::size_t peak_extra = 0;
};

template <class F>
auto measure(measured& m, F&& f) {
    const std::size_t base = g_current.load();
    g_peak.store(base);
    const auto t0 = clock_type::now();
    auto result = f();
    m.elapsed = clock_type::now() - t0;
    m.peak_extra = g_peak.load() - base;
    return result;
}

bool contains(std::string_view hay, std::string_view needle) { return hay.find(needle) != std::string_view::npos; }

std::expected<batch_delete_phone_number_response, error> parse(int status, std::string_view body,
                                                               const header_list& h = {},
                                                               const response_parse_options& o = {}) {
    return parse_batch_delete_phone_number_response(http_response_view{status, h, body}, o);
}

/// Parses, checks the outcome is an error of `category` whose message holds
/// every word of `words`, within time_limit and with at most `memory` extra bytes.
void expect_parse_error(int status, std::string_view body, const header_list& h, error_category category,
                        std::initializer_list<std::string_view> words, std::size_t memory) {
    measured m;
    const auto r = measure(m, [&] { return parse(status, body, h); });
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST_MESSAGE("message: " << r.error().message.substr(0, 200) << "  (" << m.peak_extra << " bytes, "
                                   << std::chrono::duration_cast<std::chrono::milliseconds>(m.elapsed).count()
                                   << " ms)");
    BOOST_TEST(static_cast<int>(r.error().category) == static_cast<int>(category));
    for (auto w : words) BOOST_TEST(contains(r.error().message, w), "message lacks \"" << w << '"');
    BOOST_TEST(m.elapsed < time_limit);
    BOOST_TEST(m.peak_extra <= memory);
}

std::string nested_objects(std::size_t depth) {
    std::string s;
    s.reserve(depth * 6 + 1);
    for (std::size_t i = 0; i < depth; ++i) s += "{\"a\":";
    s += '1';
    s.append(depth, '}');
    return s;
}

credentials test_credentials() { return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}; }

sigv4::signing_params test_params() {
    sigv4::signing_params p;
    p.region = "us-east-1";
    p.service = "chime";
    p.time = std::chrono::sys_seconds{std::chrono::seconds{1440938160}};
    return p;
}

http_request plain_request() {
    http_request r;
    r.method = "POST";
    r.scheme = "https";
    r.host = "voice-chime.us-east-1.amazonaws.com";
    r.path = "/phone-numbers";
    r.query = "operation=batch-delete";
    r.headers = {{"content-type", "application/json"}};
    r.body = "{}";
    return r;
}

} // namespace

// ------------------------------------------------------------ responses --

BOOST_AUTO_TEST_CASE(body_nested_100000_levels) {
    const std::string deep = nested_objects(100000);
    // 2xx: stops at response_parse_options::max_depth (64) and says so.
    expect_parse_error(200, deep, {}, error_category::malformed_response, {"too deep", "max_depth"},
                       deep.size() + (64u << 10));
    // Deep arrays where the model wants an object: refused at the first one.
    const std::string arrays = "{\"PhoneNumberErrors\":" + std::string(100000, '[') + std::string(100000, ']') + "}";
    expect_parse_error(200, arrays, {}, error_category::malformed_response,
                       {"PhoneNumberErrors[0]", "expected object, got array"}, arrays.size() + (64u << 10));
    // Error statuses: the body is not read as JSON beyond max_depth; the
    // error says the body is not a JSON object and keeps it.
    expect_parse_error(400, deep, {}, error_category::service, {"Bad Request", "not a JSON object"},
                       deep.size() + (64u << 10));
}

BOOST_AUTO_TEST_CASE(body_of_64_mib) {
    const std::string big(std::size_t{64} << 20, ' ');
    // Refused before parsing by max_body_bytes (16 MiB); the error keeps one
    // copy of the body (error::body), nothing more.
    expect_parse_error(200, big, {}, error_category::malformed_response,
                       {"67108864 bytes", "response_parse_options::max_body_bytes"}, big.size() + (64u << 10));
    // An error status: not parsed as JSON (service_error_options::max_json_body_bytes, 1 MiB), kept.
    expect_parse_error(500, big, {}, error_category::service, {"Internal Server Error"}, big.size() + (64u << 10));
    // Within the limit the parser's memory does not grow with the body:
    // 15 MiB of whitespace around {} allocate next to nothing.
    const std::string padded = std::string(15u << 20, ' ') + "{}";
    measured m;
    const auto r = measure(m, [&] { return parse(200, padded); });
    BOOST_TEST(r.has_value());
    BOOST_TEST(m.peak_extra < (64u << 10));
    BOOST_TEST(m.elapsed < time_limit);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_in_strings) {
    for (std::string_view bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "\xe2\x82"}) {
        const std::string body = "{\"PhoneNumberErrors\":[{\"PhoneNumberId\":\"+1" + std::string(bad) + "\"}]}";
        expect_parse_error(200, body, {}, error_category::malformed_response, {"invalid UTF-8", "at byte"},
                           body.size() + 4096);
    }
    // In a key too.
    const std::string key = "{\"Phone\xffNumberErrors\":[]}";
    expect_parse_error(200, key, {}, error_category::malformed_response, {"invalid UTF-8"}, 4096);
}

BOOST_AUTO_TEST_CASE(nul_bytes) {
    using namespace std::string_literals;
    // A raw NUL inside a string is not JSON (RFC 8259 section 7: control
    // characters must be escaped).
    const std::string raw = "{\"PhoneNumberErrors\":[{\"PhoneNumberId\":\"a\0b\"}]}"s;
    expect_parse_error(200, raw, {}, error_category::malformed_response, {"not valid JSON"}, 4096);
    // A NUL after the value is trailing data.
    expect_parse_error(200, "{}\0"s, {}, error_category::malformed_response, {"extra data after the value"}, 4096);
    // A NUL as the whole body.
    expect_parse_error(200, "\0"s, {}, error_category::malformed_response, {"not valid JSON"}, 4096);
    // An escaped NUL is valid JSON and is kept as a byte of the string.
    const auto ok = parse(200, R"({"PhoneNumberErrors":[{"PhoneNumberId":"a\u0000b"}]})");
    BOOST_REQUIRE(ok.has_value());
    BOOST_TEST(ok->phone_number_errors.at(0).phone_number_id == "a\0b"s);
}

BOOST_AUTO_TEST_CASE(numbers_with_10000_digits) {
    const std::string digits(10000, '7');
    // Where the model wants a string: refused, naming the member.
    const std::string as_code = "{\"PhoneNumberErrors\":[{\"ErrorCode\":" + digits + "}]}";
    expect_parse_error(200, as_code, {}, error_category::malformed_response,
                       {"PhoneNumberErrors[0].ErrorCode", "expected string, got number"}, as_code.size() + 4096);
    const std::string as_list = "{\"PhoneNumberErrors\":-" + digits + "." + digits + "}";
    expect_parse_error(200, as_list, {}, error_category::malformed_response,
                       {"PhoneNumberErrors", "expected array, got number"}, as_list.size() + 4096);
    // A 10,000-digit exponent is beyond what Boost.JSON reads anywhere, even
    // in an unknown member: "exponent overflow".
    const std::string exponent = "{\"Future\":1e-" + digits + "}";
    expect_parse_error(200, exponent, {}, error_category::malformed_response,
                       {"not valid JSON", "exponent overflow"}, exponent.size() + 4096);
    // In a member the model does not know: skipped (restJson1 ignores unknown
    // members), in bounded time and memory.
    const std::string unknown = "{\"Future\":" + digits + ",\"More\":0." + digits + "e99999,\"PhoneNumberErrors\":[]}";
    measured m;
    const auto r = measure(m, [&] { return parse(200, unknown); });
    BOOST_TEST(r.has_value());
    BOOST_TEST(m.elapsed < time_limit);
    BOOST_TEST(m.peak_extra < (64u << 10));
}

BOOST_AUTO_TEST_CASE(duplicate_keys_last_wins) {
    const auto r = parse(200, R"({"PhoneNumberErrors":[{"ErrorCode":"NotFound"}],)"
                              R"("PhoneNumberErrors":[{"ErrorCode":"Conflict","ErrorCode":"Gone","PhoneNumberId":"1","PhoneNumberId":"2"}]})");
    BOOST_REQUIRE(r.has_value());
    BOOST_REQUIRE_EQUAL(r->phone_number_errors.size(), 1u);
    BOOST_TEST(r->phone_number_errors[0].error_code_raw == "Gone");
    BOOST_TEST(static_cast<int>(r->phone_number_errors[0].code) == static_cast<int>(error_code::gone));
    BOOST_TEST(r->phone_number_errors[0].phone_number_id == "2");
    // Error bodies: Boost.JSON keeps the last value too.
    const auto e = parse(404, R"({"__type":"BadRequestException","__type":"NotFoundException","Message":"first","Message":"second"})");
    BOOST_REQUIRE(!e.has_value());
    BOOST_TEST(static_cast<int>(e.error().kind) == static_cast<int>(service_error_kind::not_found_exception));
    BOOST_TEST(e.error().message == "second");
}

BOOST_AUTO_TEST_CASE(ten_thousand_headers) {
    std::vector<std::string> names;
    names.reserve(10000);
    for (int i = 0; i < 10000; ++i) names.push_back("x-h-" + std::to_string(i));
    header_list h;
    for (const auto& n : names) h.emplace_back(n, "v");
    expect_parse_error(200, "{}", h, error_category::malformed_response,
                       {"10000 header fields", "response_parse_options::max_headers"}, 64u << 10);
    expect_parse_error(503, "{}", h, error_category::malformed_response, {"max_headers"}, 64u << 10);
    // Up to the limit they are fine, and request ids are still found at the end.
    header_list ok(h.begin(), h.begin() + 1999);
    ok.emplace_back("X-Amzn-RequestId", "last");
    const auto r = parse(200, "{}", ok);
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->metadata.request_id == "last");
}

BOOST_AUTO_TEST_CASE(status_outside_100_599) {
    for (int status : {0, -1, 99, 600, 1000, INT_MIN, INT_MAX}) {
        expect_parse_error(status, "{}", {}, error_category::malformed_response,
                           {std::to_string(status), "outside 100..599"}, 4096);
    }
}

BOOST_AUTO_TEST_CASE(error_type_header_of_1_mib) {
    const std::string type(std::size_t{1} << 20, 'A');
    expect_parse_error(400, "{}", {{"X-Amzn-Errortype", type}}, error_category::malformed_response,
                       {"1048576 bytes", "service_error_options::max_error_type_bytes"}, 64u << 10);
    // A 512 KiB type in the body's code member (a body under
    // service_error_options::max_json_body_bytes, 1 MiB, so it is read).
    const std::string body = "{\"code\":\"" + type.substr(0, 512u << 10) + "\"}";
    expect_parse_error(500, body, {}, error_category::malformed_response, {"max_error_type_bytes"},
                       body.size() * 3);
    // A modelled type followed by 1 MiB of appended values is cleaned to the
    // type (restJson1: keep what precedes the first ','), so it is fine.
    const std::string appended = "NotFoundException," + type;
    const auto r = parse(404, R"({"Message":"gone"})", {{"x-amzn-errortype", appended}});
    BOOST_REQUIRE(!r.has_value());
    BOOST_TEST(static_cast<int>(r.error().kind) == static_cast<int>(service_error_kind::not_found_exception));
    BOOST_TEST(r.error().type == "NotFoundException");
}

// -------------------------------------------------------------- requests --

namespace {
std::expected<http_request, error> serialize(const batch_delete_phone_number_request& req,
                                             const serialize_options& o = {}) {
    client_config cfg;
    cfg.region = "us-east-1";
    return serialize_request(req, cfg, o);
}
} // namespace

BOOST_AUTO_TEST_CASE(ids_with_invalid_utf8) {
    for (std::string_view bad : {"\xff", "\xc0\xaf", "\xed\xa0\x80", "\xf4\x90\x80\x80", "+1\xe2\x82"}) {
        const auto r = serialize({{"+12065550100", std::string(bad)}});
        BOOST_REQUIRE(!r.has_value());
        BOOST_TEST(static_cast<int>(r.error().category) == static_cast<int>(error_category::validation));
        BOOST_TEST(contains(r.error().message, "PhoneNumberIds[1]"));
        BOOST_TEST(contains(r.error().message, "not valid UTF-8"));
    }
}

BOOST_AUTO_TEST_CASE(one_hundred_thousand_ids) {
    batch_delete_phone_number_request req;
    auto& ids = req.phone_number_ids;
    ids.reserve(100001);
    for (int i = 0; i < 100000; ++i) ids.push_back("+1206" + std::to_string(5000000 + i));
    // serialize_options::max_phone_number_ids is 100,000: exactly that many work.
    measured m;
    const auto r = measure(m, [&] { return serialize(req); });
    BOOST_REQUIRE(r.has_value());
    BOOST_TEST(r->body.size() < (2u << 20));
    BOOST_TEST(m.elapsed < time_limit);
    BOOST_TEST(m.peak_extra < 2 * r->body.size() + (64u << 10));
    // One more is a clean validation error naming the limit.
    ids.push_back("+12065550100");
    const auto over = serialize(req);
    BOOST_REQUIRE(!over.has_value());
    BOOST_TEST(contains(over.error().message, "100001 elements"));
    BOOST_TEST(contains(over.error().message, "serialize_options::max_phone_number_ids"));
    // A body limit below the size is refused before the body is allocated.
    serialize_options small;
    small.max_body_bytes = 1000;
    const auto big = serialize({std::vector<std::string>(ids.begin(), ids.begin() + 1000)}, small);
    BOOST_REQUIRE(!big.has_value());
    BOOST_TEST(contains(big.error().message, "serialize_options::max_body_bytes"));
}

BOOST_AUTO_TEST_CASE(header_injection_into_sign) {
    const auto creds = test_credentials();
    const auto params = test_params();
    struct attempt {
        std::string name, value;
        std::string_view word;
    };
    const attempt attempts[] = {
        {"X-Evil", "a\r\nX-Injected: 1", "header injection"},
        {"X-Evil", "a\nX-Injected: 1", "header injection"},
        {"X-Evil", "a\rb", "header injection"},
        {"X-Evil", std::string("a\0b", 3), "header injection"},
        {"X-Evil\r\nX-Injected", "1", "not an HTTP token"},
        {"X-Evil\n", "1", "not an HTTP token"},
        {"X Evil", "1", "not an HTTP token"},
        {"X-Evil:", "1", "not an HTTP token"},
        {"", "1", "not an HTTP token"},
        {"host", "evil.example\r\nX: 1", "header injection"},
    };
    for (const auto& a : attempts) {
        http_request r = plain_request();
        r.headers.push_back({a.name, a.value});
        const http_request before = r;
        const auto s = sigv4::sign(r, creds, params);
        BOOST_REQUIRE(!s.has_value());
        BOOST_TEST(static_cast<int>(s.error().category) == static_cast<int>(error_category::signing));
        BOOST_TEST(contains(s.error().message, a.word), "message: " << s.error().message);
        // Refused untouched: no header was added.
        BOOST_TEST(r.headers.size() == before.headers.size());
        BOOST_TEST(r.find_header("authorization") == nullptr);
    }
    // Injection through the request line and the host.
    {
        http_request r = plain_request();
        r.path = "/phone-numbers HTTP/1.1\r\nX-Injected: 1\r\n\r\n";
        const auto s = sigv4::sign(r, creds, params);
        BOOST_REQUIRE(!s.has_value());
        BOOST_TEST(contains(s.error().message, "path has byte 14 (0x20, a space)"), s.error().message);
    }
    {
        http_request r = plain_request();
        r.query = "a=1\nX-Injected: 1";
        const auto s = sigv4::sign(r, creds, params);
        BOOST_REQUIRE(!s.has_value());
        BOOST_TEST(contains(s.error().message, "query has byte 3 (0x0A, a control character)"), s.error().message);
    }
    {
        http_request r = plain_request();
        r.host = "evil.example\r\nX-Injected: 1";
        const auto s = sigv4::sign(r, creds, params);
        BOOST_REQUIRE(!s.has_value());
        BOOST_TEST(contains(s.error().message, "host"));
    }
    // Credentials carrying CR/LF never reach a header.
    {
        http_request r = plain_request();
        const credentials bad{"AKIDEXAMPLE", "secret", "token\r\nX-Injected: 1"};
        const auto s = sigv4::sign(r, bad, params);
        BOOST_REQUIRE(!s.has_value());
        BOOST_TEST(static_cast<int>(s.error().category) == static_cast<int>(error_category::credentials));
        BOOST_TEST(contains(s.error().message, "session token"));
    }
    // And an endpoint override carrying CR/LF is refused before any request exists.
    {
        client_config cfg;
        cfg.region = "us-east-1";
        cfg.endpoint = "https://evil.example\r\nX-Injected: 1/";
        const auto r = serialize_request(batch_delete_phone_number_request{{"+12065550100"}}, cfg);
        BOOST_REQUIRE(!r.has_value());
        BOOST_TEST(static_cast<int>(r.error().category) == static_cast<int>(error_category::endpoint));
        BOOST_TEST(contains(r.error().message, "custom endpoint"));
    }
}
