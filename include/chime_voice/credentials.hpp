// SPDX-License-Identifier: BSL-1.0
// chime_voice/credentials.hpp — AWS credentials as a value.
//
// The library never reads the environment or files (rule of the house 1);
// the caller supplies credentials. The secret is wiped when the value is
// destroyed, and printing a credentials value never shows the secret.
#ifndef CHIME_VOICE_CREDENTIALS_HPP
#define CHIME_VOICE_CREDENTIALS_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/secure_wipe.hpp>

#include <ostream>
#include <string>
#include <utility>

namespace chime_voice {

/// Long-term (access key id + secret) or temporary (+ session token) AWS
/// credentials (SigV4 docs, "Elements of an AWS API request signature").
/// Construction and copies may throw std::bad_alloc; moves and destruction
/// do not throw.
struct credentials {
    std::string access_key_id;     ///< e.g. "AKIDEXAMPLE"; printed as is
    std::string secret_access_key; ///< never printed; wiped when dropped
    std::string session_token; ///< empty for long-term credentials

    credentials() = default;
    /// From an access key id, a secret and an optional session token.
    credentials(std::string id, std::string secret, std::string token = {})
        : access_key_id(std::move(id)), secret_access_key(std::move(secret)),
          session_token(std::move(token)) {}
    credentials(const credentials&) = default;           ///< Copies all three members.
    credentials(credentials&&) noexcept = default;       ///< Moves all three members.
    /// Wipes the old secret and token, then copies.
    credentials& operator=(const credentials& o) {
        if (this != &o) {
            detail::secure_wipe(secret_access_key);
            detail::secure_wipe(session_token);
            access_key_id = o.access_key_id;
            secret_access_key = o.secret_access_key;
            session_token = o.session_token;
        }
        return *this;
    }
    /// Wipes the old secret and token, then moves.
    credentials& operator=(credentials&& o) noexcept {
        if (this != &o) {
            detail::secure_wipe(secret_access_key);
            detail::secure_wipe(session_token);
            access_key_id = std::move(o.access_key_id);
            secret_access_key = std::move(o.secret_access_key);
            session_token = std::move(o.session_token);
        }
        return *this;
    }
    ~credentials() {
        detail::secure_wipe(secret_access_key);
        detail::secure_wipe(session_token);
    }
};

/// Shows the access key id only; the secret and token print as `<redacted>`.
inline std::ostream& operator<<(std::ostream& os, const credentials& c) {
    os << "credentials{access_key_id=" << c.access_key_id << ", secret_access_key=<redacted>";
    if (!c.session_token.empty()) os << ", session_token=<redacted>";
    return os << '}';
}

} // namespace chime_voice

#endif
