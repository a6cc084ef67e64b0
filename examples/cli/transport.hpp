// SPDX-License-Identifier: BSL-1.0
// examples/cli/transport.hpp — the `chime-voice` command's libcurl transport:
// one HTTP/1.1 exchange per call, TLS settings (--ca-bundle, --no-verify-ssl),
// connect and read timeouts, proxies from libcurl's environment variables
// (http_proxy, https_proxy / HTTPS_PROXY, no_proxy / NO_PROXY, ALL_PROXY), and
// an interrupt flag (SIGINT) that aborts a transfer in flight.
//
// The copies of the signed headers handed to curl (they carry the session
// token and the signature) are wiped after the transfer.
#ifndef CHIME_VOICE_EXAMPLES_CLI_TRANSPORT_HPP
#define CHIME_VOICE_EXAMPLES_CLI_TRANSPORT_HPP

#include <chime_voice/http.hpp>
#include <chime_voice/retry.hpp>
#include <chime_voice/secret.hpp>

#include <curl/curl.h>

#include <csignal>
#include <cstring>
#include <expected>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace chime_cli {

/// Set by the SIGINT handler; the transfer and the retry loop look at it.
inline volatile std::sig_atomic_t interrupted = 0;

extern "C" inline void on_sigint(int) { interrupted = 1; }

/// A received response: owned status, headers and body.
struct received_response {
    long status = 0;
    std::vector<std::pair<std::string, std::string>> headers;
    std::string body;
    chime_voice::header_field_list header_views;

    /// A view on this response; valid while this object lives and is not changed.
    chime_voice::http_response_view view() {
        header_views.clear();
        for (const auto& [n, v] : headers) header_views.emplace_back(n, v);
        return chime_voice::http_response_view{static_cast<int>(status), header_views, body};
    }
};

/// A failed exchange: the retry class and the text to show.
struct transport_error {
    chime_voice::transport_failure kind;
    std::string message;
    bool interrupted = false; ///< aborted by SIGINT
};

/// TLS and network settings of the command.
struct transport_options {
    long connect_timeout = 60;          ///< seconds; 0: no limit (AWS CLI --cli-connect-timeout)
    long read_timeout = 60;             ///< seconds without data; 0: no limit (--cli-read-timeout)
    std::optional<std::string> ca_bundle; ///< PEM bundle (--ca-bundle, AWS_CA_BUNDLE, ca_bundle)
    bool verify = true;                 ///< false with --no-verify-ssl
};

inline chime_voice::transport_failure classify_curl(CURLcode c) {
    using tf = chime_voice::transport_failure;
    switch (c) {
    case CURLE_COULDNT_RESOLVE_HOST:
    case CURLE_COULDNT_RESOLVE_PROXY: return tf::dns;
    case CURLE_COULDNT_CONNECT: return tf::connection_refused;
    case CURLE_OPERATION_TIMEDOUT: return tf::timeout;
    case CURLE_GOT_NOTHING:
    case CURLE_RECV_ERROR:
    case CURLE_SEND_ERROR: return tf::connection_reset;
    case CURLE_SSL_CONNECT_ERROR:
    case CURLE_PEER_FAILED_VERIFICATION:
    case CURLE_SSL_CERTPROBLEM:
    case CURLE_SSL_CIPHER:
    case CURLE_SSL_CACERT_BADFILE: return tf::tls;
    default: return tf::other;
    }
}

/// One curl easy handle, reused for every attempt (connections are kept).
class curl_transport {
public:
    explicit curl_transport(transport_options o) : handle_(curl_easy_init()), opt_(std::move(o)) {}
    curl_transport(const curl_transport&) = delete;
    curl_transport& operator=(const curl_transport&) = delete;
    ~curl_transport() {
        if (handle_ != nullptr) curl_easy_cleanup(handle_);
    }

    std::expected<received_response, transport_error> send(const chime_voice::http_request& req) {
        using tf = chime_voice::transport_failure;
        if (handle_ == nullptr) return std::unexpected(transport_error{tf::other, "curl_easy_init failed"});
        if (interrupted) return std::unexpected(transport_error{tf::other, "interrupted", true});
        CURL* h = handle_;
        curl_easy_reset(h);
        received_response out;
        const std::string url = req.url();
        curl_slist* list = nullptr;
        for (const auto& hd : req.headers) {
            std::string line = hd.name + ": " + hd.value;
            list = curl_slist_append(list, line.c_str());
            chime_voice::wipe(line);
        }
        list = curl_slist_append(list, "Expect:"); // no 100-continue round trip
        list = curl_slist_append(list, "Accept:");  // no header we did not sign

        curl_easy_setopt(h, CURLOPT_URL, url.c_str());
        curl_easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(h, CURLOPT_FOLLOWLOCATION, 0L);
        curl_easy_setopt(h, CURLOPT_HTTP_VERSION, static_cast<long>(CURL_HTTP_VERSION_1_1));
        // 0 means "no limit" for the AWS CLI; curl's 0 means its own 300 s default.
        curl_easy_setopt(h, CURLOPT_CONNECTTIMEOUT, opt_.connect_timeout > 0 ? opt_.connect_timeout : 2147483L);
        if (opt_.read_timeout > 0) { // no byte for read_timeout seconds: a timeout, as a socket read timeout
            curl_easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, 1L);
            curl_easy_setopt(h, CURLOPT_LOW_SPEED_TIME, opt_.read_timeout);
        }
        if (opt_.ca_bundle) curl_easy_setopt(h, CURLOPT_CAINFO, opt_.ca_bundle->c_str());
        if (!opt_.verify) {
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 0L);
            curl_easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 0L);
        }
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, list);
        if (req.method == "GET") {
            curl_easy_setopt(h, CURLOPT_HTTPGET, 1L);
        } else if (req.method == "HEAD") {
            curl_easy_setopt(h, CURLOPT_NOBODY, 1L);
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
        curl_easy_setopt(h, CURLOPT_NOPROGRESS, 0L);
        curl_easy_setopt(h, CURLOPT_XFERINFOFUNCTION, &curl_transport::on_progress);
        char errbuf[CURL_ERROR_SIZE] = {};
        curl_easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);

        const CURLcode rc = curl_easy_perform(h);
        for (curl_slist* p = list; p != nullptr; p = p->next) // curl's copies of the signed headers
            if (p->data != nullptr) chime_voice::detail::secure_wipe(p->data, std::strlen(p->data));
        curl_slist_free_all(list);
        curl_easy_setopt(h, CURLOPT_HTTPHEADER, static_cast<curl_slist*>(nullptr));
        if (rc == CURLE_ABORTED_BY_CALLBACK)
            return std::unexpected(transport_error{tf::other, "interrupted", true});
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

    static int on_progress(void*, curl_off_t, curl_off_t, curl_off_t, curl_off_t) { return interrupted ? 1 : 0; }
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
    transport_options opt_;
};

} // namespace chime_cli

#endif
