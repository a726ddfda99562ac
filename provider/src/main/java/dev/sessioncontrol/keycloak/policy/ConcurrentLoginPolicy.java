package dev.sessioncontrol.keycloak.policy;

import dev.sessioncontrol.keycloak.config.SessionControlConfig;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserSessionModel;

/**
 * The concurrent-login policy as the session listener applies it: one per node, owned by the listener's factory.
 * Keeps no state of its own (the sign-in windows it needs are shared by every node, see {@link SignInWindows}).
 */
public final class ConcurrentLoginPolicy {

    private final PolicyEnforcer enforcer = new PolicyEnforcer();

    /** Whether the realm's policy is on (anything but {@code Disabled}). */
    public boolean enabledIn(RealmModel realm) {
        return Policy.of(SessionControlConfig.of(realm)).enabled();
    }

    /**
     * A session was just created by a sign-in (and stamped with its device type): ends what the policy says must
     * end, now and after the request commits.
     */
    public void signedIn(
            KeycloakSession session,
            RealmModel realm,
            UserSessionModel newSession,
            String deviceType,
            ClientModel client) {
        enforcer.enforce(session, realm, newSession, deviceType, client);
    }
}
