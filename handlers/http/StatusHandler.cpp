//
// StatusHandler.cpp
//


#include "http/StatusHandler.h"
#include "http/ErrorPage.h"
#include "Poco/Format.h"
#include "Poco/Net/HTTPServerRequest.h"
#include "Poco/Net/HTTPServerResponse.h"


using Poco::Net::HTTPResponse;


namespace pocows {


StatusHandler::StatusHandler(Report report, const StatusSettings& settings, const ServerFacts& facts, const ServerMetrics& metrics):
	_report(report),
	_settings(settings),
	_facts(facts),
	_metrics(metrics)
{
}


void StatusHandler::handleRequest(Poco::Net::HTTPServerRequest& request, Poco::Net::HTTPServerResponse& response)
{
	if (ErrorPage::refuseUnlessGetOrHead(request, response)) return;
	response.set("Cache-Control", "no-store");
	std::string body;
	if (_report == HEALTH)
	{
		response.setContentType("application/json");
		body = health();
	}
	else
	{
		if (_settings.metricsLoopbackOnly && !isLoopback(request.clientAddress().host()))
			return ErrorPage::send(response, HTTPResponse::HTTP_FORBIDDEN, "Metrics are served to loopback clients only.");
		response.setContentType("text/plain; version=0.0.4; charset=utf-8");
		const int busy = static_cast<int>(std::min<std::int64_t>(_metrics.httpConnections(), _facts.maxThreads));
		body = _metrics.render(_facts.maxThreads, busy);
	}
	response.sendBuffer(body.data(), body.size());
}


bool StatusHandler::isLoopback(const Poco::Net::IPAddress& address)
{
	if (address.isLoopback()) return true;
	// POCO calls every IPv4 address "IPv4-mapped": only an IPv6 one has the mapped bytes.
	if (address.family() != Poco::Net::IPAddress::IPv6 || !address.isIPv4Mapped()) return false;
	const unsigned char* bytes = static_cast<const unsigned char*>(address.addr());
	return bytes[12] == 127;
}


std::string StatusHandler::health() const
{
	return Poco::format("{\"status\":\"ok\",\"version\":\"%s\",\"uptimeSeconds\":%.3f,\"runAsService\":%s}\n",
		_facts.version, _metrics.uptimeSeconds(), std::string(_facts.runAsService ? "true" : "false"));
}


} // namespace pocows
