# SPDX-License-Identifier: BSL-1.0
# Builds and runs one consumer project of chime-voice.
#
#   cmake -DMODE=add_subdirectory|find_package|plain -DSOURCE_DIR=<chime-voice checkout>
#         -DWORK_DIR=<scratch folder> -DCXX=<C++ compiler> [-DGENERATOR=<cmake generator>]
#         [-DBOOST_INCLUDE_DIR=<dir>] [-DBOOST_LIBRARY_DIR=<dir>] -P run_consumer.cmake
#
# add_subdirectory  tests/consumer/add_subdirectory, chime-voice as a subfolder
# find_package      `cmake --install` chime-voice into WORK_DIR/prefix, then
#                   tests/consumer/find_package finds it with CMAKE_PREFIX_PATH
# plain             copies only include/ to WORK_DIR and compiles the consumer
#                   with one compiler command line: -I include, -lboost_json -lboost_url
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

set(common_options -G ${GENERATOR} -DCMAKE_CXX_COMPILER=${CXX} -DCMAKE_BUILD_TYPE=Release)

if(MODE STREQUAL "add_subdirectory")
  run(${CMAKE_COMMAND} -S ${here}/add_subdirectory -B ${WORK_DIR}/build ${common_options}
      -DCHIME_VOICE_SOURCE_DIR=${SOURCE_DIR})
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 2)
  run(${WORK_DIR}/build/consumer)

elseif(MODE STREQUAL "find_package")
  run(${CMAKE_COMMAND} -S ${SOURCE_DIR} -B ${WORK_DIR}/lib ${common_options}
      -DCHIME_VOICE_BUILD_TESTS=OFF -DCHIME_VOICE_BUILD_FUZZERS=OFF -DCHIME_VOICE_BUILD_EXAMPLES=OFF
      -DCHIME_VOICE_BUILD_BENCHMARKS=OFF -DCHIME_VOICE_INSTALL=ON)
  run(${CMAKE_COMMAND} --install ${WORK_DIR}/lib --prefix ${WORK_DIR}/prefix)
  if(NOT EXISTS ${WORK_DIR}/prefix/include/chime_voice.hpp)
    message(FATAL_ERROR "the install did not put include/chime_voice.hpp into the prefix")
  endif()
  run(${CMAKE_COMMAND} -S ${here}/find_package -B ${WORK_DIR}/build ${common_options}
      -DCMAKE_PREFIX_PATH=${WORK_DIR}/prefix)
  run(${CMAKE_COMMAND} --build ${WORK_DIR}/build --parallel 2)
  run(${WORK_DIR}/build/consumer)

elseif(MODE STREQUAL "plain")
  file(COPY ${SOURCE_DIR}/include DESTINATION ${WORK_DIR})
  set(flags -std=c++23 -O1 -Wall -Wextra -Wpedantic -Werror -I${WORK_DIR}/include)
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
