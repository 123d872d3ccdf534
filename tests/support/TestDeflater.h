//
// TestDeflater.h
//
// A permessage-deflate compressor for the tests' clients, written on zlib
// directly and apart from the server's MessageDeflater, so that each checks
// the other.
//


#ifndef Pocows_TestDeflater_INCLUDED
#define Pocows_TestDeflater_INCLUDED


#include <zlib.h>
#include <string>


namespace pocows {


class TestDeflater
{
public:
	explicit TestDeflater(int windowBits = 15, bool contextTakeover = false, int level = Z_DEFAULT_COMPRESSION);

	~TestDeflater();

	std::string compress(const std::string& message);
		/// The payload of a compressed message: deflate blocks ended by a
		/// sync flush, without its last four bytes.

	std::string compressFinal(const std::string& message);
		/// The same, but ended with a final block (BFINAL set), as RFC 7692
		/// section 7.2.3.4 allows a sender to do.

	static std::string once(const std::string& message, int windowBits = 15);
		/// compress() with a fresh stream.

private:
	TestDeflater(const TestDeflater&) = delete;
	TestDeflater& operator=(const TestDeflater&) = delete;

	std::string run(const std::string& message, int flush);

	z_stream _stream;
	bool _contextTakeover;
};


} // namespace pocows


#endif // Pocows_TestDeflater_INCLUDED
