# SPDX-License-Identifier: BSL-1.0
# Extra tests that are not tests/test_*.cpp executables. Included by
# tests/CMakeLists.txt when present. Each owner keeps one marked block;
# append new blocks, do not edit other people's.

# --- begin endpoint (endpoint_data_current, endpoint_botocore_oracle) ---------
# The generated include/chime_voice/detail/endpoint_data.hpp must be exactly
# what tools/gen_endpoint_data.py writes from partitions.json.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME endpoint_data_current
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test_endpoint_data_current.py
                   ${PROJECT_SOURCE_DIR} ${CHIME_VOICE_TESTDATA}/endpoints/partitions.json
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  # Differential oracle: botocore's rules engine on the same ruleset and
  # partitions (skipped, exit 77, when botocore is not installed).
  add_test(NAME endpoint_botocore_oracle
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/endpoint_botocore_oracle.py
                   $<TARGET_FILE:test_endpoint> ${CHIME_VOICE_TESTDATA}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(endpoint_botocore_oracle PROPERTIES SKIP_RETURN_CODE 77)
else()
  message(WARNING "python3 not found: endpoint_data_current and endpoint_botocore_oracle are not registered")
endif()
# --- end endpoint -----------------------------------------------------------

# --- begin conformance (conformance_js: AWS SDK for JavaScript v3 oracle) ------
include(${CMAKE_CURRENT_SOURCE_DIR}/conformance/conformance.cmake)
# --- end conformance ----------------------------------------------------------

# --- begin examples (e2e_*, consumer_*) ---------------------------------------
# End-to-end tests of the chime-voice command against the loopback service,
# and consumer projects (add_subdirectory, find_package, plain compiler line).
include(${CMAKE_CURRENT_SOURCE_DIR}/e2e/e2e.cmake)
include(${CMAKE_CURRENT_SOURCE_DIR}/consumer/consumer.cmake)
# --- end examples -------------------------------------------------------------

# --- begin no_exceptions (no_exceptions_consumer: a -fno-exceptions program) ---
include(${CMAKE_CURRENT_SOURCE_DIR}/no_exceptions/no_exceptions.cmake)
# --- end no_exceptions --------------------------------------------------------

# --- begin settings (botocore oracles: settings, credential_chain, sts/sso endpoints, imds, sso_token; settings_js_oracle) ---
# botocore as the oracle for resolve_client_settings() (endpoint origin,
# FIPS/dual-stack, max attempts, retry mode, what is rejected). Skipped (77)
# only without botocore; botocore < 1.31 (Debian 12's) runs the cases that
# set no configured endpoint URL, and the output says how many.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  # One botocore oracle: tests/<name>.py run with the test binary that
  # prints our side; exit 77 (skipped) only without botocore.
  function(chime_voice_botocore_oracle name binary timeout)
    add_test(NAME ${name}
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/${name}.py $<TARGET_FILE:${binary}>
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(${name} PROPERTIES SKIP_RETURN_CODE 77 TIMEOUT ${timeout} LABELS oracle)
  endfunction()
  chime_voice_botocore_oracle(settings_botocore_oracle test_settings 300)
  # botocore's CredentialResolver, every network source pointed at a fake
  # server on 127.0.0.1: the chain's resolution order and what it refuses.
  chime_voice_botocore_oracle(credential_chain_botocore_oracle test_credential_chain 180)
  # botocore's sts client: the STS endpoint (legacy/regional, FIPS, dual-stack).
  chime_voice_botocore_oracle(sts_endpoint_botocore_oracle test_sts 120)
  # botocore's InstanceMetadataFetcher on a fake IMDS: the IMDSv1 fallback.
  chime_voice_botocore_oracle(imds_botocore_oracle test_credential_sources 120)
  # botocore's SSOTokenProvider with a fake OIDC server: the SSO token refresh.
  chime_voice_botocore_oracle(sso_token_botocore_oracle test_credential_sources 120)
  # botocore's sso and sso-oidc clients: the portal and OIDC hosts.
  chime_voice_botocore_oracle(sso_endpoint_botocore_oracle test_credential_sources 120)
  # The AWS SDK for JavaScript v3 on the same settings cases: the oracle of
  # configured endpoint URLs where botocore is older than 1.31 (CI). Needs
  # `npm ci --prefix tests/conformance`; fails, not skips, without it.
  if(CHIME_VOICE_CONFORMANCE_JS)
    add_test(NAME settings_js_oracle
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/conformance/settings_js_oracle.py
                     $<TARGET_FILE:test_settings> ${CHIME_VOICE_NODE_EXECUTABLE}
             WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
    set_tests_properties(settings_js_oracle PROPERTIES TIMEOUT 300 LABELS oracle)
  endif()
endif()
# --- end settings -------------------------------------------------------------
# --- begin operations (generate_operations, operations_current, test_operations*, conformance_ops_js) ---
include(${CMAKE_CURRENT_SOURCE_DIR}/operations/operations.cmake)
# --- end operations -----------------------------------------------------------
# --- begin peers (peers_smoke: benchmarks/peers/run --smoke) -------------------
include(${PROJECT_SOURCE_DIR}/benchmarks/peers/smoke.cmake)
# --- end peers ----------------------------------------------------------------
# --- begin hygiene (testdata_manifest, spdx_headers, docs pictures) ----------
include(${CMAKE_CURRENT_SOURCE_DIR}/hygiene/hygiene.cmake)
# --- end hygiene --------------------------------------------------------------
