package dev.sessioncontrol.keycloak.sessions.bulk;

import dev.sessioncontrol.keycloak.support.ChangelogProvider;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * The bulk endings' job table ({@link EndingJobEntity}) and the listing indexes on Keycloak's persistent session
 * table, through one Liquibase changelog that Keycloak applies at start-up, tracked in its own table
 * {@code DATABASECHANGELOG_SC_SESSIONS} since the first release: one id, so both stay with the job's entity here.
 */
public final class EndingJobJpaProviderFactory extends SessionControlProviderFactory
        implements JpaEntityProviderFactory {

    /** Also names Liquibase's tracking table, from its first ten letters. */
    public static final String ID = "sc-sessions";

    private static final String CHANGELOG = "META-INF/sessions/sc-sessions-changelog.xml";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        // On an unsupported Keycloak the database is left alone.
        return new ChangelogProvider(
                List.of(EndingJobEntity.class), KeycloakCompatibility.supported() ? CHANGELOG : null, ID);
    }

    @Override
    public String getId() {
        return ID;
    }
}
