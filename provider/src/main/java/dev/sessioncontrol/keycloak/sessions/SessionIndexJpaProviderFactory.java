package dev.sessioncontrol.keycloak.sessions;

import dev.sessioncontrol.keycloak.support.ChangelogProvider;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * The listing indexes on Keycloak's persistent session table, through a Liquibase changelog that Keycloak applies at
 * start-up (tracked in its own table {@code DATABASECHANGELOG_SC_SESSIONS}). No entities: the same changelog, as
 * released, also creates the bulk endings' table, whose entity {@code sessions.bulk} registers.
 */
public final class SessionIndexJpaProviderFactory extends SessionControlProviderFactory
        implements JpaEntityProviderFactory {

    /** Also names Liquibase's tracking table, from its first ten letters. */
    public static final String ID = "sc-sessions";

    private static final String CHANGELOG = "META-INF/sessions/sc-sessions-changelog.xml";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        // On an unsupported Keycloak the database is left alone.
        return new ChangelogProvider(List.of(), KeycloakCompatibility.supported() ? CHANGELOG : null, ID);
    }

    @Override
    public String getId() {
        return ID;
    }
}
