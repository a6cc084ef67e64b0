# SPDX-License-Identifier: BSL-1.0
# e2e_cli_parity: the `chime-voice` command side by side with the AWS CLI v2
# (cli_parity.py): for each case the same arguments, each program against its
# own loopback service with the same seed; standard output byte for byte and
# the exit status must agree, except where a case names a deliberate
# difference (docs/cli.md). Included from e2e.cmake after local_service.cmake,
# which finds CHIME_VOICE_AWS_CLI_V2. Exit 77 (skipped) without the AWS CLI v2;
# CI installs Debian's awscli, so there it runs.
if(TARGET chime_voice_cli AND TARGET chime_voice_local AND Python3_Interpreter_FOUND)
  if(CHIME_VOICE_AWS_CLI_V2)
    set(_cv_parity_aws --aws "${CHIME_VOICE_AWS_CLI_V2}")
  else()
    set(_cv_parity_aws "")
  endif()
  add_test(NAME e2e_cli_parity
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/cli_parity.py
                   --cli $<TARGET_FILE:chime_voice_cli>
                   --server $<TARGET_FILE:chime_voice_local>
                   --seed ${PROJECT_SOURCE_DIR}/examples/seed-inventory.json
                   ${_cv_parity_aws})
  set_tests_properties(e2e_cli_parity PROPERTIES TIMEOUT 600 LABELS e2e SKIP_RETURN_CODE 77)
endif()
