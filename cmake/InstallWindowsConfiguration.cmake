# Installs pocows.ini beside pocows.exe in a Windows installation.
#
# Run by `cmake --install` of the Windows build. Expects POCOWS_SOURCE_DIR
# and POCOWS_STAGING_DIR (a folder in the build tree for the file it writes).
# The relative paths of config/pocows.ini fit the installed layout as they
# are; only the syslog channel, which POCO has on Unix alone, becomes the
# Windows event log: POCO refuses to start on a channel class it lacks.

set(syslog "channels.syslog.class = SyslogChannel
channels.syslog.name = pocows
channels.syslog.facility = SYSLOG_DAEMON
")
set(eventlog "channels.eventlog.class = EventLogChannel
channels.eventlog.name = pocows
")

file(READ "${POCOWS_SOURCE_DIR}/config/pocows.ini" ini)
string(FIND "${ini}" "${syslog}" found)
if(found EQUAL -1)
	message(FATAL_ERROR "config/pocows.ini: the syslog channel is not where the Windows installation expects it")
endif()
string(REPLACE "${syslog}" "${eventlog}" ini "${ini}")
file(WRITE "${POCOWS_STAGING_DIR}/pocows.ini" "${ini}")
file(INSTALL "${POCOWS_STAGING_DIR}/pocows.ini" DESTINATION "${CMAKE_INSTALL_PREFIX}/bin")
