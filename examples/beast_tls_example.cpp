// SPDX-License-Identifier: BSL-1.0
// beast_tls_example — BatchDeletePhoneNumber over Boost.Beast/Asio with TLS.
//
// Shows how the I/O-free library fits an Asio stack: the library builds and
// signs the request and reads the response; Asio resolves and connects,
// OpenSSL (boost/asio/ssl) does TLS with certificate and host-name checks,
// Beast writes and reads HTTP/1.1. One attempt, no retries (see the
// `chime-voice` command for the retry loop).
//
//   usage: beast_tls_example REGION PHONE_NUMBER_ID [PHONE_NUMBER_ID ...]
//   credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN
//
// Without arguments it prints the usage and exits, touching no network.
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/client_config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4.hpp>

#include <boost/asio/connect.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>

#include <openssl/ssl.h>

#include <chrono>
#include <cstdlib>
#include <iostream>
#include <string>
#include <utility>
#include <vector>

namespace asio = boost::asio;
namespace ssl = asio::ssl;
namespace beast = boost::beast;
namespace http = beast::http;
namespace cv = chime_voice;

namespace {

int usage(std::ostream& os, int rc) {
    os << "usage: beast_tls_example REGION PHONE_NUMBER_ID [PHONE_NUMBER_ID ...]\n"
          "\n"
          "Sends one BatchDeletePhoneNumber call over Boost.Beast + TLS (OpenSSL) and\n"
          "prints the per-number errors or the service error. Credentials come from\n"
          "AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY and AWS_SESSION_TOKEN.\n"
          "WARNING: this really deletes phone numbers (they go to the deletion queue).\n";
    return rc;
}

/// Splits "host[:port]" as the endpoint gives it.
std::pair<std::string, std::string> split_host_port(const std::string& host, const std::string& scheme) {
    auto colon = host.rfind(':');
    if (colon != std::string::npos && host.find(']') == std::string::npos)
        return {host.substr(0, colon), host.substr(colon + 1)};
    return {host, scheme == "https" ? "443" : "80"};
}

} // namespace

int main(int argc, char** argv) {
    if (argc < 3) return usage(argc == 1 ? std::cout : std::cerr, argc == 1 ? 0 : 64);

    const char* id = std::getenv("AWS_ACCESS_KEY_ID");
    const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
    const char* token = std::getenv("AWS_SESSION_TOKEN");
    if (id == nullptr || secret == nullptr) {
        std::cerr << "beast_tls_example: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY\n";
        return 64;
    }
    const cv::credentials creds(id, secret, token != nullptr ? token : "");

    cv::client_config config;
    config.region = argv[1];
    config.app_id = "beast-tls-example";
    cv::batch_delete_phone_number_request input;
    for (int i = 2; i < argc; ++i) input.phone_number_ids.emplace_back(argv[i]);

    // 1. The library: serialize and sign (the clock is read here, by the caller).
    auto ep = cv::resolve_endpoint(config);
    if (!ep) {
        std::cerr << "beast_tls_example: " << ep.error() << '\n';
        return 64;
    }
    auto req = cv::serialize_request(input, *ep, config.app_id);
    if (!req) {
        std::cerr << "beast_tls_example: " << req.error() << '\n';
        return 64;
    }
    // The scope comes with the request (from the resolved endpoint).
    const cv::sigv4::signing_params params{req->signing,
                                           std::chrono::floor<std::chrono::seconds>(std::chrono::system_clock::now())};
    if (auto s = cv::sigv4::sign(*req, creds, params); !s) {
        std::cerr << "beast_tls_example: " << s.error() << '\n';
        return 64;
    }
    if (req->scheme != "https") {
        std::cerr << "beast_tls_example: this example only speaks TLS\n";
        return 64;
    }

    // 2. The caller's stack: Asio + OpenSSL + Beast.
    beast::error_code ec;
    asio::io_context io;
    ssl::context tls(ssl::context::tls_client);
    tls.set_default_verify_paths(ec);
    tls.set_verify_mode(ssl::verify_peer);
    auto [host, port] = split_host_port(req->host, req->scheme);

    beast::ssl_stream<beast::tcp_stream> stream(io, tls);
    // SNI, and check the certificate is for this host name (RFC 6125).
    if (!SSL_set_tlsext_host_name(stream.native_handle(), host.c_str())) {
        std::cerr << "beast_tls_example: cannot set SNI\n";
        return 2;
    }
    stream.set_verify_callback(ssl::host_name_verification(host));

    asio::ip::tcp::resolver resolver(io);
    auto endpoints = resolver.resolve(host, port, ec);
    if (!ec) {
        beast::get_lowest_layer(stream).expires_after(std::chrono::seconds(30));
        beast::get_lowest_layer(stream).connect(endpoints, ec);
    }
    if (!ec) stream.handshake(ssl::stream_base::client, ec);
    if (ec) {
        std::cerr << "beast_tls_example: connect to " << host << ':' << port << ": " << ec.message() << '\n';
        return 2;
    }

    // The signed request, field by field, into a Beast message.
    http::request<http::string_body> out;
    out.method_string(req->method);
    out.target(req->target());
    out.version(11);
    for (const auto& h : req->headers) out.insert(h.name, h.value);
    out.body() = req->body;

    http::write(stream, out, ec);
    beast::flat_buffer buffer;
    http::response<http::string_body> in;
    if (!ec) http::read(stream, buffer, in, ec);
    if (ec) {
        std::cerr << "beast_tls_example: " << ec.message() << '\n';
        return 2;
    }
    stream.shutdown(ec); // a peer that just closes is fine

    // 3. The library again: read the response the caller received.
    std::vector<std::pair<std::string, std::string>> owned;
    for (const auto& f : in) owned.emplace_back(std::string(f.name_string()), std::string(f.value()));
    chime_voice::header_field_list views(owned.begin(), owned.end());
    const cv::http_response_view view{static_cast<int>(in.result_int()), views, in.body()};
    auto result = cv::parse_batch_delete_phone_number_response(view);
    if (!result) {
        std::cerr << "beast_tls_example: " << result.error() << '\n';
        return 2;
    }
    for (const auto& e : result->phone_number_errors)
        std::cout << e.phone_number_id << ": " << e.error_code_raw << ": " << e.error_message << '\n';
    std::cout << (result->phone_number_errors.empty() ? "all queued for deletion" : "some numbers failed")
              << " (request id " << result->metadata.request_id << ")\n";
    return result->phone_number_errors.empty() ? 0 : 1;
}
