# SPDX-License-Identifier: BSL-1.0
# tests/no_exceptions/no_exceptions.cmake — the -fno-exceptions consumer
# (ctest no_exceptions_consumer). Included from tests/extra.cmake.
#
# The program's translation unit is compiled with -fno-exceptions and
# BOOST_NO_EXCEPTIONS (it defines boost::throw_exception itself); it links
# the ordinary Boost::json and Boost::url libraries through the chime_voice
# target (Boost's src.hpp is never used).
add_executable(no_exceptions_consumer ${CMAKE_CURRENT_LIST_DIR}/main.cpp)
target_link_libraries(no_exceptions_consumer PRIVATE chime_voice::chime_voice chime_voice_warnings)
target_compile_options(no_exceptions_consumer PRIVATE -fno-exceptions)
target_compile_definitions(no_exceptions_consumer PRIVATE BOOST_NO_EXCEPTIONS)
add_test(NAME no_exceptions_consumer COMMAND no_exceptions_consumer
         WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
