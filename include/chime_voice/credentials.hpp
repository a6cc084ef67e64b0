// SPDX-License-Identifier: BSL-1.0
// chime_voice/credentials.hpp — AWS credentials as a value.
//
// The library never reads the environment or files (rule of the house 1);
// the caller supplies credentials. The secret is wiped when the value is
// destroyed, and printing a credentials value never shows the secret.
#ifndef CHIME_VOICE_CREDENTIALS_HPP
#define CHIME_VOICE_CREDENTIALS_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/secret.hpp>

#include <ostream>
#include <string>
#include <utility>

namespace chime_voice {

/// Long-term (access key id + secret) or temporary (+ session token) AWS
/// credentials (SigV4 docs, "Elements of an AWS API request signature").
/// The secret and the token are secret_string values: wiped when dropped or
/// overwritten, never printed. Copies may throw std::bad_alloc; moves and
/// destruction do not throw.
struct credentials {
    std::string access_key_id;        ///< e.g. "AKIDEXAMPLE"; printed as is
    secret_string secret_access_key;  ///< never printed; wiped when dropped
    secret_string session_token; ///< empty for long-term credentials

    credentials() = default;
    /// From an access key id, a secret and an optional session token.
    credentials(std::string id, secret_string secret, secret_string token = {}) noexcept
        : access_key_id(std::move(id)), secret_access_key(std::move(secret)),
          session_token(std::move(token)) {}
};

/// Shows the access key id only; the secret and token print as `<redacted>`.
inline std::ostream& operator<<(std::ostream& os, const credentials& c) {
    os << "credentials{access_key_id=" << c.access_key_id << ", secret_access_key=<redacted>";
    if (!c.session_token.empty()) os << ", session_token=<redacted>";
    return os << '}';
}

} // namespace chime_voice

#endif
