// chime_voice/endpoint.hpp — endpoint resolution (smithy.rules endpoint rule set).
// STUB: declarations only; the implementation lands with issue 3.
#ifndef CHIME_VOICE_ENDPOINT_HPP
#define CHIME_VOICE_ENDPOINT_HPP

#include <chime_voice/client_config.hpp>
#include <chime_voice/error.hpp>

#include <expected>
#include <string>

namespace chime_voice {

/// A resolved endpoint.
struct endpoint {
    std::string url;    ///< as the rules produce it, e.g. "https://voice-chime.us-east-1.amazonaws.com"
    std::string scheme; ///< "https" or "http"
    std::string host;   ///< host, with ":port" when the port is not the scheme's default
    std::string path;   ///< base path from an override ("" or "/prefix", no trailing '/')
    std::string signing_region; ///< region for the SigV4 scope
    std::string signing_name = "chime"; ///< SigV4 service name (not the host prefix)
};

std::expected<endpoint, error> resolve_endpoint(const client_config& config);

} // namespace chime_voice

#endif
