// SPDX-License-Identifier: BSL-1.0
// Tests for examples/cli/operation_commands.hpp. Expected names are botocore's
// xform_name(name, '-') and expected skeletons what AWS CLI v2 2.9.19 prints
// (`aws chime-sdk-voice <op> --generate-cli-skeleton input|output`); the full
// comparisons are cli_names_botocore_oracle and cli_skeleton_awscli_oracle.
// The argument rules (lists, file://, overrides) are the AWS CLI's as the
// header documents them.
#include "operation_commands.hpp"

#define BOOST_TEST_MODULE cli_operation_commands
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>
#include <vector>

using chime_cli::cli_name;

namespace {

// A file_reader over an in-memory map, so the tests do no I/O.
chime_cli::file_reader fake_files(std::map<std::string, std::string> files) {
    return [files = std::move(files)](std::string_view path) -> std::expected<std::string, std::string> {
        const auto it = files.find(std::string(path));
        if (it == files.end()) return std::unexpected("file://" + std::string(path) + ": No such file or directory");
        return it->second;
    };
}

boost::json::array arr(std::string_view s) { return boost::json::parse(s).as_array(); }

struct parsed {
    CLI::App app{"chime-voice"};
    chime_cli::operation_commands commands{app};
    explicit parsed(std::vector<std::string> args) {
        std::reverse(args.begin(), args.end()); // CLI11 takes them last first
        app.parse(args);
    }
};

} // namespace

BOOST_AUTO_TEST_CASE(cli_name_is_botocore_xform_name) {
    // xform_name(name, '-') of botocore (AWS CLI v2 2.9.19)
    const std::pair<const char*, const char*> cases[] = {
        {"ListPhoneNumbers", "list-phone-numbers"},
        {"PhoneNumberIds", "phone-number-ids"},
        {"E164PhoneNumbers", "e164-phone-numbers"},
        {"ValidateE911Address", "validate-e911-address"},
        {"VoiceConnectorARNs", "voice-connector-arns"},
        {"SipMediaApplicationId", "sip-media-application-id"},
        {"GetVoiceConnectorTerminationHealth", "get-voice-connector-termination-health"},
        {"AwsRegion", "aws-region"},
        {"CpsLimit", "cps-limit"},
        {"CallingNameUpdatedTimestamp", "calling-name-updated-timestamp"},
        {"HTTPServer", "http-server"},
        {"MyACLs", "my-acls"},
        {"ABCs", "-abcs"},
        {"X", "x"},
        {"ListHITsForQualificationType", "list-hits-for-qualification-type"},
        {"already-dashed", "already-dashed"},
        {"SMAIds", "sma-ids"},
    };
    for (const auto& [in, out] : cases) BOOST_TEST(cli_name(in) == out, in);
}

BOOST_AUTO_TEST_CASE(list_argument_space_separated_json_or_file) {
    using chime_cli::parse_list_argument;
    const auto files = fake_files({{"ids.json", R"(["a", "b"])"}, {"ids.txt", "a b\nc\n"}, {"bad.json", "[1,"}});
    BOOST_TEST(*parse_list_argument("--ids", {"a"}, files) == arr(R"(["a"])"));
    BOOST_TEST(*parse_list_argument("--ids", {"a", "b", "c"}, files) == arr(R"(["a","b","c"])"));
    BOOST_TEST(*parse_list_argument("--ids", {R"(["a","b,c"])"}, files) == arr(R"(["a","b,c"])"));
    BOOST_TEST(*parse_list_argument("--ids", {"  []  "}, files) == arr("[]"));
    BOOST_TEST(*parse_list_argument("--ids", {"[1, 2]"}, files) == arr("[1,2]"));
    BOOST_TEST(*parse_list_argument("--ids", {"file://ids.json"}, files) == arr(R"(["a","b"])"));
    BOOST_TEST(*parse_list_argument("--ids", {"file://ids.txt"}, files) == arr(R"(["a","b","c"])"));
}

BOOST_AUTO_TEST_CASE(list_argument_refuses_what_looks_like_a_mistake) {
    using chime_cli::parse_list_argument;
    const auto files = fake_files({{"bad.json", "[1,"}});
    auto refused = [&](std::vector<std::string> v, std::string_view hint) {
        const auto r = parse_list_argument("--ids", v, files);
        const std::string first = v.empty() ? std::string("(none)") : v.front();
        BOOST_TEST(!r.has_value(), first);
        if (!r) {
            BOOST_TEST(r.error().find("--ids") != std::string::npos, r.error());
            BOOST_TEST(r.error().find(hint) != std::string::npos, r.error());
        }
    };
    refused({"a,b"}, "separated by spaces");
    refused({"a", "b,c"}, "separated by spaces");
    refused({"[a,b]"}, "JSON list");
    refused({R"(["a")"}, "JSON list");
    refused({R"({"a":1})"}, "not a list");
    refused({R"([{"a":1}])"}, "not of JSON objects");
    refused({"file:ids.json"}, "file://PATH");
    refused({"file:/ids.json"}, "file://PATH");
    refused({"fileb://ids.json"}, "fileb://");
    refused({"file://missing.json"}, "No such file");
    refused({"file://bad.json"}, "JSON list");
    refused({"a", "file://x"}, "only value");
    refused({}, "one or more");
}

BOOST_AUTO_TEST_CASE(cli_input_json_inline_or_file) {
    using chime_cli::parse_cli_input_json;
    const auto files = fake_files({{"in.json", R"({"VoiceConnectorId":"abc"})"}, {"list.json", "[]"}});
    BOOST_TEST(*parse_cli_input_json(R"({"A":1})", files) == boost::json::parse(R"({"A":1})").as_object());
    BOOST_TEST(*parse_cli_input_json("file://in.json", files) == boost::json::parse(R"({"VoiceConnectorId":"abc"})").as_object());
    BOOST_TEST(!parse_cli_input_json("[]", files).has_value());
    BOOST_TEST(!parse_cli_input_json("file://list.json", files).has_value());
    BOOST_TEST(!parse_cli_input_json("{", files).has_value());
    BOOST_TEST(!parse_cli_input_json("file:in.json", files).has_value());
    BOOST_TEST(parse_cli_input_json("file://nope", files).error().find("No such file") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(read_file_argument_reads_text_and_refuses_the_rest) {
    namespace fs = std::filesystem;
    const fs::path dir = fs::temp_directory_path() / ("chime_cli_test_" + std::to_string(::getpid()));
    fs::create_directories(dir);
    const auto text = dir / "ok.json";
    const auto binary = dir / "bad.bin";
    { std::ofstream(text) << "{\"A\": \"ü\"}"; }
    { std::ofstream(binary, std::ios::binary) << std::string("\xff\xfe\x00x", 4); }
    BOOST_TEST(*chime_cli::read_file_argument(text.string()) == "{\"A\": \"ü\"}");
    BOOST_TEST(chime_cli::read_file_argument(binary.string()).error().find("not UTF-8") != std::string::npos);
    BOOST_TEST(chime_cli::read_file_argument(dir.string()).error().find("directory") != std::string::npos);
    BOOST_TEST(chime_cli::read_file_argument((dir / "missing").string()).error().find("No such file") != std::string::npos);
    // through parse_cli_input_json with the default reader
    BOOST_TEST(chime_cli::parse_cli_input_json("file://" + text.string())->at("A") == "ü");
    fs::remove_all(dir);
}

BOOST_AUTO_TEST_CASE(skeletons_as_the_aws_cli_prints_them) {
    // aws chime-sdk-voice list-phone-numbers --generate-cli-skeleton input
    BOOST_TEST(chime_cli::generate_cli_skeleton(*chime_voice::find_operation("ListPhoneNumbers"), false) ==
               "{\n"
               "    \"Status\": \"\",\n"
               "    \"ProductType\": \"VoiceConnector\",\n"
               "    \"FilterName\": \"VoiceConnectorId\",\n"
               "    \"FilterValue\": \"\",\n"
               "    \"MaxResults\": 0,\n"
               "    \"NextToken\": \"\"\n"
               "}\n");
    // ... get-voice-connector-termination-health --voice-connector-id x --generate-cli-skeleton output
    BOOST_TEST(chime_cli::generate_cli_skeleton(*chime_voice::find_operation("GetVoiceConnectorTerminationHealth"), true) ==
               "{\n"
               "    \"TerminationHealth\": {\n"
               "        \"Timestamp\": \"1970-01-01T00:00:00\",\n"
               "        \"Source\": \"Source\"\n"
               "    }\n"
               "}\n");
    // ... get-global-settings --generate-cli-skeleton input; delete-sip-rule ... output prints nothing
    BOOST_TEST(chime_cli::generate_cli_skeleton(*chime_voice::find_operation("GetGlobalSettings"), false) == "{}\n");
    BOOST_TEST(chime_cli::generate_cli_skeleton(*chime_voice::find_operation("DeleteSipRule"), false) ==
               "{\n    \"SipRuleId\": \"\"\n}\n");
    BOOST_TEST(chime_cli::generate_cli_skeleton(*chime_voice::find_operation("DeleteSipRule"), true).empty());
}

BOOST_AUTO_TEST_CASE(one_subcommand_per_operation_but_batch_delete) {
    CLI::App app{"chime-voice"};
    chime_cli::operation_commands commands(app);
    BOOST_TEST(app.get_subcommands({}).size() == chime_voice::operations.size() - 1);
    for (const auto& op : chime_voice::operations) {
        const auto name = cli_name(op.name());
        const bool present = !app.get_subcommands([&](CLI::App* s) { return s->get_name() == name; }).empty();
        BOOST_TEST(present == (op.name() != "BatchDeletePhoneNumber"), op.name());
    }
    BOOST_TEST(commands.chosen() == nullptr);
    BOOST_TEST(!commands.paginate());
    BOOST_TEST(!commands.skeleton());
    BOOST_TEST(!commands.input().has_value());
    auto* sub = app.get_subcommand("list-phone-numbers");
    BOOST_TEST(sub->get_description() ==
               "Lists the phone numbers for the specified Amazon Chime SDK account, Amazon Chime SDK user, Amazon Chime "
               "SDK Voice Connector, or Amazon Chime SDK Voice Connector group.");
    const auto help = sub->help();
    BOOST_TEST(help.find("--product-type") != std::string::npos);
    BOOST_TEST(help.find("--next-token") != std::string::npos); // no AWS CLI paginator: a plain option
    const auto rules_help = app.get_subcommand("list-sip-rules")->help();
    BOOST_TEST(rules_help.find("--no-paginate") != std::string::npos);
    BOOST_TEST(rules_help.find("--starting-token") != std::string::npos);
    BOOST_TEST(rules_help.find("--page-size") != std::string::npos);
    BOOST_TEST(rules_help.find("--next-token") == std::string::npos); // hidden, as in the AWS CLI
    BOOST_TEST(rules_help.find("--max-results") == std::string::npos);
    const auto put_help = app.get_subcommand("put-voice-connector-origination")->help();
    BOOST_TEST(put_help.find("--origination") != std::string::npos);
    BOOST_TEST(put_help.find("JSON text, inline or file://PATH [required]") != std::string::npos);
    const auto assoc_help = app.get_subcommand("associate-phone-numbers-with-voice-connector")->help();
    BOOST_TEST(assoc_help.find("--no-force-associate") != std::string::npos);
    BOOST_TEST(assoc_help.find("separated by spaces") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(options_build_the_input_and_override_cli_input_json) {
    parsed p({"update-voice-connector", "--cli-input-json", R"({"VoiceConnectorId":"from-json","Name":"n","RequireEncryption":true})",
              "--voice-connector-id", "abc", "--no-require-encryption"});
    BOOST_TEST(p.commands.chosen() == chime_voice::find_operation("UpdateVoiceConnector"));
    const auto in = p.commands.input();
    BOOST_TEST_REQUIRE(in.has_value());
    BOOST_TEST(*in == boost::json::parse(R"({"VoiceConnectorId":"abc","Name":"n","RequireEncryption":false})").as_object());
    BOOST_TEST(!p.commands.paginate());
    BOOST_TEST(!p.commands.skeleton());
}

BOOST_AUTO_TEST_CASE(typed_members) {
    parsed p({"list-phone-numbers", "--max-results", "5", "--status", "Assigned"});
    BOOST_TEST(*p.commands.input() == boost::json::parse(R"({"Status":"Assigned","MaxResults":5})").as_object());
    parsed bad({"list-phone-numbers", "--max-results", "five"});
    BOOST_TEST(bad.commands.input().error().find("--max-results") != std::string::npos);
    parsed lists({"associate-phone-numbers-with-voice-connector", "--voice-connector-id", "v", "--e164-phone-numbers",
                  "+12065550100", "+12065550101", "--force-associate"});
    BOOST_TEST(*lists.commands.input() ==
               boost::json::parse(R"({"VoiceConnectorId":"v","E164PhoneNumbers":["+12065550100","+12065550101"],"ForceAssociate":true})").as_object());
    parsed json_list({"associate-phone-numbers-with-voice-connector", "--e164-phone-numbers", R"(["+1","+2"])"});
    BOOST_TEST(*json_list.commands.input() == boost::json::parse(R"({"E164PhoneNumbers":["+1","+2"]})").as_object());
    parsed comma({"associate-phone-numbers-with-voice-connector", "--e164-phone-numbers", "+1,+2"});
    BOOST_TEST(!comma.commands.input().has_value());
    parsed structure({"put-voice-connector-origination", "--voice-connector-id", "v", "--origination",
                      R"({"Routes":[{"Host":"h","Port":5060}],"Disabled":false})"});
    BOOST_TEST(*structure.commands.input() ==
               boost::json::parse(R"({"VoiceConnectorId":"v","Origination":{"Routes":[{"Host":"h","Port":5060}],"Disabled":false}})").as_object());
    parsed shorthand({"put-voice-connector-origination", "--origination", "Disabled=false"});
    BOOST_TEST(shorthand.commands.input().error().find("shorthand") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(files_through_the_reader) {
    const auto files = fake_files({{"o.json", R"({"Disabled":true})"}, {"in.json", R"({"VoiceConnectorId":"f"})"}});
    parsed p({"put-voice-connector-origination", "--cli-input-json", "file://in.json", "--origination", "file://o.json"});
    BOOST_TEST(*p.commands.input(files) == boost::json::parse(R"({"VoiceConnectorId":"f","Origination":{"Disabled":true}})").as_object());
    parsed missing({"put-voice-connector-origination", "--origination", "file://nope.json"});
    BOOST_TEST(missing.commands.input(files).error().find("nope.json") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(pagination_as_the_aws_cli) {
    // botocore has paginators for ListSipMediaApplications and ListSipRules only
    parsed all({"list-sip-rules"});
    BOOST_TEST(all.commands.paginate());
    parsed one({"list-sip-rules", "--no-paginate"});
    BOOST_TEST(!one.commands.paginate());
    parsed token({"list-sip-rules", "--next-token", "t"});
    BOOST_TEST(!token.commands.paginate());
    parsed limit({"list-sip-rules", "--max-results", "3"});
    BOOST_TEST(!limit.commands.paginate());
    parsed json_token({"list-sip-rules", "--cli-input-json", R"({"NextToken":"t"})"});
    BOOST_TEST(json_token.commands.input().has_value());
    BOOST_TEST(!json_token.commands.paginate());
    // the paginator's own options set the members and keep the pages
    parsed start({"list-sip-rules", "--starting-token", "tok", "--page-size", "10"});
    BOOST_TEST(*start.commands.input() == boost::json::parse(R"({"NextToken":"tok","MaxResults":10})").as_object());
    BOOST_TEST(start.commands.paginate());
    parsed conflict({"list-sip-rules", "--no-paginate", "--page-size", "10"});
    BOOST_TEST(conflict.commands.input().error() == "Cannot specify --no-paginate along with pagination arguments: --page-size");
    // @paginated in the Smithy model but not paged by the AWS CLI: one page
    parsed phone({"list-phone-numbers"});
    BOOST_TEST(!phone.commands.paginate());
    parsed phone_np({"list-phone-numbers", "--no-paginate", "--next-token", "t"});
    BOOST_TEST(*phone_np.commands.input() == boost::json::parse(R"({"NextToken":"t"})").as_object());
    parsed not_paginated({"get-global-settings", "--no-paginate"});
    BOOST_TEST(!not_paginated.commands.paginate());
}

BOOST_AUTO_TEST_CASE(skeleton_flag) {
    parsed sk({"list-voice-connectors", "--generate-cli-skeleton"});
    BOOST_TEST((sk.commands.skeleton() == std::optional<bool>(false)));
    parsed sk_in({"list-voice-connectors", "--generate-cli-skeleton", "input"});
    BOOST_TEST((sk_in.commands.skeleton() == std::optional<bool>(false)));
    parsed sk_out({"list-voice-connectors", "--generate-cli-skeleton", "output"});
    BOOST_TEST((sk_out.commands.skeleton() == std::optional<bool>(true)));
    parsed none({"list-voice-connectors"});
    BOOST_TEST(!none.commands.skeleton());
}

BOOST_AUTO_TEST_CASE(usage_errors_are_cli11_errors) {
    CLI::App app{"chime-voice"};
    chime_cli::operation_commands commands(app);
    std::vector<std::string> unknown{"--bogus", "list-voice-connectors"};
    BOOST_CHECK_THROW(app.parse(unknown), CLI::ParseError);
    CLI::App app2{"chime-voice"};
    chime_cli::operation_commands commands2(app2);
    std::vector<std::string> yaml{"yaml-input", "--generate-cli-skeleton", "list-voice-connectors"};
    BOOST_CHECK_THROW(app2.parse(yaml), CLI::ParseError);
    CLI::App app3{"chime-voice"};
    chime_cli::operation_commands commands3(app3);
    std::vector<std::string> both{"--no-force-associate", "--force-associate", "associate-phone-numbers-with-voice-connector"};
    BOOST_CHECK_THROW(app3.parse(both), CLI::ParseError);
}

BOOST_AUTO_TEST_CASE(string_members_read_file_urls_only) {
    const auto files = fake_files({{"name.txt", "from-file"}});
    parsed url({"update-sip-rule", "--sip-rule-id", "r", "--name", "file://name.txt"});
    BOOST_TEST(url.commands.input(files)->at("Name") == "from-file");
    parsed literal({"update-sip-rule", "--sip-rule-id", "r", "--name", "file:name.txt"});
    BOOST_TEST(literal.commands.input(files)->at("Name") == "file:name.txt"); // as the AWS CLI: not a paramfile
    parsed binary({"update-sip-rule", "--sip-rule-id", "r", "--name", "fileb://name.txt"});
    BOOST_TEST(!binary.commands.input(files).has_value());
}

BOOST_AUTO_TEST_CASE(file_paths_expand_home_and_variables) {
    // os.path.expandvars(os.path.expanduser(p)), as awscli/paramfile.py
    ::setenv("HOME", "/home/tester", 1);
    ::setenv("CHIME_CLI_TEST_DIR", "/data", 1);
    ::unsetenv("CHIME_CLI_TEST_UNSET");
    using chime_cli::detail::expand_path;
    BOOST_TEST(expand_path("~/in.json") == "/home/tester/in.json");
    BOOST_TEST(expand_path("~") == "/home/tester");
    BOOST_TEST(expand_path("$CHIME_CLI_TEST_DIR/in.json") == "/data/in.json");
    BOOST_TEST(expand_path("${CHIME_CLI_TEST_DIR}/in.json") == "/data/in.json");
    BOOST_TEST(expand_path("$CHIME_CLI_TEST_UNSET/x") == "$CHIME_CLI_TEST_UNSET/x");
    BOOST_TEST(expand_path("a$") == "a$");
    BOOST_TEST(expand_path("plain/path.json") == "plain/path.json");
}

BOOST_AUTO_TEST_CASE(max_items_and_starting_tokens_as_botocore) {
    // botocore TokenEncoder().encode(...) of the dicts in the comments
    using chime_cli::decode_starting_token;
    // {"NextToken": "tok-1", "boto_truncate_amount": 1}
    auto a = decode_starting_token("eyJOZXh0VG9rZW4iOiAidG9rLTEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==");
    BOOST_TEST((a.next_token == std::optional<std::string>("tok-1")));
    BOOST_TEST(a.skip == 1);
    // {"NextToken": None, "boto_truncate_amount": 2}
    auto b = decode_starting_token("eyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAyfQ==");
    BOOST_TEST(!b.next_token.has_value());
    BOOST_TEST(b.skip == 2);
    BOOST_TEST(chime_cli::detail::encode_resume_token("NextToken", boost::json::value("tok-1"), 1) ==
               "eyJOZXh0VG9rZW4iOiAidG9rLTEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==");
    BOOST_TEST(chime_cli::detail::encode_resume_token("NextToken", boost::json::value("t"), std::nullopt) ==
               "eyJOZXh0VG9rZW4iOiAidCJ9");
    BOOST_TEST(chime_cli::detail::encode_resume_token("NextToken", boost::json::value("日本"), std::nullopt) ==
               "eyJOZXh0VG9rZW4iOiAiXHU2NWU1XHU2NzJjIn0=");
    // a service token as it is; the old "token___N" form
    auto c = decode_starting_token("AAECAw-raw.token");
    BOOST_TEST((c.next_token == std::optional<std::string>("AAECAw-raw.token")));
    BOOST_TEST(c.skip == 0);
    auto d = decode_starting_token("tok___3");
    BOOST_TEST((d.next_token == std::optional<std::string>("tok")));
    BOOST_TEST(d.skip == 3);

    parsed p({"list-sip-rules", "--max-items", "2", "--starting-token",
              "eyJOZXh0VG9rZW4iOiAidG9rLTEiLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ=="});
    BOOST_TEST(*p.commands.input() == boost::json::parse(R"({"NextToken":"tok-1"})").as_object());
    BOOST_TEST(p.commands.paginate());
    BOOST_TEST((p.commands.limits().max_items == std::optional<std::int64_t>(2)));
    BOOST_TEST(p.commands.limits().starting_token.has_value());
    parsed np({"list-sip-rules", "--no-paginate", "--max-items", "2"});
    BOOST_TEST(np.commands.input().error() == "Cannot specify --no-paginate along with pagination arguments: --max-items");
}
