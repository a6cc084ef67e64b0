# tests/hygiene/hygiene.cmake — project hygiene checks. Included from
# tests/extra.cmake.
#
# testdata_manifest  tests/data (the vendored conformance data) holds exactly
#                    the files of tests/data/MANIFEST.sha256, with those hashes
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME testdata_manifest
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/testdata_manifest.py
                   ${PROJECT_SOURCE_DIR}/tests/data)
  set_tests_properties(testdata_manifest PROPERTIES LABELS hygiene)
else()
  message(WARNING "python3 not found: the hygiene tests (testdata_manifest, ...) are not registered")
endif()
