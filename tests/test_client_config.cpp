// SPDX-License-Identifier: BSL-1.0
// chime_voice/client_config.hpp and config.hpp: defaults and the version.
#include <chime_voice/client_config.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE client_config
#include <boost/test/unit_test.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

BOOST_AUTO_TEST_CASE(defaults_are_the_rule_set_defaults) {
    const chime_voice::client_config c;
    BOOST_TEST(c.region.empty());
    BOOST_TEST(!c.endpoint.has_value());
    BOOST_TEST(!c.use_fips);       // endpoint rules: UseFIPS default false
    BOOST_TEST(!c.use_dual_stack); // endpoint rules: UseDualStack default false
    BOOST_TEST(c.app_id.empty());
}

// The version macros agree with each other and with CMakeLists.txt's project().
BOOST_AUTO_TEST_CASE(version_matches_cmake) {
    const std::string v = std::to_string(CHIME_VOICE_VERSION_MAJOR) + "." + std::to_string(CHIME_VOICE_VERSION_MINOR) +
                          "." + std::to_string(CHIME_VOICE_VERSION_PATCH);
    BOOST_TEST(v == CHIME_VOICE_VERSION_STRING);
    std::ifstream f(std::filesystem::path(CHIME_VOICE_SOURCE_DIR) / "CMakeLists.txt");
    std::stringstream ss;
    ss << f.rdbuf();
    BOOST_TEST(ss.str().find("project(chime_voice VERSION " + v + " ") != std::string::npos);
}
