package dev.sessioncontrol.keycloak.sessions;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.jpa.entities.UserEntity;

/**
 * Serializes decisions about one user across requests and cluster nodes (the concurrent-login policy, the user's
 * known devices): a pessimistic write lock
 * on the user's row, held until the transaction that took it ends. Users of a federation provider that are
 * not imported have no row and are not serialized (see docs/policy.md, known gaps).
 */
public final class UserLock {

    private UserLock() {}

    /** @return whether a row was locked */
    public static boolean lock(KeycloakSession session, String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        // The entity, not a projection of it: JPA promises the lock for an entity it loads (or already holds, which
        // it then locks with a statement of its own), while a query for a column may be read without one.
        return em.find(UserEntity.class, userId, LockModeType.PESSIMISTIC_WRITE) != null;
    }
}
