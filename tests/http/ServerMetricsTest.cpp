//
// ServerMetricsTest.cpp
//
// The server's counters and their Prometheus text exposition, read back line
// by line as a scraper would: the shape of every family, and what each
// counter says after the server has counted.
//


#include "http/ServerMetrics.h"
#include <cppunit/extensions/HelperMacros.h>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdlib>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>


namespace pocows {


namespace
{
	struct Family
	{
		int helpLines = 0;
		int typeLines = 0;
		std::string help;
		std::string type;
		std::map<std::string, double> samples;  // by label text, "" for none
	};

	struct Exposition
	{
		std::map<std::string, Family> families;
		std::vector<std::string> order;  // family names as declared
	};

	bool isMetricName(const std::string& name)
	{
		if (name.empty()) return false;
		for (std::size_t i = 0; i < name.size(); ++i)
		{
			const unsigned char c = static_cast<unsigned char>(name[i]);
			const bool letter = std::isalpha(c) || c == '_' || c == ':';
			if (!letter && (i == 0 || !std::isdigit(c))) return false;
		}
		return true;
	}

	bool isLabelName(const std::string& name)
	{
		return isMetricName(name) && name.find(':') == std::string::npos;
	}

	void checkLabels(const std::string& line, const std::string& labels)
		/// name="value" pairs, separated by commas, each name once.
	{
		std::set<std::string> names;
		std::size_t pos = 0;
		while (pos < labels.size())
		{
			const std::size_t equals = labels.find('=', pos);
			CPPUNIT_ASSERT_MESSAGE(line, equals != std::string::npos);
			const std::string name = labels.substr(pos, equals - pos);
			CPPUNIT_ASSERT_MESSAGE(line, isLabelName(name));
			CPPUNIT_ASSERT_MESSAGE(line, names.insert(name).second);
			CPPUNIT_ASSERT_MESSAGE(line, equals + 1 < labels.size() && labels[equals + 1] == '"');
			std::size_t end = equals + 2;
			while (end < labels.size() && labels[end] != '"')
			{
				if (labels[end] == '\\') ++end;
				CPPUNIT_ASSERT_MESSAGE(line, labels[end] != '\n');
				++end;
			}
			CPPUNIT_ASSERT_MESSAGE(line, end < labels.size());
			pos = end + 1;
			if (pos < labels.size())
			{
				CPPUNIT_ASSERT_MESSAGE(line, labels[pos] == ',');
				++pos;
				CPPUNIT_ASSERT_MESSAGE(line, pos < labels.size());
			}
		}
	}

	double parseValue(const std::string& line, const std::string& text)
	{
		CPPUNIT_ASSERT_MESSAGE(line, !text.empty() && !std::isspace(static_cast<unsigned char>(text[0])));
		char* end = nullptr;
		errno = 0;
		const double value = std::strtod(text.c_str(), &end);
		CPPUNIT_ASSERT_MESSAGE(line, errno == 0 && end == text.c_str() + text.size());
		return value;
	}

	Exposition parse(const std::string& text)
		/// Checks every line of text against the exposition format and
		/// returns the families it declares, with their samples.
	{
		Exposition result;
		CPPUNIT_ASSERT(!text.empty());
		CPPUNIT_ASSERT_EQUAL('\n', text.back());
		std::string current;  // the family whose samples may follow
		std::istringstream lines(text);
		std::string line;
		while (std::getline(lines, line))
		{
			CPPUNIT_ASSERT_MESSAGE("empty line", !line.empty());
			CPPUNIT_ASSERT_MESSAGE(line, line.find('\r') == std::string::npos);
			if (line[0] == '#')
			{
				std::istringstream words(line);
				std::string hash, keyword, name;
				words >> hash >> keyword >> name;
				CPPUNIT_ASSERT_EQUAL_MESSAGE(line, std::string("#"), hash);
				CPPUNIT_ASSERT_MESSAGE(line, keyword == "HELP" || keyword == "TYPE");
				CPPUNIT_ASSERT_MESSAGE(line, isMetricName(name));
				const std::string prefix = "# " + keyword + " " + name + " ";
				CPPUNIT_ASSERT_MESSAGE(line, line.compare(0, prefix.size(), prefix) == 0 && line.size() > prefix.size());
				const std::string rest = line.substr(prefix.size());
				if (result.families.count(name) == 0) result.order.push_back(name);
				Family& family = result.families[name];
				// Both come before the family's first sample.
				CPPUNIT_ASSERT_MESSAGE(line, family.samples.empty());
				if (keyword == "HELP")
				{
					++family.helpLines;
					family.help = rest;
				}
				else
				{
					++family.typeLines;
					family.type = rest;
					CPPUNIT_ASSERT_MESSAGE(line, rest == "counter" || rest == "gauge");
				}
				current = name;
				continue;
			}
			const std::size_t space = line.rfind(' ');
			CPPUNIT_ASSERT_MESSAGE(line, space != std::string::npos && space > 0);
			std::string name = line.substr(0, space);
			std::string labels;
			const std::size_t brace = name.find('{');
			if (brace != std::string::npos)
			{
				CPPUNIT_ASSERT_MESSAGE(line, name.back() == '}' && name.size() > brace + 2);
				labels = name.substr(brace + 1, name.size() - brace - 2);
				name.erase(brace);
				checkLabels(line, labels);
			}
			CPPUNIT_ASSERT_MESSAGE(line, isMetricName(name));
			CPPUNIT_ASSERT_EQUAL_MESSAGE(line, current, name);
			Family& family = result.families[name];
			CPPUNIT_ASSERT_EQUAL_MESSAGE(line, 1, family.helpLines);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(line, 1, family.typeLines);
			const double value = parseValue(line, line.substr(space + 1));
			CPPUNIT_ASSERT_MESSAGE(line + " (twice)", family.samples.emplace(labels, value).second);
		}
		for (const auto& entry: result.families)
		{
			CPPUNIT_ASSERT_EQUAL_MESSAGE(entry.first, 1, entry.second.helpLines);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(entry.first, 1, entry.second.typeLines);
			CPPUNIT_ASSERT_MESSAGE(entry.first + " has no samples", !entry.second.samples.empty());
		}
		return result;
	}

	Exposition rendered(const ServerMetrics& metrics, int maxThreads = 8, int busyThreads = 3)
	{
		return parse(metrics.render(maxThreads, busyThreads));
	}

	const Family& family(const Exposition& exposition, const std::string& name)
	{
		const auto it = exposition.families.find(name);
		CPPUNIT_ASSERT_MESSAGE("no family " + name, it != exposition.families.end());
		return it->second;
	}

	double sample(const Exposition& exposition, const std::string& name, const std::string& labels = std::string())
	{
		const Family& found = family(exposition, name);
		const auto it = found.samples.find(labels);
		CPPUNIT_ASSERT_MESSAGE("no sample " + name + "{" + labels + "}", it != found.samples.end());
		return it->second;
	}

	bool hasSample(const Exposition& exposition, const std::string& name, const std::string& labels)
	{
		return family(exposition, name).samples.count(labels) > 0;
	}

	std::string code(unsigned value)
	{
		return "code=\"" + std::to_string(value) + "\"";
	}

	const char* const COUNTERS[] = {
		"pocows_connections_total",
		"pocows_rejected_total",
		"pocows_http_requests_total",
		"pocows_websocket_sessions_total",
		"pocows_websocket_messages_total",
		"pocows_websocket_bytes_total",
		"pocows_websocket_closes_total",
		"pocows_websocket_published_total",
		"pocows_websocket_posted_total",
		"pocows_websocket_slow_consumer_closes_total",
		"pocows_websocket_deflate_messages_total",
		"pocows_websocket_deflate_bytes_total"
	};

	const char* const GAUGES[] = {
		"pocows_uptime_seconds",
		"pocows_connections_open",
		"pocows_threads_max",
		"pocows_threads_busy",
		"pocows_websocket_sessions_open",
		"pocows_websocket_outbound_queued_bytes",
		"process_resident_memory_bytes"
	};
}


class ServerMetricsTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(ServerMetricsTest);
	CPPUNIT_TEST(testFormatOfEveryFamily);
	CPPUNIT_TEST(testFormatWhenBusy);
	CPPUNIT_TEST(testCountersStartAtZero);
	CPPUNIT_TEST(testThreadsAsPassed);
	CPPUNIT_TEST(testConnections);
	CPPUNIT_TEST(testSessions);
	CPPUNIT_TEST(testCloseCodes);
	CPPUNIT_TEST(testRequestsByStatusClass);
	CPPUNIT_TEST(testTraffic);
	CPPUNIT_TEST(testRejections);
	CPPUNIT_TEST(testHttpConnectionsLeaveOutSessions);
	CPPUNIT_TEST(testPostedMessages);
	CPPUNIT_TEST(testCompression);
	CPPUNIT_TEST_SUITE_END();

public:
	void testFormatOfEveryFamily()
	{
		const ServerMetrics metrics;
		const Exposition exposition = rendered(metrics);
		std::set<std::string> expected;
		for (const char* name: COUNTERS)
		{
			expected.insert(name);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string("counter"), family(exposition, name).type);
		}
		for (const char* name: GAUGES)
		{
			expected.insert(name);
			CPPUNIT_ASSERT_EQUAL_MESSAGE(name, std::string("gauge"), family(exposition, name).type);
		}
		CPPUNIT_ASSERT_EQUAL(expected.size(), exposition.families.size());
		CPPUNIT_ASSERT_EQUAL(expected.size(), exposition.order.size());
		for (const auto& entry: exposition.families)
		{
			CPPUNIT_ASSERT_MESSAGE(entry.first, !entry.second.help.empty());
			// By convention, and as Prometheus' own clients name them.
			const bool endsInTotal = entry.first.size() > 6 && entry.first.compare(entry.first.size() - 6, 6, "_total") == 0;
			CPPUNIT_ASSERT_EQUAL_MESSAGE(entry.first, entry.second.type == "counter", endsInTotal);
		}
	}

	void testFormatWhenBusy()
	{
		// Every kind of sample, and labels that only appear once counted.
		ServerMetrics metrics;
		for (int i = 0; i < 20; ++i) metrics.connectionOpened();
		for (int i = 0; i < 5; ++i) metrics.connectionClosed();
		for (int i = 0; i < 30; ++i) metrics.sessionOpened();
		for (unsigned short closeCode: {1000, 1001, 1006, 1011, 1015, 3000, 4999, 999, 1016, 5000, 2999})
			metrics.sessionClosed(closeCode);
		for (int status: {101, 200, 304, 404, 503, 0, 600}) metrics.requestServed(status);
		ServerMetrics::Traffic traffic;
		traffic.messagesIn = 1ull << 40;
		traffic.bytesIn = 18446744073709551615ull;
		metrics.addTraffic(traffic);
		metrics.connectionRejected();
		metrics.sessionRejected();
		const Exposition exposition = rendered(metrics, 4096, 4096);
		CPPUNIT_ASSERT_EQUAL(std::size_t(19), exposition.families.size());
		CPPUNIT_ASSERT_EQUAL(std::size_t(5 + 2), family(exposition, "pocows_websocket_closes_total").samples.size());
	}

	void testCountersStartAtZero()
	{
		const ServerMetrics metrics;
		const Exposition exposition = rendered(metrics);
		std::size_t samples = 0;
		for (const char* name: COUNTERS)
		{
			for (const auto& entry: family(exposition, name).samples)
			{
				CPPUNIT_ASSERT_EQUAL_MESSAGE(std::string(name) + "{" + entry.first + "}", 0.0, entry.second);
				++samples;
			}
		}
		// connections 1, rejected 4, requests 5, sessions 1, messages 2, bytes 2,
		// closes 2 (a close code gets its own line only once it has been
		// counted), published 1, posted 2, slow-consumer closes 2, deflate
		// messages 2 and bytes 4.
		CPPUNIT_ASSERT_EQUAL(std::size_t(28), samples);
		for (const char* labels: {"reason=\"threads\"", "reason=\"sessions\"", "reason=\"address_connections\"", "reason=\"address_sessions\""})
			CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_rejected_total", labels));
		for (const char* labels: {"class=\"1xx\"", "class=\"2xx\"", "class=\"3xx\"", "class=\"4xx\"", "class=\"5xx\""})
			CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_http_requests_total", labels));
		for (const char* labels: {"direction=\"in\"", "direction=\"out\""})
		{
			CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_messages_total", labels));
			CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_bytes_total", labels));
		}
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_closes_total", "code=\"3000-4999\""));
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_closes_total", "code=\"other\""));
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_connections_open"));
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_sessions_open"));
		CPPUNIT_ASSERT_EQUAL(std::int64_t(0), metrics.openConnections());
		CPPUNIT_ASSERT_EQUAL(std::int64_t(0), metrics.httpConnections());
		// A running process has some memory resident, on the systems that tell.
		CPPUNIT_ASSERT(sample(exposition, "process_resident_memory_bytes") > 1024*1024);
		const double uptime = sample(exposition, "pocows_uptime_seconds");
		CPPUNIT_ASSERT(std::isfinite(uptime) && uptime >= 0 && uptime < 60);
	}

	void testPostedMessages()
	{
		ServerMetrics metrics;
		metrics.messagePublished();
		metrics.messagesDelivered(3, 300);
		metrics.messagesDropped(2);
		metrics.outboundQueued(1000);
		metrics.outboundQueued(-400);
		metrics.slowConsumerClosed(true);
		metrics.slowConsumerClosed(false);
		metrics.slowConsumerClosed(false);
		const Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_websocket_published_total"));
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_websocket_posted_total", "outcome=\"delivered\""));
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_websocket_posted_total", "outcome=\"dropped\""));
		CPPUNIT_ASSERT_EQUAL(600.0, sample(exposition, "pocows_websocket_outbound_queued_bytes"));
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_websocket_slow_consumer_closes_total", "limit=\"hard\""));
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_websocket_slow_consumer_closes_total", "limit=\"soft\""));
		// Delivered messages are messages out, too.
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_websocket_messages_total", "direction=\"out\""));
		CPPUNIT_ASSERT_EQUAL(300.0, sample(exposition, "pocows_websocket_bytes_total", "direction=\"out\""));
	}

	void testCompression()
	{
		ServerMetrics metrics;
		metrics.messageInflated(30, 100);
		metrics.messageInflated(5, 7);
		metrics.messageCompressed(4096, 1000);
		const Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_websocket_deflate_messages_total", "direction=\"in\""));
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_websocket_deflate_messages_total", "direction=\"out\""));
		CPPUNIT_ASSERT_EQUAL(35.0, sample(exposition, "pocows_websocket_deflate_bytes_total", "direction=\"in\",form=\"compressed\""));
		CPPUNIT_ASSERT_EQUAL(107.0, sample(exposition, "pocows_websocket_deflate_bytes_total", "direction=\"in\",form=\"plain\""));
		CPPUNIT_ASSERT_EQUAL(4096.0, sample(exposition, "pocows_websocket_deflate_bytes_total", "direction=\"out\",form=\"plain\""));
		CPPUNIT_ASSERT_EQUAL(1000.0, sample(exposition, "pocows_websocket_deflate_bytes_total", "direction=\"out\",form=\"compressed\""));
	}

	void testThreadsAsPassed()
	{
		const ServerMetrics metrics;
		Exposition exposition = rendered(metrics, 64, 7);
		CPPUNIT_ASSERT_EQUAL(64.0, sample(exposition, "pocows_threads_max"));
		CPPUNIT_ASSERT_EQUAL(7.0, sample(exposition, "pocows_threads_busy"));
		exposition = rendered(metrics, 1, 0);
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_threads_max"));
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_threads_busy"));
	}

	void testConnections()
	{
		ServerMetrics metrics;
		metrics.connectionOpened();
		metrics.connectionOpened();
		metrics.connectionOpened();
		metrics.connectionClosed();
		Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_connections_open"));
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_connections_total"));
		CPPUNIT_ASSERT_EQUAL(std::int64_t(2), metrics.openConnections());
		metrics.connectionClosed();
		metrics.connectionClosed();
		exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_connections_open"));
		// A total never goes down.
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_connections_total"));
		CPPUNIT_ASSERT_EQUAL(std::int64_t(0), metrics.openConnections());
		// Sessions are not connections of their own.
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_sessions_total"));
	}

	void testSessions()
	{
		ServerMetrics metrics;
		metrics.sessionOpened();
		metrics.sessionOpened();
		metrics.sessionOpened();
		metrics.sessionClosed(1000);
		Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_websocket_sessions_open"));
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_websocket_sessions_total"));
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_websocket_closes_total", code(1000)));
		metrics.sessionClosed(1001);
		metrics.sessionClosed(1001);
		exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_sessions_open"));
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_websocket_sessions_total"));
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_websocket_closes_total", code(1000)));
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_websocket_closes_total", code(1001)));
		// Sessions open and close nothing of the connections.
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_connections_total"));
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_connections_open"));
	}

	void testCloseCodes()
	{
		ServerMetrics metrics;
		for (unsigned value = 1000; value <= 1015; ++value)
		{
			for (unsigned i = 0; i < value - 999; ++i)
			{
				metrics.sessionOpened();
				metrics.sessionClosed(static_cast<unsigned short>(value));
			}
		}
		for (unsigned short application: {3000, 3001, 4000, 4999})
		{
			metrics.sessionOpened();
			metrics.sessionClosed(application);
		}
		for (unsigned short other: {0, 1, 999, 1016, 1100, 2000, 2999, 5000, 65535})
		{
			metrics.sessionOpened();
			metrics.sessionClosed(other);
		}
		const Exposition exposition = rendered(metrics);
		for (unsigned value = 1000; value <= 1015; ++value)
			CPPUNIT_ASSERT_EQUAL_MESSAGE(code(value), static_cast<double>(value - 999), sample(exposition, "pocows_websocket_closes_total", code(value)));
		CPPUNIT_ASSERT_EQUAL(4.0, sample(exposition, "pocows_websocket_closes_total", "code=\"3000-4999\""));
		CPPUNIT_ASSERT_EQUAL(9.0, sample(exposition, "pocows_websocket_closes_total", "code=\"other\""));
		// Nothing else: no line per application code, none for the others.
		CPPUNIT_ASSERT_EQUAL(std::size_t(16 + 2), family(exposition, "pocows_websocket_closes_total").samples.size());
		for (unsigned value: {999u, 1016u, 3000u, 4999u, 5000u})
			CPPUNIT_ASSERT_MESSAGE(code(value), !hasSample(exposition, "pocows_websocket_closes_total", code(value)));
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_sessions_open"));
		CPPUNIT_ASSERT_EQUAL(136.0 + 4 + 9, sample(exposition, "pocows_websocket_sessions_total"));
	}

	void testRequestsByStatusClass()
	{
		ServerMetrics metrics;
		for (int status: {100, 101, 200, 200, 204, 206, 301, 304, 400, 403, 404, 404, 405, 500, 503, 599})
			metrics.requestServed(status);
		// No status class: not counted anywhere.
		for (int status: {0, 99, 600, 999, -200})
			metrics.requestServed(status);
		const Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_http_requests_total", "class=\"1xx\""));
		CPPUNIT_ASSERT_EQUAL(4.0, sample(exposition, "pocows_http_requests_total", "class=\"2xx\""));
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_http_requests_total", "class=\"3xx\""));
		CPPUNIT_ASSERT_EQUAL(5.0, sample(exposition, "pocows_http_requests_total", "class=\"4xx\""));
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_http_requests_total", "class=\"5xx\""));
		CPPUNIT_ASSERT_EQUAL(std::size_t(5), family(exposition, "pocows_http_requests_total").samples.size());
	}

	void testTraffic()
	{
		ServerMetrics metrics;
		ServerMetrics::Traffic first;
		first.messagesIn = 3;
		first.messagesOut = 5;
		first.bytesIn = 100;
		first.bytesOut = 7000;
		metrics.addTraffic(first);
		ServerMetrics::Traffic second;
		second.messagesIn = 1;
		second.bytesOut = 24;
		metrics.addTraffic(second);
		metrics.addTraffic(ServerMetrics::Traffic());
		const Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(4.0, sample(exposition, "pocows_websocket_messages_total", "direction=\"in\""));
		CPPUNIT_ASSERT_EQUAL(5.0, sample(exposition, "pocows_websocket_messages_total", "direction=\"out\""));
		CPPUNIT_ASSERT_EQUAL(100.0, sample(exposition, "pocows_websocket_bytes_total", "direction=\"in\""));
		CPPUNIT_ASSERT_EQUAL(7024.0, sample(exposition, "pocows_websocket_bytes_total", "direction=\"out\""));

		// Large counts are written out in full, not rounded to a few digits.
		ServerMetrics large;
		ServerMetrics::Traffic big;
		big.bytesOut = 1234567890123ull;
		large.addTraffic(big);
		const std::string text = large.render(1, 0);
		CPPUNIT_ASSERT(text.find("\npocows_websocket_bytes_total{direction=\"out\"} 1234567890123\n") != std::string::npos);
	}

	void testRejections()
	{
		ServerMetrics metrics;
		metrics.connectionRejected();
		metrics.connectionRejected();
		metrics.sessionRejected();
		for (int i = 0; i < 3; ++i) metrics.connectionRejectedForAddress();
		for (int i = 0; i < 4; ++i) metrics.sessionRejectedForAddress();
		Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(2.0, sample(exposition, "pocows_rejected_total", "reason=\"threads\""));
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_rejected_total", "reason=\"sessions\""));
		CPPUNIT_ASSERT_EQUAL(3.0, sample(exposition, "pocows_rejected_total", "reason=\"address_connections\""));
		CPPUNIT_ASSERT_EQUAL(4.0, sample(exposition, "pocows_rejected_total", "reason=\"address_sessions\""));
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), family(exposition, "pocows_rejected_total").samples.size());
		// A rejection is not an open connection or session.
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_connections_open"));
		CPPUNIT_ASSERT_EQUAL(0.0, sample(exposition, "pocows_websocket_sessions_open"));
		CPPUNIT_ASSERT_EQUAL(std::int64_t(0), metrics.httpConnections());
	}

	void testHttpConnectionsLeaveOutSessions()
	{
		ServerMetrics metrics;
		for (int i = 0; i < 5; ++i) metrics.connectionOpened();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(5), metrics.httpConnections());
		// Two of them are upgraded: they leave the HTTP pool but stay open.
		metrics.sessionOpened();
		metrics.sessionOpened();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(5), metrics.openConnections());
		CPPUNIT_ASSERT_EQUAL(std::int64_t(3), metrics.httpConnections());
		// A session ends, its connection still open for a moment: counted as HTTP again.
		metrics.sessionClosed(1000);
		CPPUNIT_ASSERT_EQUAL(std::int64_t(4), metrics.httpConnections());
		metrics.connectionClosed();
		CPPUNIT_ASSERT_EQUAL(std::int64_t(3), metrics.httpConnections());
		CPPUNIT_ASSERT_EQUAL(std::int64_t(4), metrics.openConnections());
		const Exposition exposition = rendered(metrics);
		CPPUNIT_ASSERT_EQUAL(4.0, sample(exposition, "pocows_connections_open"));
		CPPUNIT_ASSERT_EQUAL(1.0, sample(exposition, "pocows_websocket_sessions_open"));
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(ServerMetricsTest, "ServerMetrics");


} // namespace pocows
