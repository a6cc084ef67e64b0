# SPDX-License-Identifier: BSL-1.0
# Tests of the loopback service `chime-voice-local` itself (issues 14 and 16),
# included from e2e.cmake:
#  * e2e_local_hostile: malformed HTTP, 200 concurrent connections, the
#    connection cap, slowloris, pipelining, EMFILE back-off (raw sockets);
#  * e2e_local_lifecycle_awscli: the phone-number lifecycle driven by the
#    AWS CLI v2, an independent client (exit 77 = skipped when it is missing);
#  * e2e_local_lifecycle_cli: the same lifecycle driven by `chime-voice`.
if(TARGET chime_voice_local)
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_Interpreter_FOUND)
    add_test(NAME e2e_local_hostile
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/hostile_client.py
                     --server $<TARGET_FILE:chime_voice_local>
                     --seed ${PROJECT_SOURCE_DIR}/examples/seed-inventory.json)
    set_tests_properties(e2e_local_hostile PROPERTIES TIMEOUT 120 LABELS e2e)

    # The AWS CLI v2: `aws` first found may be a v1 (a pyenv shim, pip's
    # awscli); lifecycle.py checks the version and skips (77) on anything
    # but 2.x. CHIME_VOICE_AWS_CLI_V2 overrides the search.
    find_program(CHIME_VOICE_AWS_CLI_V2 NAMES aws HINTS /usr/bin /usr/local/bin NO_DEFAULT_PATH)
    if(NOT CHIME_VOICE_AWS_CLI_V2)
      find_program(CHIME_VOICE_AWS_CLI_V2 NAMES aws)
    endif()
    if(CHIME_VOICE_AWS_CLI_V2)
      set(_cv_aws "${CHIME_VOICE_AWS_CLI_V2}")
    else()
      set(_cv_aws "aws")
    endif()
    add_test(NAME e2e_local_lifecycle_awscli
             COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/lifecycle.py
                     --server $<TARGET_FILE:chime_voice_local>
                     --seed ${PROJECT_SOURCE_DIR}/examples/seed-inventory.json
                     --client "${_cv_aws} chime-sdk-voice" --require-aws-cli-v2)
    set_tests_properties(e2e_local_lifecycle_awscli PROPERTIES TIMEOUT 300 LABELS e2e SKIP_RETURN_CODE 77)
  endif()
endif()
# The same scenario with the project's own command, whose subcommands and
# flags are the AWS CLI's. chime-voice exits 1 when BatchDeletePhoneNumber
# leaves numbers undeleted (the AWS CLI 0): --partial-failure-exit 1.
if(TARGET chime_voice_local AND TARGET chime_voice_cli AND Python3_Interpreter_FOUND)
  add_test(NAME e2e_local_lifecycle_cli
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/lifecycle.py
                   --server $<TARGET_FILE:chime_voice_local>
                   --seed ${PROJECT_SOURCE_DIR}/examples/seed-inventory.json
                   --client $<TARGET_FILE:chime_voice_cli> --endpoint-flag=--endpoint-url
                   --partial-failure-exit 1)
  set_tests_properties(e2e_local_lifecycle_cli PROPERTIES TIMEOUT 300 LABELS e2e)
endif()
