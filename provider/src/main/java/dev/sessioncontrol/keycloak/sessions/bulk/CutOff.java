package dev.sessioncontrol.keycloak.sessions.bulk;

import java.util.Collection;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;

/**
 * What makes the sessions of a bulk ending unusable before it answers, without touching the sessions themselves: a
 * "not before" that Keycloak checks on every refresh token (regular and offline), every access token and every
 * single sign-on cookie. It is written in one short transaction of its own, committed before any session is ended,
 * so that it costs the same whatever the number of sessions and never waits for an application's back-channel
 * endpoint. Tokens issued in the same second count as before (the not-before is the next second).
 *
 * <p>Keycloak checks three not-befores: the realm's, the client's and the user's. Only the realm's and the user's
 * cover cookies, so those are the two used here; a client's is ignored by Keycloak as soon as the realm has one.
 */
public final class CutOff {

    private enum Kind {
        NONE,
        REALM,
        USER
    }

    /** Nothing at once: the bulk ending ends every covered session before it answers. */
    public static final CutOff NONE = new CutOff(Kind.NONE, null);

    private final Kind kind;
    private final String userId;
    private final List<String> userIds;

    private CutOff(Kind kind, String userId) {
        this(kind, userId, userId == null ? List.of() : List.of(userId));
    }

    private CutOff(Kind kind, String userId, List<String> userIds) {
        this.kind = kind;
        this.userId = userId;
        this.userIds = userIds;
    }

    /**
     * Every token and cookie of the realm. With {@code callerUserId} null (the caller is not signed in to this realm,
     * typically an admin of master) the realm's not-before, as Keycloak's own "logout-all" sets it. Otherwise every
     * user's not-before but the caller's, so that the caller's session lives on; the caller's own other sessions are
     * then not covered and must be ended before the answer.
     */
    public static CutOff realm(String callerUserId) {
        return new CutOff(Kind.REALM, callerUserId);
    }

    /** Every token and cookie of one user, as Keycloak's own "sign out" of a user sets it. */
    public static CutOff user(String userId) {
        return new CutOff(Kind.USER, userId);
    }

    /** Every token and cookie of each of these users (a bounded few: one not-before each). */
    public static CutOff users(Collection<String> userIds) {
        return new CutOff(Kind.USER, null, List.copyOf(userIds));
    }

    /** Whether the covered sessions are unusable once {@link #apply} committed (else they must be ended first). */
    boolean atOnce() {
        return kind != Kind.NONE;
    }

    /** Whether it covers named users (whose few sessions the request can end at once). */
    boolean ofUsers() {
        return kind == Kind.USER;
    }

    /** Whether it covers everything of the realm but one user (whose other sessions are left to the caller). */
    boolean sparesUser() {
        return kind == Kind.REALM && userId != null;
    }

    /** Writes the not-before; in a transaction that does nothing else that could fail or wait. */
    void apply(KeycloakSession session, RealmModel realm, int notBefore) {
        switch (kind) {
            case NONE -> {}
            case REALM -> {
                if (userId == null) {
                    if (realm.getNotBefore() < notBefore) {
                        realm.setNotBefore(notBefore);
                    }
                } else {
                    allUsersBut(session, realm, userId, notBefore);
                }
            }
            case USER -> {
                for (String id : userIds) {
                    UserModel user = session.users().getUserById(realm, id);
                    if (user != null && session.users().getNotBeforeOfUser(realm, user) < notBefore) {
                        session.users().setNotBeforeForUser(realm, user, notBefore);
                    }
                }
            }
        }
    }

    /**
     * One statement in the database for every user of the realm, then the realm's users dropped from Keycloak's user
     * cache on every node (it caches each user's not-before).
     */
    private static void allUsersBut(KeycloakSession session, RealmModel realm, String keepUserId, int notBefore) {
        session.getProvider(JpaConnectionProvider.class)
                .getEntityManager()
                .createQuery("update UserEntity u set u.notBefore = :notBefore where u.realmId = :realmId"
                        + " and u.id <> :keep and u.notBefore < :notBefore")
                .setParameter("notBefore", notBefore)
                .setParameter("realmId", realm.getId())
                .setParameter("keep", keepUserId)
                .executeUpdate();
        UserCache cache = session.getProvider(UserCache.class);
        if (cache != null) {
            cache.evict(realm);
        }
    }
}
