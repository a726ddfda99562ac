package dev.sessioncontrol.keycloak.geo;

import dev.sessioncontrol.keycloak.support.ChangelogProvider;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.jboss.logging.Logger;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * Adds the known-place table to Keycloak's database (Liquibase, tracked in {@code DATABASECHANGELOG_SC_PLACES}) and
 * drops the rows of a user or a realm when it is removed.
 */
public final class KnownPlaceJpaProviderFactory extends SessionControlProviderFactory
        implements JpaEntityProviderFactory {

    /** Also names Liquibase's tracking table, from its first ten letters: keep it short and ours. */
    public static final String ID = "sc-places";

    private static final Logger LOG = Logger.getLogger(KnownPlaceJpaProviderFactory.class);
    private static final String CHANGELOG = "META-INF/geo/sc-places-changelog.xml";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        // On an unsupported Keycloak the database is left alone: no changelog, so no table.
        return new ChangelogProvider(
                List.of(KnownPlaceEntity.class), KeycloakCompatibility.supported() ? CHANGELOG : null, ID);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        // A realm's users are removed in bulk, without a UserRemovedEvent each: the realm's rows go with the realm.
        factory.register(event -> {
            if (event instanceof RealmModel.RealmRemovedEvent removed) {
                int rows = new KnownPlaceStore(
                                removed.getKeycloakSession(), removed.getRealm().getId())
                        .removeRealm();
                LOG.debugf(
                        "Removed %d known places of realm %s",
                        rows, removed.getRealm().getId());
            } else if (event instanceof UserModel.UserRemovedEvent removed) {
                int rows = new KnownPlaceStore(
                                removed.getKeycloakSession(), removed.getRealm().getId())
                        .removeUser(removed.getUser().getId());
                LOG.debugf(
                        "Removed %d known places of user %s",
                        rows, removed.getUser().getId());
            }
        });
    }

    @Override
    public String getId() {
        return ID;
    }
}
