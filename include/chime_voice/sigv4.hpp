// SPDX-License-Identifier: BSL-1.0
// chime_voice/sigv4.hpp — AWS Signature Version 4: header signing, query
// signing (presigned URLs) and verification. Umbrella of sigv4/*.hpp.
//
// Implements "Signature Version 4 signing process" (AWS IAM User Guide,
// "Create a signed AWS API request"). Conformance: the aws-c-auth v4 signing
// suite and the legacy botocore aws4_testsuite pass byte for byte
// (tests/test_sigv4_suite.cpp). SigV4a (ECDSA, multi-region) is out of scope.
//
//   sigv4/params.hpp             signing_params and the named quirk modes
//   sigv4/key_cache.hpp          signing_key_cache
//   sigv4/canonical_request.hpp  canonical_request(), string_to_sign() (debugging)
//   sigv4/sign.hpp               compute_signature(), apply_signature(), sign()
//   sigv4/presign.hpp            compute_presigned_query(), apply_presigned_query(), presign()
//   sigv4/verify.hpp             verify()
#ifndef CHIME_VOICE_SIGV4_HPP
#define CHIME_VOICE_SIGV4_HPP

#include <chime_voice/sigv4/canonical_request.hpp>
#include <chime_voice/sigv4/key_cache.hpp>
#include <chime_voice/sigv4/params.hpp>
#include <chime_voice/sigv4/presign.hpp>
#include <chime_voice/sigv4/sign.hpp>
#include <chime_voice/sigv4/verify.hpp>

#endif
