//
// RequestObserver.h
//
// Wraps every request handler: access log, request counts, and the connection's request clock.
//


#ifndef Pocows_RequestObserver_INCLUDED
#define Pocows_RequestObserver_INCLUDED


#include "http/ServerMetrics.h"
#include "Poco/Logger.h"
#include "Poco/Net/HTTPRequestHandler.h"
#include <memory>


namespace pocows {


class RequestObserver: public Poco::Net::HTTPRequestHandler
	/// Runs the handler chosen for a request and then writes one access-log
	/// line (client, request line, status, body bytes, duration), counts the
	/// request by status class, and restarts the connection's request clock
	/// for the next request on a keep-alive connection.
{
public:
	RequestObserver(Poco::Net::HTTPRequestHandler* handler, ServerMetrics& metrics, Poco::Logger& accessLog);
		/// Takes ownership of handler.

	void handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response) override;

private:
	void logRequest(const Poco::Net::HTTPServerRequest& request, const Poco::Net::HTTPServerResponse& response, const Poco::Timespan& duration);

	std::unique_ptr<Poco::Net::HTTPRequestHandler> _handler;
	ServerMetrics& _metrics;
	Poco::Logger& _accessLog;
};


} // namespace pocows


#endif // Pocows_RequestObserver_INCLUDED
