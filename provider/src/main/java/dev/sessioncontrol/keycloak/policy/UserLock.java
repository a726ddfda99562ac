package dev.sessioncontrol.keycloak.policy;

import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;

/**
 * Serializes the policy's decisions for one user across requests and cluster nodes: a pessimistic write lock
 * on the user's row, held until the transaction that took it ends. Users of a federation provider that are
 * not imported have no row and are not serialized (see docs/policy.md, known gaps).
 */
final class UserLock {

    private UserLock() {
    }

    /** @return whether a row was locked */
    static boolean lock(KeycloakSession session, String userId) {
        EntityManager em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        return !em.createQuery("select u.id from UserEntity u where u.id = :id", String.class)
                .setParameter("id", userId)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()
                .isEmpty();
    }
}
