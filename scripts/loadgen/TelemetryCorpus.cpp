//
// TelemetryCorpus.cpp
//


#include "TelemetryCorpus.h"
#include "rfc6455/MessageDeflater.h"
#include <cstdint>
#include <cstdio>


namespace pocows {


TelemetryCorpus::TelemetryCorpus(std::size_t messageSize, int clientLevel)
{
	std::uint32_t seed = 12345;
	auto next = [&seed](std::uint32_t range)
	{
		seed = seed*1103515245u + 12345u;
		return (seed >> 8) % range;
	};
	static const char* const KINDS[] = {"temperature", "humidity", "pressure", "voltage", "current", "rpm"};
	static const char* const SITES[] = {"berlin-2", "lisbon-1", "osaka-4", "toronto-3", "nairobi-1"};
	MessageDeflater deflater(15, 8, clientLevel);
	for (std::size_t m = 0; m < MESSAGES; ++m)
	{
		std::string text = "[";
		while (text.size() < messageSize)
		{
			char record[256];
			std::snprintf(record, sizeof(record),
				"{\"device\":\"dev-%05u\",\"site\":\"%s\",\"kind\":\"%s\",\"value\":%u.%02u,\"ts\":%u,\"status\":\"%s\",\"seq\":%u},",
				next(20000), SITES[next(5)], KINDS[next(6)], next(1000), next(100), 1764000000u + next(100000),
				next(10) == 0 ? "degraded" : "ok", next(1000000));
			text += record;
		}
		text.resize(messageSize);
		std::string compressed;
		deflater.compress(text.data(), text.size(), compressed, false);
		_messages.push_back(std::move(text));
		_compressed.push_back(std::move(compressed));
	}
}


} // namespace pocows
