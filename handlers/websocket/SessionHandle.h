//
// SessionHandle.h
//
// A reference to a session that any thread may hold: to send to it, close it, and know who it is.
//


#ifndef Pocows_SessionHandle_INCLUDED
#define Pocows_SessionHandle_INCLUDED


#include "rfc6455/FrameCodec.h"
#include "websocket/Outbox.h"
#include "websocket/PreparedMessage.h"
#include "Poco/Any.h"
#include "Poco/Net/SocketAddress.h"
#include <cstdint>
#include <memory>
#include <mutex>
#include <string>


namespace pocows {


class MessageCompressor;


class SessionHandle
	/// What a service hands to other sessions and threads so that they can
	/// reach one session: connection.handle(). Every call is thread-safe and
	/// none blocks on the peer: a send queues the message in the session's
	/// Outbox and writes what the socket takes at once. A handle may outlive
	/// its session (though not the server); sends then return false. Copies
	/// refer to the same session.
	///
	/// Each session has a number unique in the server, its peer's address,
	/// and a place for one value of the service's choosing (a chat nick, a
	/// user record) that other sessions may read.
{
public:
	SessionHandle();
		/// Refers to no session.

	SessionHandle(std::shared_ptr<Outbox> outbox, const Poco::Net::SocketAddress& peerAddress);
		/// Used by the connection: gives the session its number.

	bool sendText(const std::string& text) const;
		/// Queues a text message, which must be valid UTF-8. Returns false if
		/// the session is closing or passed a limit on queued data.

	bool sendBinary(const void* data, std::size_t size) const;

	bool send(const Outbox::Frame& frame) const;
		/// Queues a message framed once with Outbox::makeFrame(), to send the
		/// same bytes to many sessions. It goes as framed: a plain frame
		/// uncompressed, whatever the session negotiated.

	bool send(PreparedMessage& message) const;
		/// Queues a message prepared for many sessions, compressed if this
		/// one takes it compressed.

	void close(unsigned short code = CloseCode::NORMAL, const std::string& reason = std::string()) const;
		/// Closes the session: the close frame goes ahead of queued messages,
		/// which are dropped.

	bool isOpen() const;
		/// False once the session is closing or closed.

	std::size_t queuedBytes() const;
		/// Bytes queued for the session and not yet written.

	std::uint64_t id() const;
		/// The session's number, unique in the server; 0 for no session.

	const Poco::Net::SocketAddress& peerAddress() const;

	template <class T>
	void setUserData(const T& value) const;
		/// Keeps value with the session, replacing what was there.

	template <class T>
	T userData() const;
		/// The value kept with the session. Throws Poco::BadCastException if
		/// it is not a T, or there is none.

	bool operator==(const SessionHandle& other) const;
	bool operator!=(const SessionHandle& other) const;

	explicit operator bool() const;
		/// True if the handle refers to a session.

	Outbox& outbox() const;
		/// The session's outbox, for rooms that queue to many before writing.

	void enableCompression(MessageCompressor& compressor, int windowBits) const;
		/// Used by the connection, before the handle is given out: messages
		/// sent through the handle are compressed on their own, with this
		/// window. Not called for a session that keeps its compression
		/// context: a message from another thread would break into it.

	MessageCompressor* compressor() const;
		/// The compressor for messages sent through the handle, or nullptr
		/// if they go uncompressed.

	int compressionWindowBits() const;

private:
	struct Shared
	{
		std::shared_ptr<Outbox> outbox;
		std::uint64_t id = 0;
		Poco::Net::SocketAddress peerAddress;
		MessageCompressor* compressor = nullptr;
		int compressionWindowBits = 0;
		std::mutex mutex;  // guards userData
		Poco::Any userData;
	};

	std::shared_ptr<Shared> _shared;
};


//
// inlines
//
inline std::uint64_t SessionHandle::id() const
{
	return _shared ? _shared->id : 0;
}


inline const Poco::Net::SocketAddress& SessionHandle::peerAddress() const
{
	return _shared->peerAddress;
}


inline Outbox& SessionHandle::outbox() const
{
	return *_shared->outbox;
}


inline MessageCompressor* SessionHandle::compressor() const
{
	return _shared ? _shared->compressor : nullptr;
}


inline int SessionHandle::compressionWindowBits() const
{
	return _shared ? _shared->compressionWindowBits : 0;
}


inline bool SessionHandle::operator==(const SessionHandle& other) const
{
	return _shared == other._shared;
}


inline bool SessionHandle::operator!=(const SessionHandle& other) const
{
	return _shared != other._shared;
}


inline SessionHandle::operator bool() const
{
	return static_cast<bool>(_shared);
}


template <class T>
void SessionHandle::setUserData(const T& value) const
{
	std::lock_guard<std::mutex> lock(_shared->mutex);
	_shared->userData = value;
}


template <class T>
T SessionHandle::userData() const
{
	std::lock_guard<std::mutex> lock(_shared->mutex);
	return Poco::AnyCast<T>(_shared->userData);
}


} // namespace pocows


#endif // Pocows_SessionHandle_INCLUDED
