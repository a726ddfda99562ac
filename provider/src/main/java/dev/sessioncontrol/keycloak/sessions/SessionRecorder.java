package dev.sessioncontrol.keycloak.sessions;

import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.Provider;

/**
 * Told of what happens to sessions, for the node's metrics (implemented in {@code metrics}): sign-ins, endings
 * through the one ending path, refusals by the policy, alerts. Never asked anything back, so nothing here depends on it.
 */
public interface SessionRecorder extends Provider {

    /** A session of this device type began in the realm. */
    void began(RealmModel realm, String deviceType);

    /** A session ends in the current request; counted once the request commits (nothing on a rollback). */
    void ended(KeycloakSession session, RealmModel realm, EndReason reason);

    /** A sign-in of this device type was refused by the realm's concurrent-login policy. */
    void refused(RealmModel realm, String deviceType);

    /**
     * An alert of this kind (e.g. {@code impossible-travel}) was raised on a sign-in of the current request; counted
     * once the request commits.
     */
    void alerted(KeycloakSession session, RealmModel realm, String kind);

    @Override
    default void close() {
        // One per node, closed with its factory.
    }
}
