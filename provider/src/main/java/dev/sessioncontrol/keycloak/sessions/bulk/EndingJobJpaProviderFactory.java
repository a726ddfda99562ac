package dev.sessioncontrol.keycloak.sessions.bulk;

import dev.sessioncontrol.keycloak.support.ChangelogProvider;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Registers the bulk endings' entities ({@link EndingJobEntity}, {@link EndingRangeEntity}). Their tables are created by the
 * session listing's changelog ({@code sessions.SessionIndexJpaProviderFactory}), where it has been since it was
 * released, so there is no changelog here.
 */
public final class EndingJobJpaProviderFactory extends SessionControlProviderFactory
        implements JpaEntityProviderFactory {

    public static final String ID = "sc-ending-jobs";

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        return new ChangelogProvider(List.of(EndingJobEntity.class, EndingRangeEntity.class), null, ID);
    }

    @Override
    public String getId() {
        return ID;
    }
}
