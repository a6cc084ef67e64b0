// SPDX-License-Identifier: BSL-1.0
// The official SigV4 suites, byte for byte: aws-c-auth's v4 suite (header
// and query signing) and botocore's legacy aws4_testsuite.
#include <chime_voice/sigv4.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE sigv4_suite
#include <boost/test/unit_test.hpp>

#include "sigv4_suite_common.hpp"

#include <boost/json.hpp>

#include <algorithm>
#include <filesystem>

namespace cv = chime_voice;
namespace fs = std::filesystem;
using suite::slurp;

namespace {

std::chrono::sys_seconds parse_iso(std::string_view s) {
    // "2015-08-30T12:36:00Z"
    auto n = [&](std::size_t p, std::size_t l) { return std::stoi(std::string(s.substr(p, l))); };
    using namespace std::chrono;
    return sys_days{year{n(0, 4)} / n(5, 2) / n(8, 2)} + hours{n(11, 2)} + minutes{n(14, 2)} + seconds{n(17, 2)};
}

std::vector<fs::path> case_dirs(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file() && (e.path().filename() == "request.txt" || e.path().extension() == ".req"))
            out.push_back(e.path().parent_path());
    std::sort(out.begin(), out.end());
    return out;
}

} // namespace

// The suites write some request targets unencoded (a space, raw UTF-8
// bytes), a signer-level abstraction no HTTP/1.1 client can send. With the
// default request_target_check::wire_form, sign() must refuse exactly those,
// naming the field and the byte offset; they are then signed as given, which
// is what the suites' expected outputs describe. The test decides
// "unsendable" on its own (RFC 9112 request-target: visible ASCII, no '#',
// no '?' inside the path), not by asking the signer.
bool refused_on_the_wire(const cv::http_request& r, const cv::credentials& creds, cv::sigv4::signing_params& p) {
    auto first_bad = [](std::string_view s, bool path) -> std::size_t {
        for (std::size_t i = 0; i < s.size(); ++i) {
            const auto u = static_cast<unsigned char>(s[i]);
            if (u <= 0x20 || u >= 0x7f || s[i] == '#' || (path && s[i] == '?')) return i;
        }
        return std::string_view::npos;
    };
    const auto in_path = first_bad(r.path, true), in_query = first_bad(r.query, false);
    auto copy = r;
    const auto res = cv::sigv4::sign(copy, creds, p);
    if (in_path == std::string_view::npos && in_query == std::string_view::npos) {
        BOOST_TEST(res.has_value());
        return false;
    }
    BOOST_TEST_REQUIRE(!res.has_value());
    const std::string expected = in_path != std::string_view::npos
                                     ? "path has byte " + std::to_string(in_path) + " "
                                     : "query has byte " + std::to_string(in_query) + " ";
    BOOST_TEST(res.error().message.starts_with(expected), res.error().message);
    BOOST_TEST((copy.headers.size() == r.headers.size()), "a refused request is left unchanged");
    p.target_check = cv::sigv4::request_target_check::as_given;
    return true;
}

BOOST_AUTO_TEST_CASE(aws_c_auth_v4_suite) {
    const auto root = suite::testdata() / "sigv4" / "v4";
    BOOST_REQUIRE_MESSAGE(fs::exists(root), "missing " << root);
    int cases = 0, header_ok = 0, query_cases = 0, query_ok = 0, unsendable = 0;
    for (const auto& dir : case_dirs(root)) {
        const std::string name = dir.filename().string();
        BOOST_TEST_CONTEXT("v4/" << name) {
            ++cases;
            const auto ctx = boost::json::parse(slurp(dir / "context.json")).as_object();
            const auto& c = ctx.at("credentials").as_object();
            cv::credentials creds{std::string(c.at("access_key_id").as_string()),
                                  std::string(c.at("secret_access_key").as_string()),
                                  c.contains("token") ? std::string(c.at("token").as_string()) : std::string()};
            cv::sigv4::signing_params p;
            p.region = std::string(ctx.at("region").as_string());
            p.service = std::string(ctx.at("service").as_string());
            p.time = parse_iso(ctx.at("timestamp").as_string());
            p.uri_normalization = ctx.at("normalize").as_bool() ? cv::sigv4::path_normalization::enabled
                                                                : cv::sigv4::path_normalization::disabled;
            p.content_sha256 = ctx.at("sign_body").as_bool() ? cv::sigv4::content_sha256_header::sent
                                                             : cv::sigv4::content_sha256_header::omitted;
            if (ctx.contains("omit_session_token") && ctx.at("omit_session_token").as_bool())
                p.session_token = cv::sigv4::session_token_mode::added_after_signing;

            const auto orig = suite::parse_request(slurp(dir / "request.txt"));
            if (refused_on_the_wire(orig.request, creds, p)) ++unsendable;

            // Header signing.
            auto r = orig.request;
            auto res = cv::sigv4::sign(r, creds, p);
            BOOST_TEST_REQUIRE(res.has_value());
            const auto creq = cv::sigv4::canonical_request(r, p);
            BOOST_TEST_REQUIRE(creq.has_value(), (creq ? std::string() : creq.error().message));
            const bool creq_ok = *creq == slurp(dir / "header-canonical-request.txt");
            BOOST_TEST(*creq == slurp(dir / "header-canonical-request.txt"));
            const auto sts = cv::sigv4::string_to_sign(*creq, p);
            BOOST_TEST(*sts == slurp(dir / "header-string-to-sign.txt"));
            const std::string auth = r.find_header("authorization")->value;
            const std::string sig = auth.substr(auth.rfind('=') + 1);
            BOOST_TEST(sig == slurp(dir / "header-signature.txt"));
            const auto sreq = suite::format_signed(orig, r, orig.request_line_target, true, "");
            BOOST_TEST(sreq == slurp(dir / "header-signed-request.txt"));
            if (creq_ok && sig == slurp(dir / "header-signature.txt") &&
                sreq == slurp(dir / "header-signed-request.txt") && *sts == slurp(dir / "header-string-to-sign.txt"))
                ++header_ok;

            // Query signing, where the case has query-* files.
            if (fs::exists(dir / "query-signed-request.txt")) {
                ++query_cases;
                auto q = orig.request;
                const auto expires = std::chrono::seconds(ctx.at("expiration_in_seconds").to_number<std::int64_t>());
                BOOST_TEST_REQUIRE(cv::sigv4::presign(q, creds, p, expires).has_value());
                const std::string target = q.target();
                const auto qsreq = suite::format_signed(orig, q, target, true, "");
                const std::string expected_sreq = slurp(dir / "query-signed-request.txt");
                BOOST_TEST(qsreq == expected_sreq);
                const std::string qsig = target.substr(target.rfind('=') + 1);
                BOOST_TEST(qsig == slurp(dir / "query-signature.txt"));
                // The canonical request of a presigned URL is the canonical
                // request of the URL without X-Amz-Signature (and without an
                // unsigned token), with the headers it signed.
                auto unsigned_q = q;
                auto& qs = unsigned_q.query;
                qs.erase(qs.find("&X-Amz-Signature="));
                if (p.session_token == cv::sigv4::session_token_mode::added_after_signing) {
                    const auto t = qs.find("&X-Amz-Security-Token=");
                    if (t != std::string::npos) qs.erase(t);
                }
                auto qp = p;
                qp.session_token = cv::sigv4::session_token_mode::signed_header;
                const auto qcreq = cv::sigv4::canonical_request(unsigned_q, qp);
                BOOST_TEST(*qcreq == slurp(dir / "query-canonical-request.txt"));
                BOOST_TEST(*cv::sigv4::string_to_sign(*qcreq, p) == slurp(dir / "query-string-to-sign.txt"));
                if (qsreq == expected_sreq && qsig == slurp(dir / "query-signature.txt") &&
                    *qcreq == slurp(dir / "query-canonical-request.txt"))
                    ++query_ok;
            }
        }
    }
    BOOST_TEST(cases == 38);
    // get-space-normalized, get-space-unnormalized, get-utf8, get-vanilla-utf8-query.
    BOOST_TEST(unsendable == 4);
    BOOST_TEST(header_ok == cases);
    BOOST_TEST(query_ok == query_cases);
    BOOST_TEST_MESSAGE("aws-c-auth v4 suite: header signing " << header_ok << "/" << cases << ", query signing "
                                                              << query_ok << "/" << query_cases);
}

BOOST_AUTO_TEST_CASE(botocore_legacy_aws4_testsuite) {
    const auto root = suite::testdata() / "sigv4" / "aws4_testsuite";
    BOOST_REQUIRE_MESSAGE(fs::exists(root), "missing " << root);
    // The legacy suite has no context files: every case uses these inputs
    // (its README and the shared SOURCE.md), and its two STS cases use the
    // token quoted in post-sts-token/readme.txt.
    const std::string token =
        "AQoDYXdzEPT//////////wEXAMPLEtc764bNrC9SAPBSM22wDOk4x4HIZ8j4FZTwdQWLWsKWHGBuFqwAeMicRXmxfpSPfIeoIYRqTflfKD8YU"
        "uwthAx7mSEI/qkPpKPi/kMcGdQrmGdeehM4IC1NtBmUpp2wUE8phUZampKsburEDy0KPkyQDYwT7WZ0wq5VSXDvp75YU9HFvlRd8Tx6q6fE8YQ"
        "cHNVXAkiY9q6d+xo0rKwT38xVqr7ZD0u0iPPkUL64lIZbqBAz+scqKmlzm8FDrypNC9Yjc8fPOLn9FX9KSYvKTr4rvx3iSIlTJabIQwj2ICCR/"
        "oLxBA==";
    int cases = 0, ok = 0, unsendable = 0;
    for (const auto& dir : case_dirs(root)) {
        const std::string name = dir.filename().string();
        BOOST_TEST_CONTEXT("aws4_testsuite/" << name) {
            ++cases;
            const auto orig = suite::parse_request(slurp(dir / (name + ".req")));
            cv::credentials creds{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
            cv::sigv4::signing_params p;
            p.region = "us-east-1";
            p.service = "service";
            p.time = parse_iso("2015-08-30T12:36:00Z");
            if (name == "post-sts-header-before" || name == "post-sts-header-after") creds.session_token = token;
            // get-vanilla-with-session-token gives its token only in the .sreq.
            if (name == "get-vanilla-with-session-token")
                creds.session_token = "6e86291e8372ff2a2260956d9b8aae1d763fbf315fa00fa31553b73ebf194267";
            if (name == "post-sts-header-after") p.session_token = cv::sigv4::session_token_mode::added_after_signing;
            if (refused_on_the_wire(orig.request, creds, p)) ++unsendable;
            auto r = orig.request;
            BOOST_TEST_REQUIRE(cv::sigv4::sign(r, creds, p).has_value());
            const auto creq = cv::sigv4::canonical_request(r, p);
            BOOST_TEST_REQUIRE(creq.has_value(), (creq ? std::string() : creq.error().message));
            const std::string e_creq = slurp(dir / (name + ".creq"));
            const std::string e_sts = slurp(dir / (name + ".sts"));
            const std::string e_authz = slurp(dir / (name + ".authz"));
            const std::string e_sreq = slurp(dir / (name + ".sreq"));
            BOOST_TEST(*creq == e_creq);
            const auto sts = cv::sigv4::string_to_sign(*creq, p);
            BOOST_TEST(*sts == e_sts);
            BOOST_TEST(r.find_header("authorization")->value == e_authz);
            auto sreq = suite::format_signed(orig, r, orig.request_line_target, false, " ");
            if (name == "get-vanilla-with-session-token") {
                // Upstream inconsistency: this .sreq carries get-vanilla's
                // signature (5fa00f...) although its own .authz (07ec16...,
                // the same as aws-c-auth's v4 case) is the signature of its
                // .creq/.sts. We match .authz, and check the .sreq with the
                // signature it prints.
                const std::string theirs = "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31";
                const std::string ours = e_authz.substr(e_authz.rfind('=') + 1);
                BOOST_TEST(e_sreq.find(theirs) != std::string::npos);
                sreq.replace(sreq.rfind(ours), ours.size(), theirs);
            }
            BOOST_TEST(sreq == e_sreq);
            if (*creq == e_creq && *sts == e_sts && r.find_header("authorization")->value == e_authz && sreq == e_sreq)
                ++ok;
        }
    }
    BOOST_TEST(cases == 34);
    BOOST_TEST(unsendable == 3); // get-utf8, get-vanilla-utf8-query, normalize-path/get-space
    BOOST_TEST(ok == cases);
    BOOST_TEST_MESSAGE("botocore aws4_testsuite: " << ok << "/" << cases << " (" << unsendable
                                                   << " with an unencoded target, refused in wire form)");
}
