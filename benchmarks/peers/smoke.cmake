# SPDX-License-Identifier: BSL-1.0
# ctest peers_smoke: benchmarks/peers/run --smoke — every SigV4 peer signs the
# shared request once and must produce our Authorization. Included from
# tests/extra.cmake. Registered only when what the script itself needs is
# there (OpenSSL for peer_cpp, python3, bash); the Go, JS and botocore peers
# are optional, and the test output names each skipped one and why
# (scripts/install-deps.sh test installs them in CI).
find_package(OpenSSL 3.0 QUIET COMPONENTS Crypto)
find_program(CHIME_VOICE_PYTHON3 python3)
find_program(CHIME_VOICE_BASH bash)
if(OpenSSL_FOUND AND CHIME_VOICE_PYTHON3 AND CHIME_VOICE_BASH)
  add_executable(peer_cpp_smoke ${PROJECT_SOURCE_DIR}/benchmarks/peers/peer_cpp.cpp)
  target_link_libraries(peer_cpp_smoke PRIVATE chime_voice::chime_voice chime_voice_warnings OpenSSL::Crypto)
  add_test(NAME peers_smoke
           COMMAND ${CMAKE_COMMAND} -E env PEER_CPP=$<TARGET_FILE:peer_cpp_smoke>
                   BUILD_DIR=${CMAKE_BINARY_DIR}/peers-smoke
                   ${CHIME_VOICE_BASH} ${PROJECT_SOURCE_DIR}/benchmarks/peers/run --smoke)
  set_tests_properties(peers_smoke PROPERTIES TIMEOUT 300)
else()
  message(STATUS "chime_voice: ctest peers_smoke not registered (needs OpenSSL 3, python3 and bash)")
endif()
