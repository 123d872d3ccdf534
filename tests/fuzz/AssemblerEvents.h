//
// AssemblerEvents.h
//
// What a message assembler makes of a stream fed in pieces, for the fuzz targets.
//


#ifndef Pocows_AssemblerEvents_INCLUDED
#define Pocows_AssemblerEvents_INCLUDED


#include "rfc6455/MessageAssembler.h"
#include <cstddef>
#include <string>
#include <vector>


namespace pocows {


class AssemblerEvents
	/// Feeds a stream to an assembler in pieces and describes each event it
	/// reports, so that two splits of one stream can be compared. Aborts,
	/// as a fuzz target must, when the assembler breaks a rule that holds
	/// for any input: no progress without an event, a message over the
	/// limit, a text message that is not UTF-8.
{
public:
	static std::vector<std::string> of(MessageAssembler& assembler, const char* data, std::size_t size, std::size_t limit,
		const std::vector<std::size_t>& cuts);
		/// The pieces are cuts in turn, then the rest in one; the events end
		/// with the first error, after which the stream is over.

private:
	static std::string describe(MessageAssembler& assembler, std::size_t limit);
};


} // namespace pocows


#endif // Pocows_AssemblerEvents_INCLUDED
