// SPDX-License-Identifier: BSL-1.0
// detail/amz_date.hpp — the ISO 8601 basic formats SigV4 uses.
//
// x-amz-date is YYYYMMDD'T'HHMMSS'Z' (UTC) and the credential scope date is
// YYYYMMDD (SigV4 docs, "Elements of an AWS API request signature").
#ifndef CHIME_VOICE_DETAIL_AMZ_DATE_HPP
#define CHIME_VOICE_DETAIL_AMZ_DATE_HPP

#include <chrono>
#include <optional>
#include <string_view>

namespace chime_voice::detail {

/// "YYYYMMDDTHHMMSSZ": 16 characters; the first 8 are the scope date.
struct amz_date {
    char text[16];
    std::string_view timestamp() const noexcept { return {text, 16}; }
    std::string_view date() const noexcept { return {text, 8}; }
};

/// Formats `t` (UTC). Fails (nullopt) outside years 0001..9999, which the
/// four-digit format cannot represent.
[[gnu::always_inline]] inline std::optional<amz_date> format_amz_date(std::chrono::sys_seconds t) noexcept {
    using namespace std::chrono;
    constexpr sys_seconds first{sys_days{year{1} / January / 1}};
    constexpr sys_seconds last{sys_days{year{10000} / January / 1}};
    if (t < first || t >= last) return std::nullopt; // checked before any calendar arithmetic
    const auto day = floor<days>(t);
    const year_month_day ymd{day};
    const int y = static_cast<int>(ymd.year());
    const hh_mm_ss<seconds> hms{t - day};
    amz_date d{};
    auto put2 = [](char* p, unsigned v) noexcept {
        p[0] = static_cast<char>('0' + v / 10);
        p[1] = static_cast<char>('0' + v % 10);
    };
    put2(d.text, static_cast<unsigned>(y / 100));
    put2(d.text + 2, static_cast<unsigned>(y % 100));
    put2(d.text + 4, static_cast<unsigned>(ymd.month()));
    put2(d.text + 6, static_cast<unsigned>(ymd.day()));
    d.text[8] = 'T';
    put2(d.text + 9, static_cast<unsigned>(hms.hours().count()));
    put2(d.text + 11, static_cast<unsigned>(hms.minutes().count()));
    put2(d.text + 13, static_cast<unsigned>(hms.seconds().count()));
    d.text[15] = 'Z';
    return d;
}

/// Parses "YYYYMMDDTHHMMSSZ" strictly (valid calendar date, 00..23:59:59).
inline std::optional<std::chrono::sys_seconds> parse_amz_date(std::string_view s) noexcept {
    using namespace std::chrono;
    if (s.size() != 16 || s[8] != 'T' || s[15] != 'Z') return std::nullopt;
    auto num = [&](std::size_t pos, std::size_t len, int& out) noexcept {
        int v = 0;
        for (std::size_t i = pos; i < pos + len; ++i) {
            if (s[i] < '0' || s[i] > '9') return false;
            v = v * 10 + (s[i] - '0');
        }
        out = v;
        return true;
    };
    int y, mo, d, h, mi, se;
    if (!num(0, 4, y) || !num(4, 2, mo) || !num(6, 2, d) || !num(9, 2, h) || !num(11, 2, mi) ||
        !num(13, 2, se))
        return std::nullopt;
    const year_month_day ymd{year{y}, month{static_cast<unsigned>(mo)}, day{static_cast<unsigned>(d)}};
    if (y < 1 || !ymd.ok() || h > 23 || mi > 59 || se > 59) return std::nullopt;
    return sys_days{ymd} + hours{h} + minutes{mi} + seconds{se};
}

} // namespace chime_voice::detail

#endif
