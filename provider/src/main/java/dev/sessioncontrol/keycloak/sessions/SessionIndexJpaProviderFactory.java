package dev.sessioncontrol.keycloak.sessions;

import dev.sessioncontrol.keycloak.support.ChangelogProvider;
import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.util.List;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.models.utils.PostMigrationEvent;
import org.keycloak.services.scheduled.ClusterAwareScheduledTaskRunner;
import org.keycloak.timer.TimerProvider;

/**
 * The listing indexes on Keycloak's persistent session table and the sessions' indexed facts
 * ({@link SessionFactEntity}), through a Liquibase changelog that Keycloak applies at start-up (tracked in its own
 * table {@code DATABASECHANGELOG_SC_SESSIONS}); the same changelog, as released, also creates the bulk endings' table,
 * whose entity {@code sessions.bulk} registers. Schedules the background pass that keeps the facts in step
 * ({@link SessionFactSync}), on one node of the cluster at a time.
 */
public final class SessionIndexJpaProviderFactory extends SessionControlProviderFactory
        implements JpaEntityProviderFactory {

    /** Also names Liquibase's tracking table, from its first ten letters. */
    public static final String ID = "sc-sessions";

    private static final String CHANGELOG = "META-INF/sessions/sc-sessions-changelog.xml";
    private static final String SYNC_TASK = "session-control-session-facts";
    private static final long SYNC_MILLIS = 60_000;
    /** A pass stops in time for the next one, which the cluster may hand to another node. */
    private static final long SYNC_BUDGET_MILLIS = 50_000;

    private final SessionFactSync.Passes passes = new SessionFactSync.Passes();

    @Override
    public JpaEntityProvider create(KeycloakSession session) {
        // On an unsupported Keycloak the database is left alone.
        return KeycloakCompatibility.supported()
                ? new ChangelogProvider(List.of(SessionFactEntity.class), CHANGELOG, ID)
                : new ChangelogProvider(List.of(), null, ID);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        factory.register(event -> {
            if (event instanceof PostMigrationEvent) {
                KeycloakModelUtils.runJobInTransaction(
                        factory,
                        session -> session.getProvider(TimerProvider.class)
                                .schedule(
                                        new ClusterAwareScheduledTaskRunner(
                                                factory,
                                                s -> passes.run(
                                                        factory, System.currentTimeMillis() + SYNC_BUDGET_MILLIS),
                                                SYNC_MILLIS),
                                        SYNC_MILLIS,
                                        SYNC_TASK));
            } else if (event instanceof RealmModel.RealmRemovedEvent removed) {
                removed.getKeycloakSession()
                        .getProvider(JpaConnectionProvider.class)
                        .getEntityManager()
                        .createNamedQuery("scFactDeleteByRealm")
                        .setParameter("realmId", removed.getRealm().getId())
                        .executeUpdate();
            }
        });
    }

    @Override
    public String getId() {
        return ID;
    }
}
