// SPDX-License-Identifier: BSL-1.0
// chime_voice/retry.hpp — umbrella for retries, throttling and client-side
// rate limiting, as pure policy. One header per concern:
//
//   retry/classification.hpp  which failures a retry can fix (standard and legacy rules)
//   retry/backoff.hpp         exponential backoff with full jitter, x-amz-retry-after
//   retry/standard.hpp        retry_config, retry_decision, retry_token, retry_strategy
//   retry/adaptive.hpp        adaptive_rate_limiter (CUBIC), adaptive_retry_strategy
//   retry/modes.hpp           retry_mode: legacy, standard, adaptive, and the 2026 behaviour
//
// Clock skew (clock_skew.hpp) and the per-attempt SDK headers
// (sdk_headers.hpp) are included too, since every send loop needs them.
// The library hands the caller decisions and never sleeps, reads a clock or
// draws a random number. docs/retry.md lists every constant and its source.
#ifndef CHIME_VOICE_RETRY_HPP
#define CHIME_VOICE_RETRY_HPP

#include <chime_voice/retry/classification.hpp>
#include <chime_voice/retry/backoff.hpp>
#include <chime_voice/retry/standard.hpp>
#include <chime_voice/retry/adaptive.hpp>
#include <chime_voice/retry/modes.hpp>
#include <chime_voice/clock_skew.hpp>
#include <chime_voice/sdk_headers.hpp>

#endif
