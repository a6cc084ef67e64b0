// SPDX-License-Identifier: BSL-1.0
// Differential test against botocore 1.43.11 (testdata/botocore-vectors):
// for each recorded request, our URL, method, host, content-type and body
// (as a JSON value) equal botocore's; for each of the 12 recorded responses,
// our parse equals botocore's parsed output. The signature fields
// (Authorization, X-Amz-Date, canonicalRequest, ...) belong to the signer's
// tests and are skipped here.
//
// Known, documented differences from botocore:
// * Bytes of the body: botocore writes `json.dumps` output (", " separators,
//   non-ASCII as \uXXXX); we write compact JSON with raw UTF-8. Same JSON
//   value, so bodies are compared as values and Content-Length differs.
// * A response with no error type (error-no-type-503, error-empty-body-500):
//   botocore reports the status as the error code ("503"); we report kind
//   `unknown` with an empty type and the status in metadata. The message is
//   the same (the body's Message, else the reason phrase).
#include <chime_voice/batch_delete_phone_number.hpp>

#define BOOST_TEST_MODULE botocore_vectors
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <utility>
#include <vector>

namespace cv = chime_voice;
namespace json = boost::json;

namespace chime_voice {
inline std::ostream& boost_test_print_type(std::ostream& os, service_error_kind k) { return os << to_string(k); }
inline std::ostream& boost_test_print_type(std::ostream& os, error_category c) { return os << to_string(c); }
} // namespace chime_voice

namespace {

json::value load() {
    const std::string path = std::string(CHIME_VOICE_TESTDATA_DIR) + "/botocore-vectors/batch-delete-phone-number.json";
    std::ifstream f(path, std::ios::binary);
    BOOST_TEST_REQUIRE(f.good(), "cannot open " << path);
    std::stringstream ss;
    ss << f.rdbuf();
    return json::parse(ss.str());
}

const json::value& data() {
    static const json::value v = load();
    return v;
}

std::string str(const json::value& v) { return std::string(v.as_string()); }

} // namespace

BOOST_AUTO_TEST_CASE(requests) {
    const auto& reqs = data().at("requests").as_array();
    BOOST_TEST(reqs.size() == 4u);
    for (const auto& rv : reqs) {
        const auto& r = rv.as_object();
        BOOST_TEST_CONTEXT("request " << r.at("id").as_string()) {
            cv::batch_delete_phone_number_request req;
            for (const auto& id : r.at("params").at("PhoneNumberIds").as_array()) req.phone_number_ids.push_back(str(id));
            cv::client_config cfg;
            cfg.region = str(r.at("region"));
            auto out = cv::serialize_request(req, cfg);
            BOOST_TEST_REQUIRE(out.has_value(), (out ? std::string() : out.error().message));
            BOOST_TEST(out->method == str(r.at("method")));
            BOOST_TEST(out->url() == str(r.at("url")));
            BOOST_TEST(out->host == str(r.at("host")));
            const auto* host = out->find_header("host");
            BOOST_TEST_REQUIRE(host != nullptr);
            BOOST_TEST(host->value == str(r.at("host")));
            const auto* ct = out->find_header("content-type");
            BOOST_TEST_REQUIRE(ct != nullptr);
            BOOST_TEST(ct->value == str(r.at("headers").at("Content-Type")));
            // Same JSON value as botocore's bytes.
            BOOST_TEST(json::parse(out->body) == json::parse(str(r.at("body"))));
            const auto* cl = out->find_header("content-length");
            BOOST_TEST_REQUIRE(cl != nullptr);
            BOOST_TEST(cl->value == std::to_string(out->body.size()));
        }
    }
}

BOOST_AUTO_TEST_CASE(responses) {
    const auto& resps = data().at("responses").as_array();
    BOOST_TEST(resps.size() == 12u);
    int passed_ok = 0, passed_err = 0;
    for (const auto& rv : resps) {
        const auto& r = rv.as_object();
        BOOST_TEST_CONTEXT("response " << r.at("id").as_string()) {
            std::vector<std::pair<std::string, std::string>> owned;
            for (const auto& [k, v] : r.at("headers").as_object()) owned.emplace_back(std::string(k), str(v));
            chime_voice::header_field_list headers(owned.begin(), owned.end());
            const std::string body = str(r.at("body"));
            cv::http_response_view view;
            view.status = static_cast<int>(r.at("status").as_int64());
            view.headers = headers;
            view.body = body;
            const auto out = cv::parse_batch_delete_phone_number_response(view);
            if (const auto* result = r.if_contains("result")) {
                BOOST_TEST_REQUIRE(out.has_value(), (out ? std::string() : out.error().message));
                BOOST_TEST(out->metadata.http_status == view.status);
                const auto* list = result->as_object().if_contains("PhoneNumberErrors");
                const std::size_t n = list ? list->as_array().size() : 0;
                BOOST_TEST_REQUIRE(out->phone_number_errors.size() == n);
                for (std::size_t i = 0; i < n; ++i) {
                    const auto& exp = list->as_array()[i].as_object();
                    const auto& got = out->phone_number_errors[i];
                    BOOST_TEST_CONTEXT("element " << i) {
                        // Exactly the members botocore reports, no more.
                        BOOST_TEST(got.has_phone_number_id == exp.contains("PhoneNumberId"));
                        BOOST_TEST(got.has_error_code == exp.contains("ErrorCode"));
                        BOOST_TEST(got.has_error_message == exp.contains("ErrorMessage"));
                        if (exp.contains("PhoneNumberId")) BOOST_TEST(got.phone_number_id == str(exp.at("PhoneNumberId")));
                        if (exp.contains("ErrorCode")) {
                            BOOST_TEST(got.error_code_raw == str(exp.at("ErrorCode")));
                            // Every value in these vectors is in the (2026-07) model enum.
                            BOOST_TEST(cv::to_string(got.code) == str(exp.at("ErrorCode")));
                        }
                        if (exp.contains("ErrorMessage")) BOOST_TEST(got.error_message == str(exp.at("ErrorMessage")));
                    }
                }
                ++passed_ok;
            } else {
                const auto& exp = r.at("error").as_object();
                BOOST_TEST_REQUIRE(!out.has_value());
                const auto& e = out.error();
                BOOST_TEST(e.category == cv::error_category::service);
                BOOST_TEST(e.http_status() == view.status);
                BOOST_TEST(e.message == str(exp.at("Message")));
                const std::string code = str(exp.at("Code"));
                if (code == std::to_string(view.status)) {
                    // botocore's status fallback (documented above).
                    BOOST_TEST((e.kind == cv::service_error_kind::unknown));
                    BOOST_TEST(e.type.empty());
                } else {
                    BOOST_TEST(e.type == code);
                    BOOST_TEST(cv::to_string(e.kind) == code); // all are modelled errors
                }
                ++passed_err;
            }
        }
    }
    BOOST_TEST_MESSAGE("botocore responses checked: " << passed_ok << " results, " << passed_err << " errors");
    BOOST_TEST(passed_ok + passed_err == 12);
}
