// SPDX-License-Identifier: BSL-1.0
// fuzz/fuzz_request.hpp — the request layout fuzz_sign and fuzz_verify share
// (not installed): method 0x1E host 0x1E path 0x1E query 0x1E header-count
// 0x1E (name 0x1E value 0x1E)* body.
#ifndef CHIME_VOICE_FUZZ_REQUEST_HPP
#define CHIME_VOICE_FUZZ_REQUEST_HPP

#include "fuzz_harness.hpp"

#include <chime_voice/http.hpp>

#include <string>

namespace chime_voice_fuzz {

/// Reads an https request in the layout above (at most 40 headers).
inline chime_voice::http_request read_request(input& in) {
    chime_voice::http_request r;
    r.method = std::string(in.field());
    r.scheme = "https";
    r.host = std::string(in.field());
    r.path = std::string(in.field());
    r.query = std::string(in.field());
    const auto n = static_cast<std::size_t>(in.number(0, 40, 0));
    for (std::size_t i = 0; i < n && !in.empty(); ++i) {
        std::string name(in.field());
        r.headers.push_back({std::move(name), std::string(in.field())});
    }
    r.body = std::string(in.rest());
    return r;
}

} // namespace chime_voice_fuzz

#endif
