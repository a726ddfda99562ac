package dev.sessioncontrol.keycloak.casdoor;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.utils.KeycloakModelUtils;

/**
 * The registered ids of one realm, in the extension's table {@code SC_CASDOOR_SESSION}. Works inside the request's
 * transaction, so a change and the sessions ended with it commit together.
 */
final class RegisteredSessionStore {

    /** Rows of {@code SC_CASDOOR_LOCK}, created by the changelog (ids 0 to 31). */
    static final int LOCK_STRIPES = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<List<String>> ID_LIST = new TypeReference<>() {};

    private final EntityManager em;
    private final String realmId;

    RegisteredSessionStore(KeycloakSession session, String realmId) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realmId = realmId;
    }

    Registration find(RecordKey key) {
        RegisteredSessionEntity row = row(key, false);
        return row == null ? null : toRegistration(row);
    }

    /** At most {@code max} registrations of the realm, or of one user or one application when given. */
    List<Registration> list(String userName, String application, int max) {
        String query = userName != null
                ? "scCasdoorSessionsByUser"
                : application != null ? "scCasdoorSessionsByApplication" : "scCasdoorSessionsByRealm";
        var q = em.createNamedQuery(query, RegisteredSessionEntity.class).setParameter("realmId", realmId);
        if (userName != null) {
            q.setParameter("userName", userName);
        } else if (application != null) {
            q.setParameter("application", application);
        }
        return q.setMaxResults(max).getResultList().stream()
                .map(RegisteredSessionStore::toRegistration)
                .toList();
    }

    /** The registration, read for a change: its row stays locked until the request's transaction ends. */
    Registration findForUpdate(RecordKey key) {
        RegisteredSessionEntity row = row(key, true);
        return row == null ? null : toRegistration(row);
    }

    /**
     * Like {@link #findForUpdate}, for a change that may create the record: when there is no row yet, the record's
     * lock stripe is locked before looking again, so that two first registrations of one record (two threads or
     * two nodes) take turns instead of both inserting; the second then finds and extends the first's. Nothing
     * else waits: not the realm, and not first registrations of other records (unless they share the stripe, for
     * the moment one takes).
     */
    Registration findForInsert(RecordKey key) {
        RegisteredSessionEntity row = row(key, true);
        if (row == null) {
            lockStripe(key);
            row = row(key, true);
        }
        return row == null ? null : toRegistration(row);
    }

    /** Writes the registration; read it first with {@link #findForInsert} in the same transaction. */
    void save(Registration registration) {
        RegisteredSessionEntity row = row(registration.key(), true);
        if (row == null) {
            row = new RegisteredSessionEntity();
            row.setId(KeycloakModelUtils.generateId());
            row.setRealmId(realmId);
            row.setUserName(registration.key().name());
            row.setApplication(registration.key().application());
            row.setRegisteredAt(Time.currentTimeMillis());
            em.persist(row);
        }
        row.setCreatedTime(registration.createdTime());
        row.setExclusiveSignin(registration.exclusiveSignin());
        row.setSessionIds(writeIds(registration.ids()));
    }

    /** Records the application holds in this realm. */
    long countApplication(String application) {
        return em.createNamedQuery("scCasdoorSessionsCountByApplication", Long.class)
                .setParameter("realmId", realmId)
                .setParameter("application", application)
                .getSingleResult();
    }

    /** Held until the request's transaction ends; only changes to a record that has no row yet take it. */
    private void lockStripe(RecordKey key) {
        em.find(RegistrationLockEntity.class, stripe(realmId, key), LockModeType.PESSIMISTIC_WRITE);
    }

    /** The same on every node: {@link String#hashCode()} is specified. */
    static int stripe(String realmId, RecordKey key) {
        return Math.floorMod(Objects.hash(realmId, key.name(), key.application()), LOCK_STRIPES);
    }

    boolean remove(RecordKey key) {
        RegisteredSessionEntity row = row(key, true);
        if (row == null) {
            return false;
        }
        em.remove(row);
        return true;
    }

    /** Drops every record of a user in this realm (single sign-out). */
    void removeUser(String userName) {
        em.createNamedQuery("scCasdoorSessionsByUser", RegisteredSessionEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userName", userName)
                .setLockMode(LockModeType.PESSIMISTIC_WRITE)
                .getResultList()
                .forEach(em::remove);
    }

    /** Every record of a user that is being removed: a new user of the same name starts with none. */
    int removeUserRecords(String userName) {
        return em.createNamedQuery("scCasdoorSessionsDeleteByUser")
                .setParameter("realmId", realmId)
                .setParameter("userName", userName.toLowerCase(Locale.ROOT))
                .executeUpdate();
    }

    /** Every record of an application (client) that is being removed. */
    int removeApplication(String clientId) {
        return em.createNamedQuery("scCasdoorSessionsDeleteByApplication")
                .setParameter("realmId", realmId)
                .setParameter("application", clientId)
                .executeUpdate();
    }

    /**
     * Gives records from before the {@code REGISTERED_AT} column the time {@code now}, at most {@code max} of
     * them: their age counts from the first clean-up that sees them.
     *
     * @return how many were stamped
     */
    static int stampUnregistered(EntityManager em, long now, int max) {
        List<String> ids = em.createNamedQuery("scCasdoorSessionsUnstamped", String.class)
                .setMaxResults(max)
                .getResultList();
        return ids.isEmpty()
                ? 0
                : em.createNamedQuery("scCasdoorSessionsStamp")
                        .setParameter("now", now)
                        .setParameter("ids", ids)
                        .executeUpdate();
    }

    /** Realms that hold a record registered before {@code before}. */
    static List<String> realmsRegisteredBefore(EntityManager em, long before) {
        return em.createNamedQuery("scCasdoorSessionsRealmsRegisteredBefore", String.class)
                .setParameter("before", before)
                .getResultList();
    }

    /**
     * Removes at most {@code max} records of this realm registered before {@code before} whose name is no user of
     * the realm in Keycloak's user table.
     *
     * @return how many were removed
     */
    int removeUnknownNames(long before, int max) {
        List<String> ids = em.createNamedQuery("scCasdoorSessionsOfUnknownNames", String.class)
                .setParameter("realmId", realmId)
                .setParameter("before", before)
                .setMaxResults(max)
                .getResultList();
        return ids.isEmpty()
                ? 0
                : em.createNamedQuery("scCasdoorSessionsDeleteByIds")
                        .setParameter("ids", ids)
                        .executeUpdate();
    }

    int removeRealm() {
        return em.createNamedQuery("scCasdoorSessionsDeleteByRealm")
                .setParameter("realmId", realmId)
                .executeUpdate();
    }

    private RegisteredSessionEntity row(RecordKey key, boolean forUpdate) {
        var query = em.createNamedQuery("scCasdoorSessionByKey", RegisteredSessionEntity.class)
                .setParameter("realmId", realmId)
                .setParameter("userName", key.name())
                .setParameter("application", key.application());
        if (forUpdate) {
            query.setLockMode(LockModeType.PESSIMISTIC_WRITE);
        }
        return query.getResultStream().findFirst().orElse(null);
    }

    private static Registration toRegistration(RegisteredSessionEntity row) {
        return new Registration(
                new RecordKey(row.getUserName(), row.getApplication()),
                row.getCreatedTime(),
                readIds(row.getSessionIds()),
                row.isExclusiveSignin());
    }

    static String writeIds(List<String> ids) {
        try {
            return JSON.writeValueAsString(ids);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> readIds(String json) {
        if (json == null || json.isBlank()) {
            return List.of();
        }
        try {
            return JSON.readValue(json, ID_LIST);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("unreadable SESSION_IDS column", e);
        }
    }
}
