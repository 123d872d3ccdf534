//
// DashboardSettings.h
//
// Where the live dashboard's feed is offered, as plain values.
//


#ifndef Pocows_DashboardSettings_INCLUDED
#define Pocows_DashboardSettings_INCLUDED


#include <string>


namespace pocows {


struct DashboardSettings
{
	std::string path = "/stats";
		///< WebSocket route of the stats feed that htdocs/dashboard.html plots; empty turns it off
	bool loopbackOnly = true;
		///< offer the feed to loopback clients only (others get 403), as /metrics
};


} // namespace pocows


#endif // Pocows_DashboardSettings_INCLUDED
