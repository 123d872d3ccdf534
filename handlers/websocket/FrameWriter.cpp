//
// FrameWriter.cpp
//


#include "websocket/FrameWriter.h"
#include "http/SocketFlags.h"
#include "Poco/Exception.h"
#include "Poco/Timestamp.h"
#include <algorithm>
#include <climits>


namespace pocows {


namespace
{
	// Payloads this large go out with writev() straight from the caller's
	// buffer; smaller ones are copied into the output buffer to be coalesced.
	const std::size_t DIRECT_WRITE_SIZE = 16*1024;
	const std::size_t FLUSH_SIZE = 64*1024;

	// A buffer that grew past this for a burst is given back, so that an
	// idle session stays small.
	const std::size_t KEEP_CAPACITY = 64*1024;

	bool isData(Opcode opcode)
	{
		return opcode == Opcode::TEXT || opcode == Opcode::BINARY;
	}
}


FrameWriter::FrameWriter(Poco::Net::StreamSocket& socket, const Poco::Timespan& sendTimeout):
	_socket(socket),
	_sendTimeout(sendTimeout),
	_closeSent(false),
	_inMessage(false),
	_messageType(Opcode::BINARY)
{
	_socket.setSendTimeout(sendTimeout);
	// Once, here: a vector made for each write would cost an allocation.
	_buffers.reserve(2);
}


void FrameWriter::sendData(Opcode type, const char* data, std::size_t size, bool final, bool coalesce)
{
	const Opcode opcode = frameOpcode(type, data, size, final);
	std::lock_guard<std::mutex> lock(_writeMutex);
	writeFrame(opcode, data, size, final, coalesce);
}


Opcode FrameWriter::frameOpcode(Opcode type, const char* data, std::size_t size, bool final)
	/// Checks the send against the message in progress, and says which opcode its frame gets.
{
	if (!isData(type)) throw Poco::InvalidArgumentException("a message is TEXT or BINARY");
	if (_inMessage && type != _messageType)
		throw Poco::InvalidAccessException("a fragmented message is still open: finish it first");
	const bool continuation = _inMessage;
	// A whole message is the sender's to get right, as ever (an echo's text
	// was checked on the way in); a fragment's boundary may cut a character
	// in two, so fragments are checked here, across their boundaries.
	const bool fragmented = continuation || !final;
	if (type == Opcode::TEXT && fragmented)
	{
		// Checked on a copy: a refused fragment leaves the message as it was.
		Utf8Validator text = _utf8;
		if (!continuation) text.reset();
		if (!text.feed(data, size) || (final && !text.complete()))
			throw Poco::InvalidArgumentException("text message is not valid UTF-8");
		_utf8 = text;
	}
	_inMessage = !final;
	_messageType = type;
	return continuation ? Opcode::CONTINUATION : type;
}


void FrameWriter::sendControl(Opcode opcode, const char* data, std::size_t size, bool coalesce)
{
	std::lock_guard<std::mutex> lock(_writeMutex);
	writeFrame(opcode, data, size, true, coalesce);
}


void FrameWriter::writeFrame(Opcode opcode, const char* data, std::size_t size, bool final, bool coalesce)
{
	if (_closeSent) return;
	char header[FrameCodec::MAX_HEADER_LENGTH];
	_output.append(header, FrameCodec::encodeHeader(header, opcode, size, final));
	if (size >= DIRECT_WRITE_SIZE)
	{
		write(_output.data(), _output.size(), data, size);
		_output.clear();
		return;
	}
	_output.append(data, size);
	if (!coalesce || _output.size() >= FLUSH_SIZE) writeOutput();
}


void FrameWriter::flush()
{
	std::lock_guard<std::mutex> lock(_writeMutex);
	writeOutput();
}


void FrameWriter::sendClose(unsigned short code, const std::string& reason)
{
	std::lock_guard<std::mutex> lock(_writeMutex);
	queueClose(code, reason);
	writeOutput();
}


bool FrameWriter::sendCloseWithoutWaiting(unsigned short code, const std::string& reason)
{
	std::unique_lock<std::mutex> lock(_writeMutex, std::try_to_lock);
	// A thread holding the lock is in the middle of a write, which cannot
	// take longer than the send timeout.
	if (!lock.owns_lock() || _closeSent) return true;
	queueClose(code, reason);
	try
	{
		// Without the flag, a writable socket's buffer still has room for a
		// close frame and what little may be buffered with it.
		if (!SocketFlags::HAS_DONT_WAIT && !_socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_WRITE)) return false;
		const int sent = _socket.sendBytes(_output.data(), static_cast<int>(_output.size()), SocketFlags::DONT_WAIT);
		const bool whole = sent == static_cast<int>(_output.size());
		_output.clear();
		return whole;
	}
	catch (Poco::Exception&)
	{
		return false;
	}
}


void FrameWriter::close()
{
	std::lock_guard<std::mutex> writeLock(_writeMutex);
	std::lock_guard<std::mutex> socketLock(_socketMutex);
	try
	{
		_socket.close();
	}
	catch (Poco::Exception&)
	{
	}
}


void FrameWriter::abort()
{
	std::lock_guard<std::mutex> lock(_socketMutex);
	try
	{
		// shutdown(), not close(): the descriptor must stay valid while the
		// session thread may still be using it.
		_socket.shutdown();
	}
	catch (Poco::Exception&)
	{
	}
}


void FrameWriter::queueClose(unsigned short code, const std::string& reason)
{
	if (_closeSent) return;
	const std::string payload = FrameCodec::closePayload(code, reason);
	char header[FrameCodec::MAX_HEADER_LENGTH];
	_output.append(header, FrameCodec::encodeHeader(header, Opcode::CLOSE, payload.size()));
	_output += payload;
	_closeSent = true;
}


void FrameWriter::writeOutput()
{
	if (_output.empty()) return;
	write(_output.data(), _output.size(), nullptr, 0);
	_output.clear();
	if (_output.capacity() > KEEP_CAPACITY) std::string().swap(_output);
}


void FrameWriter::write(const char* first, std::size_t firstSize, const char* second, std::size_t secondSize)
{
	const Poco::Timestamp start;
	bool timeoutShortened = false;
	while (firstSize + secondSize > 0)
	{
		const std::size_t sent = writeOnce(first, firstSize, second, secondSize);
		const std::size_t fromFirst = std::min(sent, firstSize);
		first += fromFirst;
		firstSize -= fromFirst;
		second += sent - fromFirst;
		secondSize -= sent - fromFirst;
		if (firstSize + secondSize == 0) break;
		// A partial write means the peer reads slowly: the whole write, not
		// each piece of it, must finish within the send timeout.
		const Poco::Timespan remaining = _sendTimeout - Poco::Timespan(start.elapsed());
		if (remaining <= Poco::Timespan(0)) throw Poco::TimeoutException("peer does not read");
		_socket.setSendTimeout(remaining);
		timeoutShortened = true;
	}
	if (timeoutShortened) _socket.setSendTimeout(_sendTimeout);
}


std::size_t FrameWriter::writeOnce(const char* first, std::size_t firstSize, const char* second, std::size_t secondSize)
	/// One system call, which may send only part of what it is given.
{
	if (firstSize == 0 || secondSize == 0)
	{
		const char* data = firstSize ? first : second;
		const int size = static_cast<int>(std::min<std::size_t>(firstSize ? firstSize : secondSize, INT_MAX));
		// POCO 1.11 falls short here: StreamSocketImpl::sendBytes() loops until
		// all is sent and gives every partial send a fresh timeout, so a peer
		// that reads slowly could stretch one write over many. Its base class
		// sends once. (A writev() of one buffer would do too, at a higher
		// cost in the kernel for every small message.)
		return static_cast<std::size_t>(_socket.impl()->Poco::Net::SocketImpl::sendBytes(data, size));
	}
	_buffers.clear();
	_buffers.push_back(Poco::Net::Socket::makeBuffer(const_cast<char*>(first), firstSize));
	_buffers.push_back(Poco::Net::Socket::makeBuffer(const_cast<char*>(second), std::min<std::size_t>(secondSize, INT_MAX)));
	return static_cast<std::size_t>(_socket.sendBytes(_buffers));
}


} // namespace pocows
