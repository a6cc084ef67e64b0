// SPDX-License-Identifier: BSL-1.0
// chime_voice/sts.hpp — the two AWS STS calls of the credential chain, as
// pure functions: AssumeRole (SigV4-signed with the library's signer) and
// AssumeRoleWithWebIdentity (unsigned), and the readers of their XML
// responses and of STS error documents.
//
// Protocol: STS speaks awsQuery (Smithy `aws.protocols#awsQuery`): a
// form-encoded POST of `Action`, `Version=2011-06-15` and the members, an
// XML response `<{Action}Response><{Action}Result>...` and errors as
// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/>`.
// Members and limits: the STS API reference (AssumeRole,
// AssumeRoleWithWebIdentity). The endpoint is the regional one the SDKs
// pick (`sts_regional_endpoints = regional`, the default of current SDKs):
// https://sts.{region}.{dnsSuffix}, https://sts-fips.{region}.{dnsSuffix}
// with FIPS; without a region the global https://sts.amazonaws.com, signed
// for us-east-1.
//
// No I/O, no clock: the signing time is a parameter. Nothing throws on bad
// input (std::bad_alloc aside).
#ifndef CHIME_VOICE_STS_HPP
#define CHIME_VOICE_STS_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/iso8601.hpp>
#include <chime_voice/detail/percent_encoding.hpp>
#include <chime_voice/detail/xml.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/secret.hpp>
#include <chime_voice/sigv4.hpp>

#include <chrono>
#include <cstdint>
#include <expected>
#include <optional>
#include <string>
#include <string_view>

namespace chime_voice {

/// Where and when an STS request is made.
struct sts_request_options {
    /// The region whose regional endpoint to use ("" = the global endpoint).
    std::string region;
    /// Use the FIPS endpoint (sts-fips.{region}...; sts.{region}.amazonaws.com in aws-us-gov).
    bool use_fips = false;
    /// Use the dual-stack endpoint (sts.{region}.{dualStackDnsSuffix}, e.g. api.aws).
    bool use_dual_stack = false;
    /// The rule set's AWS::STS::UseGlobalEndpoint, true under
    /// `sts_regional_endpoints = legacy` (AWS_STS_REGIONAL_ENDPOINTS): the
    /// regions of legacy_global_sts_regions use https://sts.amazonaws.com,
    /// signed for us-east-1. False (regional) is the default of current SDKs
    /// (botocore 1.43; Debian 12's botocore 1.29 defaulted to legacy).
    bool use_global_endpoint = false;
    /// Send to this URL instead (e.g. AWS_ENDPOINT_URL_STS, a test server):
    /// scheme://host[:port], no path. Signed for `region` (us-east-1 when empty).
    std::optional<std::string> endpoint_url;
    /// Signing time (UTC), from the caller's clock.
    std::chrono::sys_seconds time{};
};

/// The members of AssumeRole the shared config file can set (SDKs and Tools
/// reference guide, "Assume role credential provider").
struct assume_role_params {
    std::string role_arn;                         ///< RoleArn (role_arn)
    std::string role_session_name;                ///< RoleSessionName (role_session_name; 2-64 letters, digits or _+=,.@-)
    std::optional<std::string> external_id;       ///< ExternalId (external_id)
    std::optional<std::int32_t> duration_seconds; ///< DurationSeconds (duration_seconds; 900..43200)
    std::optional<std::string> mfa_serial;        ///< SerialNumber (mfa_serial)
    std::optional<secret_string> token_code;      ///< TokenCode: the MFA code the caller asked the user for
};

/// The members of AssumeRoleWithWebIdentity ("Assume role with web identity").
struct web_identity_params {
    std::string role_arn;                         ///< RoleArn (role_arn / AWS_ROLE_ARN)
    std::string role_session_name;                ///< RoleSessionName (role_session_name / AWS_ROLE_SESSION_NAME)
    secret_string web_identity_token;             ///< the text of web_identity_token_file, read by the caller
    std::optional<std::int32_t> duration_seconds; ///< DurationSeconds
};

/// What an STS credentials response holds besides the credentials.
struct sts_credentials_result {
    credentials creds;            ///< with `expiration` set
    std::string assumed_role_arn; ///< AssumedRoleUser/Arn
    std::string request_id;       ///< ResponseMetadata/RequestId
};

namespace detail {

inline std::unexpected<error> sts_request_error(std::string msg) {
    return std::unexpected(error::make(error_category::credentials, std::move(msg)));
}

/// RoleSessionName: 2..64 letters, digits or _+=,.@- (STS API reference).
constexpr bool valid_role_session_name(std::string_view s) noexcept {
    if (s.size() < 2 || s.size() > 64) return false;
    for (char c : s) {
        const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                        c == '+' || c == '=' || c == ',' || c == '.' || c == '@' || c == '-';
        if (!ok) return false;
    }
    return true;
}

inline void append_form_param(std::string& body, std::string_view name, std::string_view value) {
    if (!body.empty()) body.push_back('&');
    body.append(name).push_back('=');
    percent_encode_append(body, value);
}

/// The regions whose STS requests go to the global endpoint
/// https://sts.amazonaws.com under `sts_regional_endpoints = legacy`: the
/// STS rule set's UseGlobalEndpoint branch (botocore's
/// LEGACY_GLOBAL_STS_REGIONS is the same list), sorted.
inline constexpr std::string_view legacy_global_sts_regions[] = {
    "ap-northeast-1", "ap-south-1", "ap-southeast-1", "ap-southeast-2", "aws-global", "ca-central-1",
    "eu-central-1",   "eu-north-1", "eu-west-1",      "eu-west-2",      "eu-west-3",  "sa-east-1",
    "us-east-1",      "us-east-2",  "us-west-1",      "us-west-2",
};

constexpr bool is_legacy_global_sts_region(std::string_view region) noexcept {
    for (std::string_view r : legacy_global_sts_regions)
        if (r == region) return true;
    return false;
}

/// The STS host and signing region for the options: the STS endpoint rule
/// set (endpoint-rule-set-1.json of sts 2011-06-15, as botocore ships it),
/// in its order: UseGlobalEndpoint for a legacy region with neither FIPS nor
/// dual-stack → sts.amazonaws.com signed for us-east-1; FIPS and dual-stack
/// → sts-fips.{region}.{dualStackDnsSuffix}; FIPS → sts.{region}.amazonaws.com
/// in aws-us-gov (its STS endpoints are FIPS), else sts-fips.{region}.{dnsSuffix};
/// dual-stack → sts.{region}.{dualStackDnsSuffix}; aws-global →
/// sts.amazonaws.com; else sts.{region}.{dnsSuffix}. A partition without
/// FIPS or dual-stack support is an error. With an endpoint URL, FIPS and
/// dual-stack do not apply (the URL names the host, as for the service's
/// own endpoint in settings.hpp).
inline std::expected<std::pair<std::string, std::string>, error> sts_location(const sts_request_options& o,
                                                                           std::string& scheme) {
    scheme = "https";
    // aws-global is signed for us-east-1 whichever host it resolves to (botocore).
    const std::string signing_region =
        o.region.empty() || o.region == "aws-global" ? std::string("us-east-1") : o.region;
    if (o.endpoint_url) {
        const std::string_view url = *o.endpoint_url;
        const auto sep = url.find("://");
        if (sep == std::string_view::npos) return sts_request_error("the STS endpoint URL has no scheme");
        scheme.assign(url.substr(0, sep));
        if (scheme != "http" && scheme != "https") return sts_request_error("the STS endpoint URL is not http(s)");
        std::string_view host = url.substr(sep + 3);
        if (const auto slash = host.find('/'); slash != std::string_view::npos) host = host.substr(0, slash);
        if (host.empty()) return sts_request_error("the STS endpoint URL has no host");
        return std::pair{std::string(host), signing_region};
    }
    if (o.region.empty()) {
        if (o.use_fips) return std::pair{std::string("sts-fips.us-east-1.amazonaws.com"), signing_region};
        return std::pair{std::string("sts.amazonaws.com"), signing_region};
    }
    if (!is_valid_region(o.region))
        return sts_request_error("the region '" + o.region + "' is not a valid region name for STS");
    const bool plain = !o.use_fips && !o.use_dual_stack;
    if ((plain && o.use_global_endpoint && is_legacy_global_sts_region(o.region)) ||
        (plain && o.region == "aws-global"))
        return std::pair{std::string("sts.amazonaws.com"), std::string("us-east-1")};
    const auto out = find_partition(o.region).outputs;
    std::string host;
    if (o.use_fips && o.use_dual_stack) {
        if (!out.supports_fips || !out.supports_dual_stack)
            return sts_request_error("FIPS and dual-stack are enabled, but the partition of '" + o.region +
                                     "' does not support one or both for STS");
        host.append("sts-fips.").append(o.region).append(1, '.').append(out.dual_stack_dns_suffix);
    } else if (o.use_fips) {
        if (!out.supports_fips)
            return sts_request_error("FIPS is enabled, but the partition of '" + o.region + "' does not support FIPS");
        if (out.name == "aws-us-gov") host.append("sts.").append(o.region).append(".amazonaws.com");
        else host.append("sts-fips.").append(o.region).append(1, '.').append(out.dns_suffix);
    } else if (o.use_dual_stack) {
        if (!out.supports_dual_stack)
            return sts_request_error("dual-stack is enabled, but the partition of '" + o.region +
                                     "' does not support dual-stack");
        host.append("sts.").append(o.region).append(1, '.').append(out.dual_stack_dns_suffix);
    } else {
        host.append("sts.").append(o.region).append(1, '.').append(out.dns_suffix);
    }
    return std::pair{std::move(host), signing_region};
}

inline std::expected<http_request, error> sts_post(std::string body, const sts_request_options& o) {
    http_request r;
    auto loc = sts_location(o, r.scheme);
    if (!loc) return std::unexpected(std::move(loc.error()));
    r.method = "POST";
    r.host = std::move(loc->first);
    r.path = "/";
    r.headers.push_back({"host", r.host});
    r.headers.push_back({"content-type", "application/x-www-form-urlencoded; charset=utf-8"});
    r.body = std::move(body);
    r.signing = signing_scope{std::move(loc->second), "sts"};
    return r;
}

inline std::expected<void, error> check_duration(std::optional<std::int32_t> d) {
    if (d && (*d < 900 || *d > 43200))
        return sts_request_error("duration_seconds must be from 900 to 43200, not " + std::to_string(*d));
    return {};
}

/// Reads a `<{Action}Response>` credentials document or an error document.
inline std::expected<sts_credentials_result, error> parse_sts_credentials(const http_response_view& r,
                                                                         std::string_view action) {
    std::string response_name(action), result_name(action);
    response_name += "Response";
    result_name += "Result";
    sts_credentials_result out;
    std::string type, code, message, request_id, scratch, expiration;
    bool have_id = false, have_secret = false, have_token = false, decode_ok = true;
    const bool is_error_doc = r.status < 200 || r.status >= 300;
    const bool parsed = scan_xml(r.body, [&](const xml_path& p, std::string_view raw) {
        auto decode = [&](std::string& into) {
            if (!decode_xml_text(raw, into)) decode_ok = false;
        };
        if (p.size == 4 && p.names[0] == response_name && p.names[1] == result_name && p.names[2] == "Credentials") {
            const std::string_view leaf = p.names[3];
            if (leaf == "AccessKeyId") {
                decode(out.creds.access_key_id);
                have_id = true;
            } else if (leaf == "SecretAccessKey") {
                decode(scratch);
                out.creds.secret_access_key = secret_string(std::move(scratch)); // takes the buffer over
                scratch = std::string();
                have_secret = true;
            } else if (leaf == "SessionToken") {
                decode(scratch);
                out.creds.session_token = secret_string(std::move(scratch));
                scratch = std::string();
                have_token = true;
            } else if (leaf == "Expiration") {
                decode(expiration);
            }
        } else if (p.is({response_name, result_name, "AssumedRoleUser", "Arn"})) {
            decode(out.assumed_role_arn);
        } else if (p.is({response_name, "ResponseMetadata", "RequestId"}) || p.is({"ErrorResponse", "RequestId"})) {
            decode(request_id);
        } else if (p.is({"ErrorResponse", "Error", "Type"})) {
            decode(type);
        } else if (p.is({"ErrorResponse", "Error", "Code"})) {
            decode(code);
        } else if (p.is({"ErrorResponse", "Error", "Message"})) {
            decode(message);
        }
    });
    auto malformed = [&](std::string why) {
        error e = error::make(error_category::malformed_response, "STS " + std::string(action) + ": " + std::move(why));
        e.metadata.http_status = r.status;
        e.metadata.request_id = request_id;
        if (e.metadata.request_id.empty())
            if (auto h = r.find_header("x-amzn-requestid")) e.metadata.request_id = std::string(*h);
        e.body = std::string(r.body.substr(0, 4096));
        return std::unexpected(std::move(e));
    };
    if (!parsed || !decode_ok) {
        out.creds = credentials(); // wipe what was read
        if (is_error_doc) {
            error e = error::make(error_category::service, "STS " + std::string(action) + " failed with HTTP " +
                                                               std::to_string(r.status) + " and an unreadable body");
            e.kind = service_error_kind::unknown;
            e.fault = r.status >= 500 ? fault::server : fault::client;
            e.metadata.http_status = r.status;
            if (auto h = r.find_header("x-amzn-requestid")) e.metadata.request_id = std::string(*h);
            return std::unexpected(std::move(e));
        }
        return malformed("the body is not a well-formed XML document");
    }
    if (is_error_doc || !code.empty()) {
        out.creds = credentials();
        error e = error::make(error_category::service, "STS " + std::string(action) + ": " +
                                                           (code.empty() ? std::string("error") : code) +
                                                           (message.empty() ? std::string() : ": " + message));
        e.type = code;
        e.code_raw = code;
        e.kind = code.empty() ? service_error_kind::unknown : service_error_kind::unmodelled;
        // awsQuery: Type is "Sender" (client fault) or "Receiver" (server fault).
        e.fault = type == "Receiver" ? fault::server
                  : type == "Sender" ? fault::client
                  : (r.status >= 500 ? fault::server : fault::client);
        e.metadata.http_status = r.status;
        e.metadata.request_id = request_id;
        if (e.metadata.request_id.empty())
            if (auto h = r.find_header("x-amzn-requestid")) e.metadata.request_id = std::string(*h);
        return std::unexpected(std::move(e));
    }
    if (!have_id || out.creds.access_key_id.empty()) return malformed("no Credentials/AccessKeyId");
    if (!have_secret || out.creds.secret_access_key.empty()) {
        out.creds = credentials();
        return malformed("no Credentials/SecretAccessKey");
    }
    if (!have_token || out.creds.session_token.empty()) {
        out.creds = credentials();
        return malformed("no Credentials/SessionToken");
    }
    const auto exp = parse_iso8601(expiration);
    if (!exp) {
        out.creds = credentials();
        return malformed("Credentials/Expiration is not an ISO 8601 time");
    }
    out.creds.expiration = *exp;
    out.request_id = std::move(request_id);
    return out;
}

} // namespace detail

/// The default RoleSessionName when the profile sets none: botocore uses
/// "botocore-session-{unix time}"; we use "chime-voice-session-{unix time}"
/// of the signing time, which is unique per second and traceable in
/// CloudTrail. May throw std::bad_alloc.
inline std::string default_role_session_name(std::chrono::sys_seconds time) {
    return "chime-voice-session-" + std::to_string(time.time_since_epoch().count());
}

/// Builds the AssumeRole request (POST, form body) and signs it with
/// sigv4::sign() for service "sts", the endpoint's region and
/// `options.time`, using `source` (the credentials of the source profile or
/// credential_source). Errors (category `credentials`): an empty role ARN,
/// a bad RoleSessionName, a duration outside 900..43200, an mfa_serial
/// without a token code, a bad region; and whatever sign() refuses.
/// The MFA code is in the request body (which is a std::string, not wiped).
inline std::expected<http_request, error> build_assume_role_request(const assume_role_params& p,
                                                                    const credentials& source,
                                                                    const sts_request_options& options) {
    using namespace detail;
    if (p.role_arn.empty()) return sts_request_error("AssumeRole needs a role_arn");
    if (!valid_role_session_name(p.role_session_name))
        return sts_request_error("role_session_name '" + p.role_session_name +
                                 "' must be 2 to 64 characters of letters, digits and +=,.@_-");
    if (auto d = check_duration(p.duration_seconds); !d) return std::unexpected(std::move(d.error()));
    if (p.mfa_serial && (!p.token_code || p.token_code->empty()))
        return sts_request_error("mfa_serial " + *p.mfa_serial + " is set: AssumeRole needs the MFA token code");
    std::string body;
    append_form_param(body, "Action", "AssumeRole");
    append_form_param(body, "Version", "2011-06-15");
    append_form_param(body, "RoleArn", p.role_arn);
    append_form_param(body, "RoleSessionName", p.role_session_name);
    if (p.external_id) append_form_param(body, "ExternalId", *p.external_id);
    if (p.duration_seconds) append_form_param(body, "DurationSeconds", std::to_string(*p.duration_seconds));
    if (p.mfa_serial) {
        append_form_param(body, "SerialNumber", *p.mfa_serial);
        append_form_param(body, "TokenCode", *p.token_code);
    }
    auto req = sts_post(std::move(body), options);
    if (!req) return req;
    sigv4::signing_params sp;
    sp.region = req->signing.region;
    sp.service = "sts";
    sp.time = options.time;
    if (auto s = sigv4::sign(*req, source, sp); !s) return std::unexpected(std::move(s.error()));
    return req;
}

/// Builds the AssumeRoleWithWebIdentity request. It is not signed: the web
/// identity token is the proof (the operation's `@optionalAuth`; botocore
/// sends it unsigned too). The token is in the request body.
inline std::expected<http_request, error> build_assume_role_with_web_identity_request(const web_identity_params& p,
                                                                                      const sts_request_options& options) {
    using namespace detail;
    if (p.role_arn.empty()) return sts_request_error("AssumeRoleWithWebIdentity needs a role_arn");
    if (p.web_identity_token.empty()) return sts_request_error("the web identity token file is empty");
    if (!valid_role_session_name(p.role_session_name))
        return sts_request_error("role_session_name '" + p.role_session_name +
                                 "' must be 2 to 64 characters of letters, digits and +=,.@_-");
    if (auto d = check_duration(p.duration_seconds); !d) return std::unexpected(std::move(d.error()));
    std::string body;
    append_form_param(body, "Action", "AssumeRoleWithWebIdentity");
    append_form_param(body, "Version", "2011-06-15");
    append_form_param(body, "RoleArn", p.role_arn);
    append_form_param(body, "RoleSessionName", p.role_session_name);
    // The token file may end with a newline; the token itself never does.
    std::string_view token = p.web_identity_token;
    while (!token.empty() && (token.back() == '\n' || token.back() == '\r' || token.back() == ' ')) token.remove_suffix(1);
    append_form_param(body, "WebIdentityToken", token);
    if (p.duration_seconds) append_form_param(body, "DurationSeconds", std::to_string(*p.duration_seconds));
    return sts_post(std::move(body), options);
}

/// Reads the reply to build_assume_role_request(). Success (2xx):
/// `AssumeRoleResponse/AssumeRoleResult/Credentials` with AccessKeyId,
/// SecretAccessKey, SessionToken and Expiration (all required). Otherwise an
/// error: category `service` for an STS error document (type and code_raw =
/// `Code`, e.g. ExpiredToken, AccessDenied, Throttling; fault from `Type`,
/// request id), `malformed_response` for anything else. The body is read
/// during the call only.
inline std::expected<sts_credentials_result, error> parse_assume_role_response(const http_response_view& r) {
    return detail::parse_sts_credentials(r, "AssumeRole");
}

/// Reads the reply to build_assume_role_with_web_identity_request(), as
/// parse_assume_role_response() does (root AssumeRoleWithWebIdentityResponse).
inline std::expected<sts_credentials_result, error>
parse_assume_role_with_web_identity_response(const http_response_view& r) {
    return detail::parse_sts_credentials(r, "AssumeRoleWithWebIdentity");
}

} // namespace chime_voice

#endif
