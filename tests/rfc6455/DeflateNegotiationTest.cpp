//
// DeflateNegotiationTest.cpp
//


#include "rfc6455/DeflateNegotiation.h"
#include "rfc6455/ExtensionOffer.h"
#include <cppunit/extensions/HelperMacros.h>
#include <string>


namespace pocows {


namespace
{
	DeflateSettings takeover(int windowBits = 15)
	{
		DeflateSettings settings;
		settings.contextTakeover = true;
		settings.windowBits = windowBits;
		return settings;
	}

	std::string answer(const std::string& header, const DeflateSettings& settings = DeflateSettings())
		/// The response to an offer, or "declined".
	{
		const DeflateNegotiation negotiation(ExtensionOffer::parseList(header), settings);
		return negotiation.accepted() ? negotiation.response() : "declined";
	}

	DeflateParameters agreed(const std::string& header, const DeflateSettings& settings = DeflateSettings())
	{
		const DeflateNegotiation negotiation(ExtensionOffer::parseList(header), settings);
		CPPUNIT_ASSERT(negotiation.accepted());
		return negotiation.parameters();
	}

	const std::string BOTH_OFF = "permessage-deflate; server_no_context_takeover; client_no_context_takeover";
}


class DeflateNegotiationTest: public CppUnit::TestFixture
{
	CPPUNIT_TEST_SUITE(DeflateNegotiationTest);
	CPPUNIT_TEST(testParsesOffersAndParameters);
	CPPUNIT_TEST(testMalformedElementsStandAlone);
	CPPUNIT_TEST(testBrowsersOffers);
	CPPUNIT_TEST(testDefaultModeAddsNoContextTakeover);
	CPPUNIT_TEST(testContextTakeoverMode);
	CPPUNIT_TEST(testServerWindowBits);
	CPPUNIT_TEST(testClientWindowBits);
	CPPUNIT_TEST(testEveryCombination);
	CPPUNIT_TEST(testInvalidOffersAreDeclined);
	CPPUNIT_TEST(testFirstAcceptableOfferWins);
	CPPUNIT_TEST(testDisabled);
	CPPUNIT_TEST_SUITE_END();

public:
	void testParsesOffersAndParameters()
	{
		const auto offers = ExtensionOffer::parseList("foo, Permessage-Deflate ; a=1;b = \"x-\\y\" ;c, ,bar;d=\"9\"");
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), offers.size());
		CPPUNIT_ASSERT_EQUAL(std::string("foo"), offers[0].name());
		CPPUNIT_ASSERT(offers[0].wellFormed());
		CPPUNIT_ASSERT(offers[0].parameters().empty());
		const ExtensionOffer& deflate = offers[1];
		CPPUNIT_ASSERT(deflate.wellFormed());
		CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate"), deflate.name());
		CPPUNIT_ASSERT_EQUAL(std::size_t(3), deflate.parameters().size());
		CPPUNIT_ASSERT_EQUAL(std::string("a"), deflate.parameters()[0].name);
		CPPUNIT_ASSERT(deflate.parameters()[0].hasValue);
		CPPUNIT_ASSERT_EQUAL(std::string("1"), deflate.parameters()[0].value);
		CPPUNIT_ASSERT_EQUAL(std::string("x-y"), deflate.parameters()[1].value);
		CPPUNIT_ASSERT(!deflate.parameters()[2].hasValue);
		CPPUNIT_ASSERT_EQUAL(std::string("bar"), offers[2].name());
		CPPUNIT_ASSERT(offers[2].wellFormed());
		CPPUNIT_ASSERT_EQUAL(std::string("9"), offers[2].parameters()[0].value);
		CPPUNIT_ASSERT(!ExtensionOffer::parseList("x; c")[0].parameters()[0].hasValue);
	}

	void testMalformedElementsStandAlone()
	{
		// A quoted value must be a token once unquoted: x"y is not.
		const auto offers = ExtensionOffer::parseList("permessage-deflate; b=\"x\\\"y\", permessage-deflate");
		CPPUNIT_ASSERT_EQUAL(std::size_t(2), offers.size());
		CPPUNIT_ASSERT(!offers[0].wellFormed());
		CPPUNIT_ASSERT(offers[1].wellFormed());
		for (const char* bad: {"permessage-deflate;", "permessage-deflate; =1", "permessage-deflate; a=", "permessage-deflate; a=\"\"",
				"permessage-deflate; a=\"1", "permessage-deflate a", "permessage-deflate; a b", "; a", "permessage-deflate; a=1 2",
				"permessage-deflate; a=(1)", "\"permessage-deflate\""})
		{
			const auto parsed = ExtensionOffer::parseList(bad);
			CPPUNIT_ASSERT_MESSAGE(bad, parsed.size() == 1 && !parsed[0].wellFormed());
			CPPUNIT_ASSERT_EQUAL_MESSAGE(bad, std::string("declined"), answer(bad));
		}
		// A malformed offer spoils only itself, even with a comma in its quotes.
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF, answer("permessage-deflate; a=\"1,2\" x, permessage-deflate"));
	}

	void testBrowsersOffers()
	{
		// Chromium, Firefox, Node's ws, Python's websockets.
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF, answer("permessage-deflate; client_max_window_bits"));
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF, answer("permessage-deflate"));
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=12",
			answer("permessage-deflate; server_max_window_bits=12; client_max_window_bits=12"));
	}

	void testDefaultModeAddsNoContextTakeover()
	{
		const DeflateParameters parameters = agreed("permessage-deflate; client_max_window_bits");
		CPPUNIT_ASSERT(parameters.serverNoContextTakeover);
		CPPUNIT_ASSERT(parameters.clientNoContextTakeover);
		CPPUNIT_ASSERT_EQUAL(15, parameters.serverWindowBits);
		CPPUNIT_ASSERT_EQUAL(15, parameters.clientWindowBits);
	}

	void testContextTakeoverMode()
	{
		CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate"), answer("permessage-deflate", takeover()));
		CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate; server_no_context_takeover"),
			answer("permessage-deflate; server_no_context_takeover", takeover()));
		// The client's own promise not to keep its context is taken: it spares an inflate stream.
		const DeflateParameters parameters = agreed("permessage-deflate; client_no_context_takeover", takeover());
		CPPUNIT_ASSERT(!parameters.serverNoContextTakeover);
		CPPUNIT_ASSERT(parameters.clientNoContextTakeover);
		CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate; client_no_context_takeover"),
			answer("permessage-deflate; client_no_context_takeover", takeover()));
	}

	void testServerWindowBits()
	{
		for (int bits = 9; bits <= 15; ++bits)
		{
			const std::string offer = "permessage-deflate; server_max_window_bits=" + std::to_string(bits);
			CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=" + std::to_string(bits), answer(offer));
			CPPUNIT_ASSERT_EQUAL(bits, agreed(offer).serverWindowBits);
			CPPUNIT_ASSERT_EQUAL(bits, agreed("permessage-deflate; server_max_window_bits=\"" + std::to_string(bits) + "\"").serverWindowBits);
			// The server's own limit is kept, and said only where the client asked.
			DeflateSettings small;
			small.windowBits = 10;
			CPPUNIT_ASSERT_EQUAL(std::min(bits, 10), agreed(offer, small).serverWindowBits);
			CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=" + std::to_string(std::min(bits, 10)), answer(offer, small));
			CPPUNIT_ASSERT_EQUAL(BOTH_OFF, answer("permessage-deflate", small));
			CPPUNIT_ASSERT_EQUAL(10, agreed("permessage-deflate", small).serverWindowBits);
		}
		// zlib's raw deflate cannot keep to 8 bits.
		CPPUNIT_ASSERT_EQUAL(std::string("declined"), answer("permessage-deflate; server_max_window_bits=8"));
	}

	void testClientWindowBits()
	{
		// Never answered unless offered (RFC 7692 section 7.1.2.2).
		CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate"), answer("permessage-deflate", takeover(12)));
		CPPUNIT_ASSERT_EQUAL(15, agreed("permessage-deflate", takeover(12)).clientWindowBits);
		// Offered without a value: the server asks for its own window.
		CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate; client_max_window_bits=12"),
			answer("permessage-deflate; client_max_window_bits", takeover(12)));
		CPPUNIT_ASSERT_EQUAL(12, agreed("permessage-deflate; client_max_window_bits", takeover(12)).clientWindowBits);
		CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate"), answer("permessage-deflate; client_max_window_bits", takeover(15)));
		for (int bits = 8; bits <= 15; ++bits)
		{
			const std::string offer = "permessage-deflate; client_max_window_bits=" + std::to_string(bits);
			CPPUNIT_ASSERT_EQUAL(std::string("permessage-deflate; client_max_window_bits=") + std::to_string(std::min(bits, 12)), answer(offer, takeover(12)));
			CPPUNIT_ASSERT_EQUAL(std::min(bits, 12), agreed(offer, takeover(12)).clientWindowBits);
			// Without client context takeover, a borrowed 15-bit stream inflates anything: nothing to ask.
			CPPUNIT_ASSERT_EQUAL(BOTH_OFF, answer(offer));
		}
	}

	void testEveryCombination()
	{
		for (int mask = 0; mask < 16; ++mask)
		{
			for (bool contextTakeover: {false, true})
			{
				for (int serverBits: {0, 9, 12, 15})
				{
					std::string offer = "permessage-deflate";
					const bool serverOff = mask & 1, clientOff = mask & 2, clientBits = mask & 4, clientBitsValue = mask & 8;
					if (serverOff) offer += "; server_no_context_takeover";
					if (clientOff) offer += "; client_no_context_takeover";
					if (serverBits) offer += "; server_max_window_bits=" + std::to_string(serverBits);
					if (clientBits) offer += clientBitsValue ? "; client_max_window_bits=11" : "; client_max_window_bits";
					DeflateSettings settings;
					settings.contextTakeover = contextTakeover;
					settings.windowBits = 13;
					const DeflateNegotiation negotiation(ExtensionOffer::parseList(offer), settings);
					CPPUNIT_ASSERT_MESSAGE(offer, negotiation.accepted());
					const DeflateParameters& p = negotiation.parameters();
					const std::string& response = negotiation.response();
					CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, serverOff || !contextTakeover, p.serverNoContextTakeover);
					CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, clientOff || !contextTakeover, p.clientNoContextTakeover);
					CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, p.serverNoContextTakeover, response.find("server_no_context_takeover") != std::string::npos);
					CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, p.clientNoContextTakeover, response.find("client_no_context_takeover") != std::string::npos);
					CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, serverBits ? std::min(serverBits, 13) : 13, p.serverWindowBits);
					CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, serverBits != 0, response.find("server_max_window_bits") != std::string::npos);
					// Never a parameter the client did not offer.
					if (!clientBits) CPPUNIT_ASSERT_MESSAGE(offer, response.find("client_max_window_bits") == std::string::npos);
					const bool keepsInflater = !p.clientNoContextTakeover;
					CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, keepsInflater && clientBits, response.find("client_max_window_bits") != std::string::npos);
					if (keepsInflater) CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, clientBits ? (clientBitsValue ? 11 : 13) : 15, p.clientWindowBits);
					// The answer is itself a well-formed single offer.
					const auto reparsed = ExtensionOffer::parseList(response);
					CPPUNIT_ASSERT(reparsed.size() == 1 && reparsed[0].wellFormed());
				}
			}
		}
	}

	void testInvalidOffersAreDeclined()
	{
		for (const char* offer: {
				"permessage-deflate; server_no_context_takeover; server_no_context_takeover",
				"permessage-deflate; client_max_window_bits; client_max_window_bits=10",
				"permessage-deflate; server_max_window_bits=10; server_max_window_bits=10",
				"permessage-deflate; server_no_context_takeover=1",
				"permessage-deflate; client_no_context_takeover=true",
				"permessage-deflate; server_max_window_bits",
				"permessage-deflate; server_max_window_bits=7",
				"permessage-deflate; server_max_window_bits=16",
				"permessage-deflate; server_max_window_bits=010",
				"permessage-deflate; server_max_window_bits=+9",
				"permessage-deflate; client_max_window_bits=0",
				"permessage-deflate; client_max_window_bits=abc",
				"permessage-deflate; unknown",
				"permessage-deflate; mux=1",
				"x-webkit-deflate-frame",
				"deflate-frame"})
		{
			CPPUNIT_ASSERT_EQUAL_MESSAGE(offer, std::string("declined"), answer(offer));
		}
	}

	void testFirstAcceptableOfferWins()
	{
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=10",
			answer("permessage-deflate; server_max_window_bits=8, permessage-deflate; server_max_window_bits=10, permessage-deflate"));
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF, answer("foo, permessage-deflate; bogus, permessage-deflate; client_max_window_bits"));
		// Several headers are one list.
		CPPUNIT_ASSERT_EQUAL(BOTH_OFF + "; server_max_window_bits=11",
			answer("x-other" ", " "permessage-deflate; server_max_window_bits=11" ", " "permessage-deflate"));
	}

	void testDisabled()
	{
		DeflateSettings off;
		off.enabled = false;
		CPPUNIT_ASSERT_EQUAL(std::string("declined"), answer("permessage-deflate", off));
		CPPUNIT_ASSERT_EQUAL(std::string("declined"), answer(""));
	}
};


CPPUNIT_TEST_SUITE_NAMED_REGISTRATION(DeflateNegotiationTest, "DeflateNegotiation");


} // namespace pocows
