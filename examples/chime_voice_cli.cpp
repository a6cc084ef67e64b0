// SPDX-License-Identifier: BSL-1.0
// chime-voice — call Amazon Chime SDK Voice BatchDeletePhoneNumber from the
// command line, with the chime_voice library and libcurl.
//
// This is where the I/O lives that the library leaves to its caller: the
// environment and the shared config/credentials files are read here, the
// clock and the random numbers are taken here, libcurl sends the bytes, and
// the library's retry strategy and clock-skew correction decide what happens
// after each attempt (every attempt is signed again, with the corrected clock).
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/client_config.hpp>
#include <chime_voice/clock_skew.hpp>
#include <chime_voice/credential_chain.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/profile.hpp>
#include <chime_voice/retry.hpp>
#include <chime_voice/settings.hpp>
#include <chime_voice/sigv4.hpp>
#include <chime_voice/sts.hpp>
#include <chime_voice/user_agent.hpp>

#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>

#include <curl/curl.h>

#include <charconv>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <expected>
#include <fstream>
#include <iostream>
#include <iterator>
#include <optional>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

namespace cv = chime_voice;
using namespace std::chrono_literals;

namespace {

constexpr int exit_ok = 0;
constexpr int exit_partial = 1;
constexpr int exit_failure = 2;
constexpr int exit_usage = 64;

constexpr std::string_view operation_name = "BatchDeletePhoneNumber";

// ----------------------------------------------------------------- usage

void print_help(std::ostream& os) {
    os << R"(usage: chime-voice [options] batch-delete-phone-number --phone-number-ids ID [ID ...]
       chime-voice [options] parse < captured-response.http
       chime-voice --help | --version

Amazon Chime SDK Voice BatchDeletePhoneNumber: moves the given phone numbers
to the deletion queue (they are deleted after 7 days). Numbers that cannot be
deleted are reported one by one (PhoneNumberErrors).

commands:
  batch-delete-phone-number   send the call (or print it, with --dry-run)
  parse                       read a raw HTTP/1.1 response from standard input and
                              print what the library makes of it (for captured traffic)

options:
  --phone-number-ids ID [ID ...]
                        the numbers to delete (E.164 numbers, e.g. +12065550100);
                        every argument up to the next option is an ID
  --region REGION       AWS region (else AWS_REGION, AWS_DEFAULT_REGION, the
                        profile's region in the config file)
  --endpoint URL        send to URL instead of the regional endpoint
                        (alias: --endpoint-url), e.g. http://127.0.0.1:8080; else
                        AWS_ENDPOINT_URL_CHIME_SDK_VOICE, AWS_ENDPOINT_URL, the
                        profile's services section (chime_sdk_voice = endpoint_url = URL),
                        the profile's endpoint_url (all but --endpoint switched off by
                        AWS_IGNORE_CONFIGURED_ENDPOINT_URLS / ignore_configured_endpoint_urls)
  --fips                use the FIPS endpoint (also AWS_USE_FIPS_ENDPOINT, use_fips_endpoint)
  --dual-stack          use the dual-stack endpoint (also AWS_USE_DUALSTACK_ENDPOINT,
                        use_dualstack_endpoint)
  --profile NAME        use this profile of the shared files (else AWS_PROFILE,
                        AWS_DEFAULT_PROFILE, else "default"); with --profile,
                        credentials in the environment are ignored, as the AWS CLI does
  --dry-run             print the signed HTTP/1.1 request and send nothing
  --output json|text    result format on standard output (default json)
  --max-attempts N      attempts including the first (else AWS_MAX_ATTEMPTS, the
                        profile's max_attempts, else 3)
  --connect-timeout S   seconds to wait for a connection (default 10)
  --read-timeout S      seconds for a whole attempt (default 60)
  --debug               print each attempt's request (the signature, secret and
                        session token redacted) and response status to stderr
  --help                this text
  --version             the version

credentials, in this order (as the AWS CLI finds them; docs/configuration.md):
  1. AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN), unless --profile
  2. role_arn in the profile: AssumeRole (STS, regional endpoint) with the
     credentials of source_profile (chains allowed) or credential_source
     (Environment); mfa_serial asks for the code on standard input
  3. web_identity_token_file + role_arn (or AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN)
  4. static keys of the profile (--profile, AWS_PROFILE or "default") in the
     shared credentials file (AWS_SHARED_CREDENTIALS_FILE, else ~/.aws/credentials)
  5. credential_process of the profile (its JSON output, Version 1)
  6. static keys of the profile in the shared config file (AWS_CONFIG_FILE,
     else ~/.aws/config; [profile NAME])
  7. SSO (sso_session, with the token of 'aws sso login' in ~/.aws/sso/cache)
     comes before 4; then the container endpoint (AWS_CONTAINER_CREDENTIALS_RELATIVE_URI
     / _FULL_URI) and EC2 instance metadata (IMDSv2, unless AWS_EC2_METADATA_DISABLED=true)
  AWS_ENDPOINT_URL_STS (or a services section's sts = endpoint_url) redirects STS.

output:
  json  {"PhoneNumberErrors": [{"PhoneNumberId", "ErrorCode", "ErrorMessage"}, ...],
         "ResponseMetadata": {"RequestId", "HTTPStatusCode", "Attempts"}}
  text  one line per failed number: PHONENUMBERERRORS <tab> ErrorCode <tab>
        ErrorMessage <tab> PhoneNumberId
  A one-line summary goes to standard error. Service errors (with their request
  id) and transport errors go to standard error.

retries: throttling (429), 5xx and dropped connections are retried with
exponential backoff and jitter (AWS "standard" retry mode); a clock-skew
rejection ("Signature expired") is retried after correcting the clock from the
response's Date header (learned from every response, 2026 rules; a Date more
than 24 h from the local clock is ignored).

exit status:
  0   every number was queued for deletion
  1   the call succeeded but some numbers failed (see PhoneNumberErrors)
  2   service error, transport error, or an unreadable response
  64  usage error: bad arguments, no region, no credentials, unreadable shared files
)";
}

// ----------------------------------------------------------------- arguments

enum class output_format { json, text };
enum class command { none, batch_delete, parse };

struct cli_args {
    command cmd = command::none;
    std::vector<std::string> ids;
    bool ids_given = false;
    std::optional<std::string> region;
    std::optional<std::string> endpoint;
    bool fips = false;
    bool dual_stack = false;
    std::optional<std::string> profile;
    bool dry_run = false;
    output_format output = output_format::json;
    std::optional<std::uint32_t> max_attempts;
    long connect_timeout = 10;
    long read_timeout = 60;
    bool debug = false;
};

struct usage_error {
    std::string message;
};

template <class T>
bool parse_number(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

/// Parses argv. --help and --version are handled by the caller first.
std::expected<cli_args, usage_error> parse_args(const std::vector<std::string_view>& argv) {
    cli_args a;
    auto err = [](std::string m) { return std::unexpected(usage_error{std::move(m)}); };
    for (std::size_t i = 0; i < argv.size(); ++i) {
        std::string_view arg = argv[i];
        std::optional<std::string_view> inline_value;
        if (arg.starts_with("--")) {
            if (auto eq = arg.find('='); eq != std::string_view::npos) {
                inline_value = arg.substr(eq + 1);
                arg = arg.substr(0, eq);
            }
        }
        auto value = [&]() -> std::optional<std::string_view> {
            if (inline_value) return inline_value;
            if (i + 1 >= argv.size() || argv[i + 1].starts_with("--")) return std::nullopt;
            return argv[++i];
        };
        auto need = [&](std::string_view what) -> std::expected<std::string_view, usage_error> {
            auto v = value();
            if (!v) return std::unexpected(usage_error{std::string(arg) + " needs " + std::string(what)});
            return *v;
        };
        if (arg == "--phone-number-ids") {
            a.ids_given = true;
            if (inline_value) {
                a.ids.emplace_back(*inline_value);
                continue;
            }
            while (i + 1 < argv.size() && !argv[i + 1].starts_with("--")) a.ids.emplace_back(argv[++i]);
        } else if (arg == "--region") {
            auto v = need("a region"); if (!v) return std::unexpected(v.error());
            a.region = std::string(*v);
        } else if (arg == "--endpoint" || arg == "--endpoint-url") {
            auto v = need("a URL"); if (!v) return std::unexpected(v.error());
            a.endpoint = std::string(*v);
        } else if (arg == "--fips") {
            a.fips = true;
        } else if (arg == "--dual-stack") {
            a.dual_stack = true;
        } else if (arg == "--profile") {
            auto v = need("a profile name"); if (!v) return std::unexpected(v.error());
            a.profile = std::string(*v);
        } else if (arg == "--dry-run") {
            a.dry_run = true;
        } else if (arg == "--debug") {
            a.debug = true;
        } else if (arg == "--output") {
            auto v = need("json or text"); if (!v) return std::unexpected(v.error());
            if (*v == "json") a.output = output_format::json;
            else if (*v == "text") a.output = output_format::text;
            else return err("--output must be json or text, not '" + std::string(*v) + "'");
        } else if (arg == "--max-attempts") {
            auto v = need("a number"); if (!v) return std::unexpected(v.error());
            std::uint32_t n = 0;
            if (!parse_number(*v, n) || n < 1 || n > 100) return err("--max-attempts must be a number from 1 to 100");
            a.max_attempts = n;
        } else if (arg == "--connect-timeout" || arg == "--read-timeout") {
            auto v = need("seconds"); if (!v) return std::unexpected(v.error());
            long n = 0;
            if (!parse_number(*v, n) || n < 1 || n > 3600) return err(std::string(arg) + " must be 1..3600 seconds");
            (arg == "--connect-timeout" ? a.connect_timeout : a.read_timeout) = n;
        } else if (arg.starts_with("-")) {
            return err("unknown option '" + std::string(arg) + "'");
        } else if (a.cmd == command::none) {
            if (arg == "batch-delete-phone-number") a.cmd = command::batch_delete;
            else if (arg == "parse") a.cmd = command::parse;
            else return err("unknown command '" + std::string(arg) + "'");
        } else {
            return err("unexpected argument '" + std::string(arg) + "'");
        }
    }
    if (a.cmd == command::none) return err("no command given");
    if (a.cmd == command::batch_delete) {
        if (!a.ids_given) return err("batch-delete-phone-number needs --phone-number-ids ID [ID ...]");
        if (a.ids.empty()) return err("--phone-number-ids needs at least one ID");
    } else if (a.ids_given) {
        return err("--phone-number-ids is only for batch-delete-phone-number");
    }
    return a;
}

// ----------------------------------------------------------------- environment

std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}

std::string expand_home(std::string path) {
    if (path.starts_with("~/") || path == "~") {
        if (auto home = env("HOME")) path = *home + path.substr(1);
    }
    return path;
}

/// Reads a whole file; nullopt when it does not exist or cannot be read.
std::optional<std::string> read_file(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return std::nullopt;
    std::string s((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    return s;
}

struct resolved_settings {
    cv::credentials creds;
    std::string region;
    std::string credential_source; // for --debug: where the credentials came from
    cv::client_settings settings;  // every setting with its source (settings.hpp)
    cv::client_config config;      // what serialize_request() takes
};

/// Sends one credential-provider request (STS); defined after curl_transport.
std::expected<cv::http_response, std::string> send_credential_request(const cv::http_request& req,
                                                                      const cv::client_settings& settings);

/// The environment, for the library (which never reads it itself).
cv::env_lookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> { return env(std::string(name).c_str()); };
}

/// Runs a credential_process command (through the shell, as the AWS CLI does
/// on POSIX) and returns its standard output; nullopt when it cannot be run
/// or exits non-zero.
std::optional<std::string> run_credential_process(const std::string& command, int& status) {
    FILE* pipe = ::popen(command.c_str(), "r");
    if (pipe == nullptr) return std::nullopt;
    std::string out;
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    status = ::pclose(pipe);
    if (status != 0) {
        cv::wipe(out);
        return std::nullopt;
    }
    return out;
}

/// Finds the settings and the credentials through the library's settings
/// and credential chain (settings.hpp, credential_chain.hpp), doing the I/O
/// the library leaves to its caller: reading the shared files and token
/// files, running credential_process, sending the STS requests.
std::expected<resolved_settings, usage_error> resolve_settings(const cli_args& a) {
    auto fail = [](std::string m) { return std::unexpected(usage_error{std::move(m)}); };
    const cv::env_lookup environment = process_env();
    const cv::shared_file_paths paths = cv::find_shared_file_paths(environment);
    const std::string cred_path = expand_home(paths.credentials);
    const std::string config_path = expand_home(paths.config);
    const std::optional<std::string> cred_text = read_file(cred_path);
    const std::optional<std::string> config_text = read_file(config_path);

    cv::settings_overrides o;
    o.profile = a.profile;
    o.region = a.region;
    o.endpoint_url = a.endpoint;
    if (a.fips) o.use_fips = true;
    if (a.dual_stack) o.use_dual_stack = true;
    o.max_attempts = a.max_attempts;
    auto settings = cv::resolve_client_settings(environment, config_text, cred_text, o);
    if (!settings) return fail(settings.error().message);

    resolved_settings out;
    out.settings = std::move(*settings);
    out.config = out.settings.to_client_config("chime-voice-cli");
    if (!out.settings.region.value)
        return fail("You must specify a region: --region, AWS_REGION, AWS_DEFAULT_REGION, or region in the profile '" +
                    out.settings.profile.value + "' of " + config_path);
    out.region = *out.settings.region.value;

    // Credentials: the environment first, unless a profile was named on the
    // command line (the AWS CLI drops the environment provider then).
    cv::credential_chain_options chain_options;
    chain_options.explicit_profile = a.profile.has_value();
    auto plan = cv::plan_credentials(out.settings, environment, chain_options);
    if (!plan) {
        if (plan.error().message.starts_with("no credentials"))
            return fail("Unable to locate credentials (" + plan.error().message + "). Set AWS_ACCESS_KEY_ID and "
                        "AWS_SECRET_ACCESS_KEY, or configure the profile '" + out.settings.profile.value + "' in " +
                        cred_path + " or " + config_path);
        return fail(plan.error().message);
    }
    out.credential_source = plan->description;

    const auto now = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
    cv::credentials current;
    switch (plan->source) {
    case cv::credential_source_kind::environment:
    case cv::credential_source_kind::shared_credentials_file:
    case cv::credential_source_kind::shared_config_file:
        current = *plan->static_credentials;
        break;
    case cv::credential_source_kind::credential_process: {
        int status = 0;
        auto output = run_credential_process(*plan->credential_process, status);
        if (!output)
            return fail("credential_process in profile '" + plan->profile + "' failed (exit status " +
                        std::to_string(status) + "): " + *plan->credential_process);
        auto c = cv::parse_credential_process_output(*output, plan->profile);
        cv::wipe(*output);
        if (!c) return fail(c.error().message);
        current = std::move(*c);
        break;
    }
    case cv::credential_source_kind::web_identity: {
        auto token = read_file(expand_home(plan->web_identity->token_file));
        if (!token) return fail("cannot read the web identity token file " + plan->web_identity->token_file);
        auto req = cv::build_assume_role_with_web_identity_request(
            cv::to_web_identity_params(*plan->web_identity, cv::secret_string(std::move(*token)), now),
            plan->sts_options(now));
        if (!req) return fail(req.error().message);
        auto resp = send_credential_request(*req, out.settings);
        cv::wipe(req->body);
        if (!resp) return fail("AssumeRoleWithWebIdentity: " + resp.error());
        auto r = cv::parse_assume_role_with_web_identity_response(resp->view());
        if (!r) return fail(r.error().message);
        current = std::move(r->creds);
        break;
    }
    case cv::credential_source_kind::sso: {
        const std::string cache =
            expand_home("~/.aws/sso/cache/" + cv::sso_token_cache_file_name(*plan->sso));
        auto text = read_file(cache);
        if (!text)
            return fail("profile '" + plan->profile + "' uses SSO but there is no cached token (" + cache +
                        "); run 'aws sso login" +
                        (plan->sso->session_name.empty() ? std::string() : " --sso-session " + plan->sso->session_name) + "'");
        auto token = cv::parse_sso_cached_token(*text, *plan->sso, now);
        cv::wipe(*text);
        if (!token) return fail(token.error().message);
        auto req = cv::build_sso_role_credentials_request(*plan->sso, *token);
        if (!req) return fail(req.error().message);
        auto resp = send_credential_request(*req, out.settings);
        if (!resp) return fail("SSO GetRoleCredentials: " + resp.error());
        auto c = cv::parse_sso_role_credentials_response(resp->view());
        if (!c) return fail("profile '" + plan->profile + "': " + c.error().message);
        current = std::move(*c);
        break;
    }
    case cv::credential_source_kind::container: {
        std::optional<std::string> token_file;
        if (plan->container->authorization_token_file) {
            token_file = read_file(*plan->container->authorization_token_file);
            if (!token_file)
                return fail("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " +
                            *plan->container->authorization_token_file);
        }
        auto req = cv::build_container_credentials_request(*plan->container, token_file);
        if (token_file) cv::wipe(*token_file);
        if (!req) return fail(req.error().message);
        auto resp = send_credential_request(*req, out.settings);
        if (!resp) return fail("the container credentials endpoint " + plan->container->url + ": " + resp.error());
        auto c = cv::parse_container_credentials_response(resp->view());
        if (!c) return fail(c.error().message);
        current = std::move(*c);
        break;
    }
    case cv::credential_source_kind::instance_metadata: {
        // IMDSv2: token, role name, credentials. Nothing answering at the
        // metadata address means there is no source at all.
        const auto& imds = *plan->instance_metadata;
        auto nothing = [&](const std::string& why) {
            return fail(plan->roles.empty()
                            ? "Unable to locate credentials: nothing is configured and instance metadata at " +
                                  imds.endpoint + " " + why
                            : "instance metadata at " + imds.endpoint + " (" + plan->description + ") " + why);
        };
        auto token_req = cv::build_imds_token_request(imds);
        if (!token_req) return fail(token_req.error().message);
        auto token_resp = send_credential_request(*token_req, out.settings);
        if (!token_resp) return nothing("did not answer (" + token_resp.error() + ")");
        auto token = cv::parse_imds_token_response(token_resp->view());
        if (!token) return nothing("refused a session token: " + token.error().message);
        auto role_req = cv::build_imds_role_request(imds, *token);
        if (!role_req) return fail(role_req.error().message);
        auto role_resp = send_credential_request(*role_req, out.settings);
        if (!role_resp) return nothing("did not answer (" + role_resp.error() + ")");
        auto role = cv::parse_imds_role_response(role_resp->view());
        if (!role) return nothing(role.error().message);
        auto cred_req = cv::build_imds_credentials_request(imds, *token, *role);
        if (!cred_req) return fail(cred_req.error().message);
        auto cred_resp = send_credential_request(*cred_req, out.settings);
        if (!cred_resp) return nothing("did not answer (" + cred_resp.error() + ")");
        auto c = cv::parse_imds_credentials_response(cred_resp->view());
        if (!c) return fail(c.error().message);
        current = std::move(*c);
        break;
    }
    }

    for (const auto& role : plan->roles) {
        std::optional<cv::secret_string> code;
        if (role.mfa_serial) {
            std::cerr << "Enter MFA code for " << *role.mfa_serial << ": " << std::flush;
            std::string line;
            if (!std::getline(std::cin, line) || line.empty())
                return fail("profile '" + role.profile + "' sets mfa_serial: an MFA code is needed on standard input");
            code = cv::secret_string(std::move(line));
        }
        auto req = cv::build_assume_role_request(cv::to_assume_role_params(role, now, std::move(code)), current,
                                                 plan->sts_options(now));
        if (!req) return fail("assuming " + role.role_arn + " for profile '" + role.profile + "': " + req.error().message);
        auto resp = send_credential_request(*req, out.settings);
        cv::wipe(req->body);
        if (!resp) return fail("AssumeRole " + role.role_arn + ": " + resp.error());
        auto r = cv::parse_assume_role_response(resp->view());
        if (!r) return fail("assuming " + role.role_arn + " for profile '" + role.profile + "': " + r.error().message);
        current = std::move(r->creds);
        out.credential_source += " -> role " + role.role_arn;
    }
    out.creds = std::move(current);
    return out;
}

// ----------------------------------------------------------------- printing

/// Authorization with the signature replaced: the Credential (access key id
/// and scope) and SignedHeaders stay visible, the Signature does not.
std::string redact_authorization(std::string_view v) {
    auto p = v.find("Signature=");
    if (p == std::string_view::npos) return "<redacted>";
    return std::string(v.substr(0, p + 10)) + "<redacted>";
}

/// The request for --debug: nothing secret, no signature, no body (it holds
/// the sensitive PhoneNumberIds; its size is shown).
void print_redacted(std::ostream& os, const cv::http_request& r) {
    os << r.method << ' ' << r.target() << " HTTP/1.1\n";
    for (const auto& h : r.headers) {
        os << h.name << ": ";
        if (cv::header_name_equals(h.name, "authorization")) os << redact_authorization(h.value);
        else if (cv::header_name_equals(h.name, "x-amz-security-token")) os << "<redacted>";
        else os << h.value;
        os << '\n';
    }
    os << "\n<" << r.body.size() << " byte body>\n";
}

/// The request for --dry-run: the signed HTTP/1.1 message as it would be
/// sent, including the body the user typed; only the session token (a secret)
/// is withheld.
void print_dry_run(std::ostream& os, const cv::http_request& r) {
    os << r.method << ' ' << r.target() << " HTTP/1.1\r\n";
    for (const auto& h : r.headers) {
        os << h.name << ": ";
        if (cv::header_name_equals(h.name, "x-amz-security-token")) os << "<redacted>";
        else os << h.value;
        os << "\r\n";
    }
    os << "\r\n" << r.body << '\n';
}

void print_service_error(std::ostream& os, const cv::error& e) {
    os << "chime-voice: error: ";
    if (e.category == cv::error_category::service) {
        const std::string type = e.type.empty() ? std::string(cv::to_string(e.kind)) : e.type;
        os << "An error occurred (" << type << ") when calling the " << operation_name << " operation";
        if (!e.message.empty()) os << ": " << e.message;
    } else {
        os << cv::to_string(e.category) << ": " << e.message;
    }
    os << '\n';
    if (e.metadata.http_status != 0 || !e.metadata.request_id.empty()) {
        os << "chime-voice:   HTTP status " << e.metadata.http_status;
        if (!e.code_raw.empty()) os << ", Code " << e.code_raw;
        if (e.fault != cv::fault::none) os << ", " << (e.fault == cv::fault::client ? "client" : "server") << " fault";
        os << ", request id " << (e.metadata.request_id.empty() ? "(none)" : e.metadata.request_id);
        if (!e.metadata.extended_request_id.empty()) os << ", extended request id " << e.metadata.extended_request_id;
        os << '\n';
    }
}

/// Prints the output. The PhoneNumberIds are shown: the user typed them.
int print_result(const cv::batch_delete_phone_number_response& r, std::size_t requested, std::uint32_t attempts,
                 output_format fmt, bool summary = true) {
    if (fmt == output_format::json) {
        boost::json::array errs;
        for (const auto& e : r.phone_number_errors) {
            boost::json::object o;
            if (e.has_phone_number_id) o["PhoneNumberId"] = e.phone_number_id;
            if (e.has_error_code) o["ErrorCode"] = e.error_code_raw;
            if (e.has_error_message) o["ErrorMessage"] = e.error_message;
            errs.push_back(std::move(o));
        }
        boost::json::object meta;
        meta["RequestId"] = r.metadata.request_id;
        meta["HTTPStatusCode"] = r.metadata.http_status;
        meta["Attempts"] = attempts;
        boost::json::object out;
        out["PhoneNumberErrors"] = std::move(errs);
        out["ResponseMetadata"] = std::move(meta);
        std::cout << boost::json::serialize(out) << '\n';
    } else {
        for (const auto& e : r.phone_number_errors)
            std::cout << "PHONENUMBERERRORS\t" << e.error_code_raw << '\t' << e.error_message << '\t'
                      << e.phone_number_id << '\n';
    }
    if (!summary) return r.phone_number_errors.empty() ? exit_ok : exit_partial;
    std::set<std::string> failed;
    for (const auto& e : r.phone_number_errors) failed.insert(e.phone_number_id);
    const std::size_t nfailed = std::max(failed.size(), r.phone_number_errors.empty() ? std::size_t{0} : std::size_t{1});
    const std::size_t queued = requested > nfailed ? requested - nfailed : 0;
    std::cerr << "chime-voice: " << queued << " of " << requested << " phone number(s) queued for deletion";
    if (!r.phone_number_errors.empty()) std::cerr << ", " << r.phone_number_errors.size() << " failed";
    std::cerr << " (request id " << (r.metadata.request_id.empty() ? "(none)" : r.metadata.request_id)
              << ", " << attempts << " attempt" << (attempts == 1 ? "" : "s") << ")\n";
    return r.phone_number_errors.empty() ? exit_ok : exit_partial;
}

// ----------------------------------------------------------------- libcurl

struct received_response {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    cv::header_field_list header_views;

    cv::http_response_view view() {
        header_views.clear();
        for (const auto& [n, v] : headers) header_views.emplace_back(n, v);
        return cv::http_response_view{static_cast<int>(status), header_views, body};
    }
};

struct transport_error {
    cv::transport_failure kind;
    std::string message;
};

cv::transport_failure classify_curl(CURLcode c) {
    switch (c) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY:
        return cv::transport_failure::dns;
    case CURLE_COULDNT_CONNECT:
        return cv::transport_failure::connection_refused;
    case CURLE_OPERATION_TIMEDOUT:
        return cv::transport_failure::timeout;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR:
        return cv::transport_failure::connection_reset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE:
        return cv::transport_failure::tls;
    default:
        return cv::transport_failure::other;
    }
}

class curl_transport {
public:
    curl_transport(long connect_timeout, long read_timeout)
        : handle_(curl_easy_init()), connect_timeout_(connect_timeout), read_timeout_(read_timeout) {}
    curl_transport(const curl_transport&) = delete;
    curl_transport& operator=(const curl_transport&) = delete;
    ~curl_transport() {
        if (handle_ != nullptr) curl_easy_cleanup(handle_);
    }

    std::expected<received_response, transport_error> send(const cv::http_request& req) {
        if (handle_ == nullptr) return std::unexpected(transport_error{cv::transport_failure::other, "curl_easy_init failed"});
        CURL* h = handle_;
        curl_easy_reset(h);
        received_response out;
        const std::string url = req.url();
        curl_slist* list = nullptr;
        for (const auto& hd : req.headers) list = curl_slist_append(list, (hd.name + ": " + hd.value).c_str());
        list = curl_slist_append(list, "Expect:"); // no 100-continue round trip
        list = curl_slist_append(list, "Accept:");  // no header we did not sign... and do not need

        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, connect_timeout_);
        curl_easy_setopt(h, CURLOPT_TIMEOUT, read_timeout_);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
        if (req.method == "GET") {
            curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        } else {
            curl_easy_setopt(h, CURLOPT_POST, 1L);
            curl_easy_setopt(h, CURLOPT_POSTFIELDS, req.body.data());
            curl_easy_setopt(h, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(req.body.size()));
            if (req.method != "POST") curl_easy_setopt(h, CURLOPT_CUSTOMREQUEST, req.method.c_str());
        }
        curl_easy_setopt(h, CURLOPT_WRITEFUNCTION, &curl_transport::on_body);
        curl_easy_setopt(h, CURLOPT_WRITEDATA, &out);
        curl_easy_setopt(h, CURLOPT_HEADERFUNCTION, &curl_transport::on_header);
        curl_easy_setopt(h, CURLOPT_HEADERDATA, &out);
        char errbuf[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

        const CURLcode rc = curl_easy_perform(h);
        curl_slist_free_all(list);
        if (rc != CURLE_OK) {
            std::string msg = errbuf[0] != '\0' ? std::string(errbuf) : std::string(curl_easy_strerror(rc));
            return std::unexpected(transport_error{classify_curl(rc), std::move(msg)});
        }
        curl_easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out.status);
        return out;
    }

private:
    /// Larger bodies abort the transfer (a transport failure): the library
    /// refuses to parse more than 16 MiB anyway.
    static constexpr std::size_t max_body_bytes = std::size_t{64} << 20;

    static std::size_t on_body(char* data, std::size_t size, std::size_t n, void* user) {
        auto* r = static_cast<received_response*>(user);
        if (r->body.size() + size * n > max_body_bytes) return 0; // CURLE_WRITE_ERROR
        r->body.append(data, size * n);
        return size * n;
    }
    static std::size_t on_header(char* data, std::size_t size, std::size_t n, void* user) {
        auto* r = static_cast<received_response*>(user);
        std::string_view line(data, size * n);
        while (!line.empty() && (line.back() == '\n' || line.back() == '\r')) line.remove_suffix(1);
        if (line.starts_with("HTTP/")) { // a new response (e.g. after 100 Continue): start over
            r->headers.clear();
            return size * n;
        }
        auto colon = line.find(':');
        if (colon == std::string_view::npos) return size * n;
        std::string_view name = line.substr(0, colon), value = line.substr(colon + 1);
        while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
        while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
        r->headers.emplace_back(std::string(name), std::string(value));
        return size * n;
    }

    CURL* handle_;
    long connect_timeout_;
    long read_timeout_;
};

std::expected<cv::http_response, std::string> send_credential_request(const cv::http_request& req,
                                                                      const cv::client_settings&) {
    // Link-local metadata endpoints get botocore's short timeout (1 s); STS and SSO the usual ones.
    const bool metadata = req.host.starts_with("169.254.") || req.host.starts_with("[fd00:ec2::");
    curl_transport transport(metadata ? 1 : 10, metadata ? 2 : 30);
    auto sent = transport.send(req);
    if (!sent) return std::unexpected(sent.error().message);
    cv::http_response r;
    r.status = static_cast<int>(sent->status);
    for (auto& [n, v] : sent->headers) r.headers.push_back({n, v});
    r.body = std::move(sent->body);
    return r;
}

// ----------------------------------------------------------------- commands

std::chrono::sys_seconds wall_clock() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// Why the retry loop stopped, for people; the enum name stays in the text
/// so scripts can match it.
std::string give_up_text(cv::give_up_reason r, std::uint32_t max_attempts) {
    switch (r) {
    case cv::give_up_reason::max_attempts_reached:
        return "max_attempts_reached: all " + std::to_string(max_attempts) +
               " allowed attempts failed (raise --max-attempts to try longer)";
    case cv::give_up_reason::retry_quota_exhausted:
        return "retry_quota_exhausted: too many retries have failed recently";
    case cv::give_up_reason::not_retryable:
        return "not_retryable: retrying cannot fix this error";
    }
    return std::string(cv::to_string(r));
}

std::string signed_seconds(std::chrono::seconds s) {
    return (s.count() >= 0 ? "+" : "") + std::to_string(s.count()) + " s";
}

int run_batch_delete(const cli_args& a) {
    auto settings = resolve_settings(a);
    if (!settings) {
        std::cerr << "chime-voice: " << settings.error().message << '\n';
        return exit_usage;
    }
    const cv::client_config config = settings->config;

    cv::batch_delete_phone_number_request input;
    input.phone_number_ids = a.ids;
    auto base = cv::serialize_request(input, config);
    if (!base) {
        std::cerr << "chime-voice: " << cv::to_string(base.error().category) << " error: " << base.error().message << '\n';
        return exit_usage;
    }

    // --max-attempts, AWS_MAX_ATTEMPTS, the profile's max_attempts, else 3 (settings.hpp).
    const std::uint32_t max_attempts = settings->settings.max_attempts.value;

    std::random_device rd;
    std::mt19937_64 rng((static_cast<std::uint64_t>(rd()) << 32) ^ rd());
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    const std::string invocation_id = cv::make_invocation_id(rng(), rng());

    // The SigV4 scope travels with the request (serialize_request resolved the endpoint).
    cv::sigv4::signing_params params{base->signing, {}};

    if (a.debug) std::cerr << "chime-voice: debug: settings:\n" << settings->settings;
    if (a.debug) std::cerr << "chime-voice: debug: credentials from " << settings->credential_source
                           << ", region " << config.region << ", endpoint " << base->url() << '\n';

    if (a.dry_run) {
        cv::http_request req = *base;
        if (auto h = cv::apply_attempt_headers(req, invocation_id, 1, max_attempts); !h) {
            std::cerr << "chime-voice: " << h.error().message << '\n';
            return exit_usage;
        }
        params.time = wall_clock();
        if (auto s = cv::sigv4::sign(req, settings->creds, params); !s) {
            std::cerr << "chime-voice: signing error: " << s.error().message << '\n';
            return exit_usage;
        }
        print_dry_run(std::cout, req);
        return exit_ok;
    }

    cv::retry_config rc;
    rc.max_attempts = max_attempts;
    cv::retry_strategy strategy(rc);
    cv::retry_token token = strategy.begin();
    curl_transport transport(a.connect_timeout, a.read_timeout);
    cv::clock_skew_state skew; // 2026 rules: learned from every response's Date

    for (;;) {
        const std::uint32_t attempt = token.attempt();
        cv::http_request req = *base;
        if (auto h = cv::apply_attempt_headers(req, invocation_id, attempt, max_attempts); !h) {
            std::cerr << "chime-voice: " << h.error().message << '\n';
            return exit_usage;
        }
        const std::chrono::seconds clock_offset = skew.offset();
        params.time = wall_clock() + clock_offset;
        if (auto s = cv::sigv4::sign(req, settings->creds, params); !s) {
            std::cerr << "chime-voice: signing error: " << s.error().message << '\n';
            return exit_usage;
        }
        if (a.debug) {
            std::cerr << "chime-voice: debug: attempt " << attempt << '/' << max_attempts << " to " << req.url();
            if (clock_offset.count() != 0) std::cerr << " (clock corrected by " << signed_seconds(clock_offset) << ')';
            std::cerr << '\n';
            print_redacted(std::cerr, req);
        }

        const auto sent_at = std::chrono::system_clock::now();
        auto sent = transport.send(req);
        const auto received_at = std::chrono::system_clock::now();
        cv::retry_decision d;
        std::optional<cv::error> last_error;
        if (!sent) {
            if (a.debug)
                std::cerr << "chime-voice: debug: attempt " << attempt << ": transport failure ("
                          << cv::to_string(sent.error().kind) << "): " << sent.error().message << '\n';
            d = strategy.on_transport_failure(token, sent.error().kind, unit(rng));
            if (!d.should_retry()) {
                std::cerr << "chime-voice: error: could not complete the request to " << req.url() << ": "
                          << sent.error().message << " (" << cv::to_string(sent.error().kind) << ")\n"
                          << "chime-voice: gave up after " << attempt << " attempt" << (attempt == 1 ? "" : "s")
                          << ": " << give_up_text(d.reason, max_attempts) << '\n';
                return exit_failure;
            }
        } else {
            cv::http_response_view view = sent->view();
            auto parsed = cv::parse_batch_delete_phone_number_response(view);
            if (a.debug) {
                std::cerr << "chime-voice: debug: attempt " << attempt << ": HTTP " << sent->status;
                if (auto id = view.find_header("x-amzn-requestid")) std::cerr << ", request id " << *id;
                if (!parsed) std::cerr << ", " << parsed.error();
                std::cerr << '\n';
            }
            const auto seen = skew.update(view, sent_at, received_at);
            if (seen.trusted() && a.debug && *seen.skew != clock_offset)
                std::cerr << "chime-voice: debug: server clock differs by " << signed_seconds(*seen.skew)
                          << " (Date: " << view.find_header("date").value_or("") << "); correcting\n";
            if (seen.status == cv::skew_status::implausible_date)
                std::cerr << "chime-voice: warning: ignoring the response's Date ("
                          << view.find_header("date").value_or("") << "): it is "
                          << signed_seconds(seen.apparent_skew.value_or(std::chrono::seconds{0}))
                          << " from the local clock, beyond the plausible skew\n";
            if (parsed) {
                (void)strategy.on_success(token);
                return print_result(*parsed, a.ids.size(), attempt, a.output);
            }
            d = strategy.on_attempt_result(token, parsed.error(), unit(rng), &view,
                                           cv::judge_signing_clock(parsed.error(), seen, clock_offset));
            if (!d.should_retry()) {
                print_service_error(std::cerr, parsed.error());
                if (d.reason != cv::give_up_reason::not_retryable || attempt > 1)
                    std::cerr << "chime-voice: gave up after " << attempt << " attempt" << (attempt == 1 ? "" : "s")
                              << ": " << give_up_text(d.reason, max_attempts) << " (last failure: "
                              << cv::to_string(d.failure) << ")\n";
                return exit_failure;
            }
        }
        if (a.debug)
            std::cerr << "chime-voice: debug: retrying (" << cv::to_string(d.failure) << ") in " << d.delay.count()
                      << " ms\n";
        std::this_thread::sleep_for(d.delay);
    }
}

/// `parse`: a raw HTTP/1.1 response on stdin, through the library's parser.
int run_parse(const cli_args& a) {
    std::string raw((std::istreambuf_iterator<char>(std::cin)), std::istreambuf_iterator<char>());
    // Captured text often has bare LF line endings; HTTP/1.1 wants CRLF in the head.
    auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) {
        auto lf = raw.find("\n\n");
        if (lf != std::string::npos) {
            std::string head;
            for (char c : std::string_view(raw).substr(0, lf + 2)) {
                if (c == '\n') head += "\r\n";
                else head += c;
            }
            raw = head + raw.substr(lf + 2);
        } else if (!raw.empty() && raw.find('\n') == std::string::npos) {
            raw += "\r\n\r\n";
        }
    }
    namespace http = boost::beast::http;
    http::response_parser<http::string_body> parser;
    parser.eager(true);
    parser.body_limit(64u << 20);
    boost::beast::error_code ec;
    parser.put(boost::asio::buffer(raw), ec);
    if (!ec && !parser.is_done()) parser.put_eof(ec);
    if (ec && ec != http::error::need_more) {
        std::cerr << "chime-voice: parse: standard input is not an HTTP/1.1 response: " << ec.message() << '\n';
        return exit_usage;
    }
    if (!parser.is_header_done()) {
        std::cerr << "chime-voice: parse: standard input is not an HTTP/1.1 response (incomplete header)\n";
        return exit_usage;
    }
    auto& msg = parser.get();
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& f : msg) headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    cv::header_field_list views;
    for (const auto& [n, v] : headers) views.emplace_back(n, v);
    cv::http_response_view view{static_cast<int>(msg.result_int()), views, msg.body()};

    auto parsed = cv::parse_batch_delete_phone_number_response(view);
    std::cerr << "chime-voice: parse: HTTP " << view.status << ", " << headers.size() << " header(s), "
              << msg.body().size() << " byte body\n";
    const auto seen = cv::observe_clock_skew(view, wall_clock(), wall_clock());
    if (seen.trusted() && seen.skew->count() != 0)
        std::cerr << "chime-voice: parse: the sender's clock differs from ours by " << signed_seconds(*seen.skew)
                  << "; a client would sign later requests with that correction\n";
    else if (seen.status == cv::skew_status::implausible_date)
        std::cerr << "chime-voice: parse: ignoring the Date (" << signed_seconds(*seen.apparent_skew)
                  << " from our clock, beyond the plausible skew)\n";
    if (parsed) {
        std::cerr << "chime-voice: parse: success, " << parsed->phone_number_errors.size()
                  << " per-number error(s), request id "
                  << (parsed->metadata.request_id.empty() ? "(none)" : parsed->metadata.request_id) << '\n';
        return print_result(*parsed, 0, 1, a.output, false);
    }
    const cv::error& e = parsed.error();
    print_service_error(std::cerr, e);
    std::cerr << "chime-voice: parse: category " << cv::to_string(e.category);
    if (e.kind != cv::service_error_kind::none) std::cerr << ", kind " << cv::to_string(e.kind);
    std::cerr << ", retry class " << cv::to_string(cv::classify(e))
              << (cv::is_clock_skew_error(e) ? ", clock-skew error" : "") << '\n';
    return exit_failure;
}

} // namespace

int main(int argc, char** argv) {
    std::vector<std::string_view> args(argv + 1, argv + argc);
    for (auto s : args) {
        if (s == "--help" || s == "-h" || s == "help") {
            print_help(std::cout);
            return exit_ok;
        }
        if (s == "--version") {
            std::cout << "chime-voice " << cv::library_version << " (" << curl_version() << ")\n";
            return exit_ok;
        }
    }
    auto parsed = parse_args(args);
    if (!parsed) {
        std::cerr << "chime-voice: " << parsed.error().message << "\n"
                  << "usage: chime-voice [options] batch-delete-phone-number --phone-number-ids ID [ID ...]\n"
                  << "       chime-voice [options] parse < response.http\n"
                  << "Run 'chime-voice --help' for all options.\n";
        return exit_usage;
    }
    if (parsed->cmd == command::parse) return run_parse(*parsed);

    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::cerr << "chime-voice: curl_global_init failed\n";
        return exit_failure;
    }
    const int rc = run_batch_delete(*parsed);
    curl_global_cleanup();
    return rc;
}
