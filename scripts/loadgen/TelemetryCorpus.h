//
// TelemetryCorpus.h
//
// The messages of the compression benchmark: JSON telemetry records.
//


#ifndef Pocows_TelemetryCorpus_INCLUDED
#define Pocows_TelemetryCorpus_INCLUDED


#include <cstddef>
#include <string>
#include <vector>


namespace pocows {


class TelemetryCorpus
	/// Telemetry as a dashboard feed carries it: each message an array of
	/// JSON records, alike in shape and differing in values, cut to the
	/// message size. The same seed gives the same messages in every run and
	/// every tool, so that compression ratios compare.
{
public:
	static const std::size_t MESSAGES = 64;

	TelemetryCorpus(std::size_t messageSize, int clientLevel);
		/// MESSAGES messages of messageSize bytes, each also compressed on
		/// its own (raw deflate, 15-bit window, memLevel 8) at clientLevel,
		/// as a permessage-deflate client without context takeover sends it.

	const std::string& message(std::size_t index) const;
		/// The message index % MESSAGES.

	const std::string& compressed(std::size_t index) const;
		/// Its compressed payload.

private:
	std::vector<std::string> _messages;
	std::vector<std::string> _compressed;
};


//
// inlines
//
inline const std::string& TelemetryCorpus::message(std::size_t index) const
{
	return _messages[index % MESSAGES];
}


inline const std::string& TelemetryCorpus::compressed(std::size_t index) const
{
	return _compressed[index % MESSAGES];
}


} // namespace pocows


#endif // Pocows_TelemetryCorpus_INCLUDED
