//
// MessageAssemblerFuzzer.cpp
//
// libFuzzer target: the frame parser, message assembler and UTF-8 validator
// fed arbitrary bytes, split at arbitrary points.
//
// The first input byte picks the size limit, the next ones where the stream is
// split; the rest is the stream. Whatever the split, the events must be the
// same as for the stream fed whole; every text message must be valid UTF-8;
// no message may exceed the limit; nothing may follow an error.
//


#include "AssemblerEvents.h"
#include "rfc6455/MessageAssembler.h"
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>


namespace
{
	std::vector<std::string> run(const std::uint8_t* data, std::size_t size, std::size_t limit, const std::vector<std::size_t>& cuts)
	{
		pocows::MessageAssembler assembler(limit);
		return pocows::AssemblerEvents::of(assembler, reinterpret_cast<const char*>(data), size, limit, cuts);
	}
}


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	if (size < 4) return 0;
	const std::size_t limit = 1 + data[0]*64;
	std::vector<std::size_t> cuts;
	for (std::size_t i = 1; i < 4; ++i) cuts.push_back(1 + data[i] % 17);
	data += 4;
	size -= 4;
	const std::vector<std::string> whole = run(data, size, limit, {});
	const std::vector<std::string> split = run(data, size, limit, cuts);
	if (whole != split) std::abort();
	return 0;
}
