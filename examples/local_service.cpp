// SPDX-License-Identifier: BSL-1.0
// chime-voice-local — a loopback stand-in for the Chime SDK Voice API's
// phone-number lifecycle, for demos and end-to-end tests.
//
// A single-threaded Boost.Beast HTTP/1.1 server on 127.0.0.1 that
//  * keeps an in-memory inventory (phone numbers, Voice Connectors, orders)
//    seeded from a JSON file (examples/local/service.hpp);
//  * verifies every request's SigV4 signature with chime_voice::sigv4::verify
//    (constant-time comparison) against the credentials given on the command
//    line, and answers like AWS does when it fails (403, X-Amzn-Errortype,
//    JSON body {"message": "..."});
//  * implements the phone-number lifecycle: search, order, list/get, update,
//    associate/disassociate with a Voice Connector, delete into the deletion
//    queue (--deletion-window, 7 days by default), restore; the other
//    operations of the model answer 400 BadRequestException "not implemented";
//  * always sends Date (IMF-fixdate, RFC 9110 section 5.6.7, of its possibly
//    skewed clock) and x-amzn-RequestId;
//  * injects faults on request: throttling, 503 bursts, dropped connections,
//    a skewed clock;
//  * bounds what a client can make it hold (issue 14): header and body size,
//    the time to send a request, the number of concurrent connections; a
//    malformed request gets an HTTP answer (400, 431, 413, 501) and the
//    connection is closed; when it runs out of file descriptors it backs off
//    instead of spinning;
//  * logs one line per request to stderr and stops on SIGINT/SIGTERM, after
//    --max-requests requests or after --timeout seconds.
//
// This is test tooling, not a model of everything the service does: messages
// are AWS-like, not byte-exact.
#include "local/common.hpp"
#include "local/service.hpp"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <iostream>
#include <optional>
#include <set>
#include <string>
#include <string_view>

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;
using namespace std::chrono_literals;
using chime_local::options;

namespace {

constexpr int exit_usage = 64;

void print_usage(std::ostream& os) {
    os << "usage: chime-voice-local [options]\n"
          "\n"
          "A loopback stand-in for the Amazon Chime SDK Voice phone-number lifecycle on 127.0.0.1.\n"
          "Implemented: SearchAvailablePhoneNumbers, CreatePhoneNumberOrder, GetPhoneNumberOrder,\n"
          "ListPhoneNumbers, GetPhoneNumber, UpdatePhoneNumber, BatchUpdatePhoneNumber,\n"
          "DeletePhoneNumber, BatchDeletePhoneNumber, RestorePhoneNumber, CreateVoiceConnector,\n"
          "GetVoiceConnector, DeleteVoiceConnector, AssociatePhoneNumbersWithVoiceConnector,\n"
          "DisassociatePhoneNumbersFromVoiceConnector. The other operations of the model answer\n"
          "400 BadRequestException \"operation X is not implemented by chime-voice-local\".\n"
          "\n"
          "  --port N               port to listen on (0 = pick a free one; default 0)\n"
          "  --port-file PATH       write the chosen port to PATH (atomically) once listening\n"
          "  --seed PATH            JSON inventory: {\"PhoneNumbers\": [{\"PhoneNumberId\": \"+1...\",\n"
          "                         \"Status\": \"Unassigned\", \"Associations\": [{\"Name\": \"VoiceConnectorId\",\n"
          "                         \"Value\": \"...\"}]}, ...], \"VoiceConnectors\": [{\"VoiceConnectorId\":\n"
          "                         \"...\", \"Name\": \"...\"}]}; default: empty inventory\n"
          "  --access-key-id ID     credentials requests must be signed with\n"
          "  --secret-access-key S  (defaults: the AWS documentation example keys; the argument\n"
          "                         is wiped from the process's argv once read)\n"
          "  --region R             region of the SigV4 scope (default us-east-1)\n"
          "  --allow-unsigned-get   accept GET /phone-numbers/{id} without a signature (tests)\n"
          "\n"
          "lifecycle timing:\n"
          "  --deletion-window S    seconds a deleted number stays in the deletion queue, restorable,\n"
          "                         before it is gone (default 604800 = 7 days; DeletionTimestamp is\n"
          "                         the time it goes)\n"
          "  --order-delay S        seconds after which an order completes by itself (default 2; the\n"
          "                         first GetPhoneNumberOrder completes it at once)\n"
          "\n"
          "fault injection (counted over batch-delete requests only):\n"
          "  --close-first N        close the connection without answering the first N\n"
          "  --fail-503 N           answer the next N with 503 ServiceUnavailableException\n"
          "  --throttle-every N     answer 429 ThrottledClientException to the first of every N\n"
          "                         correctly signed requests (numbers 1, N+1, 2N+1, ...; 1 = all)\n"
          "  --throttle-first N     answer 429 to the first N correctly signed requests\n"
          "  --clock-skew SECONDS   offset of the server clock (Date header, signature window)\n"
          "\n"
          "resource bounds (beyond them: an HTTP answer, then the connection is closed):\n"
          "  --header-limit BYTES   request line and headers (default 16384; beyond: 431)\n"
          "  --body-limit BYTES     request body (default 1048576; beyond: 413)\n"
          "  --read-timeout S       seconds to receive a whole request, and to wait idle on a\n"
          "                         keep-alive connection (default 10; decimals allowed)\n"
          "  --max-connections N    concurrent connections (default 256; beyond: 503)\n"
          "\n"
          "safety:\n"
          "  --max-requests N       exit after N requests (default 10000)\n"
          "  --timeout SECONDS      exit after SECONDS (default 600; 0 = never)\n"
          "  --quiet                no per-request log lines\n"
          "  --help                 this text\n"
          "\n"
          "Stops cleanly on SIGINT or SIGTERM. Logs one line per request to stderr:\n"
          "  request=N method=M target=T status=S error=TYPE request_id=ID op=OPERATION\n"
          "(PhoneNumberIds in targets are shown as <redacted>).\n";
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
            auto v = value(); if (!v) return std::nullopt;
            o.secret_access_key.assign(*v);
            // The argv copy is wiped (what /proc/PID/cmdline shows from now on).
            std::memset(argv[i], 0, v->size());
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
        } else if (a == "--deletion-window") {
            if (!number(o.deletion_window) || o.deletion_window < 0) return std::nullopt;
        } else if (a == "--order-delay") {
            if (!number(o.order_delay) || o.order_delay < 0) return std::nullopt;
        } else if (a == "--header-limit") {
            if (!number(o.header_limit) || o.header_limit < 64) {
                std::cerr << "chime-voice-local: --header-limit must be at least 64\n";
                return std::nullopt;
            }
        } else if (a == "--body-limit") {
            if (!number(o.body_limit)) return std::nullopt;
        } else if (a == "--read-timeout") {
            double s = 0;
            if (!number(s) || !(s > 0) || s > 86400) {
                std::cerr << "chime-voice-local: --read-timeout must be in (0, 86400]\n";
                return std::nullopt;
            }
            o.read_timeout_ms = static_cast<long long>(s * 1000);
            if (o.read_timeout_ms < 1) o.read_timeout_ms = 1;
        } else if (a == "--max-connections") {
            if (!number(o.max_connections) || o.max_connections == 0) {
                std::cerr << "chime-voice-local: --max-connections must be at least 1\n";
                return std::nullopt;
            }
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

/// Target as logged: PhoneNumberId path labels and filter values are
/// sensitive in the model, so they are redacted.
std::string loggable_target(std::string_view target) {
    const auto qpos = target.find('?');
    std::string_view path = target.substr(0, qpos);
    std::string out;
    constexpr std::string_view prefix = "/phone-numbers/";
    if (path.starts_with(prefix) && path.size() > prefix.size()) out = std::string(prefix) + "<redacted>";
    else out = std::string(path);
    if (qpos == std::string_view::npos) return out;
    std::string_view q = target.substr(qpos + 1);
    out += '?';
    bool first = true;
    while (!q.empty()) {
        const auto amp = q.find('&');
        std::string_view part = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
        if (!first) out += '&';
        first = false;
        const auto eq = part.find('=');
        const std::string_view name = part.substr(0, eq);
        if (name == "filter-value" || name == "next-token") out += std::string(name) + "=<redacted>";
        else out += part;
    }
    return out;
}

std::string lower_trimmed(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    std::string out(s);
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

/// An answer of the HTTP front itself (no operation involved).
struct refusal {
    http::status status;
    std::string error_type; // "" when the model has none for it
    std::string message;
};

/// What a parse error of Beast gets: 431 for headers over the limit, 413
/// for a body over it, 400 for everything else (bad syntax, bare LF, NUL,
/// a bad chunk, conflicting Content-Lengths...).
refusal refusal_for(const boost::system::error_code& ec) {
    if (ec == http::error::header_limit)
        return {http::status::request_header_fields_too_large, "", "Request Header Fields Too Large"};
    if (ec == http::error::body_limit) return {http::status::payload_too_large, "", "Request Entity Too Large"};
    return {http::status::bad_request, "BadRequestException", "Malformed HTTP request: " + ec.message()};
}

/// Checks of the header that Beast leaves to the server (RFC 9112 section
/// 6.1 and 6.3, RFC 9110 section 7.2). nullopt when the request may go on.
template <class Fields>
std::optional<refusal> check_framing(const http::request_header<Fields>& h) {
    std::size_t lengths = 0, codings = 0, hosts = 0;
    std::string first_length, coding;
    bool lengths_differ = false;
    for (const auto& f : h) {
        if (f.name() == http::field::content_length) {
            const std::string v = lower_trimmed(f.value());
            if (lengths++ == 0) first_length = v;
            else if (v != first_length) lengths_differ = true;
        } else if (f.name() == http::field::transfer_encoding) {
            if (codings++ != 0) coding += ',';
            coding += lower_trimmed(f.value());
        } else if (f.name() == http::field::host) {
            ++hosts;
        }
    }
    if (lengths_differ) return refusal{http::status::bad_request, "BadRequestException", "Conflicting Content-Length headers"};
    if (codings != 0 && lengths != 0)
        return refusal{http::status::bad_request, "BadRequestException",
                       "Both Content-Length and Transfer-Encoding (RFC 9112 section 6.3)"};
    if (codings != 0 && coding != "chunked")
        return refusal{http::status::not_implemented, "",
                       "Transfer-Encoding other than chunked is not implemented"};
    if (auto e = h.find(http::field::expect); e != h.end() && lower_trimmed(e->value()) != "100-continue")
        return refusal{http::status::expectation_failed, "", "Only Expect: 100-continue is supported"};
    if (h.version() >= 11 && hosts != 1)
        return refusal{http::status::bad_request, "BadRequestException",
                       hosts == 0 ? "HTTP/1.1 request without Host (RFC 9112 section 3.2)"
                                  : "More than one Host header (RFC 9112 section 3.2)"};
    return std::nullopt;
}

template <class Fields>
bool expects_continue(const http::request_header<Fields>& h) {
    if (h.version() < 11) return false;
    auto it = h.find(http::field::expect);
    return it != h.end() && lower_trimmed(it->value()) == "100-continue";
}

struct server {
    options opt;
    chime_local::service svc;
    asio::io_context& io;
    tcp::acceptor acceptor;
    asio::signal_set signals;
    asio::steady_timer deadline;
    std::string stop_reason;
    std::size_t active = 0;   // connections being served
    std::size_t refusing = 0; // connections being answered 503 at the cap
    std::set<beast::tcp_stream*> streams; // every open connection, to close them on stop
    asio::steady_timer backoff_timer;     // the accept loop's back-off
    asio::steady_timer last_resort;       // stop(): io.stop() if the connections do not end in time

    server(asio::io_context& ctx, options o, chime_local::inventory inv)
        : opt(o), svc(std::move(o), std::move(inv)), io(ctx), acceptor(ctx), signals(ctx, SIGINT, SIGTERM),
          deadline(ctx), backoff_timer(ctx), last_resort(ctx) {
        opt.secret_access_key.clear(); // the service holds the one copy
    }

    /// Registers a connection's stream for stop(); the guard unregisters it.
    struct stream_guard {
        server& srv;
        beast::tcp_stream* s;
        std::size_t& count;
        stream_guard(server& sv, beast::tcp_stream& st, std::size_t& n) : srv(sv), s(&st), count(n) {
            srv.streams.insert(s);
            ++count;
        }
        ~stream_guard() {
            srv.streams.erase(s);
            --count;
            if (!srv.stop_reason.empty() && srv.streams.empty()) srv.last_resort.cancel(); // all ended in time
        }
        stream_guard(const stream_guard&) = delete;
        stream_guard& operator=(const stream_guard&) = delete;
    };

    void stop(std::string why) {
        if (!stop_reason.empty()) return;
        stop_reason = std::move(why);
        boost::system::error_code ec;
        acceptor.close(ec);
        signals.cancel(ec);
        deadline.cancel();
        backoff_timer.cancel();
        // Every coroutine ends by itself once its connection is closed, so
        // io.run() returns with no coroutine frame left to destroy later.
        for (beast::tcp_stream* st : streams) st->close();
        if (streams.empty()) return;
        last_resort.expires_after(3s);
        last_resort.async_wait([this](const boost::system::error_code& e) {
            if (!e) io.stop();
        });
    }

    void log(std::uint64_t n, std::string_view method, std::string_view target, std::string_view status,
             std::string_view error_type, std::string_view request_id, std::string_view op = {}) const {
        if (opt.quiet) return;
        std::cerr << "chime-voice-local: request=" << n << " method=" << method
                  << " target=" << (target == "-" ? std::string("-") : loggable_target(target)) << " status=" << status
                  << " error=" << (error_type.empty() ? "-" : error_type)
                  << " request_id=" << (request_id.empty() ? "-" : request_id) << " op=" << (op.empty() ? "-" : op)
                  << std::endl;
    }

    std::chrono::milliseconds read_timeout() const { return std::chrono::milliseconds(opt.read_timeout_ms); }

    http::response<http::string_body> make_response(http::status status, unsigned version, std::string_view error_type,
                                                    std::string body, std::string& request_id) {
        http::response<http::string_body> res{status, version};
        request_id = svc.next_request_id();
        res.set(http::field::date, chime_local::imf_fixdate(svc.now()));
        res.set("x-amzn-RequestId", request_id);
        if (!error_type.empty()) res.set("X-Amzn-Errortype", error_type);
        if (status != http::status::no_content) {
            res.set(http::field::content_type, "application/json");
            res.body() = std::move(body);
        }
        res.prepare_payload();
        return res;
    }

    /// Closes after an answer the client may not have finished sending to:
    /// stop sending, read and drop what still comes (bounded), then close, so
    /// that the client reads the answer instead of a reset.
    asio::awaitable<void> linger_close(beast::tcp_stream& stream) {
        boost::system::error_code ec;
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        stream.expires_after(std::min<std::chrono::milliseconds>(read_timeout(), 2000ms));
        char sink[4096];
        std::size_t total = 0;
        while (!ec && total < (256u << 10)) {
            total += co_await stream.async_read_some(asio::buffer(sink), asio::redirect_error(asio::use_awaitable, ec));
        }
        stream.socket().close(ec);
    }

    /// An answer from the HTTP front, then close (Connection: close).
    asio::awaitable<void> refuse(beast::tcp_stream& stream, const refusal& r, unsigned version) {
        svc.count_refused();
        boost::json::object o;
        o["message"] = r.message;
        std::string request_id;
        auto res = make_response(r.status, version == 10 ? 10 : 11, r.error_type, boost::json::serialize(o), request_id);
        res.keep_alive(false);
        log(svc.requests_seen(), "-", "-", std::to_string(static_cast<unsigned>(r.status)), r.error_type, request_id);
        boost::system::error_code ec;
        stream.expires_after(std::min<std::chrono::milliseconds>(read_timeout(), 2000ms));
        co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
        if (!ec) co_await linger_close(stream);
        if (svc.limit_reached()) stop("max-requests reached");
    }

    asio::awaitable<void> refuse_busy(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        stream_guard guard(*this, stream, refusing);
        // (A named value, not a temporary in the co_await expression: GCC 12
        // destroys such temporaries twice.)
        const refusal busy{http::status::service_unavailable, "ServiceUnavailableException",
                           "Too many connections (" + std::to_string(opt.max_connections) + "); try again later."};
        co_await refuse(stream, busy, 11);
    }

    asio::awaitable<void> session(tcp::socket socket) {
        beast::tcp_stream stream(std::move(socket));
        stream_guard guard(*this, stream, active);
        // Bounded too: at most one request's worth plus one read ahead (pipelining).
        beast::flat_buffer buffer(opt.header_limit + opt.body_limit + 65536);
        boost::system::error_code ec;
        for (;;) {
            http::request_parser<http::string_body> parser;
            parser.header_limit(static_cast<std::uint32_t>(std::min<std::size_t>(opt.header_limit, UINT32_MAX)));
            parser.body_limit(opt.body_limit);
            // One deadline for the whole request, from the moment the server
            // waits for it: idle keep-alive time, headers and body together.
            // A client that trickles bytes (slowloris) is cut at the deadline.
            stream.expires_after(read_timeout());
            co_await http::async_read_header(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            if (!ec) {
                if (auto bad = check_framing(parser.get())) {
                    co_await refuse(stream, *bad, parser.get().version());
                    co_return;
                }
                if (!parser.is_done() && expects_continue(parser.get())) {
                    // RFC 9110 section 10.1.1: a client waiting for 100 (libcurl
                    // does for larger bodies) gets it instead of a pause.
                    static constexpr std::string_view cont = "HTTP/1.1 100 Continue\r\n\r\n";
                    co_await asio::async_write(stream, asio::buffer(cont.data(), cont.size()),
                                               asio::redirect_error(asio::use_awaitable, ec));
                }
                if (!ec && !parser.is_done())
                    co_await http::async_read(stream, buffer, parser, asio::redirect_error(asio::use_awaitable, ec));
            }
            if (!stop_reason.empty()) co_return;
            if (ec == beast::error::timeout) {
                if (buffer.size() != 0 || parser.got_some())
                    log(svc.requests_seen(), "-", "-", "timeout", "-", "-");
                co_return; // tcp_stream closed the socket
            }
            if (ec && (ec == http::error::end_of_stream || ec == http::error::partial_message ||
                       ec.category() != http::make_error_code(http::error::end_of_stream).category())) {
                break; // the client went away (or the socket failed): nobody to answer
            }
            if (ec) {
                const refusal bad = refusal_for(ec);
                co_await refuse(stream, bad, parser.get().version());
                co_return;
            }
            http::request<http::string_body> req = parser.release();
            chime_local::reply r = svc.handle(req);
            const std::uint64_t n = svc.requests_seen();
            std::string_view method(req.method_string().data(), req.method_string().size());
            std::string_view target(req.target().data(), req.target().size());
            if (r.drop_connection) {
                log(n, method, target, "closed", "-", "-", r.operation);
                stream.socket().shutdown(tcp::socket::shutdown_both, ec);
                stream.socket().close(ec);
                if (svc.limit_reached()) stop("max-requests reached");
                co_return;
            }
            std::string request_id;
            const std::string type = r.error_type.empty() || r.error_type_suffix.empty()
                                         ? r.error_type
                                         : r.error_type + ":" + r.error_type_suffix;
            auto res = make_response(r.status, req.version(), type, std::move(r.body), request_id);
            res.keep_alive(req.keep_alive());
            log(n, method, target, std::to_string(static_cast<unsigned>(r.status)), r.error_type, request_id,
                r.operation);
            stream.expires_after(read_timeout());
            co_await http::async_write(stream, res, asio::redirect_error(asio::use_awaitable, ec));
            if (svc.limit_reached()) {
                stop("max-requests reached");
                break;
            }
            if (ec || !res.keep_alive()) break;
        }
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
    }

    /// Accepts until the acceptor closes. A failed accept (EMFILE, ENFILE,
    /// ENOBUFS...) leaves the connection in the backlog, so retrying at once
    /// would spin: the loop waits 10 ms, doubling up to 1 s, logs the
    /// episode once when it starts and once when accepting works again.
    asio::awaitable<void> accept_loop() {
        std::chrono::milliseconds backoff{0};
        std::uint64_t failures = 0;
        std::chrono::steady_clock::time_point episode_start;
        for (;;) {
            boost::system::error_code ec;
            tcp::socket s = co_await acceptor.async_accept(asio::redirect_error(asio::use_awaitable, ec));
            if (ec) {
                if (!acceptor.is_open() || ec == asio::error::operation_aborted) co_return;
                if (failures++ == 0) {
                    episode_start = std::chrono::steady_clock::now();
                    // strerror, not ec.message(): with every descriptor in
                    // use, a sanitizer's vptr check of the category's virtual
                    // call cannot probe memory (it needs a pipe) and reports
                    // a false error. Accept errors are errno values.
                    const bool sys = ec.category() == boost::system::system_category();
                    std::cerr << "chime-voice-local: accept failed: "
                              << (sys ? std::string(std::strerror(ec.value())) : ec.message()) << " (" << ec.value()
                              << "); backing off (10 ms doubling to 1 s) until it works again" << std::endl;
                }
                backoff = backoff.count() == 0 ? 10ms : std::min<std::chrono::milliseconds>(backoff * 2, 1000ms);
                backoff_timer.expires_after(backoff);
                co_await backoff_timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
                if (!stop_reason.empty()) co_return;
                continue;
            }
            if (failures != 0) {
                const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                    std::chrono::steady_clock::now() - episode_start);
                std::cerr << "chime-voice-local: accepting again after " << failures << " failed accepts in "
                          << ms.count() << " ms" << std::endl;
                failures = 0;
                backoff = 0ms;
            }
            if (active < opt.max_connections) {
                asio::co_spawn(io, session(std::move(s)), asio::detached);
            } else if (refusing < std::max<std::size_t>(opt.max_connections, 1024)) {
                // A 503 holds its descriptor for at most ~4 s (write, then linger_close).
                asio::co_spawn(io, refuse_busy(std::move(s)), asio::detached);
            } else {
                s.close(ec); // far beyond the cap: not even an answer
            }
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
    options opt = std::move(*parsed);
    if (opt.access_key_id.empty() || opt.secret_access_key.empty()) {
        std::cerr << "chime-voice-local: --access-key-id and --secret-access-key must not be empty\n";
        return exit_usage;
    }

    const auto start = std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now()) +
                       std::chrono::seconds(opt.clock_skew);
    auto inventory = chime_local::load_seed(opt.seed_file, start);
    if (!inventory) return exit_usage;

    asio::io_context io(1);
    server srv(io, std::move(opt), std::move(*inventory));

    boost::system::error_code ec;
    tcp::endpoint ep(asio::ip::make_address_v4("127.0.0.1"), srv.opt.port);
    srv.acceptor.open(ep.protocol(), ec);
    if (!ec) srv.acceptor.set_option(tcp::acceptor::reuse_address(true), ec);
    if (!ec) srv.acceptor.bind(ep, ec);
    if (!ec) srv.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) {
        std::cerr << "chime-voice-local: cannot listen on 127.0.0.1:" << srv.opt.port << ": " << ec.message() << '\n';
        return 2;
    }
    const unsigned short port = srv.acceptor.local_endpoint().port();
    if (!srv.opt.port_file.empty() && !write_port_file(srv.opt.port_file, port)) {
        std::cerr << "chime-voice-local: cannot write port file " << srv.opt.port_file << '\n';
        return 2;
    }
    std::cout << "chime-voice-local: listening on http://127.0.0.1:" << port << std::endl;

    srv.signals.async_wait([&](const boost::system::error_code& e, int sig) {
        if (!e) srv.stop(sig == SIGTERM ? "SIGTERM" : "SIGINT");
    });
    if (srv.opt.timeout > 0) {
        srv.deadline.expires_after(std::chrono::seconds(srv.opt.timeout));
        srv.deadline.async_wait([&](const boost::system::error_code& e) {
            if (!e) srv.stop("timeout after " + std::to_string(srv.opt.timeout) + " s");
        });
    }
    asio::co_spawn(io, srv.accept_loop(), asio::detached);
    io.run();
    if (srv.stop_reason.empty()) srv.stop_reason = "no more work";
    std::cerr << "chime-voice-local: stopped (" << srv.stop_reason << ") after " << srv.svc.requests_seen()
              << " requests" << std::endl;
    return 0;
}
