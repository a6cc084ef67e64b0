// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/canonical_request.hpp: the debugging texts are what was
// signed (aws-c-auth's get-vanilla case, vendored in tests/data and checked by the suite test,
// is the byte-for-byte check; here the shape and the refusals).
#include <chime_voice/sigv4/canonical_request.hpp>

#include <chime_voice/sigv4/sign.hpp>
#include <chime_voice/sigv4/verify.hpp>
#include <chime_voice/detail/sigv4_canonical.hpp>

#include <algorithm>
#include <cctype>
#include <string>
#include <cstring>
#include <utility>
#include <vector>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE sigv4_canonical_request
#include <boost/test/unit_test.hpp>

namespace cv = chime_voice;
namespace sv = chime_voice::sigv4;
using namespace std::chrono;

namespace {
/// Calls f(s) for every string of 1 to max_len bytes over `alphabet`.
template <class F>
void for_each_string(std::string_view alphabet, std::size_t max_len, F&& f) {
    std::string s;
    std::vector<std::size_t> digits;
    for (std::size_t len = 1; len <= max_len; ++len) {
        digits.assign(len, 0);
        for (;;) {
            s.clear();
            for (auto d : digits) s += alphabet[d];
            f(s);
            std::size_t k = 0;
            while (k < len && ++digits[k] == alphabet.size()) digits[k++] = 0;
            if (k == len) break;
        }
    }
}
} // namespace

BOOST_AUTO_TEST_CASE(what_sign_hashed) {
    // The aws-c-auth get-vanilla inputs; expected texts are that case's files.
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    const sv::signing_params p{cv::signing_scope{"us-east-1", "service"}, sys_days{year{2015} / 8 / 30} + 12h + 36min};
    cv::http_request r;
    r.method = "GET";
    r.scheme = "https";
    r.host = "example.amazonaws.com";
    r.path = "/";
    r.headers = {{"Host", "example.amazonaws.com"}};
    BOOST_TEST_REQUIRE(sv::sign(r, c, p).has_value());
    const auto creq = sv::canonical_request(r, p);
    BOOST_TEST_REQUIRE(creq.has_value());
    BOOST_TEST(*creq == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\n"
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    const auto sts = sv::string_to_sign(*creq, p);
    BOOST_TEST(*sts == "AWS4-HMAC-SHA256\n20150830T123600Z\n20150830/us-east-1/service/aws4_request\n"
                       "bb579772317eb040ac9ed261061d46c1f17a8133879d6129b6e1c25292927e63");
    BOOST_TEST(r.find_header("authorization")->value.ends_with(
        "Signature=5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31"));
}

BOOST_AUTO_TEST_CASE(refuses_what_sign_refuses) {
    sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    cv::http_request r;
    r.method = "GET";
    r.host = "example.com";
    r.path = "/a b";
    BOOST_TEST(!sv::canonical_request(r, p).has_value());
    p.time = sys_days{year{10000} / 1 / 1};
    BOOST_TEST(!sv::string_to_sign("x", p).has_value());
}

// fuzz_sign finding: an empty x-amz-content-sha256 header is the payload hash
// sign() signs; canonical_request() used the body's hash instead.
BOOST_AUTO_TEST_CASE(empty_content_hash_header) {
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    const sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    cv::http_request r;
    r.method = "GET";
    r.scheme = "https";
    r.host = "example.com";
    r.headers = {{"x-amz-content-sha256", ""}};
    BOOST_TEST_REQUIRE(sv::sign(r, c, p).has_value());
    const auto creq = sv::canonical_request(r, p);
    BOOST_TEST_REQUIRE(creq.has_value());
    BOOST_TEST(creq->ends_with("\n")); // the payload line is empty, as signed
}

// The path's segments spill from inline storage at 33; ".." past that and
// back below it, then more segments: the canonical URI keeps the segment
// pushed in between (small_vector read a stale heap element there before).
BOOST_AUTO_TEST_CASE(dot_segments_across_the_inline_limit) {
    const sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    cv::http_request r;
    r.method = "GET";
    r.host = "example.com";
    std::string path, expected;
    for (int i = 0; i < 34; ++i) path += "/s" + std::to_string(i);
    for (int i = 0; i < 31; ++i) expected += "/s" + std::to_string(i);
    r.path = path + "/../../../z/x";
    expected += "/z/x";
    const auto creq = sv::canonical_request(r, p);
    BOOST_TEST_REQUIRE(creq.has_value());
    BOOST_TEST(creq->substr(4, expected.size() + 1) == expected + "\n");
}

// One scan per header value decides whether Trimall has work to do: values
// with a tab, two spaces in a row (also across the scan's 16-byte steps and
// its overlapping last step) or outer spaces are trimmed, the others taken as
// they are.
BOOST_AUTO_TEST_CASE(trimall_after_one_scan) {
    const sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    const std::string a15(15, 'a'), a16(16, 'a'), a20(20, 'a');
    const std::pair<std::string, std::string> cases[] = {
        {"plain value", "plain value"},
        {a15 + "  b", a15 + " b"},                 // the pair across the first 16-byte step
        {a16 + a15 + "  b", a16 + a15 + " b"},     // across the second step
        {a20 + "  b", a20 + " b"},                 // inside the overlapping last step
        {a16 + "\tb", a16 + " b"},
        {" " + a20, a20},
        {a20 + " ", a20},
        {a16 + a16 + "x y", a16 + a16 + "x y"},
    };
    for (const auto& [value, canonical] : cases) {
        cv::http_request r;
        r.method = "GET";
        r.host = "example.com";
        r.headers = {{"x-test", value}};
        const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
        BOOST_TEST_REQUIRE(sv::sign(r, c, p).has_value());
        const auto creq = sv::canonical_request(r, p);
        BOOST_TEST_REQUIRE(creq.has_value());
        BOOST_TEST(creq->find("\nx-test:" + canonical + "\n") != std::string::npos, value);
        // verify() recomputes the signature with put_trimmed on every value.
        sv::verify_options vo;
        vo.region = "us-east-1";
        vo.service = "chime";
        BOOST_TEST(sv::verify(r, c, time_point_cast<seconds>(p.time), vo).has_value(), value);
    }
}

// The canonical headers of random header sets (names repeated in mixed
// case, values needing Trimall or not, lines longer than the sink's piece)
// against a reference written here: names lower-cased and sorted, values
// trimmed and joined with ',' in their order; verify() (which trims every
// value again) accepts what sign() wrote.
BOOST_AUTO_TEST_CASE(canonical_headers_of_random_header_sets) {
    const sv::signing_params p{cv::signing_scope{"us-east-1", "chime"}, sys_days{year{2015} / 8 / 30}};
    const cv::credentials c{"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"};
    const std::string names[] = {"x-b", "X-B", "x-a", "content-type", "Content-Type", "zz", "x-amz-meta-" + std::string(40, 'n')};
    std::uint32_t seed = 99;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    auto trimall = [](std::string v) {
        for (auto& ch : v)
            if (ch == '\t') ch = ' ';
        std::string o;
        for (char ch : v)
            if (!(ch == ' ' && (o.empty() || o.back() == ' '))) o += ch;
        while (!o.empty() && o.back() == ' ') o.pop_back();
        return o;
    };
    std::size_t failures = 0;
    for (int trial = 0; trial < 2000; ++trial) {
        cv::http_request r;
        r.method = "GET";
        r.host = "example.com";
        const std::size_t k = next() % 6;
        for (std::size_t i = 0; i < k; ++i) {
            std::string v;
            const std::size_t len = next() % 4 == 0 ? 200 + next() % 120 : next() % 12;
            for (std::size_t j = 0; j < len; ++j) v += "ab  \tc"[next() % 6];
            r.headers.push_back({names[next() % std::size(names)], v});
        }
        std::vector<std::pair<std::string, std::string>> want = {{"host", "example.com"}, {"x-amz-date", "20150830T000000Z"}};
        for (const auto& h : r.headers) {
            std::string lower = h.name;
            for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
            auto it = std::find_if(want.begin(), want.end(), [&](const auto& e) { return e.first == lower; });
            if (it == want.end())
                want.emplace_back(lower, trimall(h.value));
            else
                it->second += "," + trimall(h.value);
        }
        std::sort(want.begin(), want.end());
        std::string block;
        for (const auto& [n, v] : want) block += n + ":" + v + "\n";
        BOOST_TEST_REQUIRE(sv::sign(r, c, p).has_value());
        const auto creq = sv::canonical_request(r, p);
        BOOST_TEST_REQUIRE(creq.has_value());
        // Method, path and query take the first three lines.
        std::size_t at = 0;
        for (int line = 0; line < 3; ++line) at = creq->find('\n', at) + 1;
        failures += creq->compare(at, block.size(), block) != 0 || (*creq)[at + block.size()] != '\n';
        sv::verify_options vo;
        vo.region = "us-east-1";
        vo.service = "chime";
        failures += !sv::verify(r, c, time_point_cast<seconds>(p.time), vo).has_value();
    }
    BOOST_TEST(failures == 0u);
}

// The canonical URI of every path up to 7 bytes over "/.a%~" (what the
// plain-path shortcut takes and what it must hand to the segment walk),
// against a reference written here from the SigV4 rules: segments split
// on '/', empty and "." dropped, ".." drops the one before, '/' between
// and before them, a trailing '/' kept when a segment is left; each
// segment percent-encoded again when double encoding is on.
BOOST_AUTO_TEST_CASE(canonical_uri_of_every_short_path) {
    auto encode = [](std::string_view s, bool keep_slash) {
        std::string out;
        for (char ch : s) {
            const auto u = static_cast<unsigned char>(ch);
            if ((u >= 'a' && u <= 'z') || (u >= 'A' && u <= 'Z') || (u >= '0' && u <= '9') || ch == '-' || ch == '.' ||
                ch == '_' || ch == '~' || (keep_slash && ch == '/')) {
                out.push_back(ch);
            } else {
                static constexpr char hex[] = "0123456789ABCDEF";
                out += '%';
                out += hex[u >> 4];
                out += hex[u & 15];
            }
        }
        return out;
    };
    auto reference = [&](const std::string& path, bool twice, bool normalize) {
        if (path.empty()) return std::string("/");
        if (!normalize) return twice ? encode(path, true) : path;
        std::vector<std::string> segs;
        std::size_t b = 0;
        while (b <= path.size()) {
            std::size_t e = path.find('/', b);
            if (e == std::string::npos) e = path.size();
            const std::string seg = path.substr(b, e - b);
            if (seg == "..") {
                if (!segs.empty()) segs.pop_back();
            } else if (!seg.empty() && seg != ".") {
                segs.push_back(seg);
            }
            b = e + 1;
        }
        if (segs.empty()) return std::string("/");
        std::string out;
        for (const auto& s : segs) out += "/" + (twice ? encode(s, false) : s);
        if (path.back() == '/') out += '/';
        return out;
    };
    std::size_t checked = 0, plain = 0;
    for_each_string("/.a%~", 7, [&](const std::string& path) {
        plain += cv::detail::plain_path(path);
        for (bool twice : {false, true})
            for (bool normalize : {false, true}) {
                std::string got;
                cv::detail::string_sink sink(got);
                cv::detail::write_canonical_uri(
                    sink, path, twice ? sv::path_encoding::double_encoded : sv::path_encoding::single_encoded,
                    normalize ? sv::path_normalization::enabled : sv::path_normalization::disabled);
                if (got != reference(path, twice, normalize))
                    BOOST_ERROR(path << " twice=" << twice << " normalize=" << normalize << ": " << got);
                ++checked;
            }
    });
    BOOST_TEST(checked == 4u * (5u + 25u + 125u + 625u + 3125u + 15625u + 78125u));
    BOOST_TEST(plain > 1000u); // the shortcut is taken for a good share of them
}

// The sink the signer hashes the canonical request with: any split of a
// text into put(string), put(char) and prepare/commit pieces, across its
// 1 KiB buffer and past it, gives SHA-256 of the whole text.
BOOST_AUTO_TEST_CASE(hash_sink_matches_one_shot_sha256) {
    std::string text;
    for (std::size_t i = 0; i < 5000; ++i) text.push_back(static_cast<char>('a' + (i * 7 + i / 13) % 26));
    std::uint32_t seed = 12345;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    for (std::size_t len : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 1023u, 1024u, 1025u, 1087u, 2048u, 3000u, 5000u})
        for (int trial = 0; trial < 20; ++trial) {
            const std::string_view whole(text.data(), len);
            cv::detail::hash_sink sink;
            std::size_t at = 0;
            while (at < len) {
                const std::size_t kind = next() % 3;
                const std::size_t want = trial % 2 ? next() % 1500 : next() % 90;
                const std::size_t n = std::min(len - at, kind == 2 ? std::min<std::size_t>(want, 256) : want);
                if (kind == 0) {
                    sink.put(whole.substr(at, n));
                } else if (kind == 1) {
                    sink.put(whole[at]);
                    at += 1;
                    continue;
                } else {
                    char* p = sink.prepare(n);
                    std::memcpy(p, whole.data() + at, n);
                    sink.commit(n);
                }
                at += n;
            }
            BOOST_TEST(sink.finish() == cv::detail::sha256_hash(whole), "length " << len << " trial " << trial);
        }
}

// The signer's name lower-casing (SSE2 for 16 bytes and more, eight- and
// four-byte words below) against the byte-wise definition: every byte value
// at every position of every length 0-40, the other bytes upper-case
// letters, so a lost case bit or a byte left unwritten shows.
BOOST_AUTO_TEST_CASE(lower_copy_matches_bytewise_definition) {
    std::size_t failures = 0;
    for (std::size_t n = 0; n <= 40; ++n)
        for (std::size_t at = 0; at < std::max<std::size_t>(n, 1); ++at)
            for (int b = 0; b < 256; ++b) {
                std::string in(n, 'Q');
                for (std::size_t i = 0; i < n; ++i) in[i] = static_cast<char>('A' + (i * 5) % 26);
                if (n) in[at] = static_cast<char>(b);
                std::string out(n + 8, '#');
                cv::detail::lower_copy(in.data(), n, out.data());
                std::string want = in;
                for (auto& c : want)
                    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
                want.append(8, '#'); // nothing written past n
                if (out != want) ++failures;
            }
    BOOST_TEST(failures == 0u);
}

// The byte-class checks of the signer (SSE2 on x86-64: 16-byte steps, and
// under 16 bytes one step on overlapping loads) against definitions written
// byte by byte: every byte value at every position, lengths 0-40.
BOOST_AUTO_TEST_CASE(byte_class_checks_match_bytewise_definitions) {
    auto alnum = [](unsigned char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); };
    auto in = [](std::string_view set, char c) { return set.find(c) != std::string_view::npos; };
    std::size_t failures = 0, checked = 0;
    for (std::size_t n = 0; n <= 40; ++n)
        for (std::size_t at = 0; at < std::max<std::size_t>(n, 1); ++at)
            for (int b = 0; b < 256; ++b) {
                std::string s(n, 'k');
                for (std::size_t i = 0; i < n; ++i) s[i] = "aZ09-._~"[i % 8];
                if (n) s[at] = static_cast<char>(b);
                bool unreserved = true, host = true, an = true, visible = true;
                for (char c : s) {
                    const auto u = static_cast<unsigned char>(c);
                    an &= alnum(u);
                    unreserved &= alnum(u) || in("-._~", c);
                    host &= alnum(u) || in("-._~:[]", c);
                    visible &= u > 0x20 && u < 0x7f && c != '#' && c != '?';
                }
                failures += cv::detail::all_unreserved(s) != unreserved;
                failures += cv::detail::all_host_chars(s) != host;
                failures += cv::detail::all_alnum_or(s, "", cv::detail::alnum_table) != an;
                failures += cv::detail::all_visible_except(s, '#', '?') != visible;
                ++checked;
            }
    BOOST_TEST(failures == 0u);
    BOOST_TEST(checked == 256u * (1 + 820));
}

// plain_path (the canonical URI's shortcut) against its definition: starts
// with '/', only unreserved bytes and '/', no "//" and no "/.". Every pair
// of bytes from a small alphabet at every position, lengths 1-40.
BOOST_AUTO_TEST_CASE(plain_path_matches_definition) {
    auto reference = [](std::string_view p) {
        if (p.empty() || p[0] != '/') return false;
        for (char c : p)
            if (!(std::isalnum(static_cast<unsigned char>(c)) || std::string_view("-._~/").find(c) != std::string_view::npos))
                return false;
        return p.find("//") == std::string_view::npos && p.find("/.") == std::string_view::npos;
    };
    const std::string_view alphabet = "/.a%~-Z";
    std::size_t failures = 0, plain = 0, checked = 0;
    for (std::size_t n = 1; n <= 40; ++n)
        for (std::size_t at = 0; at + 1 < std::max<std::size_t>(n, 2); ++at)
            for (char c1 : alphabet)
                for (char c2 : alphabet) {
                    std::string p(n, 'a');
                    p[0] = '/';
                    if (n >= 8) p[n / 2] = '/'; // a slash that is fine where it is
                    p[at] = c1;
                    if (at + 1 < n) p[at + 1] = c2;
                    const bool want = reference(p);
                    failures += cv::detail::plain_path(p) != want;
                    plain += want;
                    ++checked;
                }
    BOOST_TEST(failures == 0u);
    BOOST_TEST(plain > 1000u);
    BOOST_TEST(checked == 49u * (1 + 780)); // n = 1 once, then n - 1 pair positions for n = 2..40
}

// The canonical query string of every query up to 6 bytes from an
// alphabet of unreserved, reserved and separator bytes, against a reference
// written from the SigV4 rules: '&'-separated, empty components dropped,
// split at the first '=', each side encoded with the unreserved set, sorted
// by name then value.
BOOST_AUTO_TEST_CASE(canonical_query_of_every_short_query) {
    auto encode = [](std::string_view v) {
        std::string o;
        for (char c : v) {
            const auto u = static_cast<unsigned char>(c);
            if (std::isalnum(u) || c == '-' || c == '.' || c == '_' || c == '~') {
                o += c;
            } else {
                o += '%';
                o += "0123456789ABCDEF"[u >> 4];
                o += "0123456789ABCDEF"[u & 15];
            }
        }
        return o;
    };
    auto reference = [&](std::string_view q) {
        std::vector<std::pair<std::string, std::string>> ps;
        std::size_t b = 0;
        while (b <= q.size()) {
            std::size_t e = q.find('&', b);
            if (e == std::string_view::npos) e = q.size();
            const auto comp = q.substr(b, e - b);
            if (!comp.empty()) {
                const auto eq = comp.find('=');
                ps.emplace_back(encode(comp.substr(0, eq)), eq == std::string_view::npos ? "" : encode(comp.substr(eq + 1)));
            }
            b = e + 1;
        }
        std::sort(ps.begin(), ps.end());
        std::string out;
        for (const auto& [n, v] : ps) out += (out.empty() ? "" : "&") + n + "=" + v;
        return out;
    };
    std::size_t checked = 0, failures = 0;
    for_each_string("ab=&.+", 6, [&](const std::string& q) {
        std::string got;
        cv::detail::string_sink sink(got);
        cv::detail::write_canonical_query(sink, q, {});
        if (got != reference(q) && ++failures < 10) BOOST_ERROR(q << ": " << got << " want " << reference(q));
        ++checked;
    });
    BOOST_TEST(failures == 0u);
    BOOST_TEST(checked == 6u + 36u + 216u + 1296u + 7776u + 46656u);
    // A skipped name drops the one parameter of the shortcut too.
    std::string got;
    cv::detail::string_sink sink(got);
    cv::detail::write_canonical_query(sink, "X-Amz-Signature=ab", {}, [](std::string_view n) { return n == "X-Amz-Signature"; });
    BOOST_TEST(got == "");
}

// lower_name_less (the signer's header sort) orders as a byte compare.
BOOST_AUTO_TEST_CASE(lower_name_less_is_byte_order) {
    std::vector<std::string> names = {"", "a", "b", "host", "content-type", "content-length", "content-",
                                      "content", "x-amz-date", "x-amz-user-agent", "x-amz-d", "x-amz-date2"};
    std::uint32_t seed = 7;
    auto next = [&] { return seed = seed * 1103515245u + 12345u, (seed >> 16) & 0x7fff; };
    for (int i = 0; i < 400; ++i) {
        std::string s(next() % 20, 'a');
        for (auto& c : s) c = static_cast<char>("ab-\x7f\x80\xff"[next() % 6]);
        names.push_back(s);
    }
    std::size_t failures = 0;
    for (const auto& x : names)
        for (const auto& y : names) failures += cv::detail::lower_name_less(x, y) != (std::string_view(x) < std::string_view(y));
    BOOST_TEST(failures == 0u);
}

// add_header stores every field it is given.
BOOST_AUTO_TEST_CASE(add_header_keeps_every_field) {
    cv::detail::header_set hs;
    for (std::size_t i = 0; i < 30; ++i) // past the 24 inline elements
        cv::detail::add_header(hs, i % 2 ? "odd" : "even", i == 7 ? "seven" : "v", 100 + i, i % 3 == 0);
    BOOST_TEST(hs.size() == 30u);
    for (std::size_t i = 0; i < hs.size(); ++i) {
        BOOST_TEST(hs[i].name == (i % 2 ? "odd" : "even"));
        BOOST_TEST(hs[i].value == (i == 7 ? "seven" : "v"));
        BOOST_TEST(hs[i].pos == 100 + i);
        BOOST_TEST(hs[i].trimmed == (i % 3 == 0));
    }
}

// The signer's lower-case lookup of the default unsigned names agrees with the
// general lookup for every default name, every one of them with one byte
// changed, shortened or lengthened, and the names requests usually carry.
BOOST_AUTO_TEST_CASE(default_unsigned_switch_matches_lookup) {
    const auto& set = sv::default_unsigned_headers;
    const auto mask = cv::detail::length_mask(set);
    std::vector<std::string> names = {"host", "content-type", "content-length", "x-amz-date", "x-amz-user-agent",
                                      "x-amz-security-token", "x-amz-content-sha256", "amz-sdk-request", "a", ""};
    for (auto e : set) {
        names.emplace_back(e);
        names.emplace_back(e.substr(1));
        names.emplace_back(std::string(e) + "x");
        for (std::size_t i = 0; i < e.size(); ++i) {
            std::string m(e);
            m[i] = m[i] == 'q' ? 'r' : 'q';
            names.push_back(m);
        }
    }
    std::size_t excluded = 0;
    for (const auto& n : names) {
        const bool want = cv::detail::is_excluded(n, set, mask);
        BOOST_TEST(cv::detail::is_default_unsigned_lower(n) == want, n);
        excluded += want;
    }
    BOOST_TEST(excluded == set.size());
}
