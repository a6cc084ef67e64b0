// SPDX-License-Identifier: BSL-1.0
// chime_voice.hpp — umbrella header: everything a user of the
// BatchDeletePhoneNumber call needs. See README.md for a walk-through.
#ifndef CHIME_VOICE_HPP
#define CHIME_VOICE_HPP

#include <chime_voice/config.hpp>
#include <chime_voice/http.hpp>
#include <chime_voice/credentials.hpp>
#include <chime_voice/error.hpp>
#include <chime_voice/client_config.hpp>
#include <chime_voice/endpoint.hpp>
#include <chime_voice/sigv4.hpp>
#include <chime_voice/user_agent.hpp>
#include <chime_voice/sdk_headers.hpp>
#include <chime_voice/service_error.hpp>
#include <chime_voice/batch_delete_phone_number.hpp>
#include <chime_voice/retry.hpp>
#include <chime_voice/clock_skew.hpp>
#include <chime_voice/profile.hpp>
#include <chime_voice/settings.hpp>
#include <chime_voice/sts.hpp>
#include <chime_voice/credential_sources.hpp>
#include <chime_voice/credential_chain.hpp>

#endif
