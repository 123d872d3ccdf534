//
// StatusHandler.h
//
// Answers the health check and the metrics scrape.
//


#ifndef Pocows_StatusHandler_INCLUDED
#define Pocows_StatusHandler_INCLUDED


#include "http/ServerFacts.h"
#include "http/ServerMetrics.h"
#include "http/StatusSettings.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include "Poco/Net/IPAddress.h"


namespace pocows {


class StatusHandler: public Poco::Net::HTTPRequestHandler
	/// GET or HEAD of the health path answers 200 with a small JSON object
	/// (status, version, uptime) for load balancers and monitors; the metrics
	/// path answers the server's counters in Prometheus' text format, to
	/// loopback clients only unless configured otherwise.
{
public:
	enum Report
	{
		HEALTH,
		METRICS
	};

	StatusHandler(Report report, const StatusSettings& settings, const ServerFacts& facts, const ServerMetrics& metrics);

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

	static bool isLoopback(const Poco::Net::IPAddress& address);
		/// Also true for an IPv4 loopback address mapped into IPv6 (::ffff:127.0.0.1),
		/// as IPv4 clients of a server listening on :: appear.

private:
	std::string health() const;

	const Report _report;
	const StatusSettings& _settings;
	const ServerFacts& _facts;
	const ServerMetrics& _metrics;
};


} // namespace pocows


#endif // Pocows_StatusHandler_INCLUDED
