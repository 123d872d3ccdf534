//
// CompressionTest.cpp
//
// permessage-deflate over real sockets: the server in-process, the tests'
// own client, deflater and inflater on the other end.
//


#include "support/TestDeflater.h"
#include "support/TestInflater.h"
#include "support/TestServer.h"
#include "support/TestWebSocketClient.h"
#include "Poco/Random.h"
#include <cppunit/extensions/HelperMacros.h>
#include <memory>
#include <string>


namespace pocows {


namespace
{
	const unsigned char CONT = 0x0, TEXT = 0x1, BINARY = 0x2, CLOSE = 0x8, PING = 0x9, PONG = 0xA;
	const unsigned char RSV1 = 0x4;
	const std::string BOTH_OFF = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";

	std::string request(const std::string& extensions, const std::string& protocols = "echo", const std::string& target = "/echo")
	{
		return TestWebSocketClient::handshakeRequest(protocols, extensions.empty() ? std::string() : "Sec-WebSocket-Extensions: " + extensions + "\r\n", target);
	}

	std::string telemetry(std::size_t size, unsigned seed)
		/// JSON-like text, compressible as such feeds are.
	{
		Poco::Random random;
		random.seed(seed);
		std::string text;
		while (text.size() < size)
		{
			text += "{\"sensor\":\"s-" + std::to_string(random.next(50)) + "\",\"value\":" + std::to_string(random.next(100000))
				+ ",\"unit\":\"°C\",\"ok\":" + (random.next(2) ? "true" : "false") + "}\n";
		}
		// Cut at a character boundary: ° is two bytes.
		text.resize(size);
		while (!text.empty() && (static_cast<unsigned char>(text.back()) & 0xC0) == 0x80) text.back() = 'x';
		if (!text.empty() && static_cast<unsigned char>(text.back()) >= 0xC0) text.back() = 'x';
		return text;
	}

	std::string noise(std::size_t size, unsigned seed)
	{
		Poco::Random random;
		random.seed(seed);
		std::string bytes(size, '\0');
		for (char& c: bytes) c = static_cast<char>(random.next(256));
		return bytes;
	}

	struct Peer
		/// A client with compression as negotiated, and the server's side of it.
	{
		Peer(Poco::UInt16 port, const std::string& extensions, int clientBits, bool clientTakeover, int serverBits, bool serverTakeover, const std::string& protocols = "echo", const std::string& target = "/echo"):
			client(port, request(extensions, protocols, target), true),
			deflater(clientBits, clientTakeover),
			inflater(serverBits, serverTakeover)
		{
			client.setTimeout(Poco::Timespan(30, 0));
		}

		void sendCompressed(unsigned char opcode, const std::string& message, std::size_t fragments = 1)
			/// With pings between the fragments.
		{
			const std::string payload = deflater.compress(message);
			const std::size_t piece = payload.size()/fragments + 1;
			std::string bytes;
			for (std::size_t i = 0; i < fragments; ++i)
			{
				const std::size_t start = std::min(payload.size(), i*piece);
				const std::string part = payload.substr(start, i + 1 == fragments ? std::string::npos : piece);
				bytes += TestWebSocketClient::frame(i == 0 ? opcode : CONT, part, i + 1 == fragments, i == 0 ? RSV1 : 0);
				if (i + 1 < fragments) bytes += TestWebSocketClient::frame(PING, "between");
			}
			client.sendRaw(bytes);
			for (std::size_t i = 1; i < fragments; ++i)
			{
				const TestWebSocketClient::Frame pong = client.receive();
				CPPUNIT_ASSERT_EQUAL(static_cast<int>(PONG), static_cast<int>(pong.opcode));
			}
		}

		std::string receiveMessage(unsigned char opcode, bool& compressed)
		{
			const TestWebSocketClient::Frame frame = client.receive();
			CPPUNIT_ASSERT(frame.fin);
			CPPUNIT_ASSERT_EQUAL(static_cast<int>(opcode), static_cast<int>(frame.opcode));
			CPPUNIT_ASSERT((frame.rsv & ~RSV1) == 0);
			compressed = (frame.rsv & RSV1) != 0;
			return compressed ? inflater.inflate(frame.payload) : frame.payload;
		}

		TestWebSocketClient client;
		TestDeflater deflater;
		TestInflater inflater;
	};

	std::unique_ptr<TestServer> startServer(bool contextTakeover, bool enabled = true)
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.maxMessageSize = 16*1024*1024;
		settings.webSocket.deflate.enabled = enabled;
		settings.webSocket.deflate.contextTakeover = contextTakeover;
		return std::make_unique<TestServer>(settings);
	}

	TestWebSocketClient::Frame expectClose(TestWebSocketClient& client, unsigned short code)
	{
		TestWebSocketClient::Frame frame = client.receive();
		while (frame.opcode == PING || frame.opcode == PONG) frame = client.receive();
		CPPUNIT_ASSERT_EQUAL(static_cast<int>(CLOSE), static_cast<int>(frame.opcode));
		CPPUNIT_ASSERT_EQUAL(code, frame.closeCode());
		return frame;
	}
}


class CompressionTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(CompressionTest);
	CPPUNIT_TEST(testNegotiatedInTheHandshake);
	CPPUNIT_TEST(testEchoWithoutContextTakeover);
	CPPUNIT_TEST(testEchoWithContextTakeover);
	CPPUNIT_TEST(testUncompressedMessagesStillWork);
	CPPUNIT_TEST(testDecompressionBomb);
	CPPUNIT_TEST(testRsv1Violations);
	CPPUNIT_TEST(testCorruptData);
	CPPUNIT_TEST(testRoomCompressesOnceForMany);
	CPPUNIT_TEST_SUITE_END();

public:
	void testNegotiatedInTheHandshake()
	{
		const auto server = startServer(false);
		const Poco::UInt16 port = server->port();
		TestWebSocketClient chromium(port, request("permessage-deflate; client_max_window_bits"), true);
		CPPUNIT_ASSERT_EQUAL(101, chromium.status());
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF, chromium.header("Sec-WebSocket-Extensions"));
		TestWebSocketClient small(port, request("x-unknown, permessage-deflate; server_max_window_bits=8, permessage-deflate; server_max_window_bits=10"), true);
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=10", small.header("Sec-WebSocket-Extensions"));
		// Declined offers leave an uncompressed session, not a refused one.
		TestWebSocketClient bogus(port, request("permessage-deflate; bogus"), true);
		CPPUNIT_ASSERT_EQUAL(101, bogus.status());
		CPPUNIT_ASSERT_EQUAL(std::string(), bogus.header("Sec-WebSocket-Extensions"));
		CPPUNIT_ASSERT_EQUAL(std::string("plain"), bogus.echo(TEXT, "plain"));
		// Two headers are one list.
		TestWebSocketClient two(port, TestWebSocketClient::handshakeRequest("echo",
			"Sec-WebSocket-Extensions: permessage-deflate; mux\r\nSec-WebSocket-Extensions: permessage-deflate; server_max_window_bits=12\r\n"), true);
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=12", two.header("Sec-WebSocket-Extensions"));

		const auto off = startServer(false, false);
		TestWebSocketClient declined(off->port(), request("permessage-deflate"), true);
		CPPUNIT_ASSERT_EQUAL(101, declined.status());
		CPPUNIT_ASSERT_EQUAL(std::string(), declined.header("Sec-WebSocket-Extensions"));
	}

	void testEchoWithoutContextTakeover()
	{
		const auto server = startServer(false);
		for (int bits: {9, 15})
		{
			const std::string offer = "permessage-deflate; client_max_window_bits; server_max_window_bits=" + std::to_string(bits);
			Peer peer(server->port(), offer, bits, false, bits, false);
			CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=" + std::to_string(bits), peer.client.header("Sec-WebSocket-Extensions"));
			echoSizeMatrix(peer);
		}
	}

	void testEchoWithContextTakeover()
	{
		const auto server = startServer(true);
		for (int bits: {9, 15})
		{
			const std::string offer = "permessage-deflate; client_max_window_bits=" + std::to_string(bits) + "; server_max_window_bits=" + std::to_string(bits);
			Peer peer(server->port(), offer, bits, true, bits, true);
			CPPUNIT_ASSERT_EQUAL("permessage-deflate; server_max_window_bits=" + std::to_string(bits) + "; client_max_window_bits=" + std::to_string(bits),
				peer.client.header("Sec-WebSocket-Extensions"));
			echoSizeMatrix(peer);
		}
	}

	void testUncompressedMessagesStillWork()
	{
		// A client may send any message uncompressed; small replies come back so.
		const auto server = startServer(false);
		Peer peer(server->port(), "permessage-deflate", 15, false, 15, false);
		bool compressed = true;
		peer.client.send(TEXT, "short");
		CPPUNIT_ASSERT_EQUAL(std::string("short"), peer.receiveMessage(TEXT, compressed));
		CPPUNIT_ASSERT(!compressed);
		const std::string text = telemetry(5000, 3);
		peer.client.send(TEXT, text);
		CPPUNIT_ASSERT(peer.receiveMessage(TEXT, compressed) == text);
		CPPUNIT_ASSERT(compressed);
	}

	void testDecompressionBomb()
	{
		ServerSettings settings = TestServer::defaultSettings();
		settings.webSocket.maxMessageSize = 1024*1024;
		TestServer server(settings);
		Peer peer(server.port(), "permessage-deflate", 15, false, 15, false);
		// About 100 KiB on the wire, 100 MiB inflated.
		const std::string bomb = TestDeflater::once(std::string(100u << 20, 'A'));
		CPPUNIT_ASSERT(bomb.size() < 200*1024);
		peer.client.sendRaw(TestWebSocketClient::frame(BINARY, bomb, true, RSV1));
		const TestWebSocketClient::Frame close = expectClose(peer.client, 1009);
		CPPUNIT_ASSERT(close.closeReason().find("inflates to more than 1048576") != std::string::npos);
	}

	void testRsv1Violations()
	{
		const auto server = startServer(false);
		const Poco::UInt16 port = server->port();
		{
			Peer peer(port, "permessage-deflate", 15, false, 15, false);
			const std::string payload = TestDeflater::once("abcdef");
			peer.client.sendRaw(TestWebSocketClient::frame(TEXT, payload.substr(0, 2), false, RSV1) + TestWebSocketClient::frame(CONT, payload.substr(2), true, RSV1));
			expectClose(peer.client, 1002);
		}
		{
			Peer peer(port, "permessage-deflate", 15, false, 15, false);
			peer.client.sendRaw(TestWebSocketClient::frame(PING, "", true, RSV1));
			expectClose(peer.client, 1002);
		}
		{
			Peer peer(port, "permessage-deflate", 15, false, 15, false);
			peer.client.sendRaw(TestWebSocketClient::frame(TEXT, "x", true, 0x2));
			expectClose(peer.client, 1002);
		}
		{
			// Not negotiated: RSV1 is a reserved bit like the others.
			TestWebSocketClient client(port);
			client.sendRaw(TestWebSocketClient::frame(TEXT, TestDeflater::once("abc"), true, RSV1));
			expectClose(client, 1002);
		}
	}

	void testCorruptData()
	{
		const auto server = startServer(false);
		Peer peer(server->port(), "permessage-deflate", 15, false, 15, false);
		peer.client.sendRaw(TestWebSocketClient::frame(BINARY, std::string("\x07\x00\x11", 3), true, RSV1));
		expectClose(peer.client, 1007);
		Peer text(server->port(), "permessage-deflate", 15, false, 15, false);
		text.sendCompressed(TEXT, "valid until \xFF here");
		expectClose(text.client, 1007);
	}

	void testRoomCompressesOnceForMany()
	{
		const auto server = startServer(false);
		const Poco::UInt16 port = server->port();
		Peer first(port, "permessage-deflate", 15, false, 15, false, "", "/broadcast");
		Peer second(port, "permessage-deflate; client_max_window_bits", 15, false, 15, false, "", "/broadcast");
		Peer narrow(port, "permessage-deflate; server_max_window_bits=10", 15, false, 10, false, "", "/broadcast");
		TestWebSocketClient plain(port, request("", "", "/broadcast"), true);
		CPPUNIT_ASSERT_EQUAL(101, plain.status());
		// Each has joined once its handshake is answered; a round trip makes sure.
		plain.send(TEXT, "hello");
		for (Peer* peer: {&first, &second, &narrow})
		{
			bool compressed = true;
			CPPUNIT_ASSERT_EQUAL(std::string("hello"), peer->receiveMessage(TEXT, compressed));
			CPPUNIT_ASSERT(!compressed);
		}
		CPPUNIT_ASSERT_EQUAL(std::string("hello"), plain.receive().payload);

		const std::string text = telemetry(8000, 11);
		first.sendCompressed(TEXT, text, 3);
		std::string wire[2];
		for (int i = 0; i < 2; ++i)
		{
			const TestWebSocketClient::Frame frame = (i == 0 ? first : second).client.receive();
			CPPUNIT_ASSERT(frame.rsv == RSV1);
			wire[i] = frame.payload;
			CPPUNIT_ASSERT(TestInflater::once(frame.payload) == text);
		}
		// The same compressed bytes for both, and other ones for a 10-bit window.
		CPPUNIT_ASSERT(wire[0] == wire[1]);
		const TestWebSocketClient::Frame narrowFrame = narrow.client.receive();
		CPPUNIT_ASSERT(narrowFrame.rsv == RSV1);
		CPPUNIT_ASSERT(TestInflater::once(narrowFrame.payload, 10) == text);
		const TestWebSocketClient::Frame plainFrame = plain.receive();
		CPPUNIT_ASSERT(plainFrame.rsv == 0);
		CPPUNIT_ASSERT(plainFrame.payload == text);
		// Compressed twice, once per window size, for three members; inflated once.
		const std::string metrics = server->server().metrics().render(0, 0);
		CPPUNIT_ASSERT(metrics.find("pocows_websocket_deflate_messages_total{direction=\"out\"} 2\n") != std::string::npos);
		CPPUNIT_ASSERT(metrics.find("pocows_websocket_deflate_messages_total{direction=\"in\"} 1\n") != std::string::npos);
		CPPUNIT_ASSERT(metrics.find("pocows_websocket_deflate_bytes_total{direction=\"out\",form=\"plain\"} 16000\n") != std::string::npos);
	}

private:
	void echoSizeMatrix(Peer& peer)
	{
		unsigned seed = 1;
		for (std::size_t size: {0u, 1u, 127u, 128u, 4096u, 65539u, 1024u*1024u, 16u*1024u*1024u})
		{
			for (unsigned char opcode: {TEXT, BINARY})
			{
				const std::string message = opcode == TEXT ? telemetry(size, seed++) : (size % 2 ? noise(size, seed++) : telemetry(size, seed++));
				for (std::size_t fragments: {std::size_t(1), std::size_t(3)})
				{
					if (size == 16u*1024u*1024u && (fragments == 3 || opcode == BINARY)) continue;
					peer.sendCompressed(opcode, message, fragments);
					bool compressed = false;
					const std::string reply = peer.receiveMessage(opcode, compressed);
					CPPUNIT_ASSERT_MESSAGE(std::to_string(size), reply == message);
					// Compressed from the threshold (128 bytes) up.
					CPPUNIT_ASSERT_EQUAL_MESSAGE(std::to_string(size), size >= 128, compressed);
				}
			}
		}
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(CompressionTest, "Compression");


} // namespace pocows
