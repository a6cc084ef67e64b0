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

#include <chrono>
#include <cstdint>
#include <optional>
#include <ostream>
#include <string>
#include <string_view>
#include <utility>

namespace chime_voice {

/// Long-term (access key id + secret) or temporary (+ session token) AWS
/// credentials (SigV4 docs, "Elements of an AWS API request signature").
/// The secret and the token are secret_string values: wiped when dropped or
/// overwritten, never printed. Copies may throw std::bad_alloc; moves and
/// destruction do not throw.
struct credentials {
    std::string access_key_id;       ///< e.g. "AKIDEXAMPLE" (not secret; it names the key)
    secret_string secret_access_key; ///< the secret key
    secret_string session_token;     ///< empty for long-term credentials
    /// When temporary credentials stop working (STS `Expiration`, the
    /// credential_process / container / IMDS `Expiration`, SSO
    /// `expiration`); nullopt for credentials that do not expire.
    std::optional<std::chrono::sys_seconds> expiration;

    credentials() = default;
    /// Takes the parts over (the secrets are moved in, not copied).
    credentials(std::string id, secret_string secret, secret_string token = {},
                std::optional<std::chrono::sys_seconds> expires = std::nullopt) noexcept
        : access_key_id(std::move(id)), secret_access_key(std::move(secret)),
          session_token(std::move(token)), expiration(expires) {}
};

/// Shows the access key id only; the secret and token print as `<redacted>`.
/// The expiration prints as seconds since the Unix epoch.
inline std::ostream& operator<<(std::ostream& os, const credentials& c) {
    os << "credentials{access_key_id=" << c.access_key_id << ", secret_access_key=<redacted>";
    if (!c.session_token.empty()) os << ", session_token=<redacted>";
    if (c.expiration) os << ", expiration=" << c.expiration->time_since_epoch().count();
    return os << '}';
}

/// What a caller holding credentials should do now (refresh_policy).
enum class refresh_advice {
    use,               ///< fresh enough: sign with them
    refresh_advisory,  ///< inside the advisory window: refresh, but on failure keep using them
    refresh_mandatory, ///< inside the mandatory window: refresh before signing; fail if the refresh fails
    expired,           ///< past the expiration: never sign with them
};

/// The windows before expiration in which to refresh. The defaults are
/// botocore's RefreshableCredentials windows (credentials.py:
/// advisory 15 minutes, mandatory 10 minutes); the SDKs all refresh ahead of
/// expiry by minutes so a request signed now is not rejected in flight (the
/// AWS SDKs and Tools reference guide, "Understanding credential provider
/// refresh"; the Java SDK v2 uses 5/1 minutes for STS and container sources).
struct refresh_policy {
    std::chrono::seconds advisory{15 * 60}; ///< refresh when this little time is left, keep on failure
    std::chrono::seconds mandatory{10 * 60}; ///< refresh before signing when this little time is left

    /// Advice for `c` at time `now` (the caller's clock). Credentials
    /// without an expiration are always `use`.
    constexpr refresh_advice advise(const credentials& c, std::chrono::sys_seconds now) const noexcept {
        if (!c.expiration) return refresh_advice::use;
        if (now >= *c.expiration) return refresh_advice::expired;
        const auto left = *c.expiration - now;
        if (left <= mandatory) return refresh_advice::refresh_mandatory;
        if (left <= advisory) return refresh_advice::refresh_advisory;
        return refresh_advice::use;
    }
};

/// "use", "refresh_advisory", "refresh_mandatory", "expired".
constexpr std::string_view to_string(refresh_advice a) noexcept {
    switch (a) {
    case refresh_advice::use: return "use";
    case refresh_advice::refresh_advisory: return "refresh_advisory";
    case refresh_advice::refresh_mandatory: return "refresh_mandatory";
    case refresh_advice::expired: return "expired";
    }
    return "?";
}

} // namespace chime_voice

#endif
