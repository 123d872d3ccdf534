//
// Utf8Validator.cpp
//


#include "rfc6455/Utf8Validator.h"
#include <cstdint>
#include <cstring>


namespace pocows {


namespace
{
	const std::uint64_t HIGH_BITS = 0x8080808080808080ULL;
}


Utf8Validator::Utf8Validator()
{
	reset();
}


void Utf8Validator::reset()
{
	_pending = 0;
	_lower = 0x80;
	_upper = 0xBF;
	_valid = true;
}


bool Utf8Validator::complete() const
{
	return _valid && _pending == 0;
}


bool Utf8Validator::feed(const char* data, std::size_t size)
{
	if (!_valid) return false;
	const unsigned char* p = reinterpret_cast<const unsigned char*>(data);
	const unsigned char* end = p + size;
	while (p < end)
	{
		// Most text is ASCII: skip it eight bytes at a time while no sequence is open.
		if (_pending == 0)
		{
			while (end - p >= 8)
			{
				std::uint64_t word;
				std::memcpy(&word, p, sizeof(word));
				if (word & HIGH_BITS) break;
				p += 8;
			}
			if (p == end) break;
		}
		if (!feedByte(*p++))
		{
			_valid = false;
			return false;
		}
	}
	return true;
}


bool Utf8Validator::feedByte(unsigned char byte)
{
	if (_pending > 0)
	{
		if (byte < _lower || byte > _upper) return false;
		--_pending;
		_lower = 0x80;
		_upper = 0xBF;
		return true;
	}
	if (byte < 0x80) return true;
	// The lead byte fixes the sequence length; a few lead bytes also narrow the
	// range of the second byte to exclude overlong forms, surrogates and code
	// points above U+10FFFF (RFC 3629, section 4).
	if (byte >= 0xC2 && byte <= 0xDF)
	{
		_pending = 1;
	}
	else if (byte >= 0xE0 && byte <= 0xEF)
	{
		_pending = 2;
		if (byte == 0xE0) _lower = 0xA0;
		if (byte == 0xED) _upper = 0x9F;
	}
	else if (byte >= 0xF0 && byte <= 0xF4)
	{
		_pending = 3;
		if (byte == 0xF0) _lower = 0x90;
		if (byte == 0xF4) _upper = 0x8F;
	}
	else return false;
	return true;
}


} // namespace pocows
