//
// InflatingAssemblerFuzzer.cpp
//
// libFuzzer target: the message assembler with permessage-deflate, fed
// client frames whose payloads (compressed or not) come from the input,
// split at arbitrary points.
//
// The first byte picks the size limit and whether the client keeps its
// compression context; the next three, where the stream is split. The rest
// is a list of frames, each a flags byte (opcode, FIN, RSV1), a length byte
// and that many payload bytes, which are masked here: so the fuzzer works on
// deflate data and frame sequences rather than on getting masks right. The
// frames are also fed raw, as they come, to reach the header checks. Whatever
// the split, the events must be the same as for the stream fed whole; every
// text message must be valid UTF-8; no message may exceed the limit; nothing
// may follow an error.
//


#include "AssemblerEvents.h"
#include "rfc6455/MessageAssembler.h"
#include "rfc6455/ZlibStreamPool.h"
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>


namespace
{
	pocows::ZlibStreamPool& pool()
	{
		static pocows::ZlibStreamPool streams(8, 1);
		return streams;
	}

	std::string framesOf(const std::uint8_t* data, std::size_t size)
	{
		static const unsigned char OPCODES[] = {0x0, 0x1, 0x2, 0x9, 0xA, 0x8, 0x0, 0x1};
		static const unsigned char MASK[] = {0x37, 0xfa, 0x21, 0x3d};
		std::string stream;
		std::size_t i = 0;
		while (i + 2 <= size)
		{
			const unsigned char flags = data[i];
			std::size_t length = data[i + 1];
			i += 2;
			if (length > size - i) length = size - i;
			const unsigned char opcode = OPCODES[flags & 0x7];
			const bool fin = (flags & 0x8) == 0;
			const bool rsv1 = (flags & 0x10) != 0;
			stream += static_cast<char>((fin ? 0x80 : 0) | (rsv1 ? 0x40 : 0) | opcode);
			if (length < 126)
				stream += static_cast<char>(0x80 | length);
			else
			{
				stream += static_cast<char>(0x80 | 126);
				stream += static_cast<char>(0);
				stream += static_cast<char>(length);
			}
			stream.append(reinterpret_cast<const char*>(MASK), 4);
			for (std::size_t k = 0; k < length; ++k) stream += static_cast<char>(data[i + k] ^ MASK[k % 4]);
			i += length;
		}
		return stream;
	}

	std::vector<std::string> run(const std::string& stream, std::size_t limit, bool takeover, const std::vector<std::size_t>& cuts)
	{
		pocows::MessageAssembler assembler(limit);
		pocows::DeflateParameters parameters;
		parameters.clientNoContextTakeover = !takeover;
		assembler.enableInflate(pool(), parameters);
		return pocows::AssemblerEvents::of(assembler, stream.data(), stream.size(), limit, cuts);
	}

	void check(const std::string& stream, std::size_t limit, bool takeover, const std::vector<std::size_t>& cuts)
	{
		if (run(stream, limit, takeover, {}) != run(stream, limit, takeover, cuts)) std::abort();
	}
}


extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size)
{
	if (size < 4) return 0;
	const std::size_t limit = 1 + (data[0] >> 1)*512;
	const bool takeover = (data[0] & 1) != 0;
	std::vector<std::size_t> cuts;
	for (std::size_t i = 1; i < 4; ++i) cuts.push_back(1 + data[i] % 17);
	data += 4;
	size -= 4;
	check(framesOf(data, size), limit, takeover, cuts);
	check(std::string(reinterpret_cast<const char*>(data), size), limit, takeover, cuts);
	return 0;
}
