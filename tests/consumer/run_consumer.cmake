# SPDX-License-Identifier: BSL-1.0
# Builds and runs one consumer project of chime-voice.
#
#   cmake -DMODE=add_subdirectory|find_package|fetch_content|pkg_config|plain
#         -DSOURCE_DIR=<chime-voice checkout> -DWORK_DIR=<scratch folder> -DCXX=<C++ compiler>
#         [-DGENERATOR=<cmake generator>] [-DWERROR=ON] [-DPKG_CONFIG=<pkg-config>]
#         [-DBOOST_INCLUDE_DIR=<dir>] [-DBOOST_LIBRARY_DIR=<dir>] -P run_consumer.cmake
#
# add_subdirectory  tests/consumer/add_subdirectory, chime-voice as a subfolder
# find_package      `cmake --install` chime-voice into WORK_DIR/prefix, then
#                   tests/consumer/find_package finds it with CMAKE_PREFIX_PATH
# fetch_content     tests/consumer/fetch_content: FetchContent (SOURCE_DIR, no
#                   network), a target of its own install(EXPORT)ed; then its
#                   `cmake --install`, which must leave chime-voice out unless
#                   asked for with --component chime_voice
# pkg_config        `cmake --install` chime-voice into WORK_DIR/prefix, then one
#                   compiler command line with `pkg-config --cflags --libs chime_voice`
#                   (and -std=c++23, which the .pc leaves to the consumer)
# plain             copies only include/ to WORK_DIR and compiles the consumer
#                   with one compiler command line: -I include, -lboost_json -lboost_url
#
# WERROR=ON compiles the consumer with -Werror (CI, through CHIME_VOICE_WERROR).
cmake_minimum_required(VERSION 3.25)

foreach(v MODE SOURCE_DIR WORK_DIR CXX)
  if(NOT DEFINED ${v} OR "${${v}}" STREQUAL "")
    message(FATAL_ERROR "run_consumer.cmake: -D${v}=... is required")
  endif()
endforeach()
if(NOT GENERATOR)
  set(GENERATOR "Ninja")
endif()
set(here ${CMAKE_CURRENT_LIST_DIR})
file(REMOVE_RECURSE ${WORK_DIR})
file(MAKE_DIRECTORY ${WORK_DIR})

function(run)
  execute_process(COMMAND ${ARGN} RESULT_VARIABLE rc)
  if(NOT rc EQUAL 0)
    string(REPLACE ";" " " cmd "${ARGN}")
    message(FATAL_ERROR "command failed (${rc}): ${cmd}")
  endif()
endfunction()

set(lib_options -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release)
set(common_options ${lib_options} -DCONSUMER_WERROR=${WERROR})
set(werror)
if(WERROR)
  set(werror -Werror)
endif()

# Installs chime-voice alone (no tests, fuzzers, examples) into WORK_DIR/prefix.
function(install_chime_voice)
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/lib ${lib_options}
      -DCHIME_VOICE_BUILD_TESTS=OFF -DCHIME_VOICE_BUILD_FUZZERS=OFF -DCHIME_VOICE_BUILD_EXAMPLES=OFF
      -DCHIME_VOICE_BUILD_BENCHMARKS=OFF -DCHIME_VOICE_INSTALL=ON)
  run(${CMAKE_COMMAND} --install ${WORK_DIR}/lib --prefix ${WORK_DIR}/prefix)
  foreach(f include/chime_voice.hpp share/licenses/chime_voice/LICENSE share/pkgconfig/chime_voice.pc
            lib/cmake/chime_voice/chime_voice-config.cmake)
    if(NOT EXISTS ${WORK_DIR}/prefix/${f})
      message(FATAL_ERROR "the install did not put ${f} into the prefix")
    endif()
  endforeach()
endfunction()

if(MODE STREQUAL "add_subdirectory")
  run(${CMAKE_COMMAND} -S ${here}/add_subdirectory -B ${WORK_DIR}/build ${common_options}
      -DCHIME_VOICE_SOURCE_DIR=${SOURCE_DIR})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 2)
  run(${WORK_DIR}/build/consumer)

elseif(MODE STREQUAL "find_package")
  install_chime_voice()
  run(${CMAKE_COMMAND} -S ${here}/find_package -B ${WORK_DIR}/build ${common_options}
      -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 2)
  run(${WORK_DIR}/build/consumer)

elseif(MODE STREQUAL "fetch_content")
  run(${CMAKE_COMMAND} -S ${here}/fetch_content -B ${WORK_DIR}/build ${common_options}
      -DCHIME_VOICE_SOURCE_DIR=${SOURCE_DIR})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 2)
  run(${WORK_DIR}/build/consumer)
  run(${CMAKE_COMMAND} --install ${WORK_DIR}/build --prefix ${WORK_DIR}/prefix)
  set(exported ${WORK_DIR}/prefix/lib/cmake/consumer/consumer-targets.cmake)
  if(NOT EXISTS ${exported})
    file(GLOB_RECURSE exported ${WORK_DIR}/prefix/*/consumer-targets.cmake)
  endif()
  file(READ "${exported}" text)
  if(NOT text MATCHES "chime_voice::chime_voice")
    message(FATAL_ERROR "${exported} does not name chime_voice::chime_voice")
  endif()
  if(EXISTS ${WORK_DIR}/prefix/include/chime_voice.hpp)
    message(FATAL_ERROR "a subproject with CHIME_VOICE_INSTALL=OFF installed its headers by default")
  endif()
  run(${CMAKE_COMMAND} --install ${WORK_DIR}/build --prefix ${WORK_DIR}/prefix --component chime_voice)
  if(NOT EXISTS ${WORK_DIR}/prefix/include/chime_voice.hpp)
    message(FATAL_ERROR "--component chime_voice did not install the headers")
  endif()

elseif(MODE STREQUAL "pkg_config")
  if(NOT PKG_CONFIG)
    set(PKG_CONFIG pkg-config)
  endif()
  install_chime_voice()
  # PKG_CONFIG_LIBDIR instead of PKG_CONFIG_PATH: only this prefix is searched.
  execute_process(COMMAND ${CMAKE_COMMAND} -E env PKG_CONFIG_LIBDIR=${WORK_DIR}/prefix/share/pkgconfig
                          ${PKG_CONFIG} --cflags --libs chime_voice
                  RESULT_VARIABLE rc OUTPUT_VARIABLE pc_flags OUTPUT_STRIP_TRAILING_WHITESPACE)
  if(NOT rc EQUAL 0)
    message(FATAL_ERROR "pkg-config --cflags --libs chime_voice failed (${rc})")
  endif()
  message(STATUS "pkg-config --cflags --libs chime_voice: ${pc_flags}")
  separate_arguments(pc_flags UNIX_COMMAND "${pc_flags}")
  run(${CXX} -std=c++23 -O1 -Wall -Wextra -Wpedantic ${werror} ${here}/common/consumer_main.cpp
      -o ${WORK_DIR}/consumer ${pc_flags})
  run(${WORK_DIR}/consumer)

elseif(MODE STREQUAL "plain")
  file(COPY ${SOURCE_DIR}/include DESTINATION ${WORK_DIR})
  set(flags -std=c++23 -O1 -Wall -Wextra -Wpedantic ${werror} -I${WORK_DIR}/include)
  # System folders (Debian's /usr/include, /usr/lib/<triplet>) are searched
  # anyway; naming them with -isystem would break #include_next in libstdc++.
  if(BOOST_INCLUDE_DIR AND NOT BOOST_INCLUDE_DIR MATCHES "^/usr/include/?$")
    list(APPEND flags -isystem ${BOOST_INCLUDE_DIR})
  endif()
  set(libs)
  if(BOOST_LIBRARY_DIR AND NOT BOOST_LIBRARY_DIR MATCHES "^/usr/lib(/[^/]+)?/?$")
    list(APPEND libs -L${BOOST_LIBRARY_DIR} -Wl,-rpath,${BOOST_LIBRARY_DIR})
  endif()
  list(APPEND libs -lboost_json -lboost_url)
  run(${CXX} ${flags} ${here}/common/consumer_main.cpp -o ${WORK_DIR}/consumer ${libs})
  run(${WORK_DIR}/consumer)

else()
  message(FATAL_ERROR "run_consumer.cmake: unknown MODE '${MODE}'")
endif()
message(STATUS "consumer ${MODE}: OK")
