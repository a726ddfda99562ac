package dev.sessioncontrol.keycloak.device;

import java.util.Locale;

/**
 * Sorts a browser's User-Agent into {@code Mobile}, {@code Tablet} or {@code Desktop}. Keycloak's own parser
 * only knows "contains mobile", which calls every tablet a desktop; these rules follow how browsers announce
 * themselves (Android phones say "Mobile", Android tablets do not; iPads say "iPad", except iPadOS desktop mode,
 * which cannot be told from a Mac by its User-Agent).
 */
final class UserAgentClassifier {

    private UserAgentClassifier() {}

    static String classify(String userAgent) {
        if (userAgent == null || userAgent.isBlank()) {
            return DeviceTypes.DESKTOP;
        }
        String ua = userAgent.toLowerCase(Locale.ROOT);
        if (ua.contains("ipad")
                || ua.contains("tablet")
                || ua.contains("kindle")
                || ua.contains("silk/")
                || ua.contains("playbook")
                || (ua.contains("android") && !ua.contains("mobile"))) {
            return DeviceTypes.TABLET;
        }
        if (ua.contains("mobi")
                || ua.contains("iphone")
                || ua.contains("ipod")
                || ua.contains("android")
                || ua.contains("windows phone")
                || ua.contains("blackberry")
                || ua.contains("opera mini")) {
            return DeviceTypes.MOBILE;
        }
        return DeviceTypes.DESKTOP;
    }
}
