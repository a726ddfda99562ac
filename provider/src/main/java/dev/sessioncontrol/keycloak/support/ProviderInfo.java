package dev.sessioncontrol.keycloak.support;

import java.util.Map;

/** Operational info each factory shows under Realm → Provider info in the admin console. */
public final class ProviderInfo {

    private ProviderInfo() {}

    /** The jar's {@code Implementation-Version}, or "development" when run from classes. */
    public static String version() {
        String version = ProviderInfo.class.getPackage().getImplementationVersion();
        return version == null ? "development" : version;
    }

    public static Map<String, String> operationalInfo() {
        return Map.of("version", version());
    }
}
