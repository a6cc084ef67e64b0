// SPDX-License-Identifier: BSL-1.0
// Tests for examples/cli/output.hpp. The expected renderings were printed by
// AWS CLI v2 2.9.19's own formatters (awscli.formatter with --color off, an
// 80-column non-terminal; Debian's awscli package) for the same JSON; the
// full comparison over every operation is cli_output_awscli_oracle. The
// escaping expectations follow the rule written at the top of output.hpp,
// and, for json, Python's json.dumps(ensure_ascii=False).
#include "output.hpp"

#define BOOST_TEST_MODULE cli_output
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <boost/json/parse.hpp>

#include <string>
#include <vector>

using chime_cli::output_format;
using chime_cli::render;

namespace {

// ---- printed by AWS CLI v2 2.9.19 (see the file comment)
// list json
const std::string list_json = R"_({
    "PhoneNumbers": [
        {
            "PhoneNumberId": "abc",
            "E164PhoneNumber": "+12065550100",
            "Status": "Assigned",
            "Capabilities": {
                "InboundCall": true,
                "OutboundCall": false
            }
        },
        {
            "PhoneNumberId": "def",
            "E164PhoneNumber": "+12065550101",
            "Status": "Unassigned",
            "Capabilities": {
                "InboundCall": false,
                "OutboundCall": true
            }
        }
    ],
    "NextToken": "tok"
}
)_";
// list text
const std::string list_text = R"_(tok
PHONENUMBERS	+12065550100	abc	Assigned
CAPABILITIES	True	False
PHONENUMBERS	+12065550101	def	Unassigned
CAPABILITIES	False	True
)_";
// list table
const std::string list_table = R"_(------------------------------------------------------
|                  ListPhoneNumbers                  |
+---------------------------------+------------------+
|  NextToken                      |  tok             |
+---------------------------------+------------------+
||                   PhoneNumbers                   ||
|+-------------------+-----------------+------------+|
||  E164PhoneNumber  |  PhoneNumberId  |  Status    ||
|+-------------------+-----------------+------------+|
||  +12065550100     |  abc            |  Assigned  ||
|+-------------------+-----------------+------------+|
|||                  Capabilities                  |||
||+----------------------+-------------------------+||
|||      InboundCall     |      OutboundCall       |||
||+----------------------+-------------------------+||
|||  True                |  False                  |||
||+----------------------+-------------------------+||
||                   PhoneNumbers                   ||
|+-----------------+-----------------+--------------+|
|| E164PhoneNumber |  PhoneNumberId  |   Status     ||
|+-----------------+-----------------+--------------+|
||  +12065550101   |  def            |  Unassigned  ||
|+-----------------+-----------------+--------------+|
|||                  Capabilities                  |||
||+----------------------+-------------------------+||
|||      InboundCall     |      OutboundCall       |||
||+----------------------+-------------------------+||
|||  False               |  True                   |||
||+----------------------+-------------------------+||
)_";
// list yaml
const std::string list_yaml = R"_(NextToken: tok
PhoneNumbers:
- Capabilities:
    InboundCall: true
    OutboundCall: false
  E164PhoneNumber: '+12065550100'
  PhoneNumberId: abc
  Status: Assigned
- Capabilities:
    InboundCall: false
    OutboundCall: true
  E164PhoneNumber: '+12065550101'
  PhoneNumberId: def
  Status: Unassigned
)_";
// scalars json
const std::string scalars_json = R"_({
    "N": 42,
    "F": 1.5,
    "E": 1e-07,
    "G": 1e+16,
    "B": true,
    "S": "it's \"quoted\" \\ back",
    "L": [
        "a",
        "b"
    ]
}
)_";
// scalars text
const std::string scalars_text = R"_(True	1e-07	1.5	1e+16	42	it's "quoted" \ back
L	a
L	b
)_";
// scalars table
const std::string scalars_table = R"_(-----------------------------------------------------------------
|                       GetGlobalSettings                       |
+------+--------+------+--------+-----+-------------------------+
|   B  |   E    |  F   |   G    |  N  |            S            |
+------+--------+------+--------+-----+-------------------------+
|  True|  1e-07 |  1.5 |  1e+16 |  42 |  it's "quoted" \ back   |
+------+--------+------+--------+-----+-------------------------+
||                              L                              ||
|+-------------------------------------------------------------+|
||  a                                                          ||
||  b                                                          ||
|+-------------------------------------------------------------+|
)_";
// scalars yaml
const std::string scalars_yaml = R"_(B: true
E: 1e-07
F: 1.5
G: 1e+16
L:
- a
- b
N: 42
S: it's "quoted" \ back
)_";
// unicode json
const std::string unicode_json = R"_({
    "PhoneNumber": {
        "CallingName": "日本語",
        "Country": "Zürich",
        "Name": "😀"
    }
}
)_";
// unicode text
const std::string unicode_text = R"_(PHONENUMBER	日本語	Zürich	😀
)_";
// unicode table
const std::string unicode_table = R"_(--------------------------------------
|           GetPhoneNumber           |
+------------------------------------+
||            PhoneNumber           ||
|+--------------+-----------+-------+|
||  CallingName |  Country  | Name  ||
|+--------------+-----------+-------+|
||  日本語      |  Zürich  |  😀   ||
|+--------------+-----------+-------+|
)_";
// unicode yaml
const std::string unicode_yaml = R"_(PhoneNumber:
  CallingName: 日本語
  Country: Zürich
  Name: "\U0001F600"
)_";
// yamlquote json
const std::string yamlquote_json = R"_({
    "SipRule": {
        "Name": "true",
        "TriggerValue": "123",
        "Disabled": false,
        "CreatedTimestamp": "2023-01-01T00:00:00Z",
        "SipRuleId": "- x",
        "AwsRegion": "a: b",
        "Long": "word word word word word word word word word word word word word word word word word word word word end"
    }
}
)_";
// yamlquote text
const std::string yamlquote_text = R"_(SIPRULE	a: b	2023-01-01T00:00:00Z	False	word word word word word word word word word word word word word word word word word word word word end	true	- x	123
)_";
// yamlquote table
const std::string yamlquote_table = R"_(-----------------------------------------------------------------------------------------------------------------------------------
|                                                           GetSipRule                                                            |
+---------------------------------------------------------------------------------------------------------------------------------+
||                                                            SipRule                                                            ||
|+------------------+------------------------------------------------------------------------------------------------------------+|
||  AwsRegion       |  a: b                                                                                                      ||
||  CreatedTimestamp|  2023-01-01T00:00:00Z                                                                                      ||
||  Disabled        |  False                                                                                                     ||
||  Long            |  word word word word word word word word word word word word word word word word word word word word end   ||
||  Name            |  true                                                                                                      ||
||  SipRuleId       |  - x                                                                                                       ||
||  TriggerValue    |  123                                                                                                       ||
|+------------------+------------------------------------------------------------------------------------------------------------+|
)_";
// yamlquote yaml
const std::string yamlquote_yaml = R"_(SipRule:
  AwsRegion: 'a: b'
  CreatedTimestamp: '2023-01-01T00:00:00Z'
  Disabled: false
  Long: word word word word word word word word word word word word word word word
    word word word word word end
  Name: 'true'
  SipRuleId: '- x'
  TriggerValue: '123'
)_";

boost::json::value j(std::string_view s) { return boost::json::parse(s); }

const char* list_in = R"({"PhoneNumbers":[{"PhoneNumberId":"abc","E164PhoneNumber":"+12065550100","Status":"Assigned","Capabilities":{"InboundCall":true,"OutboundCall":false}},{"PhoneNumberId":"def","E164PhoneNumber":"+12065550101","Status":"Unassigned","Capabilities":{"InboundCall":false,"OutboundCall":true}}],"NextToken":"tok"})";
const char* scalars_in = R"({"N":42,"F":1.5,"E":1e-07,"G":1e16,"B":true,"S":"it's \"quoted\" \\ back","L":["a","b"]})";
const char* unicode_in = R"({"PhoneNumber":{"CallingName":"日本語","Country":"Zürich","Name":"😀"}})";
const char* yamlquote_in = R"({"SipRule":{"Name":"true","TriggerValue":"123","Disabled":false,"CreatedTimestamp":"2023-01-01T00:00:00Z","SipRuleId":"- x","AwsRegion":"a: b","Long":"word word word word word word word word word word word word word word word word word word word word end"}})";

} // namespace

BOOST_AUTO_TEST_CASE(parse_output_format_accepts_the_four_names) {
    BOOST_TEST((chime_cli::parse_output_format("json") == output_format::json));
    BOOST_TEST((chime_cli::parse_output_format("text") == output_format::text));
    BOOST_TEST((chime_cli::parse_output_format("table") == output_format::table));
    BOOST_TEST((chime_cli::parse_output_format("yaml") == output_format::yaml));
    BOOST_TEST(!chime_cli::parse_output_format("JSON"));
    BOOST_TEST(!chime_cli::parse_output_format("yaml-stream"));
    BOOST_TEST(!chime_cli::parse_output_format(""));
}

BOOST_AUTO_TEST_CASE(list_of_structures_in_every_format) {
    BOOST_TEST(render(j(list_in), output_format::json, "ListPhoneNumbers") == list_json);
    BOOST_TEST(render(j(list_in), output_format::text, "ListPhoneNumbers") == list_text);
    BOOST_TEST(render(j(list_in), output_format::table, "ListPhoneNumbers") == list_table);
    BOOST_TEST(render(j(list_in), output_format::yaml, "ListPhoneNumbers") == list_yaml);
}

BOOST_AUTO_TEST_CASE(numbers_booleans_and_quotes) {
    BOOST_TEST(render(j(scalars_in), output_format::json, "GetGlobalSettings") == scalars_json);
    BOOST_TEST(render(j(scalars_in), output_format::text, "GetGlobalSettings") == scalars_text);
    BOOST_TEST(render(j(scalars_in), output_format::table, "GetGlobalSettings") == scalars_table);
    BOOST_TEST(render(j(scalars_in), output_format::yaml, "GetGlobalSettings") == scalars_yaml);
}

BOOST_AUTO_TEST_CASE(unicode_kept_and_wide_characters_counted_twice) {
    BOOST_TEST(render(j(unicode_in), output_format::json, "GetPhoneNumber") == unicode_json);
    BOOST_TEST(render(j(unicode_in), output_format::text, "GetPhoneNumber") == unicode_text);
    BOOST_TEST(render(j(unicode_in), output_format::table, "GetPhoneNumber") == unicode_table);
    BOOST_TEST(render(j(unicode_in), output_format::yaml, "GetPhoneNumber") == unicode_yaml);
}

BOOST_AUTO_TEST_CASE(yaml_quotes_what_would_read_back_as_another_type_and_folds_long_lines) {
    BOOST_TEST(render(j(yamlquote_in), output_format::yaml, "GetSipRule") == yamlquote_yaml);
    BOOST_TEST(render(j(yamlquote_in), output_format::json, "GetSipRule") == yamlquote_json);
    BOOST_TEST(render(j(yamlquote_in), output_format::text, "GetSipRule") == yamlquote_text);
    BOOST_TEST(render(j(yamlquote_in), output_format::table, "GetSipRule") == yamlquote_table);
}

BOOST_AUTO_TEST_CASE(empty_output_prints_nothing) {
    for (const auto f : {output_format::json, output_format::text, output_format::table, output_format::yaml})
        BOOST_TEST(render(j("{}"), f, "DeleteSipRule").empty());
}

BOOST_AUTO_TEST_CASE(escape_for_terminal_rule) {
    using chime_cli::escape_for_terminal;
    BOOST_TEST(escape_for_terminal("plain text, ünïcödé 日本") == "plain text, ünïcödé 日本");
    BOOST_TEST(escape_for_terminal("a\tb\nc\rd") == "a\\tb\\nc\\rd");
    BOOST_TEST(escape_for_terminal("\x1b]0;owned\x07") == "\\x1b]0;owned\\x07");
    BOOST_TEST(escape_for_terminal("\x1b[31mred") == "\\x1b[31mred");
    BOOST_TEST(escape_for_terminal(std::string_view("\0x", 2)) == "\\x00x");
    BOOST_TEST(escape_for_terminal("\x7f") == "\\x7f");
    BOOST_TEST(escape_for_terminal("\xc2\x9b" "31m") == "\\x9b31m"); // C1 CSI
    BOOST_TEST(escape_for_terminal("\xc2\x85") == "\\x85");          // NEL
    BOOST_TEST(escape_for_terminal("a\xe2\x80\xa8" "b\xe2\x80\xa9") == "a\\u2028b\\u2029");
    BOOST_TEST(escape_for_terminal("bad \xff byte") == "bad \xef\xbf\xbd byte"); // U+FFFD
    BOOST_TEST(escape_for_terminal("back\\slash") == "back\\slash");
    BOOST_TEST(escape_for_terminal("\xc2\xa0nbsp") == "\xc2\xa0nbsp");
}

BOOST_AUTO_TEST_CASE(control_characters_cannot_forge_lines_or_columns) {
    const auto v = j(R"({"Name":"x\u001b]0;title\u0007\ny","Tag":"a\tb","L":[{"K":"1\n2"}]})");
    const auto text = render(v, output_format::text, "Op");
    // one line of scalars, the list's line: two lines, three tab-separated columns on the first
    BOOST_TEST(text == "x\\x1b]0;title\\x07\\ny\ta\\tb\nL\t1\\n2\n");
    const auto table = render(v, output_format::table, "Op");
    BOOST_TEST(table.find('\x1b') == std::string::npos);
    BOOST_TEST(table.find('\t') == std::string::npos);
    BOOST_TEST(table.find("x\\x1b]0;title\\x07\\ny") != std::string::npos);
    const auto yaml = render(v, output_format::yaml, "Op");
    BOOST_TEST(yaml == "L:\n- K: 1\\n2\nName: x\\x1b]0;title\\x07\\ny\nTag: a\\tb\n");
    // json escapes as Python's json.dumps does
    const auto json = render(v, output_format::json, "Op");
    BOOST_TEST(json.find(R"("x\u001b]0;title\u0007\ny")") != std::string::npos);
    BOOST_TEST(json.find(R"("a\tb")") != std::string::npos);
    // the title too
    BOOST_TEST(render(j(R"({"A":"b"})"), output_format::table, "T\x1b").find('\x1b') == std::string::npos);
}

BOOST_AUTO_TEST_CASE(json_escapes_as_python) {
    // json.dumps({"k": "\x01\x1f\x7f\u0085\u2028\"\\/"}, indent=4, ensure_ascii=False)
    const auto v = j(R"({"k":"\u0001\u001f\u007f\u0085\u2028\"\\/"})");
    BOOST_TEST(render(v, output_format::json, "Op") == "{\n    \"k\": \"\\u0001\\u001f\x7f\xc2\x85\xe2\x80\xa8\\\"\\\\/\"\n}\n");
}

BOOST_AUTO_TEST_CASE(python_float_repr) {
    using chime_cli::detail::python_float_repr;
    // repr() of Python 3.11
    BOOST_TEST(python_float_repr(0.0) == "0.0");
    BOOST_TEST(python_float_repr(-0.0) == "-0.0");
    BOOST_TEST(python_float_repr(1.0) == "1.0");
    BOOST_TEST(python_float_repr(0.1) == "0.1");
    BOOST_TEST(python_float_repr(1e-4) == "0.0001");
    BOOST_TEST(python_float_repr(1e-5) == "1e-05");
    BOOST_TEST(python_float_repr(1e15) == "1000000000000000.0");
    BOOST_TEST(python_float_repr(1e16) == "1e+16");
    BOOST_TEST(python_float_repr(123456789.125) == "123456789.125");
    BOOST_TEST(python_float_repr(1.7976931348623157e308) == "1.7976931348623157e+308");
    BOOST_TEST(python_float_repr(5e-324) == "5e-324");
    BOOST_TEST(python_float_repr(2.5e-5) == "2.5e-05");
}

BOOST_AUTO_TEST_CASE(table_narrower_terminal_turns_single_rows_vertical) {
    // MultiTable(terminal_width=40) in awscli/table.py: single-row sections are
    // turned into key/value rows once the table is wider than the terminal.
    const auto v = j(R"({"Alpha":"aaaaaaaaaaaa","Beta":"bbbbbbbbbbbb","Gamma":"cccccccccccc"})");
    const std::string expected =
        "---------------------------\n"
        "|           Op            |\n"
        "+--------+----------------+\n"
        "|  Alpha |  aaaaaaaaaaaa  |\n"
        "|  Beta  |  bbbbbbbbbbbb  |\n"
        "|  Gamma |  cccccccccccc  |\n"
        "+--------+----------------+\n";
    BOOST_TEST(chime_cli::render_table(v, "Op", 40) == expected);
}

BOOST_AUTO_TEST_CASE(timestamps_as_the_aws_cli_prints_them) {
    // awscli.customizations.timestampformat.iso_format (the default
    // cli_timestamp_format iso8601): parse_timestamp(v).isoformat()
    auto v = j(R"({"PhoneNumbers":[{"CreatedTimestamp":"2023-01-31T12:34:56Z","UpdatedTimestamp":"2023-01-31T12:34:56.5Z",
                  "Name":"2023-01-31T12:34:56Z","Associations":[{"AssociatedTimestamp":"2026-12-02T01:02:03.001Z"}]}]})");
    chime_cli::apply_cli_timestamp_format(v, *chime_voice::find_operation("ListPhoneNumbers"));
    const auto& p = v.at("PhoneNumbers").at(0);
    BOOST_TEST(p.at("CreatedTimestamp") == "2023-01-31T12:34:56+00:00");
    BOOST_TEST(p.at("UpdatedTimestamp") == "2023-01-31T12:34:56.500000+00:00");
    BOOST_TEST(p.at("Associations").at(0).at("AssociatedTimestamp") == "2026-12-02T01:02:03.001000+00:00");
    BOOST_TEST(p.at("Name") == "2023-01-31T12:34:56Z"); // not a timestamp member
}

namespace {
// printed by AWS CLI v2 2.9.19's formatters for a botocore PageIterator over
// the two pages below (ListSipRules, result key SipRules)
const std::string pages_json = R"_({
    "SipRules": [
        {
            "SipRuleId": "r1",
            "Name": "first",
            "Disabled": false
        },
        {
            "SipRuleId": "r2",
            "TriggerValue": "+12065550100"
        }
    ]
}
)_";
const std::string pages_text = R"_(SIPRULES	False	first	r1
SIPRULES	r2	+12065550100
)_";
const std::string pages_table = R"_(------------------------------------------------------
|                    ListSipRules                    |
+----------------------------------------------------+
||                     SipRules                     ||
|+----------+--------+-------------+----------------+|
|| Disabled | Name   |  SipRuleId  | TriggerValue   ||
|+----------+--------+-------------+----------------+|
||  False   |  first |  r1         |                ||
||          |        |  r2         |  +12065550100  ||
|+----------+--------+-------------+----------------+|
)_";
const std::string pages_yaml = R"_(SipRules:
- Disabled: false
  Name: first
  SipRuleId: r1
- SipRuleId: r2
  TriggerValue: '+12065550100'
)_";
} // namespace

BOOST_AUTO_TEST_CASE(paginated_calls_as_the_aws_cli_prints_them) {
    const auto* op = chime_voice::find_operation("ListSipRules");
    const std::vector<boost::json::value> pages{
        j(R"({"SipRules":[{"SipRuleId":"r1","Name":"first","Disabled":false}],"NextToken":"tok-1"})"),
        j(R"({"SipRules":[{"SipRuleId":"r2","TriggerValue":"+12065550100"}]})")};
    BOOST_TEST(chime_cli::render_pages(*op, pages, output_format::json) == pages_json);
    BOOST_TEST(chime_cli::render_pages(*op, pages, output_format::text) == pages_text); // columns per page
    BOOST_TEST(chime_cli::render_pages(*op, pages, output_format::table) == pages_table);
    BOOST_TEST(chime_cli::render_pages(*op, pages, output_format::yaml) == pages_yaml);
    BOOST_TEST(chime_cli::merge_pages(*op, pages) ==
               j(R"({"SipRules":[{"SipRuleId":"r1","Name":"first","Disabled":false},{"SipRuleId":"r2","TriggerValue":"+12065550100"}]})"));
    // botocore's paginators-1.json: these two only
    BOOST_TEST(chime_cli::find_aws_cli_paginator("ListSipRules") != nullptr);
    BOOST_TEST(chime_cli::find_aws_cli_paginator("ListSipMediaApplications")->result_key == "SipMediaApplications");
    BOOST_TEST(chime_cli::find_aws_cli_paginator("ListPhoneNumbers") == nullptr);
}

BOOST_AUTO_TEST_CASE(text_upper_cases_as_python) {
    // str.upper() of Python 3.11 (Unicode 14.0.0): full case mappings
    using chime_cli::detail::python_upper;
    BOOST_TEST(python_upper("abc") == "ABC");
    BOOST_TEST(python_upper("Zürich") == "ZÜRICH");
    BOOST_TEST(python_upper("ß") == "SS");
    BOOST_TEST(python_upper("ﬁ") == "FI");
    BOOST_TEST(python_upper("ǅ") == "Ǆ");
    BOOST_TEST(python_upper("ΐ") == "\xce\x99\xcc\x88\xcc\x81");
    BOOST_TEST(python_upper("кириллица") == "КИРИЛЛИЦА");
    BOOST_TEST(python_upper("日本") == "日本");
    // the name in front of a list in the text format
    BOOST_TEST(render(j(R"({"straße":["a"]})"), output_format::text, "Op") == "STRASSE\ta\n");
}

BOOST_AUTO_TEST_CASE(max_items_reached_stops_the_page_loop) {
    const auto* op = chime_voice::find_operation("ListSipRules");
    const std::vector<boost::json::value> one{j(R"({"SipRules":[{"SipRuleId":"a"},{"SipRuleId":"b"}],"NextToken":"t"})")};
    BOOST_TEST(chime_cli::max_items_reached(*op, one, {2, std::nullopt}));
    BOOST_TEST(chime_cli::max_items_reached(*op, one, {1, std::nullopt}));
    BOOST_TEST(!chime_cli::max_items_reached(*op, one, {3, std::nullopt}));
    BOOST_TEST(!chime_cli::max_items_reached(*op, one, {}));
    // botocore: max_items 1 prints a, then NextToken {"NextToken": null, "boto_truncate_amount": 1}
    BOOST_TEST(chime_cli::render_pages(*op, one, output_format::text, {1, std::nullopt}) ==
               "SIPRULES\ta\nNEXTTOKEN\teyJOZXh0VG9rZW4iOiBudWxsLCAiYm90b190cnVuY2F0ZV9hbW91bnQiOiAxfQ==\n");
}
