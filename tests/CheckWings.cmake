# The one rule of handlers/: a wing includes only itself and the wings below
# it, and names the wing of every pocows header it includes. Run by CTest as
#   cmake -DHANDLERS=<source>/handlers -P CheckWings.cmake
# and fails naming each include that breaks the rule.

cmake_minimum_required(VERSION 3.16)

set(allowed_rfc6455 rfc6455)
set(allowed_http http)
set(allowed_websocket websocket rfc6455 http)
set(allowed_files files http)
set(allowed_services services websocket rfc6455 http)

set(violations "")
foreach(wing rfc6455 http websocket files services)
	file(GLOB sources "${HANDLERS}/${wing}/*.h" "${HANDLERS}/${wing}/*.cpp")
	if(NOT sources)
		list(APPEND violations "${wing}: no sources found")
	endif()
	foreach(source IN LISTS sources)
		file(STRINGS "${source}" includes REGEX "^#include \"")
		foreach(line IN LISTS includes)
			string(REGEX REPLACE "^#include \"([^\"]*)\".*" "\\1" header "${line}")
			if(header MATCHES "^Poco/")
				continue()
			endif()
			if(header MATCHES "^([a-z0-9]+)/")
				set(included "${CMAKE_MATCH_1}")
				if(NOT included IN_LIST allowed_${wing})
					list(APPEND violations "${source}: ${wing} includes ${header}")
				endif()
			elseif(NOT header MATCHES "_[A-Z]+\\.cpp$")
				# Only a platform part (File_UNIX.cpp, as POCO names them) is included by bare name.
				list(APPEND violations "${source}: include \"${header}\" does not name its wing")
			endif()
		endforeach()
	endforeach()
endforeach()

if(violations)
	list(JOIN violations "\n  " text)
	message(FATAL_ERROR "wing rule broken:\n  ${text}")
endif()
message(STATUS "every wing includes only the wings below it")
