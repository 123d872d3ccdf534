# Every CppUnit suite the tests register is one that CTest runs: a suite left
# out of POCOWS_TEST_SUITES would pass by never running. Run by CTest as
#   cmake -DTESTS=<source>/tests "-DSUITES=<list>" -P CheckSuites.cmake
# and fails naming each suite registered but not run, or run but not registered.

cmake_minimum_required(VERSION 3.16)

file(GLOB_RECURSE sources "${TESTS}/*.cpp")
set(registered "")
foreach(source IN LISTS sources)
	file(STRINGS "${source}" lines REGEX "CPPUNIT_TEST_SUITE_NAMED_REGISTRATION")
	foreach(line IN LISTS lines)
		string(REGEX REPLACE ".*CPPUNIT_TEST_SUITE_NAMED_REGISTRATION\\([A-Za-z0-9_]+, \"([A-Za-z0-9_]+)\"\\).*" "\\1" name "${line}")
		list(APPEND registered "${name}")
	endforeach()
endforeach()

set(problems "")
foreach(name IN LISTS registered)
	if(NOT name IN_LIST SUITES)
		list(APPEND problems "suite ${name} is registered but not in POCOWS_TEST_SUITES")
	endif()
endforeach()
foreach(name IN LISTS SUITES)
	if(NOT name IN_LIST registered)
		list(APPEND problems "suite ${name} is in POCOWS_TEST_SUITES but registered nowhere")
	endif()
endforeach()

if(problems)
	list(JOIN problems "\n" message)
	message(FATAL_ERROR "${message}")
endif()
list(LENGTH registered count)
message(STATUS "all ${count} suites run")
