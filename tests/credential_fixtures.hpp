// SPDX-License-Identifier: BSL-1.0
// tests/credential_fixtures.hpp — reads the recorded HTTP responses of
// tests/fixtures/credentials/ (raw HTTP/1.1: status line, headers, blank
// line, body) into http_response values. Test helper, not installed.
#ifndef CHIME_VOICE_TESTS_CREDENTIAL_FIXTURES_HPP
#define CHIME_VOICE_TESTS_CREDENTIAL_FIXTURES_HPP

#include <chime_voice/http.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>
#include <string_view>

namespace chime_voice_test {

inline chime_voice::http_response parse_raw_response(std::string_view raw) {
    chime_voice::http_response r;
    const auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string_view::npos) throw std::runtime_error("fixture without a head");
    std::string_view head = raw.substr(0, head_end);
    r.body = std::string(raw.substr(head_end + 4));
    auto line_end = head.find("\r\n");
    std::string_view status_line = head.substr(0, line_end);
    r.status = std::stoi(std::string(status_line.substr(9, 3)));
    head = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
    while (!head.empty()) {
        line_end = head.find("\r\n");
        std::string_view line = head.substr(0, line_end);
        const auto colon = line.find(':');
        std::string_view value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.remove_prefix(1);
        r.headers.push_back({std::string(line.substr(0, colon)), std::string(value)});
        head = line_end == std::string_view::npos ? std::string_view{} : head.substr(line_end + 2);
    }
    return r;
}

/// tests/fixtures/credentials/<name> (tests run from the project root).
inline chime_voice::http_response fixture(std::string_view name) {
    std::ifstream in("tests/fixtures/credentials/" + std::string(name), std::ios::binary);
    if (!in) throw std::runtime_error("missing fixture " + std::string(name));
    std::ostringstream ss;
    ss << in.rdbuf();
    return parse_raw_response(ss.str());
}

} // namespace chime_voice_test

#endif
