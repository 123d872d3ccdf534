//
// PreparedMessage.h
//
// A message framed once for every session it goes to: plain, and compressed once per window size.
//


#ifndef Pocows_PreparedMessage_INCLUDED
#define Pocows_PreparedMessage_INCLUDED


#include "rfc6455/FrameCodec.h"
#include "websocket/Outbox.h"
#include <array>
#include <cstddef>


namespace pocows {


class SessionHandle;


class PreparedMessage
	/// What a room publishes: one message for many sessions. Server frames
	/// are unmasked, so every session that takes the message uncompressed
	/// gets the same frame; and a message compressed on its own, as sessions
	/// without context takeover take it, depends only on the window size
	/// (the server has one level and memLevel), so it is compressed once for
	/// all the sessions with each window size, not once per session. Frames
	/// are made when a session first needs them.
	///
	/// The data is not copied: it must outlive the prepared message, which
	/// is meant to live for one publish. Not thread-safe.
{
public:
	PreparedMessage(Opcode type, const char* data, std::size_t size);

	const Outbox::Frame& frameFor(const SessionHandle& session);
		/// The frame this session takes: compressed if it negotiated
		/// compression without context takeover and the message is large
		/// enough to gain from it, plain otherwise.

	std::size_t payloadSize() const;
		/// The message's size before compression: what the metrics count.

private:
	static const int MIN_WINDOW_BITS = 8;

	const Opcode _type;
	const char* const _data;
	const std::size_t _size;
	Outbox::Frame _plain;
	std::array<Outbox::Frame, 8> _compressed;  // by window bits, from 8
};


//
// inlines
//
inline std::size_t PreparedMessage::payloadSize() const
{
	return _size;
}


} // namespace pocows


#endif // Pocows_PreparedMessage_INCLUDED
