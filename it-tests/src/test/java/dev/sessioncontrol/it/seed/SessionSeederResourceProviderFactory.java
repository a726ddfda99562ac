package dev.sessioncontrol.it.seed;

import dev.sessioncontrol.keycloak.sessions.SessionFactSync;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.keycloak.Config;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * {@code POST /realms/{realm}/session-seeder/seed?users=&perUser=&clientId=} creates users {@code seed-0..} and that
 * many persistent online sessions for each, in chunks of one transaction each, with a device type note spread
 * over Web, Mobile and OAuth. Answers the user ids. And a probe no API of the extension offers:
 * {@code GET /realms/{realm}/session-seeder/known-devices?realmId=&userId=} answers the rows of the extension's
 * known-device table of a realm (of one user when given).
 *
 * <p>{@code POST .../hold-realm-row?seconds=} locks the realm's database row, as a long realm update would, and
 * holds it until {@code DELETE .../hold-realm-row} or the seconds pass; {@code GET .../hold-realm-row} tells whether
 * it is held. Test server only.
 */
public class SessionSeederResourceProviderFactory implements RealmResourceProviderFactory {

    static final String DEVICE_TYPE_NOTE = "session-control.device-type";
    private static final String[] TYPES = {"Web", "Mobile", "OAuth"};
    private static final int USERS_PER_TRANSACTION = 20;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new Seeder(session);
            }

            @Override
            public void close() {}
        };
    }

    /** Realms whose row a hold has locked, and how to release each. */
    private static final Map<String, CountDownLatch> RELEASES = new ConcurrentHashMap<>();

    private static final Set<String> HELD = ConcurrentHashMap.newKeySet();

    public static final class Seeder {
        private final KeycloakSession session;

        Seeder(KeycloakSession session) {
            this.session = session;
        }

        @POST
        @Path("seed")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> seed(
                @QueryParam("users") int users,
                @QueryParam("perUser") int perUser,
                @QueryParam("clientId") String clientId,
                @QueryParam("prefix") String prefix,
                @QueryParam("unindexedSecondsAgo") Integer unindexedSecondsAgo) {
            String realmId = session.getContext().getRealm().getId();
            String namePrefix = prefix == null ? "seed-" : prefix;
            KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
            List<String> userIds = new ArrayList<>();
            List<String> sessionIds = new ArrayList<>();
            for (int from = 0; from < users; from += USERS_PER_TRANSACTION) {
                int start = from;
                int end = Math.min(users, from + USERS_PER_TRANSACTION);
                KeycloakModelUtils.runJobInTransaction(factory, s -> {
                    RealmModel realm = s.realms().getRealm(realmId);
                    s.getContext().setRealm(realm);
                    ClientModel client = realm.getClientByClientId(clientId);
                    for (int u = start; u < end; u++) {
                        String username = namePrefix + u;
                        UserModel user = s.users().getUserByUsername(realm, username);
                        if (user == null) {
                            user = s.users().addUser(realm, username);
                            user.setEnabled(true);
                        }
                        userIds.add(user.getId());
                        for (int i = 0; i < perUser; i++) {
                            UserSessionModel us = s.sessions()
                                    .createUserSession(
                                            null,
                                            realm,
                                            user,
                                            username,
                                            "10." + (u % 250) + "." + (i % 250) + ".1",
                                            "openid-connect",
                                            false,
                                            null,
                                            null,
                                            UserSessionModel.SessionPersistenceState.PERSISTENT);
                            us.setNote(DEVICE_TYPE_NOTE, TYPES[(u + i) % TYPES.length]);
                            if (client != null) {
                                s.sessions().createClientSession(realm, client, us);
                            }
                            if (unindexedSecondsAgo == null) {
                                // As a sign-in the extension stamps: its listing facts are written with it.
                                s.getProvider(JpaConnectionProvider.class)
                                        .getEntityManager()
                                        .persist(SessionFactSync.of(us));
                            } else {
                                sessionIds.add(us.getId());
                            }
                        }
                    }
                });
            }
            if (unindexedSecondsAgo != null && !sessionIds.isEmpty()) {
                // Made as by a node without the extension, a while ago: only the background pass indexes them.
                KeycloakModelUtils.runJobInTransaction(
                        factory,
                        s -> s.getProvider(JpaConnectionProvider.class)
                                .getEntityManager()
                                .createQuery("update PersistentUserSessionEntity e set e.createdOn = e.createdOn - :ago"
                                        + " where e.userSessionId in :ids")
                                .setParameter("ago", unindexedSecondsAgo)
                                .setParameter("ids", sessionIds)
                                .executeUpdate());
            }
            return Map.of("users", userIds.size(), "sessions", (long) users * perUser, "userIds", userIds);
        }

        /** The devices (browser|system|type) recorded for the realm or one of its users, by SQL on the table. */
        @GET
        @Path("known-devices")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> knownDevices(
                @QueryParam("realmId") String realmId, @QueryParam("userId") String userId) {
            EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
            var query = userId == null
                    ? em.createNativeQuery("select DEVICE from SC_KNOWN_DEVICE where REALM_ID = ?1")
                            .setParameter(1, realmId)
                    : em.createNativeQuery("select DEVICE from SC_KNOWN_DEVICE where REALM_ID = ?1 and USER_ID = ?2")
                            .setParameter(1, realmId)
                            .setParameter(2, userId);
            List<String> devices = new ArrayList<>();
            for (Object device : query.getResultList()) {
                devices.add(String.valueOf(device));
            }
            return Map.of("devices", devices);
        }

        @POST
        @Path("hold-realm-row")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> hold(@QueryParam("seconds") int seconds) {
            String realmId = session.getContext().getRealm().getId();
            CountDownLatch release = new CountDownLatch(1);
            RELEASES.put(realmId, release);
            boolean[] released = {false};
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), s -> {
                EntityManager em = s.getProvider(JpaConnectionProvider.class).getEntityManager();
                em.createQuery("select r.id from RealmEntity r where r.id = :id", String.class)
                        .setParameter("id", realmId)
                        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                        .getResultList();
                HELD.add(realmId);
                try {
                    released[0] = release.await(seconds, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    HELD.remove(realmId);
                }
            });
            RELEASES.remove(realmId, release);
            return Map.of("released", released[0]);
        }

        @GET
        @Path("hold-realm-row")
        @Produces(MediaType.APPLICATION_JSON)
        public Map<String, Object> held() {
            return Map.of("held", HELD.contains(session.getContext().getRealm().getId()));
        }

        @DELETE
        @Path("hold-realm-row")
        public void release() {
            CountDownLatch release =
                    RELEASES.get(session.getContext().getRealm().getId());
            if (release != null) {
                release.countDown();
            }
        }
    }

    @Override
    public void init(Config.Scope config) {}

    @Override
    public void postInit(KeycloakSessionFactory factory) {}

    @Override
    public void close() {}

    @Override
    public String getId() {
        return "session-seeder";
    }
}
