package dev.sessioncontrol.keycloak.casdoor;

import dev.sessioncontrol.keycloak.support.ChangelogProvider;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Adds the registered-id table to Keycloak's database: the entity and its Liquibase changelog, which Keycloak
 * applies at start-up (tracked in its own table {@code DATABASECHANGELOG_SC_CASDOOR}). Also drops the rows of a
 * realm, a user or a client when it is removed.
 */
public final class CasdoorJpaEntityProviderFactory extends SessionControlProviderFactory
        implements JpaEntityProviderFactory {

    /** Also names Liquibase's tracking table, from its first ten letters: keep it short and ours. */
    public static final String ID = "sc-casdoor";

    private static final Logger LOG = Logger.getLogger(CasdoorJpaEntityProviderFactory.class);
    private static final String CHANGELOG = "META-INF/casdoor/sc-casdoor-changelog.xml";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        // On an unsupported Keycloak the database is left alone: no changelog, so no table.
        return new ChangelogProvider(
                List.of(RegisteredSessionEntity.class, RegistrationLockEntity.class),
                KeycloakCompatibility.supported() ? CHANGELOG : null,
                ID);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        // Records follow their owners: the realm, the user (a new user of the same name must not inherit the old
        // one's ids) and the application.
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                int rows = new RegisteredSessionStore(
                                removed.getKeycloakSession(), removed.getRealm().getId())
                        .removeRealm();
                LOG.debugf(
                        "Removed %d registered Casdoor records of realm %s",
                        rows, removed.getRealm().getId());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                int rows = new RegisteredSessionStore(
                                removed.getKeycloakSession(), removed.getRealm().getId())
                        .removeUserRecords(removed.getUser().getUsername());
                LOG.debugf(
                        "Removed %d registered Casdoor records of a removed user of realm %s",
                        rows, removed.getRealm().getId());
            } else if (event instanceof ClientModel.ClientRemovedEvent removed) {
                ClientModel client = removed.getClient();
                int rows = new RegisteredSessionStore(
                                removed.getKeycloakSession(), client.getRealm().getId())
                        .removeApplication(client.getClientId());
                LOG.debugf("Removed %d registered Casdoor records of client %s", rows, client.getId());
            }
        });
    }

    @Override
    public String getId() {
        return ID;
    }
}
