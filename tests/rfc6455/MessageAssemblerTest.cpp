//
// MessageAssemblerTest.cpp
//


#include "rfc6455/MessageAssembler.h"
#include "support/TestWebSocketClient.h"
#include <cppunit/extensions/HelperMacros.h>
#include <string>
#include <vector>


namespace pocows {


namespace
{
	const unsigned char CONT = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;

	std::string frame(unsigned char opcode, const std::string& payload, bool fin = true)
	{
		return TestWebSocketClient::frame(opcode, payload, fin);
	}

	std::string describe(MessageAssembler& assembler)
	{
		switch (assembler.event())
		{
		case MessageAssembler::EVENT_MESSAGE:
			return std::string(assembler.messageType() == Opcode::TEXT ? "text:" : "binary:") + assembler.message();
		case MessageAssembler::EVENT_PING:
			return "ping:" + assembler.controlPayload();
		case MessageAssembler::EVENT_PONG:
			return "pong:" + assembler.controlPayload();
		case MessageAssembler::EVENT_CLOSE:
			return "close:" + std::to_string(assembler.closeCode()) + ":" + assembler.closeReason();
		case MessageAssembler::EVENT_ERROR:
			return "error:" + std::to_string(assembler.errorCode());
		default:
			return "none";
		}
	}

	std::vector<std::string> run(const std::string& input, std::size_t chunk, std::size_t maxMessageSize = 1 << 20)
		/// Feeds input in pieces of chunk bytes and lists the events, stopping at an error.
	{
		MessageAssembler assembler(maxMessageSize);
		std::vector<std::string> events;
		for (std::size_t offset = 0; offset < input.size(); offset += chunk)
		{
			const std::string piece = input.substr(offset, chunk);
			std::size_t used = 0;
			while (used < piece.size())
			{
				used += assembler.feed(piece.data() + used, piece.size() - used);
				if (assembler.event() == MessageAssembler::EVENT_NONE) continue;
				events.push_back(describe(assembler));
				if (assembler.event() == MessageAssembler::EVENT_ERROR) return events;
			}
		}
		return events;
	}

	std::vector<std::string> runEverySplit(const std::string& input, std::size_t maxMessageSize = 1 << 20)
		/// The events must not depend on how the input is split.
	{
		const std::vector<std::string> whole = run(input, input.size() ? input.size() : 1, maxMessageSize);
		for (std::size_t chunk: {1u, 2u, 3u, 7u, 64u})
		{
			CPPUNIT_ASSERT(run(input, chunk, maxMessageSize) == whole);
		}
		return whole;
	}

	std::vector<std::string> events(std::initializer_list<std::string> list)
	{
		return std::vector<std::string>(list);
	}
}


class MessageAssemblerTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(MessageAssemblerTest);
	CPPUNIT_TEST(testSingleFrameMessages);
	CPPUNIT_TEST(testFragmentedMessageWithControlFramesBetween);
	CPPUNIT_TEST(testEmptyFragments);
	CPPUNIT_TEST(testUtf8SplitAcrossFragments);
	CPPUNIT_TEST(testInvalidUtf8FailsFast);
	CPPUNIT_TEST(testTextEndingInsideSequence);
	CPPUNIT_TEST(testReservedBitsAndOpcodes);
	CPPUNIT_TEST(testUnmaskedFrame);
	CPPUNIT_TEST(testControlFrameRules);
	CPPUNIT_TEST(testFragmentOrder);
	CPPUNIT_TEST(testClosePayloads);
	CPPUNIT_TEST(testMessageSizeLimit);
	CPPUNIT_TEST(testNonMinimalLength);
	CPPUNIT_TEST(testLargeMessage);
	CPPUNIT_TEST_SUITE_END();

public:
	void testSingleFrameMessages()
	{
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "hello") + frame(BINARY, std::string("\x00\xFF", 2)) + frame(TEXT, ""))
			== events({"text:hello", std::string("binary:\x00\xFF", 9), "text:"}));
	}

	void testFragmentedMessageWithControlFramesBetween()
	{
		const std::string input = frame(TEXT, "Hel", false) + frame(PING, "p1") + frame(CONT, "lo, ", false)
			+ frame(PONG, "") + frame(CONT, "world") + frame(BINARY, "b");
		CPPUNIT_ASSERT(runEverySplit(input) == events({"ping:p1", "pong:", "text:Hello, world", "binary:b"}));
	}

	void testEmptyFragments()
	{
		const std::string input = frame(BINARY, "", false) + frame(CONT, "", false) + frame(CONT, "x", false) + frame(CONT, "");
		CPPUNIT_ASSERT(runEverySplit(input) == events({"binary:x"}));
	}

	void testUtf8SplitAcrossFragments()
	{
		const std::string euro = "\xE2\x82\xAC";
		const std::string input = frame(TEXT, "a" + euro.substr(0, 1), false) + frame(CONT, euro.substr(1, 1), false) + frame(CONT, euro.substr(2) + "b");
		CPPUNIT_ASSERT(runEverySplit(input) == events({"text:a" + euro + "b"}));
	}

	void testInvalidUtf8FailsFast()
	{
		// The first fragment already holds a byte no UTF-8 text can contain: the
		// error comes without waiting for the message to end.
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "ok\xFFmore", false)) == events({"error:1007"}));
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "\xED\xA0\x80")) == events({"error:1007"}));
		// Binary messages are not text: any bytes are fine.
		CPPUNIT_ASSERT(runEverySplit(frame(BINARY, "\xFF")) == events({"binary:\xFF"}));
	}

	void testTextEndingInsideSequence()
	{
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "a\xE2\x82")) == events({"error:1007"}));
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "a\xE2", false) + frame(CONT, "\x82")) == events({"error:1007"}));
	}

	void testReservedBitsAndOpcodes()
	{
		for (unsigned char rsv: {1, 2, 4, 7})
			CPPUNIT_ASSERT(runEverySplit(TestWebSocketClient::frame(TEXT, "x", true, rsv)) == events({"error:1002"}));
		for (unsigned char opcode: {3, 4, 5, 6, 7, 0xB, 0xC, 0xD, 0xE, 0xF})
			CPPUNIT_ASSERT(runEverySplit(frame(opcode, "")) == events({"error:1002"}));
	}

	void testUnmaskedFrame()
	{
		CPPUNIT_ASSERT(runEverySplit(TestWebSocketClient::frame(TEXT, "x", true, 0, false)) == events({"error:1002"}));
	}

	void testControlFrameRules()
	{
		CPPUNIT_ASSERT(runEverySplit(frame(PING, std::string(125, 'p'))) == events({"ping:" + std::string(125, 'p')}));
		CPPUNIT_ASSERT(runEverySplit(frame(PING, std::string(126, 'p'))) == events({"error:1002"}));
		CPPUNIT_ASSERT(runEverySplit(frame(PING, "p", false)) == events({"error:1002"}));
		CPPUNIT_ASSERT(runEverySplit(frame(CLOSE, "", false)) == events({"error:1002"}));
	}

	void testFragmentOrder()
	{
		CPPUNIT_ASSERT(runEverySplit(frame(CONT, "x")) == events({"error:1002"}));
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "a", false) + frame(TEXT, "b")) == events({"error:1002"}));
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "a") + frame(CONT, "b")) == events({"text:a", "error:1002"}));
	}

	void testClosePayloads()
	{
		CPPUNIT_ASSERT(runEverySplit(frame(CLOSE, "")) == events({"close:1005:"}));
		CPPUNIT_ASSERT(runEverySplit(frame(CLOSE, TestWebSocketClient::closePayload(1000, "bye"))) == events({"close:1000:bye"}));
		CPPUNIT_ASSERT(runEverySplit(frame(CLOSE, TestWebSocketClient::closePayload(4321))) == events({"close:4321:"}));
		CPPUNIT_ASSERT(runEverySplit(frame(CLOSE, "x")) == events({"error:1002"}));
		for (unsigned short code: {0, 999, 1004, 1005, 1006, 1015, 2000, 5000})
			CPPUNIT_ASSERT(runEverySplit(frame(CLOSE, TestWebSocketClient::closePayload(code))) == events({"error:1002"}));
		CPPUNIT_ASSERT(runEverySplit(frame(CLOSE, TestWebSocketClient::closePayload(1000, "\xC0\xAF"))) == events({"error:1007"}));
	}

	void testMessageSizeLimit()
	{
		CPPUNIT_ASSERT(runEverySplit(frame(BINARY, std::string(100, 'x')), 100) == events({"binary:" + std::string(100, 'x')}));
		CPPUNIT_ASSERT(runEverySplit(frame(BINARY, std::string(101, 'x')), 100) == events({"error:1009"}));
		// The limit applies to the reassembled message, and is enforced as soon
		// as a fragment's header announces too much.
		const std::string fragments = frame(TEXT, std::string(60, 'x'), false) + frame(CONT, std::string(41, 'x'));
		CPPUNIT_ASSERT(run(fragments, 60 + 6 + 2 + 4, 100) == events({"error:1009"}));
	}

	void testNonMinimalLength()
	{
		std::string header("\x81\xFE\x00\x05", 4);
		header.append("\x00\x00\x00\x00", 4);
		CPPUNIT_ASSERT(runEverySplit(header + "hello") == events({"error:1002"}));
	}

	void testLargeMessage()
	{
		std::string payload(3*65536 + 17, '\0');
		for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(i * 31 + 7);
		const std::string input = frame(BINARY, payload.substr(0, 70000), false) + frame(CONT, payload.substr(70000));
		CPPUNIT_ASSERT(run(input, 4096) == events({"binary:" + payload}));
		CPPUNIT_ASSERT(run(input, 1000000) == events({"binary:" + payload}));
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MessageAssemblerTest, "MessageAssembler");


} // namespace pocows
