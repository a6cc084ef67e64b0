// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4/params.hpp: the named quirk modes, their defaults, and
// parameters made from a request's scope.
#include <chime_voice/sigv4/params.hpp>

#define BOOST_TEST_DYN_LINK
#define BOOST_TEST_MODULE sigv4_params
#include <boost/test/unit_test.hpp>

#include <algorithm>

namespace sv = chime_voice::sigv4;

BOOST_AUTO_TEST_CASE(defaults_are_the_documented_ones) {
    const sv::signing_params p;
    BOOST_TEST(p.region.empty());
    BOOST_TEST(p.service.empty()); // no default service name in generic SigV4 code
    BOOST_TEST((p.uri_encoding == sv::path_encoding::double_encoded));
    BOOST_TEST((p.uri_normalization == sv::path_normalization::enabled));
    BOOST_TEST((p.session_token == sv::session_token_mode::signed_header));
    BOOST_TEST((p.content_sha256 == sv::content_sha256_header::omitted));
    BOOST_TEST((p.target_check == sv::request_target_check::wire_form));
    BOOST_TEST(p.payload_hash.empty());
    BOOST_TEST(p.key_cache == nullptr);
    BOOST_TEST(std::ranges::is_sorted(sv::default_unsigned_headers));
    BOOST_TEST(sv::max_presign_expiry.count() == 7 * 24 * 3600);
}

BOOST_AUTO_TEST_CASE(made_from_a_scope_and_a_time) {
    const chime_voice::signing_scope scope{"eu-west-2", "chime"};
    const auto t = std::chrono::sys_seconds{std::chrono::seconds{1700000000}};
    const sv::signing_params p{scope, t};
    BOOST_TEST(p.region == "eu-west-2");
    BOOST_TEST(p.service == "chime");
    BOOST_TEST((p.time == t));
}
