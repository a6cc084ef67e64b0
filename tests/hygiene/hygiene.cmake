# SPDX-License-Identifier: BSL-1.0
# tests/hygiene/hygiene.cmake — project hygiene checks. Included from
# tests/extra.cmake.
#
# testdata_manifest  tests/data (the vendored conformance data) holds exactly
#                    the files of tests/data/MANIFEST.sha256, with those hashes
# spdx_headers       every source file carries "SPDX-License-Identifier: BSL-1.0"
#                    (tools/spdx.py --check; `python3 tools/spdx.py` adds it)
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME testdata_manifest
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/testdata_manifest.py
                   ${PROJECT_SOURCE_DIR}/tests/data)
  add_test(NAME spdx_headers
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/spdx.py --check ${PROJECT_SOURCE_DIR})
  set_tests_properties(testdata_manifest spdx_headers PROPERTIES LABELS hygiene)
else()
  message(WARNING "python3 not found: the hygiene tests (testdata_manifest, ...) are not registered")
endif()
