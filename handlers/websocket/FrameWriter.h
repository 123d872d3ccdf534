//
// FrameWriter.h
//
// The sending half of a server-side WebSocket connection: framing, coalescing, the send deadline.
//


#ifndef Pocows_FrameWriter_INCLUDED
#define Pocows_FrameWriter_INCLUDED


#include "rfc6455/FrameCodec.h"
#include "rfc6455/Utf8Validator.h"
#include "Poco/Net/StreamSocket.h"
#include "Poco/Timespan.h"
#include <atomic>
#include <cstddef>
#include <mutex>
#include <string>


namespace pocows {


class FrameWriter
	/// Writes a connection's frames. Small frames are copied into an output
	/// buffer and may wait there to leave together (coalescing); a payload of
	/// 16 KiB or more leaves at once with one writev() of header and payload,
	/// straight from the caller's buffer. However a write is split, all of
	/// it must be taken by the peer within the send timeout, or it fails
	/// with Poco::TimeoutException.
	///
	/// A message may be sent in fragments; control frames may go out between
	/// them, and the text of a fragmented message is checked as UTF-8 across
	/// fragment boundaries, which may cut a character in two.
	///
	/// One lock guards the output buffer and every write to the socket, so
	/// that a close frame sent from another thread (at shutdown) never lands
	/// inside another frame. The writer also owns closing the socket, which
	/// must not race with abort() from another thread.
{
public:
	FrameWriter(Poco::Net::StreamSocket& socket, const Poco::Timespan& sendTimeout);
		/// socket is the connection's and must outlive the writer.

	void sendData(Opcode type, const char* data, std::size_t size, bool final, bool coalesce);
		/// Sends a TEXT or BINARY message, or with final false a fragment of
		/// one: further fragments of it pass the same type. With coalesce,
		/// a small frame may wait in the buffer for the next write or flush().
		/// Throws Poco::InvalidAccessException for a send that does not
		/// continue an open fragmented message of its type, and
		/// Poco::InvalidArgumentException for a text fragment that is not
		/// UTF-8 (a whole message is the sender's to get right); then nothing
		/// of it is sent. Does nothing once a close frame has been sent.

	void sendControl(Opcode opcode, const char* data, std::size_t size, bool coalesce);
		/// A PING or PONG, also between the fragments of a message.

	void flush();
		/// Writes out whatever is buffered.

	void sendClose(unsigned short code, const std::string& reason);
		/// Sends a close frame behind whatever is buffered; at most one ever goes out.

	bool sendCloseWithoutWaiting(unsigned short code, const std::string& reason);
		/// Thread-safe and never blocks: sends a close frame if the socket
		/// takes it at once. Returns false if it could not, and the caller
		/// should cut the connection; true if it went out, if one had gone
		/// out before, or if another thread is writing (which then must see
		/// to the close itself).

	bool closeSent() const;

	bool inMessage() const;
		/// True while a fragmented message has begun and not ended.

	void close();
		/// Closes the socket once no write is in progress.

	void abort();
		/// Thread-safe: cuts the TCP connection at once, waking a thread
		/// blocked on the socket; the descriptor stays valid until close().

private:
	FrameWriter(const FrameWriter&) = delete;
	FrameWriter& operator=(const FrameWriter&) = delete;

	Opcode frameOpcode(Opcode type, const char* data, std::size_t size, bool final);
	void writeFrame(Opcode opcode, const char* data, std::size_t size, bool final, bool coalesce);
	void queueClose(unsigned short code, const std::string& reason);
	void writeOutput();
	void write(const char* first, std::size_t firstSize, const char* second, std::size_t secondSize);
	std::size_t writeOnce(const char* first, std::size_t firstSize, const char* second, std::size_t secondSize);

	Poco::Net::StreamSocket& _socket;
	const Poco::Timespan _sendTimeout;
	std::mutex _writeMutex;    // guards _output, _closeSent and every write to the socket
	std::mutex _socketMutex;   // keeps abort() from racing with the socket's close
	std::string _output;
	Poco::Net::SocketBufVec _buffers;  // what one writev() sends: the output and a payload
	std::atomic<bool> _closeSent;  // written under _writeMutex; read without it by the session thread
	bool _inMessage;
	Opcode _messageType;
	Utf8Validator _utf8;
};


//
// inlines
//
inline bool FrameWriter::closeSent() const
{
	return _closeSent;
}


inline bool FrameWriter::inMessage() const
{
	return _inMessage;
}


} // namespace pocows


#endif // Pocows_FrameWriter_INCLUDED
