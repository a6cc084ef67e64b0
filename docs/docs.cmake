# SPDX-License-Identifier: BSL-1.0
# docs/docs.cmake — the API reference (target `docs`, Doxygen) and the
# pictures of docs/ (target `pictures`, Graphviz). Included by the top
# CMakeLists.txt when CHIME_VOICE_BUILD_DOCS is ON. Neither target is part of
# `all`; the tests that check the committed pictures are in
# tests/hygiene/hygiene.cmake.
find_package(Doxygen QUIET)
find_program(CHIME_VOICE_DOT_EXECUTABLE NAMES dot)

if(DOXYGEN_EXECUTABLE)
  set(CHIME_VOICE_DOCS_OUTPUT ${PROJECT_BINARY_DIR}/docs)
  # With CHIME_VOICE_WERROR (CI) any Doxygen warning, an undocumented public
  # entity first of all, fails the target; Doxygen still reports them all.
  if(CHIME_VOICE_WERROR)
    set(CHIME_VOICE_DOCS_WARN_AS_ERROR FAIL_ON_WARNINGS)
  else()
    set(CHIME_VOICE_DOCS_WARN_AS_ERROR NO)
  endif()
  if(CHIME_VOICE_DOT_EXECUTABLE)
    set(CHIME_VOICE_DOCS_HAVE_DOT YES)
  else()
    set(CHIME_VOICE_DOCS_HAVE_DOT NO)
  endif()
  configure_file(${CMAKE_CURRENT_LIST_DIR}/Doxyfile.in ${PROJECT_BINARY_DIR}/Doxyfile @ONLY)
  add_custom_target(docs
    COMMAND ${CMAKE_COMMAND} -E remove_directory ${CHIME_VOICE_DOCS_OUTPUT}
    COMMAND ${DOXYGEN_EXECUTABLE} ${PROJECT_BINARY_DIR}/Doxyfile
    COMMAND ${CMAKE_COMMAND} -E echo "API reference: ${CHIME_VOICE_DOCS_OUTPUT}/html/index.html"
    WORKING_DIRECTORY ${PROJECT_SOURCE_DIR}
    COMMENT "Doxygen: API reference of include/ (warnings are errors: ${CHIME_VOICE_DOCS_WARN_AS_ERROR})"
    VERBATIM)
else()
  message(STATUS "chime_voice: doxygen not found (Debian: doxygen graphviz); no `docs` target")
endif()

if(CHIME_VOICE_DOT_EXECUTABLE)
  # Re-renders every docs/*.dot into the committed docs/*.svg.
  find_package(Python3 COMPONENTS Interpreter)
  if(Python3_Interpreter_FOUND)
    add_custom_target(pictures
      COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/tools/render_pictures.py --write
              --dot ${CHIME_VOICE_DOT_EXECUTABLE} ${PROJECT_SOURCE_DIR}/docs
      COMMENT "Graphviz: docs/*.dot -> docs/*.svg"
      VERBATIM)
  endif()
endif()
