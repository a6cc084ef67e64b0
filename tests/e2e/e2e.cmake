# SPDX-License-Identifier: BSL-1.0
# End-to-end tests: the `chime-voice` command against the loopback service
# `chime-voice-local`, over 127.0.0.1. One ctest test per scenario of
# run_e2e.py; each starts its own service and is bounded by TIMEOUT (and by the
# service's own --timeout). Registered only when the examples are built
# (examples/ is configured first; an example with missing dependencies is skipped).
if(TARGET chime_voice_cli AND TARGET chime_voice_local)
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_Interpreter_FOUND)
    set(_cv_e2e_scenarios
      clean_delete partial_failure wrong_secret throttle_then_success unavailable_gives_up
      clock_skew hostile_date closed_connection shared_files dry_run usage parse service_contract service_safety
      configured_endpoint credential_sources imds_v1_fallback sso_token_refresh sts_regional_endpoints
      input_forms output_formats operations exit_codes batch_size dry_run_signature tls settings
      server_text_escaped credentials_file_robustness parse_file proxy)
    foreach(_cv_s IN LISTS _cv_e2e_scenarios)
      add_test(NAME e2e_${_cv_s}
               COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/run_e2e.py
                       --cli $<TARGET_FILE:chime_voice_cli>
                       --server $<TARGET_FILE:chime_voice_local>
                       --seed ${PROJECT_SOURCE_DIR}/examples/seed-inventory.json
                       ${_cv_s})
      set_tests_properties(e2e_${_cv_s} PROPERTIES TIMEOUT 120 LABELS e2e)
    endforeach()
  else()
    message(WARNING "python3 not found: the e2e_* scenario tests are not registered")
  endif()
endif()
if(TARGET beast_tls_example)
  # The Beast/TLS example needs a network to do anything; without arguments it
  # must print its usage and exit 0 (no network touched).
  add_test(NAME e2e_beast_tls_example_usage COMMAND $<TARGET_FILE:beast_tls_example>)
  set_tests_properties(e2e_beast_tls_example_usage PROPERTIES TIMEOUT 10 LABELS e2e
                       PASS_REGULAR_EXPRESSION "usage: beast_tls_example REGION")
endif()
include(${CMAKE_CURRENT_LIST_DIR}/local_service.cmake)
include(${CMAKE_CURRENT_LIST_DIR}/cli_parity.cmake)
