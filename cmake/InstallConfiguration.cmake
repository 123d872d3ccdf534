# Installs pocows.ini and pocows.service with the paths of this installation.
#
# Run by `cmake --install` (and so by cpack), after CMAKE_INSTALL_PREFIX is
# final: a --prefix given to `cmake --install` is honoured, and so is
# DESTDIR. Expects POCOWS_SOURCE_DIR, POCOWS_STAGING_DIR (a folder in the
# build tree for the files it writes) and the CMAKE_INSTALL_<dir> variables
# of GNUInstallDirs, as relative paths.

# As GNUInstallDirs does, a /usr prefix keeps its configuration in /etc and
# its variable data in /var.
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr")
	set(sysconfdir "/etc")
	set(localstatedir "/var")
else()
	set(sysconfdir "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_SYSCONFDIR}")
	set(localstatedir "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_LOCALSTATEDIR}")
endif()
set(POCOWS_BINDIR "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_BINDIR}")
set(POCOWS_DATADIR "${CMAKE_INSTALL_PREFIX}/${CMAKE_INSTALL_DATADIR}/pocows")
set(POCOWS_CONFIG "${sysconfdir}/pocows/pocows.ini")
set(staging "${POCOWS_STAGING_DIR}")

file(READ "${POCOWS_SOURCE_DIR}/config/pocows.ini" ini)
string(REPLACE "docroot = ../htdocs" "docroot = ${POCOWS_DATADIR}/htdocs" ini "${ini}")
string(REPLACE "channels.file.path = ../logs/pocows.log" "channels.file.path = ${localstatedir}/log/pocows/pocows.log" ini "${ini}")
file(WRITE "${staging}/pocows.ini" "${ini}")
configure_file("${POCOWS_SOURCE_DIR}/config/pocows.service.in" "${staging}/pocows.service" @ONLY)

file(INSTALL "${staging}/pocows.ini" DESTINATION "${sysconfdir}/pocows")
file(INSTALL "${staging}/pocows.service" DESTINATION "${CMAKE_INSTALL_PREFIX}/lib/systemd/system")
