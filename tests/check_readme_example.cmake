# SPDX-License-Identifier: BSL-1.0
# Fails unless README.md contains tests/readme_example.cpp's code block
# verbatim (the text between the markers "// README begin" and "// README end").
file(READ ${README} readme)
file(READ ${EXAMPLE} example)
string(FIND "${example}" "// README begin\n" b)
string(FIND "${example}" "    // README end" e)
if(b EQUAL -1 OR e EQUAL -1)
  message(FATAL_ERROR "markers missing in ${EXAMPLE}")
endif()
math(EXPR b "${b} + 16")
math(EXPR len "${e} - ${b}")
string(SUBSTRING "${example}" ${b} ${len} snippet)
string(FIND "${readme}" "${snippet}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "README.md does not contain the example from ${EXAMPLE} verbatim; update README.md")
endif()
message(STATUS "README example is current")
