//
// WebSocketConnection.cpp
//


#include "websocket/WebSocketConnection.h"
#include "http/SocketFlags.h"
#include "Poco/Exception.h"
#include <algorithm>
#include <climits>


namespace pocows {


namespace
{
	// An idle session should cost little memory; the buffer doubles while data streams in.
	const std::size_t INITIAL_INPUT_SIZE = 1024;
	const std::size_t MAX_INPUT_SIZE = 256*1024;

	// Payloads this large go out with writev() straight from the caller's
	// buffer; smaller ones are copied into the output buffer to be coalesced.
	const std::size_t DIRECT_WRITE_SIZE = 16*1024;
	const std::size_t FLUSH_SIZE = 64*1024;

	// Buffers that grew past this for one large message are given back, so
	// that an idle session stays small.
	const std::size_t KEEP_CAPACITY = 64*1024;

	// While waiting for the peer's close reply, read at most this much.
	const std::size_t MAX_DRAIN = 1024*1024;

	int sendWithoutWaiting(Poco::Net::StreamSocket& socket, const std::string& data)
		/// Sends what the socket's buffer takes at once; never waits for the peer.
	{
		// Without the flag, a writable socket's buffer still has room for a
		// close frame, which is all this sends.
		if (!SocketFlags::HAS_DONT_WAIT && !socket.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_WRITE)) return 0;
		return socket.sendBytes(data.data(), static_cast<int>(data.size()), SocketFlags::DONT_WAIT);
	}
}


WebSocketConnection::WebSocketConnection(const Poco::Net::StreamSocket& socket, const Poco::Net::SocketAddress& peerAddress, const WebSocketSettings& settings, ServerMetrics& metrics, const char* early, std::size_t earlySize):
	_socket(socket),
	_settings(settings),
	_peerAddress(peerAddress),
	_assembler(settings.maxMessageSize),
	_input(std::max(INITIAL_INPUT_SIZE, earlySize)),
	_inputPos(0),
	_inputEnd(earlySize),
	_receiveWait(-1),
	_idle(0),
	_closeSent(false),
	_shutdownRequested(false),
	_state(STATE_OPEN),
	_closeCode(0),
	_metrics(metrics)
{
	if (earlySize > 0) std::copy(early, early + earlySize, _input.begin());
	// Replies are coalesced here, so Nagle's algorithm would only add delay.
	_socket.setNoDelay(true);
	_socket.setSendTimeout(settings.sendTimeout);
	setReceiveWait(nextReceiveWait());
}


WebSocketConnection::~WebSocketConnection()
{
	finish();
}


bool WebSocketConnection::receiveMessage(WebSocketMessage& message)
{
	while (_state == STATE_OPEN)
	{
		if (_shutdownRequested)
		{
			startClose(CloseCode::GOING_AWAY, "server shutting down");
			break;
		}
		if (_inputPos == _inputEnd)
		{
			flush();
			if (_state == STATE_OPEN) fillInput();
			continue;
		}
		_inputPos += _assembler.feed(_input.begin() + _inputPos, _inputEnd - _inputPos);
		if (_assembler.event() == MessageAssembler::EVENT_MESSAGE)
		{
			takeMessage(message);
			return true;
		}
		handleEvent(_assembler.event());
	}
	return false;
}


void WebSocketConnection::takeMessage(WebSocketMessage& message)
{
	message.type = _assembler.messageType();
	message.payload.swap(_assembler.message());
	if (_assembler.message().capacity() > KEEP_CAPACITY) std::string().swap(_assembler.message());
	++_statistics.messagesIn;
	_statistics.bytesIn += message.payload.size();
}


void WebSocketConnection::handleEvent(MessageAssembler::Event event)
{
	switch (event)
	{
	case MessageAssembler::EVENT_PING:
		sendFrame(Opcode::PONG, _assembler.controlPayload().data(), _assembler.controlPayload().size());
		break;
	case MessageAssembler::EVENT_CLOSE:
		answerClose();
		break;
	case MessageAssembler::EVENT_ERROR:
		startClose(_assembler.errorCode(), _assembler.errorReason());
		break;
	default:
		// Unsolicited pongs are allowed and need no answer (RFC 6455 section 5.5.3).
		break;
	}
}


void WebSocketConnection::fillInput()
{
	publishTraffic();
	try
	{
		const int n = _socket.receiveBytes(_input.begin(), static_cast<int>(_input.size()));
		if (n <= 0)
		{
			setOutcome(CloseCode::ABNORMAL, "connection closed without a close frame");
			finish();
			return;
		}
		_inputPos = 0;
		_inputEnd = static_cast<std::size_t>(n);
		// A full buffer means data is streaming in: read it in larger pieces.
		if (_inputEnd == _input.size() && _input.size() < MAX_INPUT_SIZE) _input.resize(_input.size()*2);
		if (_idle != Poco::Timespan(0))
		{
			_idle = 0;
			setReceiveWait(nextReceiveWait());
		}
	}
	catch (Poco::TimeoutException&)
	{
		handleIdleTimeout();
	}
	catch (Poco::Exception& exc)
	{
		setOutcome(CloseCode::ABNORMAL, "connection lost: " + exc.displayText());
		finish();
	}
}


void WebSocketConnection::handleIdleTimeout()
{
	_idle += _receiveWait;
	if (_settings.receiveTimeout > Poco::Timespan(0) && _idle >= _settings.receiveTimeout)
	{
		startClose(CloseCode::GOING_AWAY, "idle timeout");
		return;
	}
	// Whatever the peer sends next, the pong included, ends the idleness.
	sendFrame(Opcode::PING, nullptr, 0);
	setReceiveWait(nextReceiveWait());
}


Poco::Timespan WebSocketConnection::nextReceiveWait() const
{
	// Wake up for the next ping or when the idle time runs out, whichever
	// comes first; zero waits for ever.
	Poco::Timespan wait = _settings.pingInterval;
	if (_settings.receiveTimeout > Poco::Timespan(0))
	{
		const Poco::Timespan left = _settings.receiveTimeout - _idle;
		if (wait == Poco::Timespan(0) || left < wait) wait = left;
	}
	return wait;
}


void WebSocketConnection::setReceiveWait(const Poco::Timespan& wait)
{
	if (wait == _receiveWait) return;
	_socket.setReceiveTimeout(wait);
	_receiveWait = wait;
}


void WebSocketConnection::publishTraffic()
{
	if (_statistics.messagesIn == _published.messagesIn && _statistics.messagesOut == _published.messagesOut) return;
	ServerMetrics::Traffic delta;
	delta.messagesIn = _statistics.messagesIn - _published.messagesIn;
	delta.messagesOut = _statistics.messagesOut - _published.messagesOut;
	delta.bytesIn = _statistics.bytesIn - _published.bytesIn;
	delta.bytesOut = _statistics.bytesOut - _published.bytesOut;
	_metrics.addTraffic(delta);
	_published = _statistics;
}


void WebSocketConnection::answerClose()
{
	const unsigned short code = _assembler.closeCode();
	setOutcome(code, _assembler.closeReason());
	try
	{
		std::lock_guard<std::mutex> lock(_writeMutex);
		// RFC 6455 section 5.5.1: echo the status code; a close without one is answered with 1000.
		queueCloseFrame(code == CloseCode::NO_STATUS ? CloseCode::NORMAL : code, std::string());
		writeOutput();
	}
	catch (Poco::Exception&)
	{
		// The peer has said goodbye; if it cannot hear ours, there is nothing left to do.
	}
	finish();
}


void WebSocketConnection::startClose(unsigned short code, const std::string& reason)
{
	setOutcome(code, reason);
	try
	{
		std::lock_guard<std::mutex> lock(_writeMutex);
		queueCloseFrame(code, reason);
		writeOutput();
	}
	catch (Poco::Exception&)
	{
		finish();
		return;
	}
	_state = STATE_CLOSING;
	awaitCloseReply();
	finish();
}


void WebSocketConnection::awaitCloseReply()
{
	// Reading on until the peer's close frame (or its end of stream) arrives
	// keeps the kernel from answering unread data with a reset, which could
	// destroy our close frame before the peer has read it.
	const Poco::Timestamp start;
	std::size_t drained = 0;
	try
	{
		_socket.shutdownSend();
		for (;;)
		{
			while (_inputPos < _inputEnd)
			{
				_inputPos += _assembler.feed(_input.begin() + _inputPos, _inputEnd - _inputPos);
				if (_assembler.event() == MessageAssembler::EVENT_CLOSE) return;
				if (_assembler.event() == MessageAssembler::EVENT_ERROR) _inputPos = _inputEnd;
			}
			const Poco::Timespan remaining = _settings.closeTimeout - Poco::Timespan(start.elapsed());
			if (remaining <= Poco::Timespan(0) || drained >= MAX_DRAIN) return;
			_socket.setReceiveTimeout(remaining);
			const int n = _socket.receiveBytes(_input.begin(), static_cast<int>(_input.size()));
			if (n <= 0) return;
			_inputPos = 0;
			_inputEnd = static_cast<std::size_t>(n);
			drained += _inputEnd;
		}
	}
	catch (Poco::Exception&)
	{
		// Timed out or reset: either way the wait is over.
	}
}


void WebSocketConnection::setOutcome(unsigned short code, const std::string& reason)
{
	if (_closeCode != 0) return;
	_closeCode = code;
	_closeReason = reason;
}


void WebSocketConnection::finish()
{
	if (_state == STATE_CLOSED) return;
	_state = STATE_CLOSED;
	setOutcome(CloseCode::ABNORMAL, "closed");
	publishTraffic();
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


void WebSocketConnection::sendMessage(const WebSocketMessage& message)
{
	sendFrame(message.type, message.payload.data(), message.payload.size());
	++_statistics.messagesOut;
	_statistics.bytesOut += message.payload.size();
}


void WebSocketConnection::sendText(const std::string& text)
{
	sendFrame(Opcode::TEXT, text.data(), text.size());
	++_statistics.messagesOut;
	_statistics.bytesOut += text.size();
}


void WebSocketConnection::sendBinary(const void* data, std::size_t size)
{
	sendFrame(Opcode::BINARY, static_cast<const char*>(data), size);
	++_statistics.messagesOut;
	_statistics.bytesOut += size;
}


void WebSocketConnection::sendFrame(Opcode opcode, const char* data, std::size_t size)
{
	if (_state != STATE_OPEN) return;
	try
	{
		std::lock_guard<std::mutex> lock(_writeMutex);
		if (_closeSent) return;
		char header[FrameCodec::MAX_HEADER_LENGTH];
		_output.append(header, FrameCodec::encodeHeader(header, opcode, size));
		if (size >= DIRECT_WRITE_SIZE)
		{
			writeVector(_output.data(), _output.size(), data, size);
			_output.clear();
			return;
		}
		_output.append(data, size);
		if (_inputPos == _inputEnd || _output.size() >= FLUSH_SIZE) writeOutput();
	}
	catch (Poco::Exception& exc)
	{
		setOutcome(CloseCode::ABNORMAL, "send failed: " + exc.displayText());
		finish();
	}
}


void WebSocketConnection::flush()
{
	if (_state != STATE_OPEN) return;
	try
	{
		std::lock_guard<std::mutex> lock(_writeMutex);
		writeOutput();
	}
	catch (Poco::Exception& exc)
	{
		setOutcome(CloseCode::ABNORMAL, "send failed: " + exc.displayText());
		finish();
	}
}


void WebSocketConnection::close(unsigned short code, const std::string& reason)
{
	if (_state != STATE_OPEN) return;
	startClose(code, reason);
}


void WebSocketConnection::shutdown()
{
	_shutdownRequested = true;
	std::unique_lock<std::mutex> lock(_writeMutex, std::try_to_lock);
	// A session thread holding the lock is in the middle of a send; it sees the
	// request when that send ends, and a send cannot block longer than its timeout.
	if (!lock.owns_lock() || _closeSent) return;
	queueCloseFrame(CloseCode::GOING_AWAY, "server shutting down");
	try
	{
		// Never block the thread that stops the whole server: a peer whose
		// window is full would not read the close frame anyway, so cut it off.
		const int sent = sendWithoutWaiting(_socket, _output);
		if (sent == static_cast<int>(_output.size()))
		{
			_output.clear();
			return;
		}
	}
	catch (Poco::Exception&)
	{
	}
	abort();
}


void WebSocketConnection::abort()
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


void WebSocketConnection::queueCloseFrame(unsigned short code, const std::string& reason)
{
	if (_closeSent) return;
	const std::string payload = FrameCodec::closePayload(code, reason);
	char header[FrameCodec::MAX_HEADER_LENGTH];
	_output.append(header, FrameCodec::encodeHeader(header, Opcode::CLOSE, payload.size()));
	_output += payload;
	_closeSent = true;
}


void WebSocketConnection::writeOutput()
{
	if (_output.empty()) return;
	writeVector(_output.data(), _output.size(), nullptr, 0);
	_output.clear();
	if (_output.capacity() > KEEP_CAPACITY) std::string().swap(_output);
}


void WebSocketConnection::writeVector(const char* first, std::size_t firstSize, const char* second, std::size_t secondSize)
{
	const Poco::Timestamp start;
	bool timeoutShortened = false;
	while (firstSize + secondSize > 0)
	{
		std::size_t sent;
		if (secondSize == 0 || firstSize == 0)
		{
			const char* data = firstSize ? first : second;
			const std::size_t size = firstSize ? firstSize : secondSize;
			sent = static_cast<std::size_t>(_socket.sendBytes(data, static_cast<int>(std::min<std::size_t>(size, INT_MAX))));
		}
		else
		{
			Poco::Net::SocketBufVec buffers;
			buffers.push_back(Poco::Net::Socket::makeBuffer(const_cast<char*>(first), firstSize));
			buffers.push_back(Poco::Net::Socket::makeBuffer(const_cast<char*>(second), std::min<std::size_t>(secondSize, INT_MAX)));
			sent = static_cast<std::size_t>(_socket.sendBytes(buffers));
		}
		const std::size_t fromFirst = std::min(sent, firstSize);
		first += fromFirst;
		firstSize -= fromFirst;
		second += sent - fromFirst;
		secondSize -= sent - fromFirst;
		if (firstSize + secondSize > 0)
		{
			// A partial send means the peer reads slowly: the whole write, not
			// each piece of it, must finish within the send timeout.
			const Poco::Timespan remaining = _settings.sendTimeout - Poco::Timespan(start.elapsed());
			if (remaining <= Poco::Timespan(0)) throw Poco::TimeoutException("peer does not read");
			_socket.setSendTimeout(remaining);
			timeoutShortened = true;
		}
	}
	if (timeoutShortened) _socket.setSendTimeout(_settings.sendTimeout);
}


} // namespace pocows
