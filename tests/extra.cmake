# Extra tests that are not tests/test_*.cpp executables. Included by
# tests/CMakeLists.txt when present. Each owner keeps one marked block;
# append new blocks, do not edit other people's.

# --- begin endpoint (endpoint_data_current) ---------------------------------
# The generated include/chime_voice/detail/endpoint_data.hpp must be exactly
# what tools/gen_endpoint_data.py writes from partitions.json.
find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME endpoint_data_current
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_SOURCE_DIR}/test_endpoint_data_current.py
                   ${PROJECT_SOURCE_DIR} ${CHIME_VOICE_TESTDATA}/endpoints/partitions.json
           WORKING_DIRECTORY ${PROJECT_SOURCE_DIR})
else()
  message(WARNING "python3 not found: test endpoint_data_current is not registered")
endif()
# --- end endpoint -----------------------------------------------------------
