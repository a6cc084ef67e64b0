// SPDX-License-Identifier: BSL-1.0
// chime-voice-local — a loopback stand-in for the Chime SDK Voice
// BatchDeletePhoneNumber API, for demos and end-to-end tests.
//
// A single-threaded Boost.Beast HTTP/1.1 server on 127.0.0.1 that
//  * keeps an in-memory phone-number inventory seeded from a JSON file;
//  * verifies every request's SigV4 signature with chime_voice::sigv4::verify
//    (constant-time comparison) against the credentials given on the command
//    line, and answers like AWS does when it fails (403, X-Amzn-Errortype,
//    JSON body {"message": "..."});
//  * implements POST /phone-numbers?operation=batch-delete (BatchDeletePhoneNumber)
//    and GET /phone-numbers/{id} (the number, to check state);
//  * always sends Date (IMF-fixdate, RFC 9110 section 5.6.7, of its possibly
//    skewed clock) and x-amzn-RequestId;
//  * injects faults on request: throttling, 503 bursts, dropped connections,
//    a skewed clock;
//  * logs one line per request to stderr and stops on SIGINT/SIGTERM, after
//    --max-requests requests or after --timeout seconds.
//
// This is test tooling, not a model of everything the service does: messages
// are AWS-like, not byte-exact.
#include <chime_voice/credentials.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/json.hpp>

#include <charconv>
#include <csignal>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <ctime>
#include <fstream>
#include <iostream>
#include <map>
#include <optional>
#include <random>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace json = boost::json;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;

namespace {

constexpr int exit_usage = 64;

struct options {
    unsigned short port = 0;
    std::string port_file;
    std::string seed_file;
    std::string access_key_id = "AKIDEXAMPLE";
    std::string secret_access_key = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    std::string region = "us-east-1";
    std::uint64_t throttle_every = 0; // signed batch-deletes 1, N+1, 2N+1, ... get 429 (0 = never)
    std::uint64_t throttle_first = 0; // the first N signed batch-deletes get 429
    std::uint64_t fail_503 = 0;       // the first N batch-deletes get 503
    std::uint64_t close_first = 0;    // the first N batch-deletes are dropped unanswered
    long long clock_skew = 0;         // seconds added to the real clock
    std::uint64_t max_requests = 10000;
    long long timeout = 600;          // seconds before exiting by itself (0 = never)
    bool allow_unsigned_get = false;
    bool quiet = false;
};

void print_usage(std::ostream& os) {
    os << "usage: chime-voice-local [options]\n"
          "\n"
          "A loopback stand-in for Amazon Chime SDK Voice BatchDeletePhoneNumber on 127.0.0.1.\n"
          "\n"
          "  --port N               port to listen on (0 = pick a free one; default 0)\n"
          "  --port-file PATH       write the chosen port to PATH (atomically) once listening\n"
          "  --seed PATH            JSON inventory: {\"PhoneNumbers\": [{\"PhoneNumberId\": \"+1...\",\n"
          "                         \"Status\": \"Unassigned\", \"Associations\": [{\"Name\": \"VoiceConnectorId\",\n"
          "                         \"Value\": \"...\"}]}, ...]}; default: empty inventory\n"
          "  --access-key-id ID     credentials requests must be signed with\n"
          "  --secret-access-key S  (defaults: the AWS documentation example keys)\n"
          "  --region R             region of the SigV4 scope (default us-east-1)\n"
          "  --allow-unsigned-get   accept GET /phone-numbers/{id} without a signature (tests)\n"
          "\n"
          "fault injection (counted over batch-delete requests only):\n"
          "  --close-first N        close the connection without answering the first N\n"
          "  --fail-503 N           answer the next N with 503 ServiceUnavailableException\n"
          "  --throttle-every N     answer 429 ThrottledClientException to the first of every N\n"
          "                         correctly signed requests (numbers 1, N+1, 2N+1, ...; 1 = all)\n"
          "  --throttle-first N     answer 429 to the first N correctly signed requests\n"
          "  --clock-skew SECONDS   offset of the server clock (Date header, signature window)\n"
          "\n"
          "safety:\n"
          "  --max-requests N       exit after N requests (default 10000)\n"
          "  --timeout SECONDS      exit after SECONDS (default 600; 0 = never)\n"
          "  --quiet                no per-request log lines\n"
          "  --help                 this text\n"
          "\n"
          "Stops cleanly on SIGINT or SIGTERM. Logs one line per request to stderr:\n"
          "  request=N method=M target=T status=S error=TYPE request_id=ID\n";
}

template <class T>
bool parse_number(std::string_view s, T& out) {
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
    return ec == std::errc{} && p == s.data() + s.size();
}

std::optional<options> parse_args(int argc, char** argv) {
    options o;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        auto value = [&]() -> std::optional<std::string_view> {
            if (i + 1 >= argc) {
                std::cerr << "chime-voice-local: " << a << " needs a value\n";
                return std::nullopt;
            }
            return std::string_view(argv[++i]);
        };
        auto number = [&](auto& out) {
            auto v = value();
            if (!v) return false;
            if (!parse_number(*v, out)) {
                std::cerr << "chime-voice-local: " << a << ": not a number: " << *v << '\n';
                return false;
            }
            return true;
        };
        if (a == "--help" || a == "-h") {
            print_usage(std::cout);
            std::exit(0);
        } else if (a == "--port") {
            if (!number(o.port)) return std::nullopt;
        } else if (a == "--port-file") {
            auto v = value(); if (!v) return std::nullopt; o.port_file = *v;
        } else if (a == "--seed") {
            auto v = value(); if (!v) return std::nullopt; o.seed_file = *v;
        } else if (a == "--access-key-id") {
            auto v = value(); if (!v) return std::nullopt; o.access_key_id = *v;
        } else if (a == "--secret-access-key") {
            auto v = value(); if (!v) return std::nullopt; o.secret_access_key = *v;
        } else if (a == "--region") {
            auto v = value(); if (!v) return std::nullopt; o.region = *v;
        } else if (a == "--throttle-every") {
            if (!number(o.throttle_every)) return std::nullopt;
        } else if (a == "--throttle-first") {
            if (!number(o.throttle_first)) return std::nullopt;
        } else if (a == "--fail-503") {
            if (!number(o.fail_503)) return std::nullopt;
        } else if (a == "--close-first") {
            if (!number(o.close_first)) return std::nullopt;
        } else if (a == "--clock-skew") {
            if (!number(o.clock_skew)) return std::nullopt;
        } else if (a == "--max-requests") {
            if (!number(o.max_requests)) return std::nullopt;
        } else if (a == "--timeout") {
            if (!number(o.timeout)) return std::nullopt;
        } else if (a == "--allow-unsigned-get") {
            o.allow_unsigned_get = true;
        } else if (a == "--quiet") {
            o.quiet = true;
        } else {
            std::cerr << "chime-voice-local: unknown argument: " << a << " (see --help)\n";
            return std::nullopt;
        }
    }
    return o;
}

// ---------------------------------------------------------------- time text

std::tm to_utc_tm(std::chrono::sys_seconds t) {
    std::time_t tt = static_cast<std::time_t>(t.time_since_epoch().count());
    std::tm tm{};
    gmtime_r(&tt, &tm);
    return tm;
}

/// IMF-fixdate, RFC 9110 section 5.6.7: "Sun, 06 Nov 1994 08:49:37 GMT".
std::string imf_fixdate(std::chrono::sys_seconds t) {
    static constexpr const char* days[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    std::tm tm = to_utc_tm(t);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%s, %02d %s %04d %02d:%02d:%02d GMT", days[tm.tm_wday], tm.tm_mday,
                  months[tm.tm_mon], tm.tm_year + 1900, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

/// ISO 8601 / RFC 3339 date-time, as the model's Iso8601Timestamp shape.
std::string iso8601(std::chrono::sys_seconds t) {
    std::tm tm = to_utc_tm(t);
    char buf[96];
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.000Z", tm.tm_year + 1900, tm.tm_mon + 1,
                  tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec);
    return buf;
}

// ---------------------------------------------------------------- inventory

struct association {
    std::string name;  // VoiceConnectorId, VoiceConnectorGroupId, SipRuleId, UserId
    std::string value;
};

struct phone_number {
    std::string id;
    std::string e164;
    std::string country = "US";
    std::string type = "Local";
    std::string product_type = "VoiceConnector";
    std::string status = "Unassigned";
    std::string calling_name;
    std::vector<association> associations;
    std::string created;
    std::string updated;
    std::string deletion; // "" until queued for deletion
};

json::object to_json(const phone_number& p) {
    json::object o;
    o["PhoneNumberId"] = p.id;
    o["E164PhoneNumber"] = p.e164;
    o["Country"] = p.country;
    o["Type"] = p.type;
    o["ProductType"] = p.product_type;
    o["Status"] = p.status;
    json::array assoc;
    for (const auto& a : p.associations) {
        json::object x;
        x["Name"] = a.name;
        x["Value"] = a.value;
        x["AssociatedTimestamp"] = p.created;
        assoc.push_back(std::move(x));
    }
    o["Associations"] = std::move(assoc);
    if (!p.calling_name.empty()) o["CallingName"] = p.calling_name;
    o["CreatedTimestamp"] = p.created;
    o["UpdatedTimestamp"] = p.updated;
    if (!p.deletion.empty()) o["DeletionTimestamp"] = p.deletion;
    return o;
}

std::optional<std::string> string_member(const json::object& o, std::string_view key) {
    auto* v = o.if_contains(key);
    if (v == nullptr || !v->is_string()) return std::nullopt;
    return std::string(v->as_string());
}

/// Reads the seed file. Accepts {"PhoneNumbers": [...]} or a bare array.
std::optional<std::map<std::string, phone_number>> load_seed(const std::string& path, std::chrono::sys_seconds now) {
    std::map<std::string, phone_number> out;
    if (path.empty()) return out;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        std::cerr << "chime-voice-local: cannot read seed file " << path << '\n';
        return std::nullopt;
    }
    std::stringstream ss;
    ss << in.rdbuf();
    boost::system::error_code ec;
    json::value doc = json::parse(ss.str(), ec);
    if (ec) {
        std::cerr << "chime-voice-local: seed file " << path << " is not JSON: " << ec.message() << '\n';
        return std::nullopt;
    }
    const json::array* list = doc.if_array();
    if (list == nullptr && doc.is_object()) {
        if (auto* v = doc.as_object().if_contains("PhoneNumbers")) list = v->if_array();
    }
    if (list == nullptr) {
        std::cerr << "chime-voice-local: seed file " << path << ": expected {\"PhoneNumbers\": [...]}\n";
        return std::nullopt;
    }
    const std::string created = iso8601(now);
    std::size_t index = 0;
    for (const auto& item : *list) {
        ++index;
        const json::object* o = item.if_object();
        std::optional<std::string> id = o ? string_member(*o, "PhoneNumberId") : std::nullopt;
        if (!id || id->empty()) {
            std::cerr << "chime-voice-local: seed entry " << index << " has no PhoneNumberId\n";
            return std::nullopt;
        }
        phone_number p;
        p.id = *id;
        p.e164 = string_member(*o, "E164PhoneNumber").value_or(*id);
        if (auto v = string_member(*o, "Country")) p.country = *v;
        if (auto v = string_member(*o, "Type")) p.type = *v;
        if (auto v = string_member(*o, "ProductType")) p.product_type = *v;
        if (auto v = string_member(*o, "Status")) p.status = *v;
        if (auto v = string_member(*o, "CallingName")) p.calling_name = *v;
        if (auto* a = o->if_contains("Associations"); a && a->is_array()) {
            for (const auto& x : a->as_array()) {
                const json::object* xo = x.if_object();
                auto name = xo ? string_member(*xo, "Name") : std::nullopt;
                auto value = xo ? string_member(*xo, "Value") : std::nullopt;
                if (!name || !value) {
                    std::cerr << "chime-voice-local: seed entry " << index << ": bad association\n";
                    return std::nullopt;
                }
                p.associations.push_back({*name, *value});
            }
        }
        p.created = p.updated = created;
        out[p.id] = std::move(p);
    }
    return out;
}

// ---------------------------------------------------------------- service

/// What the handler decided; the session turns it into bytes.
struct reply {
    bool drop_connection = false; // fault injection: close without answering
    http::status status = http::status::ok;
    std::string error_type;        // "" on success; goes into X-Amzn-Errortype
    std::string error_type_suffix; // appended after ':' as AWS front ends do
    std::string body;
};

reply service_error(http::status status, std::string type, std::string code, std::string message) {
    reply r;
    r.status = status;
    r.error_type = std::move(type);
    json::object o;
    o["Code"] = code;
    o["Message"] = message;
    r.body = json::serialize(o);
    return r;
}

/// Errors raised by the AWS authentication layer (not the Chime model): the
/// type carries the coral URI suffix and the body has a lower-case "message".
reply auth_error(std::string type, std::string message) {
    reply r;
    r.status = http::status::forbidden;
    r.error_type = std::move(type);
    r.error_type_suffix = "http://internal.amazon.com/coral/com.amazon.coral.service/";
    json::object o;
    o["message"] = message;
    r.body = json::serialize(o);
    return r;
}

std::string percent_decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    auto hex = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '%' && i + 2 < s.size() && hex(s[i + 1]) >= 0 && hex(s[i + 2]) >= 0) {
            out.push_back(static_cast<char>(hex(s[i + 1]) * 16 + hex(s[i + 2])));
            i += 2;
        } else {
            out.push_back(s[i]);
        }
    }
    return out;
}

class service {
public:
    service(options o, std::map<std::string, phone_number> inventory)
        : opt_(std::move(o)), inventory_(std::move(inventory)),
          creds_(opt_.access_key_id, opt_.secret_access_key) {
        std::random_device rd;
        id_state_ = (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
    }

    std::chrono::sys_seconds now() const {
        return std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
               std::chrono::seconds(opt_.clock_skew);
    }

    std::uint64_t requests_seen() const { return requests_; }
    bool limit_reached() const { return opt_.max_requests != 0 && requests_ >= opt_.max_requests; }

    /// A request id that looks like the service's (a UUID).
    std::string next_request_id() {
        auto mix = [](std::uint64_t z) { // splitmix64
            z += 0x9e3779b97f4a7c15ULL;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            return z ^ (z >> 31);
        };
        std::uint64_t a = mix(id_state_++), b = mix(id_state_++);
        char buf[64];
        std::snprintf(buf, sizeof buf, "%08x-%04x-4%03x-%04x-%012llx", static_cast<unsigned>(a >> 32),
                      static_cast<unsigned>((a >> 16) & 0xffff), static_cast<unsigned>(a & 0xfff),
                      static_cast<unsigned>(0x8000 | ((b >> 48) & 0x3fff)),
                      static_cast<unsigned long long>(b & 0xffffffffffffULL));
        return buf;
    }

    reply handle(const http::request<http::string_body>& req) {
        ++requests_;
        std::string_view target(req.target().data(), req.target().size());
        std::string_view path = target.substr(0, target.find('?'));
        std::string_view query = path.size() < target.size() ? target.substr(path.size() + 1) : std::string_view{};

        const bool is_batch_delete = req.method() == http::verb::post && path == "/phone-numbers";
        constexpr std::string_view get_prefix = "/phone-numbers/";
        const bool is_get = req.method() == http::verb::get && path.starts_with(get_prefix) &&
                            path.size() > get_prefix.size();

        if (is_batch_delete) {
            // Faults that happen in front of the service, before authentication.
            if (closes_done_ < opt_.close_first) {
                ++closes_done_;
                reply r;
                r.drop_connection = true;
                return r;
            }
            if (fails_done_ < opt_.fail_503) {
                ++fails_done_;
                return service_error(http::status::service_unavailable, "ServiceUnavailableException",
                                     "ServiceUnavailable", "Service is currently unavailable. Try again later.");
            }
        }

        const bool unsigned_ok = is_get && opt_.allow_unsigned_get && req.find(http::field::authorization) == req.end();
        if (!unsigned_ok) {
            if (auto denied = authenticate(req, path, query)) return *denied;
        }

        if (is_batch_delete) {
            const std::uint64_t k = ++signed_batch_deletes_;
            if (k <= opt_.throttle_first || (opt_.throttle_every != 0 && (k - 1) % opt_.throttle_every == 0))
                return service_error(http::status::too_many_requests, "ThrottledClientException", "Throttled",
                                     "Rate exceeded");
            if (query != "operation=batch-delete")
                return service_error(http::status::bad_request, "BadRequestException", "BadRequest",
                                     "Unsupported operation for POST /phone-numbers");
            return batch_delete(req.body());
        }
        if (is_get) return get_phone_number(percent_decode(path.substr(get_prefix.size())));
        reply r = service_error(http::status::not_found, "UnknownOperationException", "NotFound",
                                "No operation matches this request");
        return r;
    }

private:
    std::optional<reply> authenticate(const http::request<http::string_body>& req, std::string_view path,
                                      std::string_view query) {
        chime_voice::http_request r;
        r.method = std::string(req.method_string());
        r.scheme = "http";
        if (auto h = req.find(http::field::host); h != req.end()) r.host = std::string(h->value());
        r.path = std::string(path);
        r.query = std::string(query);
        for (const auto& f : req) r.headers.push_back({std::string(f.name_string()), std::string(f.value())});
        r.body = req.body();

        chime_voice::sigv4::verify_options vo;
        vo.region = opt_.region;
        vo.service = "chime"; // the model's aws.auth#sigv4 name, not the "voice-chime" host prefix
        auto ok = chime_voice::sigv4::verify(r, creds_, now(), vo);
        if (ok) return std::nullopt;
        using chime_voice::sigv4::verify_failure;
        switch (ok.error().failure) {
        case verify_failure::missing_authorization:
            return auth_error("MissingAuthenticationTokenException", "Missing Authentication Token");
        case verify_failure::wrong_access_key:
            return auth_error("UnrecognizedClientException", "The security token included in the request is invalid.");
        default:
            return auth_error("InvalidSignatureException", ok.error().message);
        }
    }

    reply batch_delete(const std::string& body) {
        boost::system::error_code ec;
        json::value doc = json::parse(body, ec);
        if (ec || !doc.is_object())
            return service_error(http::status::bad_request, "BadRequestException", "BadRequest",
                                 "The request body is not a valid JSON object.");
        const json::value* ids = doc.as_object().if_contains("PhoneNumberIds");
        if (ids == nullptr || ids->is_null())
            return service_error(http::status::bad_request, "BadRequestException", "BadRequest",
                                 "1 validation error detected: Value null at 'phoneNumberIds' failed to "
                                 "satisfy constraint: Member must not be null");
        if (!ids->is_array())
            return service_error(http::status::bad_request, "BadRequestException", "BadRequest",
                                 "PhoneNumberIds must be a list of strings.");
        if (ids->as_array().empty())
            return service_error(http::status::bad_request, "BadRequestException", "BadRequest",
                                 "1 validation error detected: Value '[]' at 'phoneNumberIds' failed to "
                                 "satisfy constraint: Member must have length greater than or equal to 1");
        for (const auto& v : ids->as_array())
            if (!v.is_string() || v.as_string().empty())
                return service_error(http::status::bad_request, "BadRequestException", "BadRequest",
                                     "PhoneNumberIds must contain only non-empty strings.");

        const auto t = now();
        json::array errors;
        auto add_error = [&](std::string_view id, std::string_view code, std::string_view msg) {
            json::object e;
            e["PhoneNumberId"] = id;
            e["ErrorCode"] = code;
            e["ErrorMessage"] = msg;
            errors.push_back(std::move(e));
        };
        for (const auto& v : ids->as_array()) {
            std::string id(v.as_string());
            auto it = inventory_.find(id);
            if (it == inventory_.end()) {
                add_error(id, "NotFound", "Phone number not found.");
                continue;
            }
            phone_number& p = it->second;
            if (!p.associations.empty()) {
                add_error(id, "PhoneNumberAssociationsExist",
                          "Phone number is associated with a user or a Voice Connector. Disassociate it "
                          "before deleting it.");
                continue;
            }
            if (p.status == "DeleteInProgress") continue; // already queued: nothing to do
            p.status = "DeleteInProgress";
            p.updated = iso8601(t);
            p.deletion = iso8601(t + std::chrono::days(7));
        }
        json::object o;
        o["PhoneNumberErrors"] = std::move(errors);
        reply r;
        r.body = json::serialize(o);
        return r;
    }

    reply get_phone_number(const std::string& id) {
        auto it = inventory_.find(id);
        if (it == inventory_.end())
            return service_error(http::status::not_found, "NotFoundException", "NotFound",
                                 "The requested phone number was not found.");
        json::object o;
        o["PhoneNumber"] = to_json(it->second);
        reply r;
        r.body = json::serialize(o);
        return r;
    }

    options opt_;
    std::map<std::string, phone_number> inventory_;
    chime_voice::credentials creds_;
    std::uint64_t requests_ = 0;
    std::uint64_t closes_done_ = 0;
    std::uint64_t fails_done_ = 0;
    std::uint64_t signed_batch_deletes_ = 0;
    std::uint64_t id_state_ = 0;
};

/// Target as logged: a GET's path segment is a PhoneNumberId (sensitive in
/// the model), so it is redacted.
std::string loggable_target(std::string_view target) {
    constexpr std::string_view prefix = "/phone-numbers/";
    if (target.starts_with(prefix) && target.size() > prefix.size()) return std::string(prefix) + "<redacted>";
    return std::string(target);
}

struct server {
    options opt;
    service svc;
    asio::io_context& io;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    asio::steady_timer deadline;
    std::string stop_reason;

    server(asio::io_context& ctx, options o, std::map<std::string, phone_number> inv)
        : opt(o), svc(std::move(o), std::move(inv)), io(ctx), acceptor(ctx), signals(ctx, SIGINT, SIGTERM),
          deadline(ctx) {}

    void stop(std::string why) {
        if (!stop_reason.empty()) return;
        stop_reason = std::move(why);
        boost::system::error_code ec;
        acceptor.close(ec);
        signals.cancel(ec);
        deadline.cancel();
        io.stop();
    }

    void log(std::uint64_t n, std::string_view method, std::string_view target, std::string_view status,
             std::string_view error_type, std::string_view request_id) const {
        if (opt.quiet) return;
        std::cerr << "chime-voice-local: request=" << n << " method=" << method
                  << " target=" << loggable_target(target) << " status=" << status
                  << " error=" << (error_type.empty() ? "-" : error_type)
                  << " request_id=" << (request_id.empty() ? "-" : request_id) << std::endl;
    }

    asio::awaitable<void> session(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        beast::flat_buffer buffer;
        boost::system::error_code ec;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.body_limit(1 << 20);
            stream.expires_after(30s);
            co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            if (ec == http::error::body_limit) { // answer, then drop the connection
                http::response<http::string_body> res{http::status::payload_too_large, 11};
                const std::string request_id = svc.next_request_id();
                res.set(http::field::date, imf_fixdate(svc.now()));
                res.set("x-amzn-RequestId", request_id);
                res.set(http::field::content_type, "application/json");
                res.keep_alive(false);
                res.body() = R"({"message":"Request Entity Too Large"})";
                res.prepare_payload();
                log(svc.requests_seen(), "-", "-", "413", "-", request_id);
                co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
                break;
            }
            if (ec) break;
            http::request<http::string_body> req = parser.release();
            reply r = svc.handle(req);
            const std::uint64_t n = svc.requests_seen();
            std::string_view method(req.method_string().data(), req.method_string().size());
            std::string_view target(req.target().data(), req.target().size());
            if (r.drop_connection) {
                log(n, method, target, "closed", "-", "-");
                stream.socket().shutdown(tcp::socket::shutdown_both, ec);
                stream.socket().close(ec);
                if (svc.limit_reached()) stop("max-requests reached");
                co_return;
            }
            http::response<http::string_body> res{r.status, req.version()};
            const std::string request_id = svc.next_request_id();
            res.set(http::field::date, imf_fixdate(svc.now()));
            res.set("x-amzn-RequestId", request_id);
            res.set(http::field::content_type, "application/json");
            if (!r.error_type.empty()) {
                res.set("X-Amzn-Errortype", r.error_type_suffix.empty() ? r.error_type
                                                                        : r.error_type + ":" + r.error_type_suffix);
            }
            res.keep_alive(req.keep_alive());
            res.body() = std::move(r.body);
            res.prepare_payload();
            log(n, method, target, std::to_string(static_cast<unsigned>(r.status)), r.error_type, request_id);
            stream.expires_after(30s);
            co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            if (svc.limit_reached()) {
                stop("max-requests reached");
                break;
            }
            if (ec || !res.keep_alive()) break;
        }
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    asio::awaitable<void> accept_loop() {
        for (;;) {
            boost::system::error_code ec;
            tcp::socket s = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                if (!acceptor.is_open()) co_return;
                continue;
            }
            asio::co_spawn(io, session(std::move(s)), asio::detached);
        }
    }
};

bool write_port_file(const std::string& path, unsigned short port) {
    const std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::trunc);
        if (!out) return false;
        out << port << '\n';
        if (!out) return false;
    }
    return std::rename(tmp.c_str(), path.c_str()) == 0;
}

} // namespace

int main(int argc, char** argv) {
    auto parsed = parse_args(argc, argv);
    if (!parsed) return exit_usage;
    options opt = *parsed;
    if (opt.access_key_id.empty() || opt.secret_access_key.empty()) {
        std::cerr << "chime-voice-local: --access-key-id and --secret-access-key must not be empty\n";
        return exit_usage;
    }

    const auto start = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
                       std::chrono::seconds(opt.clock_skew);
    auto inventory = load_seed(opt.seed_file, start);
    if (!inventory) return exit_usage;

    asio::io_context io(1);
    server srv(io, opt, std::move(*inventory));

    boost::system::error_code ec;
    tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), opt.port);
    srv.acceptor.open(ep.protocol(), ec);
    if (!ec) srv.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) srv.acceptor.bind(ep, ec);
    if (!ec) srv.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::cerr << "chime-voice-local: cannot listen on 127.0.0.1:" << opt.port << ": " << ec.message() << '\n';
        return 2;
    }
    const unsigned short port = srv.acceptor.local_endpoint().port();
    if (!opt.port_file.empty() && !write_port_file(opt.port_file, port)) {
        std::cerr << "chime-voice-local: cannot write port file " << opt.port_file << '\n';
        return 2;
    }
    std::cout << "chime-voice-local: listening on http://127.0.0.1:" << port << std::endl;

    srv.signals.async_wait([&](const boost::system::error_code& e, int sig) {
        if (!e) srv.stop(sig == SIGTERM ? "SIGTERM" : "SIGINT");
    });
    if (opt.timeout > 0) {
        srv.deadline.expires_after(std::chrono::seconds(opt.timeout));
        srv.deadline.async_wait([&](const boost::system::error_code& e) {
            if (!e) srv.stop("timeout after " + std::to_string(opt.timeout) + " s");
        });
    }
    asio::co_spawn(io, srv.accept_loop(), asio::detached);
    io.run();
    if (srv.stop_reason.empty()) srv.stop_reason = "no more work";
    std::cerr << "chime-voice-local: stopped (" << srv.stop_reason << ") after " << srv.svc.requests_seen()
              << " requests" << std::endl;
    return 0;
}
