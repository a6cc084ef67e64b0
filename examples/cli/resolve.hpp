// SPDX-License-Identifier: BSL-1.0
// examples/cli/resolve.hpp — the `chime-voice` command's settings and
// credentials: the I/O the library leaves to its caller (the environment,
// the shared files, token files, credential_process, the STS / SSO /
// container / IMDS calls), fed to settings.hpp and credential_chain.hpp.
//
// Every failure here is a configuration or credentials error (exit 253): a
// shared file that is a directory, unreadable or not UTF-8 is reported with
// its path, never thrown. The text of the shared files is wiped after use.
#ifndef CHIME_VOICE_EXAMPLES_CLI_RESOLVE_HPP
#define CHIME_VOICE_EXAMPLES_CLI_RESOLVE_HPP

#include "transport.hpp"

#include <chime_voice/client_config.hpp>
#include <chime_voice/credential_chain.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/profile.hpp>
#include <chime_voice/secret.hpp>
#include <chime_voice/settings.hpp>
#include <chime_voice/sts.hpp>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <expected>
#include <iostream>
#include <optional>
#include <string>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace chime_cli {

namespace cv = chime_voice;

inline std::optional<std::string> env(const char* name) {
    const char* v = std::getenv(name);
    if (v == nullptr || *v == '\0') return std::nullopt;
    return std::string(v);
}

inline std::string expand_home(std::string path) {
    if (path.starts_with("~/") || path == "~") {
        if (auto home = env("HOME")) path = *home + path.substr(1);
    }
    return path;
}

/// True when `s` is well-formed UTF-8 (RFC 3629: no overlongs, no surrogates, at most U+10FFFF).
inline bool is_utf8(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto c = static_cast<unsigned char>(s[i]);
        std::size_t n = 0;
        std::uint32_t cp = 0;
        if (c < 0x80) { ++i; continue; }
        if (c >= 0xC2 && c <= 0xDF) { n = 1; cp = c & 0x1Fu; }
        else if (c >= 0xE0 && c <= 0xEF) { n = 2; cp = c & 0x0Fu; }
        else if (c >= 0xF0 && c <= 0xF4) { n = 3; cp = c & 0x07u; }
        else return false;
        for (std::size_t k = 1; k <= n; ++k) {
            if (i + k >= s.size()) return false;
            const auto d = static_cast<unsigned char>(s[i + k]);
            if ((d & 0xC0u) != 0x80u) return false;
            cp = (cp << 6) | (d & 0x3Fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        i += n + 1;
    }
    return true;
}

/// Reads a whole text file: std::nullopt when it does not exist; an error
/// naming the file when it is a directory, cannot be read or is not UTF-8.
/// Never throws but std::bad_alloc.
inline std::expected<std::optional<std::string>, std::string> read_text_file(const std::string& path,
                                                                             std::string_view what) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        if (errno == ENOENT || errno == ENOTDIR) return std::optional<std::string>{};
        return std::unexpected(std::string(what) + " " + path + " cannot be read: " + std::strerror(errno));
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0 || S_ISDIR(st.st_mode)) {
        ::close(fd);
        return std::unexpected(std::string(what) + " " + path + " is a directory, not a file");
    }
    std::string out;
    char buf[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n < 0) {
            if (errno == EINTR) continue;
            const int e = errno;
            ::close(fd);
            cv::detail::secure_wipe(buf, sizeof buf);
            cv::wipe(out);
            return std::unexpected(std::string(what) + " " + path + " cannot be read: " + std::strerror(e));
        }
        if (n == 0) break;
        out.append(buf, static_cast<std::size_t>(n));
    }
    ::close(fd);
    cv::detail::secure_wipe(buf, sizeof buf);
    if (!is_utf8(out)) {
        cv::wipe(out);
        return std::unexpected(std::string(what) + " " + path + " is not UTF-8 text");
    }
    return std::optional<std::string>(std::move(out));
}

struct resolved_settings {
    cv::credentials creds;
    std::string region;
    std::string credential_source; // for --debug: where the credentials came from
    cv::client_settings settings;  // every setting with its source (settings.hpp)
    cv::client_config config;      // what serialize() takes
};

/// The environment, for the library (which never reads it itself).
inline cv::env_lookup process_env() {
    return [](std::string_view name) -> std::optional<std::string> { return env(std::string(name).c_str()); };
}

/// Zeroes, in place, the process environment's copies of the secrets the
/// credential chain may have read (the strings the kernel put on the stack,
/// also shown by /proc/PID/environ). Called once the credentials are
/// resolved: nothing reads these variables afterwards (they now read as unset).
inline void wipe_secret_environment() noexcept {
    for (const char* name : {"AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN",
                             "AWS_CONTAINER_AUTHORIZATION_TOKEN"})
        if (char* v = std::getenv(name); v != nullptr) cv::detail::secure_wipe(v, std::strlen(v));
}

/// Sends one credential-provider request (STS, SSO, container, IMDS).
inline std::expected<cv::http_response, std::string> send_credential_request(const cv::http_request& req,
                                                                            const transport_options& net) {
    // Link-local metadata endpoints get botocore's short timeout (1 s); STS and SSO the usual ones.
    const bool metadata = req.host.starts_with("169.254.") || req.host.starts_with("[fd00:ec2::");
    transport_options o = net;
    o.connect_timeout = metadata ? 1 : 10;
    o.read_timeout = metadata ? 2 : 30;
    curl_transport transport(o);
    auto sent = transport.send(req);
    if (!sent) return std::unexpected(sent.error().message);
    cv::http_response r;
    r.status = static_cast<int>(sent->status);
    for (auto& [n, v] : sent->headers) r.headers.push_back({n, v});
    r.body = std::move(sent->body);
    return r;
}

/// Runs a credential_process command (through the shell, as the AWS CLI does
/// on POSIX) and returns its standard output; nullopt when it cannot be run
/// or exits non-zero.
inline std::optional<std::string> run_credential_process(const std::string& command, int& status) {
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

/// Writes `text` to `path` atomically: a new file (mode 0600) in the same
/// folder, fsync, then rename over `path` — a reader sees the old text or
/// the new one, never a part. The temporary file is removed on failure.
inline std::expected<void, std::string> write_private_file_atomically(const std::string& path, std::string_view text) {
    std::string tmp = path + ".tmp-XXXXXX";
    const int fd = ::mkstemp(tmp.data()); // creates the file with mode 0600
    if (fd < 0) return std::unexpected(tmp + ": " + std::strerror(errno));
    auto failed = [&](const char* step) {
        const int e = errno;
        ::close(fd);
        ::unlink(tmp.c_str());
        return std::unexpected(std::string(step) + " " + tmp + ": " + std::strerror(e));
    };
    if (::fchmod(fd, S_IRUSR | S_IWUSR) != 0) return failed("chmod");
    std::size_t done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            return failed("write");
        }
        done += static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0) return failed("fsync");
    if (::close(fd) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return std::unexpected("close " + tmp + ": " + std::strerror(e));
    }
    if (::rename(tmp.c_str(), path.c_str()) != 0) {
        const int e = errno;
        ::unlink(tmp.c_str());
        return std::unexpected("rename to " + path + ": " + std::strerror(e));
    }
    return {};
}

/// Sends the SSO OIDC CreateToken request (refresh-token grant) for `old`
/// and reads the refreshed token. The request body (client secret, refresh
/// token) and the reply body (the new tokens) are wiped once read.
inline std::expected<cv::sso_token, std::string> refresh_sso_token(const cv::sso_config& sso, const cv::sso_token& old,
                                                                  std::chrono::sys_seconds now,
                                                                  const transport_options& net) {
    auto req = cv::build_sso_create_token_request(sso, old);
    if (!req) return std::unexpected(req.error().message);
    auto resp = send_credential_request(*req, net);
    cv::wipe(req->body);
    if (!resp) return std::unexpected("SSO OIDC CreateToken: " + resp.error());
    auto fresh = cv::parse_sso_create_token_response(resp->view(), old, now);
    cv::wipe(resp->body);
    if (!fresh) return std::unexpected(fresh.error().message);
    return std::move(*fresh);
}

/// Finds the settings and the credentials through the library's settings
/// and credential chain (settings.hpp, credential_chain.hpp), doing the I/O
/// the library leaves to its caller: reading the shared files and token
/// files, running credential_process, sending the STS requests.
inline std::expected<resolved_settings, std::string> resolve_settings(const cv::settings_overrides& o,
                                                                    const transport_options& net_in) {
    auto fail = [](std::string m) { return std::unexpected(std::move(m)); };
    const cv::env_lookup environment = process_env();
    const cv::shared_file_paths paths = cv::find_shared_file_paths(environment);
    const std::string cred_path = expand_home(paths.credentials);
    const std::string config_path = expand_home(paths.config);
    auto cred_read = read_text_file(cred_path, "the shared credentials file");
    if (!cred_read) return fail(cred_read.error());
    auto config_read = read_text_file(config_path, "the shared config file");
    if (!config_read) {
        if (*cred_read) cv::wipe(**cred_read);
        return fail(config_read.error());
    }
    // The credentials file's text holds secrets: wiped when this function returns.
    struct wipe_on_exit {
        std::optional<std::string>& s;
        ~wipe_on_exit() { if (s) cv::wipe(*s); }
    } wipe_cred{*cred_read}, wipe_config{*config_read};
    const std::optional<std::string>& cred_text = *cred_read;
    const std::optional<std::string>& config_text = *config_read;
    auto settings = cv::resolve_client_settings(environment, config_text, cred_text, o);
    if (!settings) return fail(settings.error().message);

    resolved_settings out;
    out.settings = std::move(*settings);
    out.config = out.settings.to_client_config("chime-voice-cli");
    if (!out.settings.region.value)
        return fail("You must specify a region: --region, AWS_REGION, AWS_DEFAULT_REGION, or region in the profile '" +
                    out.settings.profile.value + "' of " + config_path);
    out.region = *out.settings.region.value;
    transport_options net = net_in; // the STS / SSO calls use the same CA bundle
    if (!net.ca_bundle && out.settings.ca_bundle.value) net.ca_bundle = expand_home(*out.settings.ca_bundle.value);

    // Credentials: the environment first, unless a profile was named on the
    // command line (the AWS CLI drops the environment provider then).
    cv::credential_chain_options chain_options;
    chain_options.explicit_profile = o.profile.has_value();
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
        auto token_read = read_text_file(expand_home(plan->web_identity->token_file), "the web identity token file");
        std::optional<std::string> token = token_read ? std::move(*token_read) : std::nullopt;
        if (!token) return fail("cannot read the web identity token file " + plan->web_identity->token_file);
        auto req = cv::build_assume_role_with_web_identity_request(
            cv::to_web_identity_params(*plan->web_identity, cv::secret_string(std::move(*token)), now),
            plan->sts_options(now));
        if (!req) return fail(req.error().message);
        auto resp = send_credential_request(*req, net);
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
        auto text_read = read_text_file(cache, "the SSO token cache");
        std::optional<std::string> text = text_read ? std::move(*text_read) : std::nullopt;
        if (!text)
            return fail("profile '" + plan->profile + "' uses SSO but there is no cached token (" + cache +
                        "); run 'aws sso login" +
                        (plan->sso->session_name.empty() ? std::string() : " --sso-session " + plan->sso->session_name) + "'");
        // botocore's SSOTokenProvider: refresh through the OIDC CreateToken
        // call when less than 15 minutes are left and the cache can refresh
        // (advise_sso_token); write the new token back to the cache; after a
        // failed refresh use the old token while it is still valid.
        const cv::sso_config& sso = *plan->sso;
        auto cached = cv::parse_sso_token_cache(*text, sso);
        cv::wipe(*text);
        if (!cached) return fail(cached.error().message);
        auto action = cv::advise_sso_token(*cached, sso, now);
        if (!action) return fail(action.error().message);
        std::optional<cv::sso_token> token(std::move(*cached));
        if (*action == cv::sso_token_action::refresh) {
            auto refreshed = refresh_sso_token(sso, *token, now, net);
            if (refreshed) {
                auto new_text = cv::serialize_sso_token_cache(*refreshed, sso);
                if (auto w = write_private_file_atomically(cache, new_text.view()); !w)
                    std::cerr << "chime-voice: warning: the refreshed SSO token could not be saved: " << w.error()
                              << "\n";
                token = std::move(*refreshed);
                out.credential_source += " (SSO token refreshed)";
            } else {
                auto again = cv::advise_sso_token(*token, sso, now, true);
                if (!again) return fail(again.error().message + " (" + refreshed.error() + ")");
                out.credential_source += " (SSO token refresh failed: " + refreshed.error() + "; the cached token used)";
            }
        }
        auto req = cv::build_sso_role_credentials_request(*plan->sso, *token);
        if (!req) return fail(req.error().message);
        auto resp = send_credential_request(*req, net);
        if (!resp) return fail("SSO GetRoleCredentials: " + resp.error());
        auto c = cv::parse_sso_role_credentials_response(resp->view());
        cv::wipe(resp->body);
        if (!c) return fail("profile '" + plan->profile + "': " + c.error().message);
        current = std::move(*c);
        break;
    }
    case cv::credential_source_kind::container: {
        std::optional<std::string> token_file;
        if (plan->container->authorization_token_file) {
            if (auto t = read_text_file(*plan->container->authorization_token_file, "AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE"); t) token_file = std::move(*t);
            if (!token_file)
                return fail("cannot read AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE " +
                            *plan->container->authorization_token_file);
        }
        auto req = cv::build_container_credentials_request(*plan->container, token_file);
        if (token_file) cv::wipe(*token_file);
        if (!req) return fail(req.error().message);
        auto resp = send_credential_request(*req, net);
        if (!resp) return fail("the container credentials endpoint " + plan->container->url + ": " + resp.error());
        auto c = cv::parse_container_credentials_response(resp->view());
        if (!c) return fail(c.error().message);
        current = std::move(*c);
        break;
    }
    case cv::credential_source_kind::instance_metadata: {
        // IMDSv2: token, role name, credentials. When the token PUT is
        // refused (any status but 200 and 400) or gets no reply, botocore
        // goes on without a token (IMDSv1) unless ec2_metadata_v1_disabled:
        // the library decides (parse_imds_token_response_or_fallback,
        // imds_token_after_no_reply). Nothing answering the GETs means there
        // is no source at all.
        const auto& imds = *plan->instance_metadata;
        auto nothing = [&](const std::string& why) {
            return fail(plan->roles.empty()
                            ? "Unable to locate credentials: nothing is configured and instance metadata at " +
                                  imds.endpoint + " " + why
                            : "instance metadata at " + imds.endpoint + " (" + plan->description + ") " + why);
        };
        auto token_req = cv::build_imds_token_request(imds);
        if (!token_req) return fail(token_req.error().message);
        auto token_resp = send_credential_request(*token_req, net);
        auto token = token_resp ? cv::parse_imds_token_response_or_fallback(token_resp->view(), imds)
                                : cv::imds_token_after_no_reply(imds);
        if (token && !*token) out.credential_source += " (IMDSv1: no session token)";
        if (token_resp) cv::wipe(token_resp->body);
        if (!token) {
            if (!token_resp) return nothing("did not answer the token PUT (" + token_resp.error() + "): " +
                                            token.error().message);
            return nothing("refused a session token: " + token.error().message);
        }
        auto role_req = cv::build_imds_role_request(imds, *token);
        if (!role_req) return fail(role_req.error().message);
        auto role_resp = send_credential_request(*role_req, net);
        if (!role_resp) return nothing("did not answer (" + role_resp.error() + ")");
        auto role = cv::parse_imds_role_response(role_resp->view());
        if (!role) return nothing(role.error().message);
        auto cred_req = cv::build_imds_credentials_request(imds, *token, *role);
        if (!cred_req) return fail(cred_req.error().message);
        auto cred_resp = send_credential_request(*cred_req, net);
        if (!cred_resp) return nothing("did not answer (" + cred_resp.error() + ")");
        auto c = cv::parse_imds_credentials_response(cred_resp->view());
        cv::wipe(cred_resp->body);
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
        auto resp = send_credential_request(*req, net);
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

} // namespace chime_cli

#endif
