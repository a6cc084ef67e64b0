// SPDX-License-Identifier: BSL-1.0
// chime_voice/detail/http_date.hpp — parser for the HTTP `Date` header.
//
// Not API. RFC 9110 section 5.6.7 ("Date/Time Formats") defines HTTP-date as
// the preferred IMF-fixdate plus two obsolete forms a recipient MUST accept:
//
//   IMF-fixdate  Sun, 06 Nov 1994 08:49:37 GMT
//   rfc850-date  Sunday, 06-Nov-94 08:49:37 GMT
//   asctime-date Sun Nov  6 08:49:37 1994
//
// HTTP-date is case-sensitive (RFC 9110 section 5.6.7), so "sun" or "gmt"
// are rejected. Every field is range-checked (month, day of month including
// leap years, hour < 24, minute < 60, second <= 60 for a leap second) and the
// day name must agree with the date: a response carrying an impossible or
// inconsistent date is treated as "no usable date" (std::nullopt), never as
// the epoch. Nothing here allocates or throws.
#ifndef CHIME_VOICE_DETAIL_HTTP_DATE_HPP
#define CHIME_VOICE_DETAIL_HTTP_DATE_HPP

#include <chime_voice/config.hpp>

#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace chime_voice::detail {

/// Which of the three HTTP-date forms (RFC 9110 section 5.6.7) was read.
enum class http_date_form : std::uint8_t { imf_fixdate, rfc850, asctime };

/// A parsed date and the form it was written in.
struct parsed_http_date {
    std::chrono::sys_seconds time;
    http_date_form form = http_date_form::imf_fixdate;
};

namespace http_date_impl {

inline constexpr std::array<std::string_view, 7> short_day_names{"Sun", "Mon", "Tue", "Wed",
                                                                 "Thu", "Fri", "Sat"};
inline constexpr std::array<std::string_view, 7> long_day_names{
    "Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"};
inline constexpr std::array<std::string_view, 12> month_names{
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

constexpr bool is_digit(char c) noexcept { return c >= '0' && c <= '9'; }

/// Reads exactly `n` ASCII digits at `pos`; nullopt when any is not a digit.
constexpr std::optional<int> digits(std::string_view s, std::size_t pos, std::size_t n) noexcept {
    if (pos > s.size() || s.size() - pos < n) return std::nullopt;
    int v = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const char c = s[pos + i];
        if (!is_digit(c)) return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return v;
}

/// Index (0 = Sunday) of a day name in `names`, exact match.
template <std::size_t N>
constexpr std::optional<int> lookup(const std::array<std::string_view, N>& names,
                                    std::string_view s) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (names[i] == s) return static_cast<int>(i);
    return std::nullopt;
}

/// time-of-day = hour ":" minute ":" second (8 characters at `pos`).
/// Returns seconds since midnight; a leap second (:60) counts as the next
/// second, which is as close as std::chrono::sys_seconds can get.
constexpr std::optional<int> time_of_day(std::string_view s, std::size_t pos) noexcept {
    if (pos > s.size() || s.size() - pos < 8) return std::nullopt;
    if (s[pos + 2] != ':' || s[pos + 5] != ':') return std::nullopt;
    const auto h = digits(s, pos, 2), m = digits(s, pos + 3, 2), sec = digits(s, pos + 6, 2);
    if (!h || !m || !sec) return std::nullopt;
    if (*h > 23 || *m > 59 || *sec > 60) return std::nullopt;
    return *h * 3600 + *m * 60 + *sec;
}

/// Builds the time point; nullopt when the calendar date does not exist
/// (e.g. 31 Apr, 29 Feb 2023) or the weekday does not match.
inline std::optional<std::chrono::sys_seconds> assemble(int year, int month0, int day, int secs,
                                                        int weekday) noexcept {
    using namespace std::chrono;
    if (day < 1 || day > 31) return std::nullopt;
    const year_month_day ymd{std::chrono::year{year},
                             std::chrono::month{static_cast<unsigned>(month0 + 1)},
                             std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    const sys_days d{ymd};
    if (std::chrono::weekday{d}.c_encoding() != static_cast<unsigned>(weekday)) return std::nullopt;
    return sys_seconds{d} + seconds{secs};
}

/// RFC 9110 section 5.6.7: "Recipients of a timestamp value in rfc850-date
/// format, which uses a two-digit year, MUST interpret a timestamp that
/// appears to be more than 50 years in the future as representing the most
/// recent year in the past that had the same last two digits." The year is
/// first read in the century of `now`; if that instant lies more than 50
/// (average Gregorian) years after `now`, it moves back a century.
inline int expand_two_digit_year(int yy, int month0, int day, int secs,
                                 std::chrono::sys_seconds now) noexcept {
    using namespace std::chrono;
    const int ref = static_cast<int>(year_month_day{floor<days>(now)}.year());
    const int y = ref - (ref % 100 + 100) % 100 + yy;
    const year_month_day ymd{std::chrono::year{y}, std::chrono::month{static_cast<unsigned>(month0 + 1)},
                             std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return y; // assemble() rejects it either way
    const sys_seconds candidate = sys_seconds{sys_days{ymd}} + seconds{secs};
    if (candidate > now + duration_cast<seconds>(years{50})) return y - 100;
    return y;
}

} // namespace http_date_impl

/// Parses an HTTP-date in any of its three forms (RFC 9110 section 5.6.7).
/// Optional whitespace (SP / HTAB) around the value is ignored. `now` is
/// used only to expand the two-digit year of the obsolete rfc850 form.
/// Returns std::nullopt for anything that is not a valid, existing date.
inline std::optional<parsed_http_date> parse_http_date_form(std::string_view s,
                                                            std::chrono::sys_seconds now) noexcept {
    using namespace http_date_impl;
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    if (s.size() < 24) return std::nullopt;

    if (s[3] == ',') {
        // IMF-fixdate = day-name "," SP date1 SP time-of-day SP GMT
        // date1 = day SP month SP year (2DIGIT SP 3ALPHA SP 4DIGIT)
        if (s.size() != 29) return std::nullopt;
        const auto wd = lookup(short_day_names, s.substr(0, 3));
        if (!wd || s[4] != ' ' || s[7] != ' ' || s[11] != ' ' || s[16] != ' ' || s[25] != ' ')
            return std::nullopt;
        const auto day = digits(s, 5, 2);
        const auto mon = lookup(month_names, s.substr(8, 3));
        const auto year = digits(s, 12, 4);
        const auto tod = time_of_day(s, 17);
        if (!day || !mon || !year || !tod || s.substr(26) != "GMT") return std::nullopt;
        const auto t = assemble(*year, *mon, *day, *tod, *wd);
        if (!t) return std::nullopt;
        return parsed_http_date{*t, http_date_form::imf_fixdate};
    }

    if (s[3] == ' ') {
        // asctime-date = day-name SP date3 SP time-of-day SP year
        // date3 = month SP ( 2DIGIT / ( SP DIGIT ) )
        if (s.size() != 24) return std::nullopt;
        const auto wd = lookup(short_day_names, s.substr(0, 3));
        const auto mon = lookup(month_names, s.substr(4, 3));
        if (!wd || !mon || s[7] != ' ' || s[10] != ' ' || s[19] != ' ') return std::nullopt;
        std::optional<int> day;
        if (s[8] == ' ') day = digits(s, 9, 1);
        else day = digits(s, 8, 2);
        const auto tod = time_of_day(s, 11);
        const auto year = digits(s, 20, 4);
        if (!day || !tod || !year) return std::nullopt;
        const auto t = assemble(*year, *mon, *day, *tod, *wd);
        if (!t) return std::nullopt;
        return parsed_http_date{*t, http_date_form::asctime};
    }

    // rfc850-date = day-name-l "," SP date2 SP time-of-day SP GMT
    // date2 = day "-" month "-" 2DIGIT
    const auto comma = s.find(',');
    if (comma == std::string_view::npos) return std::nullopt;
    const auto wd = lookup(long_day_names, s.substr(0, comma));
    if (!wd) return std::nullopt;
    const std::string_view rest = s.substr(comma);
    // ", 06-Nov-94 08:49:37 GMT" is exactly 24 characters.
    if (rest.size() != 24 || rest[1] != ' ' || rest[4] != '-' || rest[8] != '-' ||
        rest[11] != ' ' || rest[20] != ' ' || rest.substr(21) != "GMT")
        return std::nullopt;
    const auto day = digits(rest, 2, 2);
    const auto mon = lookup(month_names, rest.substr(5, 3));
    const auto yy = digits(rest, 9, 2);
    const auto tod = time_of_day(rest, 12);
    if (!day || !mon || !yy || !tod) return std::nullopt;
    if (*day < 1 || *day > 31) return std::nullopt;
    const int year = expand_two_digit_year(*yy, *mon, *day, *tod, now);
    const auto t = assemble(year, *mon, *day, *tod, *wd);
    if (!t) return std::nullopt;
    return parsed_http_date{*t, http_date_form::rfc850};
}

/// As parse_http_date_form(), returning only the time.
inline std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view s,
                                                               std::chrono::sys_seconds now) noexcept {
    if (auto p = parse_http_date_form(s, now)) return p->time;
    return std::nullopt;
}

} // namespace chime_voice::detail

#endif
