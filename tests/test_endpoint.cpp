// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/endpoint.hpp (included first: it must compile alone).
//
// References, all independent of the resolver:
// * tests/data/endpoints/tests.json (21 current upstream cases) and the
//   legacy 25-case list (4 known outdated, see its README);
// * a small reference evaluator of the Smithy rules language written here,
//   run over ruleset.json and partitions.json (with std::regex for the
//   partitions' regionRegex), for every region and flag combination;
// * partitions.json itself, to check the generated tables.
#include <chime_voice/endpoint.hpp>

#define BOOST_TEST_MODULE endpoint
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <boost/json.hpp>

#include <array>
#include <fstream>
#include <map>
#include <optional>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace chime_voice {
// Lets BOOST_TEST print the enum in failure messages (test-only helper).
inline std::ostream& boost_test_print_type(std::ostream& os, error_category c) {
    return os << to_string(c);
}
} // namespace chime_voice

namespace json = boost::json;
using chime_voice::client_config;
using chime_voice::error_category;
using chime_voice::resolve_endpoint;
namespace rules = chime_voice::detail::endpoint_rules;
namespace data = chime_voice::detail::endpoint_data;

namespace {

std::string testdata_path(std::string_view rel) {
    return std::string(CHIME_VOICE_TESTDATA_DIR) + "/endpoints/" + std::string(rel);
}

json::value load_json(std::string_view rel) {
    std::ifstream in(testdata_path(rel), std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), "cannot open " << testdata_path(rel));
    std::ostringstream ss;
    ss << in.rdbuf();
    return json::parse(ss.str());
}

const json::object& ruleset() {
    static const json::value v = load_json("ruleset.json");
    return v.as_object();
}
const json::object& partitions_json() {
    static const json::value v = load_json("partitions.json");
    return v.as_object();
}

// ---------------------------------------------------------------------------
// Reference evaluator of the Smithy rules language (the subset ruleset.json
// uses: isSet, booleanEquals, stringEquals, not, getAttr, aws.partition,
// templates), independent of the resolver under test.

struct outcome {
    bool is_error = false;
    std::string value; // url or error message
};

class reference_rules {
public:
    reference_rules(const json::object& rs, const json::object& parts) : rs_(rs), parts_(parts) {}

    outcome evaluate(const client_config& c) const {
        json::object scope;
        if (!c.region.empty()) scope["Region"] = c.region;
        if (c.endpoint) scope["Endpoint"] = *c.endpoint;
        scope["UseFIPS"] = c.use_fips;
        scope["UseDualStack"] = c.use_dual_stack;
        auto r = eval_rules(rs_.at("rules").as_array(), scope);
        BOOST_TEST_REQUIRE(r.has_value(), "reference: no rule matched");
        return *r;
    }

    // aws.partition as the Smithy AWS rules-engine library defines it.
    json::value partition(std::string_view region) const {
        const auto& list = parts_.at("partitions").as_array();
        for (const auto& p : list) {
            const auto& regions = p.at("regions").as_object();
            if (auto it = regions.find(region); it != regions.end()) {
                json::object out = p.at("outputs").as_object();
                for (const auto& [k, v] : it->value().as_object())
                    if (k != "description") out[k] = v;
                return out;
            }
        }
        for (const auto& p : list) {
            const std::regex re(std::string(p.at("regionRegex").as_string()));
            if (std::regex_match(std::string(region), re)) return p.at("outputs");
        }
        for (const auto& p : list)
            if (p.at("id").as_string() == "aws") return p.at("outputs");
        return nullptr;
    }

private:
    std::optional<outcome> eval_rules(const json::array& list, const json::object& outer) const {
        for (const auto& rv : list) {
            const auto& rule = rv.as_object();
            json::object scope = outer;
            bool ok = true;
            for (const auto& cv : rule.at("conditions").as_array()) {
                const auto& cond = cv.as_object();
                json::value v = call(cond, scope);
                if (v.is_null() || (v.is_bool() && !v.as_bool())) {
                    ok = false;
                    break;
                }
                if (auto a = cond.find("assign"); a != cond.end()) scope[a->value().as_string()] = v;
            }
            if (!ok) continue;
            const auto& type = rule.at("type").as_string();
            if (type == "endpoint") {
                json::value url = eval(rule.at("endpoint").at("url"), scope);
                return outcome{false, std::string(url.as_string())};
            }
            if (type == "error") return outcome{true, expand(rule.at("error").as_string(), scope)};
            return eval_rules(rule.at("rules").as_array(), scope); // tree
        }
        return std::nullopt;
    }

    json::value eval(const json::value& v, const json::object& scope) const {
        if (v.is_string()) return json::value(expand(v.as_string(), scope));
        if (v.is_object()) {
            const auto& o = v.as_object();
            if (auto r = o.find("ref"); r != o.end()) {
                auto it = scope.find(r->value().as_string());
                return it == scope.end() ? json::value(nullptr) : it->value();
            }
            return call(o, scope);
        }
        return v;
    }

    json::value call(const json::object& f, const json::object& scope) const {
        const std::string fn(f.at("fn").as_string());
        std::vector<json::value> a;
        for (const auto& x : f.at("argv").as_array()) a.push_back(eval(x, scope));
        if (fn == "isSet") return !a.at(0).is_null();
        if (fn == "booleanEquals") return a.at(0).is_bool() && a.at(1).is_bool() && a[0] == a[1];
        if (fn == "stringEquals") return a.at(0).is_string() && a.at(1).is_string() && a[0] == a[1];
        if (fn == "not") return !(a.at(0).is_bool() && a[0].as_bool());
        if (fn == "getAttr") {
            if (!a.at(0).is_object()) return nullptr;
            auto it = a[0].as_object().find(a.at(1).as_string());
            return it == a[0].as_object().end() ? json::value(nullptr) : it->value();
        }
        if (fn == "aws.partition") return a.at(0).is_string() ? partition(a[0].as_string()) : nullptr;
        BOOST_FAIL("reference: unsupported function " << fn);
        return nullptr;
    }

    std::string expand(std::string_view t, const json::object& scope) const {
        std::string out;
        for (std::size_t i = 0; i < t.size(); ++i) {
            if (t[i] != '{') {
                out += t[i];
                continue;
            }
            const std::size_t close = t.find('}', i);
            const std::string_view name = t.substr(i + 1, close - i - 1);
            const std::size_t hash = name.find('#');
            const json::value& base = scope.at(name.substr(0, hash));
            out += hash == std::string_view::npos
                       ? std::string(base.as_string())
                       : std::string(base.as_object().at(name.substr(hash + 1)).as_string());
            i = close;
        }
        return out;
    }

    const json::object& rs_;
    const json::object& parts_;
};

const reference_rules& reference() {
    static const reference_rules r(ruleset(), partitions_json());
    return r;
}

client_config config_from_params(const json::value& params) {
    client_config c;
    if (!params.is_object()) return c;
    const auto& p = params.as_object();
    if (auto it = p.find("Region"); it != p.end()) c.region = std::string(it->value().as_string());
    if (auto it = p.find("Endpoint"); it != p.end()) c.endpoint = std::string(it->value().as_string());
    if (auto it = p.find("UseFIPS"); it != p.end()) c.use_fips = it->value().as_bool();
    if (auto it = p.find("UseDualStack"); it != p.end()) c.use_dual_stack = it->value().as_bool();
    return c;
}

std::string describe(const client_config& c) {
    std::string s = "region='" + c.region + "'";
    if (c.endpoint) s += " endpoint='" + *c.endpoint + "'";
    if (c.use_fips) s += " fips";
    if (c.use_dual_stack) s += " dualstack";
    return s;
}

void check_against(const client_config& c, const outcome& want) {
    const auto got = resolve_endpoint(c);
    if (want.is_error) {
        BOOST_TEST_REQUIRE(!got.has_value(), describe(c) << " should fail with: " << want.value);
        BOOST_TEST(got.error().category == error_category::endpoint);
        BOOST_TEST(got.error().message == want.value, describe(c));
    } else {
        BOOST_TEST_REQUIRE(got.has_value(), describe(c) << " failed: " << got.error());
        BOOST_TEST(got->url == want.value, describe(c));
        BOOST_TEST(got->signing_name == "chime");
        BOOST_TEST(got->signing_region == c.region);
    }
}

outcome expectation(const json::object& tc) {
    const auto& ex = tc.at("expect").as_object();
    if (auto e = ex.find("error"); e != ex.end()) return {true, std::string(e->value().as_string())};
    return {false, std::string(ex.at("endpoint").at("url").as_string())};
}

// Outputs of a partition read straight from partitions.json.
const json::object& partition_outputs_json(std::string_view id) {
    for (const auto& p : partitions_json().at("partitions").as_array())
        if (p.at("id").as_string() == id) return p.at("outputs").as_object();
    BOOST_FAIL("no partition " << id);
    static const json::object none;
    return none;
}

std::string json_str(const json::object& o, std::string_view key) {
    return std::string(o.at(key).as_string());
}

} // namespace

// The lookup and validation are constexpr: no allocation, usable at compile time.
static_assert(chime_voice::detail::is_valid_region("us-east-1"));
static_assert(!chime_voice::detail::is_valid_region("US-EAST-1"));
static_assert(chime_voice::detail::find_partition("us-west-7").id == "aws");
static_assert(chime_voice::detail::find_partition("us-iso-west-7").id == "aws-iso");

BOOST_AUTO_TEST_SUITE(conformance)

BOOST_AUTO_TEST_CASE(tests_json_all_cases) {
    const json::value doc = load_json("tests.json");
    const auto& cases = doc.at("testCases").as_array();
    BOOST_TEST(cases.size() == 21u);
    std::size_t endpoints = 0, errors = 0;
    for (const auto& cv : cases) {
        const auto& tc = cv.as_object();
        BOOST_TEST_CONTEXT(tc.at("documentation").as_string()) {
            const outcome want = expectation(tc);
            (want.is_error ? errors : endpoints)++;
            const client_config c = config_from_params(tc.contains("params") ? tc.at("params") : nullptr);
            check_against(c, want);
        }
    }
    BOOST_TEST(endpoints == 18u);
    BOOST_TEST(errors == 3u);
}

namespace {
// "--endpoint-cases=FILE" after "--" on the command line: a file in the
// format of tests.json, written by tests/endpoint_botocore_oracle.py.
std::optional<std::string> external_cases_path() {
    const auto& suite = boost::unit_test::framework::master_test_suite();
    constexpr std::string_view flag = "--endpoint-cases=";
    for (int i = 1; i < suite.argc; ++i) {
        const std::string_view arg = suite.argv[i];
        if (arg.starts_with(flag)) return std::string(arg.substr(flag.size()));
    }
    return std::nullopt;
}
} // namespace

BOOST_AUTO_TEST_CASE(botocore_oracle_cases,
                     *boost::unit_test::precondition([](boost::unit_test::test_unit_id) {
                         return boost::unit_test::assertion_result(external_cases_path().has_value());
                     })) {
    const std::string path = *external_cases_path();
    std::ifstream in(path, std::ios::binary);
    BOOST_TEST_REQUIRE(in.good(), "cannot open " << path);
    std::ostringstream ss;
    ss << in.rdbuf();
    const json::value doc = json::parse(ss.str());
    const auto& cases = doc.at("testCases").as_array();
    BOOST_TEST(!cases.empty());
    for (const auto& cv : cases) {
        const auto& tc = cv.as_object();
        BOOST_TEST_CONTEXT(tc.at("documentation").as_string()) {
            check_against(config_from_params(tc.at("params")), expectation(tc));
        }
    }
    BOOST_TEST_MESSAGE(cases.size() << " botocore outcomes checked");
}

BOOST_AUTO_TEST_CASE(legacy_cases_with_outdated_iso_dual_stack) {
    const json::value doc = load_json("legacy/tests-api-models-aws-2025-04.json");
    const auto& cases = doc.at("testCases").as_array();
    BOOST_TEST(cases.size() == 25u);
    std::size_t outdated = 0, current = 0;
    for (const auto& cv : cases) {
        const auto& tc = cv.as_object();
        BOOST_TEST_CONTEXT(tc.at("documentation").as_string()) {
            const client_config c = config_from_params(tc.contains("params") ? tc.at("params") : nullptr);
            outcome want = expectation(tc);
            const bool iso = c.region == "us-iso-east-1" || c.region == "us-isob-east-1";
            if (iso && c.use_dual_stack) {
                // Outdated (testdata README): these partitions support dual-stack
                // now, so the case resolves to the dualStackDnsSuffix.
                BOOST_TEST(want.is_error);
                const std::string id = c.region == "us-iso-east-1" ? "aws-iso" : "aws-iso-b";
                const auto& out = partition_outputs_json(id);
                BOOST_TEST(out.at("supportsDualStack").as_bool());
                want = {false, std::string("https://voice-chime") + (c.use_fips ? "-fips" : "") + "." +
                                   c.region + "." + json_str(out, "dualStackDnsSuffix")};
                ++outdated;
            } else {
                ++current;
            }
            check_against(c, want);
        }
    }
    BOOST_TEST(outdated == 4u);
    BOOST_TEST(current == 21u);
}

BOOST_AUTO_TEST_CASE(reference_evaluator_agrees_with_tests_json) {
    // The reference evaluator is itself checked against the upstream cases
    // before it is trusted as an oracle below.
    const json::value doc = load_json("tests.json");
    for (const auto& cv : doc.at("testCases").as_array()) {
        const auto& tc = cv.as_object();
        const client_config c = config_from_params(tc.contains("params") ? tc.at("params") : nullptr);
        const outcome want = expectation(tc), got = reference().evaluate(c);
        BOOST_TEST(got.is_error == want.is_error, describe(c));
        BOOST_TEST(got.value == want.value, describe(c));
    }
}

BOOST_AUTO_TEST_CASE(every_region_and_flag_matches_reference) {
    std::vector<std::string> regions;
    for (const auto& p : partitions_json().at("partitions").as_array())
        for (const auto& r : p.at("regions").as_object()) regions.emplace_back(r.key());
    // Regions that exist in no list and resolve by regex or fall back to "aws".
    for (const char* r : {"us-west-7", "eu-central-9", "cn-north-9", "cn-southwest-12", "us-gov-west-9",
                          "us-iso-west-5", "us-isob-west-9", "us-isof-north-3", "eu-isoe-south-2",
                          "eusc-de-west-2", "eusc-fr-east-1", "mx-north-4", "il-south-1",
                          "xx-foo-1", "mars", "us-east", "local", "a", "us-east-1-x", "1-2-3"})
        regions.emplace_back(r);
    std::size_t checked = 0;
    for (const auto& r : regions) {
        for (int flags = 0; flags < 4; ++flags) {
            client_config c;
            c.region = r;
            c.use_fips = flags & 1;
            c.use_dual_stack = flags & 2;
            check_against(c, reference().evaluate(c));
            c.endpoint = "https://example.com";
            check_against(c, reference().evaluate(c));
            ++checked;
        }
    }
    BOOST_TEST(checked >= 4 * 55u);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(partitions)

BOOST_AUTO_TEST_CASE(generated_tables_match_partitions_json) {
    const auto& list = partitions_json().at("partitions").as_array();
    BOOST_TEST_REQUIRE(list.size() == data::partitions.size());
    std::size_t region_count = 0;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const auto& p = list[i].as_object();
        const auto& t = data::partitions[i];
        const auto& out = p.at("outputs").as_object();
        BOOST_TEST(t.id == std::string_view(p.at("id").as_string()));
        BOOST_TEST(t.region_regex == std::string_view(p.at("regionRegex").as_string()));
        BOOST_TEST(t.outputs.dns_suffix == json_str(out, "dnsSuffix"));
        BOOST_TEST(t.outputs.dual_stack_dns_suffix == json_str(out, "dualStackDnsSuffix"));
        BOOST_TEST(t.outputs.supports_fips == out.at("supportsFIPS").as_bool());
        BOOST_TEST(t.outputs.supports_dual_stack == out.at("supportsDualStack").as_bool());
        for (const auto& r : p.at("regions").as_object()) {
            ++region_count;
            const auto found = chime_voice::detail::find_partition(r.key());
            BOOST_TEST(found.id == t.id, r.key());
            const auto& ov = r.value().as_object();
            const std::string dns = ov.contains("dnsSuffix") ? json_str(ov, "dnsSuffix") : json_str(out, "dnsSuffix");
            BOOST_TEST(found.outputs.dns_suffix == dns, r.key());
        }
    }
    BOOST_TEST(data::known_regions.size() == region_count);
    BOOST_TEST(std::ranges::is_sorted(data::known_regions, {}, &data::known_region::name));
    BOOST_TEST(data::partitions[data::aws_partition_index].id == "aws");
}

BOOST_AUTO_TEST_CASE(structural_matcher_agrees_with_std_regex) {
    const std::array<std::string_view, 30> probes{
        "us-west-7", "us-iso-east-1", "us-isob-east-1", "eu-isoe-west-1", "cn-north-1",
        "eusc-de-east-1", "eusc-fr-east-1", "us-east", "us-east-", "-us-east-1", "us--1",
        "us-east-1-1", "us-east-1a", "us-east_x-1", "US-EAST-1", "Us-east-1", "us-EAST-1",
        "us-gov-1", "mx-central-1", "il-central-22", "xx-east-1", "us", "", "cn-1",
        "us-iso-east-x", "us-isof-south-1", "ap-southeast-10", "sa-e-0", "ca-_-1", "me-a1-01"};
    for (const auto& p : data::partitions) {
        const std::regex re{std::string(p.region_regex)};
        for (auto r : probes)
            BOOST_TEST(chime_voice::detail::matches_region_pattern(p, r) ==
                           std::regex_match(std::string(r), re),
                       p.id << " " << r);
    }
}

BOOST_AUTO_TEST_CASE(new_regions_resolve_by_regex) {
    const auto resolve_url = [](std::string region) {
        client_config c;
        c.region = std::move(region);
        auto r = resolve_endpoint(c);
        BOOST_TEST_REQUIRE(r.has_value());
        return r->url;
    };
    const auto suffix = [](std::string_view id) { return json_str(partition_outputs_json(id), "dnsSuffix"); };
    BOOST_TEST(resolve_url("us-west-7") == "https://voice-chime.us-west-7." + suffix("aws"));
    BOOST_TEST(resolve_url("eu-central-9") == "https://voice-chime.eu-central-9." + suffix("aws"));
    BOOST_TEST(resolve_url("cn-north-9") == "https://voice-chime.cn-north-9." + suffix("aws-cn"));
    BOOST_TEST(resolve_url("us-iso-west-5") == "https://voice-chime.us-iso-west-5." + suffix("aws-iso"));
    BOOST_TEST(resolve_url("eusc-de-west-2") == "https://voice-chime.eusc-de-west-2." + suffix("aws-eusc"));
    // No regex matches: aws.partition falls back to "aws".
    BOOST_TEST(resolve_url("local") == "https://voice-chime.local." + suffix("aws"));
    // Sanity of the data itself (literal values from the issue text).
    BOOST_TEST(suffix("aws-cn") == "amazonaws.com.cn");
    BOOST_TEST(chime_voice::detail::find_partition("cn-north-9").id == "aws-cn");
    BOOST_TEST(chime_voice::detail::find_partition("us-gov-west-9").id == "aws-us-gov");
}

BOOST_AUTO_TEST_CASE(unsupported_fips_and_dual_stack_reach_rule_set_errors) {
    // No partition in partitions.json lacks FIPS or dual-stack, so the rule
    // set's three other errors are reached with modified tables, and the
    // reference evaluator runs on an equally modified partitions.json.
    for (int variant = 0; variant < 3; ++variant) {
        // 0: no FIPS; 1: no dual-stack; 2: neither.
        const bool fips = variant == 1, dual = variant == 0;
        auto parts = data::partitions;
        auto regions = data::known_regions;
        parts[1].outputs.supports_fips = fips; // aws-cn
        parts[1].outputs.supports_dual_stack = dual;
        for (auto& r : regions)
            if (r.partition_index == 1) {
                r.outputs.supports_fips = fips;
                r.outputs.supports_dual_stack = dual;
            }
        json::object modified = partitions_json();
        auto& p = modified["partitions"].as_array()[1].as_object();
        BOOST_TEST_REQUIRE(p.at("id").as_string() == "aws-cn");
        p["outputs"].as_object()["supportsFIPS"] = fips;
        p["outputs"].as_object()["supportsDualStack"] = dual;
        const reference_rules ref(ruleset(), modified);
        std::size_t errors = 0;
        for (const char* region : {"cn-north-1", "cn-north-9", "us-east-1"})
            for (int flags = 0; flags < 4; ++flags) {
                client_config c;
                c.region = region;
                c.use_fips = flags & 1;
                c.use_dual_stack = flags & 2;
                const outcome want = ref.evaluate(c);
                const auto got = chime_voice::detail::resolve_endpoint_with(c, parts, regions,
                                                                           data::aws_partition_index);
                BOOST_TEST(got.has_value() == !want.is_error, describe(c));
                if (got)
                    BOOST_TEST(got->url == want.value, describe(c));
                else {
                    ++errors;
                    BOOST_TEST(got.error().message == want.value, describe(c));
                }
            }
        BOOST_TEST(errors >= 2u);
    }
}

BOOST_AUTO_TEST_CASE(region_overrides_take_precedence) {
    // partitions.json may override outputs per region; the current file has
    // no such override, so the merged outputs are changed in a copy of the
    // generated tables (the generator's merging is checked by
    // tests/test_endpoint_data_current.py).
    auto regions = data::known_regions;
    const auto it = std::ranges::find(regions, std::string_view("us-east-2"), &data::known_region::name);
    BOOST_TEST_REQUIRE((it != regions.end()));
    it->outputs.dns_suffix = "override.test";
    it->outputs.supports_fips = false;
    client_config c;
    c.region = "us-east-2";
    auto got = chime_voice::detail::resolve_endpoint_with(c, data::partitions, regions, data::aws_partition_index);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->url == "https://voice-chime.us-east-2.override.test");
    c.use_fips = true;
    got = chime_voice::detail::resolve_endpoint_with(c, data::partitions, regions, data::aws_partition_index);
    BOOST_TEST_REQUIRE(!got.has_value());
    BOOST_TEST(got.error().message == rules::fips_unsupported);
    // A sibling region that is not listed still gets the partition's outputs.
    c.region = "us-east-3";
    got = chime_voice::detail::resolve_endpoint_with(c, data::partitions, regions, data::aws_partition_index);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->url == "https://voice-chime-fips.us-east-3." + json_str(partition_outputs_json("aws"), "dnsSuffix"));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(regions)

BOOST_AUTO_TEST_CASE(invalid_regions_are_errors) {
    const std::string long_region(64, 'a');
    for (const std::string& r :
         {std::string("us-east-1/../x"), std::string("US-EAST-1"), std::string("us-East-1"),
          std::string("us east 1"), std::string(" us-east-1"), std::string("-us-east-1"),
          std::string("us-east-1-"), std::string("us_east_1"), std::string("us.east.1"),
          std::string("us-east-1\n"), std::string("us-east-1\0x", 11), std::string("\xc3\xbc-east-1"),
          std::string("us-east-1:443"), std::string("us-east-1@evil.com"), long_region, std::string("-")}) {
        for (int flags = 0; flags < 4; ++flags) {
            client_config c;
            c.region = r;
            c.use_fips = flags & 1;
            c.use_dual_stack = flags & 2;
            const auto got = resolve_endpoint(c);
            BOOST_TEST_REQUIRE(!got.has_value(), describe(c));
            BOOST_TEST(got.error().category == error_category::endpoint);
            BOOST_TEST(got.error().message == rules::invalid_region);
        }
        client_config c;
        c.region = r;
        c.endpoint = "https://example.com";
        const auto got = resolve_endpoint(c);
        BOOST_TEST_REQUIRE(!got.has_value(), "override with invalid region " << describe(c));
        BOOST_TEST(got.error().message == rules::invalid_region);
    }
}

BOOST_AUTO_TEST_CASE(region_length_limit) {
    client_config c;
    c.region = std::string(63, 'a');
    const auto got = resolve_endpoint(c);
    BOOST_TEST_REQUIRE(got.has_value());
    BOOST_TEST(got->url == "https://voice-chime." + c.region + "." + json_str(partition_outputs_json("aws"), "dnsSuffix"));
}

BOOST_AUTO_TEST_CASE(missing_region) {
    const std::string want(ruleset().at("rules").as_array()[1].at("rules").as_array()[1].at("error").as_string());
    BOOST_TEST(want == "Invalid Configuration: Missing Region");
    for (int flags = 0; flags < 4; ++flags) {
        client_config c;
        c.use_fips = flags & 1;
        c.use_dual_stack = flags & 2;
        const auto got = resolve_endpoint(c);
        BOOST_TEST_REQUIRE(!got.has_value());
        BOOST_TEST(got.error().category == error_category::endpoint);
        BOOST_TEST(got.error().message == want);
        BOOST_TEST(got.error().is_request_error());
    }
}

BOOST_AUTO_TEST_CASE(standard_endpoint_fields) {
    client_config c;
    c.region = "us-west-7";
    c.use_fips = true;
    const auto got = resolve_endpoint(c);
    BOOST_TEST_REQUIRE(got.has_value());
    const auto& aws = partition_outputs_json("aws");
    BOOST_TEST(got->scheme == "https");
    BOOST_TEST(got->host == "voice-chime-fips.us-west-7." + json_str(aws, "dnsSuffix"));
    BOOST_TEST(got->url == "https://" + got->host);
    BOOST_TEST(got->path == "");
    BOOST_TEST(got->signing_region == "us-west-7");
    BOOST_TEST(got->signing_name == "chime");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(custom_endpoint)

struct good_case {
    std::string_view url, scheme, host, path;
};

BOOST_AUTO_TEST_CASE(valid_overrides) {
    const std::array<good_case, 14> cases{{
        {"https://example.com", "https", "example.com", ""},
        {"http://127.0.0.1:8080", "http", "127.0.0.1:8080", ""},
        {"https://example.com:443/base/", "https", "example.com", "/base"},
        {"http://example.com:80", "http", "example.com", ""},
        {"http://example.com:443", "http", "example.com:443", ""},
        {"https://example.com:80/", "https", "example.com:80", ""},
        {"https://example.com:08443/a/b//", "https", "example.com:8443", "/a/b"},
        {"https://example.com:", "https", "example.com", ""},
        {"http://[::1]:8080/x", "http", "[::1]:8080", "/x"},
        {"https://[2001:db8::1]", "https", "[2001:db8::1]", ""},
        {"HTTPS://Example.COM/", "https", "example.com", ""}, // host normalized to lower case (RFC 3986 6.2.2.1), as the SDKs send it
        {"http://localhost:4566/voice%20api/", "http", "localhost:4566", "/voice%20api"},
        {"https://my_host.internal:65535", "https", "my_host.internal:65535", ""},
        {"https://example.com/.well/..x", "https", "example.com", "/.well/..x"},
    }};
    for (const auto& gc : cases) {
        for (const char* region : {"", "us-east-1"}) {
            client_config c;
            c.region = region;
            c.endpoint = std::string(gc.url);
            const auto got = resolve_endpoint(c);
            BOOST_TEST_REQUIRE(got.has_value(), gc.url << ": " << got.error());
            BOOST_TEST(got->url == gc.url); // the rule set returns Endpoint as is
            BOOST_TEST(got->scheme == gc.scheme, gc.url);
            BOOST_TEST(got->host == gc.host, gc.url);
            BOOST_TEST(got->path == gc.path, gc.url);
            BOOST_TEST(got->signing_region == region);
            BOOST_TEST(got->signing_name == "chime");
        }
    }
}

BOOST_AUTO_TEST_CASE(invalid_overrides) {
    struct bad_case {
        std::string_view url, message;
    };
    const std::array<bad_case, 25> cases{{
        {"", rules::endpoint_not_uri},
        {"example.com", rules::endpoint_not_uri},
        {"//example.com", rules::endpoint_not_uri},
        {"https://exa mple.com", rules::endpoint_not_uri},
        {"https://example.com:80a", rules::endpoint_not_uri},
        {"https://a:b:c", rules::endpoint_not_uri},
        {"ftp://example.com", rules::endpoint_bad_scheme},
        {"file:///etc/passwd", rules::endpoint_bad_scheme},
        {"ws://example.com", rules::endpoint_bad_scheme},
        {"http:example.com", rules::endpoint_no_host},
        {"https://", rules::endpoint_no_host},
        {"https:///path", rules::endpoint_no_host},
        {"https://user:s3cret@example.com", rules::endpoint_userinfo},
        {"https://@example.com", rules::endpoint_userinfo},
        {"https://example.com?x=1", rules::endpoint_query},
        {"https://example.com/?", rules::endpoint_query},
        {"https://example.com#frag", rules::endpoint_fragment},
        {"https://example.com:0", rules::endpoint_bad_port},
        {"https://example.com:65536", rules::endpoint_bad_port},
        {"https://example.com:99999999999999999999", rules::endpoint_bad_port},
        {"https://ex%41mple.com", rules::endpoint_bad_host},
        {"https://ex!ample.com", rules::endpoint_bad_host},
        {"https://[v1.fe]/", rules::endpoint_bad_host},
        {"https://example.com/a/../b", rules::endpoint_dot_segment},
        {"https://example.com/%2e%2E/", rules::endpoint_dot_segment},
    }};
    for (const auto& bc : cases) {
        client_config c;
        c.region = "us-east-1";
        c.endpoint = std::string(bc.url);
        const auto got = resolve_endpoint(c);
        BOOST_TEST_REQUIRE(!got.has_value(), bc.url);
        BOOST_TEST(got.error().category == error_category::endpoint);
        BOOST_TEST(got.error().message == bc.message, bc.url);
        // Never echo the endpoint (it may carry a password).
        BOOST_TEST(got.error().message.find("s3cret") == std::string::npos);
        std::ostringstream printed;
        printed << got.error();
        BOOST_TEST(printed.str().find("s3cret") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(fips_or_dual_stack_with_override_use_rule_set_messages) {
    // The messages are read from ruleset.json, first branch.
    const auto& branch = ruleset().at("rules").as_array()[0].at("rules").as_array();
    const std::string fips_msg(branch[0].at("error").as_string());
    const std::string dual_msg(branch[1].at("rules").as_array()[0].at("error").as_string());
    for (const char* url : {"https://example.com", "not a url", "ftp://x"}) {
        client_config c;
        c.region = "us-east-1";
        c.endpoint = url;
        c.use_fips = true;
        BOOST_TEST(resolve_endpoint(c).error().message == fips_msg);
        c.use_dual_stack = true;
        BOOST_TEST(resolve_endpoint(c).error().message == fips_msg); // FIPS is checked first
        c.use_fips = false;
        BOOST_TEST(resolve_endpoint(c).error().message == dual_msg);
    }
}

BOOST_AUTO_TEST_SUITE_END()
