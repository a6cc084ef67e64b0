// SPDX-License-Identifier: BSL-1.0
// chime_voice/timestamp.hpp — the instant type of generated operation members.
//
// Smithy `timestamp` members (Chime SDK Voice: Iso8601Timestamp, with
// `@timestampFormat("date-time")`) are std::chrono time points with
// millisecond precision, the precision the AWS SDKs keep (JavaScript Date).
// format_date_time / parse_date_time implement the Smithy "date-time" format:
// RFC 3339 section 5.6 `date-time` (upper-case T and Z, fractional seconds
// optional, any offset accepted when reading, always UTC when writing).
// Pure functions; nothing throws except std::bad_alloc.
#ifndef CHIME_VOICE_TIMESTAMP_HPP
#define CHIME_VOICE_TIMESTAMP_HPP

#include <chime_voice/config.hpp>

#include <chrono>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace chime_voice {

/// An instant, milliseconds since 1970-01-01T00:00:00Z (UTC, leap seconds not counted).
using timestamp = std::chrono::sys_time<std::chrono::milliseconds>;

/// RFC 3339 `date-time` in UTC: "2024-05-06T07:08:09Z", or with three
/// fraction digits when the milliseconds are not zero ("...09.120Z") — the
/// text the AWS SDK for JavaScript writes (Date.toISOString without ".000").
/// Years outside 0000..9999 cannot be written in RFC 3339; they are clamped
/// to those bounds. May throw std::bad_alloc.
inline std::string format_date_time(timestamp t) {
    using namespace std::chrono;
    constexpr timestamp lo = sys_days{year{0} / January / 1};
    const timestamp hi = sys_days{year{9999} / December / 31} + hours{23} + minutes{59} + seconds{59} + milliseconds{999};
    if (t < lo) t = lo;
    if (t > hi) t = hi;
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<milliseconds> hms{t - day};
    char buf[32];
    auto put = [&](int at, unsigned v, int width) {
        for (int i = width - 1; i >= 0; --i) { buf[at + i] = static_cast<char>('0' + v % 10); v /= 10; }
    };
    put(0, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
    buf[4] = '-';
    put(5, static_cast<unsigned>(ymd.month()), 2);
    buf[7] = '-';
    put(8, static_cast<unsigned>(ymd.day()), 2);
    buf[10] = 'T';
    put(11, static_cast<unsigned>(hms.hours().count()), 2);
    buf[13] = ':';
    put(14, static_cast<unsigned>(hms.minutes().count()), 2);
    buf[16] = ':';
    put(17, static_cast<unsigned>(hms.seconds().count()), 2);
    int n = 19;
    if (const auto ms = hms.subseconds().count(); ms != 0) {
        buf[n++] = '.';
        put(n, static_cast<unsigned>(ms), 3);
        n += 3;
    }
    buf[n++] = 'Z';
    return std::string(buf, static_cast<std::size_t>(n));
}

/// Reads RFC 3339 `date-time` (section 5.6): "YYYY-MM-DDTHH:MM:SS", an
/// optional fraction of any length (rounded to milliseconds), then
/// "Z" or "+HH:MM"/"-HH:MM". 't', 'z' and a space instead of 'T' are also
/// accepted (section 5.6 NOTE). A leap second (":60") is rejected. nullopt
/// for anything else (calendar-checked: 2023-02-29 is invalid).
constexpr std::optional<timestamp> parse_date_time(std::string_view s) noexcept {
    using namespace std::chrono;
    auto digits = [&](std::size_t at, std::size_t n, int& out) {
        if (at + n > s.size()) return false;
        out = 0;
        for (std::size_t i = at; i < at + n; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            out = out * 10 + (s[i] - '0');
        }
        return true;
    };
    int y = 0, mo = 0, d = 0, h = 0, mi = 0, se = 0;
    if (!digits(0, 4, y) || s.size() < 20 || s[4] != '-' || !digits(5, 2, mo) || s[7] != '-' || !digits(8, 2, d))
        return std::nullopt;
    if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return std::nullopt;
    if (!digits(11, 2, h) || s[13] != ':' || !digits(14, 2, mi) || s[16] != ':' || !digits(17, 2, se))
        return std::nullopt;
    if (h > 23 || mi > 59 || se > 59) return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (!ymd.ok()) return std::nullopt;
    std::size_t i = 19;
    int ms = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t start = i;
        int scale = 1000; // tenths of a millisecond, from the first four digits
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            ms += (s[i] - '0') * scale;
            scale /= 10;
            ++i;
        }
        if (i == start) return std::nullopt;
        ms = (ms + 5) / 10; // rounded to the millisecond, as the AWS SDK for JavaScript does
    }
    if (i >= s.size()) return std::nullopt;
    int offset_minutes = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
    } else if (s[i] == '+' || s[i] == '-') {
        int oh = 0, om = 0;
        if (!digits(i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !digits(i + 4, 2, om) || oh > 23 ||
            om > 59)
            return std::nullopt;
        offset_minutes = (s[i] == '+' ? 1 : -1) * (oh * 60 + om);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    return timestamp{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{se} + milliseconds{ms} -
           minutes{offset_minutes};
}

} // namespace chime_voice

#endif
