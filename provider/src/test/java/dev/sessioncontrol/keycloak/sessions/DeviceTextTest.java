package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeviceTextTest {

    @Test
    void readsAsAPersonSaysIt() {
        assertEquals(
                "Chrome 131 \u00b7 Windows 10", DeviceText.of("Windows", "10", "Chrome/131.0.0", "Other", "Web app"));
        assertEquals(
                "Mobile Safari 17 \u00b7 iOS 17.6 \u00b7 iPhone",
                DeviceText.of("iOS", "17.6", "Mobile Safari/17.6", "iPhone", null));
        assertEquals("Firefox 133 \u00b7 Linux", DeviceText.of("Linux", "Unknown", "Firefox/133.0", "Other", null));
    }

    @Test
    void anAppsHttpLibraryIsNamedByItsApplication() {
        assertEquals("Demo mobile app", DeviceText.of("Other", "Unknown", "okhttp/4.12.0", "Other", "Demo mobile app"));
        assertEquals("okhttp 4", DeviceText.of("Other", null, "okhttp/4.12.0", null, null));
        assertEquals("", DeviceText.of(null, null, null, null, null));
    }

    @Test
    void theSessionViewsTextFollowsTheConsolesRules() {
        List<SessionView.ClientRef> clients = List.of(
                new SessionView.ClientRef("account-console", "${client_account-console}"),
                new SessionView.ClientRef("app", "Demo app"));
        assertEquals(
                "Chrome 131 \u00b7 Windows 10",
                DeviceText.of(new SessionView.Device("Windows", "10", "Chrome/131.0.0", "Other", false), clients));
        assertEquals(
                "account-console, Demo app",
                DeviceText.of(new SessionView.Device("Other", "Unknown", "okhttp/4.12.0", "Other", false), clients),
                "no recognised system: the clients, a message key giving way to the client id");
        assertEquals(
                "okhttp 4",
                DeviceText.of(new SessionView.Device("Other", null, "okhttp/4.12.0", null, false), List.of()));
        assertEquals(
                "Chrome", DeviceText.of(new SessionView.Device("Other", null, "Chrome/0.0", null, false), List.of()));
        assertEquals("\u2014", DeviceText.of(null, List.of()));
        assertEquals(
                "Demo app",
                DeviceText.of(null, List.of(new SessionView.ClientRef("app", "Demo app"))),
                "no device recorded at all");
    }
}
