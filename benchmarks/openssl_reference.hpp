// SPDX-License-Identifier: BSL-1.0
// benchmarks/openssl_reference.hpp — the yardstick: SHA-256, HMAC-SHA256 and
// a SigV4 signer written the way a typical SDK writes it, on OpenSSL's EVP
// API. Benchmark-only: the library itself never uses OpenSSL.
//
// The EVP objects are prepared once and reused (EVP_MD fetched once, one
// EVP_MD_CTX re-initialised per digest; one EVP_MAC_CTX whose digest is set
// once, re-initialised with a key per MAC), so the reference pays no
// per-call fetch or allocation inside OpenSSL. The signer builds the
// canonical request, string to sign and Authorization header with plain
// std::string concatenation, as AWS SDKs commonly do.
#ifndef CHIME_VOICE_BENCH_OPENSSL_REFERENCE_HPP
#define CHIME_VOICE_BENCH_OPENSSL_REFERENCE_HPP

#include <chime_voice/credentials.hpp>
#include <chime_voice/http.hpp>

#include <openssl/core_names.h>
#include <openssl/evp.h>
#include <openssl/params.h>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace bench::ossl {

using digest = std::array<unsigned char, 32>;

[[noreturn]] inline void die(const char* what) {
    std::fprintf(stderr, "OpenSSL reference: %s failed\n", what);
    std::abort();
}

/// SHA-256 with a prefetched EVP_MD and one reused EVP_MD_CTX.
class sha256 {
public:
    sha256() : md_(EVP_MD_fetch(nullptr, "SHA256", nullptr)), ctx_(EVP_MD_CTX_new()) {
        if (!md_ || !ctx_) die("EVP_MD_fetch/EVP_MD_CTX_new");
    }
    ~sha256() {
        EVP_MD_CTX_free(ctx_);
        EVP_MD_free(md_);
    }
    sha256(const sha256&) = delete;
    sha256& operator=(const sha256&) = delete;

    digest hash(const void* data, std::size_t n) {
        digest out;
        unsigned len = 0;
        if (EVP_DigestInit_ex(ctx_, md_, nullptr) != 1 || EVP_DigestUpdate(ctx_, data, n) != 1 ||
            EVP_DigestFinal_ex(ctx_, out.data(), &len) != 1)
            die("EVP_Digest*");
        return out;
    }
    digest hash(std::string_view s) { return hash(s.data(), s.size()); }

private:
    EVP_MD* md_;
    EVP_MD_CTX* ctx_;
};

/// HMAC-SHA256 with one reused EVP_MAC_CTX whose digest is set once.
class hmac {
public:
    hmac() : mac_(EVP_MAC_fetch(nullptr, "HMAC", nullptr)) {
        if (!mac_) die("EVP_MAC_fetch");
        ctx_ = EVP_MAC_CTX_new(mac_);
        if (!ctx_) die("EVP_MAC_CTX_new");
        char name[] = "SHA256";
        const OSSL_PARAM params[] = {OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, name, 0),
                                     OSSL_PARAM_construct_end()};
        if (EVP_MAC_CTX_set_params(ctx_, params) != 1) die("EVP_MAC_CTX_set_params");
    }
    ~hmac() {
        EVP_MAC_CTX_free(ctx_);
        EVP_MAC_free(mac_);
    }
    hmac(const hmac&) = delete;
    hmac& operator=(const hmac&) = delete;

    /// MAC under `key` (the key is installed by this call: EVP_MAC_init with a key).
    digest mac(const void* key, std::size_t key_len, const void* msg, std::size_t n) {
        if (EVP_MAC_init(ctx_, static_cast<const unsigned char*>(key), key_len, nullptr) != 1) die("EVP_MAC_init");
        return finish(msg, n);
    }
    digest mac(std::string_view key, std::string_view msg) { return mac(key.data(), key.size(), msg.data(), msg.size()); }
    digest mac(const digest& key, std::string_view msg) { return mac(key.data(), key.size(), msg.data(), msg.size()); }

    /// MAC under the key installed by the last mac() call: EVP_MAC_init with
    /// a null key restarts from OpenSSL's saved inner/outer pad states.
    digest mac_same_key(const void* msg, std::size_t n) {
        if (EVP_MAC_init(ctx_, nullptr, 0, nullptr) != 1) die("EVP_MAC_init");
        return finish(msg, n);
    }

private:
    digest finish(const void* msg, std::size_t n) {
        digest out;
        std::size_t len = 0;
        if (EVP_MAC_update(ctx_, static_cast<const unsigned char*>(msg), n) != 1 ||
            EVP_MAC_final(ctx_, out.data(), &len, out.size()) != 1)
            die("EVP_MAC_update/final");
        return out;
    }
    EVP_MAC* mac_;
    EVP_MAC_CTX* ctx_ = nullptr;
};

inline std::string hex(const digest& d) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string s;
    s.reserve(64);
    for (unsigned char c : d) {
        s.push_back(digits[c >> 4]);
        s.push_back(digits[c & 15]);
    }
    return s;
}

/// RFC 3986 unreserved characters pass, everything else becomes %XY.
inline std::string uri_encode(std::string_view s, bool keep_slash) {
    static constexpr char digits[] = "0123456789ABCDEF";
    std::string out;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' ||
            c == '.' || c == '~' || (keep_slash && c == '/')) {
            out += c;
        } else {
            out += '%';
            out += digits[u >> 4];
            out += digits[u & 15];
        }
    }
    return out;
}

inline std::string to_lower(std::string_view s) {
    std::string out(s);
    for (auto& c : out)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return out;
}

/// Trims and collapses runs of spaces (SigV4 "Trimall").
inline std::string trim_all(std::string_view v) {
    std::string out;
    bool space = false;
    for (char c : v) {
        if (c == ' ' || c == '\t') {
            space = !out.empty();
            continue;
        }
        if (space) out += ' ';
        space = false;
        out += c;
    }
    return out;
}

/// What the reference signer adds to a request.
struct signature {
    std::string amz_date;      ///< X-Amz-Date
    std::string authorization; ///< Authorization
};

/// A SigV4 header signer in the style of a typical SDK (std::string
/// building, EVP hashing). Handles what the benchmarks' requests need:
/// no query values needing re-encoding beyond a plain split, no duplicate
/// header names; path segments are encoded twice like the library does.
class signer {
public:
    /// Signs with a signing key derived with four HMACs ("cold").
    signature sign(const chime_voice::http_request& r, const chime_voice::credentials& c,
                   std::chrono::sys_seconds t, std::string_view region, std::string_view service) {
        return sign_impl(r, c, t, region, service, nullptr);
    }
    /// Signs with a signing key computed beforehand (derive_key) ("warm").
    signature sign_with_key(const chime_voice::http_request& r, const chime_voice::credentials& c,
                            std::chrono::sys_seconds t, std::string_view region, std::string_view service,
                            const digest& signing_key) {
        return sign_impl(r, c, t, region, service, &signing_key);
    }

    digest derive_key(std::string_view secret, std::string_view date, std::string_view region,
                      std::string_view service) {
        const std::string k0 = "AWS4" + std::string(secret);
        const digest k_date = hmac_.mac(k0, date);
        const digest k_region = hmac_.mac(k_date, region);
        const digest k_service = hmac_.mac(k_region, service);
        return hmac_.mac(k_service, "aws4_request");
    }

private:
    static bool unsigned_header(const std::string& lower) {
        static constexpr std::string_view skip[] = {
            "authorization", "cache-control", "connection", "expect", "from", "keep-alive", "max-forwards",
            "pragma", "referer", "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};
        return std::find(std::begin(skip), std::end(skip), lower) != std::end(skip);
    }

    signature sign_impl(const chime_voice::http_request& r, const chime_voice::credentials& c,
                        std::chrono::sys_seconds t, std::string_view region, std::string_view service,
                        const digest* signing_key) {
        const std::time_t tt = std::chrono::system_clock::to_time_t(t);
        std::tm tm{};
        gmtime_r(&tt, &tm);
        char ts[17];
        std::strftime(ts, sizeof ts, "%Y%m%dT%H%M%SZ", &tm);
        signature out;
        out.amz_date = ts;
        const std::string date = out.amz_date.substr(0, 8);

        const std::string payload_hash = hex(sha_.hash(r.body));

        std::vector<std::pair<std::string, std::string>> headers;
        for (const auto& h : r.headers) {
            std::string name = to_lower(h.name);
            if (unsigned_header(name) || name == "x-amz-date" || name == "x-amz-security-token") continue;
            headers.emplace_back(std::move(name), trim_all(h.value));
        }
        headers.emplace_back("x-amz-date", out.amz_date);
        if (!c.session_token.empty()) headers.emplace_back("x-amz-security-token", c.session_token);
        std::sort(headers.begin(), headers.end());

        std::string canonical_headers, signed_headers;
        for (const auto& [n, v] : headers) {
            canonical_headers += n + ":" + v + "\n";
            if (!signed_headers.empty()) signed_headers += ";";
            signed_headers += n;
        }

        // Canonical URI: each segment encoded once more (the path is already encoded).
        std::string canonical_uri;
        std::string_view path = r.path.empty() ? std::string_view("/") : std::string_view(r.path);
        canonical_uri = uri_encode(path, true);

        // Canonical query: split, sort, join.
        std::vector<std::pair<std::string, std::string>> params;
        std::string_view q = r.query;
        while (!q.empty()) {
            const auto amp = q.find('&');
            const auto comp = q.substr(0, amp);
            q = amp == std::string_view::npos ? std::string_view{} : q.substr(amp + 1);
            if (comp.empty()) continue;
            const auto eq = comp.find('=');
            params.emplace_back(std::string(comp.substr(0, eq)),
                                eq == std::string_view::npos ? std::string() : std::string(comp.substr(eq + 1)));
        }
        std::sort(params.begin(), params.end());
        std::string canonical_query;
        for (const auto& [n, v] : params) {
            if (!canonical_query.empty()) canonical_query += "&";
            canonical_query += n + "=" + v;
        }

        const std::string canonical_request = r.method + "\n" + canonical_uri + "\n" + canonical_query + "\n" +
                                              canonical_headers + "\n" + signed_headers + "\n" + payload_hash;
        const std::string scope = date + "/" + std::string(region) + "/" + std::string(service) + "/aws4_request";
        const std::string string_to_sign =
            "AWS4-HMAC-SHA256\n" + out.amz_date + "\n" + scope + "\n" + hex(sha_.hash(canonical_request));

        const digest key = signing_key ? *signing_key : derive_key(c.secret_access_key, date, region, service);
        const std::string sig = hex(hmac_.mac(key, string_to_sign));
        out.authorization = "AWS4-HMAC-SHA256 Credential=" + c.access_key_id + "/" + scope +
                            ", SignedHeaders=" + signed_headers + ", Signature=" + sig;
        return out;
    }

    sha256 sha_;
    hmac hmac_;
};

} // namespace bench::ossl

#endif
