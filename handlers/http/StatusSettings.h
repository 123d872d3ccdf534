//
// StatusSettings.h
//
// Where the server reports on itself, as plain values.
//


#ifndef Pocows_StatusSettings_INCLUDED
#define Pocows_StatusSettings_INCLUDED


#include <string>


namespace pocows {


struct StatusSettings
{
	std::string healthPath = "/healthz";   ///< liveness as JSON; empty turns it off
	std::string metricsPath = "/metrics";  ///< Prometheus metrics; empty turns them off
	bool metricsLoopbackOnly = true;       ///< answer /metrics to loopback clients only
};


} // namespace pocows


#endif // Pocows_StatusSettings_INCLUDED
