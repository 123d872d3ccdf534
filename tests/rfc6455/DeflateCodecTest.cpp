//
// DeflateCodecTest.cpp
//
// The server's message codec against the tests' own deflater and inflater.
//


#include "rfc6455/MessageDeflater.h"
#include "rfc6455/MessageInflater.h"
#include "rfc6455/ZlibStreamPool.h"
#include "support/TestDeflater.h"
#include "support/TestInflater.h"
#include "Poco/Exception.h"
#include "Poco/Random.h"
#include <cppunit/extensions/HelperMacros.h>
#include <string>
#include <vector>


namespace pocows {


namespace
{
	std::string textOf(std::size_t size, unsigned seed = 1)
		/// Chat-like text: compressible, but not trivially.
	{
		static const char* const WORDS[] = {"hello", "room", "message", "{\"user\":", "\"text\":", "pocows", "deflate", "window", "\n", "ünïcödé"};
		Poco::Random random;
		random.seed(seed);
		std::string text;
		while (text.size() < size) text += std::string(WORDS[random.next(10)]) + " ";
		text.resize(size);
		return text;
	}

	std::string randomBytes(std::size_t size, unsigned seed = 2)
	{
		Poco::Random random;
		random.seed(seed);
		std::string bytes(size, '\0');
		for (char& c: bytes) c = static_cast<char>(random.next(256));
		return bytes;
	}

	MessageInflater::Result inflateInPieces(MessageInflater& inflater, const std::string& payload, std::size_t piece, std::string& message, std::size_t limit)
	{
		for (std::size_t offset = 0; offset < payload.size(); offset += piece)
		{
			const std::size_t n = std::min(piece, payload.size() - offset);
			const MessageInflater::Result result = inflater.inflate(payload.data() + offset, n, message, limit);
			if (result != MessageInflater::RESULT_OK) return result;
		}
		return inflater.finish(message, limit);
	}
}


class DeflateCodecTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DeflateCodecTest);
	CPPUNIT_TEST(testDeflaterOutputInflatesIndependently);
	CPPUNIT_TEST(testDeflaterKeepsToItsWindow);
	CPPUNIT_TEST(testDeflaterWithContext);
	CPPUNIT_TEST(testEmptyMessage);
	CPPUNIT_TEST(testInflaterOnEverySplit);
	CPPUNIT_TEST(testInflaterWithContext);
	CPPUNIT_TEST(testFinalBlockFromPeer);
	CPPUNIT_TEST(testInflaterLimit);
	CPPUNIT_TEST(testCorruptData);
	CPPUNIT_TEST(testPoolLendsAndKeepsStreams);
	CPPUNIT_TEST_SUITE_END();

public:
	void testDeflaterOutputInflatesIndependently()
	{
		for (int level: {1, 6, 9})
		{
			for (int memLevel: {1, 8, 9})
			{
				MessageDeflater deflater(15, memLevel, level);
				for (std::size_t size: {1u, 100u, 4096u, 70000u, 1u << 20})
				{
					for (const std::string& message: {textOf(size), randomBytes(size)})
					{
						std::string payload = "prefix";
						deflater.compress(message.data(), message.size(), payload, false);
						CPPUNIT_ASSERT(TestInflater::once(payload.substr(6)) == message);
					}
				}
			}
		}
		// Text compresses; what does not compress grows by little.
		MessageDeflater deflater(15, 8, 1);
		std::string text, noise;
		deflater.compress(textOf(4096).data(), 4096, text, false);
		deflater.compress(randomBytes(4096).data(), 4096, noise, false);
		CPPUNIT_ASSERT(text.size() < 4096/2);
		CPPUNIT_ASSERT(noise.size() < 4096 + 64);
	}

	void testDeflaterKeepsToItsWindow()
	{
		// Repeats 2000 bytes apart: a 9-bit window (512) cannot reach back to them.
		const std::string block = randomBytes(2000);
		const std::string message = block + block + block;
		for (int bits = 9; bits <= 15; ++bits)
		{
			MessageDeflater deflater(bits, 8, 6);
			std::string payload;
			deflater.compress(message.data(), message.size(), payload, false);
			CPPUNIT_ASSERT(TestInflater::once(payload, bits) == message);
		}
		// The check has teeth: a 15-bit stream of this does not inflate with a 9-bit window.
		MessageDeflater wide(15, 8, 6);
		std::string payload;
		wide.compress(message.data(), message.size(), payload, false);
		CPPUNIT_ASSERT_THROW(TestInflater::once(payload, 9), Poco::DataFormatException);
	}

	void testDeflaterWithContext()
	{
		MessageDeflater deflater(15, 8, 6);
		TestInflater inflater(15, true);
		const std::string message = textOf(2000, 7);
		std::string first, second;
		deflater.compress(message.data(), message.size(), first, true);
		deflater.compress(message.data(), message.size(), second, true);
		CPPUNIT_ASSERT(second.size() < first.size()/4);  // it refers back to the first
		CPPUNIT_ASSERT(inflater.inflate(first) == message);
		CPPUNIT_ASSERT(inflater.inflate(second) == message);
		CPPUNIT_ASSERT_THROW(TestInflater::once(second), Poco::DataFormatException);
	}

	void testEmptyMessage()
	{
		MessageDeflater deflater(15, 8, 6);
		std::string payload;
		deflater.compress("", 0, payload, false);
		// RFC 7692 section 7.2.3.6: an empty message compresses to one 0x00 byte.
		CPPUNIT_ASSERT_EQUAL(std::string(1, '\0'), payload);
		MessageInflater inflater;
		std::string message;
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(inflater, payload, 1, message, 10));
		CPPUNIT_ASSERT(message.empty());
		// Also between messages of a stream that keeps its context.
		MessageDeflater context(15, 8, 6);
		TestInflater peer(15, true);
		for (const std::string& text: {std::string("some text"), std::string(), std::string(), std::string("some text")})
		{
			std::string compressed;
			context.compress(text.data(), text.size(), compressed, true);
			CPPUNIT_ASSERT(peer.inflate(compressed) == text);
		}
	}

	void testInflaterOnEverySplit()
	{
		const std::string message = textOf(3000, 3) + randomBytes(500);
		const std::string payload = TestDeflater::once(message);
		MessageInflater inflater;
		for (std::size_t piece = 1; piece <= payload.size(); ++piece)
		{
			std::string out;
			CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(inflater, payload, piece, out, message.size()));
			CPPUNIT_ASSERT(out == message);
			inflater.reset();
		}
		// And a large one in uneven pieces.
		const std::string large = textOf(5u << 20, 4);
		const std::string largePayload = TestDeflater::once(large);
		for (std::size_t piece: {4095u, 65536u, 1u << 22})
		{
			std::string out;
			CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(inflater, largePayload, piece, out, large.size()));
			CPPUNIT_ASSERT(out == large);
			inflater.reset();
		}
	}

	void testInflaterWithContext()
	{
		for (int bits: {9, 15})
		{
			TestDeflater deflater(bits, true);
			MessageInflater inflater(bits);
			for (unsigned i = 0; i < 20; ++i)
			{
				const std::string message = textOf(100 + 300*i, i % 3);
				std::string out;
				CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(inflater, deflater.compress(message), 7, out, 1 << 20));
				CPPUNIT_ASSERT(out == message);
			}
		}
	}

	void testFinalBlockFromPeer()
	{
		// A peer may end a message with a final block; one that keeps its
		// context may still refer back across it.
		TestDeflater deflater(15, true);
		MessageInflater inflater;
		const std::string message = textOf(1500, 9);
		std::string out;
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(inflater, deflater.compressFinal(message), 5, out, 1 << 20));
		CPPUNIT_ASSERT(out == message);
		out.clear();
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(inflater, deflater.compress(message), 5, out, 1 << 20));
		CPPUNIT_ASSERT(out == message);
		// Data after the final block is not a deflate stream.
		inflater.reset();
		out.clear();
		const std::string trailing = TestDeflater(15).compressFinal(message) + "\x01\x02";
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_CORRUPT, inflateInPieces(inflater, trailing, 3, out, 1 << 20));
	}

	void testInflaterLimit()
	{
		// A bomb: 64 MiB of zeros compresses to about 64 KiB.
		const std::string zeros(64u << 20, '\0');
		const std::string bomb = TestDeflater::once(zeros);
		CPPUNIT_ASSERT(bomb.size() < 128*1024);
		MessageInflater inflater;
		std::string out;
		const std::size_t limit = 1 << 20;
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_TOO_BIG, inflateInPieces(inflater, bomb, bomb.size(), out, limit));
		CPPUNIT_ASSERT(out.size() <= limit);
		CPPUNIT_ASSERT(out.capacity() <= 2*limit);
		// Exactly at the limit is fine; one byte over is not.
		const std::string message = textOf(10000, 5);
		for (std::size_t piece: {1u, 100u, 100000u})
		{
			MessageInflater fits;
			std::string exact;
			CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(fits, TestDeflater::once(message), piece, exact, message.size()));
			MessageInflater over;
			std::string tooBig;
			CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_TOO_BIG, inflateInPieces(over, TestDeflater::once(message), piece, tooBig, message.size() - 1));
		}
	}

	void testCorruptData()
	{
		MessageInflater inflater;
		std::string out;
		// Block type 3 is reserved.
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_CORRUPT, inflateInPieces(inflater, std::string("\x07\x00", 2), 1, out, 1000));
		inflater.reset();
		out.clear();
		std::string payload = TestDeflater::once(textOf(5000));
		payload[payload.size()/2] ^= 0x5a;
		payload[payload.size()/2 + 1] ^= 0x33;
		const MessageInflater::Result result = inflateInPieces(inflater, payload, 64, out, 1 << 20);
		// A flipped bit may still decode, but never to the original.
		CPPUNIT_ASSERT(result == MessageInflater::RESULT_CORRUPT || out != textOf(5000));
		// A reset stream is whole again.
		inflater.reset();
		out.clear();
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(inflater, TestDeflater::once("again"), 2, out, 100));
		CPPUNIT_ASSERT_EQUAL(std::string("again"), out);
	}

	void testPoolLendsAndKeepsStreams()
	{
		ZlibStreamPool pool(8, 1, 2);
		CPPUNIT_ASSERT_EQUAL(std::size_t(0), pool.idleStreams());
		{
			ZlibStreamPool::Deflater a = pool.deflater(15);
			ZlibStreamPool::Deflater b = pool.deflater(15);
			ZlibStreamPool::Deflater c = pool.deflater(15);
			ZlibStreamPool::Deflater narrow = pool.deflater(10);
			CPPUNIT_ASSERT_EQUAL(10, narrow->windowBits());
			ZlibStreamPool::Inflater i = pool.inflater();
			std::string half;
			// An inflater given back in the middle of a message is reset.
			i->inflate(TestDeflater::once(textOf(3000)).data(), 100, half, 1 << 20);
		}
		// At most two of each kind are kept.
		CPPUNIT_ASSERT_EQUAL(std::size_t(4), pool.idleStreams());
		ZlibStreamPool::Inflater again = pool.inflater();
		std::string out;
		CPPUNIT_ASSERT_EQUAL(MessageInflater::RESULT_OK, inflateInPieces(*again, TestDeflater::once("fresh"), 3, out, 100));
		CPPUNIT_ASSERT_EQUAL(std::string("fresh"), out);
		CPPUNIT_ASSERT_THROW(pool.deflater(8 - 1), Poco::InvalidArgumentException);
		CPPUNIT_ASSERT_THROW(pool.deflater(16), Poco::InvalidArgumentException);
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(DeflateCodecTest, "DeflateCodec");


} // namespace pocows
