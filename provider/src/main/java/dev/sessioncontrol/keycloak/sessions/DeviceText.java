package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A device as a person reads it, from Keycloak's parse of the User-Agent: "Chrome 131 · Windows 10",
 * "Mobile Safari 17 · iOS 17.6 · iPhone". Keycloak's words for what it did not recognise ("Other", "Unknown") are
 * left out; a sign-in from no recognised system (an app's HTTP library) is named by its application. The same
 * rules as the consoles' device text.
 */
public final class DeviceText {

    private static final Set<String> UNRECOGNISED = Set.of("", "other", "unknown");
    private static final String SEPARATOR = " \u00b7 ";

    private DeviceText() {}

    /**
     * @param browser     Keycloak's browser, e.g. {@code Chrome/131.0.0}
     * @param application the application's name, for a sign-in without a recognised system
     */
    public static String of(String os, String osVersion, String browser, String model, String application) {
        String system = recognised(os);
        if (system == null) {
            String name = browserName(browser);
            return application != null && !application.isBlank() ? application : name != null ? name : "";
        }
        List<String> parts = new ArrayList<>();
        String browserName = browserName(browser);
        if (browserName != null) {
            parts.add(browserName);
        }
        String version = recognised(osVersion);
        parts.add(version == null ? system : system + " " + version);
        String device = recognised(model);
        if (device != null) {
            parts.add(device);
        }
        return String.join(SEPARATOR, parts);
    }

    /** Keycloak's browser without its version ("Chrome/131.0.0" is "Chrome"); null when not recognised. */
    public static String browserFamily(String browser) {
        String b = recognised(browser);
        if (b == null) {
            return null;
        }
        return recognised(b.split("/", 2)[0]);
    }

    private static String browserName(String browser) {
        String family = browserFamily(browser);
        if (family == null) {
            return null;
        }
        String[] parts = browser.trim().split("/", 2);
        String major = parts.length > 1 ? parts[1].split("\\.", 2)[0] : "";
        return major.isEmpty() || major.equals("0") ? family : family + " " + major;
    }

    /** The value with Keycloak's words for "not recognised" ("Other", "Unknown", blank) as null. */
    public static String recognised(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        return UNRECOGNISED.contains(v.toLowerCase(Locale.ROOT)) ? null : v;
    }
}
