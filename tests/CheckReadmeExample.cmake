# The README's example of a broadcast service is the code that the server
# compiles and the tests run: each C++ block of its section "Sessions that
# talk to each other" must appear in a source of handlers/services/, as it is
# but for its indentation.
# Run by CTest as
#   cmake -DSOURCE=<source> -P CheckReadmeExample.cmake

cmake_minimum_required(VERSION 3.16)

file(READ "${SOURCE}/README.md" readme)
string(FIND "${readme}" "## Sessions that talk to each other" start)
if(start EQUAL -1)
	message(FATAL_ERROR "README.md has no section \"Sessions that talk to each other\"")
endif()
string(SUBSTRING "${readme}" ${start} -1 section)
string(FIND "${section}" "\n## " end)
string(SUBSTRING "${section}" 1 ${end} section)

file(GLOB sources "${SOURCE}/handlers/services/*.cpp")
set(code "")
foreach(source IN LISTS sources)
	file(READ "${source}" text)
	string(REPLACE "\t" "" text "${text}")
	string(APPEND code "${text}")
endforeach()

set(blocks 0)
set(problems "")
while(TRUE)
	string(FIND "${section}" "```cpp\n" open)
	if(open EQUAL -1)
		break()
	endif()
	math(EXPR open "${open} + 7")
	string(SUBSTRING "${section}" ${open} -1 section)
	string(FIND "${section}" "```" close)
	string(SUBSTRING "${section}" 0 ${close} block)
	string(SUBSTRING "${section}" ${close} -1 section)
	math(EXPR blocks "${blocks} + 1")
	string(REPLACE "\t" "" block "${block}")
	string(FIND "${code}" "${block}" found)
	if(found EQUAL -1)
		list(APPEND problems "README block ${blocks} is not in handlers/services/:\n${block}")
	endif()
endwhile()

if(blocks EQUAL 0)
	message(FATAL_ERROR "the section has no C++ block")
endif()
if(problems)
	list(JOIN problems "\n" message)
	message(FATAL_ERROR "${message}")
endif()
message(STATUS "${blocks} README blocks are the services' own code")
