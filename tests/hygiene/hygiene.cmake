# SPDX-License-Identifier: BSL-1.0
# tests/hygiene/hygiene.cmake — project hygiene checks. Included from
# tests/extra.cmake. All carry the label "hygiene".
#
# testdata_manifest      tests/data (the vendored conformance data) holds exactly
#                        the files of tests/data/MANIFEST.sha256, with those hashes
# spdx_headers           every source file carries "SPDX-License-Identifier: BSL-1.0"
#                        (tools/spdx.py --check; `python3 tools/spdx.py` adds it)
# docs_pictures_current  every docs/*.svg drawn by Graphviz is what its docs/*.dot
#                        renders to (skipped when the SVG came from another Graphviz)
# docs_benchmark_chart   benchmarks/ratios_chart.py reads a Google Benchmark sample
#                        and draws it; docs/benchmark-ratios.svg matches its .json
find_package(Python3 COMPONENTS Interpreter)
if(NOT Python3_Interpreter_FOUND)
  message(WARNING "python3 not found: the hygiene tests (testdata_manifest, ...) are not registered")
  return()
endif()
add_test(NAME testdata_manifest
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/testdata_manifest.py
                 ${PROJECT_SOURCE_DIR}/tests/data)
add_test(NAME spdx_headers
         COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/spdx.py --check ${PROJECT_SOURCE_DIR})
add_test(NAME docs_benchmark_chart
         COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_benchmark_chart.py ${PROJECT_SOURCE_DIR})
set_tests_properties(testdata_manifest spdx_headers docs_benchmark_chart PROPERTIES LABELS hygiene)

find_program(CHIME_VOICE_DOT_EXECUTABLE NAMES dot)
if(CHIME_VOICE_DOT_EXECUTABLE)
  add_test(NAME docs_pictures_current
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/render_pictures.py --only dot
                   --dot ${CHIME_VOICE_DOT_EXECUTABLE} ${PROJECT_SOURCE_DIR}/docs)
  set_tests_properties(docs_pictures_current PROPERTIES LABELS hygiene SKIP_RETURN_CODE 77)
else()
  message(STATUS "chime_voice: Graphviz `dot` not found (Debian: graphviz): docs_pictures_current is not registered")
endif()
