# SPDX-License-Identifier: BSL-1.0
# Consumer tests: a tiny project uses chime-voice through add_subdirectory(),
# through find_package() after `cmake --install`, through FetchContent (and
# install(EXPORT)s its own target), through pkg-config after `cmake --install`,
# and with nothing but the include/ folder and Boost on a plain compiler
# command line.
# Included from tests/extra.cmake; each test configures and builds one
# small project in the build tree.
set(_cv_consumer_common
  -DSOURCE_DIR=${PROJECT_SOURCE_DIR}
  -DCXX=${CMAKE_CXX_COMPILER}
  -DGENERATOR=${CMAKE_GENERATOR}
  -DWERROR=${CHIME_VOICE_WERROR})
find_program(CHIME_VOICE_PKG_CONFIG NAMES pkg-config pkgconf)
set(_cv_consumer_modes add_subdirectory find_package fetch_content plain)
if(CHIME_VOICE_PKG_CONFIG)
  list(APPEND _cv_consumer_modes pkg_config)
else()
  message(WARNING "pkg-config not found: the consumer_pkg_config test is not registered")
endif()
foreach(_cv_mode IN LISTS _cv_consumer_modes)
  set(_cv_extra)
  if(_cv_mode STREQUAL "plain")
    set(_cv_extra -DBOOST_INCLUDE_DIR=${Boost_INCLUDE_DIRS} -DBOOST_LIBRARY_DIR=$<TARGET_LINKER_FILE_DIR:Boost::json>)
  elseif(_cv_mode STREQUAL "pkg_config")
    set(_cv_extra -DPKG_CONFIG=${CHIME_VOICE_PKG_CONFIG})
  endif()
  add_test(NAME consumer_${_cv_mode}
           COMMAND ${CMAKE_COMMAND} -DMODE=${_cv_mode} ${_cv_consumer_common}
                   -DWORK_DIR=${CMAKE_CURRENT_BINARY_DIR}/consumer/${_cv_mode} ${_cv_extra}
                   -P ${CMAKE_CURRENT_LIST_DIR}/run_consumer.cmake)
  set_tests_properties(consumer_${_cv_mode} PROPERTIES TIMEOUT 300 LABELS consumer)
endforeach()
