//
// MessageAssemblerTest.cpp
//


#include "rfc6455/MessageAssembler.h"
#include "support/TestDeflater.h"
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
			return std::string(assembler.messageCompressed() ? "deflated " : "")
				+ (assembler.messageType() == Opcode::TEXT ? "text:" : "binary:") + assembler.message();
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

	ZlibStreamPool& testPool()
	{
		static ZlibStreamPool pool(8, 1);
		return pool;
	}

	std::vector<std::string> run(const std::string& input, std::size_t chunk, std::size_t maxMessageSize = 1 << 20, const DeflateParameters* deflate = nullptr)
		/// Feeds input in pieces of chunk bytes and lists the events, stopping at an error.
	{
		MessageAssembler assembler(maxMessageSize);
		if (deflate) assembler.enableInflate(testPool(), *deflate);
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

	std::vector<std::string> runEverySplit(const std::string& input, std::size_t maxMessageSize = 1 << 20, const DeflateParameters* deflate = nullptr)
		/// The events must not depend on how the input is split.
	{
		const std::vector<std::string> whole = run(input, input.size() ? input.size() : 1, maxMessageSize, deflate);
		for (std::size_t chunk: {1u, 2u, 3u, 7u, 64u})
		{
			CPPUNIT_ASSERT(run(input, chunk, maxMessageSize, deflate) == whole);
		}
		return whole;
	}

	const unsigned char RSV1 = 0x4;

	std::string deflated(unsigned char opcode, const std::string& payload, bool fin = true)
		/// A frame with RSV1 set: the first frame of a compressed message.
	{
		return TestWebSocketClient::frame(opcode, payload, fin, RSV1);
	}

	DeflateParameters withoutTakeover()
	{
		return DeflateParameters();
	}

	DeflateParameters withTakeover(int clientWindowBits)
	{
		DeflateParameters parameters;
		parameters.clientNoContextTakeover = false;
		parameters.clientWindowBits = clientWindowBits;
		return parameters;
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
	CPPUNIT_TEST(testCompressedMessages);
	CPPUNIT_TEST(testCompressedFragmentsWithControlFramesBetween);
	CPPUNIT_TEST(testCompressedWithContextTakeover);
	CPPUNIT_TEST(testRsv1Rules);
	CPPUNIT_TEST(testInflatedUtf8);
	CPPUNIT_TEST(testDecompressionBomb);
	CPPUNIT_TEST(testCorruptCompressedData);
	CPPUNIT_TEST(testLargeCompressedMessage);
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

	void testCompressedMessages()
	{
		const DeflateParameters deflate = withoutTakeover();
		const std::string text = "hello, hello, hello, compressed world";
		const std::string input = deflated(TEXT, TestDeflater::once(text)) + frame(TEXT, "plain")
			+ deflated(BINARY, TestDeflater::once(std::string("\x00\x01\x00\x01", 4))) + deflated(TEXT, std::string(1, '\0'));
		CPPUNIT_ASSERT(runEverySplit(input, 1 << 20, &deflate)
			== events({"deflated text:" + text, "text:plain", std::string("deflated binary:\x00\x01\x00\x01", 20), "deflated text:"}));
		// Every message on its own: the pool's streams serve them all.
		CPPUNIT_ASSERT(testPool().idleStreams() > 0);
	}

	void testCompressedFragmentsWithControlFramesBetween()
	{
		const DeflateParameters deflate = withoutTakeover();
		const std::string text = "Fragments of a compressed message, with pings between them, fragments, fragments.";
		const std::string payload = TestDeflater::once(text);
		const std::size_t third = payload.size()/3;
		const std::string input = deflated(TEXT, payload.substr(0, third), false) + frame(PING, "p") + frame(CONT, "", false)
			+ frame(CONT, payload.substr(third, third), false) + frame(PONG, "") + frame(CONT, payload.substr(2*third));
		CPPUNIT_ASSERT(runEverySplit(input, 1 << 20, &deflate) == events({"ping:p", "pong:", "deflated text:" + text}));
	}

	void testCompressedWithContextTakeover()
	{
		for (int bits: {9, 15})
		{
			const DeflateParameters deflate = withTakeover(bits);
			TestDeflater client(bits, true);
			std::string input;
			std::vector<std::string> expected;
			for (int i = 0; i < 5; ++i)
			{
				const std::string text = "the same words again and again, message " + std::to_string(i);
				input += deflated(TEXT, client.compress(text));
				expected.push_back("deflated text:" + text);
				// Uncompressed messages between leave the context alone.
				input += frame(TEXT, "plain");
				expected.push_back("text:plain");
			}
			CPPUNIT_ASSERT(run(input, input.size(), 1 << 20, &deflate) == expected);
			CPPUNIT_ASSERT(run(input, 5, 1 << 20, &deflate) == expected);
		}
	}

	void testRsv1Rules()
	{
		const DeflateParameters deflate = withoutTakeover();
		const std::string payload = TestDeflater::once("abc");
		// Without the extension, RSV1 means nothing.
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, payload)) == events({"error:1002"}));
		// With it: on the first frame only, never on a continuation or a control frame.
		CPPUNIT_ASSERT(runEverySplit(frame(TEXT, "a", false) + deflated(CONT, "b"), 1 << 20, &deflate) == events({"error:1002"}));
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, payload.substr(0, 1), false) + deflated(CONT, payload.substr(1)), 1 << 20, &deflate) == events({"error:1002"}));
		for (unsigned char control: {PING, PONG, CLOSE})
			CPPUNIT_ASSERT(runEverySplit(deflated(control, ""), 1 << 20, &deflate) == events({"error:1002"}));
		for (unsigned char rsv: {1, 2, 5, 6})
			CPPUNIT_ASSERT(runEverySplit(TestWebSocketClient::frame(TEXT, payload, true, rsv), 1 << 20, &deflate) == events({"error:1002"}));
	}

	void testInflatedUtf8()
	{
		const DeflateParameters deflate = withoutTakeover();
		// Checked as it inflates, whether the compressed frames split it or not.
		const std::string text = "caf\xC3\xA9 " + std::string(3000, 'x') + " \xE2\x82\xAC";
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, TestDeflater::once(text)), 1 << 20, &deflate) == events({"deflated text:" + text}));
		const std::string bad = std::string(3000, 'y') + "\xFF" + std::string(100000, 'z');
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, TestDeflater::once(bad)), 1 << 20, &deflate) == events({"error:1007"}));
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, TestDeflater::once("end\xE2\x82")), 1 << 20, &deflate) == events({"error:1007"}));
		// Binary is not text.
		CPPUNIT_ASSERT(runEverySplit(deflated(BINARY, TestDeflater::once("\xFF")), 1 << 20, &deflate) == events({"deflated binary:\xFF"}));
	}

	void testDecompressionBomb()
	{
		const DeflateParameters deflate = withoutTakeover();
		// 64 MiB of zeros in a frame of some 64 KiB, against a 1 MiB limit.
		const std::string bomb = TestDeflater::once(std::string(64u << 20, '\0'));
		CPPUNIT_ASSERT(run(deflated(BINARY, bomb), 4096, 1 << 20, &deflate) == events({"error:1009"}));
		CPPUNIT_ASSERT(run(deflated(BINARY, bomb), bomb.size() + 14, 1 << 20, &deflate) == events({"error:1009"}));
		// The inflated size is what counts: a message of exactly the limit passes.
		const std::string exact(1000, 'a');
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, TestDeflater::once(exact)), 1000, &deflate) == events({"deflated text:" + exact}));
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, TestDeflater::once(exact + "a")), 1000, &deflate) == events({"error:1009"}));
		// And what the frames carry may not pass it either.
		CPPUNIT_ASSERT(run(deflated(BINARY, std::string(2000, 'q'), false), 4096, 1000, &deflate) == events({"error:1009"}));
	}

	void testCorruptCompressedData()
	{
		const DeflateParameters deflate = withoutTakeover();
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, std::string("\x07\x00", 2)), 1 << 20, &deflate) == events({"error:1007"}));
		CPPUNIT_ASSERT(runEverySplit(deflated(BINARY, TestDeflater(15).compressFinal("done") + "more"), 1 << 20, &deflate) == events({"error:1007"}));
		// A valid message after a connection's worth of failures still inflates:
		// the failed one gave its stream back reset.
		const DeflateParameters again = withoutTakeover();
		CPPUNIT_ASSERT(runEverySplit(deflated(TEXT, TestDeflater::once("fine")), 1 << 20, &again) == events({"deflated text:fine"}));
	}

	void testLargeCompressedMessage()
	{
		const DeflateParameters deflate = withoutTakeover();
		std::string payload(3u << 20, '\0');
		for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>((i / 7) % 13 + 'a');
		const std::string compressed = TestDeflater::once(payload);
		const std::size_t half = compressed.size()/2;
		const std::string input = deflated(BINARY, compressed.substr(0, half), false) + frame(PING, "") + frame(CONT, compressed.substr(half));
		CPPUNIT_ASSERT(run(input, 4096, 16 << 20, &deflate) == events({"ping:", "deflated binary:" + payload}));
		CPPUNIT_ASSERT(run(input, 1 << 22, 16 << 20, &deflate) == events({"ping:", "deflated binary:" + payload}));
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(MessageAssemblerTest, "MessageAssembler");


} // namespace pocows
