// SPDX-License-Identifier: BSL-1.0
// Helpers shared by the retry and clock-skew tests: service errors and
// response views built by hand, as the parser would produce them.
#ifndef CHIME_VOICE_TESTS_RETRY_TEST_UTIL_HPP
#define CHIME_VOICE_TESTS_RETRY_TEST_UTIL_HPP

#include <chime_voice/error.hpp>
#include <chime_voice/http.hpp>

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace retry_test {

namespace cv = chime_voice;

/// A service error with a cleaned type and a status.
inline cv::error service_error(std::string type, int status,
                               cv::service_error_kind kind = cv::service_error_kind::unmodelled) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = kind;
    e.type = std::move(type);
    e.metadata.http_status = status;
    return e;
}

/// A service error with only a status (no type on the wire).
inline cv::error status_only(int status) {
    cv::error e;
    e.category = cv::error_category::service;
    e.kind = cv::service_error_kind::unknown;
    e.metadata.http_status = status;
    return e;
}

/// Owns the header strings of a response so a view can point at them.
struct response {
    int status = 200;
    std::vector<std::pair<std::string, std::string>> owned;
    chime_voice::header_field_list views;

    response(int s, std::vector<std::pair<std::string, std::string>> h) : status(s), owned(std::move(h)) {
        for (const auto& [n, v] : owned) views.emplace_back(n, v);
    }
    response(const response&) = delete;
    response& operator=(const response&) = delete;
    cv::http_response_view view() const { return cv::http_response_view{status, views, {}}; }
};

inline constexpr double almost_one = 1.0 - 0x1.0p-53;

} // namespace retry_test

#endif
