# SPDX-License-Identifier: BSL-1.0
# tests/operations/operations.cmake — the generated operations (issue 16).
# Included from tests/extra.cmake.
#
# generate_operations: rewrites include/chime_voice/operations/*.hpp,
#   include/chime_voice/operations.hpp, docs/operations.md (from the Smithy
#   model) and tests/generated/restjson1_model.hpp (from the restJson1
#   protocol-test shapes).
# operations_current: fails when a committed generated file differs from
#   what the generator writes now.
find_package(Python3 COMPONENTS Interpreter)
set(_cv_ops_model ${CHIME_VOICE_TESTDATA}/model/chime-sdk-voice-2022-08-03.json)
set(_cv_ops_rj_shapes ${CHIME_VOICE_TESTDATA}/restjson1/shapes.json)
set(_cv_ops_gen ${PROJECT_SOURCE_DIR}/tools/gen_operations.py)
if(Python3_Interpreter_FOUND)
  add_custom_target(generate_operations
    COMMAND ${Python3_EXECUTABLE} ${_cv_ops_gen} service ${_cv_ops_model} ${PROJECT_SOURCE_DIR}
    COMMAND ${Python3_EXECUTABLE} ${_cv_ops_gen} protocol-tests ${_cv_ops_rj_shapes}
            ${PROJECT_SOURCE_DIR}/tests/generated/restjson1_model.hpp
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Generating the operations from the Smithy model"
    VERBATIM)
  add_test(NAME operations_current
    COMMAND ${Python3_EXECUTABLE} ${_cv_ops_gen} service ${_cv_ops_model} ${PROJECT_SOURCE_DIR} --check)
  add_test(NAME operations_restjson1_model_current
    COMMAND ${Python3_EXECUTABLE} ${_cv_ops_gen} protocol-tests ${_cv_ops_rj_shapes} tests/generated/restjson1_model.hpp --check
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
else()
  message(WARNING "python3 not found: generate_operations and operations_current are not available")
endif()

# The AWS SDK for JavaScript v3 as the oracle for all 96 operations
# (tests/conformance/run-ops.sh), when the JS conformance test is enabled.
if(CHIME_VOICE_CONFORMANCE_JS)
  add_executable(conformance_ops_driver ${PROJECT_SOURCE_DIR}/tests/conformance/ops_driver.cpp)
  target_link_libraries(conformance_ops_driver PRIVATE chime_voice::chime_voice chime_voice_warnings)
  add_test(NAME conformance_ops_js
           COMMAND sh ${PROJECT_SOURCE_DIR}/tests/conformance/run-ops.sh $<TARGET_FILE:conformance_ops_driver>
                   ${_cv_ops_model} ${CMAKE_CURRENT_BINARY_DIR}/conformance_ops ${CHIME_VOICE_NODE_EXECUTABLE}
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
  set_tests_properties(conformance_ops_js PROPERTIES TIMEOUT 600)
endif()
