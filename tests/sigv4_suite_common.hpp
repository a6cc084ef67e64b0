// SPDX-License-Identifier: BSL-1.0
// Shared helpers for the tests driven by tests/data/sigv4: reading
// the raw request files and formatting signed requests in the suites' layout.
#ifndef CHIME_VOICE_TESTS_SIGV4_SUITE_COMMON_HPP
#define CHIME_VOICE_TESTS_SIGV4_SUITE_COMMON_HPP

#include <chime_voice/http.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace suite {

inline std::filesystem::path testdata() {
#ifdef CHIME_VOICE_TESTDATA_DIR
    return CHIME_VOICE_TESTDATA_DIR;
#else
    return "tests/data";
#endif
}

inline std::string slurp(const std::filesystem::path& p) {
    std::ifstream f(p, std::ios::binary);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

/// A request file as the suites write it, plus the raw header lines (so a
/// folded header prints back as it was written).
struct raw_request {
    chime_voice::http_request request;
    std::string request_line_target;   // as written (may contain spaces)
    std::vector<std::string> raw_lines; // raw text of each original header (folds included)
};

/// Parses "METHOD TARGET HTTP/1.1\nName:value\n...\n\nbody". The target may
/// contain spaces; obs-fold continuation lines (RFC 9112 section 5.2) are
/// unfolded into one space-joined value.
inline raw_request parse_request(const std::string& text) {
    raw_request out;
    auto& r = out.request;
    std::size_t eol = text.find('\n');
    const std::string line = text.substr(0, eol);
    const auto sp1 = line.find(' ');
    const auto sp2 = line.rfind(' ');
    r.method = line.substr(0, sp1);
    out.request_line_target = line.substr(sp1 + 1, sp2 - sp1 - 1);
    const auto q = out.request_line_target.find('?');
    r.path = out.request_line_target.substr(0, q);
    if (q != std::string::npos) r.query = out.request_line_target.substr(q + 1);
    r.scheme = "https";
    std::size_t pos = eol == std::string::npos ? text.size() : eol + 1;
    while (pos < text.size()) {
        eol = text.find('\n', pos);
        const std::string l = text.substr(pos, eol == std::string::npos ? std::string::npos : eol - pos);
        pos = eol == std::string::npos ? text.size() : eol + 1;
        if (l.empty()) {
            r.body = text.substr(pos);
            break;
        }
        if ((l[0] == ' ' || l[0] == '\t') && !r.headers.empty()) {
            r.headers.back().value += ' ';
            r.headers.back().value += l;
            out.raw_lines.back() += '\n';
            out.raw_lines.back() += l;
            continue;
        }
        const auto colon = l.find(':');
        r.headers.push_back({l.substr(0, colon), l.substr(colon + 1)});
        out.raw_lines.push_back(l);
    }
    if (auto* h = r.find_header("host")) r.host = h->value;
    return out;
}

/// The signed request in the suites' layout: the original header lines as
/// written, then the headers signing appended. `auth_sep` is what follows
/// "Authorization:" (the legacy suite writes a space there).
inline std::string format_signed(const raw_request& orig, const chime_voice::http_request& signed_req,
                                 const std::string& target, bool trailing_newlines, const std::string& auth_sep) {
    std::string out = signed_req.method + " " + target + " HTTP/1.1";
    std::vector<std::string> lines;
    for (std::size_t i = 0; i < signed_req.headers.size(); ++i) {
        const auto& h = signed_req.headers[i];
        if (i < orig.raw_lines.size() && h.value == orig.request.headers[i].value)
            lines.push_back(orig.raw_lines[i]);
        else if (chime_voice::detail::iequals(h.name, "authorization"))
            lines.push_back(h.name + ":" + auth_sep + h.value);
        else
            lines.push_back(h.name + ":" + h.value);
    }
    for (const auto& l : lines) out += "\n" + l;
    if (trailing_newlines) {
        out += "\n\n" + signed_req.body;
    } else if (!signed_req.body.empty()) {
        out += "\n\n" + signed_req.body;
    }
    return out;
}

} // namespace suite

#endif
