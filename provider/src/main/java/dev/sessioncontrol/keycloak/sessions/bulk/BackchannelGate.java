package dev.sessioncontrol.keycloak.sessions.bulk;

import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import org.keycloak.models.AuthenticatedClientSessionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.UserSessionModel;

/**
 * Bounds how many sessions this node's bulk-ending workers end at once per application that is told of endings on
 * a back-channel, so that many workers never flood one application's logout endpoint. Applications without a
 * back-channel logout URL or admin URL get no call from Keycloak, so they take no permit. One per node.
 */
final class BackchannelGate {

    private final int perClient;
    private final Map<String, Semaphore> permits = new ConcurrentHashMap<>();

    BackchannelGate(int perClient) {
        this.perClient = perClient;
    }

    /** Waits for a permit of each back-channel application of the session (in a fixed order: no deadlock). */
    Pass enter(UserSessionModel session) {
        TreeSet<String> clients = new TreeSet<>();
        for (AuthenticatedClientSessionModel c :
                session.getAuthenticatedClientSessions().values()) {
            ClientModel client = c.getClient();
            if (client != null && toldOnBackchannel(client)) {
                clients.add(client.getId());
            }
        }
        if (clients.isEmpty()) {
            return Pass.NONE;
        }
        Semaphore[] held = new Semaphore[clients.size()];
        int n = 0;
        try {
            for (String id : clients) {
                Semaphore semaphore = permits.computeIfAbsent(id, k -> new Semaphore(perClient));
                semaphore.acquire();
                held[n++] = semaphore;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        int count = n;
        return () -> {
            for (int i = 0; i < count; i++) {
                held[i].release();
            }
        };
    }

    private static boolean toldOnBackchannel(ClientModel client) {
        String url = client.getAttribute("backchannel.logout.url");
        return (url != null && !url.isBlank())
                || (client.getManagementUrl() != null
                        && !client.getManagementUrl().isBlank());
    }

    /** Permits held until closed. */
    interface Pass extends AutoCloseable {
        Pass NONE = () -> {};

        @Override
        void close();
    }
}
