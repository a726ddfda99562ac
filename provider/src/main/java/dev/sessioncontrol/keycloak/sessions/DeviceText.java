package dev.sessioncontrol.keycloak.sessions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A device as a person reads it, from Keycloak's parse of the User-Agent: "Chrome 131 · Windows 10",
 * "Mobile Safari 17 · iOS 17.6 · iPhone". Keycloak's words for what it did not recognise ("Other", "Unknown") are
 * left out; a sign-in from no recognised system (an app's HTTP library) is named by its application. The consoles
 * show the text the session view carries ({@link #of(SessionView.Device, List)}).
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

    /**
     * The device of a session as the consoles show it: as {@link #of(String, String, String, String, String)} where a
     * system was recognised; otherwise the labels of the clients it signed in to, else the browser, else a dash.
     */
    public static String of(SessionView.Device device, List<SessionView.ClientRef> clients) {
        if (device != null && recognised(device.os()) != null) {
            return of(device.os(), device.osVersion(), device.browser(), device.model(), null);
        }
        String labels = clients.stream().map(DeviceText::label).collect(Collectors.joining(", "));
        if (!labels.isEmpty()) {
            return labels;
        }
        String name = device == null ? null : browserName(device.browser());
        return name != null ? name : "\u2014";
    }

    /** A client's name, or its client id where it has none or only a message key such as {@code ${client_account}}. */
    private static String label(SessionView.ClientRef client) {
        String name = client.name();
        return name != null && !name.isEmpty() && !name.startsWith("${") ? name : client.clientId();
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
