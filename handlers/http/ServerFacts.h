//
// ServerFacts.h
//
// What the server reports about itself without being configured for it.
//


#ifndef Pocows_ServerFacts_INCLUDED
#define Pocows_ServerFacts_INCLUDED


#include <string>


namespace pocows {


struct ServerFacts
{
	std::string version;        ///< reported by the health check
	bool runAsService = false;  ///< reported by the health check
	int maxThreads = 0;         ///< the HTTP pool's size, reported by the metrics
};


} // namespace pocows


#endif // Pocows_ServerFacts_INCLUDED
