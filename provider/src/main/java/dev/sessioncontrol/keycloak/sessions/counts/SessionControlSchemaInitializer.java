package dev.sessioncontrol.keycloak.sessions.counts;

import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import org.infinispan.protostream.SerializationContext;
import org.infinispan.protostream.SerializationContextInitializer;

/**
 * Registers {@link SessionControlSchema} with Keycloak's Infinispan (Keycloak's build step collects every
 * {@code SerializationContextInitializer} service of every jar) on a supported Keycloak only: the generated code
 * needs the ProtoStream release that Keycloak ships, and an older one would stop Keycloak from starting. On any
 * other Keycloak it registers nothing. Stateless, with a public no-argument constructor: Keycloak's build step
 * records the instance.
 */
public final class SessionControlSchemaInitializer implements SerializationContextInitializer {

    private static final String FILE_NAME = "session-control.proto";

    @Override
    public void registerSchema(SerializationContext context) {
        if (KeycloakCompatibility.supported()) {
            new SessionControlSchemaImpl().registerSchema(context);
        }
    }

    @Override
    public void registerMarshallers(SerializationContext context) {
        if (KeycloakCompatibility.supported()) {
            new SessionControlSchemaImpl().registerMarshallers(context);
        }
    }

    /** Part of the interface in older ProtoStream releases (Keycloak 26.5 and before). */
    public String getProtoFileName() {
        return FILE_NAME;
    }

    /** Part of the interface in older ProtoStream releases (Keycloak 26.5 and before). */
    public String getProtoFile() {
        return KeycloakCompatibility.supported() ? new SessionControlSchemaImpl().getProtoFile() : "";
    }
}
