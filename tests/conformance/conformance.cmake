# SPDX-License-Identifier: BSL-1.0
# tests/conformance/conformance.cmake — differential test against the AWS SDK
# for JavaScript v3 (see tests/conformance/README.md). Included from
# tests/extra.cmake.
#
# The test needs node (>= 20) and the pinned packages installed with
#   npm ci --prefix tests/conformance
# When node is found but the packages are missing, the test FAILS with that
# instruction rather than skipping: a silently skipped oracle checks nothing.

find_program(CHIME_VOICE_NODE_EXECUTABLE NAMES node nodejs)
set(_cv_conf_default OFF)
if(CHIME_VOICE_NODE_EXECUTABLE)
  set(_cv_conf_default ON)
endif()
option(CHIME_VOICE_CONFORMANCE_JS
       "Build the conformance driver and run the AWS SDK for JavaScript v3 differential test (needs node)"
       ${_cv_conf_default})

if(CHIME_VOICE_CONFORMANCE_JS)
  if(NOT CHIME_VOICE_NODE_EXECUTABLE)
    message(FATAL_ERROR "CHIME_VOICE_CONFORMANCE_JS is ON but node was not found; "
                        "install node >= 20 or configure with -DCHIME_VOICE_CONFORMANCE_JS=OFF")
  endif()
  add_executable(conformance_driver ${CMAKE_CURRENT_LIST_DIR}/driver.cpp)
  target_link_libraries(conformance_driver PRIVATE chime_voice::chime_voice chime_voice_warnings)
  add_test(NAME conformance_js
           COMMAND sh ${CMAKE_CURRENT_LIST_DIR}/run.sh $<TARGET_FILE:conformance_driver>
                   ${CMAKE_CURRENT_BINARY_DIR}/conformance ${CHIME_VOICE_NODE_EXECUTABLE}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(conformance_js PROPERTIES TIMEOUT 600)
endif()
