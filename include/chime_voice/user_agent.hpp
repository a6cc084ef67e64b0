// SPDX-License-Identifier: BSL-1.0
// chime_voice/user_agent.hpp — the User-Agent this library sends.
//
// Follows the grammar of the AWS SDKs and Tools "User Agent 2.1" format:
// space-separated `name/value` pairs, `ua/2.1` naming the format version,
// `#` separating a name from its version inside a value, and every other
// character outside the token set replaced with '-'. The token set is the
// RFC 9110 section 5.6.2 `tchar` set without '#' (reserved as separator).
//
// The library does not pretend to be an AWS SDK: the product token is
// `chime-voice/<version>`, never `aws-sdk-...`.
#ifndef CHIME_VOICE_USER_AGENT_HPP
#define CHIME_VOICE_USER_AGENT_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/detail/ascii.hpp>

#include <string>
#include <string_view>

namespace chime_voice {

/// Product name in the first token.
inline constexpr std::string_view user_agent_product = "chime-voice";
/// This library's version (config.hpp).
inline constexpr std::string_view library_version = CHIME_VOICE_VERSION_STRING;
/// The service id as UA 2.1 writes it: the model's sdkId "Chime SDK Voice",
/// lower-cased with spaces replaced by '-'.
inline constexpr std::string_view user_agent_service_id = "chime-sdk-voice";

/// Replaces every byte outside the UA 2.1 token set with '-' (each byte of a
/// multi-byte UTF-8 character becomes one '-'). May throw std::bad_alloc.
inline std::string sanitize_user_agent_token(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c == '#' || !detail::is_tchar(static_cast<unsigned char>(c))) c = '-'; // UA 2.1: tchar except '#'
    return out;
}

/// The user agent, e.g.
/// `chime-voice/0.1.0 ua/2.1 lang/cpp#23 md/protocol#restJson1 api/chime-sdk-voice#0.1.0 app/my-app`.
/// `app/<app_id>` is added when app_id is not empty, sanitized with
/// sanitize_user_agent_token (so it can never split or forge a header, and a
/// '#' cannot fake a version). Pure: the same input gives the same output.
/// May throw std::bad_alloc.
inline std::string make_user_agent(std::string_view app_id) {
    std::string ua;
    ua.reserve(96 + app_id.size());
    ua.append(user_agent_product).append("/").append(library_version);
    ua.append(" ua/2.1");
    ua.append(" lang/cpp#23");
    ua.append(" md/protocol#restJson1");
    ua.append(" api/").append(user_agent_service_id).append("#").append(library_version);
    if (!app_id.empty()) ua.append(" app/").append(sanitize_user_agent_token(app_id));
    return ua;
}

} // namespace chime_voice

#endif
