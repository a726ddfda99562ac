package dev.sessioncontrol.keycloak.geo;

import dev.sessioncontrol.keycloak.sessions.Place;
import jakarta.persistence.EntityManager;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The known places of one realm's users, in the extension's table {@code SC_KNOWN_PLACE}. Works inside the
 * caller's transaction (the sign-in's), so a place is recorded only when the sign-in commits.
 */
final class KnownPlaceStore {

    /** More countries than anyone signs in from; rows of a race are read too. */
    private static final int READ_AT_MOST = 300;

    private final EntityManager em;
    private final String realmId;

    KnownPlaceStore(KeycloakSession session, String realmId) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realmId = realmId;
    }

    /** The user's countries, the last signed in from first. */
    List<KnownPlaceEntity> of(String userId) {
        return em.createNamedQuery("scKnownPlacesOfUser", KnownPlaceEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .setMaxResults(READ_AT_MOST)
                .getResultList();
    }

    void add(String userId, Place place, long now) {
        KnownPlaceEntity row = new KnownPlaceEntity();
        row.setId(KeycloakModelUtils.generateId());
        row.setRealmId(realmId);
        row.setUserId(userId);
        row.setCountry(place.countryCode());
        row.setSeen(now);
        seen(row, place, now);
        em.persist(row);
    }

    /** The row's last sign-in is this one. */
    void seen(KnownPlaceEntity row, Place place, long now) {
        row.setLastSeen(now);
        row.setPlace(place.note());
    }

    int removeUser(String userId) {
        return em.createNamedQuery("scKnownPlacesDeleteByUser")
                .setParameter("realmId", realmId)
                .setParameter("userId", userId)
                .executeUpdate();
    }

    int removeRealm() {
        return em.createNamedQuery("scKnownPlacesDeleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }
}
