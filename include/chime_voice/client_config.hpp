// SPDX-License-Identifier: BSL-1.0
// chime_voice/client_config.hpp — how a client is configured.
#ifndef CHIME_VOICE_CLIENT_CONFIG_HPP
#define CHIME_VOICE_CLIENT_CONFIG_HPP

#include <chime_voice/config.hpp>

#include <optional>
#include <string>

namespace chime_voice {

/// The settings the endpoint rules and the user agent read. The library never
/// fills these from the environment (rule of the house 1); the caller does.
struct client_config {
    std::string region;                  ///< e.g. "us-east-1" (endpoint rules parameter Region)
    std::optional<std::string> endpoint; ///< override, e.g. "http://127.0.0.1:8080" (parameter Endpoint)
    bool use_fips = false;               ///< parameter UseFIPS
    bool use_dual_stack = false;         ///< parameter UseDualStack
    std::string app_id;                  ///< goes into the user agent as `app/<app_id>`
};

} // namespace chime_voice

#endif
