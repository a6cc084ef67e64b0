// SPDX-License-Identifier: BSL-1.0
// Unit tests for chime_voice/sigv4.hpp beyond the suites: bad input never
// yields a signed request, the key cache, presign bounds, verify, redaction,
// and this service's own signatures as botocore computes them.
#include <chime_voice/sigv4.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE sigv4
#include <boost/test/unit_test.hpp>

#include "sigv4_suite_common.hpp"

#include <boost/json.hpp>

#include <sstream>

namespace cv = chime_voice;
using namespace std::chrono;

namespace {

const sys_seconds t0 = sys_days{2015y / 8 / 30} + 12h + 36min;

cv::credentials creds() { return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"}; }

cv::sigv4::signing_params params(std::string region = "us-east-1") {
    cv::sigv4::signing_params p;
    p.region = std::move(region);
    p.service = "chime";
    p.time = t0;
    return p;
}

cv::http_request chime_request() {
    cv::http_request r;
    r.method = "POST";
    r.scheme = "https";
    r.host = "voice-chime.us-east-1.amazonaws.com";
    r.path = "/phone-numbers";
    r.query = "operation=batch-delete";
    r.headers = {{"Content-Type", "application/json"}, {"Host", r.host}};
    r.body = R"({"PhoneNumberIds": ["+12065550100", "+12065550101"]})";
    return r;
}

/// Signing fails, names the problem, and leaves the request untouched.
void expect_refused(cv::http_request r, const cv::credentials& c, const cv::sigv4::signing_params& p,
                    cv::error_category cat, std::string_view words) {
    const auto before = cv::to_wire(r);
    const auto res = cv::sigv4::sign(r, c, p);
    BOOST_TEST_REQUIRE(!res.has_value());
    BOOST_TEST((res.error().category == cat));
    BOOST_TEST(res.error().message.find(words) != std::string::npos, res.error().message);
    BOOST_TEST(cv::to_wire(r) == before);
    BOOST_TEST(!r.find_header("authorization"));
}

} // namespace

BOOST_AUTO_TEST_SUITE(chime_signatures)

// botocore 1.43.11 signed these exact BatchDeletePhoneNumber requests
// (tests/data/botocore-vectors): same canonical request, string to
// sign and signature, with the signing name "chime".
BOOST_AUTO_TEST_CASE(botocore_vectors) {
    const auto doc = boost::json::parse(suite::slurp(suite::testdata() / "botocore-vectors" /
                                                     "batch-delete-phone-number.json")).as_object();
    const auto& cr = doc.at("credentials").as_object();
    int n = 0;
    for (const auto& v : doc.at("requests").as_array()) {
        const auto& o = v.as_object();
        BOOST_TEST_CONTEXT(o.at("id").as_string()) {
            cv::credentials c{std::string(cr.at("accessKeyId").as_string()),
                              std::string(cr.at("secretAccessKey").as_string())};
            if (!o.at("sessionToken").is_null()) c.session_token = std::string(o.at("sessionToken").as_string());
            cv::http_request r;
            r.method = std::string(o.at("method").as_string());
            r.scheme = "https";
            r.host = std::string(o.at("host").as_string());
            const std::string url(o.at("url").as_string());
            const auto path_at = url.find('/', 8);
            const auto q = url.find('?');
            r.path = url.substr(path_at, q - path_at);
            r.query = url.substr(q + 1);
            // botocore signs Content-Type and Host; it adds Content-Length after signing.
            r.headers = {{"Content-Type", std::string(o.at("headers").at("Content-Type").as_string())},
                         {"Host", r.host}};
            r.body = std::string(o.at("body").as_string());
            auto p = params(std::string(o.at("region").as_string()));
            BOOST_TEST(p.service == std::string(doc.at("signingName").as_string()));
            BOOST_TEST_REQUIRE(cv::sigv4::sign(r, c, p).has_value());
            BOOST_TEST(*cv::sigv4::canonical_request(r, p) == std::string(o.at("canonicalRequest").as_string()));
            BOOST_TEST(r.find_header("authorization")->value ==
                       std::string(o.at("headers").at("Authorization").as_string()));
            if (c.session_token.size())
                BOOST_TEST(r.find_header("x-amz-security-token")->value == c.session_token);
            ++n;
        }
    }
    BOOST_TEST(n == 4);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(bad_input)

BOOST_AUTO_TEST_CASE(credentials_are_checked) {
    using cat = cv::error_category;
    expect_refused(chime_request(), {"", "secret"}, params(), cat::credentials, "access key id is empty");
    expect_refused(chime_request(), {"AKID EXAMPLE", "secret"}, params(), cat::credentials, "access key id");
    expect_refused(chime_request(), {"AKID/X", "secret"}, params(), cat::credentials, "access key id");
    expect_refused(chime_request(), {std::string(129, 'A'), "secret"}, params(), cat::credentials, "128");
    expect_refused(chime_request(), {"AKIDEXAMPLE", ""}, params(), cat::credentials, "secret access key is empty");
    expect_refused(chime_request(), {"AKIDEXAMPLE", "sec ret"}, params(), cat::credentials, "secret access key");
    expect_refused(chime_request(), {"AKIDEXAMPLE", "secret", "tok\r\nen"}, params(), cat::credentials, "session token");
}

BOOST_AUTO_TEST_CASE(requests_are_checked) {
    using cat = cv::error_category;
    auto r = chime_request();
    r.headers.push_back({"Bad Name", "x"});
    expect_refused(r, creds(), params(), cat::signing, "not an HTTP token");
    r = chime_request();
    r.headers.push_back({"", "x"});
    expect_refused(r, creds(), params(), cat::signing, "not an HTTP token");
    r = chime_request();
    r.headers.push_back({"X-Injected", "a\r\nX-Evil: 1"});
    expect_refused(r, creds(), params(), cat::signing, "header injection");
    r = chime_request();
    r.headers.push_back({"X-Injected", "a\nb"});
    expect_refused(r, creds(), params(), cat::signing, "header injection");
    r = chime_request();
    r.headers.push_back({"X-Nul", std::string("a\0b", 3)});
    expect_refused(r, creds(), params(), cat::signing, "header injection");
    r = chime_request();
    r.host = "";
    expect_refused(r, creds(), params(), cat::signing, "host");
    r = chime_request();
    r.host = "exa mple.com";
    expect_refused(r, creds(), params(), cat::signing, "host");
    r = chime_request();
    r.headers[1].value = "evil .com";
    expect_refused(r, creds(), params(), cat::signing, "host header");
    r = chime_request();
    r.path = "/a\r\nb";
    expect_refused(r, creds(), params(), cat::signing, "path");
    r = chime_request();
    r.path = "relative";
    expect_refused(r, creds(), params(), cat::signing, "path");
    r = chime_request();
    r.query = "a=\n";
    expect_refused(r, creds(), params(), cat::signing, "query");
    r = chime_request();
    r.method = "PO ST";
    expect_refused(r, creds(), params(), cat::signing, "method");
    expect_refused(chime_request(), creds(), params("US-EAST-1"), cat::signing, "region");
    expect_refused(chime_request(), creds(), params("us-east-1/../x"), cat::signing, "region");
    expect_refused(chime_request(), creds(), params(""), cat::signing, "region");
    auto p = params();
    p.service = "";
    expect_refused(chime_request(), creds(), p, cat::signing, "service");
}

BOOST_AUTO_TEST_CASE(time_must_fit_four_digit_years) {
    auto p = params();
    p.time = sys_days{year{10000} / 1 / 1};
    expect_refused(chime_request(), creds(), p, cv::error_category::signing, "0001-9999");
    p.time = sys_days{year{0} / 12 / 31} + 23h;
    expect_refused(chime_request(), creds(), p, cv::error_category::signing, "0001-9999");
    p.time = sys_seconds{seconds{std::numeric_limits<std::int64_t>::max() / 2}};
    expect_refused(chime_request(), creds(), p, cv::error_category::signing, "0001-9999");
    // The edges themselves sign.
    auto r = chime_request();
    p.time = sys_days{year{1} / 1 / 1};
    BOOST_TEST(cv::sigv4::sign(r, creds(), p).has_value());
    BOOST_TEST(r.find_header("x-amz-date")->value == "00010101T000000Z");
    p.time = sys_days{year{9999} / 12 / 31} + 23h + 59min + 59s;
    BOOST_TEST(cv::sigv4::sign(r, creds(), p).has_value());
    BOOST_TEST(r.find_header("x-amz-date")->value == "99991231T235959Z");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(behaviour)

BOOST_AUTO_TEST_CASE(resigning_replaces_in_place) {
    auto r = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds(), params()).has_value());
    const auto first = r.headers;
    auto p = params();
    p.time += 1h;
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds(), p).has_value());
    BOOST_TEST(r.headers.size() == first.size());
    BOOST_TEST(r.find_header("x-amz-date")->value == "20150830T133600Z");
    BOOST_TEST(r.find_header("authorization")->value != first.back().value);
    // Signing is deterministic: the same inputs give the same bytes.
    auto again = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(again, creds(), p).has_value());
    BOOST_TEST(cv::to_wire(again) == cv::to_wire(r));
    // A token from earlier credentials is dropped when the new ones have none.
    auto t = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(t, {"AKIDEXAMPLE", "secret", "token"}, params()).has_value());
    BOOST_TEST(t.find_header("x-amz-security-token") != nullptr);
    BOOST_TEST_REQUIRE(cv::sigv4::sign(t, creds(), params()).has_value());
    BOOST_TEST(t.find_header("x-amz-security-token") == nullptr);
}

BOOST_AUTO_TEST_CASE(unsigned_headers_setting) {
    auto r = chime_request();
    r.headers.push_back({"User-Agent", "chime-voice/0.1.0"});
    r.headers.push_back({"X-Amzn-Trace-Id", "Root=1"});
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds(), params()).has_value());
    const auto& a = r.find_header("authorization")->value;
    BOOST_TEST(a.find("SignedHeaders=content-type;host;x-amz-date,") != std::string::npos);
    auto p = params();
    const std::string_view none[] = {"x-amzn-trace-id"};
    p.unsigned_headers = none;
    auto r2 = chime_request();
    r2.headers.push_back({"User-Agent", "chime-voice/0.1.0"});
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r2, creds(), p).has_value());
    BOOST_TEST(r2.find_header("authorization")->value.find("host;user-agent;x-amz-date") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(key_cache_hits_and_matches_uncached) {
    cv::sigv4::signing_key_cache cache;
    auto p = params();
    p.key_cache = &cache;
    auto a = chime_request(), b = chime_request(), c = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(a, creds(), p).has_value());
    BOOST_TEST_REQUIRE(cv::sigv4::sign(b, creds(), p).has_value());
    BOOST_TEST(cache.misses() == 1u);
    BOOST_TEST(cache.hits() == 1u);
    BOOST_TEST_REQUIRE(cv::sigv4::sign(c, creds(), params()).has_value());
    BOOST_TEST(a.find_header("authorization")->value == c.find_header("authorization")->value);
    // A different secret, day or region misses and gives that scope's key.
    cv::credentials other{"AKIDEXAMPLE", "another-secret"};
    auto d = chime_request(), e = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(d, other, p).has_value());
    BOOST_TEST(cache.misses() == 2u);
    BOOST_TEST_REQUIRE(cv::sigv4::sign(e, other, params()).has_value());
    BOOST_TEST(d.find_header("authorization")->value == e.find_header("authorization")->value);
    p.time += 24h;
    auto f = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(f, other, p).has_value());
    BOOST_TEST(cache.misses() == 3u);
    // Printing shows the scope, never the secret.
    std::ostringstream os;
    os << cache;
    BOOST_TEST(os.str().find("20150831/us-east-1/chime") != std::string::npos);
    BOOST_TEST(os.str().find("another-secret") == std::string::npos);
    cache.clear();
    std::ostringstream os2;
    os2 << cache;
    BOOST_TEST(os2.str().find("empty") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(presign_expiry_bounds) {
    auto r = chime_request();
    BOOST_TEST(!cv::sigv4::presign(r, creds(), params(), 0s).has_value());
    BOOST_TEST(!cv::sigv4::presign(r, creds(), params(), -5s).has_value());
    BOOST_TEST(!cv::sigv4::presign(r, creds(), params(), 604801s).has_value());
    BOOST_TEST(r.query == "operation=batch-delete");
    BOOST_TEST(cv::sigv4::presign(r, creds(), params(), 1s).has_value());
    BOOST_TEST(r.query.find("X-Amz-Expires=1&") != std::string::npos);
    // Presigning again replaces the earlier signature parameters.
    BOOST_TEST(cv::sigv4::presign(r, creds(), params(), 604800s).has_value());
    BOOST_TEST(r.query.find("X-Amz-Expires=604800&") != std::string::npos);
    BOOST_TEST(r.query.find("X-Amz-Expires=1&") == std::string::npos);
    BOOST_TEST(r.query.starts_with("operation=batch-delete&X-Amz-Algorithm="));
}

BOOST_AUTO_TEST_CASE(verify_accepts_own_and_rejects_tampering) {
    cv::sigv4::verify_options vo;
    vo.region = "us-east-1";
    vo.service = "chime";
    auto r = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds(), params()).has_value());
    BOOST_TEST(cv::sigv4::verify(r, creds(), t0 + 60s, vo).has_value());

    auto fails = [&](const cv::http_request& req, const cv::credentials& c, sys_seconds now,
                     cv::sigv4::verify_failure f) {
        const auto v = cv::sigv4::verify(req, c, now, vo);
        BOOST_TEST_REQUIRE(!v.has_value());
        BOOST_TEST((v.error().failure == f), v.error().message);
        return v.error().message;
    };
    fails(r, {"AKIDEXAMPLE", "wrong"}, t0, cv::sigv4::verify_failure::signature_mismatch);
    fails(r, {"AKIDOTHER", "wrong"}, t0, cv::sigv4::verify_failure::wrong_access_key);
    auto body = r;
    body.body += " ";
    fails(body, creds(), t0, cv::sigv4::verify_failure::signature_mismatch);
    auto hdr = r;
    hdr.find_header("content-type")->value = "text/plain";
    fails(hdr, creds(), t0, cv::sigv4::verify_failure::signature_mismatch);
    auto gone = r;
    std::erase_if(gone.headers, [](const cv::http_header& h) { return h.name == "Content-Type"; });
    fails(gone, creds(), t0, cv::sigv4::verify_failure::signature_mismatch);
    const auto late = fails(r, creds(), t0 + 15min, cv::sigv4::verify_failure::request_time_too_skewed);
    BOOST_TEST(late == "Signature expired: 20150830T123600Z is now earlier than 20150830T124600Z "
                       "(20150830T125100Z - 5 min.)");
    const auto early = fails(r, creds(), t0 - 15min, cv::sigv4::verify_failure::request_time_too_skewed);
    BOOST_TEST(early.starts_with("Signature not yet current: 20150830T123600Z is still later than"));
    auto noauth = r;
    std::erase_if(noauth.headers, [](const cv::http_header& h) { return h.name == "Authorization"; });
    fails(noauth, creds(), t0, cv::sigv4::verify_failure::missing_authorization);
    auto garbled = r;
    garbled.find_header("authorization")->value = "AWS4-HMAC-SHA256 nonsense";
    fails(garbled, creds(), t0, cv::sigv4::verify_failure::malformed_authorization);
    vo.region = "us-west-2";
    fails(r, creds(), t0, cv::sigv4::verify_failure::wrong_scope);
}

BOOST_AUTO_TEST_CASE(printing_never_shows_secrets) {
    cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "SESSIONTOKEN123"};
    std::ostringstream os;
    os << c;
    BOOST_TEST(os.str().find("AKIDEXAMPLE") != std::string::npos);
    BOOST_TEST(os.str().find("wJalr") == std::string::npos);
    BOOST_TEST(os.str().find("SESSIONTOKEN123") == std::string::npos);
    auto r = chime_request();
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, c, params()).has_value());
    std::ostringstream rs;
    rs << r;
    BOOST_TEST(rs.str().find("Signature=") == std::string::npos);
    BOOST_TEST(rs.str().find("SESSIONTOKEN123") == std::string::npos);
    BOOST_TEST(rs.str().find("+12065550100") == std::string::npos); // the body holds sensitive PhoneNumberIds
}

BOOST_AUTO_TEST_CASE(constant_time_compare) {
    const char a[] = "0123456789abcdef", b[] = "0123456789abcdef", c[] = "0123456789abcdeg";
    BOOST_TEST(cv::detail::constant_time_equal(a, b, 16));
    BOOST_TEST(!cv::detail::constant_time_equal(a, c, 16));
    BOOST_TEST(cv::detail::constant_time_equal(a, c, 15));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(many_headers)

// Past the inline sort's size the canonical form must not change: repeated
// names keep request order, whatever the length of the names (heap strings).
BOOST_AUTO_TEST_CASE(sixty_headers_sort_like_few) {
    auto r = chime_request();
    for (int i = 59; i >= 0; --i)
        r.headers.push_back({"X-Long-Header-Name-Beyond-Small-String-" + std::to_string(i % 20),
                             "value-" + std::to_string(i)});
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds(), params()).has_value());
    const auto creq = *cv::sigv4::canonical_request(r, params());
    // i % 20 == 0 for i = 40, 20, 0, added in that order.
    BOOST_TEST(creq.find("x-long-header-name-beyond-small-string-0:value-40,value-20,value-0\n") !=
               std::string::npos);
    BOOST_TEST(creq.find("x-long-header-name-beyond-small-string-19:value-59,value-39,value-19\n") !=
               std::string::npos);
    BOOST_TEST(cv::sigv4::verify(r, creds(), t0, [] {
                   cv::sigv4::verify_options o;
                   o.region = "us-east-1";
                   o.service = "chime";
                   return o;
               }()).has_value());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(cold_paths)

// A cold signature derives the key and hashes the canonical request together
// when the secret and request are small; otherwise it takes the sequential
// path. Both must give what the key cache's path gives, and verify().
BOOST_AUTO_TEST_CASE(long_secret_and_large_request_agree_with_cached_path) {
    cv::sigv4::verify_options vo;
    vo.region = "us-east-1";
    vo.service = "chime";
    for (const std::size_t secret_len : {1u, 40u, 60u, 61u, 64u, 128u, 200u}) {
        for (const std::size_t body_len : {0u, 52u, 3000u}) {
            BOOST_TEST_CONTEXT("secret " << secret_len << ", extra header bytes " << body_len) {
                const cv::credentials c{"AKIDEXAMPLE", std::string(secret_len, 'k')};
                auto cold = chime_request();
                cold.headers.push_back({"X-Padding", std::string(body_len, 'p')});
                auto warm = cold;
                BOOST_TEST_REQUIRE(cv::sigv4::sign(cold, c, params()).has_value());
                cv::sigv4::signing_key_cache cache;
                auto p = params();
                p.key_cache = &cache;
                BOOST_TEST_REQUIRE(cv::sigv4::sign(warm, c, p).has_value()); // miss: derives
                auto again = warm;
                BOOST_TEST_REQUIRE(cv::sigv4::sign(again, c, p).has_value()); // hit
                BOOST_TEST(cold.find_header("authorization")->value == warm.find_header("authorization")->value);
                BOOST_TEST(cold.find_header("authorization")->value == again.find_header("authorization")->value);
                BOOST_TEST(cv::sigv4::verify(cold, c, t0, vo).has_value());
            }
        }
    }
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(payload_header)

// A stale X-Amz-Security-Token from earlier credentials is removed (which
// shifts the headers) while the caller's x-amz-content-sha256 is the payload
// hash: the signature must cover that header's value, as verify() reads it.
BOOST_AUTO_TEST_CASE(caller_payload_header_after_a_dropped_token) {
    auto r = chime_request();
    r.headers.insert(r.headers.begin(), {"X-Amz-Security-Token", "old-token"});
    r.headers.push_back({"x-amz-content-sha256", "UNSIGNED-PAYLOAD"});
    BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds(), params()).has_value());
    BOOST_TEST(r.find_header("x-amz-security-token") == nullptr);
    BOOST_TEST(cv::sigv4::canonical_request(r, params())->ends_with("\nUNSIGNED-PAYLOAD"));
    cv::sigv4::verify_options vo;
    vo.region = "us-east-1";
    vo.service = "chime";
    // The body is part of what is verified unless UNSIGNED-PAYLOAD is allowed by name.
    const auto refused = cv::sigv4::verify(r, creds(), t0, vo);
    BOOST_TEST_REQUIRE(!refused.has_value());
    BOOST_TEST((refused.error().failure == cv::sigv4::verify_failure::payload_hash_mismatch));
    vo.unsigned_payload = cv::sigv4::unsigned_payload_policy::allow;
    BOOST_TEST(cv::sigv4::verify(r, creds(), t0, vo).has_value());
}

BOOST_AUTO_TEST_SUITE_END()
