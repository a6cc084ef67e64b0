// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4.hpp — AWS Signature Version 4: header signing, query
// signing (presigned URLs) and verification.
//
// Implements "Signature Version 4 signing process" (AWS General Reference /
// IAM User Guide, "Create a signed AWS API request"): canonical request,
// string to sign, signing-key derivation and the Authorization header.
// Conformance: the aws-c-auth v4 signing suite and the legacy botocore
// aws4_testsuite pass byte for byte (tests/test_sigv4_suite.cpp).
// SigV4a (ECDSA, multi-region) is out of scope.
//
// Nothing here reads a clock: the signing time is `signing_params::time`.
// Nothing here throws on bad input: every function returns its errors as
// values; the only exception that can escape is std::bad_alloc.
#ifndef CHIME_VOICE_SIGV4_HPP
#define CHIME_VOICE_SIGV4_HPP

#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/amz_date.hpp>
#include <chime_voice/detail/hex.hpp>
#include <chime_voice/detail/hmac.hpp>
#include <chime_voice/detail/percent_encoding.hpp>
#include <chime_voice/detail/secure_wipe.hpp>
#include <chime_voice/detail/sha256.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <expected>
#include <optional>
#include <ostream>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace chime_voice::sigv4 {

/// The only algorithm implemented (SigV4a is out of scope).
inline constexpr std::string_view algorithm = "AWS4-HMAC-SHA256";

/// Headers left out of the signature unless the caller changes
/// signing_params::unsigned_headers. These are the headers that proxies and
/// HTTP stacks add, drop or rewrite in transit (hop-by-hop headers, the user
/// agent, tracing), so signing them would make valid requests fail; the AWS
/// SDKs leave out the same set. `authorization` is never signed regardless.
inline constexpr std::array<std::string_view, 15> default_unsigned_headers{
    "authorization", "cache-control", "connection", "expect",   "from",
    "keep-alive",    "max-forwards",  "pragma",     "referer",  "te",
    "trailer",       "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id"};

/// The longest presigned URL lifetime SigV4 accepts (7 days).
inline constexpr std::chrono::seconds max_presign_expiry{604800};

class signing_key_cache;

/// Everything that shapes a signature besides the request and credentials.
struct signing_params {
    /// Region of the credential scope, e.g. "us-east-1".
    std::string region;
    /// Signing name of the credential scope. Chime SDK Voice signs as
    /// "chime" although its host prefix is "voice-chime" (model: aws.auth#sigv4 name).
    std::string service = "chime";
    /// Signing time (UTC). The caller owns the clock (rule of the house 1).
    std::chrono::sys_seconds time{};

    /// Percent-encode the (already encoded) path once more when building the
    /// canonical URI. On by default because every service except S3 expects
    /// it (SigV4 docs: "Each path segment must be URI-encoded twice").
    bool double_uri_encode = true;
    /// Remove "." and ".." segments and empty segments from the path before
    /// encoding (RFC 3986 section 5.2.4). On by default for the same reason:
    /// only S3 keys may contain such segments literally.
    bool normalize_uri_path = true;
    /// Sign X-Amz-Security-Token (on by default: most services, Chime among
    /// them, require the token inside the signature). Off adds the header (or
    /// query parameter) after the signature is computed, as a few older
    /// services require.
    bool sign_session_token = true;
    /// Also send the payload hash as x-amz-content-sha256 (header signing
    /// only). Off by default: only S3-style services require it, and Chime
    /// SDK Voice computes the hash itself.
    bool add_content_sha256_header = false;
    /// Payload hash to use instead of SHA-256 of the body (e.g.
    /// "UNSIGNED-PAYLOAD"). Empty: hash the body.
    std::string_view payload_hash{};
    /// Lower-case names of headers that are not signed. The view must outlive
    /// the call.
    std::span<const std::string_view> unsigned_headers = default_unsigned_headers;
    /// Optional cache of the derived signing key, kept by the caller across
    /// calls. Not thread-safe: one cache per thread, or lock around sign().
    signing_key_cache* key_cache = nullptr;
};

/// Keeps the last derived signing key (kSigning) with its HMAC pads already
/// computed, so repeated signing with the same secret, day, region and
/// service skips the four-step derivation. Holds a copy of the secret to
/// detect changes (compared in constant time). Everything is wiped on
/// destruction and on refill. Fixed size: filling it never allocates.
class signing_key_cache {
public:
    signing_key_cache() noexcept = default;
    signing_key_cache(const signing_key_cache&) = delete;
    signing_key_cache& operator=(const signing_key_cache&) = delete;
    ~signing_key_cache() { clear(); }

    /// Forgets the key (wipes it).
    void clear() noexcept {
        detail::secure_wipe(secret_, sizeof secret_);
        secret_len_ = 0;
        key_.reset();
        valid_ = false;
    }
    /// Signatures that reused the cached key.
    std::size_t hits() const noexcept { return hits_; }
    /// Signatures that had to derive the key (and cached it).
    std::size_t misses() const noexcept { return misses_; }

    /// Shows the scope only, never the key or secret.
    friend std::ostream& operator<<(std::ostream& os, const signing_key_cache& c) {
        os << "signing_key_cache{";
        if (c.valid_)
            os << std::string_view(c.date_, 8) << '/' << std::string_view(c.region_, c.region_len_)
               << '/' << std::string_view(c.service_, c.service_len_) << ", key=<redacted>";
        else
            os << "empty";
        return os << ", hits=" << c.hits_ << ", misses=" << c.misses_ << '}';
    }

private:
    friend struct cache_access;
    static constexpr std::size_t max_secret = 128;
    static constexpr std::size_t max_label = 64;
    char secret_[max_secret]{};
    std::size_t secret_len_ = 0;
    char date_[8]{};
    char region_[max_label]{};
    std::size_t region_len_ = 0;
    char service_[max_label]{};
    std::size_t service_len_ = 0;
    std::optional<detail::hmac_sha256_key> key_;
    bool valid_ = false;
    std::size_t hits_ = 0, misses_ = 0;
};

/// Why verify() refused a request.
enum class verify_failure {
    missing_authorization,   ///< no Authorization header
    malformed_authorization, ///< not "AWS4-HMAC-SHA256 Credential=..., SignedHeaders=..., Signature=..."
    missing_date,            ///< no x-amz-date
    malformed_date,          ///< x-amz-date is not yyyymmddThhmmssZ
    wrong_access_key,        ///< the access key id is not the one configured
    wrong_scope,             ///< date/region/service in the credential scope do not match
    request_time_too_skewed, ///< x-amz-date too far from the verifier's clock ("Signature expired")
    signature_mismatch,      ///< recomputed signature differs (constant-time comparison)
};
/// Why verify() refused a request, with a message for the caller's response.
struct verify_error {
    verify_failure failure; ///< the reason, as a value
    std::string message; ///< text in the style of the service's InvalidSignatureException message
};
/// What verify() expects of a request: its scope and the allowed clock skew.
struct verify_options {
    std::string region;                 ///< expected scope region
    std::string service = "chime";      ///< expected scope service
    std::chrono::seconds max_skew{300}; ///< AWS allows 5 minutes of skew
    bool double_uri_encode = true;      ///< as signing_params::double_uri_encode (what the signer did)
    bool normalize_uri_path = true;     ///< as signing_params::normalize_uri_path (what the signer did)
};

namespace detail_sigv4 {

using chime_voice::detail::iequals;
using chime_voice::detail::ascii_lower;

// ---------------------------------------------------------------- sinks --
// The canonical request is produced once, by one writer templated on where
// the bytes go: into SHA-256 (signing, no allocation) or into a string
// (debugging, tests).

class hash_sink {
public:
    void put(std::string_view s) noexcept {
        if (s.empty()) return; // an empty view may have a null data() (memcpy forbids it)
        if (s.size() > cap - n_) {
            flush();
            if (s.size() >= cap) {
                h_.update(s.data(), s.size());
                return;
            }
        }
        std::memcpy(buf_ + n_, s.data(), s.size());
        n_ += s.size();
    }
    void put(char c) noexcept {
        if (n_ == cap) flush();
        buf_[n_++] = c;
    }
    /// Room for k <= cap bytes; commit(used) after writing.
    char* prepare(std::size_t k) noexcept {
        if (k > cap - n_) flush();
        return buf_ + n_;
    }
    void commit(std::size_t used) noexcept { n_ += used; }
    static constexpr std::size_t chunk = 256; ///< largest prepare() callers ask for
    chime_voice::detail::sha256_digest finish() noexcept {
        flush();
        return h_.finish();
    }

private:
    void flush() noexcept {
        if (n_) h_.update(buf_, n_);
        n_ = 0;
    }
    static constexpr std::size_t cap = 1024;
    chime_voice::detail::sha256 h_;
    std::size_t n_ = 0;
    char buf_[cap];
};

class string_sink {
public:
    explicit string_sink(std::string& s) noexcept : s_(s) {}
    void put(std::string_view v) { s_.append(v); }
    void put(char c) { s_.push_back(c); }
    char* prepare(std::size_t k) {
        old_ = s_.size();
        s_.resize(old_ + k);
        return s_.data() + old_;
    }
    void commit(std::size_t used) { s_.resize(old_ + used); }
    static constexpr std::size_t chunk = 256;

private:
    std::string& s_;
    std::size_t old_ = 0;
};

template <class Sink>
void put_encoded(Sink& sink, std::string_view s, bool keep_slash) {
    // Encode in pieces so the sink never needs more than `chunk` bytes at once.
    constexpr std::size_t in_chunk = Sink::chunk / 3;
    while (!s.empty()) {
        const auto piece = s.substr(0, in_chunk);
        char* p = sink.prepare(piece.size() * 3);
        char* e = chime_voice::detail::percent_encode_to(piece, keep_slash, p);
        sink.commit(static_cast<std::size_t>(e - p));
        s.remove_prefix(piece.size());
    }
}

template <class Sink>
void put_lower(Sink& sink, std::string_view s) {
    while (!s.empty()) {
        const auto piece = s.substr(0, Sink::chunk);
        char* p = sink.prepare(piece.size());
        for (std::size_t i = 0; i < piece.size(); ++i) p[i] = ascii_lower(piece[i]);
        sink.commit(piece.size());
        s.remove_prefix(piece.size());
    }
}

// ------------------------------------------------------ small buffers --
/// A vector with inline storage for N elements; spills to the heap beyond.
template <class T, std::size_t N>
class small_vector {
public:
    void push_back(const T& v) {
        if (size_ < N) {
            inline_[size_++] = v;
            return;
        }
        if (heap_.empty()) heap_.assign(inline_, inline_ + N);
        heap_.push_back(v);
        ++size_;
    }
    T* data() noexcept { return size_ <= N ? inline_ : heap_.data(); }
    const T* data() const noexcept { return size_ <= N ? inline_ : heap_.data(); }
    std::size_t size() const noexcept { return size_; }
    T& operator[](std::size_t i) noexcept { return data()[i]; }
    const T& operator[](std::size_t i) const noexcept { return data()[i]; }
    T* begin() noexcept { return data(); }
    T* end() noexcept { return data() + size_; }
    void pop_back() noexcept {
        --size_;
        if (size_ >= N) heap_.pop_back();
    }

private:
    T inline_[N]{};
    std::vector<T> heap_;
    std::size_t size_ = 0;
};

/// A char buffer with inline storage; sized once.
template <std::size_t N>
class char_buffer {
public:
    explicit char_buffer(std::size_t n) {
        if (n > N) heap_.resize(n);
    }
    char* data() noexcept { return heap_.empty() ? inline_ : heap_.data(); }

private:
    char inline_[N];
    std::string heap_;
};

// ------------------------------------------------------ canonical URI --
/// Canonical URI (SigV4 docs, "CanonicalURI"): optionally normalized
/// (RFC 3986 section 5.2.4 plus removal of empty segments), then encoded
/// once more when double encoding is on.
template <class Sink>
void write_canonical_uri(Sink& sink, std::string_view path, bool double_encode, bool normalize) {
    if (path.empty()) {
        sink.put('/');
        return;
    }
    if (!normalize) {
        if (double_encode)
            put_encoded(sink, path, true);
        else
            sink.put(path);
        return;
    }
    small_vector<std::string_view, 32> segs;
    bool trailing = false;
    std::size_t i = 0;
    while (i <= path.size()) {
        std::size_t j = path.find('/', i);
        if (j == std::string_view::npos) j = path.size();
        const auto seg = path.substr(i, j - i);
        const bool last = (j == path.size());
        if (seg.empty() || seg == ".") {
            if (last) trailing = true;
        } else if (seg == "..") {
            if (segs.size()) segs.pop_back();
            if (last) trailing = true;
        } else {
            segs.push_back(seg);
            trailing = false;
        }
        i = j + 1;
    }
    if (segs.size() == 0) {
        sink.put('/');
        return;
    }
    for (const auto& s : segs) {
        sink.put('/');
        if (double_encode)
            put_encoded(sink, s, false);
        else
            sink.put(s);
    }
    if (trailing) sink.put('/');
}

// ---------------------------------------------------- canonical query --
struct query_param {
    std::string_view name, value; // both already in canonical (encoded) form
};

/// Re-encodes `raw` (decode %XY, then encode with the unreserved set) into
/// `out`; returns the view written.
inline std::string_view canonicalize_component(std::string_view raw, char*& out) noexcept {
    // Fast path: only unreserved characters, already canonical as it stands.
    bool plain = true;
    for (char c : raw) plain = plain && chime_voice::detail::is_unreserved(static_cast<unsigned char>(c));
    if (plain) return raw;
    // Decode in place into the tail of the region, then encode from it.
    char tmp[256];
    char* start = out;
    while (!raw.empty()) {
        // Decoding never splits an escape across pieces: cut before a '%'
        // that would straddle the boundary.
        std::size_t take = std::min<std::size_t>(raw.size(), sizeof tmp);
        if (take < raw.size()) {
            for (std::size_t k = 1; k <= 2 && k <= take; ++k)
                if (raw[take - k] == '%') {
                    take -= k;
                    break;
                }
            if (take == 0) take = std::min<std::size_t>(raw.size(), 3); // "%XY" alone
        }
        char* e = chime_voice::detail::percent_decode_to(raw.substr(0, take), tmp);
        out = chime_voice::detail::percent_encode_to(std::string_view(tmp, static_cast<std::size_t>(e - tmp)), false, out);
        raw.remove_prefix(take);
    }
    return {start, static_cast<std::size_t>(out - start)};
}

inline bool param_less(const query_param& a, const query_param& b) noexcept {
    if (a.name != b.name) return a.name < b.name;
    return a.value < b.value;
}

/// Calls f(name, value) for each '&'-separated component of `query`
/// (empty components skipped; a component without '=' has an empty value).
template <class F>
void for_each_query_param(std::string_view query, F&& f) {
    std::size_t i = 0;
    while (i <= query.size()) {
        std::size_t j = query.find('&', i);
        if (j == std::string_view::npos) j = query.size();
        const auto comp = query.substr(i, j - i);
        if (!comp.empty()) {
            const auto eq = comp.find('=');
            if (eq == std::string_view::npos)
                f(comp, std::string_view{});
            else
                f(comp.substr(0, eq), comp.substr(eq + 1));
        }
        i = j + 1;
    }
}

/// Writes the canonical query string: every parameter of `query` (names and
/// values decoded, then encoded with the SigV4 unreserved set), plus `extra`
/// (already canonical), sorted by name then value; "name=" for empty values.
template <class Sink>
void write_canonical_query(Sink& sink, std::string_view query, std::span<const query_param> extra) {
    small_vector<query_param, 16> params;
    // Worst case every byte becomes "%XY".
    char_buffer<512> arena(query.size() * 3 + 1);
    char* out = arena.data();
    for_each_query_param(query, [&](std::string_view n, std::string_view v) {
        query_param p;
        p.name = canonicalize_component(n, out);
        p.value = canonicalize_component(v, out);
        params.push_back(p);
    });
    for (const auto& p : extra) params.push_back(p);
    // Insertion sort: a handful of parameters, no allocation.
    auto* b = params.begin();
    const std::size_t n = params.size();
    if (n > 32) {
        std::sort(b, b + n, param_less);
    } else {
        for (std::size_t i = 1; i < n; ++i) {
            auto v = b[i];
            std::size_t j = i;
            for (; j > 0 && param_less(v, b[j - 1]); --j) b[j] = b[j - 1];
            b[j] = v;
        }
    }
    for (std::size_t i = 0; i < n; ++i) {
        if (i) sink.put('&');
        sink.put(b[i].name);
        sink.put('=');
        sink.put(b[i].value);
    }
}

// -------------------------------------------------- canonical headers --
struct header_ref {
    std::string_view name, value;
    std::size_t pos = 0; ///< position in the request, to keep repeated headers in order
};

/// Case-insensitive ordering of header names (canonical names are lower case).
inline bool name_less(std::string_view a, std::string_view b) noexcept {
    const std::size_t n = std::min(a.size(), b.size());
    for (std::size_t i = 0; i < n; ++i) {
        const char x = ascii_lower(a[i]), y = ascii_lower(b[i]);
        if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y);
    }
    return a.size() < b.size();
}

/// Sorts by lower-cased name, keeping the original order of repeated names
/// (their values are joined in order).
template <std::size_t N>
void sort_headers(small_vector<header_ref, N>& hs) {
    auto* b = hs.begin();
    const std::size_t n = hs.size();
    if (n > 48) {
        // Many headers: std::sort on (name, original position), which is
        // stable by construction and needs no temporary buffer.
        std::sort(b, b + n, [](const header_ref& x, const header_ref& y) {
            if (name_less(x.name, y.name)) return true;
            if (name_less(y.name, x.name)) return false;
            return x.pos < y.pos;
        });
        return;
    }
    for (std::size_t i = 1; i < n; ++i) {
        auto v = b[i];
        std::size_t j = i;
        for (; j > 0 && name_less(v.name, b[j - 1].name); --j) b[j] = b[j - 1];
        b[j] = v;
    }
}

constexpr bool is_space(char c) noexcept { return c == ' ' || c == '\t'; }

/// Writes a header value with leading and trailing whitespace removed and
/// inner runs of whitespace collapsed to one space (SigV4 "Trimall").
template <class Sink>
void put_trimmed(Sink& sink, std::string_view v) {
    // Fast path: nothing to trim or collapse (the usual case). v[k + 1]
    // exists whenever v[k] is a space, since the last byte is not one.
    bool clean = v.empty() || (!is_space(v.front()) && !is_space(v.back()));
    if (clean && v.size() > 1)
        clean = std::memchr(v.data(), '\t', v.size()) == nullptr && v.find("  ") == std::string_view::npos;
    if (clean) {
        sink.put(v);
        return;
    }
    std::size_t b = 0, e = v.size();
    while (b < e && is_space(v[b])) ++b;
    while (e > b && is_space(v[e - 1])) --e;
    std::size_t i = b;
    while (i < e) {
        std::size_t j = i;
        while (j < e && !is_space(v[j])) ++j;
        sink.put(v.substr(i, j - i));
        if (j == e) break;
        sink.put(' ');
        while (j < e && is_space(v[j])) ++j;
        i = j;
    }
}

template <class Sink, std::size_t N>
void write_canonical_headers(Sink& sink, const small_vector<header_ref, N>& hs) {
    const std::size_t n = hs.size();
    for (std::size_t i = 0; i < n;) {
        put_lower(sink, hs[i].name);
        sink.put(':');
        put_trimmed(sink, hs[i].value);
        std::size_t j = i + 1;
        for (; j < n && iequals(hs[j].name, hs[i].name); ++j) {
            sink.put(',');
            put_trimmed(sink, hs[j].value);
        }
        sink.put('\n');
        i = j;
    }
}

/// The SignedHeaders list ("a;b;c"), built once: it goes into the canonical
/// request and into the Authorization header (and X-Amz-SignedHeaders).
/// Inline storage for the usual handful of headers.
class signed_header_list {
public:
    template <std::size_t N>
    explicit signed_header_list(const small_vector<header_ref, N>& hs) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < hs.size(); ++i) n += hs[i].name.size() + 1;
        char* p = n <= sizeof inline_ ? inline_ : (heap_.resize(n), heap_.data());
        char* const start = p;
        for (std::size_t i = 0; i < hs.size();) {
            if (i) *p++ = ';';
            for (char c : hs[i].name) *p++ = ascii_lower(c);
            std::size_t j = i + 1;
            while (j < hs.size() && iequals(hs[j].name, hs[i].name)) ++j;
            i = j;
        }
        view_ = {start, static_cast<std::size_t>(p - start)};
    }
    signed_header_list(const signed_header_list&) = delete;
    signed_header_list& operator=(const signed_header_list&) = delete;
    std::string_view view() const noexcept { return view_; }

private:
    char inline_[256];
    std::string heap_;
    std::string_view view_;
};

/// Bit n set when some excluded name has length n (n < 64): most headers
/// are ruled out by their length alone.
inline std::uint64_t length_mask(std::span<const std::string_view> names) noexcept {
    std::uint64_t m = std::uint64_t{1} << 13; // "authorization"
    for (auto e : names) m |= e.size() < 64 ? std::uint64_t{1} << e.size() : 0;
    return m;
}

inline bool is_excluded(std::string_view name, std::span<const std::string_view> excluded) noexcept {
    if (iequals(name, "authorization")) return true;
    for (auto e : excluded)
        if (iequals(name, e)) return true;
    return false;
}

inline bool is_excluded(std::string_view name, std::span<const std::string_view> excluded,
                        std::uint64_t mask) noexcept {
    if (name.size() < 64 && !(mask >> name.size() & 1)) return false;
    return is_excluded(name, excluded);
}

// --------------------------------------------------------- validation --
inline bool valid_label(std::string_view s) noexcept {
    if (s.empty() || s.size() >= 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

/// Bytes allowed in a host (and Host header): visible ASCII except the URI
/// delimiters that would end or redirect the authority (RFC 3986 3.2).
inline constexpr std::array<bool, 256> host_char_table = [] {
    std::array<bool, 256> t{};
    for (int c = 0x21; c < 0x7f; ++c) t[static_cast<std::size_t>(c)] = true;
    for (char c : std::string_view("/?#@\\")) t[static_cast<unsigned char>(c)] = false;
    return t;
}();

inline bool valid_host(std::string_view h) noexcept {
    if (h.empty()) return false;
    bool ok = true;
    for (char c : h) ok &= host_char_table[static_cast<unsigned char>(c)];
    return ok;
}

/// Path and query are sent inside the request line: no control characters.
inline bool valid_target_part(std::string_view s) noexcept {
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        if (u < 0x20 || u == 0x7f || c == '#') return false;
    }
    return true;
}

inline bool printable_ascii(std::string_view s) noexcept {
    bool ok = true;
    for (char c : s) {
        const auto u = static_cast<unsigned char>(c);
        ok &= u > 0x20 && u < 0x7f;
    }
    return ok;
}

inline std::expected<void, error> validate_credentials(const credentials& c) {
    auto fail = [](std::string m) { return std::unexpected(error::make(error_category::credentials, std::move(m))); };
    if (c.access_key_id.empty()) return fail("access key id is empty");
    if (c.access_key_id.size() > 128) return fail("access key id is longer than 128 characters");
    for (char ch : c.access_key_id)
        if (!((ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9')))
            return fail("access key id contains a character other than A-Z, a-z, 0-9");
    if (c.secret_access_key.empty()) return fail("secret access key is empty");
    if (!printable_ascii(c.secret_access_key))
        return fail("secret access key contains whitespace, control or non-ASCII characters");
    if (!printable_ascii(c.session_token))
        return fail("session token contains whitespace, control or non-ASCII characters");
    return {};
}

inline std::expected<void, error> validate_request(const http_request& r, const signing_params& p) {
    auto fail = [](std::string m) { return std::unexpected(error::make(error_category::signing, std::move(m))); };
    if (!chime_voice::detail::is_token(r.method)) return fail("HTTP method is empty or not an HTTP token");
    if (!valid_host(r.host)) return fail("host is empty or contains spaces, control or reserved characters");
    if (!r.path.empty() && r.path.front() != '/') return fail("path must be empty or start with '/'");
    if (!valid_target_part(r.path)) return fail("path contains control characters or '#'");
    if (!valid_target_part(r.query)) return fail("query contains control characters or '#'");
    for (const auto& h : r.headers) {
        if (!chime_voice::detail::is_token(h.name))
            return fail("header name \"" + h.name.substr(0, 64) + "\" is not an HTTP token");
        // An Authorization value is replaced by the new signature, never sent.
        if (!(h.name.size() == 13 && iequals(h.name, "authorization")) &&
            !chime_voice::detail::is_field_value(h.value))
            return fail("value of header \"" + h.name + "\" contains CR, LF or NUL (header injection)");
        if (iequals(h.name, "host") && !valid_host(h.value))
            return fail("host header is empty or contains spaces, control or reserved characters");
    }
    if (!valid_label(p.region)) return fail("signing region must be 1-63 characters of a-z, 0-9 and '-'");
    if (!valid_label(p.service)) return fail("signing service must be 1-63 characters of a-z, 0-9 and '-'");
    if (!p.payload_hash.empty() && !printable_ascii(p.payload_hash))
        return fail("payload hash override contains whitespace or control characters");
    return {};
}

// ------------------------------------------------------------- keys --
/// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
inline chime_voice::detail::sha256_digest derive_signing_key(std::string_view secret, std::string_view date,
                                                             std::string_view region, std::string_view service) {
    using namespace chime_voice::detail;
    // "AWS4" + secret, on the stack when it fits; wiped after use.
    char stack_key[4 + 128];
    std::string heap_key;
    std::string_view k0;
    if (secret.size() <= 128) {
        std::memcpy(stack_key, "AWS4", 4);
        std::memcpy(stack_key + 4, secret.data(), secret.size());
        k0 = {stack_key, 4 + secret.size()};
    } else {
        heap_key.reserve(4 + secret.size());
        heap_key.append("AWS4").append(secret);
        k0 = heap_key;
    }
    auto k = hmac_sha256(k0, date);
    secure_wipe(stack_key, secret.size() <= 128 ? 4 + secret.size() : 0);
    if (!heap_key.empty()) secure_wipe(heap_key);
    auto k2 = hmac_sha256(k, region);
    auto k3 = hmac_sha256(k2, service);
    auto k4 = hmac_sha256(k3, std::string_view("aws4_request"));
    secure_wipe(k.data(), k.size());
    secure_wipe(k2.data(), k2.size());
    secure_wipe(k3.data(), k3.size());
    return k4;
}

/// A sink into a fixed stack buffer, for a canonical request that is hashed
/// in one piece (derive_key_and_hash). Reports overflow instead of growing.
class array_sink {
public:
    void put(std::string_view v) noexcept {
        if (v.empty()) return; // an empty view may have a null data() (memcpy forbids it)
        if (v.size() > cap - n_) {
            overflow_ = true;
            n_ = 0;
            if (v.size() > cap) return;
        }
        std::memcpy(buf_ + n_, v.data(), v.size());
        n_ += v.size();
    }
    void put(char c) noexcept { put(std::string_view(&c, 1)); }
    char* prepare(std::size_t k) noexcept {
        if (k > cap - n_) {
            overflow_ = true;
            n_ = 0;
        }
        return buf_ + n_;
    }
    void commit(std::size_t used) noexcept { n_ += used; }
    static constexpr std::size_t chunk = 256;
    bool overflow() const noexcept { return overflow_; }
    std::string_view view() const noexcept { return {buf_, n_}; }

private:
    static constexpr std::size_t cap = 2048;
    std::size_t n_ = 0;
    bool overflow_ = false;
    char buf_[cap];
};

/// Whether derive_key_and_hash() can take these inputs: "AWS4" + secret fits
/// one block, and each message of the chain fits one final block.
inline bool can_interleave(std::string_view secret, std::string_view region, std::string_view service) noexcept {
    return 4 + secret.size() <= 64 && region.size() <= 55 && service.size() <= 55;
}

/// kSigning and SHA-256(text) together. The key derivation is a chain of
/// four HMACs, each waiting for the one before, so one SHA-256 lane idles
/// while it runs; the compressions of `text` (the canonical request) fill
/// that lane, two at a time (sha256_impl::compress2), which is where a cold
/// signature saves a third of its hashing latency. Same results as
/// derive_signing_key(...) and sha256_hash(text). Requires can_interleave().
inline std::pair<chime_voice::detail::sha256_digest, chime_voice::detail::sha256_digest>
derive_key_and_hash(std::string_view secret, std::string_view date, std::string_view region,
                    std::string_view service, std::string_view text) noexcept {
    using namespace chime_voice::detail;
    namespace si = sha256_impl;
    const auto b = sha256_active_backend();

    // Lane B: the blocks of `text`, then its padding (FIPS 180-4 5.1.1).
    const auto* tp = reinterpret_cast<const std::uint8_t*>(text.data());
    const std::size_t full = text.size() / 64, r = text.size() % 64;
    alignas(16) std::uint8_t tail[128];
    if (r) std::memcpy(tail, tp + full * 64, r);
    tail[r] = 0x80;
    const std::size_t tail_blocks = r < 56 ? 1 : 2;
    std::memset(tail + r + 1, 0, tail_blocks * 64 - 8 - r - 1);
    si::store_be64(tail + tail_blocks * 64 - 8, static_cast<std::uint64_t>(text.size()) << 3);
    std::size_t next = 0;
    auto next_block = [&]() noexcept -> const std::uint8_t* {
        if (next < full) return tp + 64 * next++;
        if (next < full + tail_blocks) return tail + 64 * (next++ - full);
        return nullptr;
    };
    sha256_state hb = si::initial_state;
    auto compress_paired = [&](std::uint32_t* s, const std::uint8_t* blk) noexcept {
        if (const auto* o = next_block())
            si::compress2(b, s, blk, hb.data(), o);
        else
            si::compress(b, s, blk, 1);
    };

    // Lane A: kDate, kRegion, kService, kSigning (RFC 2104 for each step).
    alignas(16) std::uint8_t key[64];
    std::size_t klen = 4 + secret.size();
    std::memcpy(key, "AWS4", 4);
    std::memcpy(key + 4, secret.data(), secret.size());
    const std::string_view msgs[4] = {date, region, service, "aws4_request"};
    alignas(16) std::uint8_t ib[64], ob[64], mb[64];
    sha256_state in, out;
    for (const auto m : msgs) {
        std::memset(key + klen, 0, 64 - klen);
        for (std::size_t i = 0; i < 64; ++i) {
            ib[i] = static_cast<std::uint8_t>(key[i] ^ 0x36);
            ob[i] = static_cast<std::uint8_t>(key[i] ^ 0x5c);
        }
        in = si::initial_state;
        out = si::initial_state;
        si::compress2(b, in.data(), ib, out.data(), ob);
        std::memcpy(mb, m.data(), m.size());
        mb[m.size()] = 0x80;
        std::memset(mb + m.size() + 1, 0, 64 - 8 - m.size() - 1);
        si::store_be64(mb + 56, static_cast<std::uint64_t>(64 + m.size()) << 3);
        compress_paired(in.data(), mb);
        for (std::size_t i = 0; i < 8; ++i) si::store_be32(mb + 4 * i, in[i]);
        mb[32] = 0x80;
        std::memset(mb + 33, 0, 64 - 8 - 33);
        si::store_be64(mb + 56, static_cast<std::uint64_t>(64 + 32) << 3);
        compress_paired(out.data(), mb);
        for (std::size_t i = 0; i < 8; ++i) si::store_be32(key + 4 * i, out[i]);
        klen = 32;
    }
    sha256_digest k{};
    std::memcpy(k.data(), key, 32);
    // Whatever is left of `text`: contiguous blocks in one call, then the tail.
    if (next < full) {
        si::compress(b, hb.data(), tp + 64 * next, full - next);
        next = full;
    }
    while (const auto* o = next_block()) si::compress(b, hb.data(), o, 1);
    sha256_digest h{};
    for (std::size_t i = 0; i < 8; ++i) si::store_be32(h.data() + 4 * i, hb[i]);
    secure_wipe(key, sizeof key);
    secure_wipe(ib, sizeof ib);
    secure_wipe(ob, sizeof ob);
    secure_wipe(mb, sizeof mb);
    secure_wipe(in.data(), sizeof in);
    secure_wipe(out.data(), sizeof out);
    return {k, h};
}

} // namespace detail_sigv4

/// Grants the signer access to the cache's storage.
struct cache_access {
    /// The cached pads of kSigning when the cache holds this scope, else nullptr.
    static const detail::hmac_sha256_key* find(signing_key_cache* c, std::string_view secret,
                                               std::string_view date, std::string_view region,
                                               std::string_view service) noexcept {
        if (c && c->valid_ && c->secret_len_ == secret.size() && std::memcmp(c->date_, date.data(), 8) == 0 &&
            std::string_view(c->region_, c->region_len_) == region &&
            std::string_view(c->service_, c->service_len_) == service &&
            detail::constant_time_equal(c->secret_, secret.data(), secret.size())) {
            ++c->hits_;
            return &*c->key_;
        }
        return nullptr;
    }

    /// Keeps the freshly derived kSigning `k` (its pads) in the cache when
    /// there is one that can hold this scope, else in `local`.
    static const detail::hmac_sha256_key& store(signing_key_cache* c, std::optional<detail::hmac_sha256_key>& local,
                                                const detail::sha256_digest& k, std::string_view secret,
                                                std::string_view date, std::string_view region,
                                                std::string_view service) noexcept {
        if (c && secret.size() <= signing_key_cache::max_secret) {
            ++c->misses_;
            c->clear();
            c->key_.emplace(k.data(), k.size());
            std::memcpy(c->secret_, secret.data(), secret.size());
            c->secret_len_ = secret.size();
            std::memcpy(c->date_, date.data(), 8);
            std::memcpy(c->region_, region.data(), region.size());
            c->region_len_ = region.size();
            std::memcpy(c->service_, service.data(), service.size());
            c->service_len_ = service.size();
            c->valid_ = true;
            return *c->key_;
        }
        local.emplace(k.data(), k.size());
        return *local;
    }

    /// The pads of kSigning for the scope: from the cache, or derived (and cached).
    static const detail::hmac_sha256_key& get(signing_key_cache* c, std::optional<detail::hmac_sha256_key>& local,
                                              std::string_view secret, std::string_view date,
                                              std::string_view region, std::string_view service) {
        if (const auto* hit = find(c, secret, date, region, service)) return *hit;
        auto k = detail_sigv4::derive_signing_key(secret, date, region, service);
        const auto& key = store(c, local, k, secret, date, region, service);
        detail::secure_wipe(k.data(), k.size());
        return key;
    }
};

namespace detail_sigv4 {

/// Selects the headers to sign: all but the excluded ones (sign, presign),
/// or exactly those named in `only` (verify; ';'-separated lower-case list).
template <std::size_t N>
void select_headers(const http_request& r, std::span<const std::string_view> excluded, bool exclude_token,
                    small_vector<header_ref, N>& out) {
    const std::uint64_t mask = length_mask(excluded);
    for (std::size_t i = 0; i < r.headers.size(); ++i) {
        const auto& h = r.headers[i];
        if (is_excluded(h.name, excluded, mask)) continue;
        if (exclude_token && iequals(h.name, "x-amz-security-token")) continue;
        out.push_back({h.name, h.value, i});
    }
    sort_headers(out);
}

/// The whole canonical request (SigV4 docs, "Create a canonical request").
template <class Sink, std::size_t N>
void write_canonical_request(Sink& sink, const http_request& r, const small_vector<header_ref, N>& hs,
                             std::string_view signed_list, std::span<const query_param> extra_query,
                             std::string_view payload_hash, bool double_encode, bool normalize) {
    sink.put(r.method);
    sink.put('\n');
    write_canonical_uri(sink, r.path, double_encode, normalize);
    sink.put('\n');
    write_canonical_query(sink, r.query, extra_query);
    sink.put('\n');
    write_canonical_headers(sink, hs);
    sink.put('\n');
    sink.put(signed_list);
    sink.put('\n');
    sink.put(payload_hash);
}

/// "date/region/service/aws4_request"
struct scope_text {
    char buf[8 + 1 + 64 + 1 + 64 + 1 + 12];
    std::size_t n = 0;
    scope_text(std::string_view date, std::string_view region, std::string_view service) noexcept {
        auto put = [&](std::string_view s) {
            std::memcpy(buf + n, s.data(), s.size());
            n += s.size();
        };
        put(date);
        put("/");
        put(region);
        put("/");
        put(service);
        put("/aws4_request");
    }
    std::string_view view() const noexcept { return {buf, n}; }
};

/// String to sign (SigV4 docs, "Create a string to sign") and its HMAC.
inline chime_voice::detail::sha256_digest compute_signature(const chime_voice::detail::hmac_sha256_key& key,
                                                            std::string_view timestamp, std::string_view scope,
                                                            const chime_voice::detail::sha256_digest& creq_hash) {
    char sts[16 + 1 + 16 + 1 + 150 + 1 + 64];
    std::size_t n = 0;
    auto put = [&](std::string_view s) {
        std::memcpy(sts + n, s.data(), s.size());
        n += s.size();
    };
    put(algorithm);
    put("\n");
    put(timestamp);
    put("\n");
    put(scope);
    put("\n");
    chime_voice::detail::hex_lower(creq_hash.data(), creq_hash.size(), sts + n);
    n += 64;
    return chime_voice::detail::hmac_sha256(key, std::string_view(sts, n));
}

inline std::string string_to_sign_text(std::string_view timestamp, std::string_view scope,
                                       const chime_voice::detail::sha256_digest& creq_hash) {
    std::string s;
    s.append(algorithm).append(1, '\n').append(timestamp).append(1, '\n').append(scope).append(1, '\n');
    s.append(chime_voice::detail::to_hex(creq_hash));
    return s;
}

/// Sets the first header named `name` (case-insensitively) to `value`,
/// removing later duplicates, or appends it. Reuses the existing string's
/// capacity, so re-signing a request does not allocate.
inline void set_header(http_request& r, std::string_view name, std::string_view value) {
    auto& hs = r.headers;
    auto same = [&](const http_header& h) { return iequals(h.name, name); };
    const auto first = std::find_if(hs.begin(), hs.end(), same);
    if (first == hs.end()) {
        hs.push_back(http_header{std::string(name), std::string(value)});
        return;
    }
    first->value.assign(value);
    hs.erase(std::remove_if(first + 1, hs.end(), same), hs.end());
}

inline void remove_header(http_request& r, std::string_view name) {
    std::erase_if(r.headers, [&](const http_header& h) { return iequals(h.name, name); });
}

/// Hex SHA-256 of the body, written to `hex`.
inline std::string_view hash_body(std::string_view body, char (&hex)[64]) noexcept {
    const auto d = chime_voice::detail::sha256_hash(body);
    chime_voice::detail::to_hex(d, hex);
    return {hex, 64};
}

inline std::string_view body_hash(const http_request& r, const signing_params& p, char (&hex)[64]) noexcept {
    if (!p.payload_hash.empty()) return p.payload_hash;
    // A caller-supplied x-amz-content-sha256 header is the payload hash, as
    // botocore's SigV4Auth.canonical_request and verify() read it; hashing
    // the body instead would sign a header that contradicts the canonical
    // request. (When add_content_sha256_header is on, sign() writes the
    // header from the body hash, so a stale one from an earlier try is replaced.)
    if (!p.add_content_sha256_header)
        if (const auto* h = r.find_header("x-amz-content-sha256")) return h->value;
    return hash_body(r.body, hex);
}

} // namespace detail_sigv4

/// Signs `request` in place with an Authorization header (SigV4 header
/// signing). Adds or replaces X-Amz-Security-Token (when the credentials carry
/// a token), X-Amz-Date, x-amz-content-sha256 (when asked) and Authorization,
/// and a Host header from request.host when none is present. Signing the
/// same request again (a retry) replaces these in place.
///
/// On error the request is left unchanged and nothing is signed: bad
/// credentials (error_category::credentials), a header name that is not a
/// token, CR/LF/NUL in a header value, an empty or malformed host, control
/// characters in the path or query, a bad region or service, or a time
/// outside years 0001-9999 (error_category::signing).
/// Throws only std::bad_alloc.
inline std::expected<void, error> sign(http_request& request, const credentials& creds,
                                       const signing_params& params) {
    namespace d = detail_sigv4;
    if (auto v = d::validate_credentials(creds); !v) return v;
    if (auto v = d::validate_request(request, params); !v) return v;
    const auto date = detail::format_amz_date(params.time);
    if (!date) return std::unexpected(error::make(error_category::signing, "signing time is outside years 0001-9999"));

    // Put every header sign() manages in place first (Authorization too,
    // though it is never signed): from here on views into request.headers
    // (the selection, a payload hash taken from an x-amz-content-sha256
    // header) stay valid. One pass finds them; a request that carries one of
    // them twice, or an old token to drop, takes the general path.
    constexpr std::size_t none = static_cast<std::size_t>(-1);
    std::size_t host_i = none, token_i = none, date_i = none, sha_i = none, auth_i = none;
    bool repeated = false;
    for (std::size_t i = 0; i < request.headers.size(); ++i) {
        const std::string_view n = request.headers[i].name;
        std::size_t* slot = nullptr;
        if (n.size() == 4 && detail::iequals(n, "host")) slot = &host_i;
        else if (n.size() == 10 && detail::iequals(n, "x-amz-date")) slot = &date_i;
        else if (n.size() == 13 && detail::iequals(n, "authorization")) slot = &auth_i;
        else if (n.size() == 20 && detail::iequals(n, "x-amz-security-token")) slot = &token_i;
        else if (n.size() == 20 && detail::iequals(n, "x-amz-content-sha256")) slot = &sha_i;
        if (slot) {
            repeated = repeated || (*slot != none && slot != &host_i);
            if (*slot == none) *slot = i;
        }
    }
    char body_hex[64];
    // The hash sign() writes as x-amz-content-sha256 (the override or the
    // body's hash, never a view into the headers), computed once.
    const std::string_view written_hash =
        params.add_content_sha256_header ? d::body_hash(request, params, body_hex) : std::string_view{};
    // The general path may erase headers, so the positions found above are
    // only used on the one-pass path.
    const bool general = repeated || (token_i != none && creds.session_token.empty());
    if (general) {
        if (host_i == none) request.headers.push_back(http_header{"host", request.host});
        if (!creds.session_token.empty())
            d::set_header(request, "X-Amz-Security-Token", creds.session_token);
        else
            d::remove_header(request, "X-Amz-Security-Token");
        d::set_header(request, "X-Amz-Date", date->timestamp());
        if (params.add_content_sha256_header) d::set_header(request, "x-amz-content-sha256", written_hash);
        // set_header also drops repeated Authorization headers: their values
        // skip the CR/LF check (validate_request), so none may stay.
        d::set_header(request, "Authorization", {});
    } else {
        auto put = [&](std::size_t at, std::string_view name, std::string_view value) {
            if (at != none)
                request.headers[at].value.assign(value);
            else
                request.headers.push_back(http_header{std::string(name), std::string(value)});
        };
        if (host_i == none) request.headers.push_back(http_header{"host", request.host});
        if (!creds.session_token.empty()) put(token_i, "X-Amz-Security-Token", creds.session_token);
        put(date_i, "X-Amz-Date", date->timestamp());
        if (params.add_content_sha256_header) put(sha_i, "x-amz-content-sha256", written_hash);
        if (auth_i == none) request.headers.push_back(http_header{"Authorization", {}});
    }
    http_header* auth = request.find_header("Authorization");
    // The payload hash: what sign() wrote, else the override, else a caller's
    // x-amz-content-sha256 (on the one-pass path its position is known), else
    // the body's hash.
    std::string_view payload;
    if (params.add_content_sha256_header)
        payload = written_hash;
    else if (general || !params.payload_hash.empty())
        payload = d::body_hash(request, params, body_hex);
    else
        payload = sha_i != none ? std::string_view(request.headers[sha_i].value) : d::hash_body(request.body, body_hex);

    d::small_vector<d::header_ref, 24> hs;
    d::select_headers(request, params.unsigned_headers, !params.sign_session_token, hs);
    const d::signed_header_list list(hs);
    const d::scope_text scope(date->date(), params.region, params.service);
    const std::string_view secret = creds.secret_access_key;
    std::optional<detail::hmac_sha256_key> local_key;
    const detail::hmac_sha256_key* key = cache_access::find(params.key_cache, secret, date->date(), params.region,
                                                            params.service);
    detail::sha256_digest creq_hash;
    bool hashed = false;
    if (!key && d::can_interleave(secret, params.region, params.service)) {
        // Cold: derive the key while hashing the canonical request.
        d::array_sink text;
        d::write_canonical_request(text, request, hs, list.view(), {}, payload, params.double_uri_encode,
                                   params.normalize_uri_path);
        if (!text.overflow()) {
            auto [k, h] = d::derive_key_and_hash(secret, date->date(), params.region, params.service, text.view());
            creq_hash = h;
            key = &cache_access::store(params.key_cache, local_key, k, secret, date->date(), params.region,
                                       params.service);
            detail::secure_wipe(k.data(), k.size());
            hashed = true;
        }
    }
    if (!hashed) {
        d::hash_sink sink;
        d::write_canonical_request(sink, request, hs, list.view(), {}, payload, params.double_uri_encode,
                                   params.normalize_uri_path);
        creq_hash = sink.finish();
        if (!key)
            key = &cache_access::get(params.key_cache, local_key, secret, date->date(), params.region,
                                     params.service);
    }
    const auto sig = d::compute_signature(*key, date->timestamp(), scope.view(), creq_hash);

    // "AWS4-HMAC-SHA256 Credential=<id>/<scope>, SignedHeaders=<list>, Signature=<hex>"
    constexpr std::string_view cred_key = " Credential=", list_key = ", SignedHeaders=", sig_key = ", Signature=";
    const std::size_t size = algorithm.size() + cred_key.size() + creds.access_key_id.size() + 1 + scope.n +
                             list_key.size() + list.view().size() + sig_key.size() + 64;
    std::string& out = auth->value;
    out.clear();
    out.reserve(size);
    out.append(algorithm).append(cred_key).append(creds.access_key_id).append(1, '/').append(scope.view());
    out.append(list_key).append(list.view()).append(sig_key);
    const std::size_t at = out.size();
    out.resize(at + 64);
    detail::hex_lower(sig.data(), sig.size(), out.data() + at);
    return {};
}

/// Query-string signing: turns `request` into a presigned URL valid for
/// `expires` (1 second to 7 days). Appends X-Amz-Algorithm, X-Amz-Credential,
/// X-Amz-Date, X-Amz-SignedHeaders, X-Amz-Expires, X-Amz-Security-Token (when
/// a token is set) and X-Amz-Signature to the query, replacing earlier ones.
/// The headers present (after the unsigned ones are left out) are signed and
/// must be sent with the URL. Throws only std::bad_alloc.
inline std::expected<void, error> presign(http_request& request, const credentials& creds,
                                          const signing_params& params, std::chrono::seconds expires) {
    namespace d = detail_sigv4;
    if (expires < std::chrono::seconds{1} || expires > max_presign_expiry)
        return std::unexpected(error::make(error_category::signing, "X-Amz-Expires must be between 1 second and 7 days"));
    if (auto v = d::validate_credentials(creds); !v) return v;
    if (auto v = d::validate_request(request, params); !v) return v;
    const auto date = detail::format_amz_date(params.time);
    if (!date) return std::unexpected(error::make(error_category::signing, "signing time is outside years 0001-9999"));

    // Drop signature parameters of an earlier presign; keep the rest verbatim.
    std::string query;
    {
        static constexpr std::string_view ours[] = {"X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Date",
                                                    "X-Amz-Expires", "X-Amz-SignedHeaders", "X-Amz-Security-Token",
                                                    "X-Amz-Signature"};
        std::string_view rest = request.query;
        while (!rest.empty()) {
            const auto amp = rest.find('&');
            const auto comp = rest.substr(0, amp);
            rest = amp == std::string_view::npos ? std::string_view{} : rest.substr(amp + 1);
            if (comp.empty()) continue;
            const auto name = comp.substr(0, comp.find('='));
            if (std::find(std::begin(ours), std::end(ours), name) != std::end(ours)) continue;
            if (!query.empty()) query.push_back('&');
            query.append(comp);
        }
    }
    if (!request.find_header("host")) request.headers.push_back(http_header{"host", request.host});
    d::remove_header(request, "Authorization");

    d::small_vector<d::header_ref, 24> hs;
    d::select_headers(request, params.unsigned_headers, false, hs);
    const d::scope_text scope(date->date(), params.region, params.service);

    std::string credential(creds.access_key_id);
    credential.append(1, '/').append(scope.view());
    const d::signed_header_list list(hs);
    const std::string_view signed_list = list.view();
    std::string cred_enc, list_enc, token_enc, expires_text = std::to_string(expires.count());
    detail::percent_encode_append(cred_enc, credential);
    detail::percent_encode_append(list_enc, signed_list);
    detail::percent_encode_append(token_enc, creds.session_token);

    d::small_vector<d::query_param, 8> extra;
    extra.push_back({"X-Amz-Algorithm", algorithm});
    extra.push_back({"X-Amz-Credential", cred_enc});
    extra.push_back({"X-Amz-Date", date->timestamp()});
    extra.push_back({"X-Amz-Expires", expires_text});
    extra.push_back({"X-Amz-SignedHeaders", list_enc});
    const bool token = !creds.session_token.empty();
    if (token && params.sign_session_token) extra.push_back({"X-Amz-Security-Token", token_enc});

    char body_hex[64];
    const auto payload = d::body_hash(request, params, body_hex);
    d::hash_sink sink;
    d::write_canonical_request(sink, http_request{request.method, request.scheme, request.host, request.path, query, {}, {}, {}},
                               hs, signed_list, std::span<const d::query_param>(extra.data(), extra.size()), payload,
                               params.double_uri_encode, params.normalize_uri_path);
    const auto creq_hash = sink.finish();
    std::optional<detail::hmac_sha256_key> local_key;
    const auto& key = cache_access::get(params.key_cache, local_key, creds.secret_access_key, date->date(),
                                        params.region, params.service);
    const auto sig = d::compute_signature(key, date->timestamp(), scope.view(), creq_hash);

    if (!query.empty()) query.push_back('&');
    query.append("X-Amz-Algorithm=").append(algorithm);
    query.append("&X-Amz-Credential=").append(cred_enc);
    query.append("&X-Amz-Date=").append(date->timestamp());
    query.append("&X-Amz-SignedHeaders=").append(list_enc);
    query.append("&X-Amz-Expires=").append(expires_text);
    if (token) query.append("&X-Amz-Security-Token=").append(token_enc);
    query.append("&X-Amz-Signature=").append(detail::to_hex(sig));
    request.query = std::move(query);
    return {};
}

/// Debugging and tests: the canonical request sign() would hash for
/// `request` as it stands (call after sign(), or on a request that already
/// carries X-Amz-Date and friends). Throws only std::bad_alloc.
inline std::expected<std::string, error> canonical_request(const http_request& request, const signing_params& params) {
    namespace d = detail_sigv4;
    if (auto v = d::validate_request(request, params); !v) return std::unexpected(v.error());
    d::small_vector<d::header_ref, 24> hs;
    d::select_headers(request, params.unsigned_headers, !params.sign_session_token, hs);
    char body_hex[64];
    const auto payload = d::body_hash(request, params, body_hex);
    const d::signed_header_list list(hs);
    std::string out;
    d::string_sink sink(out);
    d::write_canonical_request(sink, request, hs, list.view(), {}, payload, params.double_uri_encode,
                               params.normalize_uri_path);
    return out;
}

/// Debugging and tests: the string to sign for a canonical request.
/// Throws only std::bad_alloc.
inline std::expected<std::string, error> string_to_sign(std::string_view canonical, const signing_params& params) {
    const auto date = detail::format_amz_date(params.time);
    if (!date) return std::unexpected(error::make(error_category::signing, "signing time is outside years 0001-9999"));
    const detail_sigv4::scope_text scope(date->date(), params.region, params.service);
    return detail_sigv4::string_to_sign_text(date->timestamp(), scope.view(), detail::sha256_hash(canonical));
}

/// Server side: checks the SigV4 Authorization header of a received request
/// against `creds`, as the service does. Recomputes the signature over the
/// headers listed in SignedHeaders and compares in constant time. Rejects a
/// request whose X-Amz-Date is more than options.max_skew from `now`.
/// Throws only std::bad_alloc.
inline std::expected<void, verify_error> verify(const http_request& r, const credentials& creds,
                                                std::chrono::sys_seconds now, const verify_options& options) {
    namespace d = detail_sigv4;
    auto fail = [](verify_failure f, std::string m) { return std::unexpected(verify_error{f, std::move(m)}); };
    const http_header* auth = r.find_header("authorization");
    if (!auth) return fail(verify_failure::missing_authorization, "Missing Authentication Token");
    std::string_view a = auth->value;
    constexpr std::string_view cred_key = " Credential=", sh_key = ", SignedHeaders=", sig_key = ", Signature=";
    if (!a.starts_with(algorithm))
        return fail(verify_failure::malformed_authorization, "Authorization header requires the AWS4-HMAC-SHA256 algorithm");
    a.remove_prefix(algorithm.size());
    const auto p1 = a.find(cred_key), p2 = a.find(sh_key), p3 = a.find(sig_key);
    if (p1 != 0 || p2 == std::string_view::npos || p3 == std::string_view::npos || p2 > p3)
        return fail(verify_failure::malformed_authorization,
                    "Authorization header requires 'Credential', 'SignedHeaders' and 'Signature' parameters");
    const auto credential = a.substr(cred_key.size(), p2 - cred_key.size());
    const auto signed_list = a.substr(p2 + sh_key.size(), p3 - p2 - sh_key.size());
    const auto signature = a.substr(p3 + sig_key.size());
    const auto given = detail::parse_hex_digest(signature);
    if (!given) return fail(verify_failure::malformed_authorization, "Signature must be 64 hexadecimal characters");

    // Credential = <id>/<date>/<region>/<service>/aws4_request
    std::string_view parts[5];
    {
        std::string_view rest = credential;
        for (int i = 0; i < 5; ++i) {
            const auto slash = rest.find('/');
            if ((slash == std::string_view::npos) != (i == 4))
                return fail(verify_failure::malformed_authorization, "Credential must have the form <id>/<date>/<region>/<service>/aws4_request");
            parts[i] = rest.substr(0, slash);
            rest = slash == std::string_view::npos ? std::string_view{} : rest.substr(slash + 1);
        }
    }
    if (parts[0] != creds.access_key_id)
        return fail(verify_failure::wrong_access_key, "The security token included in the request is invalid.");
    const http_header* date_h = r.find_header("x-amz-date");
    if (!date_h) return fail(verify_failure::missing_date, "Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.");
    const auto t = detail::parse_amz_date(date_h->value);
    if (!t) return fail(verify_failure::malformed_date, "X-Amz-Date must have the form YYYYMMDDTHHMMSSZ");
    if (parts[1] != std::string_view(date_h->value).substr(0, 8) || parts[2] != options.region ||
        parts[3] != options.service || parts[4] != "aws4_request")
        return fail(verify_failure::wrong_scope, "Credential should be scoped to a valid region, service and date.");
    const auto skew = *t > now ? *t - now : now - *t;
    if (skew > options.max_skew) {
        const auto min_ts = detail::format_amz_date(now - options.max_skew);
        const auto max_ts = detail::format_amz_date(now + options.max_skew);
        const auto now_ts = detail::format_amz_date(now);
        const auto mins = std::to_string(options.max_skew.count() / 60);
        std::string m = "Signature ";
        if (*t < now)
            m.append("expired: ").append(date_h->value).append(" is now earlier than ")
                .append(min_ts ? min_ts->timestamp() : "?").append(" (").append(now_ts ? now_ts->timestamp() : "?")
                .append(" - ").append(mins).append(" min.)");
        else
            m.append("not yet current: ").append(date_h->value).append(" is still later than ")
                .append(max_ts ? max_ts->timestamp() : "?").append(" (").append(now_ts ? now_ts->timestamp() : "?")
                .append(" + ").append(mins).append(" min.)");
        return fail(verify_failure::request_time_too_skewed, std::move(m));
    }

    signing_params p;
    p.region = options.region;
    p.service = options.service;
    p.time = *t;
    p.double_uri_encode = options.double_uri_encode;
    p.normalize_uri_path = options.normalize_uri_path;
    if (auto v = d::validate_request(r, p); !v)
        return fail(verify_failure::signature_mismatch, v.error().message);

    // Exactly the listed headers, each of which must be present.
    d::small_vector<d::header_ref, 24> hs;
    bool missing = false;
    {
        std::string_view rest = signed_list;
        while (!rest.empty()) {
            const auto semi = rest.find(';');
            const auto name = rest.substr(0, semi);
            bool any = false;
            for (std::size_t i = 0; i < r.headers.size(); ++i)
                if (detail::iequals(r.headers[i].name, name)) {
                    hs.push_back({r.headers[i].name, r.headers[i].value, i});
                    any = true;
                }
            if (!any) missing = true;
            rest = semi == std::string_view::npos ? std::string_view{} : rest.substr(semi + 1);
        }
    }
    d::sort_headers(hs);
    const d::signed_header_list canonical_list(hs);
    if (missing || canonical_list.view() != signed_list)
        return fail(verify_failure::signature_mismatch,
                    "The request signature we calculated does not match the signature you provided. "
                    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");

    const http_header* content_hash = r.find_header("x-amz-content-sha256");
    char body_hex[64];
    const auto payload = content_hash ? std::string_view(content_hash->value) : d::body_hash(r, p, body_hex);
    d::hash_sink sink;
    d::write_canonical_request(sink, r, hs, canonical_list.view(), {}, payload, p.double_uri_encode,
                               p.normalize_uri_path);
    const auto creq_hash = sink.finish();
    const d::scope_text scope(parts[1], p.region, p.service);
    std::optional<detail::hmac_sha256_key> local_key;
    const auto& key = cache_access::get(nullptr, local_key, creds.secret_access_key, parts[1], p.region, p.service);
    const auto sig = d::compute_signature(key, date_h->value, scope.view(), creq_hash);
    if (!detail::constant_time_equal(sig.data(), given->data(), sig.size()))
        return fail(verify_failure::signature_mismatch,
                    "The request signature we calculated does not match the signature you provided. "
                    "Check your AWS Secret Access Key and signing method. Consult the service documentation for details.");
    return {};
}

} // namespace chime_voice::sigv4

#endif
