package dev.sessioncontrol.keycloak.support;

import org.jboss.logging.Logger;
import org.keycloak.common.Version;

/**
 * Which Keycloak this jar works on. It implements internal SPIs and reads Keycloak's persistent session table,
 * which change between minor releases, so it runs only on the release series it is built and tested for. On any
 * other Keycloak every feature stays off: REST routes answer 404, listeners and the authenticator step do nothing,
 * the themes are not offered and the database is left alone; one line in the log says so.
 */
public final class KeycloakCompatibility {

    /** The release series (major.minor) this jar is compiled against and tested on. */
    public static final String SUPPORTED_SERIES = "26.7";

    private static final Logger LOG = Logger.getLogger(KeycloakCompatibility.class);

    /** Decided once from the running server's version, which cannot change while it runs. */
    private static final boolean SUPPORTED = isSupported(Version.VERSION);

    private KeycloakCompatibility() {}

    /** Whether the running Keycloak is one this jar works on. */
    public static boolean supported() {
        return SUPPORTED;
    }

    /** Whether {@code version} (e.g. "26.7.3", "26.7.0.redhat-00001") is of the supported series. */
    static boolean isSupported(String version) {
        if (version == null) {
            return false;
        }
        String v = version.trim();
        return v.equals(SUPPORTED_SERIES) || v.startsWith(SUPPORTED_SERIES + ".");
    }

    /** The one line an operator needs when the extension stays off; called once, by one factory. */
    public static void reportIfUnsupported() {
        if (!SUPPORTED) {
            LOG.warnf(
                    "session-control %s supports Keycloak %s.x only; this server runs Keycloak %s, so every"
                            + " feature of the extension is off (its REST routes answer 404, its listeners, authenticator"
                            + " step and themes do nothing, its database changes are not applied). Install a release of the"
                            + " extension made for this Keycloak.",
                    ProviderInfo.version(), SUPPORTED_SERIES, Version.VERSION);
        }
    }
}
