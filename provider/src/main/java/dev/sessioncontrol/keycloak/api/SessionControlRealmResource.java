package dev.sessioncontrol.keycloak.api;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import org.keycloak.models.KeycloakSession;

/** Root of {@code /realms/{realm}/session-control}. */
public final class SessionControlRealmResource {

    private final KeycloakSession session;

    SessionControlRealmResource(KeycloakSession session) {
        this.session = session;
    }

    @Path("account")
    public AccountSessionsResource account() {
        if (HttpMethod.OPTIONS.equals(session.getContext().getHttpRequest().getHttpMethod())) {
            return new AccountSessionsResource(session, null);
        }
        return new AccountSessionsResource(session, AccountAuth.authenticate(session));
    }
}
