// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/sigv4_canonical.hpp — the pieces of the SigV4 canonical
// request, written once for sign, presign, verify and the debugging helpers.
//
// Not public API. SigV4 docs, "Create a canonical request":
//   Method \n CanonicalURI \n CanonicalQueryString \n CanonicalHeaders \n
//   SignedHeaders \n HashedPayload
// The writers are templated on where the bytes go: into SHA-256 (signing,
// no allocation), a fixed stack buffer (the interleaved cold path) or a
// string (debugging, tests).
#ifndef CHIME_VOICE_DETAIL_SIGV4_CANONICAL_HPP
#define CHIME_VOICE_DETAIL_SIGV4_CANONICAL_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/detail/ascii.hpp>
#include <chime_voice/detail/hex.hpp>
#include <chime_voice/detail/percent_encoding.hpp>
#include <chime_voice/detail/sha256.hpp>
#include <chime_voice/detail/small_vector.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/sigv4/params.hpp>

#include <algorithm>
#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <expected>
#include <span>
#include <string>
#include <string_view>

#if CHIME_VOICE_ARCH_X86_64
#include <emmintrin.h>
#endif

namespace chime_voice::detail {

// ---------------------------------------------------------------- sinks --

/// Streams into SHA-256 through a 1 KiB buffer (no allocation). Whole
/// blocks are compressed straight from the buffer when it fills, and the
/// padding is written after the last bytes in the buffer itself: no hasher
/// object with a buffer of its own to clear and copy into.
class hash_sink {
public:
    // The writers' many short pieces: inlined whatever the translation
    // unit's inlining budget (as every per-piece and per-header helper of
    // the signer is), the rare long piece out of line.
    [[gnu::always_inline]] void put(std::string_view s) noexcept {
        if (s.empty()) return; // an empty view may have a null data() (memcpy forbids it)
        if (s.size() > cap - n_) [[unlikely]]
            return put_long(s);
        std::memcpy(buf_ + n_, s.data(), s.size());
        n_ += s.size();
    }
    [[gnu::always_inline]] void put(char c) noexcept {
        if (n_ == cap) drain();
        buf_[n_++] = c;
    }
    /// Room for k <= chunk bytes; commit(used) after writing.
    char* prepare(std::size_t k) noexcept {
        if (k > cap - n_) drain();
        return buf_ + n_;
    }
    void commit(std::size_t used) noexcept { n_ += used; }
    static constexpr std::size_t chunk = 256; ///< largest prepare() callers ask for
    sha256_digest finish() noexcept {
        auto* p = reinterpret_cast<std::uint8_t*>(buf_);
        const std::size_t full = n_ / sha256_block_size, r = n_ % sha256_block_size;
        const std::size_t tail = sha256_impl::pad_final(p + full * sha256_block_size, r, hashed_ + n_);
        sha256_impl::compress(b_, h_.data(), p, full + tail);
        sha256_digest out;
        sha256_impl::store_digest(out.data(), h_.data());
        return out;
    }

private:
    [[gnu::noinline]] void put_long(std::string_view s) noexcept {
        drain();
        if (s.size() > cap - n_) {
            // Longer than the buffer: top it up to a whole block, then
            // whole blocks straight from `s`, the rest into the buffer.
            const std::size_t fill = (sha256_block_size - n_) % sha256_block_size;
            std::memcpy(buf_ + n_, s.data(), fill);
            n_ += fill;
            s.remove_prefix(fill);
            drain();
            const std::size_t blocks = s.size() / sha256_block_size;
            sha256_impl::compress(b_, h_.data(), reinterpret_cast<const std::uint8_t*>(s.data()), blocks);
            hashed_ += blocks * sha256_block_size;
            s.remove_prefix(blocks * sha256_block_size);
        }
        std::memcpy(buf_ + n_, s.data(), s.size());
        n_ += s.size();
    }
    /// Compresses the whole blocks in the buffer and moves the rest (< 64
    /// bytes) to its start.
    void drain() noexcept {
        const std::size_t blocks = n_ / sha256_block_size;
        if (blocks == 0) return;
        sha256_impl::compress(b_, h_.data(), reinterpret_cast<const std::uint8_t*>(buf_), blocks);
        const std::size_t done = blocks * sha256_block_size;
        hashed_ += done;
        n_ -= done;
        std::memmove(buf_, buf_ + done, n_);
    }
    static constexpr std::size_t cap = 1024;
    sha256_state h_ = sha256_impl::initial_state;
    sha256_backend b_ = sha256_active_backend();
    std::size_t n_ = 0;
    std::uint64_t hashed_ = 0;
    alignas(16) char buf_[cap + 2 * sha256_block_size]; // the data, then room for the padding
};

/// Appends to a string (debugging and tests). May throw std::bad_alloc.
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

/// A fixed stack buffer, for a canonical request that is hashed in one
/// piece (derive_key_and_hash). Reports overflow instead of growing.
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

template <class Sink>
void put_encoded(Sink& sink, std::string_view s, bool keep_slash) {
    // Encode in pieces so the sink never needs more than `chunk` bytes at once.
    constexpr std::size_t in_chunk = Sink::chunk / 3;
    while (!s.empty()) {
        const auto piece = s.substr(0, in_chunk);
        char* p = sink.prepare(piece.size() * 3);
        char* e = percent_encode_to(piece, keep_slash, p);
        sink.commit(static_cast<std::size_t>(e - p));
        s.remove_prefix(piece.size());
    }
}

/// Copies n bytes from `s` to `out` with ASCII A-Z lower-cased (other bytes,
/// obs-text included, unchanged), eight bytes at a time: per byte, bit 7 of
/// (h + 0x3f) says h >= 'A' and bit 7 of (h + 0x25) says h > 'Z' for the low
/// seven bits h (no carry crosses a byte), so their difference, for bytes
/// below 0x80, marks the upper-case letters, and that bit shifted to 0x20 is
/// the case bit.
[[gnu::always_inline]] inline void lower_copy(const char* s, std::size_t n, char* out) noexcept {
    constexpr std::uint64_t ones = 0x0101010101010101ull, highs = 0x8080808080808080ull;
    std::size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        std::uint64_t v;
        std::memcpy(&v, s + i, 8);
        const std::uint64_t h = v & ~highs;
        const std::uint64_t upper = ((h + ones * 0x3f) ^ (h + ones * 0x25)) & ~v & highs;
        v |= upper >> 2;
        std::memcpy(out + i, &v, 8);
    }
    if (i < n && n >= 8) { // the last 8 bytes again (overlapping: the same bytes come out)
        std::uint64_t v;
        std::memcpy(&v, s + n - 8, 8);
        const std::uint64_t h = v & ~highs;
        v |= (((h + ones * 0x3f) ^ (h + ones * 0x25)) & ~v & highs) >> 2;
        std::memcpy(out + n - 8, &v, 8);
        return;
    }
    for (; i < n; ++i) out[i] = ascii_lower(s[i]);
}

template <class Sink>
void put_lower(Sink& sink, std::string_view s) {
    while (!s.empty()) {
        const auto piece = s.substr(0, Sink::chunk);
        char* p = sink.prepare(piece.size());
        lower_copy(piece.data(), piece.size(), p);
        sink.commit(piece.size());
        s.remove_prefix(piece.size());
    }
}

// ------------------------------------------------------- byte scanning --

/// What one pass over a header value finds: the offset of the first byte a
/// field value may not hold (a control other than HTAB, or DEL; npos when
/// none), and whether the value is already in SigV4 "Trimall" form (no
/// leading or trailing space, no HTAB, no two spaces in a row), so the
/// canonical request can take it as it is.
struct field_scan {
    std::size_t bad = std::string_view::npos;
    bool trimmed = false;
};

inline field_scan scan_field_value(std::string_view v) noexcept {
    field_scan r;
    const std::size_t n = v.size();
    const char* p = v.data();
    bool tab_or_double = false;
    std::size_t i = 0;
#if CHIME_VOICE_ARCH_X86_64
    // 16 bytes per step (SSE2 is baseline on x86-64): control bytes are
    // those with max(x, 0x1f) == 0x1f (unsigned), DEL is 0x7f.
    unsigned carry = 0; // a space in the last byte of the previous step
    for (; i + 16 <= n; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        const __m128i ctl = _mm_cmpeq_epi8(_mm_max_epu8(x, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
        const __m128i tab = _mm_cmpeq_epi8(x, _mm_set1_epi8('\t'));
        const __m128i del = _mm_cmpeq_epi8(x, _mm_set1_epi8(0x7f));
        const auto bad = static_cast<unsigned>(_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(tab, ctl), del)));
        if (bad) break; // the scalar loop below finds the offset
        const auto sp = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(x, _mm_set1_epi8(' '))));
        tab_or_double |= _mm_movemask_epi8(tab) != 0 || (((sp << 1) | carry) & sp) != 0;
        carry = sp >> 15;
        // The last partial step as the 16 bytes that end the value (they
        // overlap bytes already seen, which changes no verdict; the pair
        // across the overlap lies inside those 16 bytes).
        if (i + 16 < n && i + 32 > n) {
            const std::size_t last = n - 16;
            const __m128i y = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + last));
            const __m128i ctl2 = _mm_cmpeq_epi8(_mm_max_epu8(y, _mm_set1_epi8(0x1f)), _mm_set1_epi8(0x1f));
            const __m128i tab2 = _mm_cmpeq_epi8(y, _mm_set1_epi8('\t'));
            const __m128i del2 = _mm_cmpeq_epi8(y, _mm_set1_epi8(0x7f));
            if (_mm_movemask_epi8(_mm_or_si128(_mm_andnot_si128(tab2, ctl2), del2)) != 0) {
                i += 16; // the scalar loop below finds the offset
                break;
            }
            const auto sp2 = static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(y, _mm_set1_epi8(' '))));
            tab_or_double |= _mm_movemask_epi8(tab2) != 0 || ((sp2 << 1) & sp2) != 0;
            i = n;
            break;
        }
    }
#endif
    for (; i < n; ++i) {
        const char c = p[i];
        if (!field_value_table[static_cast<unsigned char>(c)]) {
            r.bad = i;
            return r;
        }
        tab_or_double |= c == '\t' || (c == ' ' && i > 0 && p[i - 1] == ' ');
    }
    r.trimmed = !tab_or_double && (n == 0 || (p[0] != ' ' && p[n - 1] != ' '));
    return r;
}

/// True when every byte of `s` is visible ASCII (0x21-0x7e) other than `a`
/// and `b`: the quick yes of the request-target and credential checks (a no
/// goes to the byte-by-byte check that names the offending byte).
[[gnu::always_inline]] inline bool all_visible_except(std::string_view s, char a, char b) noexcept {
    const char* p = s.data();
    const std::size_t n = s.size();
    std::size_t i = 0;
#if CHIME_VOICE_ARCH_X86_64
    for (; i + 16 <= n; i += 16) {
        const __m128i x = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i));
        // Signed compares: bytes >= 0x80 are negative, so they fail x > 0x20.
        const __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x7f)));
        const __m128i ex = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(a)), _mm_cmpeq_epi8(x, _mm_set1_epi8(b)));
        if (_mm_movemask_epi8(_mm_andnot_si128(ex, ok)) != 0xffff) return false;
        if (i + 16 < n && i + 32 > n) i = n - 32; // the next step takes the last 16 bytes (overlapping)
    }
    if (i == n) return true;
    // Under 16 bytes: one step on load_short(), padded with a visible byte that is neither a nor b.
    const char pad = a != 'x' && b != 'x' ? 'x' : a != 'y' && b != 'y' ? 'y' : 'z';
    const __m128i x = load_short(p, n, pad);
    const __m128i ok = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8(0x20)), _mm_cmplt_epi8(x, _mm_set1_epi8(0x7f)));
    const __m128i ex = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8(a)), _mm_cmpeq_epi8(x, _mm_set1_epi8(b)));
    return _mm_movemask_epi8(_mm_andnot_si128(ex, ok)) == 0xffff;
#else
    return swar::all_visible_except(p + i, n - i, a, b);
#endif
}

#if CHIME_VOICE_ARCH_X86_64
/// Lanes of x that are an ASCII letter, a digit or one of the K - 1 bytes of `extra`.
template <std::size_t K>
[[gnu::always_inline]] inline __m128i alnum_or_lanes(__m128i x, const char (&extra)[K]) noexcept {
    // Signed compares: bytes >= 0x80 are negative and match no range.
    const __m128i l = _mm_or_si128(x, _mm_set1_epi8(0x20));
    const __m128i letter = _mm_and_si128(_mm_cmpgt_epi8(l, _mm_set1_epi8('a' - 1)), _mm_cmplt_epi8(l, _mm_set1_epi8('z' + 1)));
    const __m128i digit = _mm_and_si128(_mm_cmpgt_epi8(x, _mm_set1_epi8('0' - 1)), _mm_cmplt_epi8(x, _mm_set1_epi8('9' + 1)));
    __m128i ok = _mm_or_si128(letter, digit);
    for (std::size_t k = 0; k + 1 < K; ++k) ok = _mm_or_si128(ok, _mm_cmpeq_epi8(x, _mm_set1_epi8(extra[k])));
    return ok;
}
#endif

/// True when every byte of `s` is an ASCII letter, a digit or one of the
/// K - 1 bytes of `extra`; `table` is the same set as a 256-entry table (the
/// scalar path). 16 bytes per SSE2 step, the last step overlapping; under 16
/// bytes one step on load_short() (padded with 'a', which is in every set).
template <std::size_t K>
[[gnu::always_inline]] inline bool all_alnum_or(std::string_view s, const char (&extra)[K],
                                                const std::array<bool, 256>& table) noexcept {
    const char* p = s.data();
    const std::size_t n = s.size();
#if CHIME_VOICE_ARCH_X86_64
    static_cast<void>(table); // the SSE2 test is the same set
    if (n < 16) return _mm_movemask_epi8(alnum_or_lanes(load_short(p, n, 'a'), extra)) == 0xffff;
    for (std::size_t i = 0;; i += 16) {
        if (i + 16 > n) i = n - 16;
        if (_mm_movemask_epi8(alnum_or_lanes(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i)), extra)) != 0xffff)
            return false;
        if (i + 16 == n) return true;
    }
#else
    static_cast<void>(extra); // the table holds the same set
    bool ok = true;
    for (std::size_t i = 0; i < n; ++i) ok &= table[static_cast<unsigned char>(p[i])];
    return ok;
#endif
}

/// True when every byte of `s` is unreserved (RFC 3986 section 2.3: A-Z,
/// a-z, 0-9, '-', '.', '_', '~'): such text is its own percent-encoding.
inline bool all_unreserved(std::string_view s) noexcept { return all_alnum_or(s, "-._~", unreserved_table); }

// ------------------------------------------------------ canonical URI --

/// The unreserved bytes and '/': what plain_path() allows in a path.
inline constexpr std::array<bool, 256> path_char_table = [] {
    auto t = unreserved_table;
    t['/'] = true;
    return t;
}();

/// ASCII letters and digits: what an access key id is made of.
inline constexpr std::array<bool, 256> alnum_table = [] {
    std::array<bool, 256> t{};
    for (int c = 0; c < 256; ++c)
        t[static_cast<std::size_t>(c)] = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    return t;
}();

#if CHIME_VOICE_ARCH_X86_64
/// True when some lane has '/' in y and '/' or '.' in x (x holding the byte
/// after y's, lane by lane): a "//" or "/." in the path.
[[gnu::always_inline]] inline bool slash_before_slash_or_dot(__m128i x, __m128i y) noexcept {
    const __m128i slash_or_dot = _mm_or_si128(_mm_cmpeq_epi8(x, _mm_set1_epi8('/')), _mm_cmpeq_epi8(x, _mm_set1_epi8('.')));
    return _mm_movemask_epi8(_mm_and_si128(slash_or_dot, _mm_cmpeq_epi8(y, _mm_set1_epi8('/')))) != 0;
}
#endif

/// A path that starts with '/', holds only unreserved bytes and slashes,
/// and has no empty, "." or ".." segment (no "//", no "/."): normalizing
/// leaves it as it is and encoding it, once or twice, changes no byte.
inline bool plain_path(std::string_view path) noexcept {
    if (path.empty() || path.front() != '/') return false;
#if CHIME_VOICE_ARCH_X86_64
    if (!all_alnum_or(path, "-._~/", path_char_table)) return false;
    // No '/' followed by '/' or '.': byte j + 1 (x) against byte j (y),
    // lane by lane, for every j + 1 in [1, n).
    const char* p = path.data();
    const std::size_t m = path.size() - 1;
    if (m < 16) return !slash_before_slash_or_dot(load_short(p + 1, m, 'a'), load_short(p, m, 'a'));
    for (std::size_t i = 0;; i += 16) {
        if (i + 16 > m) i = m - 16;
        if (slash_before_slash_or_dot(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p + 1 + i)),
                     _mm_loadu_si128(reinterpret_cast<const __m128i*>(p + i))))
            return false;
        if (i + 16 == m) return true;
    }
#else
    bool ok = true;
    for (std::size_t i = 1; i < path.size(); ++i) {
        const auto c = static_cast<unsigned char>(path[i]);
        ok &= c == '/' ? path[i - 1] != '/' : is_unreserved(c) && !(c == '.' && path[i - 1] == '/');
    }
    return ok;
#endif
}

/// Canonical URI (SigV4 docs, "CanonicalURI"): optionally normalized, then
/// encoded once more when double encoding is on. Normalization removes
/// empty, "." and ".." segments (RFC 3986 section 5.2.4 as botocore and
/// @smithy/signature-v4 apply it); the result ends with '/' exactly when the
/// path does and at least one segment is left, so `/a/.` and `/a/b/..` give
/// `/a` while `/a/b/../` gives `/a/`.
template <class Sink>
void write_canonical_uri(Sink& sink, std::string_view path, sigv4::path_encoding enc, sigv4::path_normalization norm) {
    const bool twice = enc == sigv4::path_encoding::double_encoded;
    if (path.empty()) {
        sink.put('/');
        return;
    }
    // The usual path: normalizing and encoding leave it as it is.
    if (plain_path(path)) {
        sink.put(path);
        return;
    }
    if (norm == sigv4::path_normalization::disabled) {
        if (twice)
            put_encoded(sink, path, true);
        else
            sink.put(path);
        return;
    }
    small_vector<std::string_view, 32> segs;
    split(path, '/', [&](std::string_view seg) {
        if (seg.empty() || seg == ".") return;
        if (seg == "..") {
            if (!segs.empty()) segs.pop_back();
            return;
        }
        segs.push_back(seg);
    });
    if (segs.empty()) {
        sink.put('/');
        return;
    }
    for (const auto& s : segs) {
        sink.put('/');
        if (twice)
            put_encoded(sink, s, false);
        else
            sink.put(s);
    }
    if (path.back() == '/') sink.put('/');
}

// ---------------------------------------------------- canonical query --

/// One query parameter, name and value already in canonical (encoded) form.
struct query_param {
    std::string_view name, value;
};

/// Re-encodes `raw` (decode %XY, then encode with the unreserved set) into
/// `out`; returns the view written.
[[gnu::always_inline]] inline std::string_view canonicalize_component(std::string_view raw, char*& out) noexcept {
    // Fast path: only unreserved characters, already canonical as it stands.
    if (all_unreserved(raw)) return raw;
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
        char* e = percent_decode_to(raw.substr(0, take), tmp);
        out = percent_encode_to(std::string_view(tmp, static_cast<std::size_t>(e - tmp)), false, out);
        raw.remove_prefix(take);
    }
    return {start, static_cast<std::size_t>(out - start)};
}

inline bool param_less(const query_param& a, const query_param& b) noexcept {
    if (a.name != b.name) return a.name < b.name;
    return a.value < b.value;
}

/// Calls f(name, value) for each '&'-separated component of `query` (empty
/// components skipped; a component without '=' has an empty value).
template <class F>
[[gnu::always_inline]] inline void for_each_query_param(std::string_view query, F&& f) {
    if (query.empty()) return;
    split(query, '&', [&](std::string_view comp) {
        if (comp.empty()) return;
        const auto eq = comp.find('=');
        if (eq == std::string_view::npos)
            f(comp, std::string_view{});
        else
            f(comp.substr(0, eq), comp.substr(eq + 1));
    });
}

/// Writes the canonical query string: every parameter of `query` (names and
/// values decoded, then encoded with the SigV4 unreserved set) whose name
/// `skip` does not reject, plus `extra` (already canonical), sorted by name
/// then value; "name=" for empty values.
/// The unreserved bytes and '=': a query of one parameter made of these
/// (and one '=') is its own canonical form.
inline constexpr std::array<bool, 256> one_param_char_table = [] {
    auto t = unreserved_table;
    t['='] = true;
    return t;
}();

template <class Sink, class Skip>
void write_canonical_query(Sink& sink, std::string_view query, std::span<const query_param> extra, Skip&& skip) {
    // The usual query: one "name=value" of unreserved bytes, which decoding,
    // encoding and sorting leave as it is.
    if (extra.empty() && !query.empty() && all_alnum_or(query, "-._~=", one_param_char_table)) {
        const std::size_t eq = query.find('=');
        if (eq != std::string_view::npos && query.find('=', eq + 1) == std::string_view::npos) {
            if (!skip(query.substr(0, eq))) sink.put(query);
            return;
        }
    }
    small_vector<query_param, 16> params;
    // Worst case every byte becomes "%XY".
    char_buffer<512> arena(query.size() * 3 + 1);
    char* out = arena.data();
    for_each_query_param(query, [&](std::string_view n, std::string_view v) {
        if (skip(n)) return;
        query_param p;
        p.name = canonicalize_component(n, out);
        p.value = canonicalize_component(v, out);
        params.push_back(p);
    });
    for (const auto& p : extra) params.push_back(p);
    auto* b = params.begin();
    const std::size_t n = params.size();
    if (n > 32) {
        std::sort(b, b + n, param_less);
    } else { // insertion sort: a handful of parameters, no allocation
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

template <class Sink>
void write_canonical_query(Sink& sink, std::string_view query, std::span<const query_param> extra) {
    write_canonical_query(sink, query, extra, [](std::string_view) { return false; });
}

// -------------------------------------------------- canonical headers --

/// A header as the signer sees it: views of name and value, and its position
/// (repeated headers keep their order; added headers sort after the request's).
struct header_ref {
    std::string_view name, value;
    std::size_t pos = 0;
    bool trimmed = false; ///< value known to be in Trimall form already (scan_field_value)
};

/// The headers of one canonical request; 24 inline before spilling.
using header_set = small_vector<header_ref, 24>;

/// Appends a header_ref, its fields stored where it goes (see
/// small_vector::emplace_back: no copy from a temporary).
[[gnu::always_inline]] inline void add_header(header_set& hs, std::string_view name, std::string_view value,
                                              std::size_t pos, bool trimmed = false) {
    auto& e = hs.emplace_back();
    e.name = name;
    e.value = value;
    e.pos = pos;
    e.trimmed = trimmed;
}

/// Equal names, ignoring ASCII case; the byte compare first (the signer's
/// names are lower case already).
inline bool same_name(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() && (a == b || iequals(a, b));
}

/// Byte order of two names that are lower case already: the first eight
/// bytes as one big-endian number when both have them (the usual names
/// differ there), then byte by byte; inline, not a memcmp call.
[[gnu::always_inline]] inline bool lower_name_less(std::string_view x, std::string_view y) noexcept {
    const std::size_t m = std::min(x.size(), y.size());
    std::size_t k = 0;
    if (m >= 8) {
        std::uint64_t a, b;
        std::memcpy(&a, x.data(), 8);
        std::memcpy(&b, y.data(), 8);
        if (a != b) {
            if constexpr (std::endian::native == std::endian::little) a = std::byteswap(a), b = std::byteswap(b);
            return a < b;
        }
        k = 8;
    }
    for (; k < m; ++k)
        if (x[k] != y[k]) return static_cast<unsigned char>(x[k]) < static_cast<unsigned char>(y[k]);
    return x.size() < y.size();
}

/// Sorts by lower-cased name, keeping the original order of repeated names
/// (their values are joined in order). `lower_case_names`: every name is
/// lower case already, so a byte compare orders them (sign() lower-cases
/// them once, in its validation pass).
inline void sort_headers(header_set& hs, bool lower_case_names = false) {
    auto* b = hs.begin();
    const std::size_t n = hs.size();
    if (lower_case_names && n <= 48) {
        // Names of a few bytes that differ early: lower_name_less inline,
        // not a memcmp call per comparison.
        for (std::size_t i = 1; i < n; ++i) {
            auto v = b[i];
            std::size_t j = i;
            for (; j > 0 && lower_name_less(v.name, b[j - 1].name); --j) b[j] = b[j - 1];
            b[j] = v;
        }
        return;
    }
    if (n > 48) {
        // Many headers: std::sort on (name, original position), which is
        // stable by construction and needs no temporary buffer.
        std::sort(b, b + n, [](const header_ref& x, const header_ref& y) {
            if (iless(x.name, y.name)) return true;
            if (iless(y.name, x.name)) return false;
            return x.pos < y.pos;
        });
        return;
    }
    for (std::size_t i = 1; i < n; ++i) {
        auto v = b[i];
        std::size_t j = i;
        for (; j > 0 && iless(v.name, b[j - 1].name); --j) b[j] = b[j - 1];
        b[j] = v;
    }
}

/// Writes a header value with leading and trailing whitespace removed and
/// inner runs of whitespace collapsed to one space (SigV4 "Trimall").
template <class Sink>
void put_trimmed(Sink& sink, std::string_view v) {
    // Fast path: nothing to trim or collapse (the usual case).
    bool clean = v.empty() || (!is_http_space(v.front()) && !is_http_space(v.back()));
    if (clean && v.size() > 1)
        clean = std::memchr(v.data(), '\t', v.size()) == nullptr && v.find("  ") == std::string_view::npos;
    if (clean) {
        sink.put(v);
        return;
    }
    std::size_t b = 0, e = v.size();
    while (b < e && is_http_space(v[b])) ++b;
    while (e > b && is_http_space(v[e - 1])) --e;
    std::size_t i = b;
    while (i < e) {
        std::size_t j = i;
        while (j < e && !is_http_space(v[j])) ++j;
        sink.put(v.substr(i, j - i));
        if (j == e) break;
        sink.put(' ');
        while (j < e && is_http_space(v[j])) ++j;
        i = j;
    }
}

/// "name:value[,value...]\n" for each distinct name of the sorted set.
template <class Sink>
void write_canonical_headers(Sink& sink, const header_set& hs, bool lower_case_names = false) {
    const std::size_t n = hs.size();
    for (std::size_t i = 0; i < n;) {
        // The usual line (a lower-case name, a value in Trimall form, no
        // repeat of the name to join): "name:value\n" in one piece of the sink.
        const std::size_t line = hs[i].name.size() + hs[i].value.size() + 2;
        if (lower_case_names && hs[i].trimmed && line <= Sink::chunk &&
            (i + 1 == n || hs[i + 1].name.size() != hs[i].name.size() || !same_name(hs[i + 1].name, hs[i].name))) {
            char* p = sink.prepare(line);
            std::memcpy(p, hs[i].name.data(), hs[i].name.size());
            p += hs[i].name.size();
            *p++ = ':';
            if (!hs[i].value.empty()) std::memcpy(p, hs[i].value.data(), hs[i].value.size());
            p[hs[i].value.size()] = '\n';
            sink.commit(line);
            ++i;
            continue;
        }
        if (lower_case_names)
            sink.put(hs[i].name);
        else
            put_lower(sink, hs[i].name);
        sink.put(':');
        if (hs[i].trimmed)
            sink.put(hs[i].value);
        else
            put_trimmed(sink, hs[i].value);
        std::size_t j = i + 1;
        for (; j < n && same_name(hs[j].name, hs[i].name); ++j) {
            sink.put(',');
            if (hs[j].trimmed)
                sink.put(hs[j].value);
            else
                put_trimmed(sink, hs[j].value);
        }
        sink.put('\n');
        i = j;
    }
}

/// The SignedHeaders list ("a;b;c") of a sorted set, built once: it goes into
/// the canonical request and into the Authorization header (or
/// X-Amz-SignedHeaders). Inline storage for the usual handful of headers.
class signed_header_list {
public:
    /// `lower_case_names`: every name in `hs` is lower case already (as
    /// sign() makes them), so they are copied as they are.
    [[gnu::always_inline]] explicit signed_header_list(const header_set& hs, bool lower_case_names = false) {
        std::size_t n = 0;
        for (std::size_t i = 0; i < hs.size(); ++i) n += hs[i].name.size() + 1;
        char* p = n <= sizeof inline_ ? inline_ : (heap_.resize(n), heap_.data());
        char* const start = p;
        for (std::size_t i = 0; i < hs.size();) {
            if (i) *p++ = ';';
            if (lower_case_names)
                std::memcpy(p, hs[i].name.data(), hs[i].name.size());
            else
                lower_copy(hs[i].name.data(), hs[i].name.size(), p);
            p += hs[i].name.size();
            std::size_t j = i + 1;
            while (j < hs.size() && same_name(hs[j].name, hs[i].name)) ++j;
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

/// The whole canonical request from its parts (the query is canonicalized
/// here; `extra_query` is added already canonical).
struct canonical_parts {
    std::string_view method, path, query;
    std::span<const query_param> extra_query;
    const header_set* headers = nullptr;
    std::string_view signed_headers, payload_hash;
    sigv4::path_encoding uri_encoding = sigv4::path_encoding::double_encoded;
    sigv4::path_normalization uri_normalization = sigv4::path_normalization::enabled;
    bool lower_case_names = false; ///< every name in `headers` is lower case already (sign() makes them so)
};

template <class Sink, class Skip>
void write_canonical_request(Sink& sink, const canonical_parts& c, Skip&& skip_query_param) {
    sink.put(c.method);
    sink.put('\n');
    write_canonical_uri(sink, c.path, c.uri_encoding, c.uri_normalization);
    sink.put('\n');
    write_canonical_query(sink, c.query, c.extra_query, skip_query_param);
    sink.put('\n');
    write_canonical_headers(sink, *c.headers, c.lower_case_names);
    sink.put('\n');
    sink.put(c.signed_headers);
    sink.put('\n');
    sink.put(c.payload_hash);
}

template <class Sink>
void write_canonical_request(Sink& sink, const canonical_parts& c) {
    write_canonical_request(sink, c, [](std::string_view) { return false; });
}

// ------------------------------------------------------- header names --

/// Bit n set when some excluded name has length n (n < 64): most headers
/// are ruled out by their length alone.
inline std::uint64_t length_mask(std::span<const std::string_view> names) noexcept {
    std::uint64_t m = std::uint64_t{1} << 13; // "authorization"
    for (auto e : names) m |= e.size() < 64 ? std::uint64_t{1} << e.size() : 0;
    return m;
}

inline bool is_excluded(std::string_view name, std::span<const std::string_view> excluded,
                        std::uint64_t mask) noexcept {
    if (name.size() < 64 && !(mask >> name.size() & 1)) return false;
    if (iequals(name, "authorization")) return true;
    const char first = name.empty() ? '\0' : ascii_lower(name[0]);
    for (auto e : excluded)
        if (e.size() == name.size() && (name.empty() || ascii_lower(e[0]) == first) && iequals(name, e)) return true;
    return false;
}

/// is_excluded(name, sigv4::default_unsigned_headers, ...) for a name that
/// is lower case already: a switch on the length, then compares of constant
/// length (the compiler makes each a word compare or two). The
/// static_assert below holds it to the list in params.hpp.
constexpr bool is_default_unsigned_lower(std::string_view n) noexcept {
    switch (n.size()) {
    case 2: return n == "te";
    case 4: return n == "from";
    case 6: return n == "expect" || n == "pragma";
    case 7: return n == "referer" || n == "trailer" || n == "upgrade";
    case 10: return n == "connection" || n == "keep-alive" || n == "user-agent";
    case 12: return n == "max-forwards";
    case 13: return n == "authorization" || n == "cache-control";
    case 15: return n == "x-amzn-trace-id";
    case 17: return n == "transfer-encoding";
    default: return false;
    }
}
static_assert(std::ranges::all_of(sigv4::default_unsigned_headers, is_default_unsigned_lower) &&
                  sigv4::default_unsigned_headers.size() == 15,
              "is_default_unsigned_lower must name exactly sigv4::default_unsigned_headers");

/// The headers sign() manages, recognized by length first.
enum class managed_header : std::uint8_t { none, host, amz_date, authorization, security_token, content_sha256 };

/// classify_header() of a name that is lower case already: whole compares
/// of constant length (the compiler turns each into a word compare or two).
inline managed_header classify_lower(std::string_view n) noexcept {
    switch (n.size()) {
    case 4: return std::memcmp(n.data(), "host", 4) == 0 ? managed_header::host : managed_header::none;
    case 10: return std::memcmp(n.data(), "x-amz-date", 10) == 0 ? managed_header::amz_date : managed_header::none;
    case 13:
        return std::memcmp(n.data(), "authorization", 13) == 0 ? managed_header::authorization : managed_header::none;
    case 20:
        if (std::memcmp(n.data(), "x-amz-security-token", 20) == 0) return managed_header::security_token;
        if (std::memcmp(n.data(), "x-amz-content-sha256", 20) == 0) return managed_header::content_sha256;
        return managed_header::none;
    default: return managed_header::none;
    }
}

inline managed_header classify_header(std::string_view n) noexcept {
    // Only the four lengths of managed names are lower-cased and compared.
    if (n.size() != 4 && n.size() != 10 && n.size() != 13 && n.size() != 20) return managed_header::none;
    char tmp[20];
    lower_copy(n.data(), n.size(), tmp);
    return classify_lower(std::string_view(tmp, n.size()));
}

// --------------------------------------------------------- validation --

inline std::unexpected<error> signing_error(std::string m) {
    return std::unexpected(error::make(error_category::signing, std::move(m)));
}

/// "byte 7 (0x20, a space)" for messages that name an offending byte.
inline std::string describe_byte(std::size_t offset, char c) {
    const auto u = static_cast<unsigned char>(c);
    std::string s = "byte " + std::to_string(offset) + " (0x";
    s.push_back(upper_hex_digits[u >> 4]);
    s.push_back(upper_hex_digits[u & 15]);
    if (c == ' ') s.append(", a space");
    else if (u >= 0x21 && u < 0x7f) s.append(", '").append(1, c).append("'");
    else if (u >= 0x80) s.append(", not ASCII");
    else s.append(", a control character");
    return s.append(")");
}

/// A region or service of the scope: 1-63 of a-z, 0-9, '-'.
[[gnu::always_inline]] inline bool valid_label(std::string_view s) noexcept {
    return !s.empty() && s.size() < 64 && all_lower_alnum_dash(s.data(), s.size());
}

/// Bytes allowed in a host and the Host header: letters, digits, '-', '.',
/// '_', '~' (RFC 3986 section 3.2.2 reg-name without the sub-delims, which
/// no DNS name uses and which would let "a,b" or "a;b" pass for one host),
/// ':' before a port and '[' ']' around an IPv6 literal.
inline constexpr std::array<bool, 256> host_char_table = [] {
    std::array<bool, 256> t{};
    for (int c = 'a'; c <= 'z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = 'A'; c <= 'Z'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (int c = '0'; c <= '9'; ++c) t[static_cast<std::size_t>(c)] = true;
    for (char c : std::string_view("-._~:[]")) t[static_cast<unsigned char>(c)] = true;
    return t;
}();

/// True when every byte of `h` is in host_char_table (the quick yes of check_host).
inline bool all_host_chars(std::string_view h) noexcept { return all_alnum_or(h, "-._~:[]", host_char_table); }

/// Empty when `h` may be a host; else why not.
inline std::string check_host(std::string_view what, std::string_view h) {
    if (h.empty()) return std::string(what) + " is empty";
    if (all_host_chars(h)) return {};
    for (std::size_t i = 0; i < h.size(); ++i)
        if (!host_char_table[static_cast<unsigned char>(h[i])])
            return std::string(what) + " has " + describe_byte(i, h[i]) +
                   "; a host is letters, digits, '-', '.', '_', '~', ':' and '[' ']'";
    return {};
}

/// Bytes allowed in the path and query of the request-target on the wire
/// (request_target_check::wire_form): visible ASCII except '#'; '?' is
/// allowed in the query only.
inline std::string check_target_part(std::string_view what, std::string_view s, bool is_path) {
    for (std::size_t i = 0; i < s.size(); ++i) {
        const auto u = static_cast<unsigned char>(s[i]);
        if (u <= 0x20 || u >= 0x7f || s[i] == '#' || (is_path && s[i] == '?'))
            return std::string(what) + " has " + describe_byte(i, s[i]) +
                   (is_path && s[i] == '?' ? ", which would start the query on the wire; percent-encode it as %3F"
                                           : ", which cannot be sent in an HTTP/1.1 request line; percent-encode it"
                                             " (RFC 3986 section 2.1)");
    }
    return {};
}

/// Checks what every signature needs from the credentials.
[[gnu::always_inline]] inline std::expected<void, error> check_credentials(const credentials& c) {
    auto fail = [](std::string m) { return std::unexpected(error::make(error_category::credentials, std::move(m))); };
    if (c.access_key_id.empty()) return fail("access key id is empty");
    if (c.access_key_id.size() > 128) return fail("access key id is longer than 128 characters");
    if (!all_alnum_or(c.access_key_id, "", alnum_table)) return fail("access key id contains a character other than A-Z, a-z, 0-9");
    if (c.secret_access_key.empty()) return fail("secret access key is empty");
    if (!all_visible_except(c.secret_access_key, ' ', ' '))
        return fail("secret access key contains whitespace, control or non-ASCII characters");
    if (!all_visible_except(c.session_token, ' ', ' '))
        return fail("session token contains whitespace, control or non-ASCII characters");
    return {};
}

/// Checks the method, host, path and query of `r`, and the scope of `p`.
inline std::expected<void, error> check_request_line(const http_request& r, const sigv4::signing_params& p) {
    if (!is_token(r.method)) return signing_error("HTTP method is empty or not an HTTP token");
    if (r.host.empty() || !all_host_chars(r.host)) // the quick yes first; check_host names what is wrong
        if (auto m = check_host("host", r.host); !m.empty()) return signing_error(std::move(m));
    if (!r.path.empty() && r.path.front() != '/') return signing_error("path must be empty or start with '/'");
    if (p.target_check == sigv4::request_target_check::wire_form) {
        // The quick yes first; the byte-by-byte check names what is wrong.
        if (!all_visible_except(r.path, '#', '?'))
            if (auto m = check_target_part("path", r.path, true); !m.empty()) return signing_error(std::move(m));
        if (!all_visible_except(r.query, '#', '#'))
            if (auto m = check_target_part("query", r.query, false); !m.empty()) return signing_error(std::move(m));
    } else {
        // Even as given, a target may not end the request line or the URI.
        for (std::size_t i = 0; i < r.path.size(); ++i)
            if (const auto u = static_cast<unsigned char>(r.path[i]); u < 0x20 || u == 0x7f || r.path[i] == '#')
                return signing_error("path has " + describe_byte(i, r.path[i]));
        for (std::size_t i = 0; i < r.query.size(); ++i)
            if (const auto u = static_cast<unsigned char>(r.query[i]); u < 0x20 || u == 0x7f || r.query[i] == '#')
                return signing_error("query has " + describe_byte(i, r.query[i]));
    }
    if (!valid_label(p.region)) return signing_error("signing region must be 1-63 characters of a-z, 0-9 and '-'");
    if (!valid_label(p.service)) return signing_error("signing service must be 1-63 characters of a-z, 0-9 and '-'");
    if (!p.payload_hash.empty())
        for (char c : p.payload_hash)
            if (static_cast<unsigned char>(c) <= 0x20 || static_cast<unsigned char>(c) >= 0x7f)
                return signing_error("payload hash override contains whitespace or control characters");
    return {};
}

/// Empty when the header may be signed and sent; else why not. The value of
/// an Authorization header is not checked (it is replaced, never sent).
inline std::string check_header(const http_header& h, managed_header kind) {
    if (!is_token(h.name)) return "header name \"" + h.name.substr(0, 64) + "\" is not an HTTP token";
    if (kind == managed_header::authorization) return {};
    if (const auto at = find_bad_field_byte(h.value); at != std::string_view::npos)
        return "value of header \"" + h.name.substr(0, 64) + "\" has " + describe_byte(at, h.value[at]) +
               (h.value[at] == '\r' || h.value[at] == '\n' || h.value[at] == '\0' ? " (header injection)" : "") +
               "; RFC 9110 section 5.5 allows only HTAB, SP, visible ASCII and obs-text in a field value";
    if (kind == managed_header::host) return check_host("host header", h.value);
    return {};
}

} // namespace chime_voice::detail

#endif
