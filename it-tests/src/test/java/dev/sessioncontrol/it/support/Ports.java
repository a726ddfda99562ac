package dev.sessioncontrol.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/** Free loopback ports for the servers of a test run. */
final class Ports {

    /** JGroups' failure detection (FD_SOCK2) listens 50,000 above the transport's port. */
    private static final int FAILURE_DETECTION_OFFSET = 50_000;

    private Ports() {}

    /** Binds all ports at once so they differ, then frees them for the servers. */
    static int[] free(int count) {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                socket.setReuseAddress(true);
                sockets.add(socket);
            }
            return sockets.stream().mapToInt(ServerSocket::getLocalPort).toArray();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        } finally {
            sockets.forEach(Ports::closeQuietly);
        }
    }

    /**
     * A port for a node's cluster transport: free itself and free 50,000 above it (where JGroups' failure
     * detection listens), so below 15,536.
     */
    static int freeClusterPort(List<Integer> taken) {
        for (int attempt = 0; attempt < 200; attempt++) {
            int port = ThreadLocalRandom.current().nextInt(7_800, 15_500);
            if (!taken.contains(port) && isFree(port) && isFree(port + FAILURE_DETECTION_OFFSET)) {
                return port;
            }
        }
        throw new IllegalStateException("No free pair of cluster ports (P, P+50000) on loopback");
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
            socket.setReuseAddress(true);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void closeQuietly(ServerSocket socket) {
        try {
            socket.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }
}
