// SPDX-License-Identifier: BSL-1.0
// Tests for chime_voice/user_agent.hpp against the AWS SDK User Agent 2.1
// grammar (space-separated name/value tokens, '#' separating a version,
// other characters outside RFC 9110 tchar replaced with '-').
#include <chime_voice/user_agent.hpp>

#define BOOST_TEST_MODULE user_agent
#define BOOST_TEST_DYN_LINK
#include <boost/test/unit_test.hpp>

#include <fstream>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

namespace cv = chime_voice;

namespace {
std::vector<std::string> split(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream is(s);
    for (std::string t; is >> t;) out.push_back(t);
    return out;
}
// One UA 2.1 pair: name/value where both use tchar minus '#', and the value
// may carry one '#'-separated version part.
const std::regex pair_re(R"(^[A-Za-z0-9!$%&'*+.^_`|~-]+/[A-Za-z0-9!$%&'*+.^_`|~-]+(#[A-Za-z0-9!$%&'*+.^_`|~-]+)?$)");
} // namespace

BOOST_AUTO_TEST_CASE(shape_without_app_id) {
    const std::string ua = cv::make_user_agent("");
    const auto t = split(ua);
    BOOST_REQUIRE_GE(t.size(), 4u);
    BOOST_TEST(t[0] == "chime-voice/" CHIME_VOICE_VERSION_STRING);
    BOOST_TEST(t[1] == "ua/2.1");
    BOOST_TEST(ua.find(" lang/cpp#23") != std::string::npos);
    BOOST_TEST(ua.find(" api/chime-sdk-voice#" CHIME_VOICE_VERSION_STRING) != std::string::npos);
    BOOST_TEST(ua.find("app/") == std::string::npos);
    BOOST_TEST(ua.find("aws-sdk") == std::string::npos); // does not pretend to be an AWS SDK
    BOOST_TEST(ua.find("  ") == std::string::npos);
    for (const auto& p : t) {
        BOOST_TEST_INFO("token " << p);
        BOOST_TEST(std::regex_match(p, pair_re));
    }
}

BOOST_AUTO_TEST_CASE(app_id_sanitized) {
    BOOST_TEST(cv::make_user_agent("my-app_1.0").ends_with(" app/my-app_1.0"));
    // Space, '/', '#', ':' and non-ASCII bytes become '-' (one per byte).
    BOOST_TEST(cv::make_user_agent("my app/v#1:\xC3\xA9").ends_with(" app/my-app-v-1---"));
    // CR/LF cannot split the header.
    const std::string ua = cv::make_user_agent("x\r\nX-Evil: 1");
    BOOST_TEST(ua.find('\r') == std::string::npos);
    BOOST_TEST(ua.find('\n') == std::string::npos);
    for (const auto& p : split(ua)) {
        BOOST_TEST_INFO("token " << p);
        BOOST_TEST(std::regex_match(p, pair_re));
    }
    BOOST_TEST(cv::sanitize_user_agent_token("!$%&'*+-.^_`|~aZ09") == "!$%&'*+-.^_`|~aZ09");
}

BOOST_AUTO_TEST_CASE(version_matches_the_cmake_project) {
    // The version in config.hpp must be the one CMakeLists.txt declares.
    std::ifstream f(CHIME_VOICE_SOURCE_DIR "/CMakeLists.txt");
    BOOST_REQUIRE(f);
    std::stringstream ss;
    ss << f.rdbuf();
    std::smatch m;
    const std::string text = ss.str();
    BOOST_REQUIRE(std::regex_search(text, m, std::regex(R"(project\(chime_voice VERSION ([0-9.]+))")));
    BOOST_TEST(m[1].str() == std::string(cv::library_version));
}
