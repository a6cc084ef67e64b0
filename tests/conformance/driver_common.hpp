// SPDX-License-Identifier: BSL-1.0
// tests/conformance/driver_common.hpp — what the two conformance drivers
// (driver.cpp: BatchDeletePhoneNumber and signing; ops_driver.cpp: every
// operation) share: hex for exact bytes, fault names as the checkers spell
// them, and reading a corpus file.
#ifndef CHIME_VOICE_TESTS_CONFORMANCE_DRIVER_COMMON_HPP
#define CHIME_VOICE_TESTS_CONFORMANCE_DRIVER_COMMON_HPP

#include <chime_voice/error.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <string>
#include <string_view>

namespace conformance {

inline std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char c : bytes) {
        out.push_back(digits[c >> 4]);
        out.push_back(digits[c & 0xf]);
    }
    return out;
}

inline int hex_digit(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Decodes hex pairs; stops at the first character that is not a hex pair.
inline std::string from_hex(std::string_view hex) {
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
        const int hi = hex_digit(hex[i]), lo = hex_digit(hex[i + 1]);
        if (hi < 0 || lo < 0) break;
        out.push_back(static_cast<char>(hi * 16 + lo));
    }
    return out;
}

inline std::string_view fault_name(chime_voice::fault f) {
    switch (f) {
    case chime_voice::fault::client: return "client";
    case chime_voice::fault::server: return "server";
    case chime_voice::fault::none: break;
    }
    return "none";
}

/// Reads and parses the corpus named on the command line; prints why to
/// stderr (prefixed with the program's name) and returns nothing when the
/// file is missing or is not a JSON object.
inline std::optional<boost::json::object> read_corpus(std::string_view program, const char* path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << program << ": cannot open " << path << '\n';
        return std::nullopt;
    }
    const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    boost::system::error_code ec;
    boost::json::value corpus = boost::json::parse(text, ec);
    if (ec || !corpus.is_object()) {
        std::cerr << program << ": " << path << " is not a JSON object: " << ec.message() << '\n';
        return std::nullopt;
    }
    return std::move(corpus.as_object());
}

} // namespace conformance

#endif
