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
	std::string version;                   ///< reported by the health check
	bool runAsService = false;             ///< reported by the health check
	int maxThreads = 0;                    ///< reported by the metrics
};


} // namespace pocows


#endif // Pocows_StatusSettings_INCLUDED
