# SPDX-License-Identifier: BSL-1.0
# Writes and installs chime_voice.pc (included by the top CMakeLists.txt).
#
# The library is header-only, so the file goes to the architecture-independent
# ${CMAKE_INSTALL_DATADIR}/pkgconfig and its prefix is computed from its own
# location (${pcfiledir}): the installed tree can be moved.
#
# Boost.JSON and Boost.URL are not in `Requires:` because Debian's Boost (and
# Boost's own build) ships no .pc files: pkg-config would fail with "Package
# boost_json was not found". They are named in `Libs:` instead, with -L and
# -I only when the Boost found here lies outside the compiler's default
# folders.
set(_cv_pc_dir ${CMAKE_INSTALL_DATADIR}/pkgconfig)
file(RELATIVE_PATH _cv_pc_to_prefix ${CMAKE_INSTALL_PREFIX}/${_cv_pc_dir} ${CMAKE_INSTALL_PREFIX})
string(REGEX REPLACE "/$" "" _cv_pc_to_prefix "${_cv_pc_to_prefix}")

set(_cv_pc_boost_cflags "")
set(_cv_pc_boost_libs "")
foreach(_cv_inc IN LISTS Boost_INCLUDE_DIRS)
  if(NOT _cv_inc MATCHES "^/usr(/local)?/include/?$")
    string(APPEND _cv_pc_boost_cflags " -I${_cv_inc}")
  endif()
endforeach()
get_target_property(_cv_boost_json_location Boost::json LOCATION)
if(_cv_boost_json_location)
  get_filename_component(_cv_boost_libdir "${_cv_boost_json_location}" DIRECTORY)
  if(NOT _cv_boost_libdir MATCHES "^/(usr/)?(local/)?lib(32|64)?(/[^/]+)?/?$")
    string(APPEND _cv_pc_boost_libs "-L${_cv_boost_libdir} ")
  endif()
endif()
string(APPEND _cv_pc_boost_libs "-lboost_json -lboost_url")

configure_file(${CMAKE_CURRENT_LIST_DIR}/chime_voice.pc.in ${PROJECT_BINARY_DIR}/chime_voice.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/chime_voice.pc DESTINATION ${_cv_pc_dir} ${_cv_install_args})
