// SPDX-License-Identifier: BSL-1.0
// chime_voice/config.hpp — the one place for configuration macros.
//
// Rule of the house 5: no macros outside this header.
#ifndef CHIME_VOICE_CONFIG_HPP
#define CHIME_VOICE_CONFIG_HPP

#define CHIME_VOICE_VERSION_MAJOR 0
#define CHIME_VOICE_VERSION_MINOR 1
#define CHIME_VOICE_VERSION_PATCH 0
#define CHIME_VOICE_VERSION_STRING "0.1.0"

// Architecture detection for the SHA-256 back ends (detail/sha256.hpp).
#if defined(__x86_64__) || defined(_M_X64)
#define CHIME_VOICE_ARCH_X86_64 1
#else
#define CHIME_VOICE_ARCH_X86_64 0
#endif

#if defined(__aarch64__) && defined(__ARM_FEATURE_SHA2)
#define CHIME_VOICE_ARCH_ARM_SHA2 1
#else
#define CHIME_VOICE_ARCH_ARM_SHA2 0
#endif

// Let a user force the portable SHA-256 (e.g. to test it, or on a platform
// where the intrinsics headers misbehave) by defining CHIME_VOICE_PORTABLE_SHA256.
#if defined(CHIME_VOICE_PORTABLE_SHA256)
#undef CHIME_VOICE_ARCH_X86_64
#define CHIME_VOICE_ARCH_X86_64 0
#undef CHIME_VOICE_ARCH_ARM_SHA2
#define CHIME_VOICE_ARCH_ARM_SHA2 0
#endif

#if defined(__GNUC__) || defined(__clang__)
#define CHIME_VOICE_TARGET_SHA_NI __attribute__((target("sha,sse4.1,ssse3")))
#else
#define CHIME_VOICE_TARGET_SHA_NI
#endif

#endif
