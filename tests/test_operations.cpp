// SPDX-License-Identifier: BSL-1.0
// Tests of the generated operations (include/chime_voice/operations/) and
// their registry: one executable that includes every operation.
#include <chime_voice/operations.hpp>

#include <chime_voice/sigv4.hpp>

#define BOOST_TEST_MODULE operations
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <chrono>
#include <fstream>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace cv = chime_voice;
namespace json = boost::json;

namespace {

cv::client_config config() {
    cv::client_config c;
    c.region = "us-east-1";
    c.app_id = "ops-test";
    return c;
}

json::value model() {
    const std::string path = std::string(CHIME_VOICE_TESTDATA_DIR) + "/model/chime-sdk-voice-2022-08-03.json";
    std::ifstream f(path, std::ios::binary);
    BOOST_TEST_REQUIRE(f.good(), "cannot open " << path);
    std::stringstream ss;
    ss << f.rdbuf();
    return json::parse(ss.str());
}

std::string header(const cv::http_request& r, std::string_view name) {
    const auto* h = r.find_header(name);
    return h ? h->value : std::string("<none>");
}

cv::http_response response(int status, std::string body, std::vector<cv::http_header> headers = {}) {
    headers.push_back({"x-amzn-RequestId", "req-1"});
    return cv::http_response(status, std::move(headers), std::move(body));
}

} // namespace

BOOST_AUTO_TEST_CASE(registry_has_every_operation_of_the_model) {
    const auto m = model();
    std::set<std::string> names;
    for (const auto& [id, shape] : m.at("shapes").as_object())
        if (shape.at("type") == "operation") names.insert(std::string(id).substr(std::string(id).find('#') + 1));
    BOOST_TEST(names.size() == 96u);
    BOOST_TEST(cv::operations.size() == names.size());
    for (const auto& n : names) {
        const auto* d = cv::find_operation(n);
        BOOST_TEST_REQUIRE(d != nullptr, n);
        BOOST_TEST(d->name() == n);
        const auto& http = m.at("shapes").at("com.amazonaws.chimesdkvoice#" + n).at("traits").at("smithy.api#http");
        BOOST_TEST(d->method() == std::string_view(http.at("method").as_string()));
        BOOST_TEST(d->uri() == std::string_view(http.at("uri").as_string()));
    }
    BOOST_TEST(cv::find_operation("NoSuchOperation") == nullptr);
    BOOST_TEST(cv::find_operation("listPhoneNumbers") == nullptr);
    int paginated = 0, deprecated = 0;
    for (const auto& d : cv::operations) {
        paginated += d.paginated();
        deprecated += !d.deprecated().empty();
    }
    BOOST_TEST(paginated == 10);
    BOOST_TEST(deprecated == 2);
}

// The hand-written BatchDeletePhoneNumber and the generated registry entry
// give the same bytes, and parse the same way.
BOOST_AUTO_TEST_CASE(batch_delete_registry_path_gives_the_same_bytes) {
    for (const std::vector<std::string>& ids :
         {std::vector<std::string>{"+12065550100"}, std::vector<std::string>{"a\"b\\c", "\xc3\xa9\xe2\x80\xa8", "\x01\x1f"}}) {
        cv::batch_delete_phone_number_request req{ids};
        auto typed = cv::serialize_request(req, config());
        BOOST_TEST_REQUIRE(typed.has_value());
        json::array a;
        for (const auto& s : ids) a.emplace_back(s);
        auto generic = cv::find_operation("BatchDeletePhoneNumber")->serialize(json::object{{"PhoneNumberIds", a}}, config());
        BOOST_TEST_REQUIRE(generic.has_value());
        BOOST_TEST(cv::to_wire(*typed) == cv::to_wire(*generic));
        BOOST_TEST((typed->signing == generic->signing));
    }
    auto empty = cv::find_operation("BatchDeletePhoneNumber")->serialize(json::object{{"PhoneNumberIds", json::array{}}}, config());
    BOOST_TEST_REQUIRE(!empty.has_value());
    BOOST_TEST((empty.error().category == cv::error_category::validation));
    BOOST_TEST(empty.error().message.find("PhoneNumberIds") != std::string::npos);

    const auto r = response(200, R"({"PhoneNumberErrors":[{"PhoneNumberId":"+1","ErrorCode":"NotFound","ErrorMessage":"m"},null,{"ErrorCode":"New"}]})");
    auto typed = cv::parse_batch_delete_phone_number_response(r.view());
    auto generic = cv::find_operation("BatchDeletePhoneNumber")->parse(r.view());
    BOOST_TEST_REQUIRE(typed.has_value());
    BOOST_TEST_REQUIRE(generic.has_value());
    const auto& list = generic->at("PhoneNumberErrors").as_array();
    BOOST_TEST_REQUIRE(list.size() == typed->phone_number_errors.size());
    for (std::size_t i = 0; i < list.size(); ++i)
        BOOST_TEST(json::serialize(cv::detail::to_json_value(typed->phone_number_errors[i])) == json::serialize(list[i]));
}

BOOST_AUTO_TEST_CASE(e164_label_is_percent_encoded) {
    cv::get_phone_number_request req;
    req.phone_number_id = "+1 206/555\xc3\xa9";
    auto r = cv::serialize_request(req, config());
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->method == "GET");
    BOOST_TEST(r->path == "/phone-numbers/%2B1%20206%2F555%C3%A9");
    BOOST_TEST(r->query.empty());
    BOOST_TEST(r->body.empty());
    BOOST_TEST(header(*r, "content-type") == "<none>");
    BOOST_TEST(r->signing.service == "chime");
    BOOST_TEST(r->signing.region == "us-east-1");

    cv::restore_phone_number_request restore;
    restore.phone_number_id = "+12065550100";
    auto rr = cv::serialize_request(restore, config());
    BOOST_TEST_REQUIRE(rr.has_value());
    BOOST_TEST(rr->method == "POST");
    BOOST_TEST(rr->path == "/phone-numbers/%2B12065550100");
    BOOST_TEST(rr->query == "operation=restore");
    BOOST_TEST(header(*rr, "content-length") == "0");

    req.phone_number_id.clear();
    auto empty = cv::serialize_request(req, config());
    BOOST_TEST_REQUIRE(!empty.has_value());
    BOOST_TEST(empty.error().message.find("PhoneNumberId") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(query_members_and_validation) {
    cv::list_phone_numbers_request req;
    req.status = "Assigned & more";
    req.max_results = 100;
    req.next_token = "a+b=c/d";
    auto r = cv::serialize_request(req, config());
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->path == "/phone-numbers");
    BOOST_TEST(r->query == "status=Assigned%20%26%20more&max-results=100&next-token=a%2Bb%3Dc%2Fd");
    req.max_results = 101;
    auto bad = cv::serialize_request(req, config());
    BOOST_TEST_REQUIRE(!bad.has_value());
    BOOST_TEST((bad.error().category == cv::error_category::validation));
    BOOST_TEST(bad.error().message.find("MaxResults") != std::string::npos, bad.error().message);
    BOOST_TEST(bad.error().message.find("@range") != std::string::npos, bad.error().message);

    const auto* d = cv::find_operation("ListPhoneNumbers");
    auto unknown = d->serialize(json::parse(R"({"Bogus": 1})"), config());
    BOOST_TEST_REQUIRE(!unknown.has_value());
    BOOST_TEST(unknown.error().message.find("Bogus") != std::string::npos, unknown.error().message);
    auto wrong = d->serialize(json::parse(R"({"MaxResults": "10"})"), config());
    BOOST_TEST_REQUIRE(!wrong.has_value());
    BOOST_TEST(wrong.error().message.find("MaxResults: expected an integer") != std::string::npos, wrong.error().message);
    auto not_object = d->serialize(json::parse(R"([1])"), config());
    BOOST_TEST(!not_object.has_value());
}

BOOST_AUTO_TEST_CASE(nested_body_paths_and_lengths) {
    const auto* d = cv::find_operation("PutVoiceConnectorOrigination");
    auto ok = d->serialize(json::parse(R"({"VoiceConnectorId":"vc1","Origination":{"Routes":[
        {"Host":"h","Port":5060,"Protocol":"UDP","Priority":1,"Weight":1}],"Disabled":false}})"), config());
    BOOST_TEST_REQUIRE(ok.has_value(), ok.error().message);
    BOOST_TEST(ok->method == "PUT");
    BOOST_TEST(ok->path == "/voice-connectors/vc1/origination");
    BOOST_TEST(ok->body == R"({"Origination":{"Routes":[{"Host":"h","Port":5060,"Protocol":"UDP","Priority":1,"Weight":1}],"Disabled":false}})");
    BOOST_TEST(header(*ok, "content-type") == "application/json");
    auto bad = d->serialize(json::parse(R"({"VoiceConnectorId":"vc1","Origination":{"Routes":[
        {"Host":"h","Port":5060},{"Port":70000}]}})"), config());
    BOOST_TEST_REQUIRE(!bad.has_value());
    BOOST_TEST(bad.error().message.find("Origination.Routes[1].Port") != std::string::npos, bad.error().message);
    auto missing = d->serialize(json::parse(R"({"Origination":{}})"), config());
    BOOST_TEST_REQUIRE(!missing.has_value());
    BOOST_TEST(missing.error().message.find("VoiceConnectorId") != std::string::npos, missing.error().message);
}

BOOST_AUTO_TEST_CASE(typed_output_with_timestamps_and_nested_lists) {
    const auto r = response(200, R"({"PhoneNumber":{"PhoneNumberId":"+12065550100","E164PhoneNumber":"+12065550100",
        "Type":"Local","Status":"Assigned","Capabilities":{"InboundCall":true,"OutboundSMS":false},
        "Associations":[{"Value":"vc","Name":"VoiceConnectorId","AssociatedTimestamp":"2024-05-06T07:08:09.120Z"}],
        "CreatedTimestamp":"2024-05-06T09:08:09+02:00","Unknown":{"x":[1,2]},"CallingName":null}})");
    auto typed = cv::parse_get_phone_number_response(r.view());
    BOOST_TEST_REQUIRE(typed.has_value(), typed.error().message);
    const auto& p = *typed->phone_number;
    BOOST_TEST(*p.status == "Assigned");
    BOOST_TEST(*p.capabilities->inbound_call == true);
    BOOST_TEST(cv::format_date_time(*p.created_timestamp) == "2024-05-06T07:08:09Z");
    BOOST_TEST(cv::format_date_time(*(*p.associations)[0].associated_timestamp) == "2024-05-06T07:08:09.120Z");
    BOOST_TEST(!p.calling_name.has_value());
    BOOST_TEST(typed->metadata.request_id == "req-1");
    // Typed and JSON forms agree.
    auto generic = cv::find_operation("GetPhoneNumber")->parse(r.view());
    BOOST_TEST_REQUIRE(generic.has_value());
    BOOST_TEST(json::serialize(*generic) == json::serialize(cv::detail::to_json_value(*typed)));
    // Printing redacts sensitive members.
    std::ostringstream os;
    os << *typed;
    BOOST_TEST(os.str().find("+1206") == std::string::npos, os.str());
    BOOST_TEST(os.str().find("e164_phone_number=<redacted>") != std::string::npos, os.str());
    BOOST_TEST(os.str().find("status=\"Assigned\"") != std::string::npos, os.str());

    const auto wrong = response(200, R"({"PhoneNumber":{"Associations":[{"Value":5}]}})");
    auto e = cv::parse_get_phone_number_response(wrong.view());
    BOOST_TEST_REQUIRE(!e.has_value());
    BOOST_TEST((e.error().category == cv::error_category::malformed_response));
    BOOST_TEST(e.error().message == "PhoneNumber.Associations[0].Value: expected string, got number");
}

BOOST_AUTO_TEST_CASE(modelled_errors_per_operation) {
    const auto r = response(409, R"({"Code":"Conflict","Message":"busy"})", {{"X-Amzn-Errortype", "ConflictException:http://x"}});
    auto e = cv::parse_create_sip_media_application_response(r.view());
    BOOST_TEST_REQUIRE(!e.has_value());
    BOOST_TEST((e.error().category == cv::error_category::service));
    BOOST_TEST((e.error().kind == cv::service_error_kind::conflict_exception));
    BOOST_TEST(e.error().type == "ConflictException");
    BOOST_TEST(e.error().message == "busy");
    BOOST_TEST(e.error().code_raw == "Conflict");
    BOOST_TEST(e.error().metadata.request_id == "req-1");
    // ConflictException is not an error of GetPhoneNumber: unmodelled there.
    auto u = cv::parse_get_phone_number_response(r.view());
    BOOST_TEST_REQUIRE(!u.has_value());
    BOOST_TEST((u.error().kind == cv::service_error_kind::unmodelled));
}

BOOST_AUTO_TEST_CASE(unit_output_and_204) {
    const auto r = response(204, "");
    auto ok = cv::parse_delete_phone_number_response(r.view());
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(ok->metadata.http_status == 204);
    cv::delete_phone_number_request req;
    req.phone_number_id = "+12065550100";
    auto s = cv::serialize_request(req, config());
    BOOST_TEST_REQUIRE(s.has_value());
    BOOST_TEST(s->method == "DELETE");
    BOOST_TEST(s->path == "/phone-numbers/%2B12065550100");
    BOOST_TEST(cv::find_operation("GetGlobalSettings")->serialize(json::object{}, config()).has_value());
    BOOST_TEST(!cv::find_operation("GetGlobalSettings")->serialize(json::object{{"X", 1}}, config()).has_value());
}

BOOST_AUTO_TEST_CASE(pagination_is_a_value) {
    cv::list_phone_numbers_request req;
    req.max_results = 10;
    cv::list_phone_numbers_response last;
    BOOST_TEST(!cv::next_page_request(req, last).has_value());
    last.next_token = "";
    BOOST_TEST(!cv::next_page_request(req, last).has_value());
    last.next_token = "t1";
    auto next = cv::next_page_request(req, last);
    BOOST_TEST_REQUIRE(next.has_value());
    BOOST_TEST(*next->next_token == "t1");
    BOOST_TEST(*next->max_results == 10);
    BOOST_TEST(!cv::next_page_request(*next, last).has_value()); // the same token again: done
    const auto* d = cv::find_operation("SearchAvailablePhoneNumbers");
    auto n = d->next_input(json::parse(R"({"AreaCode":"206"})"), json::parse(R"({"NextToken":"x"})"));
    BOOST_TEST_REQUIRE(n.has_value());
    BOOST_TEST(json::serialize(*n) == R"({"AreaCode":"206","NextToken":"x"})");
    BOOST_TEST(!d->next_input(*n, json::parse(R"({"NextToken":"x"})")).has_value());
    BOOST_TEST(!cv::find_operation("GetPhoneNumber")->next_input(json::object{}, json::parse(R"({"NextToken":"x"})")).has_value());
}

BOOST_AUTO_TEST_CASE(signing_uses_the_request_scope) {
    cv::client_config c = config();
    c.region = "eu-central-1";
    c.use_fips = false;
    cv::list_sip_rules_request req;
    auto r = cv::serialize_request(req, c);
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->host == "voice-chime.eu-central-1.amazonaws.com");
    const cv::credentials creds("AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "");
    cv::sigv4::signing_params p;
    p.region = r->signing.region;
    p.service = r->signing.service;
    p.time = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
    BOOST_TEST_REQUIRE(cv::sigv4::sign(*r, creds, p).has_value());
    BOOST_TEST(header(*r, "authorization").find("/eu-central-1/chime/aws4_request") != std::string::npos);
}

// fuzz_operations finding: a response without a @required member gave a
// typed output with a zero value and a JSON output without the member. Both
// now apply Smithy 2.0 client error correction (the zero value).
BOOST_AUTO_TEST_CASE(missing_required_output_member_gets_its_zero_value) {
    const auto r = response(200, R"({"StreamingConfiguration":{"Disabled":true}})");
    auto typed = cv::parse_get_voice_connector_streaming_configuration_response(r.view());
    BOOST_TEST_REQUIRE(typed.has_value());
    BOOST_TEST(typed->streaming_configuration->data_retention_in_hours == 0);
    auto generic = cv::find_operation("GetVoiceConnectorStreamingConfiguration")->parse(r.view());
    BOOST_TEST_REQUIRE(generic.has_value());
    BOOST_TEST(json::serialize(*generic) == R"({"StreamingConfiguration":{"DataRetentionInHours":0,"Disabled":true}})");
    BOOST_TEST(json::serialize(*generic) == json::serialize(cv::detail::to_json_value(*typed)));
}

// fuzz_operations finding: map entries were written in input order by the
// JSON form and in key order by the typed form (std::map). Both now write
// key order.
BOOST_AUTO_TEST_CASE(map_entries_are_written_in_key_order) {
    auto r = cv::find_operation("CreateSipMediaApplicationCall")->serialize(json::parse(R"({"FromPhoneNumber":"+1",
        "ToPhoneNumber":"+2","SipMediaApplicationId":"s","ArgumentsMap":{"key0":"a","ToPhoneNumber":"b","Ã©":"c"}})"), config());
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->body.find(R"("ArgumentsMap":{"ToPhoneNumber":"b","key0":"a","Ã©":"c"})") != std::string::npos, r->body);
    cv::create_sip_media_application_call_request typed;
    typed.from_phone_number = "+1";
    typed.to_phone_number = "+2";
    typed.sip_media_application_id = "s";
    typed.arguments_map = std::map<std::string, std::string>{{"key0", "a"}, {"ToPhoneNumber", "b"}, {"Ã©", "c"}};
    auto t = cv::serialize_request(typed, config());
    BOOST_TEST_REQUIRE(t.has_value());
    BOOST_TEST(t->body == r->body);
    std::ostringstream os;
    os << typed;
    BOOST_TEST(os.str().find("arguments_map=<redacted>") != std::string::npos, os.str());
}
