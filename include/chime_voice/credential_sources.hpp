// SPDX-License-Identifier: BSL-1.0
// chime_voice/credential_sources.hpp — the credential sources that are not
// STS, as pure functions: the credential_process output, the ECS container
// endpoint, EC2 instance metadata (IMDSv2) and IAM Identity Center (SSO)
// GetRoleCredentials. Each network source is a plan of http_request values
// the caller sends, and a parser for each reply.
//
// Formats (AWS SDKs and Tools reference guide, chapters "Process credential
// provider", "Container credential provider", "IMDS credential provider",
// "IAM Identity Center credential provider"; the SSO portal API reference,
// GetRoleCredentials; the EC2 user guide, "Use IMDSv2").
//
// Secrets: every secret these functions return is a secret_string. JSON
// documents are parsed into a buffer that is wiped before the function
// returns (detail::with_json_object), so a secret parsed by Boost.JSON does
// not outlive the call. Request headers that carry tokens are std::string
// inside http_request (the transport needs them); operator<< on a request
// redacts `authorization` only, so print_request-style logging of the IMDS
// and SSO requests must not print the token headers (they are named here).
// Nothing throws on bad input (std::bad_alloc aside); no I/O, no clock.
#ifndef CHIME_VOICE_CREDENTIAL_SOURCES_HPP
#define CHIME_VOICE_CREDENTIAL_SOURCES_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/iso8601.hpp>
#include <chime_voice/detail/percent_encoding.hpp>
#include <chime_voice/detail/secure_wipe.hpp>
#include <chime_voice/detail/sha1.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/secret.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace chime_voice {

namespace detail {

/// The largest credential document read (the real ones are < 4 KiB).
inline constexpr std::size_t max_credential_document = 64 * 1024;

inline std::unexpected<error> source_error(std::string msg) {
    return std::unexpected(error::make(error_category::credentials, std::move(msg)));
}

/// Parses `text` as a JSON object into a buffer owned here and calls
/// `f(const boost::json::object&)`; the buffer is wiped afterwards, so
/// secrets Boost.JSON copied out of the text do not linger. (A document
/// whose tree outgrows the buffer, far larger than any real credential
/// document, continues on the heap, unwiped; the parse never fails for
/// that.) Returns false when the text is not one JSON object or is larger
/// than max_credential_document.
template <class F>
bool with_json_object(std::string_view text, F&& f) {
    if (text.size() > max_credential_document) return false;
    // Room for the parsed tree without going to the heap: Boost.JSON's
    // values are 16 bytes, object entries ~40, strings are copied.
    std::vector<unsigned char> buffer(8 * 1024 + text.size() * 24);
    bool ok = false;
    {
        boost::json::monotonic_resource mr(buffer.data(), buffer.size());
        boost::json::parse_options opt;
        opt.max_depth = 16;
        boost::system::error_code ec;
        boost::json::value v = boost::json::parse(boost::json::string_view(text.data(), text.size()), ec, &mr, opt);
        if (!ec && v.is_object()) {
            f(v.as_object());
            ok = true;
        }
    }
    secure_wipe(buffer.data(), buffer.size());
    return ok;
}

/// A string member, or nullopt when absent / not a string.
inline std::optional<std::string_view> json_string(const boost::json::object& o, std::string_view key) {
    auto it = o.find(boost::json::string_view(key.data(), key.size()));
    if (it == o.end() || !it->value().is_string()) return std::nullopt;
    const auto& s = it->value().get_string();
    return std::string_view(s.data(), s.size());
}

/// Reads AccessKeyId / SecretAccessKey / Token-or-SessionToken / Expiration
/// members (names given) into credentials; `what` prefixes errors.
struct credential_member_names {
    std::string_view id;         ///< e.g. "AccessKeyId"
    std::string_view secret;     ///< e.g. "SecretAccessKey"
    std::string_view token;      ///< "Token" or "SessionToken"
    std::string_view expiration; ///< e.g. "Expiration"
};

inline std::expected<credentials, error> read_credential_members(const boost::json::object& o,
                                                                 const credential_member_names& n,
                                                                 bool token_required, bool expiration_required,
                                                                 const std::string& what) {
    const auto id = json_string(o, n.id);
    const auto secret = json_string(o, n.secret);
    const auto token = json_string(o, n.token);
    if (!id || id->empty()) return source_error(what + ": no " + std::string(n.id));
    if (!secret || secret->empty()) return source_error(what + ": no " + std::string(n.secret));
    if (token_required && (!token || token->empty())) return source_error(what + ": no " + std::string(n.token));
    credentials c(std::string(*id), secret_string(*secret), token ? secret_string(*token) : secret_string());
    if (auto e = json_string(o, n.expiration)) {
        auto t = parse_iso8601(*e);
        if (!t) return source_error(what + ": " + std::string(n.expiration) + " is not an ISO 8601 time");
        c.expiration = *t;
    } else if (expiration_required) {
        return source_error(what + ": no " + std::string(n.expiration));
    }
    return c;
}

inline std::string status_text(const http_response_view& r) { return "HTTP " + std::to_string(r.status); }

/// A service error for a non-2xx reply of a credential endpoint.
inline std::unexpected<error> endpoint_reply_error(const http_response_view& r, std::string what, std::string code,
                                                   std::string message) {
    error e = error::make(error_category::service, what + " answered " + status_text(r) +
                                                       (code.empty() ? std::string() : " " + code) +
                                                       (message.empty() ? std::string() : ": " + message));
    e.type = code;
    e.code_raw = std::move(code);
    e.kind = e.type.empty() ? service_error_kind::unknown : service_error_kind::unmodelled;
    e.fault = r.status >= 500 ? fault::server : fault::client;
    e.metadata.http_status = r.status;
    if (auto h = r.find_header("x-amzn-requestid")) e.metadata.request_id = std::string(*h);
    return std::unexpected(std::move(e));
}

inline bool has_crlf(std::string_view s) noexcept {
    return s.find('\r') != std::string_view::npos || s.find('\n') != std::string_view::npos;
}

} // namespace detail

// ------------------------------------------------------------ credential_process

/// Reads the standard output of a `credential_process` command (reference
/// guide, "Process credential provider"): a JSON object with `Version` 1,
/// `AccessKeyId`, `SecretAccessKey`, optional `SessionToken` and optional
/// `Expiration` (ISO 8601; absent = the credentials do not expire). The
/// caller runs the command (the library does no I/O) and passes its output
/// and the profile name, which every error message names, e.g.
/// "credential_process in profile 'dev': output is not a JSON object".
inline std::expected<credentials, error> parse_credential_process_output(std::string_view output,
                                                                         std::string_view profile) {
    const std::string what = "credential_process in profile '" + std::string(profile) + "'";
    std::optional<std::expected<credentials, error>> result;
    const bool ok = detail::with_json_object(output, [&](const boost::json::object& o) {
        auto v = o.find("Version");
        if (v == o.end() || !v->value().is_number()) {
            result = detail::source_error(what + ": the output has no numeric Version");
            return;
        }
        boost::system::error_code ec;
        const auto version = v->value().to_number<std::int64_t>(ec);
        if (ec || version != 1) {
            result = detail::source_error(what + ": unsupported Version (only 1 is defined)");
            return;
        }
        result = detail::read_credential_members(o, {"AccessKeyId", "SecretAccessKey", "SessionToken", "Expiration"},
                                                 false, false, what);
    });
    if (!ok) return detail::source_error(what + ": the output is not a JSON object");
    return std::move(*result);
}

// ------------------------------------------------------------ ECS container

/// The container credential endpoint, from the environment (reference guide,
/// "Container credential provider").
struct container_credentials_config {
    /// http://169.254.170.2 + AWS_CONTAINER_CREDENTIALS_RELATIVE_URI, else
    /// AWS_CONTAINER_CREDENTIALS_FULL_URI.
    std::string url;
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN (the token file, when set, wins:
    /// pass its text to build_container_credentials_request()).
    std::optional<secret_string> authorization_token;
    /// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: the caller reads this file.
    std::optional<std::string> authorization_token_file;
};

namespace detail {
/// An http FULL_URI must point to a loopback address or to the ECS / EKS
/// pod identity agents (169.254.170.2, 169.254.170.23, fd00:ec2::23); https
/// may point anywhere (reference guide, "Container credential provider").
inline bool allowed_container_host(std::string_view host) noexcept {
    if (host == "localhost" || host == "169.254.170.2" || host == "169.254.170.23" || host == "[fd00:ec2::23]" ||
        host == "[::1]")
        return true;
    if (host.starts_with("127.")) { // 127.0.0.0/8: three more dotted octets
        int octets = 1, digits = 0;
        for (char c : host.substr(4)) {
            if (c == '.') {
                if (digits == 0) return false;
                ++octets;
                digits = 0;
            } else if (c < '0' || c > '9' || ++digits > 3) {
                return false;
            }
        }
        return octets == 3 && digits > 0;
    }
    return false;
}
} // namespace detail

/// The container source configured by the environment, or nullopt when
/// neither AWS_CONTAINER_CREDENTIALS_RELATIVE_URI nor _FULL_URI is set.
/// `get` returns a variable's value (nullopt / "" = unset). An http
/// FULL_URI to a host that is not allowed is an error naming the variable.
template <class Get>
std::optional<std::expected<container_credentials_config, error>> container_config_from(Get&& get) {
    container_credentials_config c;
    auto val = [&](std::string_view n) -> std::optional<std::string> {
        auto v = get(n);
        if (v && v->empty()) return std::nullopt;
        return v;
    };
    if (auto rel = val("AWS_CONTAINER_CREDENTIALS_RELATIVE_URI")) {
        c.url = "http://169.254.170.2";
        if (!rel->starts_with("/")) c.url.push_back('/');
        c.url += *rel;
    } else if (auto full = val("AWS_CONTAINER_CREDENTIALS_FULL_URI")) {
        const auto sep = full->find("://");
        const std::string scheme = sep == std::string::npos ? std::string() : full->substr(0, sep);
        if (scheme != "http" && scheme != "https")
            return detail::source_error("AWS_CONTAINER_CREDENTIALS_FULL_URI is not an http or https URL");
        std::string_view rest = std::string_view(*full).substr(sep + 3);
        std::string_view host = rest.substr(0, rest.find('/'));
        if (host.starts_with("[")) host = host.substr(0, host.find(']') + 1);
        else host = host.substr(0, host.find(':'));
        if (scheme == "http" && !detail::allowed_container_host(host))
            return detail::source_error("AWS_CONTAINER_CREDENTIALS_FULL_URI: an http URL must point to a loopback "
                                        "address or the container agent (169.254.170.2, 169.254.170.23, "
                                        "fd00:ec2::23), not '" + std::string(host) + "'");
        c.url = *full;
    } else {
        return std::nullopt;
    }
    if (auto t = val("AWS_CONTAINER_AUTHORIZATION_TOKEN")) c.authorization_token = secret_string(std::move(*t));
    c.authorization_token_file = val("AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE");
    return c;
}

/// GET of the container endpoint, with `Authorization: <token>` when a token
/// is configured. `token_file_text`: the content of
/// AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE, read by the caller (it wins over
/// AWS_CONTAINER_AUTHORIZATION_TOKEN; trailing newlines are dropped). A
/// token with CR or LF inside is refused (header injection).
inline std::expected<http_request, error> build_container_credentials_request(
    const container_credentials_config& c, std::optional<std::string_view> token_file_text = std::nullopt) {
    http_request r;
    const auto sep = c.url.find("://");
    if (sep == std::string::npos) return detail::source_error("the container credentials URL has no scheme");
    r.method = "GET";
    r.scheme = c.url.substr(0, sep);
    std::string_view rest = std::string_view(c.url).substr(sep + 3);
    const auto slash = rest.find('/');
    r.host = std::string(rest.substr(0, slash));
    std::string_view target = slash == std::string_view::npos ? std::string_view("/") : rest.substr(slash);
    const auto q = target.find('?');
    r.path = std::string(target.substr(0, q));
    if (q != std::string_view::npos) r.query = std::string(target.substr(q + 1));
    r.headers.push_back({"host", r.host});
    r.headers.push_back({"accept", "application/json"});
    std::optional<std::string_view> token;
    if (token_file_text) token = *token_file_text;
    else if (c.authorization_token) token = std::string_view(*c.authorization_token);
    if (token) {
        std::string_view t = *token;
        while (!t.empty() && (t.back() == '\n' || t.back() == '\r')) t.remove_suffix(1);
        if (detail::has_crlf(t)) return detail::source_error("the container authorization token contains a line break");
        if (!t.empty()) r.headers.push_back({"authorization", std::string(t)});
    }
    return r;
}

/// Reads the container endpoint's reply: 200 with `AccessKeyId`,
/// `SecretAccessKey`, `Token`, `Expiration`; otherwise a `service` error
/// with the document's `code` / `message` when it has them.
inline std::expected<credentials, error> parse_container_credentials_response(const http_response_view& r) {
    const std::string what = "the container credentials endpoint";
    if (r.status != 200) {
        std::string code, message;
        detail::with_json_object(r.body, [&](const boost::json::object& o) {
            code = std::string(detail::json_string(o, "code").value_or(detail::json_string(o, "Code").value_or("")));
            message = std::string(detail::json_string(o, "message").value_or(detail::json_string(o, "Message").value_or("")));
        });
        return detail::endpoint_reply_error(r, what, std::move(code), std::move(message));
    }
    std::optional<std::expected<credentials, error>> result;
    if (!detail::with_json_object(r.body, [&](const boost::json::object& o) {
            result = detail::read_credential_members(o, {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"},
                                                     true, true, what);
        }))
        return detail::source_error(what + ": the reply is not a JSON object");
    return std::move(*result);
}

// ------------------------------------------------------------ EC2 IMDSv2

/// Instance metadata settings (reference guide, "IMDS credential provider").
struct imds_config {
    /// AWS_EC2_METADATA_SERVICE_ENDPOINT / ec2_metadata_service_endpoint,
    /// else by AWS_EC2_METADATA_SERVICE_ENDPOINT_MODE: IPv4
    /// http://169.254.169.254 (default) or IPv6 http://[fd00:ec2::254].
    std::string endpoint = "http://169.254.169.254";
    /// The session token lifetime asked for (x-aws-ec2-metadata-token-ttl-seconds).
    /// The SDKs ask for 21600 s (6 hours), the maximum.
    std::chrono::seconds token_ttl{21600};
    /// AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled: when the
    /// token PUT fails, do not fall back to IMDSv1 (GETs without a token).
    bool v1_disabled = false;
};

/// The header names of IMDSv2 (EC2 user guide, "Use IMDSv2"). The token
/// header carries a secret: do not log it.
inline constexpr std::string_view imds_token_header = "x-aws-ec2-metadata-token";
/// The header of the token PUT that asks for the token's lifetime in seconds.
inline constexpr std::string_view imds_token_ttl_header = "x-aws-ec2-metadata-token-ttl-seconds";

namespace detail {
inline std::expected<http_request, error> imds_request(const imds_config& c, std::string method, std::string path) {
    http_request r;
    const auto sep = c.endpoint.find("://");
    if (sep == std::string::npos) return source_error("the instance metadata endpoint has no scheme");
    r.scheme = c.endpoint.substr(0, sep);
    r.host = c.endpoint.substr(sep + 3);
    while (!r.host.empty() && r.host.back() == '/') r.host.pop_back();
    if (r.host.empty() || r.host.find('/') != std::string::npos)
        return source_error("the instance metadata endpoint must be scheme://host[:port]");
    r.method = std::move(method);
    r.path = std::move(path);
    r.headers.push_back({"host", r.host});
    return r;
}
} // namespace detail

/// Step 1: PUT /latest/api/token with the TTL header.
inline std::expected<http_request, error> build_imds_token_request(const imds_config& c) {
    auto r = detail::imds_request(c, "PUT", "/latest/api/token");
    if (r) r->headers.push_back({std::string(imds_token_ttl_header), std::to_string(c.token_ttl.count())});
    return r;
}

/// The reply to step 1: the token (200, a non-empty body without line
/// breaks). 403 means IMDS is disabled or the hop limit was exceeded; 404 /
/// 405 that IMDSv2 is not available — each a `service` error.
inline std::expected<secret_string, error> parse_imds_token_response(const http_response_view& r) {
    if (r.status != 200) return detail::endpoint_reply_error(r, "the instance metadata token endpoint", {}, {});
    std::string_view t = r.body;
    while (!t.empty() && (t.back() == '\n' || t.back() == '\r' || t.back() == ' ')) t.remove_suffix(1);
    if (t.empty() || detail::has_crlf(t) || t.size() > 4096)
        return detail::source_error("the instance metadata token reply is not a token");
    return secret_string(t);
}

namespace detail {
inline std::unexpected<error> imds_v1_disabled_error(std::string_view why) {
    return std::unexpected(error::make(
        error_category::credentials,
        "instance metadata: no IMDSv2 token (" + std::string(why) +
            ") and IMDSv1 is disabled (AWS_EC2_METADATA_V1_DISABLED / ec2_metadata_v1_disabled)"));
}
} // namespace detail

/// The reply to step 1 with botocore's IMDSv1 fallback (IMDSFetcher.
/// _fetch_metadata_token): 200 gives the token (as parse_imds_token_response());
/// 400 is an error (a bad request, no fallback); any other status (403
/// IMDS disabled or hop limit, 404/405 no IMDSv2, 5xx once the caller's
/// attempts are spent) means "go on without a token": std::nullopt, and
/// steps 2 and 3 are sent without the token header (IMDSv1). With
/// `c.v1_disabled` that is an error instead. The body is read during the
/// call only.
inline std::expected<std::optional<secret_string>, error> parse_imds_token_response_or_fallback(
    const http_response_view& r, const imds_config& c) {
    if (r.status == 200) {
        auto t = parse_imds_token_response(r);
        if (!t) return std::unexpected(std::move(t.error()));
        return std::optional<secret_string>(std::move(*t));
    }
    if (r.status == 400) return detail::endpoint_reply_error(r, "the instance metadata token endpoint", {}, {});
    if (c.v1_disabled) return detail::imds_v1_disabled_error("the token PUT answered HTTP " + std::to_string(r.status));
    return std::optional<secret_string>();
}

/// When the token PUT got no reply (a timeout, a refused connection, after
/// the caller's attempts): botocore falls back to IMDSv1 (std::nullopt: send
/// steps 2 and 3 without a token), unless `c.v1_disabled` (an error).
inline std::expected<std::optional<secret_string>, error> imds_token_after_no_reply(const imds_config& c) {
    if (c.v1_disabled) return detail::imds_v1_disabled_error("the token PUT got no reply");
    return std::optional<secret_string>();
}

/// Step 2: GET /latest/meta-data/iam/security-credentials/ (the role name).
inline std::expected<http_request, error> build_imds_role_request(const imds_config& c, const secret_string& token) {
    auto r = detail::imds_request(c, "GET", "/latest/meta-data/iam/security-credentials/");
    if (r) r->headers.push_back({std::string(imds_token_header), std::string(token.view())});
    return r;
}

/// Step 2 with the outcome of parse_imds_token_response_or_fallback():
/// without a token (IMDSv1) the request has no token header.
inline std::expected<http_request, error> build_imds_role_request(const imds_config& c,
                                                                  const std::optional<secret_string>& token) {
    if (token) return build_imds_role_request(c, *token);
    return detail::imds_request(c, "GET", "/latest/meta-data/iam/security-credentials/");
}

/// The reply to step 2: the first line of the body. 404: the instance has
/// no IAM role; 401: the token expired (get a new one, step 1).
inline std::expected<std::string, error> parse_imds_role_response(const http_response_view& r) {
    if (r.status == 404)
        return detail::source_error("the EC2 instance has no IAM role (instance metadata answered HTTP 404)");
    if (r.status != 200) return detail::endpoint_reply_error(r, "the instance metadata role endpoint", {}, {});
    std::string_view name = r.body.substr(0, r.body.find('\n'));
    while (!name.empty() && (name.back() == '\r' || name.back() == ' ')) name.remove_suffix(1);
    if (name.empty() || name.size() > 128 || name.find('/') != std::string_view::npos)
        return detail::source_error("the instance metadata role reply is not a role name");
    return std::string(name);
}

/// Step 3: GET /latest/meta-data/iam/security-credentials/{role}.
inline std::expected<http_request, error> build_imds_credentials_request(const imds_config& c,
                                                                         const secret_string& token,
                                                                         std::string_view role) {
    std::string path = "/latest/meta-data/iam/security-credentials/";
    detail::percent_encode_append(path, role);
    auto r = detail::imds_request(c, "GET", std::move(path));
    if (r) r->headers.push_back({std::string(imds_token_header), std::string(token.view())});
    return r;
}

/// Step 3 with the outcome of parse_imds_token_response_or_fallback():
/// without a token (IMDSv1) the request has no token header.
inline std::expected<http_request, error> build_imds_credentials_request(const imds_config& c,
                                                                         const std::optional<secret_string>& token,
                                                                         std::string_view role) {
    if (token) return build_imds_credentials_request(c, *token, role);
    std::string path = "/latest/meta-data/iam/security-credentials/";
    detail::percent_encode_append(path, role);
    return detail::imds_request(c, "GET", std::move(path));
}

/// The reply to step 3: `Code` "Success", `AccessKeyId`, `SecretAccessKey`,
/// `Token`, `Expiration`. Another `Code` is an error naming it.
inline std::expected<credentials, error> parse_imds_credentials_response(const http_response_view& r) {
    const std::string what = "the instance metadata credentials endpoint";
    if (r.status != 200) return detail::endpoint_reply_error(r, what, {}, {});
    std::optional<std::expected<credentials, error>> result;
    if (!detail::with_json_object(r.body, [&](const boost::json::object& o) {
            const auto code = detail::json_string(o, "Code");
            if (code && *code != "Success") {
                result = detail::source_error(what + ": Code is " + std::string(*code) + ", not Success");
                return;
            }
            result = detail::read_credential_members(o, {"AccessKeyId", "SecretAccessKey", "Token", "Expiration"},
                                                     true, true, what);
        }))
        return detail::source_error(what + ": the reply is not a JSON object");
    return std::move(*result);
}

// ------------------------------------------------------------ IAM Identity Center (SSO)

/// The SSO settings of a profile, resolved from its `sso_session` section
/// (or the legacy keys in the profile itself).
struct sso_config {
    std::string session_name; ///< the `[sso-session NAME]`; "" for a legacy profile
    std::string start_url;    ///< sso_start_url
    std::string region;       ///< sso_region: the portal's region
    std::string account_id;   ///< sso_account_id
    std::string role_name;    ///< sso_role_name
    /// use_fips_endpoint / use_dualstack_endpoint of the settings: the
    /// portal and OIDC hosts' variants (their rule sets; botocore's sso and
    /// sso-oidc clients read the same settings).
    bool use_fips = false;
    bool use_dual_stack = false; ///< see use_fips
    /// A configured endpoint URL of the portal (AWS_ENDPOINT_URL_SSO,
    /// services section `sso`, ...; scheme://host[:port]); FIPS and
    /// dual-stack do not apply to it.
    std::optional<std::string> portal_endpoint_url{};
    /// A configured endpoint URL of the OIDC service (AWS_ENDPOINT_URL_SSO_OIDC,
    /// services section `sso_oidc`, ...), as portal_endpoint_url.
    std::optional<std::string> oidc_endpoint_url{};
};

namespace detail {
/// The host of an IAM Identity Center endpoint by the sso / sso-oidc rule
/// sets (2019-06-10 endpoint-rule-set-1.json), which have the same shape:
/// FIPS and dual-stack → {fips_prefix}.{region}.{dualStackDnsSuffix}; FIPS
/// → {prefix}.{region}.amazonaws.com in aws-us-gov, else
/// {fips_prefix}.{region}.{dnsSuffix}; dual-stack →
/// {prefix}.{region}.{dualStackDnsSuffix}; else {prefix}.{region}.{dnsSuffix}.
/// A partition without the variant is an error. With `endpoint_url` set:
/// its scheme and host (the variants do not apply).
inline std::expected<void, error> sso_location(http_request& r, std::string_view prefix, std::string_view fips_prefix,
                                               const sso_config& sso, const std::optional<std::string>& endpoint_url) {
    if (endpoint_url) {
        const std::string_view url = *endpoint_url;
        const auto sep = url.find("://");
        if (sep == std::string_view::npos) return source_error("the endpoint URL '" + *endpoint_url + "' has no scheme");
        r.scheme.assign(url.substr(0, sep));
        if (r.scheme != "http" && r.scheme != "https")
            return source_error("the endpoint URL '" + *endpoint_url + "' is not http(s)");
        std::string_view host = url.substr(sep + 3);
        host = host.substr(0, host.find('/'));
        if (host.empty() || has_crlf(host)) return source_error("the endpoint URL '" + *endpoint_url + "' has no host");
        r.host.assign(host);
        return {};
    }
    if (!is_valid_region(sso.region)) return source_error("sso_region '" + sso.region + "' is not a valid region name");
    const auto out = find_partition(sso.region).outputs;
    r.scheme = "https";
    if (sso.use_fips && sso.use_dual_stack) {
        if (!out.supports_fips || !out.supports_dual_stack)
            return source_error("FIPS and dual-stack are enabled, but the partition of sso_region '" + sso.region +
                                "' does not support one or both");
        r.host.assign(fips_prefix).append(1, '.').append(sso.region).append(1, '.').append(out.dual_stack_dns_suffix);
    } else if (sso.use_fips) {
        if (!out.supports_fips)
            return source_error("FIPS is enabled, but the partition of sso_region '" + sso.region +
                                "' does not support FIPS");
        if (out.name == "aws-us-gov") r.host.assign(prefix).append(1, '.').append(sso.region).append(".amazonaws.com");
        else r.host.assign(fips_prefix).append(1, '.').append(sso.region).append(1, '.').append(out.dns_suffix);
    } else if (sso.use_dual_stack) {
        if (!out.supports_dual_stack)
            return source_error("dual-stack is enabled, but the partition of sso_region '" + sso.region +
                                "' does not support dual-stack");
        r.host.assign(prefix).append(1, '.').append(sso.region).append(1, '.').append(out.dual_stack_dns_suffix);
    } else {
        r.host.assign(prefix).append(1, '.').append(sso.region).append(1, '.').append(out.dns_suffix);
    }
    return {};
}
} // namespace detail

/// The cached access token, from the JSON file the AWS CLI's `aws sso login`
/// writes (~/.aws/sso/cache/*.json; the caller finds and reads it). The
/// refresh members are there when the login registered a client that may
/// refresh (sso-session logins with the `sso:account:access` scope do).
struct sso_token {
    secret_string access_token;            ///< accessToken
    std::chrono::sys_seconds expires_at{}; ///< expiresAt
    std::optional<secret_string> refresh_token{};                    ///< refreshToken
    std::optional<std::string> client_id{};                          ///< clientId (of the registered OIDC client)
    std::optional<secret_string> client_secret{};                    ///< clientSecret
    std::optional<std::chrono::sys_seconds> registration_expires_at{}; ///< registrationExpiresAt

    /// All four refresh members are present (botocore's
    /// SSOTokenProvider._refresh_access_token checks the same keys).
    bool can_refresh() const noexcept {
        return refresh_token && !refresh_token->empty() && client_id && !client_id->empty() && client_secret &&
               !client_secret->empty() && registration_expires_at;
    }
};

/// The file name of the SSO token cache entry the AWS CLI's `aws sso login`
/// writes under ~/.aws/sso/cache/: the SHA-1 hex of the sso-session name,
/// or of the start URL for a legacy profile without sso_session, plus
/// ".json" (the reference guide's "IAM Identity Center credential provider";
/// botocore's SSOTokenProvider and SSOCredentialFetcher use the same keys).
inline std::string sso_token_cache_file_name(const sso_config& sso) {
    return detail::sha1_hex(sso.session_name.empty() ? sso.start_url : sso.session_name) + ".json";
}

namespace detail {
inline std::string sso_token_what(const sso_config& sso) {
    return "the cached SSO token of " +
           (sso.session_name.empty() ? "the start URL " + sso.start_url : "sso-session '" + sso.session_name + "'");
}

inline std::unexpected<error> sso_login_error(const sso_config& sso, std::string what) {
    return source_error(std::move(what) + "; run 'aws sso login" +
                        (sso.session_name.empty() ? std::string() : " --sso-session " + sso.session_name) + "'");
}
} // namespace detail

/// Reads a cached SSO token file, expired or not (for the refresh flow:
/// advise_sso_token() says what to do with it): accessToken and expiresAt
/// (required), refreshToken, clientId, clientSecret, registrationExpiresAt
/// (optional; a registrationExpiresAt that is not a time is an error).
/// Errors name the SSO session. The text is read during the call only.
inline std::expected<sso_token, error> parse_sso_token_cache(std::string_view json, const sso_config& sso) {
    const std::string what = detail::sso_token_what(sso);
    std::optional<std::expected<sso_token, error>> result;
    if (!detail::with_json_object(json, [&](const boost::json::object& o) {
            const auto token = detail::json_string(o, "accessToken");
            const auto expires = detail::json_string(o, "expiresAt");
            if (!token || token->empty()) {
                result = detail::source_error(what + " has no accessToken");
                return;
            }
            const auto t = expires ? detail::parse_iso8601(*expires) : std::nullopt;
            if (!t) {
                result = detail::source_error(what + " has no valid expiresAt");
                return;
            }
            sso_token out{secret_string(*token), *t, {}, {}, {}, {}};
            if (auto v = detail::json_string(o, "refreshToken")) out.refresh_token = secret_string(*v);
            if (auto v = detail::json_string(o, "clientId")) out.client_id = std::string(*v);
            if (auto v = detail::json_string(o, "clientSecret")) out.client_secret = secret_string(*v);
            if (auto v = detail::json_string(o, "registrationExpiresAt")) {
                out.registration_expires_at = detail::parse_iso8601(*v);
                if (!out.registration_expires_at) {
                    result = detail::source_error(what + " has no valid registrationExpiresAt");
                    return;
                }
            }
            result = std::move(out);
        }))
        return detail::source_error(what + " is not a JSON object");
    return std::move(*result);
}

/// Reads a cached SSO token file and checks it is not expired at `now`
/// (no refresh). Errors name the SSO session and say to run `aws sso login`.
inline std::expected<sso_token, error> parse_sso_cached_token(std::string_view json, const sso_config& sso,
                                                              std::chrono::sys_seconds now) {
    auto t = parse_sso_token_cache(json, sso);
    if (!t) return t;
    if (t->expires_at <= now)
        return detail::sso_login_error(sso, detail::sso_token_what(sso) + " expired at " +
                                                detail::format_iso8601(t->expires_at));
    return t;
}

// ------------------------------------------------------------ SSO token refresh

/// What to do with a cached SSO token (botocore's SSOTokenProvider._refresher).
enum class sso_token_action {
    use,     ///< more than 15 minutes left, or a refresh is impossible but the token still valid
    refresh, ///< less than 15 minutes left and the cache can refresh: send build_sso_create_token_request()
};

/// botocore refreshes a cached SSO token 15 minutes before it expires
/// (SSOTokenProvider._REFRESH_WINDOW).
inline constexpr std::chrono::seconds sso_token_refresh_window{15 * 60};

/// The refresh policy of an sso-session token at `now`: refresh when less
/// than sso_token_refresh_window is left and the cache holds refreshToken,
/// clientId, clientSecret and a registrationExpiresAt still in the future;
/// else use it while it is valid. An expired token that cannot be refreshed
/// is an error that says to run `aws sso login` (botocore: "Token has
/// expired and refresh failed"). Legacy profiles (no sso_session) never
/// refresh in botocore: pass `sso.session_name` empty and a token within the
/// window is used as it is. After a failed refresh (an error from the
/// CreateToken reply), call this again with the old token and
/// `refresh_failed = true`: the token is used while still valid.
inline std::expected<sso_token_action, error> advise_sso_token(const sso_token& t, const sso_config& sso,
                                                               std::chrono::sys_seconds now,
                                                               bool refresh_failed = false) {
    const bool within_window = t.expires_at - now < sso_token_refresh_window;
    const bool registration_valid = t.registration_expires_at && *t.registration_expires_at > now;
    if (within_window && !refresh_failed && !sso.session_name.empty() && t.can_refresh() && registration_valid)
        return sso_token_action::refresh;
    if (t.expires_at > now) return sso_token_action::use;
    std::string why = detail::sso_token_what(sso) + " expired at " + detail::format_iso8601(t.expires_at);
    if (refresh_failed) why += " and its refresh failed";
    else if (sso.session_name.empty()) why += " (a profile without sso_session cannot refresh it)";
    else if (!t.can_refresh()) why += " and the cache has no refresh token";
    else why += " and its client registration expired";
    return detail::sso_login_error(sso, std::move(why));
}

namespace detail {
/// Appends `v` as a JSON string (RFC 8259 section 7).
inline void json_quote_append(std::string& out, std::string_view v) {
    constexpr char hex[] = "0123456789abcdef";
    out.push_back('"');
    for (const char ch : v) {
        const auto c = static_cast<unsigned char>(ch);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(ch);
        } else if (c < 0x20) {
            out.append("\\u00");
            out.push_back(hex[c >> 4]);
            out.push_back(hex[c & 15]);
        } else {
            out.push_back(ch);
        }
    }
    out.push_back('"');
}
} // namespace detail

/// CreateToken of the IAM Identity Center OIDC service with the refresh-token
/// grant (SSO OIDC API reference, CreateToken; restJson1, unsigned like
/// botocore's UNSIGNED sso-oidc client): POST https://oidc.{sso_region}.{dnsSuffix}/token
/// (the host by the sso-oidc rule set, detail::sso_location: oidc-fips...
/// with FIPS, the dual-stack suffix, or `sso.oidc_endpoint_url`),
/// `Content-Type: application/json`, body
/// `{"clientId":..,"clientSecret":..,"grantType":"refresh_token","refreshToken":..}`.
/// Errors: a token without the refresh members, a bad sso_region. The body
/// holds the client secret and the refresh token; http_request::body is a
/// plain std::string: wipe it (chime_voice::wipe) after sending.
inline std::expected<http_request, error> build_sso_create_token_request(const sso_config& sso, const sso_token& t) {
    if (!t.can_refresh()) return detail::source_error(detail::sso_token_what(sso) + " has no refresh token");
    http_request r;
    r.method = "POST";
    if (auto e = detail::sso_location(r, "oidc", "oidc-fips", sso, sso.oidc_endpoint_url); !e)
        return std::unexpected(std::move(e.error()));
    r.path = "/token";
    r.headers.push_back({"host", r.host});
    r.headers.push_back({"content-type", "application/json"});
    std::string body;
    body.reserve(96 + t.client_id->size() + t.client_secret->view().size() * 2 + t.refresh_token->view().size() * 2);
    body.append("{\"clientId\":");
    detail::json_quote_append(body, *t.client_id);
    body.append(",\"clientSecret\":");
    detail::json_quote_append(body, t.client_secret->view());
    body.append(",\"grantType\":\"refresh_token\",\"refreshToken\":");
    detail::json_quote_append(body, t.refresh_token->view());
    body.push_back('}');
    r.body = std::move(body);
    return r;
}

/// Reads CreateToken's reply into the refreshed token, as botocore's
/// _attempt_create_token builds it: accessToken, expiresAt = `now` +
/// expiresIn (seconds), the new refreshToken if the reply has one (else the
/// old one), clientId, clientSecret and registrationExpiresAt kept from
/// `old`. Errors: restJson1 with the OIDC error members (`x-amzn-ErrorType`
/// or `__type`, e.g. InvalidGrantException, ExpiredTokenException,
/// InvalidClientException; `error` and `error_description` in the body),
/// category `service`; a 2xx reply without accessToken or a positive
/// expiresIn is `malformed_response`-like (`credentials`). The body is
/// read during the call only.
inline std::expected<sso_token, error> parse_sso_create_token_response(const http_response_view& r,
                                                                        const sso_token& old,
                                                                        std::chrono::sys_seconds now) {
    const std::string what = "the SSO OIDC service (CreateToken)";
    if (r.status < 200 || r.status > 299) {
        std::string code(r.find_header("x-amzn-errortype").value_or(""));
        std::string message;
        detail::with_json_object(r.body, [&](const boost::json::object& o) {
            if (code.empty()) code = std::string(detail::json_string(o, "__type").value_or(""));
            const auto err = detail::json_string(o, "error");
            const auto desc = detail::json_string(o, "error_description");
            if (err) message = std::string(*err);
            if (desc) message += (message.empty() ? "" : ": ") + std::string(*desc);
        });
        code = code.substr(0, code.find(':'));
        if (const auto hash = code.rfind('#'); hash != std::string::npos) code = code.substr(hash + 1);
        return detail::endpoint_reply_error(r, what, std::move(code), std::move(message));
    }
    std::optional<std::expected<sso_token, error>> result;
    if (!detail::with_json_object(r.body, [&](const boost::json::object& o) {
            const auto token = detail::json_string(o, "accessToken");
            auto exp = o.find("expiresIn");
            boost::system::error_code ec;
            std::int64_t seconds = 0;
            if (exp != o.end() && exp->value().is_number()) seconds = exp->value().to_number<std::int64_t>(ec);
            if (!token || token->empty()) {
                result = detail::source_error(what + ": the reply has no accessToken");
                return;
            }
            if (exp == o.end() || ec || seconds <= 0 || seconds > 366LL * 24 * 3600) {
                result = detail::source_error(what + ": the reply has no valid expiresIn");
                return;
            }
            sso_token out{secret_string(*token), now + std::chrono::seconds{seconds}, old.refresh_token, old.client_id,
                          old.client_secret, old.registration_expires_at};
            if (auto v = detail::json_string(o, "refreshToken"); v && !v->empty()) out.refresh_token = secret_string(*v);
            result = std::move(out);
        }))
        return detail::source_error(what + ": the reply is not a JSON object");
    return std::move(*result);
}

/// The cache file's new text after a refresh, for the caller to write back
/// to ~/.aws/sso/cache/{sso_token_cache_file_name()} (botocore's
/// save_token): startUrl, region, accessToken, expiresAt, clientId,
/// clientSecret, registrationExpiresAt, refreshToken, times in ISO 8601
/// UTC. A secret_string: it holds the tokens.
inline secret_string serialize_sso_token_cache(const sso_token& t, const sso_config& sso) {
    std::string out;
    out.reserve(256 + sso.start_url.size() + t.access_token.view().size() * 2 +
                (t.refresh_token ? t.refresh_token->view().size() * 2 : 0) + (t.client_secret ? t.client_secret->view().size() * 2 : 0) +
                (t.client_id ? t.client_id->size() * 2 : 0));
    auto member = [&](std::string_view name, std::string_view value) {
        out.push_back(out.empty() ? '{' : ',');
        detail::json_quote_append(out, name);
        out.push_back(':');
        detail::json_quote_append(out, value);
    };
    member("startUrl", sso.start_url);
    member("region", sso.region);
    member("accessToken", t.access_token.view());
    member("expiresAt", detail::format_iso8601(t.expires_at));
    if (t.client_id) member("clientId", *t.client_id);
    if (t.client_secret) member("clientSecret", t.client_secret->view());
    if (t.registration_expires_at) member("registrationExpiresAt", detail::format_iso8601(*t.registration_expires_at));
    if (t.refresh_token) member("refreshToken", t.refresh_token->view());
    out.push_back('}');
    return secret_string(std::move(out));
}

/// The header that carries the SSO bearer token (portal API; a secret).
inline constexpr std::string_view sso_bearer_token_header = "x-amz-sso_bearer_token";

/// GetRoleCredentials: GET https://portal.sso.{region}.{dnsSuffix}/federation/credentials
/// ?account_id=..&role_name=.. with the bearer token header (unsigned). The
/// host follows the sso rule set (detail::sso_location: portal.sso-fips...
/// with FIPS, the dual-stack suffix, or `sso.portal_endpoint_url`).
inline std::expected<http_request, error> build_sso_role_credentials_request(const sso_config& sso,
                                                                             const sso_token& token) {
    if (sso.account_id.empty() || sso.role_name.empty())
        return detail::source_error("SSO needs sso_account_id and sso_role_name");
    if (detail::has_crlf(token.access_token)) return detail::source_error("the SSO access token contains a line break");
    http_request r;
    r.method = "GET";
    if (auto e = detail::sso_location(r, "portal.sso", "portal.sso-fips", sso, sso.portal_endpoint_url); !e)
        return std::unexpected(std::move(e.error()));
    r.path = "/federation/credentials";
    r.query = "account_id=";
    detail::percent_encode_append(r.query, sso.account_id);
    r.query += "&role_name=";
    detail::percent_encode_append(r.query, sso.role_name);
    r.headers.push_back({"host", r.host});
    r.headers.push_back({std::string(sso_bearer_token_header), std::string(token.access_token.view())});
    return r;
}

/// Reads GetRoleCredentials' reply: `roleCredentials` with `accessKeyId`,
/// `secretAccessKey`, `sessionToken` and `expiration` (milliseconds since
/// the epoch). Errors: restJson1 (`x-amzn-ErrorType`: UnauthorizedException
/// = the token expired or was revoked, run `aws sso login`;
/// TooManyRequestsException; ResourceNotFoundException; InvalidRequestException).
inline std::expected<credentials, error> parse_sso_role_credentials_response(const http_response_view& r) {
    const std::string what = "the SSO portal (GetRoleCredentials)";
    if (r.status != 200) {
        std::string code(r.find_header("x-amzn-errortype").value_or(""));
        code = code.substr(0, code.find(':'));
        std::string message;
        detail::with_json_object(r.body, [&](const boost::json::object& o) {
            message = std::string(detail::json_string(o, "message").value_or(detail::json_string(o, "Message").value_or("")));
        });
        if (code == "UnauthorizedException") message += " (run 'aws sso login')";
        return detail::endpoint_reply_error(r, what, std::move(code), std::move(message));
    }
    std::optional<std::expected<credentials, error>> result;
    if (!detail::with_json_object(r.body, [&](const boost::json::object& o) {
            auto rc = o.find("roleCredentials");
            if (rc == o.end() || !rc->value().is_object()) {
                result = detail::source_error(what + ": no roleCredentials object");
                return;
            }
            const auto& c = rc->value().get_object();
            const auto id = detail::json_string(c, "accessKeyId");
            const auto secret = detail::json_string(c, "secretAccessKey");
            const auto token = detail::json_string(c, "sessionToken");
            auto exp = c.find("expiration");
            if (!id || id->empty() || !secret || secret->empty() || !token || token->empty()) {
                result = detail::source_error(what + ": roleCredentials lacks accessKeyId, secretAccessKey or sessionToken");
                return;
            }
            boost::system::error_code ec;
            std::int64_t ms = 0;
            if (exp != c.end() && exp->value().is_number()) ms = exp->value().to_number<std::int64_t>(ec);
            if (exp == c.end() || ec || ms <= 0) {
                result = detail::source_error(what + ": roleCredentials has no valid expiration");
                return;
            }
            result = credentials(std::string(*id), secret_string(*secret), secret_string(*token),
                                 std::chrono::sys_seconds{std::chrono::seconds{ms / 1000}});
        }))
        return detail::source_error(what + ": the reply is not a JSON object");
    return std::move(*result);
}

} // namespace chime_voice

#endif
