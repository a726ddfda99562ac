package dev.sessioncontrol.keycloak.support;

import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/** What a factory hands out on an unsupported Keycloak (see {@link KeycloakCompatibility}): providers doing nothing. */
public final class Inert {

    /** An event listener that ignores every event; stateless, so one serves every request. */
    public static final EventListenerProvider EVENTS = new EventListenerProvider() {
        @Override
        public void onEvent(Event event) {}

        @Override
        public void onEvent(AdminEvent event, boolean includeRepresentation) {}

        @Override
        public void close() {}
    };

    /** A flow step that lets every sign-in through, so flows that contain it keep working. */
    public static final Authenticator AUTHENTICATOR = new Authenticator() {
        @Override
        public void authenticate(AuthenticationFlowContext context) {
            context.success();
        }

        @Override
        public void action(AuthenticationFlowContext context) {
            context.success();
        }

        @Override
        public boolean requiresUser() {
            return false;
        }

        @Override
        public boolean configuredFor(KeycloakSession session, RealmModel realm, UserModel user) {
            return true;
        }

        @Override
        public void setRequiredActions(KeycloakSession session, RealmModel realm, UserModel user) {}

        @Override
        public void close() {}
    };

    private Inert() {}
}
