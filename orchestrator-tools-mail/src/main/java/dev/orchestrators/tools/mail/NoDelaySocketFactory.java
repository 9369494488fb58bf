package dev.orchestrators.tools.mail;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import javax.net.SocketFactory;

/**
 * Plain sockets with {@code TCP_NODELAY}, given to Angus Mail as {@code mail.smtp.socketFactory} (it layers TLS over
 * them for {@code tls} and STARTTLS). Why: {@code MimeMessage.writeTo} flushes the message, and the terminating dot
 * follows as a second small write, then the client waits for the reply: the write-write-read pattern where Nagle's
 * algorithm holds the dot until the server acknowledges the body, which a server waiting for the dot may delay (40 ms
 * on Linux, 200 ms on Windows). On loopback it makes no measurable difference (2,780 against 2,635 mails/s to
 * GreenMail with four kept connections); it is there for servers across a network, where it can cost a delayed-ACK
 * timer per message. Stateless and thread-safe.
 */
final class NoDelaySocketFactory extends SocketFactory {
    static final NoDelaySocketFactory INSTANCE = new NoDelaySocketFactory();

    private NoDelaySocketFactory() {
    }

    @Override
    public Socket createSocket() throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        return socket;
    }

    @Override
    public Socket createSocket(String host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(String host, int port, InetAddress localHost, int localPort) throws IOException {
        return connected(new InetSocketAddress(host, port), new InetSocketAddress(localHost, localPort));
    }

    @Override
    public Socket createSocket(InetAddress host, int port) throws IOException {
        return connected(new InetSocketAddress(host, port), null);
    }

    @Override
    public Socket createSocket(InetAddress address, int port, InetAddress localAddress, int localPort) throws IOException {
        return connected(new InetSocketAddress(address, port), new InetSocketAddress(localAddress, localPort));
    }

    private Socket connected(InetSocketAddress remote, InetSocketAddress local) throws IOException {
        Socket socket = createSocket();
        if (local != null) {
            socket.bind(local);
        }
        socket.connect(remote);
        return socket;
    }
}
