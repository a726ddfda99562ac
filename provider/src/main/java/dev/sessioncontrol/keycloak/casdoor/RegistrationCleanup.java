package dev.sessioncontrol.keycloak.casdoor;

import jakarta.persistence.EntityManager;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.common.util.Time;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.timer.ScheduledTask;

/**
 * Removes records registered for names that are no user of their realm, once they are older than the configured
 * age: Casdoor lets applications register ids for any name, so without this such records would only ever grow.
 * Records of real users stay (they go with their user). Runs on Keycloak's timer on one node of the cluster at a
 * time, in batches of {@value #BATCH} records, each batch in a transaction of its own.
 *
 * <p>Realms with user federation (LDAP, Kerberos, custom user storage) are left alone: a directory user who has
 * not signed in yet has no row in Keycloak's user table, and their records must not look unknown.
 */
final class RegistrationCleanup implements ScheduledTask {

    static final int BATCH = 500;

    private static final Logger LOG = Logger.getLogger(RegistrationCleanup.class);

    private final long maxAgeMillis;

    RegistrationCleanup(long maxAgeMillis) {
        this.maxAgeMillis = maxAgeMillis;
    }

    @Override
    public void run(KeycloakSession session) {
        KeycloakSessionFactory factory = session.getKeycloakSessionFactory();
        long now = Time.currentTimeMillis();
        // Records from before the REGISTERED_AT column: their age starts now.
        int stamped;
        do {
            stamped = KeycloakModelUtils.runJobInTransactionWithResult(
                    factory, s -> RegisteredSessionStore.stampUnregistered(entityManager(s), now, BATCH));
        } while (stamped == BATCH);
        long before = now - maxAgeMillis;
        List<String> realmIds = RegisteredSessionStore.realmsRegisteredBefore(entityManager(session), before);
        for (String realmId : realmIds) {
            RealmModel realm = session.realms().getRealm(realmId);
            if (realm == null || hasUserFederation(realm)) {
                continue; // a removed realm's records go with it
            }
            int removed = 0;
            int batch;
            do {
                batch = KeycloakModelUtils.runJobInTransactionWithResult(
                        factory, s -> new RegisteredSessionStore(s, realmId).removeUnknownNames(before, BATCH));
                removed += batch;
            } while (batch == BATCH);
            if (removed > 0) {
                LOG.debugf(
                        "Removed %d Casdoor records of names that are no user of realm %s", removed, realm.getName());
            }
        }
    }

    private static boolean hasUserFederation(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .findAny()
                .isPresent();
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }
}
