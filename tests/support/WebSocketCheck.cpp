//
// WebSocketCheck.cpp
//
// pocows-websocket-check: checks one aspect of a running pocows's /echo
// (or /chat) service from outside, for scripts/test-windows (which runs the
// server under Wine and this client natively). Exits 0 if the check holds; says
// why not on standard error otherwise.
//


#include "support/TestWebSocketClient.h"
#include "Poco/Exception.h"
#include "Poco/JSON/Object.h"
#include "Poco/JSON/Parser.h"
#include "Poco/NumberParser.h"
#include "Poco/Timespan.h"
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <sstream>
#include <string>
#include <vector>


using pocows::TestWebSocketClient;


namespace
{
	const unsigned char TEXT = 0x1;
	const unsigned char BINARY = 0x2;
	const unsigned char CONTINUATION = 0x0;
	const unsigned char CLOSE = 0x8;
	const unsigned char PING = 0x9;
	const unsigned char PONG = 0xA;

	// RFC 6455, section 1.3: the accept value for TestWebSocketClient::SAMPLE_KEY.
	const std::string SAMPLE_ACCEPT("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");

	void usage()
	{
		std::fprintf(stderr,
			"usage: pocows-websocket-check CHECK --port=PORT [--wait=SECONDS]\n"
			"  text        a UTF-8 text message comes back unchanged\n"
			"  binary      a 100000-byte binary message (every byte value) comes back unchanged\n"
			"  fragmented  a text message in three fragments, a ping between them, comes back whole\n"
			"  ping        a ping is answered by a pong with the same payload\n"
			"  close       a close 1000 is answered by a close 1000, then the end of the stream\n"
			"  going-away  after one echo, prints \"ready\" and waits (--wait, default 60 s) for\n"
			"              the server to close with 1001, as it does when it stops\n"
			"  chat        two /chat clients in one room see each other join and talk, in one order\n");
	}

	void expect(bool condition, const std::string& what)
	{
		if (!condition) throw Poco::AssertionViolationException(what);
	}

	void expectUpgrade(const TestWebSocketClient& client)
	{
		expect(client.status() == 101, "handshake answered " + std::to_string(client.status()) + ", not 101");
		expect(client.header("Sec-WebSocket-Accept") == SAMPLE_ACCEPT, "wrong Sec-WebSocket-Accept: " + client.header("Sec-WebSocket-Accept"));
		expect(client.header("Sec-WebSocket-Protocol") == "echo", "subprotocol is not echo: " + client.header("Sec-WebSocket-Protocol"));
	}

	void expectEcho(TestWebSocketClient& client, unsigned char opcode, const std::string& payload)
	{
		expect(client.echo(opcode, payload) == payload, "the echo differs from the message");
	}

	void checkText(TestWebSocketClient& client)
	{
		expectEcho(client, TEXT, "pocows on Windows: gr\xC3\xBC\xC3\x9F" "e, \xE2\x82\xAC, \xF0\x9F\x98\x80");
	}

	void checkBinary(TestWebSocketClient& client)
	{
		// Longer than 65535 bytes: the frame needs the 64-bit length.
		std::string payload(100000, '\0');
		for (std::size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>((i*7 + i/256) & 0xFF);
		expectEcho(client, BINARY, payload);
	}

	void checkFragmented(TestWebSocketClient& client)
	{
		client.send(TEXT, "one, ", false);
		client.send(PING, "between fragments");
		client.send(CONTINUATION, "two, ", false);
		client.send(CONTINUATION, "three");
		const TestWebSocketClient::Frame pong = client.receive();
		expect(pong.opcode == PONG && pong.payload == "between fragments", "no pong for the ping between the fragments");
		std::string message;
		TestWebSocketClient::Frame frame = client.receive();
		expect(frame.opcode == TEXT, "the echo does not start with a text frame");
		message += frame.payload;
		while (!frame.fin)
		{
			frame = client.receive();
			expect(frame.opcode == CONTINUATION, "the echo goes on with a frame that is not a continuation");
			message += frame.payload;
		}
		expect(message == "one, two, three", "the reassembled echo is \"" + message + "\"");
	}

	void checkPing(TestWebSocketClient& client)
	{
		client.send(PING, "are you there?");
		const TestWebSocketClient::Frame pong = client.receive();
		expect(pong.opcode == PONG, "the answer to a ping is not a pong");
		expect(pong.payload == "are you there?", "the pong's payload differs from the ping's");
	}

	void checkClose(TestWebSocketClient& client)
	{
		client.send(CLOSE, TestWebSocketClient::closePayload(1000, "done"));
		const TestWebSocketClient::Frame reply = client.receive();
		expect(reply.opcode == CLOSE, "the answer to a close is not a close");
		expect(reply.closeCode() == 1000, "the close answer has code " + std::to_string(reply.closeCode()));
		expect(client.receiveEnd(), "the server does not end the stream after the close");
	}

	void checkGoingAway(TestWebSocketClient& client, int waitSeconds)
	{
		expectEcho(client, TEXT, "connected");
		std::cout << "ready" << std::endl;
		client.setTimeout(Poco::Timespan(waitSeconds, 0));
		TestWebSocketClient::Frame frame = client.receive();
		// Pings of the server's own keep-alive may come first.
		while (frame.opcode == PING)
		{
			client.send(PONG, frame.payload);
			frame = client.receive();
		}
		expect(frame.opcode == CLOSE, "the server sent a frame that is not a close");
		std::cout << "close " << frame.closeCode() << " " << frame.closeReason() << std::endl;
		expect(frame.closeCode() == 1001, "the close code is " + std::to_string(frame.closeCode()) + ", not 1001");
		client.send(CLOSE, TestWebSocketClient::closePayload(1001));
	}

	Poco::JSON::Object::Ptr nextChatMessage(TestWebSocketClient& client, const std::string& type)
	{
		const TestWebSocketClient::Frame frame = client.receive();
		expect(frame.opcode == TEXT, "the chat sent a frame that is not text");
		Poco::JSON::Parser parser;
		const Poco::JSON::Object::Ptr message = parser.parse(frame.payload).extract<Poco::JSON::Object::Ptr>();
		expect(message->getValue<std::string>("type") == type, "expected a chat " + type + ", got " + frame.payload);
		return message;
	}

	std::string chatLine(const std::string& text)
	{
		Poco::JSON::Object line;
		line.set("type", "message");
		line.set("text", text);
		std::ostringstream out;
		line.stringify(out);
		return out.str();
	}

	void checkChat(unsigned port)
	{
		auto join = [port](const std::string& nick)
		{
			auto client = std::make_unique<TestWebSocketClient>(static_cast<Poco::UInt16>(port),
				TestWebSocketClient::handshakeRequest("chat", std::string(), "/chat?room=wine&nick=" + nick), true);
			expect(client->status() == 101, "the chat handshake was answered " + std::to_string(client->status()));
			expect(nextChatMessage(*client, "welcome")->getValue<std::string>("nick") == nick, "the welcome names another nick");
			expect(nextChatMessage(*client, "join")->getValue<std::string>("nick") == nick, "the first join notice is not one's own");
			return client;
		};
		auto ada = join("ada");
		auto bob = join("bob");
		expect(nextChatMessage(*ada, "join")->getValue<std::string>("nick") == "bob", "ada does not see bob join");
		ada->send(TEXT, chatLine("hello, bob"));
		bob->send(TEXT, chatLine("hello, ada \xE2\x82\xAC"));
		std::vector<std::string> seen[2];
		for (int i = 0; i < 2; ++i)
		{
			for (TestWebSocketClient* client: {ada.get(), bob.get()})
			{
				const Poco::JSON::Object::Ptr line = nextChatMessage(*client, "message");
				seen[client == ada.get() ? 0 : 1].push_back(line->getValue<std::string>("from") + ": " + line->getValue<std::string>("text"));
			}
		}
		expect(seen[0] == seen[1], "ada and bob saw the lines in different orders");
		expect((seen[0][0] == "ada: hello, bob" && seen[0][1] == "bob: hello, ada \xE2\x82\xAC") || (seen[0][1] == "ada: hello, bob" && seen[0][0] == "bob: hello, ada \xE2\x82\xAC"),
			"the lines came back changed: " + seen[0][0] + " / " + seen[0][1]);
		bob->send(CLOSE, TestWebSocketClient::closePayload(1000));
		expect(nextChatMessage(*ada, "leave")->getValue<std::string>("nick") == "bob", "ada does not see bob leave");
	}
}


int main(int argc, char** argv)
{
	if (argc < 3)
	{
		usage();
		return 2;
	}
	const std::string check = argv[1];
	unsigned port = 0;
	int waitSeconds = 60;
	for (int i = 2; i < argc; ++i)
	{
		const std::string argument = argv[i];
		if (argument.rfind("--port=", 0) == 0 && Poco::NumberParser::tryParseUnsigned(argument.substr(7), port) && port > 0 && port < 65536) continue;
		if (argument.rfind("--wait=", 0) == 0 && Poco::NumberParser::tryParse(argument.substr(7), waitSeconds) && waitSeconds > 0) continue;
		usage();
		return 2;
	}
	if (port == 0)
	{
		usage();
		return 2;
	}
	try
	{
		if (check == "chat")
		{
			checkChat(port);
			return 0;
		}
		TestWebSocketClient client(static_cast<Poco::UInt16>(port));
		expectUpgrade(client);
		if (check == "text") checkText(client);
		else if (check == "binary") checkBinary(client);
		else if (check == "fragmented") checkFragmented(client);
		else if (check == "ping") checkPing(client);
		else if (check == "close") checkClose(client);
		else if (check == "going-away") checkGoingAway(client, waitSeconds);
		else
		{
			usage();
			return 2;
		}
	}
	catch (Poco::Exception& exc)
	{
		std::cerr << "pocows-websocket-check " << check << ": " << exc.displayText() << std::endl;
		return 1;
	}
	return 0;
}
