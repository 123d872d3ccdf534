//
// TimedServerSocket.cpp
//


#include "http/TimedServerSocket.h"
#include "http/TimedStreamSocketImpl.h"
#include "Poco/Net/ServerSocketImpl.h"
#include "Poco/Thread.h"
#include <cerrno>


namespace pocows {


namespace
{
	const long DESCRIPTOR_PAUSE_MILLISECONDS = 50;

#if defined(_WIN32)
	// On Windows SO_REUSEADDR lets a second server bind the same port and
	// take connections from the first; Windows rebinds a listening port in
	// TIME_WAIT without it anyway.
	const bool REUSE_ADDRESS = false;

	bool outOfDescriptors(int error)
	{
		return error == WSAEMFILE;
	}
#else
	// Restarting at once must not fail on connections still in TIME_WAIT.
	const bool REUSE_ADDRESS = true;

	bool outOfDescriptors(int error)
	{
		return error == EMFILE || error == ENFILE;
	}
#endif


	class TimedServerSocketImpl: public Poco::Net::ServerSocketImpl
	{
	public:
		TimedServerSocketImpl(const Poco::Timespan& requestTimeout, const Poco::Timespan& sendTimeout, ServerMetrics& metrics):
			_requestTimeout(requestTimeout),
			_sendTimeout(sendTimeout),
			_metrics(metrics)
		{
		}

		Poco::Net::SocketImpl* acceptConnection(Poco::Net::SocketAddress& clientAddress) override
			/// As POCO's own accept, but the connection gets a TimedStreamSocketImpl.
		{
			sockaddr_storage buffer;
			sockaddr* address = reinterpret_cast<sockaddr*>(&buffer);
			poco_socklen_t length = sizeof(buffer);
			poco_socket_t accepted;
			do
			{
				accepted = ::accept(sockfd(), address, &length);
			}
			while (accepted == POCO_INVALID_SOCKET && lastError() == POCO_EINTR);
			if (accepted == POCO_INVALID_SOCKET)
			{
				// Out of descriptors, the pending connection stays pending and the
				// listening socket stays readable: pause, or the accepting thread spins.
				if (outOfDescriptors(lastError())) Poco::Thread::sleep(DESCRIPTOR_PAUSE_MILLISECONDS);
				error();
			}
			clientAddress = Poco::Net::SocketAddress(address, length);
			Poco::AutoPtr<TimedStreamSocketImpl> socket = new TimedStreamSocketImpl(accepted, _requestTimeout, _metrics);
			socket->setSendTimeout(_sendTimeout);
			socket->duplicate();
			return socket.get();
		}

	private:
		const Poco::Timespan _requestTimeout;
		const Poco::Timespan _sendTimeout;
		ServerMetrics& _metrics;
	};
}


TimedServerSocket::TimedServerSocket(const Poco::Net::SocketAddress& address, int backlog, const Poco::Timespan& requestTimeout, const Poco::Timespan& sendTimeout, ServerMetrics& metrics):
	ServerSocket(new TimedServerSocketImpl(requestTimeout, sendTimeout, metrics), true)
{
	// POCO's two-argument bind() also sets SO_REUSEPORT, which would let a
	// second server start on a port in use and take half its connections.
	impl()->bind(address, REUSE_ADDRESS, false);
	impl()->listen(backlog);
}


} // namespace pocows
