// SPDX-License-Identifier: BSL-1.0
// fuzz_http_date — the HTTP-date parser behind observe_clock_skew
// (detail::parse_http_date_form, RFC 9110 section 5.6.7) and
// observe_clock_skew / clock_skew_state themselves.
// Input: now (seconds since the epoch) 0x1E flags 0x1E date text
//
// A date that parses is re-formatted as IMF-fixdate by our own formatter
// (snprintf of the civil date) and must parse back to the same instant;
// an IMF-fixdate input must be exactly that text (HTTP-date is
// case-sensitive and fixed-width), except for a leap second ":60".
#include <chime_voice/clock_skew.hpp>
#include <chime_voice/detail/http_date.hpp>

#include "fuzz_harness.hpp"

#include <chrono>
#include <cstdio>
#include <string>
#include <string_view>
#include <utility>

namespace {

using chime_voice_fuzz::check;

std::string imf_fixdate(std::chrono::sys_seconds t) {
    using namespace std::chrono;
    static constexpr const char* day_names[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static constexpr const char* months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                             "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    const auto d = floor<days>(t);
    const year_month_day ymd{d};
    const hh_mm_ss tod{t - d};
    char buf[64];
    const int n = std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", day_names[weekday{d}.c_encoding()],
                                static_cast<unsigned>(ymd.day()), months[static_cast<unsigned>(ymd.month()) - 1],
                                static_cast<int>(ymd.year()), static_cast<int>(tod.hours().count()),
                                static_cast<int>(tod.minutes().count()), static_cast<int>(tod.seconds().count()));
    return std::string(buf, static_cast<std::size_t>(n));
}

std::string_view trim(std::string_view s) {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
    return s;
}

} // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    using namespace chime_voice;
    using namespace std::chrono;
    chime_voice_fuzz::input in(data, size);
    // Local clock in years 0100 to 9999. (With a clock in years 1-99 an
    // rfc850 two-digit year can expand to a negative year, which is what RFC
    // 9110's rule says and harmless, but not a date a server sends.)
    const sys_seconds now{seconds{in.number(-59011459200LL, 253402300799LL, 1700000000)}};
    const unsigned flags = in.flags();
    const std::string_view text = in.rest();

    const auto p = detail::parse_http_date_form(text, now);
    check(detail::parse_http_date(text, now) == (p ? std::optional(p->time) : std::nullopt),
          "parse_http_date agrees with parse_http_date_form");
    if (p) {
        const year_month_day ymd{floor<days>(p->time)};
        // HTTP-date years are 4DIGIT, so 0000 (proleptic Gregorian year 0) is
        // allowed; a leap second ":60" on 31 Dec 9999 reads as 10000-01-01.
        check(ymd.ok() && static_cast<int>(ymd.year()) >= 0 && static_cast<int>(ymd.year()) <= 10000,
              "a parsed date is a real date in years 0000..9999 (+ one leap second)");
        if (static_cast<int>(ymd.year()) > 9999) return 0;
        const std::string again = imf_fixdate(p->time);
        const auto q = detail::parse_http_date_form(again, now);
        check(q && q->time == p->time && q->form == detail::http_date_form::imf_fixdate,
              "the IMF-fixdate of a parsed date parses back to it");
        const std::string_view t = trim(text);
        if (p->form == detail::http_date_form::imf_fixdate && t.substr(22, 3) != ":60")
            check(t == again, "an IMF-fixdate is read exactly as written");
        if (p->form == detail::http_date_form::rfc850) {
            // RFC 9110: not more than 50 years in the future.
            check(p->time <= now + duration_cast<seconds>(years{50}) + days{1},
                  "an rfc850 year is never more than 50 years ahead");
        }
    }

    // observe_clock_skew: a learned skew is Date - now (sent == received ==
    // now), needs a valid Date and no Age, and never exceeds the
    // plausibility window; an untrusted one is never recorded.
    std::pair<std::string_view, std::string_view> headers[2] = {{"Date", text}, {"Age", "5"}};
    const http_response_view r{200, std::span(headers, (flags & 1) ? 2 : 1), {}};
    clock_skew_settings st;
    st.max_plausible_skew = seconds{(flags >> 1) % 200'000};
    clock_skew_state state(st);
    const auto seen = state.update(r, now, now);
    if (seen.trusted()) {
        check(p && !(flags & 1), "a learned skew needs a valid Date and no Age");
        check(seen.skew && *seen.skew == p->time - now, "the skew is server time minus local time");
        const auto mag = *seen.skew < seconds::zero() ? -*seen.skew : *seen.skew;
        check(mag <= st.max_plausible_skew, "a learned skew stays inside the plausibility window");
        check(state.offset() == *seen.skew, "a trusted skew is recorded");
    } else {
        check(state.offset() == seconds::zero(), "an untrusted Date is never applied");
        if (p && !(flags & 1)) {
            const auto d = p->time - now;
            check((d < seconds::zero() ? -d : d) > st.max_plausible_skew, "only an implausible Date is refused");
        }
    }
    return 0;
}
