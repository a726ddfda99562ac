package dev.sessioncontrol.keycloak.api;

import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProvider;
import org.keycloak.services.resources.admin.ext.AdminRealmResourceProviderFactory;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/** Mounts the admin API at {@code /admin/realms/{realm}/session-control}. */
public final class AdminSessionsResourceProviderFactory extends SessionControlProviderFactory
        implements AdminRealmResourceProviderFactory {

    public static final String ID = "session-control";

    @Override
    public AdminRealmResourceProvider create(KeycloakSession session) {
        return new AdminRealmResourceProvider() {
            @Override
            public Object getResource(
                    KeycloakSession s, RealmModel realm, AdminPermissionEvaluator auth, AdminEventBuilder adminEvent) {
                // null: Keycloak answers 404, as if the extension were not installed
                return KeycloakCompatibility.supported() ? new AdminSessionsResource(s, realm, auth, adminEvent) : null;
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public String getId() {
        return ID;
    }
}
