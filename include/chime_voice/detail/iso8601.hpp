// SPDX-License-Identifier: BSL-1.0
// detail/iso8601.hpp — the ISO 8601 / RFC 3339 timestamps credential
// documents carry (not API).
//
// STS `Expiration` ("2026-12-01T23:00:00Z", also with fractional seconds),
// credential_process `Expiration` (RFC 3339 with `Z` or an offset), the ECS
// and IMDS documents and the SSO token cache `expiresAt` all use RFC 3339
// section 5.6 `date-time`. Fractional seconds are truncated.
#ifndef CHIME_VOICE_DETAIL_ISO8601_HPP
#define CHIME_VOICE_DETAIL_ISO8601_HPP

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace chime_voice::detail {

/// Parses RFC 3339 `date-time` (`T` or `t` or a space between date and time;
/// `Z`, `z` or `+HH:MM`/`-HH:MM`). Years 0001..9999, a valid calendar date,
/// 00:00:00..23:59:60 (a leap second counts as :59). nullopt otherwise.
inline std::optional<std::chrono::sys_seconds> parse_iso8601(std::string_view s) noexcept {
    using namespace std::chrono;
    auto num = [&](std::size_t pos, std::size_t len, int& out) noexcept {
        if (pos + len > s.size()) return false;
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + (s[i] - '0');
        }
        out = v;
        return true;
    };
    int y, mo, d, h, mi, se;
    if (s.size() < 20 || !num(0, 4, y) || s[4] != '-' || !num(5, 2, mo) || s[7] != '-' || !num(8, 2, d) ||
        (s[10] != 'T' && s[10] != 't' && s[10] != ' ') || !num(11, 2, h) || s[13] != ':' || !num(14, 2, mi) ||
        s[16] != ':' || !num(17, 2, se))
        return std::nullopt;
    std::size_t i = 19;
    if (i < s.size() && s[i] == '.') {
        ++i;
        const std::size_t start = i;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
        if (i == start) return std::nullopt;
    }
    if (i >= s.size()) return std::nullopt;
    int offset = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
    } else if (s[i] == '+' || s[i] == '-') {
        int oh, om;
        if (!num(i + 1, 2, oh) || i + 3 >= s.size() || s[i + 3] != ':' || !num(i + 4, 2, om) || oh > 23 || om > 59)
            return std::nullopt;
        offset = (oh * 60 + om) * 60 * (s[i] == '-' ? -1 : 1);
        i += 6;
    } else {
        return std::nullopt;
    }
    if (i != s.size()) return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (y < 1 || !ymd.ok() || h > 23 || mi > 59 || se > 60) return std::nullopt;
    if (se == 60) se = 59;
    return sys_seconds{sys_days{ymd}} + hours{h} + minutes{mi} + seconds{se} - seconds{offset};
}

/// "YYYY-MM-DDTHH:MM:SSZ" for messages; "" outside years 0001..9999.
inline std::string format_iso8601(std::chrono::sys_seconds t) {
    using namespace std::chrono;
    constexpr sys_seconds first{sys_days{year{1} / January / 1}};
    constexpr sys_seconds last{sys_days{year{10000} / January / 1}};
    if (t < first || t >= last) return {};
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const hh_mm_ss<seconds> hms{t - day};
    char buf[21];
    auto put = [](char* p, unsigned v, int width) noexcept {
        for (int k = width - 1; k >= 0; --k) {
            p[k] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
    };
    put(buf, static_cast<unsigned>(static_cast<int>(ymd.year())), 4);
    buf[4] = '-';
    put(buf + 5, static_cast<unsigned>(ymd.month()), 2);
    buf[7] = '-';
    put(buf + 8, static_cast<unsigned>(ymd.day()), 2);
    buf[10] = 'T';
    put(buf + 11, static_cast<unsigned>(hms.hours().count()), 2);
    buf[13] = ':';
    put(buf + 14, static_cast<unsigned>(hms.minutes().count()), 2);
    buf[16] = ':';
    put(buf + 17, static_cast<unsigned>(hms.seconds().count()), 2);
    buf[19] = 'Z';
    return std::string(buf, 20);
}

} // namespace chime_voice::detail

#endif
