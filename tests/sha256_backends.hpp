// SPDX-License-Identifier: BSL-1.0
// Shared by test_sha256.cpp and test_hmac.cpp: the SHA-256 back ends that
// can run on this machine.
#ifndef CHIME_VOICE_TESTS_SHA256_BACKENDS_HPP
#define CHIME_VOICE_TESTS_SHA256_BACKENDS_HPP

#include <chime_voice/detail/sha256.hpp>

#include <vector>

namespace sha256_test {

/// Portable first, then each accelerated back end this build and CPU have.
inline std::vector<chime_voice::detail::sha256_backend> runnable_backends() {
    using chime_voice::detail::sha256_backend;
    std::vector<sha256_backend> v{sha256_backend::portable};
    for (auto b : {sha256_backend::x86_sha_ni, sha256_backend::arm_sha2})
        if (chime_voice::detail::sha256_backend_available(b)) v.push_back(b);
    return v;
}

} // namespace sha256_test

#endif
