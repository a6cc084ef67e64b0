// SPDX-License-Identifier: BSL-1.0
// What the AWS CLI oracles (tests/cli/*_oracle.py) compare: this program
// prints, as one JSON document on stdout,
//   outputs   : sample outputs of every operation (generated from the model
//               tables with a fixed seed) and hand-written edge cases, each
//               with our render() in json, text, table and yaml;
//   names     : cli_name() of every operation and every top-level input member;
//   skeletons : generate_cli_skeleton() input and output of every operation;
//   timestamps: apply_cli_timestamp_format() of a set of timestamps;
//   pages     : render_pages() of paginated calls;
//   inputs    : operation_commands' input() for command lines given on stdin.
// The expected bytes come from the Python side (AWS CLI v2 / botocore).
#include "operation_commands.hpp"
#include "output.hpp"

#include <chime_voice/operations/registry.hpp>

#include <boost/json/serialize.hpp>

#include <cstdint>
#include <cstdio>
#include <algorithm>
#include <iostream>
#include <iterator>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace {

namespace rj = chime_voice::detail::rj;

// splitmix64: a fixed, portable sequence for a given seed.
struct rng {
    std::uint64_t s;
    std::uint64_t next() {
        std::uint64_t z = (s += 0x9E3779B97F4A7C15ULL);
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
        return z ^ (z >> 31);
    }
    std::size_t below(std::size_t n) { return static_cast<std::size_t>(next() % n); }
    bool chance(unsigned percent) { return below(100) < percent; }
};

// Printable strings only (no control characters): the escaping of those is
// tested on its own. They exercise YAML quoting and folding, table widths
// (wide CJK, ambiguous-width characters), text columns.
constexpr std::string_view pool[] = {
    "abc",
    "+12065550100",
    "VoiceConnector",
    "2023-01-01T00:00:00Z",
    "2026-03-04T05:06:07.123Z",
    "true",
    "False",
    "null",
    "~",
    "123",
    "0x1F",
    "1.5e3",
    ".inf",
    "",
    " leading space",
    "trailing space ",
    "a: b",
    "key:value",
    "- dash",
    "-dash",
    "#hash",
    "x #y",
    "it's",
    "say \"hi\"",
    "back\\slash",
    "[brackets]",
    "{braces}",
    "a,b",
    "@at",
    "`tick",
    "%pct",
    "!bang",
    "&amp",
    "*star",
    "? q",
    "|pipe",
    ">gt",
    "---",
    "...",
    "=",
    "<<",
    "Zürich",
    "ÄÖÜ äöü ß",
    "日本語のテキスト",
    "电话号码",
    "한국어",
    "emoji 😀 here",
    "±°×÷",
    "Ελληνικά",
    "кириллица",
    "a  double  space",
    "arn:aws:chime:us-east-1:123456789012:vc/abcdef",
    "https://example.com/path?x=1&y=2",
    "The quick brown fox jumps over the lazy dog, again and again, until the line is much longer than eighty columns wide.",
    "averyveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryveryverylongwordwithoutanyspaces at all",
    "日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語 日本語",
    "it's a long value with a quote that needs double quotes in yaml because of the apostrophe, and it is long enough to fold",
};

constexpr double doubles[] = {0.0, 1.5, -2.25, 0.1, 1e-7, 1e16, 123456789.125, 3.0, 1e300, 0.0001, 100.0, 2.5e-5};
constexpr std::int64_t ints[] = {0, 1, -1, 42, 100, 65535, 2147483647, -2147483648LL, 9007199254740993LL};

// Random words (ASCII, Latin, CJK, emoji, YAML indicators) joined by one or
// two spaces, up to ~200 characters: exercises YAML folding and quoting and
// table widths beyond the fixed pool.
boost::json::value random_text(rng& r) {
    constexpr std::string_view pieces[] = {"a", "bc", "def", "word", "longerword", "x", "Ü", "é", "日本", "語",
                                           "😀", ":", "#", "'", "\"", "-", "?", ",", "[", "]", "{", "}", "&", "*",
                                           "!", "|", ">", "%", "@", "`", "0", "1.5", "true", "null", "~", "\\",
                                           "ａ", "·", "±", "—", "…", "\u00a0"};
    std::string out;
    const std::size_t words = 1 + r.below(40);
    for (std::size_t w = 0; w < words; ++w) {
        if (w > 0) out.append(r.chance(85) ? " " : "  ");
        const std::size_t n = 1 + r.below(4);
        for (std::size_t i = 0; i < n; ++i) out.append(pieces[r.below(std::size(pieces))]);
    }
    if (r.chance(5)) out.insert(0, " ");
    if (r.chance(5)) out.push_back(' ');
    return boost::json::string_view(out.data(), out.size());
}

// Any JSON, not only the model's shapes: mixed lists, lists of lists, nulls,
// numbers of every kind, empty containers, keys from the string pool.
boost::json::value random_json(rng& r, int depth) {
    const std::size_t pick = depth > 3 ? r.below(6) : r.below(9);
    switch (pick) {
    case 0: return nullptr;
    case 1: return r.chance(50);
    case 2: return ints[r.below(std::size(ints))];
    case 3: return doubles[r.below(std::size(doubles))];
    case 4:
    case 5: {
        if (r.chance(50)) return random_text(r);
        const auto v = pool[r.below(std::size(pool))];
        return boost::json::string_view(v.data(), v.size());
    }
    case 6:
    case 7: {
        boost::json::object o;
        const std::size_t n = r.below(5);
        for (std::size_t i = 0; i < n; ++i) {
            const auto k = pool[r.below(std::size(pool))];
            o[boost::json::string_view(k.data(), k.size())] = random_json(r, depth + 1);
        }
        return o;
    }
    default: {
        boost::json::array a;
        const std::size_t n = r.below(5);
        const bool same = r.chance(50); // a list of one kind, as outputs have
        const auto first = random_json(r, depth + 1);
        for (std::size_t i = 0; i < n; ++i) a.push_back(same ? first : random_json(r, depth + 1));
        return a;
    }
    }
}

boost::json::value sample(const rj::model_info& m, std::uint16_t shape, rng& r, int depth) {
    const auto& s = m.shapes[shape];
    switch (s.kind) {
    case rj::shape_kind::structure: {
        boost::json::object o;
        for (std::size_t i = 0; i < s.member_count; ++i) {
            const auto& mem = s.members[i];
            if (mem.where == rj::binding::response_code) continue;
            if (depth > 4 || !r.chance(80)) continue;
            o[boost::json::string_view(mem.name.data(), mem.name.size())] = sample(m, mem.target, r, depth + 1);
        }
        return o;
    }
    case rj::shape_kind::list: {
        boost::json::array a;
        const std::size_t n = depth > 4 ? 0 : r.below(4);
        for (std::size_t i = 0; i < n; ++i) a.push_back(sample(m, s.element, r, depth + 1));
        return a;
    }
    case rj::shape_kind::map: {
        boost::json::object o;
        const std::size_t n = depth > 4 ? 0 : r.below(3);
        for (std::size_t i = 0; i < n; ++i) {
            const auto k = pool[r.below(std::size(pool))];
            o[boost::json::string_view(k.data(), k.size())] = sample(m, s.element, r, depth + 1);
        }
        return o;
    }
    case rj::shape_kind::boolean: return r.chance(50);
    case rj::shape_kind::byte:
    case rj::shape_kind::short_:
    case rj::shape_kind::integer:
    case rj::shape_kind::int_enum:
    case rj::shape_kind::long_: return ints[r.below(std::size(ints))];
    case rj::shape_kind::float_:
    case rj::shape_kind::double_: return doubles[r.below(std::size(doubles))];
    case rj::shape_kind::timestamp: return r.chance(50) ? "2023-01-31T12:34:56Z" : "2026-12-02T01:02:03.5Z";
    case rj::shape_kind::unit: return boost::json::object();
    default: {
        if (r.chance(60)) {
            const auto v = pool[r.below(std::size(pool))];
            return boost::json::string_view(v.data(), v.size());
        }
        return random_text(r);
    }
    }
}

// Puts a control character (C0, DEL, C1, U+2028/9) into about half the strings of `v`.
void inject_controls(boost::json::value& v, rng& r) {
    constexpr std::string_view controls[] = {"\x1b", "\x1b[31m", "\x1b]0;t\x07", "\t", "\n", "\r", std::string_view("\0", 1),
                                             "\x7f", "\xc2\x9b", "\xc2\x85", "\xe2\x80\xa8", "\x08"};
    if (v.is_string() && r.chance(50)) {
        std::string t(v.get_string());
        const auto c = controls[r.below(std::size(controls))];
        std::size_t at = r.below(t.size() + 1);
        while (at < t.size() && (static_cast<unsigned char>(t[at]) & 0xC0) == 0x80) --at; // a character boundary
        t.insert(at, c.data(), c.size());
        v = boost::json::string(t);
    } else if (v.is_array()) {
        for (auto& e : v.get_array()) inject_controls(e, r);
    } else if (v.is_object()) {
        for (auto& kv : v.get_object()) inject_controls(kv.value(), r);
    }
}

// `v` with escape_for_terminal applied to every string and key: what the AWS
// CLI must be given to print what render() prints for `v` in text, table and yaml.
boost::json::value escaped(const boost::json::value& v) {
    if (v.is_string()) return boost::json::value(chime_cli::escape_for_terminal({v.get_string().data(), v.get_string().size()}));
    if (v.is_array()) {
        boost::json::array a;
        for (const auto& e : v.get_array()) a.push_back(escaped(e));
        return a;
    }
    if (v.is_object()) {
        boost::json::object o;
        for (const auto& kv : v.get_object())
            o[chime_cli::escape_for_terminal({kv.key().data(), kv.key().size()})] = escaped(kv.value());
        return o;
    }
    return v;
}

boost::json::object rendered(std::string_view label, std::string_view op, const boost::json::value& v) {
    boost::json::object c;
    c["label"] = label;
    c["op"] = op;
    c["output"] = v;
    c["json"] = chime_cli::render(v, chime_cli::output_format::json, op);
    c["text"] = chime_cli::render(v, chime_cli::output_format::text, op);
    c["table"] = chime_cli::render(v, chime_cli::output_format::table, op);
    c["yaml"] = chime_cli::render(v, chime_cli::output_format::yaml, op);
    return c;
}

boost::json::array outputs() {
    boost::json::array cases;
    for (std::size_t seed = 1; seed <= 20; ++seed) {
        for (const auto& op : chime_voice::operations) {
            rng r{seed * 1000003ULL + static_cast<std::uint64_t>(&op - chime_voice::operations.data())};
            const auto& out = op.model->shapes[op.info->output];
            if (out.kind != rj::shape_kind::structure) continue;
            const auto v = sample(*op.model, op.info->output, r, 0);
            cases.push_back(rendered("seed " + std::to_string(seed), op.name(), v));
        }
    }
    // Edge cases, written by hand.
    const char* edges[] = {
        R"({})",
        R"({"PhoneNumbers":[]})",
        R"({"PhoneNumbers":[],"NextToken":"t"})",
        R"({"A":{"B":{"C":{"D":[{"E":[{"F":"deep"}]}]}}}})",
        R"({"L":[{"a":"1"},{"b":"2"},{"a":"3","c":[{"x":"y"}]}]})",
        R"({"L":[{"a":"1","n":{"m":"v"}},{"a":"2","n":{"m":"w"}}]})",
        R"({"S":["a","b","c"],"T":"x"})",
        R"({"N":1,"F":1.5,"B":true,"C":false,"Z":0,"E":1e-7,"G":1e16,"H":-0.5})",
        R"({"U":"日本語","W":"ｆｕｌｌｗｉｄｔｈ","X":"ÅÄÖ","Y":"😀"})",
        R"({"Only":{"One":"scalar"}})",
        R"({"Empty":{},"EmptyList":[],"Value":"v"})",
        R"({"Wide":"0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789"})",
        R"({"Cols":[{"a":"aaaaaaaaaaaaaaaaaaaa","b":"bbbbbbbbbbbbbbbbbbbbbbbbb","c":"cccccccccccccccccccccccccc","d":"dddddddddddddddd"}]})",
        R"({"Cols":[{"a":"x","b":"y"},{"a":"xx","b":"yy"}],"k":"v"})",
        R"({"Map":{"k1":"v1","k2":{"n":1}},"Tags":[{"Key":"k","Value":"v"}]})",
        R"({"Quote":"it's","DQ":"say \"x\" it's","Bs":"a\\b"})",
        R"({"Long":"word word word word word word word word word word word word word word word word word word word word word word word"})",
        R"({"Nested":[[1,2],[3,4]]})",
        R"({"Bools":[true,false],"Nums":[1,2.5]})",
    };
    std::size_t i = 0;
    for (const char* e : edges) cases.push_back(rendered("edge " + std::to_string(i++), "EdgeCase", boost::json::parse(e)));
    // Any JSON under a top-level object (the AWS CLI's table raises on some
    // of these; the oracle then skips that format).
    for (std::uint64_t seed = 1; seed <= 1000; ++seed) {
        rng r{seed * 104729ULL};
        boost::json::object o;
        const std::size_t n = 1 + r.below(4);
        for (std::size_t k = 0; k < n; ++k) {
            const auto key = pool[r.below(std::size(pool))];
            o[boost::json::string_view(key.data(), key.size())] = random_json(r, 0);
        }
        cases.push_back(rendered("any json " + std::to_string(seed), "AnyJson", o));
    }
    // Control characters: json as the AWS CLI prints them; text, table and
    // yaml as the AWS CLI prints the escaped strings (the "escaped" member).
    const char* controls[] = {
        R"({"Name":"a\u001b]0;title\u0007b","Tag":"x\ty","L":[{"K":"1\n2","V":"\r"}]})",
        R"({"S":"\u0000\u0001\u001f\u007f\u0080\u0085\u009b\u2028\u2029 end"})",
        R"({"Map":{"key\u001b[2J":"v","k\n2":"w"}})",
        R"({"Long":"word word word word word word word word word word word word word word word\u001b[31m word word word"})",
    };
    i = 0;
    for (const char* c : controls) {
        const auto v = boost::json::parse(c);
        auto entry = rendered("control " + std::to_string(i++), "ControlCase", v);
        entry["escaped"] = escaped(v);
        cases.push_back(std::move(entry));
    }
    // A random output per operation with control characters in its strings.
    for (const auto& op : chime_voice::operations) {
        rng r{777ULL + static_cast<std::uint64_t>(&op - chime_voice::operations.data())};
        if (op.model->shapes[op.info->output].kind != rj::shape_kind::structure) continue;
        auto v = sample(*op.model, op.info->output, r, 0);
        inject_controls(v, r);
        auto entry = rendered("control sample", op.name(), v);
        entry["escaped"] = escaped(v);
        cases.push_back(std::move(entry));
    }
    return cases;
}

boost::json::object names() {
    boost::json::object o;
    for (const auto& op : chime_voice::operations) {
        boost::json::object e;
        e["cli"] = chime_cli::cli_name(op.name());
        boost::json::object members;
        const auto& in = op.model->shapes[op.info->input];
        if (in.kind == rj::shape_kind::structure)
            for (std::size_t i = 0; i < in.member_count; ++i)
                members[boost::json::string_view(in.members[i].name.data(), in.members[i].name.size())] =
                    chime_cli::cli_name(in.members[i].name);
        e["members"] = std::move(members);
        o[boost::json::string_view(op.name().data(), op.name().size())] = std::move(e);
    }
    return o;
}

boost::json::object skeletons() {
    boost::json::object o;
    for (const auto& op : chime_voice::operations) {
        boost::json::object e;
        e["input"] = chime_cli::generate_cli_skeleton(op, false);
        e["output"] = chime_cli::generate_cli_skeleton(op, true);
        o[boost::json::string_view(op.name().data(), op.name().size())] = std::move(e);
    }
    return o;
}

// Timestamps as the registry gives them (and epoch seconds), each with what
// apply_cli_timestamp_format makes of it inside a GetPhoneNumber output.
boost::json::array timestamps() {
    const char* wire[] = {"2023-01-31T12:34:56Z", "2023-01-31T12:34:56.5Z", "2023-01-31T12:34:56.123Z",
                          "2026-12-02T01:02:03.001Z", "1970-01-01T00:00:00Z", "2000-02-29T23:59:59.999Z",
                          "9999-12-31T23:59:59Z", "0099-01-01T00:00:00Z"};
    const double epochs[] = {0.0, 1675168496.0, 1675168496.5, 1675168496.25, 951868799.999};
    boost::json::array out;
    const auto* op = chime_voice::find_operation("GetPhoneNumber");
    auto one = [&](const boost::json::value& w) {
        boost::json::value v = {{"PhoneNumber", {{"CreatedTimestamp", w}, {"Name", "2023-01-31T12:34:56Z"}}}};
        chime_cli::apply_cli_timestamp_format(v, *op);
        boost::json::object c;
        c["wire"] = w;
        c["ours"] = v.at("PhoneNumber").at("CreatedTimestamp");
        c["untouched"] = v.at("PhoneNumber").at("Name"); // a string member stays as it is
        out.push_back(std::move(c));
    };
    for (const char* w : wire) one(boost::json::value(w));
    for (const double e : epochs) one(boost::json::value(e));
    return out;
}

// Paginated calls of the operations the AWS CLI pages: 1 to 3 pages each,
// every page but the last with a NextToken, with our render_pages().
boost::json::array pages() {
    boost::json::array out;
    for (const auto* name : {"ListSipMediaApplications", "ListSipRules"}) {
        const auto* op = chime_voice::find_operation(name);
        const auto* pg = chime_cli::find_aws_cli_paginator(name);
        for (std::uint64_t seed = 1; seed <= 12; ++seed) {
            rng r{seed * 7919ULL};
            const std::size_t n = 1 + r.below(3);
            std::vector<boost::json::value> ps;
            for (std::size_t i = 0; i < n; ++i) {
                auto v = sample(*op->model, op->info->output, r, 0);
                auto& o = v.as_object();
                if (i + 1 < n) o["NextToken"] = "tok-" + std::to_string(i + 1);
                else o.erase("NextToken");
                if (seed == 3 && i == 0) o.erase(boost::json::string_view(pg->result_key.data(), pg->result_key.size()));
                if (seed == 4) o[boost::json::string_view(pg->result_key.data(), pg->result_key.size())] = boost::json::array();
                ps.push_back(std::move(v));
            }
            // --max-items / --starting-token variants: `start` is the page the
            // starting token leads to (the pages a caller then fetched).
            struct variant {
                std::optional<std::int64_t> max_items;
                std::optional<std::string> token;
                std::size_t start;
            };
            std::vector<variant> variants{{std::nullopt, std::nullopt, 0}, {1, std::nullopt, 0}, {2, std::nullopt, 0},
                                          {3, std::nullopt, 0}, {5, std::nullopt, 0}};
            const boost::json::value none;
            variants.push_back({std::nullopt, chime_cli::detail::encode_resume_token("NextToken", none, 1), 0});
            variants.push_back({2, chime_cli::detail::encode_resume_token("NextToken", none, 1), 0});
            if (n > 1) {
                variants.push_back({std::nullopt, std::string("tok-1"), 1});
                variants.push_back({1, chime_cli::detail::encode_resume_token("NextToken", boost::json::value("tok-1"), 1), 1});
                variants.push_back({std::nullopt, std::string("tok-1___1"), 1});
            }
            for (const auto& var : variants) {
                const chime_cli::page_limits limits{var.max_items, var.token};
                const std::span<const boost::json::value> fetched(ps.data() + var.start, ps.size() - var.start);
                boost::json::object c;
                c["op"] = name;
                c["result_key"] = pg->result_key;
                c["pages"] = boost::json::array(ps.begin(), ps.end());
                if (var.max_items) c["max_items"] = *var.max_items;
                if (var.token) c["starting_token"] = *var.token;
                c["json"] = chime_cli::render_pages(*op, fetched, chime_cli::output_format::json, limits);
                c["text"] = chime_cli::render_pages(*op, fetched, chime_cli::output_format::text, limits);
                c["table"] = chime_cli::render_pages(*op, fetched, chime_cli::output_format::table, limits);
                c["yaml"] = chime_cli::render_pages(*op, fetched, chime_cli::output_format::yaml, limits);
                out.push_back(std::move(c));
            }
        }
    }
    return out;
}

// Command lines read as JSON from stdin ([["list-sip-rules", "--no-paginate"], ...]),
// each parsed by operation_commands: the input, paginate(), or the error.
boost::json::array inputs() {
    std::string text((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    boost::json::array out;
    const auto lines = boost::json::parse(text);
    for (const auto& line : lines.as_array()) {
        std::vector<std::string> args;
        for (const auto& a : line.as_array()) args.emplace_back(a.as_string());
        std::reverse(args.begin(), args.end());
        CLI::App app{"chime-voice"};
        chime_cli::operation_commands commands(app);
        boost::json::object r;
        try {
            app.parse(args);
            if (const auto in = commands.input()) {
                r["input"] = *in;
                r["paginate"] = commands.paginate();
            } else r["error"] = in.error();
        } catch (const CLI::ParseError& e) {
            r["error"] = std::string("CLI11: ") + e.what();
        }
        out.push_back(std::move(r));
    }
    return out;
}

} // namespace

int main(int argc, char** argv) {
    const std::string_view mode = argc > 1 ? argv[1] : "";
    boost::json::value v;
    if (mode == "outputs") v = outputs();
    else if (mode == "names") v = names();
    else if (mode == "skeletons") v = skeletons();
    else if (mode == "timestamps") v = timestamps();
    else if (mode == "pages") v = pages();
    else if (mode == "inputs") v = inputs();
    else {
        std::fprintf(stderr, "usage: cli_oracle_dump outputs|names|skeletons|timestamps|pages|inputs\n");
        return 2;
    }
    std::cout << boost::json::serialize(v) << '\n';
    return 0;
}
