// SPDX-License-Identifier: BSL-1.0
// fuzz/fuzz_harness.hpp — shared pieces of the fuzz targets (not installed).
//
// Every target defines LLVMFuzzerTestOneInput(data, size) in a few lines on
// top of this header. The same source builds two ways (fuzz/CMakeLists.txt):
//
//  * with clang and -fsanitize=fuzzer,address,undefined: a libFuzzer binary
//    <target>_fuzzer;
//  * with any compiler: a replay binary fuzz_replay_<target> whose main()
//    (replay_main.cpp) feeds every file of the given folders to
//    LLVMFuzzerTestOneInput. ctest runs it over corpus/ and regressions/.
//
// Input format (all targets): the input is cut into fields at the byte 0x1E
// (ASCII "record separator"); the last field a target asks for takes the
// rest of the input, separators included. Numbers are decimal text. This
// keeps seed files readable and lets make_corpus.py write them, and the
// dictionaries (<target>.dict) contain the separator so libFuzzer can insert
// it. The data provider is our own (not <fuzzer/FuzzedDataProvider.h>, which
// ships with clang only) so that both builds read an input the same way.
//
// A violated property calls fuzz_check_failed(), which prints what was
// expected and aborts: libFuzzer reports the abort as a crash and saves the
// input. Exceptions are not caught: one escaping LLVMFuzzerTestOneInput is a
// finding too (the library must not throw on bad input).
#ifndef CHIME_VOICE_FUZZ_HARNESS_HPP
#define CHIME_VOICE_FUZZ_HARNESS_HPP

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <functional>
#include <source_location>
#include <string>
#include <string_view>
#include <vector>

namespace chime_voice_fuzz {

/// The field separator of every input format.
inline constexpr char field_separator = '\x1e';

/// Aborts with a message naming the property and where it was checked.
[[noreturn]] inline void fuzz_check_failed(std::string_view what,
                                           std::source_location where = std::source_location::current()) {
    std::fprintf(stderr, "\n*** fuzz property violated at %s:%u: %.*s\n", where.file_name(),
                 static_cast<unsigned>(where.line()), static_cast<int>(what.size()), what.data());
    std::abort();
}

/// check(cond, "what") — a named property of the target.
inline void check(bool cond, std::string_view what,
                  std::source_location where = std::source_location::current()) {
    if (!cond) fuzz_check_failed(what, where);
}

/// Reads fields out of the fuzzer's input (see the header comment).
class input {
public:
    input(const std::uint8_t* data, std::size_t size) noexcept
        : rest_(reinterpret_cast<const char*>(data), size) {}

    bool empty() const noexcept { return rest_.empty(); }

    /// The next field (up to the next separator, which is consumed).
    std::string_view field() noexcept {
        const std::size_t p = rest_.find(field_separator);
        const std::string_view f = rest_.substr(0, p);
        rest_.remove_prefix(p == std::string_view::npos ? rest_.size() : p + 1);
        return f;
    }

    /// Everything that is left, separators included.
    std::string_view rest() noexcept {
        const std::string_view r = rest_;
        rest_ = {};
        return r;
    }

    /// The next field read as a decimal integer (optional '-'), clamped to
    /// [lo, hi]; `fallback` when the field is empty or not a number.
    long long number(long long lo, long long hi, long long fallback) noexcept {
        const std::string_view f = field();
        long long v = 0;
        const auto [p, ec] = std::from_chars(f.data(), f.data() + f.size(), v);
        if (f.empty() || p != f.data() + f.size()) return fallback;
        if (ec == std::errc::result_out_of_range) return (!f.empty() && f.front() == '-') ? lo : hi;
        return std::clamp(v, lo, hi);
    }

    /// The next field read as bit flags (number() in [0, 2^31)).
    unsigned flags() noexcept { return static_cast<unsigned>(number(0, 0x7fffffff, 0)); }

    /// Up to `max` further fields (fewer when the input ends).
    std::vector<std::string> fields(std::size_t max) {
        std::vector<std::string> out;
        while (!rest_.empty() && out.size() < max) out.emplace_back(field());
        return out;
    }

private:
    std::string_view rest_;
};

/// An independent UTF-8 decoder (RFC 3629 section 3 and 4, written as a
/// decode-then-check of the code point, unlike the library's byte-range
/// table): true when `s` is well-formed UTF-8.
inline bool independent_utf8_ok(std::string_view s) noexcept {
    std::size_t i = 0;
    while (i < s.size()) {
        const auto b = static_cast<unsigned char>(s[i]);
        std::size_t len;
        std::uint32_t cp;
        if (b < 0x80) { ++i; continue; }
        if ((b & 0xE0) == 0xC0) { len = 2; cp = b & 0x1F; }
        else if ((b & 0xF0) == 0xE0) { len = 3; cp = b & 0x0F; }
        else if ((b & 0xF8) == 0xF0) { len = 4; cp = b & 0x07; }
        else return false;
        if (s.size() - i < len) return false;
        for (std::size_t k = 1; k < len; ++k) {
            const auto c = static_cast<unsigned char>(s[i + k]);
            if ((c & 0xC0) != 0x80) return false;
            cp = (cp << 6) | (c & 0x3F);
        }
        static constexpr std::uint32_t min_for_len[5] = {0, 0, 0x80, 0x800, 0x10000};
        if (cp < min_for_len[len]) return false;            // overlong
        if (cp > 0x10FFFF) return false;                    // beyond Unicode
        if (cp >= 0xD800 && cp <= 0xDFFF) return false;     // UTF-16 surrogate
        i += len;
    }
    return true;
}

/// Case-insensitive ASCII prefix test.
constexpr bool istarts_with(std::string_view s, std::string_view prefix) noexcept {
    if (s.size() < prefix.size()) return false;
    for (std::size_t i = 0; i < prefix.size(); ++i) {
        char a = s[i], b = prefix[i];
        if (a >= 'A' && a <= 'Z') a = static_cast<char>(a - 'A' + 'a');
        if (b >= 'A' && b <= 'Z') b = static_cast<char>(b - 'A' + 'a');
        if (a != b) return false;
    }
    return true;
}

/// True when `part` lies inside `whole` (same buffer): a view into it.
inline bool is_subview(std::string_view part, std::string_view whole) noexcept {
    if (part.empty()) return true;
    const auto* b = whole.data();
    const auto* e = whole.data() + whole.size();
    return std::less_equal<const char*>{}(b, part.data()) &&
           std::less_equal<const char*>{}(part.data() + part.size(), e);
}

} // namespace chime_voice_fuzz

#endif
