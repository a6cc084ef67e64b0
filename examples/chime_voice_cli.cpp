// SPDX-License-Identifier: BSL-1.0
// chime-voice — the Amazon Chime SDK Voice API from the command line, with
// the chime_voice library, CLI11 and libcurl, shaped like the AWS CLI v2
// (`aws chime-sdk-voice ...`): the same subcommand and option names, the same
// input forms (--cli-input-json, JSON lists, file://), the same output formats
// and the same exit codes. docs/cli.md is its manual.
//
// This is where the I/O lives that the library leaves to its caller: the
// environment and the shared config/credentials files are read here
// (cli/resolve.hpp), the clock and the random numbers are taken here, libcurl
// sends the bytes (cli/transport.hpp), and the library's retry strategy and
// clock-skew correction decide what happens after each attempt (every attempt
// is signed again, with the corrected clock).
#include "cli/resolve.hpp"
#include "cli/transport.hpp"
#include "cli/operation_commands.hpp" // the other 95 operations' subcommands (cli-io)
#include "cli/output.hpp"             // json / text / table / yaml as the AWS CLI prints them (cli-io)

#include <chime_voice/client_config.hpp>
#include <chime_voice/clock_skew.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/operations/registry.hpp>
#include <chime_voice/retry.hpp>
#include <chime_voice/settings.hpp>
#include <chime_voice/sigv4.hpp>
#include <chime_voice/user_agent.hpp>

#include <CLI/CLI.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/json.hpp>

#include <curl/curl.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <expected>
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
using chime_cli::escape_for_terminal;
using chime_cli::output_format;

namespace {

// The AWS CLI v2's return codes ("Understanding return codes from the AWS CLI").
constexpr int exit_ok = 0;
constexpr int exit_partial = 1;       // the call succeeded, some numbers were not deleted
constexpr int exit_interrupted = 130; // SIGINT
constexpr int exit_usage = 252;       // command syntax, unknown option, bad parameter value
constexpr int exit_config = 253;      // configuration or credentials
constexpr int exit_service = 254;     // the service answered with an error
constexpr int exit_other = 255;       // transport, unexpected

constexpr std::string_view batch_delete_name = "BatchDeletePhoneNumber";

constexpr std::string_view help_footer = R"(
Input (as the AWS CLI takes it):
  list options        --phone-number-ids A B C | '["A","B"]' | file://ids.json
                      (a value holding ',' or '[' or starting with file: that was
                      not read is refused, never sent as one ID); duplicates are sent once
  --cli-input-json    the whole input as JSON, inline or file://input.json
                      (options given as well override its members)
  --generate-cli-skeleton [input|output]   print a JSON skeleton, send nothing

Output (--output, else AWS_DEFAULT_OUTPUT, else the profile's output, else json):
  json   indented as the AWS CLI prints it; ResponseMetadata only with --debug;
         nothing for an empty result
  text   tab-separated, as the AWS CLI's text format
  table  boxed table titled with the operation name
  yaml   YAML
  Text from the server (messages, request ids) is escaped before it reaches the
  terminal or a text column. Summaries, warnings and errors go to standard error.

Settings (each also from the environment and the profile; --debug says where each came from):
  region            --region, AWS_REGION, AWS_DEFAULT_REGION, region
  endpoint          --endpoint-url, AWS_ENDPOINT_URL_CHIME_SDK_VOICE, AWS_ENDPOINT_URL,
                    services section chime_sdk_voice.endpoint_url, endpoint_url
                    (all but --endpoint-url off with AWS_IGNORE_CONFIGURED_ENDPOINT_URLS)
  FIPS, dual-stack  --fips, --dual-stack, AWS_USE_FIPS_ENDPOINT, AWS_USE_DUALSTACK_ENDPOINT
  retries           --retry-mode, AWS_RETRY_MODE, retry_mode; --max-attempts,
                    AWS_MAX_ATTEMPTS, max_attempts
  TLS               --ca-bundle, AWS_CA_BUNDLE, ca_bundle; --no-verify-ssl
  app id            --app-id, AWS_SDK_UA_APP_ID, sdk_ua_app_id
  clock skew        --no-clock-skew-correction, AWS_DISABLE_CLOCK_SKEW_CORRECTION
  profile           --profile, AWS_PROFILE, AWS_DEFAULT_PROFILE, "default";
                    files: AWS_CONFIG_FILE (~/.aws/config), AWS_SHARED_CREDENTIALS_FILE
                    (~/.aws/credentials)
  proxies           libcurl's environment: http_proxy, https_proxy (HTTPS_PROXY),
                    ALL_PROXY, no_proxy (NO_PROXY)

Credentials, in this order (docs/configuration.md): AWS_ACCESS_KEY_ID +
AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN) unless --profile; the profile's
role_arn (AssumeRole with source_profile or credential_source), web identity
(web_identity_token_file or AWS_WEB_IDENTITY_TOKEN_FILE + AWS_ROLE_ARN), SSO,
static keys in the credentials file, credential_process, static keys in the
config file; the container endpoint; EC2 instance metadata (IMDSv2, IMDSv1
when the token is refused unless AWS_EC2_METADATA_V1_DISABLED). An SSO token
with less than 15 minutes left is refreshed (CreateToken) and its cache rewritten.

Exit status (as the AWS CLI v2's):
  0    success
  1    the call succeeded but some numbers were not deleted (PhoneNumberErrors)
  130  interrupted (SIGINT); the numbers already sent are listed
  252  usage error: unknown option or command, bad parameter value
  253  configuration or credentials error (no region, no credentials, unreadable shared file)
  254  service error (the service answered with an error)
  255  anything else: transport failure, unreadable response

See docs/cli.md.
)";

// ----------------------------------------------------------------- options

struct global_options {
    std::optional<std::string> region;
    std::optional<std::string> endpoint_url;
    std::optional<std::string> profile;
    std::optional<std::string> output;
    std::optional<std::string> retry_mode;
    std::optional<std::uint32_t> max_attempts;
    std::optional<std::string> ca_bundle;
    std::optional<std::string> app_id;
    bool fips = false;
    bool dual_stack = false;
    bool no_verify_ssl = false;
    bool no_clock_skew_correction = false;
    bool debug = false;
    bool dry_run = false;
    bool show_signature = false;
    bool no_paginate = false;
    bool version = false;
    long connect_timeout = 60;
    long read_timeout = 60;
};

struct batch_delete_options {
    std::vector<std::string> ids;
    std::optional<std::string> input_json;
    std::string skeleton_kind = "input";
    std::size_t batch_size = 0; // 0: one call
};

struct parse_options {
    std::string file = "-";
    std::string operation = std::string(batch_delete_name);
};

void usage_error(std::string_view message) {
    std::cerr << "usage: chime-voice [options] <command> [parameters]\n"
                 "To see help text, you can run:\n\n"
                 "  chime-voice --help\n"
                 "  chime-voice <command> help\n\n"
              << "chime-voice: error: " << escape_for_terminal(message) << '\n';
}

/// Levenshtein distance, for "did you mean".
std::size_t edit_distance(std::string_view a, std::string_view b) {
    std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
    for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
    for (std::size_t i = 1; i <= a.size(); ++i) {
        cur[0] = i;
        for (std::size_t j = 1; j <= b.size(); ++j)
            cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
        std::swap(prev, cur);
    }
    return prev[b.size()];
}

/// The closest known names to `word` (options of the chosen command and the
/// program, or the command names), for a typo hint.
std::vector<std::string> suggestions(std::string_view word, const std::vector<std::string>& known) {
    std::vector<std::pair<std::size_t, std::string>> scored;
    const std::size_t limit = std::max<std::size_t>(2, word.size() / 3);
    for (const auto& k : known) {
        const std::size_t d = edit_distance(word, k);
        if (d <= limit) scored.emplace_back(d, k);
    }
    std::sort(scored.begin(), scored.end());
    std::vector<std::string> out;
    for (std::size_t i = 0; i < scored.size() && i < 3; ++i) out.push_back(scored[i].second);
    return out;
}

void collect_option_names(const CLI::App* app, std::vector<std::string>& out) {
    for (const CLI::Option* o : app->get_options())
        for (const auto& n : o->get_lnames()) out.push_back("--" + n);
}

// ----------------------------------------------------------------- printing

/// Authorization with the signature replaced: the Credential (access key id
/// and scope) and SignedHeaders stay visible, the Signature does not.
std::string redact_authorization(std::string_view v) {
    auto p = v.find("Signature=");
    if (p == std::string_view::npos) return "<redacted>";
    return std::string(v.substr(0, p + 10)) + "<redacted>";
}

/// The request for --debug: the library's redacted form (no signature, no
/// secret, no body; the body's size), with the Credential scope kept visible.
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

/// The request for --dry-run: the HTTP/1.1 message as it would be sent, the
/// body exactly as sent (no newline added). The session token is always
/// withheld, the signature unless `show_signature` (a signed request can be
/// replayed for minutes).
void print_dry_run(std::ostream& os, const cv::http_request& r, bool show_signature) {
    os << r.method << ' ' << r.target() << " HTTP/1.1\r\n";
    for (const auto& h : r.headers) {
        os << h.name << ": ";
        if (cv::header_name_equals(h.name, "x-amz-security-token")) os << "<redacted>";
        else if (!show_signature && cv::header_name_equals(h.name, "authorization")) os << redact_authorization(h.value);
        else os << h.value;
        os << "\r\n";
    }
    os << "\r\n" << r.body;
}

/// A service error as the AWS CLI v2 prints it (botocore's ClientError: a
/// blank line, then "An error occurred (Type) when calling the Op operation
/// (reached max retries: N): Message"), then the details, one "chime-voice:" line.
/// `retries_exhausted_after`: the retries made when the attempts ran out.
void print_service_error(const cv::error& e, std::string_view operation,
                         std::optional<std::uint32_t> retries_exhausted_after = std::nullopt) {
    if (e.category == cv::error_category::service) {
        const std::string type = e.type.empty() ? std::string(cv::to_string(e.kind)) : e.type;
        std::cerr << "\nAn error occurred (" << escape_for_terminal(type) << ") when calling the " << operation
                  << " operation";
        if (retries_exhausted_after) std::cerr << " (reached max retries: " << *retries_exhausted_after << ')';
        std::cerr << ": " << escape_for_terminal(e.message.empty() ? std::string("Unknown") : e.message);
    } else {
        std::cerr << "chime-voice: error: " << cv::to_string(e.category) << ": " << escape_for_terminal(e.message);
    }
    std::cerr << '\n';
    if (e.metadata.http_status != 0 || !e.metadata.request_id.empty()) {
        std::cerr << "chime-voice:   HTTP status " << e.metadata.http_status;
        if (!e.code_raw.empty()) std::cerr << ", Code " << escape_for_terminal(e.code_raw);
        if (e.fault != cv::fault::none) std::cerr << ", " << (e.fault == cv::fault::client ? "client" : "server") << " fault";
        std::cerr << ", request id "
                  << (e.metadata.request_id.empty() ? "(none)" : escape_for_terminal(e.metadata.request_id));
        if (!e.metadata.extended_request_id.empty())
            std::cerr << ", extended request id " << escape_for_terminal(e.metadata.extended_request_id);
        std::cerr << '\n';
    }
}

/// A copy of `v` (an output in CLI JSON form of shape `shape`) with every
/// @sensitive member replaced by "<redacted>", for --debug.
boost::json::value redact_sensitive(const cv::operation_descriptor& d, const boost::json::value& v, std::uint16_t shape,
                                    int depth = 0) {
    using cv::detail::rj::shape_kind;
    const auto& s = d.model->shapes[shape];
    if (s.sensitive) return "<redacted>";
    if (depth > 32) return v;
    if (s.kind == shape_kind::structure && v.is_object()) {
        boost::json::object o;
        for (const auto& kv : v.get_object()) {
            const cv::detail::rj::member_info* mi = nullptr;
            for (std::uint16_t i = 0; i < s.member_count; ++i)
                if (s.members[i].name == std::string_view(kv.key())) mi = &s.members[i];
            o[kv.key()] = mi ? redact_sensitive(d, kv.value(), mi->target, depth + 1) : kv.value();
        }
        return o;
    }
    if (s.kind == shape_kind::list && v.is_array()) {
        boost::json::array a;
        for (const auto& e : v.get_array()) a.push_back(redact_sensitive(d, e, s.element, depth + 1));
        return a;
    }
    if (s.kind == shape_kind::map && v.is_object()) {
        boost::json::object o;
        for (const auto& kv : v.get_object()) o[kv.key()] = redact_sensitive(d, kv.value(), s.element, depth + 1);
        return o;
    }
    return v;
}

/// Wipes the values of a signed request that carry or derive from a secret
/// (the session token, the signature) before the request is dropped.
void wipe_secret_headers(cv::http_request& r) noexcept {
    for (auto& h : r.headers)
        if (cv::header_name_equals(h.name, "authorization") || cv::header_name_equals(h.name, "x-amz-security-token"))
            cv::wipe(h.value);
}

std::string signed_seconds(std::chrono::seconds s) {
    return (s.count() >= 0 ? "+" : "") + std::to_string(s.count()) + " s";
}

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

std::chrono::sys_seconds wall_clock() {
    return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now());
}

/// Sleeps `d`, waking early on SIGINT.
void interruptible_sleep(std::chrono::milliseconds d) {
    const auto until = std::chrono::steady_clock::now() + d;
    while (!chime_cli::interrupted && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::min<std::chrono::milliseconds>(
            std::chrono::milliseconds(50),
            std::chrono::duration_cast<std::chrono::milliseconds>(until - std::chrono::steady_clock::now()) +
                std::chrono::milliseconds(1)));
}

// ----------------------------------------------------------------- one call, with retries

/// What a successful call gives.
struct call_result {
    boost::json::value output;
    std::string request_id;
    int http_status = 0;
    std::uint32_t attempts = 0;
    std::vector<std::pair<std::string, std::string>> headers;
};

/// A failed call: the exit status; `maybe_applied` when a request reached the
/// wire before the failure (an interrupted call may have been applied).
struct call_failure {
    int exit_code = exit_other;
    bool maybe_applied = false;
};

/// Everything one run shares between its calls: one client, as an SDK client
/// (one retry quota, one clock-skew state, one connection).
class client {
public:
    client(const global_options& g, chime_cli::resolved_settings s, chime_cli::transport_options net)
        : g_(g), s_(std::move(s)), transport_(std::move(net)), rng_(seed()),
          mode_(s_.settings.retry_mode.value), start_(std::chrono::steady_clock::now()) {
        const bool new_2026 = s_.settings.new_retries_2026.value;
        cv::retry_mode m = cv::retry_mode::standard;
        switch (mode_) {
        case cv::configured_retry_mode::legacy: m = cv::retry_mode::legacy; break;
        case cv::configured_retry_mode::standard: m = new_2026 ? cv::retry_mode::standard_2026 : cv::retry_mode::standard; break;
        case cv::configured_retry_mode::adaptive: m = new_2026 ? cv::retry_mode::adaptive_2026 : cv::retry_mode::adaptive; break;
        }
        cv::retry_config rc = cv::make_retry_config(m);
        // An explicit max_attempts (flag, environment, profile) beats the mode's default.
        if (s_.settings.max_attempts.source != cv::setting_source::default_value || mode_ != cv::configured_retry_mode::legacy)
            rc.max_attempts = s_.settings.max_attempts.value;
        max_attempts_ = std::max<std::uint32_t>(1, rc.max_attempts);
        if (cv::uses_rate_limiter(m)) adaptive_.emplace(start_, rc);
        else standard_.emplace(rc);
    }

    const chime_cli::resolved_settings& settings() const { return s_; }
    std::uint32_t max_attempts() const { return max_attempts_; }

    /// Serializes `input` for `d`; a usage (validation) or configuration (endpoint) error is printed.
    std::expected<cv::http_request, int> serialize(const cv::operation_descriptor& d, const boost::json::value& input) {
        auto base = d.serialize(input, s_.config);
        if (base) return std::move(*base);
        const cv::error& e = base.error();
        if (e.category == cv::error_category::validation) {
            usage_error("Parameter validation failed: " + e.message);
            return std::unexpected(exit_usage);
        }
        std::cerr << "chime-voice: " << cv::to_string(e.category) << " error: " << escape_for_terminal(e.message) << '\n';
        return std::unexpected(e.category == cv::error_category::endpoint ? exit_config : exit_other);
    }

    /// --dry-run: signs `base` as the first attempt would be and prints it.
    int dry_run(cv::http_request req) {
        const std::string invocation_id = cv::make_invocation_id(rng_(), rng_());
        if (auto h = cv::apply_attempt_headers(req, invocation_id, 1, max_attempts_); !h) {
            std::cerr << "chime-voice: " << escape_for_terminal(h.error().message) << '\n';
            return exit_other;
        }
        cv::sigv4::signing_params params{req.signing, wall_clock()};
        if (auto sg = cv::sigv4::sign(req, s_.creds, params); !sg) {
            std::cerr << "chime-voice: signing error: " << escape_for_terminal(sg.error().message) << '\n';
            return exit_other;
        }
        print_dry_run(std::cout, req, g_.show_signature);
        std::cout.flush();
        wipe_secret_headers(req);
        return exit_ok;
    }

    /// Sends `base` (signed again for every attempt) until it succeeds or the
    /// retry strategy gives up; failures are printed.
    std::expected<call_result, call_failure> call(const cv::operation_descriptor& d, const cv::http_request& base) {
        const std::string invocation_id = cv::make_invocation_id(rng_(), rng_());
        cv::retry_token token = adaptive_ ? adaptive_->begin() : standard_->begin();
        cv::sigv4::signing_params params{base.signing, {}};
        std::uniform_real_distribution<double> unit(0.0, 1.0);
        bool sent_any = false;
        for (;;) {
            if (chime_cli::interrupted) return std::unexpected(call_failure{exit_interrupted, sent_any});
            const std::uint32_t attempt = token.attempt();
            cv::http_request req = base;
            if (auto h = cv::apply_attempt_headers(req, invocation_id, attempt, max_attempts_); !h) {
                std::cerr << "chime-voice: " << escape_for_terminal(h.error().message) << '\n';
                return std::unexpected(call_failure{exit_other, sent_any});
            }
            const std::chrono::seconds clock_offset =
                s_.settings.disable_clock_skew_correction.value ? std::chrono::seconds{0} : skew_.offset();
            params.time = wall_clock() + clock_offset;
            if (auto sg = cv::sigv4::sign(req, s_.creds, params); !sg) {
                // Never a usage error: the signing time comes from our clock (and a trusted skew).
                std::cerr << "chime-voice: signing error: " << escape_for_terminal(sg.error().message) << '\n';
                return std::unexpected(call_failure{exit_other, sent_any});
            }
            if (adaptive_) {
                const auto wait = adaptive_->acquire_send_token(std::chrono::steady_clock::now());
                if (wait.count() > 0) {
                    if (g_.debug) std::cerr << "chime-voice: debug: adaptive rate limit: waiting " << wait.count() << " ms\n";
                    interruptible_sleep(wait);
                }
            }
            if (g_.debug) {
                std::cerr << "chime-voice: debug: attempt " << attempt << '/' << max_attempts_ << " to " << req.url();
                if (clock_offset.count() != 0) std::cerr << " (clock corrected by " << signed_seconds(clock_offset) << ')';
                std::cerr << '\n';
                print_redacted(std::cerr, req);
            }
            const auto sent_at = std::chrono::system_clock::now();
            auto sent = transport_.send(req);
            const auto received_at = std::chrono::system_clock::now();
            wipe_secret_headers(req);
            sent_any = true;
            cv::retry_decision dec;
            if (!sent) {
                if (sent.error().interrupted) return std::unexpected(call_failure{exit_interrupted, true});
                if (g_.debug)
                    std::cerr << "chime-voice: debug: attempt " << attempt << ": transport failure ("
                              << cv::to_string(sent.error().kind) << "): " << escape_for_terminal(sent.error().message)
                              << '\n';
                dec = adaptive_ ? adaptive_->on_transport_failure(token, sent.error().kind, unit(rng_),
                                                                  std::chrono::steady_clock::now())
                                : standard_->on_transport_failure(token, sent.error().kind, unit(rng_));
                if (!dec.should_retry()) {
                    std::cerr << "chime-voice: error: could not complete the request to " << req.url() << ": "
                              << escape_for_terminal(sent.error().message) << " (" << cv::to_string(sent.error().kind)
                              << ")\n"
                              << "chime-voice: gave up after " << attempt << " attempt" << (attempt == 1 ? "" : "s")
                              << ": " << give_up_text(dec.reason, max_attempts_) << '\n';
                    return std::unexpected(call_failure{exit_other, true});
                }
            } else {
                cv::http_response_view view = sent->view();
                auto parsed = d.parse(view);
                if (g_.debug) debug_response(d, *sent, view, parsed, attempt);
                const auto seen = skew_.update(view, sent_at, received_at);
                if (!s_.settings.disable_clock_skew_correction.value && seen.trusted() && g_.debug &&
                    *seen.skew != clock_offset)
                    std::cerr << "chime-voice: debug: server clock differs by " << signed_seconds(*seen.skew)
                              << " (Date: " << escape_for_terminal(view.find_header("date").value_or(""))
                              << "); correcting\n";
                if (seen.status == cv::skew_status::implausible_date)
                    std::cerr << "chime-voice: warning: ignoring the response's Date ("
                              << escape_for_terminal(view.find_header("date").value_or("")) << "): it is "
                              << signed_seconds(seen.apparent_skew.value_or(std::chrono::seconds{0}))
                              << " from the local clock, beyond the plausible skew\n";
                if (parsed) {
                    if (adaptive_) (void)adaptive_->on_success(token, std::chrono::steady_clock::now());
                    else (void)standard_->on_success(token);
                    call_result r;
                    r.output = std::move(*parsed);
                    r.request_id = std::string(view.find_header("x-amzn-requestid").value_or(""));
                    r.http_status = static_cast<int>(sent->status);
                    r.attempts = attempt;
                    r.headers = sent->headers;
                    return r;
                }
                const cv::signing_clock clock = s_.settings.disable_clock_skew_correction.value
                                                    ? cv::signing_clock::not_at_fault
                                                    : cv::judge_signing_clock(parsed.error(), seen, clock_offset);
                dec = adaptive_ ? adaptive_->on_attempt_result(token, parsed.error(), unit(rng_),
                                                               std::chrono::steady_clock::now(), &view, clock)
                                : standard_->on_attempt_result(token, parsed.error(), unit(rng_), &view, clock);
                if (!dec.should_retry()) {
                    print_service_error(parsed.error(), d.name(),
                                        dec.reason == cv::give_up_reason::max_attempts_reached
                                            ? std::optional<std::uint32_t>(attempt - 1)
                                            : std::nullopt);
                    if (dec.reason != cv::give_up_reason::not_retryable || attempt > 1)
                        std::cerr << "chime-voice: gave up after " << attempt << " attempt" << (attempt == 1 ? "" : "s")
                                  << ": " << give_up_text(dec.reason, max_attempts_) << " (last failure: "
                                  << cv::to_string(dec.failure) << ")\n";
                    return std::unexpected(call_failure{
                        parsed.error().category == cv::error_category::service ? exit_service : exit_other, true});
                }
            }
            if (g_.debug)
                std::cerr << "chime-voice: debug: retrying (" << cv::to_string(dec.failure) << ") in " << dec.delay.count()
                          << " ms\n";
            interruptible_sleep(dec.delay);
        }
    }

private:
    static std::uint64_t seed() {
        std::random_device rd;
        return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }

    void debug_response(const cv::operation_descriptor& d, const chime_cli::received_response& r,
                        const cv::http_response_view& view, const std::expected<boost::json::value, cv::error>& parsed,
                        std::uint32_t attempt) {
        std::cerr << "chime-voice: debug: attempt " << attempt << ": HTTP " << r.status;
        if (auto id = view.find_header("x-amzn-requestid")) std::cerr << ", request id " << escape_for_terminal(*id);
        if (!parsed) std::cerr << ", " << escape_for_terminal(std::string(cv::to_string(parsed.error().category))) << " error";
        std::cerr << "\nchime-voice: debug: response headers:\n";
        for (const auto& [n, v] : r.headers) std::cerr << "  " << escape_for_terminal(n) << ": " << escape_for_terminal(v) << '\n';
        if (parsed) {
            // The body as the library reads it, @sensitive members (PhoneNumberId...) redacted.
            std::cerr << "chime-voice: debug: response body (parsed, sensitive members redacted): "
                      << escape_for_terminal(boost::json::serialize(redact_sensitive(d, *parsed, d.info->output))) << '\n';
        } else {
            std::cerr << "chime-voice: debug: response body (" << r.body.size() << " bytes): "
                      << escape_for_terminal(r.body.substr(0, 4096)) << (r.body.size() > 4096 ? "..." : "") << '\n';
        }
    }

    const global_options& g_;
    chime_cli::resolved_settings s_;
    chime_cli::curl_transport transport_;
    std::mt19937_64 rng_;
    cv::configured_retry_mode mode_;
    std::chrono::steady_clock::time_point start_;
    std::uint32_t max_attempts_ = 3;
    std::optional<cv::retry_strategy> standard_;
    std::optional<cv::adaptive_retry_strategy> adaptive_;
    cv::clock_skew_state skew_; // 2026 rules: learned from every response's Date
};

// ----------------------------------------------------------------- settings

/// The overrides from the command line (each beats every other source).
cv::settings_overrides overrides_of(const global_options& g) {
    cv::settings_overrides o;
    o.profile = g.profile;
    o.region = g.region;
    o.endpoint_url = g.endpoint_url;
    if (g.fips) o.use_fips = true;
    if (g.dual_stack) o.use_dual_stack = true;
    o.max_attempts = g.max_attempts;
    if (g.retry_mode) o.retry_mode = cv::detail::parse_configured_retry_mode(*g.retry_mode);
    o.ca_bundle = g.ca_bundle;
    o.app_id = g.app_id;
    if (g.no_clock_skew_correction) o.disable_clock_skew_correction = true;
    return o;
}

std::string_view format_name(output_format f) {
    switch (f) {
    case output_format::json: return "json";
    case output_format::text: return "text";
    case output_format::table: return "table";
    case output_format::yaml: return "yaml";
    }
    return "json";
}

/// --output, else AWS_DEFAULT_OUTPUT, else the profile's `output`, else json.
std::expected<output_format, std::string> output_of(const global_options& g, const cv::client_settings* s,
                                                   std::string* source = nullptr) {
    std::optional<std::string> text = g.output;
    std::string where = "explicit";
    if (!text) {
        if (auto e = chime_cli::env("AWS_DEFAULT_OUTPUT")) {
            text = e;
            where = "environment: AWS_DEFAULT_OUTPUT";
        } else if (s) {
            if (auto p = cv::detail::profile_value(*s, "output")) {
                text = p->value;
                where = "profile: " + p->origin;
            }
        }
    }
    if (!text) {
        if (source) *source = "default";
        return output_format::json;
    }
    if (source) *source = where;
    if (auto f = chime_cli::parse_output_format(*text)) return *f;
    return std::unexpected("output must be json, text, table or yaml, not '" + *text + "' (set by " + where + ")");
}

chime_cli::transport_options network_of(const global_options& g, const cv::client_settings& s) {
    chime_cli::transport_options net;
    net.connect_timeout = g.connect_timeout;
    net.read_timeout = g.read_timeout;
    if (s.ca_bundle.value) net.ca_bundle = chime_cli::expand_home(*s.ca_bundle.value);
    net.verify = !g.no_verify_ssl;
    return net;
}

struct prepared {
    std::unique_ptr<client> c;
    output_format format = output_format::json;
};

/// Settings, credentials and the client; failures printed, with their exit status.
std::expected<prepared, int> prepare(const global_options& g) {
    const cv::settings_overrides o = overrides_of(g);
    chime_cli::transport_options net;
    net.connect_timeout = g.connect_timeout;
    net.read_timeout = g.read_timeout;
    net.verify = !g.no_verify_ssl;
    if (g.ca_bundle) net.ca_bundle = chime_cli::expand_home(*g.ca_bundle);
    auto s = chime_cli::resolve_settings(o, net);
    chime_cli::wipe_secret_environment(); // the chain has taken what it needs
    if (!s) {
        std::cerr << "chime-voice: " << escape_for_terminal(s.error()) << '\n';
        return std::unexpected(exit_config);
    }
    std::string output_source;
    auto fmt = output_of(g, &s->settings, &output_source);
    if (!fmt) {
        std::cerr << "chime-voice: " << escape_for_terminal(fmt.error()) << '\n';
        return std::unexpected(exit_config);
    }
    if (g.debug) {
        std::ostringstream os;
        os << s->settings;
        std::cerr << "chime-voice: debug: settings (value, then where it came from):\n";
        std::istringstream lines(os.str());
        for (std::string line; std::getline(lines, line);) std::cerr << "  " << escape_for_terminal(line) << '\n';
        std::cerr << "  output " << format_name(*fmt) << " (" << escape_for_terminal(output_source)
                  << ")\n";
        std::cerr << "chime-voice: debug: credentials from " << escape_for_terminal(s->credential_source) << ", region "
                  << escape_for_terminal(s->region) << '\n';
    }
    prepared p;
    p.format = *fmt;
    const auto network = network_of(g, s->settings);
    p.c = std::make_unique<client>(g, std::move(*s), network);
    return p;
}

// ----------------------------------------------------------------- output

/// The output with ResponseMetadata (only with --debug), as botocore builds it.
boost::json::value with_metadata(boost::json::value out, const call_result& r, bool debug) {
    if (!debug) return out;
    if (!out.is_object()) return out;
    boost::json::object meta;
    meta["RequestId"] = r.request_id;
    meta["HTTPStatusCode"] = r.http_status;
    boost::json::object headers;
    for (const auto& [n, v] : r.headers) {
        std::string lower = n;
        for (auto& ch : lower) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
        headers[lower] = v;
    }
    meta["HTTPHeaders"] = std::move(headers);
    meta["RetryAttempts"] = r.attempts - 1;
    out.get_object()["ResponseMetadata"] = std::move(meta);
    return out;
}

void print_output(const boost::json::value& v, output_format f, std::string_view op) {
    if (v.is_object() && v.get_object().empty()) return; // the AWS CLI prints nothing for an empty result
    if (v.is_null()) return;
    std::cout << chime_cli::render(v, f, op);
    std::cout.flush();
}

// ----------------------------------------------------------------- batch-delete-phone-number

std::string join_ids(const std::vector<std::string>& ids, std::size_t from, std::size_t to) {
    std::string s;
    for (std::size_t i = from; i < to; ++i) s += (i > from ? " " : "") + escape_for_terminal(ids[i]);
    return s;
}

int run_batch_delete(const global_options& g, const batch_delete_options& b, const CLI::App& sub) {
    const cv::operation_descriptor* d = cv::find_operation(batch_delete_name);
    if (sub.count("--generate-cli-skeleton") > 0) {
        std::cout << chime_cli::generate_cli_skeleton(*d, b.skeleton_kind == "output");
        return exit_ok;
    }
    boost::json::object input;
    if (b.input_json) {
        auto j = chime_cli::parse_cli_input_json(*b.input_json);
        if (!j) {
            usage_error(j.error());
            return exit_usage;
        }
        input = std::move(*j);
    }
    if (!b.ids.empty()) {
        auto l = chime_cli::parse_list_argument("--phone-number-ids", b.ids);
        if (!l) {
            usage_error(l.error());
            return exit_usage;
        }
        input["PhoneNumberIds"] = std::move(*l);
    }
    if (!input.contains("PhoneNumberIds")) {
        usage_error("the following arguments are required: --phone-number-ids");
        return exit_usage;
    }
    // Duplicates are sent once and counted once (first occurrence kept).
    std::vector<std::string> ids;
    if (const auto& v = input["PhoneNumberIds"]; v.is_array()) {
        std::set<std::string> seen;
        for (std::size_t i = 0; i < v.get_array().size(); ++i) {
            const auto& e = v.get_array()[i];
            if (!e.is_string()) {
                usage_error("Parameter validation failed: Invalid type for parameter PhoneNumberIds[" + std::to_string(i) +
                            "] (--phone-number-ids): a string is needed, not " + boost::json::serialize(e));
                return exit_usage;
            }
            std::string id(e.get_string());
            if (seen.insert(id).second) ids.push_back(std::move(id));
        }
        if (ids.size() != v.get_array().size())
            std::cerr << "chime-voice: " << (v.get_array().size() - ids.size())
                      << " duplicate phone number id(s) dropped (each number is sent once)\n";
    }

    auto p = prepare(g);
    if (!p) return p.error();
    client& c = *p->c;

    const std::size_t per_call = b.batch_size == 0 || ids.empty() ? std::max<std::size_t>(ids.size(), 1) : b.batch_size;
    struct batch {
        std::size_t from, to;
    };
    std::vector<batch> batches;
    for (std::size_t i = 0; i < std::max<std::size_t>(ids.size(), 1); i += per_call)
        batches.push_back({i, std::min(ids.size(), i + per_call)});

    auto input_of = [&](const batch& bt) {
        boost::json::object in = input;
        boost::json::array a;
        for (std::size_t i = bt.from; i < bt.to; ++i) a.emplace_back(ids[i]);
        in["PhoneNumberIds"] = std::move(a);
        return in;
    };

    if (g.dry_run) {
        for (std::size_t k = 0; k < batches.size(); ++k) {
            auto req = c.serialize(*d, input_of(batches[k]));
            if (!req) return req.error();
            if (k > 0) std::cout << "\r\n";
            if (int rc = c.dry_run(std::move(*req)); rc != exit_ok) return rc;
        }
        return exit_ok;
    }

    boost::json::array merged_errors;
    bool any_errors_member = false; // a response without the member prints as the AWS CLI prints it (nothing for {})
    std::optional<call_result> last;
    std::size_t done = 0; // batches answered
    std::uint32_t total_attempts = 0;
    for (std::size_t k = 0; k < batches.size(); ++k) {
        auto req = c.serialize(*d, input_of(batches[k]));
        if (!req) return req.error();
        auto r = c.call(*d, *req);
        if (!r) {
            if (batches.size() > 1 || r.error().exit_code == exit_interrupted) {
                if (r.error().exit_code == exit_interrupted) std::cerr << "chime-voice: interrupted\n";
                std::cerr << "chime-voice: sent and answered (" << batches[k].from << " number(s)): "
                          << (batches[k].from ? join_ids(ids, 0, batches[k].from) : "(none)") << '\n';
                std::cerr << "chime-voice: " << (r.error().maybe_applied ? "sent, no answer (may have been queued)"
                                                                        : "not sent")
                          << " (" << (batches[k].to - batches[k].from)
                          << " number(s)): " << join_ids(ids, batches[k].from, batches[k].to) << '\n';
                std::cerr << "chime-voice: not sent (" << (ids.size() - batches[k].to) << " number(s))"
                          << (batches[k].to < ids.size() ? ": " + join_ids(ids, batches[k].to, ids.size()) : "") << '\n';
                if (done > 0 && !merged_errors.empty()) {
                    boost::json::object partial;
                    partial["PhoneNumberErrors"] = merged_errors;
                    print_output(partial, p->format, d->name());
                }
            }
            return r.error().exit_code;
        }
        ++done;
        total_attempts += r->attempts;
        std::size_t errors_here = 0;
        if (r->output.is_object())
            if (const auto* e = r->output.get_object().if_contains("PhoneNumberErrors"); e && e->is_array()) {
                any_errors_member = true;
                for (const auto& x : e->get_array()) merged_errors.push_back(x);
                errors_here = e->get_array().size();
            }
        if (batches.size() > 1)
            std::cerr << "chime-voice: call " << (k + 1) << '/' << batches.size() << ": request id "
                      << (r->request_id.empty() ? "(none)" : escape_for_terminal(r->request_id)) << ", " << r->attempts
                      << " attempt" << (r->attempts == 1 ? "" : "s") << ", " << errors_here << " failed, numbers: "
                      << join_ids(ids, batches[k].from, batches[k].to) << '\n';
        last = std::move(*r);
    }

    boost::json::object out;
    if (last && last->output.is_object()) out = last->output.get_object();
    if (any_errors_member) out["PhoneNumberErrors"] = merged_errors;
    print_output(with_metadata(std::move(out), *last, g.debug), p->format, d->name());

    // The summary: distinct numbers asked for, distinct numbers refused.
    std::set<std::string> asked(ids.begin(), ids.end()), failed;
    bool unnamed_failure = false;
    for (const auto& e : merged_errors) {
        const auto* id = e.is_object() ? e.get_object().if_contains("PhoneNumberId") : nullptr;
        if (id && id->is_string() && asked.contains(std::string(id->get_string()))) failed.insert(std::string(id->get_string()));
        else unnamed_failure = true;
    }
    std::size_t nfailed = failed.size() + (unnamed_failure && failed.size() < asked.size() ? 1 : 0);
    const std::size_t queued = asked.size() > nfailed ? asked.size() - nfailed : 0;
    std::cerr << "chime-voice: " << queued << " of " << asked.size() << " phone number(s) queued for deletion";
    if (!merged_errors.empty()) std::cerr << ", " << nfailed << " failed";
    if (batches.size() == 1)
        std::cerr << " (request id " << (last->request_id.empty() ? "(none)" : escape_for_terminal(last->request_id))
                  << ", " << last->attempts << " attempt" << (last->attempts == 1 ? "" : "s") << ")\n";
    else
        std::cerr << " (" << batches.size() << " calls, " << total_attempts << " attempts)\n";
    return merged_errors.empty() ? exit_ok : exit_partial;
}

// ----------------------------------------------------------------- every other operation

int run_operation(const global_options& g, const chime_cli::operation_commands& ops) {
    const cv::operation_descriptor* d = ops.chosen();
    if (auto sk = ops.skeleton()) {
        std::cout << chime_cli::generate_cli_skeleton(*d, *sk);
        return exit_ok;
    }
    auto in = ops.input();
    if (!in) {
        usage_error(in.error());
        return exit_usage;
    }
    auto p = prepare(g);
    if (!p) return p.error();
    client& c = *p->c;
    boost::json::value input = std::move(*in);
    if (g.dry_run) {
        auto req = c.serialize(*d, input);
        if (!req) return req.error();
        return c.dry_run(std::move(*req));
    }
    // Pages are followed only where the AWS CLI follows them (ops.paginate():
    // a botocore paginator, no --no-paginate, no token or page size given).
    // --max-items stops the loop once enough items are in (the printed result
    // then carries the AWS CLI's NextToken for --starting-token).
    const bool paginate = ops.paginate() && !g.no_paginate;
    const chime_cli::page_limits limits = ops.limits();
    std::vector<boost::json::value> pages;
    std::optional<call_result> last;
    for (std::size_t page = 0;; ++page) {
        auto req = c.serialize(*d, input);
        if (!req) return req.error();
        auto r = c.call(*d, *req);
        if (!r) {
            if (r.error().exit_code == exit_interrupted)
                std::cerr << "chime-voice: interrupted after " << page << " page(s)\n";
            return r.error().exit_code;
        }
        pages.push_back(r->output);
        last = std::move(*r);
        if (!paginate || chime_cli::max_items_reached(*d, pages, limits)) break;
        auto next = d->next_input(input, pages.back());
        if (!next) break;
        input = std::move(*next);
        if (g.debug) std::cerr << "chime-voice: debug: next page (" << (page + 2) << ")\n";
    }
    for (auto& pg : pages) chime_cli::apply_cli_timestamp_format(pg, *d);
    if (paginate) {
        std::cout << chime_cli::render_pages(*d, pages, p->format, limits);
        std::cout.flush();
    } else {
        print_output(with_metadata(std::move(pages.back()), *last, g.debug), p->format, d->name());
    }
    return exit_ok;
}

// ----------------------------------------------------------------- parse

/// `parse [FILE]`: a raw HTTP/1.1 response (FILE, or standard input for none
/// or "-") through the library's parser for the operation.
int run_parse(const global_options& g, const parse_options& po) {
    const cv::operation_descriptor* d = cv::find_operation(po.operation);
    for (const auto& op : cv::operations) // the AWS CLI's name works too (get-phone-number)
        if (!d && chime_cli::cli_name(op.name()) == po.operation) d = &op;
    if (!d) {
        usage_error("parse --operation: no operation named '" + po.operation + "' (model names, e.g. ListPhoneNumbers)");
        return exit_usage;
    }
    std::string raw;
    if (po.file == "-") {
        raw.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
    } else {
        auto t = chime_cli::read_text_file(po.file, "the response file");
        if (!t || !*t) {
            usage_error(t ? "parse: no file " + po.file : "parse: " + t.error());
            return exit_usage;
        }
        raw = std::move(**t);
    }
    auto fmt = output_of(g, nullptr);
    if (!fmt) {
        usage_error(fmt.error());
        return exit_usage;
    }
    // Captured text often has bare LF line endings; HTTP/1.1 wants CRLF in the head.
    auto head_end = raw.find("\r\n\r\n");
    if (head_end == std::string::npos) {
        auto lf = raw.find("\n\n");
        if (lf != std::string::npos) {
            std::string head;
            for (char ch : std::string_view(raw).substr(0, lf + 2)) {
                if (ch == '\n') head += "\r\n";
                else head += ch;
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
    if ((ec && ec != http::error::need_more) || !parser.is_header_done()) {
        usage_error("parse: the input is not an HTTP/1.1 response" + (ec ? ": " + ec.message() : std::string(" (incomplete header)")));
        return exit_usage;
    }
    auto& msg = parser.get();
    std::vector<std::pair<std::string, std::string>> headers;
    for (const auto& f : msg) headers.emplace_back(std::string(f.name_string()), std::string(f.value()));
    cv::header_field_list views;
    for (const auto& [n, v] : headers) views.emplace_back(n, v);
    cv::http_response_view view{static_cast<int>(msg.result_int()), views, msg.body()};

    auto parsed = d->parse(view);
    std::cerr << "chime-voice: parse: HTTP " << view.status << ", " << headers.size() << " header(s), "
              << msg.body().size() << " byte body\n";
    // The observation only: a hostile Date never moves anything here.
    const auto seen = cv::observe_clock_skew(view, wall_clock(), wall_clock());
    if (seen.trusted() && seen.skew->count() != 0)
        std::cerr << "chime-voice: parse: the sender's clock differs from ours by " << signed_seconds(*seen.skew)
                  << "; a client would sign later requests with that correction\n";
    else if (seen.status == cv::skew_status::implausible_date)
        std::cerr << "chime-voice: parse: ignoring the Date (" << signed_seconds(*seen.apparent_skew)
                  << " from our clock, beyond the plausible skew)\n";
    if (parsed) {
        const std::string rid(view.find_header("x-amzn-requestid").value_or(""));
        std::size_t nerr = 0;
        if (parsed->is_object())
            if (const auto* e = parsed->get_object().if_contains("PhoneNumberErrors"); e && e->is_array())
                nerr = e->get_array().size();
        std::cerr << "chime-voice: parse: success, " << nerr << " per-number error(s), request id "
                  << (rid.empty() ? "(none)" : escape_for_terminal(rid)) << '\n';
        chime_cli::apply_cli_timestamp_format(*parsed, *d);
        print_output(*parsed, *fmt, d->name());
        return nerr == 0 ? exit_ok : exit_partial;
    }
    const cv::error& e = parsed.error();
    print_service_error(e, d->name());
    std::cerr << "chime-voice: parse: category " << cv::to_string(e.category);
    if (e.kind != cv::service_error_kind::none) std::cerr << ", kind " << cv::to_string(e.kind);
    std::cerr << ", retry class " << cv::to_string(cv::classify(e))
              << (cv::is_clock_skew_error(e) ? ", clock-skew error" : "") << '\n';
    return e.category == cv::error_category::service ? exit_service : exit_other;
}

// ----------------------------------------------------------------- main

int run(int argc, char** argv) {
    std::vector<std::string> args(argv + 1, argv + argc);
    // `chime-voice <command> help` and `chime-voice help`, as the AWS CLI takes them.
    if (!args.empty() && args.back() == "help") args.back() = "--help";
    // `chime-voice chime-sdk-voice <operation> ...` works too, so that an `aws`
    // command line runs with `aws` replaced: the service word is dropped where
    // the AWS CLI expects it (the first word that is not a global option or its value).
    {
        static constexpr std::string_view with_value[] = {"--region", "--endpoint-url", "--endpoint", "--profile",
                                                          "--output", "--retry-mode", "--max-attempts", "--ca-bundle",
                                                          "--cli-connect-timeout", "--connect-timeout",
                                                          "--cli-read-timeout", "--read-timeout", "--app-id"};
        for (std::size_t i = 0; i < args.size(); ++i) {
            if (args[i].starts_with("-")) {
                if (args[i].find('=') == std::string::npos &&
                    std::find(std::begin(with_value), std::end(with_value), args[i]) != std::end(with_value))
                    ++i;
                continue;
            }
            if (args[i] == "chime-sdk-voice") args.erase(args.begin() + static_cast<std::ptrdiff_t>(i));
            break;
        }
    }

    global_options g;
    batch_delete_options b;
    parse_options po;

    CLI::App app{"chime-voice: the Amazon Chime SDK Voice API (the AWS CLI's `aws chime-sdk-voice`), signed with the "
                 "chime_voice library and sent with libcurl.",
                 "chime-voice"};
    app.fallthrough(); // global options after the command too, as the AWS CLI takes them
    app.footer(std::string(help_footer));
    app.add_flag("--version", g.version, "print the version and exit");
    app.add_option("--region", g.region, "AWS region (e.g. us-east-1)");
    app.add_option("--endpoint-url,--endpoint", g.endpoint_url, "send to this URL instead of the regional endpoint");
    app.add_flag("--fips", g.fips, "use the FIPS endpoint");
    app.add_flag("--dual-stack", g.dual_stack, "use the dual-stack endpoint");
    app.add_option("--profile", g.profile, "profile of the shared files (environment credentials are then ignored)");
    app.add_option("--output", g.output, "json (default), text, table or yaml")
        ->check(CLI::IsMember({"json", "text", "table", "yaml"}));
    app.add_option("--retry-mode", g.retry_mode, "legacy, standard (default) or adaptive")
        ->check(CLI::IsMember({"legacy", "standard", "adaptive"}));
    app.add_option("--max-attempts", g.max_attempts, "attempts including the first (default 3; legacy 5)")
        ->check(CLI::Range(1u, 100u));
    app.add_option("--ca-bundle", g.ca_bundle, "PEM file of the CAs to trust for TLS");
    app.add_flag("--no-verify-ssl", g.no_verify_ssl, "do not verify TLS certificates (a warning is printed)");
    app.add_option("--cli-connect-timeout,--connect-timeout", g.connect_timeout, "seconds to connect (0: no limit; default 60)")
        ->check(CLI::Range(0L, 86400L));
    app.add_option("--cli-read-timeout,--read-timeout", g.read_timeout,
                   "seconds without data before giving up an attempt (0: no limit; default 60)")
        ->check(CLI::Range(0L, 86400L));
    app.add_option("--app-id", g.app_id, "the user agent's application id");
    app.add_flag("--no-clock-skew-correction", g.no_clock_skew_correction, "never correct the signing clock");
    app.add_flag("--debug", g.debug,
                 "settings with their sources, each attempt's request (redacted) and response on stderr; "
                 "ResponseMetadata in the output");
    app.add_flag("--dry-run", g.dry_run, "print the signed request (signature redacted) and send nothing");
    app.add_flag("--show-signature", g.show_signature, "with --dry-run: print the signature too (replayable for minutes)");
    app.add_flag("--no-paginate", g.no_paginate,
                 "one call only: print the first page and its next token (also after the subcommand)");

    CLI::App* del = app.add_subcommand("batch-delete-phone-number",
                                       "move phone numbers into the deletion queue (deleted after 7 days)");
    del->add_option("--phone-number-ids", b.ids, "the numbers (E.164): A B C, '[\"A\",\"B\"]' or file://ids.json")
        ->expected(1, -1);
    del->add_option("--cli-input-json", b.input_json, "the input as JSON, inline or file://PATH");
    del->add_option("--generate-cli-skeleton", b.skeleton_kind, "print a JSON skeleton of the input (or output)")
        ->expected(0, 1)
        ->default_str("input")
        ->check(CLI::IsMember({"input", "output"}));
    del->add_option("--batch-size", b.batch_size,
                    "at most N numbers per call: a long list becomes several calls (each signed and retried "
                    "on its own), their PhoneNumberErrors merged")
        ->check(CLI::Range(std::size_t{1}, std::size_t{100000}));

    CLI::App* parse = app.add_subcommand("parse", "read a raw HTTP/1.1 response (FILE, or standard input) and print "
                                                  "what the library makes of it");
    parse->add_option("file", po.file, "the captured response; - or nothing for standard input");
    parse->add_option("--operation", po.operation,
                      "the operation, by model or AWS CLI name (default BatchDeletePhoneNumber)");

    chime_cli::operation_commands ops(app);
    app.require_subcommand(0, 1);

    // CLI11 reads a value "[a,b]" of a list option as its own list syntax
    // (brackets dropped, split at commas, quotes kept): a JSON list would arrive
    // as '"+1..."' values. A trailing space keeps the value whole (JSON ignores
    // it). Only list options do this, so only their values are touched.
    {
        const CLI::App* sub = nullptr;
        std::string option;
        auto is_list_option = [&](const std::string& name) {
            const CLI::Option* o = sub ? sub->get_option_no_throw(name) : nullptr;
            if (!o) o = app.get_option_no_throw(name);
            return o != nullptr && o->get_allow_extra_args();
        };
        auto bracketed = [](std::string_view v) { return v.size() >= 2 && v.front() == '[' && v.back() == ']'; };
        for (auto& a : args) {
            if (a.starts_with("--")) {
                const auto eq = a.find('=');
                option = a.substr(0, eq);
                if (eq != std::string::npos && bracketed(std::string_view(a).substr(eq + 1)) && is_list_option(option))
                    a += ' ';
                if (eq != std::string::npos) option.clear();
                continue;
            }
            if (!sub)
                for (const CLI::App* c : app.get_subcommands({}))
                    if (c->get_name() == a) {
                        sub = c;
                        option.clear();
                    }
            if (bracketed(a) && !option.empty() && is_list_option(option)) a += ' ';
        }
    }
    std::vector<std::string> reversed(args.rbegin(), args.rend());
    try {
        app.parse(reversed);
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e) == 0 ? exit_ok : exit_usage;
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e) == 0 ? exit_ok : exit_usage;
    } catch (const CLI::ParseError& e) {
        std::string msg = e.what();
        // Typo hints: the unknown word against the known options and commands.
        std::vector<std::string> known;
        const CLI::App* chosen = nullptr;
        for (const CLI::App* s : app.get_subcommands()) chosen = s;
        collect_option_names(&app, known);
        if (chosen) collect_option_names(chosen, known);
        std::vector<std::string> commands;
        for (const CLI::App* s : app.get_subcommands({})) commands.push_back(s->get_name());
        std::vector<std::string> hints;
        for (const auto& a : args) {
            if (msg.find(a) == std::string::npos || a.empty()) continue;
            const std::string word = a.substr(0, a.find('='));
            auto h = suggestions(word, word.starts_with("-") ? known : commands);
            for (auto& x : h)
                if (x != word) hints.push_back(std::move(x));
            if (!hints.empty()) break;
        }
        if (!chosen && msg.find("not expected") != std::string::npos && !args.empty() && !args[0].starts_with("-"))
            msg = "argument command: Invalid choice '" + args[0] + "'";
        usage_error(msg);
        if (!hints.empty()) {
            std::cerr << "\nDid you mean:\n";
            for (const auto& h : hints) std::cerr << "  " << escape_for_terminal(h) << '\n';
        }
        return exit_usage;
    }

    if (g.version) {
        std::cout << "chime-voice " << cv::library_version << " (" << curl_version() << ", CLI11 " << CLI11_VERSION
                  << ")\n";
        return exit_ok;
    }
    if (g.show_signature && !g.dry_run) {
        usage_error("--show-signature goes with --dry-run");
        return exit_usage;
    }
    if (g.no_verify_ssl)
        std::cerr << "chime-voice: warning: --no-verify-ssl: TLS certificates are not verified; anyone on the path "
                     "can read and change the traffic\n";

    if (parse->parsed()) return run_parse(g, po);
    const bool batch = del->parsed();
    const bool other = ops.chosen() != nullptr;
    if (!batch && !other) {
        usage_error("the following arguments are required: command");
        return exit_usage;
    }
    if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
        std::cerr << "chime-voice: curl_global_init failed\n";
        return exit_other;
    }
    const int rc = batch ? run_batch_delete(g, b, *del) : run_operation(g, ops);
    curl_global_cleanup();
    if (rc == exit_interrupted && !chime_cli::interrupted) return exit_other;
    return rc;
}

} // namespace

int main(int argc, char** argv) {
    struct sigaction sa {};
    sa.sa_handler = chime_cli::on_sigint;
    sigemptyset(&sa.sa_mask);
    sa.sa_flags = 0;
    ::sigaction(SIGINT, &sa, nullptr);
    try {
        const int rc = run(argc, argv);
        return chime_cli::interrupted && rc != exit_ok ? exit_interrupted : rc;
    } catch (const std::bad_alloc&) {
        std::cerr << "chime-voice: out of memory\n";
        return exit_other;
    } catch (const std::exception& e) {
        std::cerr << "chime-voice: unexpected error: " << escape_for_terminal(e.what()) << '\n';
        return exit_other;
    }
}
