package dev.sessioncontrol.keycloak.notify;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The known devices of one realm's users, in the extension's table {@code SC_KNOWN_DEVICE}. Works inside the
 * caller's transaction (the sign-in's), so a device is recorded only when the sign-in commits.
 */
final class KnownDeviceStore {

    /** More than a user keeps ({@link KnownDevices#MAX}): rows of a race are read too, and then trimmed. */
    private static final int READ_AT_MOST = 4 * KnownDevices.MAX;

    private final EntityManager em;
    private final String realmId;

    KnownDeviceStore(KeycloakSession session, String realmId) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realmId = realmId;
    }

    /** The user's devices, first seen first. */
    List<KnownDeviceEntity> of(String userId) {
        return em.createNamedQuery("scKnownDevicesOfUser", KnownDeviceEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setMaxResults(READ_AT_MOST)
                .getResultList();
    }

    void add(String userId, String device, long seen, Long told) {
        KnownDeviceEntity row = new KnownDeviceEntity();
        row.setId(KeycloakModelUtils.generateId());
        row.setRealmId(realmId);
        row.setUserId(userId);
        row.setDevice(device);
        row.setSeen(seen);
        row.setTold(told);
        em.persist(row);
    }

    void remove(KnownDeviceEntity row) {
        em.remove(row);
    }

    int removeUser(String userId) {
        return em.createNamedQuery("scKnownDevicesDeleteByUser")
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    int removeRealm() {
        return em.createNamedQuery("scKnownDevicesDeleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
