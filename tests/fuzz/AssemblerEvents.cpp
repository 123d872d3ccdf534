//
// AssemblerEvents.cpp
//


#include "AssemblerEvents.h"
#include "rfc6455/Utf8Validator.h"
#include <algorithm>
#include <cstdlib>


namespace pocows {


std::vector<std::string> AssemblerEvents::of(MessageAssembler& assembler, const char* data, std::size_t size, std::size_t limit,
	const std::vector<std::size_t>& cuts)
{
	std::vector<std::string> events;
	std::size_t offset = 0;
	std::size_t next = 0;
	while (offset < size)
	{
		const std::size_t end = next < cuts.size() ? std::min(size, offset + cuts[next++]) : size;
		while (offset < end)
		{
			const std::size_t used = assembler.feed(data + offset, end - offset);
			offset += used;
			if (assembler.event() == MessageAssembler::EVENT_NONE)
			{
				if (used == 0) std::abort();  // no progress without an event
				continue;
			}
			events.push_back(describe(assembler, limit));
			if (assembler.event() == MessageAssembler::EVENT_ERROR) return events;
		}
	}
	return events;
}


std::string AssemblerEvents::describe(MessageAssembler& assembler, std::size_t limit)
{
	const MessageAssembler::Event event = assembler.event();
	const std::string description = std::to_string(static_cast<int>(event)) + ":";
	if (event == MessageAssembler::EVENT_ERROR) return description + std::to_string(assembler.errorCode());
	if (event != MessageAssembler::EVENT_MESSAGE) return description + assembler.controlPayload();
	const std::string& message = assembler.message();
	if (message.size() > limit) std::abort();
	if (assembler.messageType() == Opcode::TEXT)
	{
		Utf8Validator validator;
		if (!validator.feed(message.data(), message.size()) || !validator.complete()) std::abort();
	}
	return description + std::to_string(assembler.messageCompressed()) + ":" + std::to_string(static_cast<int>(assembler.messageType())) + ":" + message;
}


} // namespace pocows
