//
// WebSocketConnection.cpp
//


#include "websocket/WebSocketConnection.h"
#include "Poco/Exception.h"
#include <algorithm>


namespace pocows {


namespace
{
	// An idle session should cost little memory; the buffer doubles while data streams in.
	const std::size_t INITIAL_INPUT_SIZE = 1024;
	const std::size_t MAX_INPUT_SIZE = 256*1024;

	// A message buffer that grew past this for one large message is given
	// back, so that an idle session stays small.
	const std::size_t KEEP_CAPACITY = 64*1024;

	// While waiting for the peer's close reply, read at most this much.
	const std::size_t MAX_DRAIN = 1024*1024;
}


WebSocketConnection::WebSocketConnection(const Poco::Net::StreamSocket& socket, const Poco::Net::SocketAddress& peerAddress, const WebSocketSettings& settings, ServerMetrics& metrics, OutboxFlusher& flusher, const char* early, std::size_t earlySize):
	_socket(socket),
	_settings(settings),
	_peerAddress(peerAddress),
	_assembler(settings.maxMessageSize),
	_outbox(std::make_shared<Outbox>(_socket, settings, flusher, metrics)),
	_writer(*_outbox),
	_handle(_outbox, peerAddress),
	_input(std::max(INITIAL_INPUT_SIZE, earlySize)),
	_inputPos(0),
	_inputEnd(earlySize),
	_receiveTimeout(settings.receiveTimeout),
	_receiveWait(-1),
	_idle(0),
	_state(STATE_OPEN),
	_closeCode(0),
	_metrics(metrics),
	_inflating(false)
{
	if (earlySize > 0) std::copy(early, early + earlySize, _input.begin());
	// Replies are coalesced here, so Nagle's algorithm would only add delay.
	_socket.setNoDelay(true);
	setReceiveWait(nextReceiveWait());
}


WebSocketConnection::~WebSocketConnection()
{
	finish();
}


void WebSocketConnection::enableCompression(const DeflateParameters& parameters, MessageCompressor& compressor)
{
	_assembler.enableInflate(compressor.pool(), parameters);
	_writer.enableCompression(compressor, parameters);
	if (parameters.serverNoContextTakeover) _handle.enableCompression(compressor, parameters.serverWindowBits);
	_inflating = true;
}


bool WebSocketConnection::receiveMessage(WebSocketMessage& message)
{
	while (_state == STATE_OPEN)
	{
		if (_outbox->closeQueued())
		{
			// Queued by another thread (a shutdown, a slow-consumer limit, a
			// handle): that close goes out, and its code is the outcome.
			startClose(CloseCode::GOING_AWAY, std::string());
			break;
		}
		if (_inputPos == _inputEnd)
		{
			flush();
			if (_beforeWait) _beforeWait();
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
	if (_inflating && _assembler.messageCompressed()) _metrics.messageInflated(_assembler.messageWireSize(), message.payload.size());
}


void WebSocketConnection::handleEvent(MessageAssembler::Event event)
{
	switch (event)
	{
	case MessageAssembler::EVENT_PING:
		sendControl(Opcode::PONG, _assembler.controlPayload().data(), _assembler.controlPayload().size());
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
			// A connection cut for a close that could not go out ends with that close's reason.
			adoptQueuedClose();
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
		adoptQueuedClose();
		setOutcome(CloseCode::ABNORMAL, "connection lost: " + exc.displayText());
		finish();
	}
}


void WebSocketConnection::handleIdleTimeout()
{
	_idle += _receiveWait;
	if (_receiveTimeout > Poco::Timespan(0) && _idle >= _receiveTimeout)
	{
		startClose(CloseCode::GOING_AWAY, "idle timeout");
		return;
	}
	// Whatever the peer sends next, the pong included, ends the idleness.
	sendControl(Opcode::PING, nullptr, 0);
	setReceiveWait(nextReceiveWait());
}


Poco::Timespan WebSocketConnection::nextReceiveWait() const
{
	// Wake up for the next ping or when the idle time runs out, whichever
	// comes first; zero waits for ever.
	Poco::Timespan wait = _settings.pingInterval;
	if (_receiveTimeout > Poco::Timespan(0))
	{
		const Poco::Timespan left = _receiveTimeout - _idle;
		if (wait == Poco::Timespan(0) || left < wait) wait = left;
	}
	return wait;
}


void WebSocketConnection::setReceiveTimeout(const Poco::Timespan& timeout)
{
	_receiveTimeout = timeout;
	setReceiveWait(nextReceiveWait());
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
	// If another thread has closed first, the peer's close is its reply.
	adoptQueuedClose();
	const unsigned short code = _assembler.closeCode();
	setOutcome(code, _assembler.closeReason());
	try
	{
		// RFC 6455 section 5.5.1: echo the status code; a close without one is answered with 1000.
		_outbox->sendClose(code == CloseCode::NO_STATUS ? CloseCode::NORMAL : code, std::string());
	}
	catch (Poco::Exception&)
	{
		// The peer has said goodbye; if it cannot hear ours, there is nothing left to do.
	}
	finish();
}


void WebSocketConnection::startClose(unsigned short code, const std::string& reason)
{
	adoptQueuedClose();
	setOutcome(code, reason);
	try
	{
		_outbox->sendClose(code, reason);
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


void WebSocketConnection::adoptQueuedClose()
{
	unsigned short code = 0;
	std::string reason;
	if (_outbox->queuedClose(code, reason)) setOutcome(code, reason);
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
	_outbox->close();
}


void WebSocketConnection::sendMessage(const WebSocketMessage& message)
{
	sendData(message.type, message.payload.data(), message.payload.size(), true);
}


void WebSocketConnection::sendText(const std::string& text, bool final)
{
	sendData(Opcode::TEXT, text.data(), text.size(), final);
}


void WebSocketConnection::sendBinary(const void* data, std::size_t size, bool final)
{
	sendData(Opcode::BINARY, static_cast<const char*>(data), size, final);
}


void WebSocketConnection::sendData(Opcode type, const char* data, std::size_t size, bool final)
{
	if (!isOpen()) return;
	try
	{
		_writer.sendData(type, data, size, final, inputWaiting());
	}
	catch (Poco::LogicException&)
	{
		throw;  // the session's mistake, not the connection's
	}
	catch (Poco::Exception& exc)
	{
		failSend(exc);
		return;
	}
	if (final) ++_statistics.messagesOut;
	_statistics.bytesOut += size;
}


void WebSocketConnection::sendControl(Opcode opcode, const char* data, std::size_t size)
{
	if (!isOpen()) return;
	try
	{
		_writer.sendControl(opcode, data, size, inputWaiting());
	}
	catch (Poco::Exception& exc)
	{
		failSend(exc);
	}
}


void WebSocketConnection::failSend(const Poco::Exception& exc)
{
	adoptQueuedClose();
	setOutcome(CloseCode::ABNORMAL, "send failed: " + exc.displayText());
	finish();
}


void WebSocketConnection::flush()
{
	if (_state != STATE_OPEN) return;
	try
	{
		_outbox->flush();
	}
	catch (Poco::Exception& exc)
	{
		failSend(exc);
	}
}


void WebSocketConnection::setBeforeWait(std::function<void()> action)
{
	_beforeWait = std::move(action);
}


void WebSocketConnection::close(unsigned short code, const std::string& reason)
{
	if (_state != STATE_OPEN) return;
	startClose(code, reason);
}


void WebSocketConnection::shutdown()
{
	// Never block the thread that stops the whole server: a peer whose
	// window is full would not read the close frame anyway, so cut it off.
	if (!_outbox->closeWithoutWaiting(CloseCode::GOING_AWAY, "server shutting down")) abort();
}


void WebSocketConnection::abort()
{
	_outbox->abort();
}


} // namespace pocows
