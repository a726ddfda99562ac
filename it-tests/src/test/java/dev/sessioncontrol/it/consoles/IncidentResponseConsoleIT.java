package dev.sessioncontrol.it.consoles;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.pages.AdminSessionsPage;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.MailServer;
import dev.sessioncontrol.it.support.NewDeviceMails;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import java.util.List;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * "Respond to a compromised account" in the user's Sessions tab, in real headless Chromium: the confirmation says
 * what happens (every session, regular and offline, ended at once; a new password; an e-mail) with both extras on by
 * default; confirming ends the user's sessions and only theirs, and the alert says what was done, including an
 * extra switched off or an e-mail that could not be sent.
 */
class IncidentResponseConsoleIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String APP = "app";
    private static final MailServer MAIL = MailServer.shared();

    private static int users;

    @BeforeAll
    static void realmWithThemes(TestRealm realm) {
        realm.useSessionControlThemes();
        realm.adminPut("", Json.object().set("smtpServer", MAIL.smtpSettings("no-reply@example.test")))
                .requireSuccess("SMTP settings");
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(APP)
                .standardFlow(false)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        AdminSessionsPage.createRealmAdmin(realm);
    }

    /** A user of the calling test alone: "name-N" (with the verified address name-N@example.test). */
    private String user(String name) {
        String username = name + "-" + (++users);
        realm().createUser(username, "pw");
        return username;
    }

    private List<String> requiredActions(String userId) {
        JsonNode actions = realm().adminGet("/users/" + userId)
                .requireSuccess("the user")
                .json()
                .path("requiredActions");
        return StreamSupport.stream(actions.spliterator(), false)
                .map(JsonNode::asText)
                .toList();
    }

    @Test
    void endsEverySessionRequiresANewPasswordAndTellsTheUser() {
        String carol = user("carol");
        String carolId = realm().userId(carol);
        String bob = user("bob");
        String bobId = realm().userId(bob);
        Browser carolWeb = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        carolWeb.signIn(WEB, Browser.REDIRECT_URI, carol, "pw");
        Tokens offline = OAuth.offlineGrant(realm(), APP, null, carol, "pw", UserAgents.OKHTTP);
        new Browser(realm(), UserAgents.FIREFOX_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, bob, "pw");

        try (WebBrowser browser = new WebBrowser()) {
            browser.size(1280, 900);
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/users/" + carolId + "/sessions");
            browser.byTestId("sc-user-sessions");
            page.awaitRows(r -> r.size() == 2);
            browser.screenshot("admin-user-sessions-incident-button");
            assertEquals(2, page.toolbarRows(), "the tab's toolbar keeps two rows at 1280 px: " + page.toolbarItems());
            // Keycloak's own tab bar of the user's page scrolls its tabs at this width; nothing of ours may.
            assertEquals(
                    List.of(),
                    browser.horizontalScrollbars().stream()
                            .filter(s -> !s.startsWith("ul.pf-v5-c-tabs__list"))
                            .toList(),
                    "nothing of the tab scrolls sideways at 1280 px");

            String body = page.openIncidentResponse();
            assertTrue(body.contains("Every session of " + carol + ", regular and offline, ends now"), body);
            assertTrue(body.contains("The user must set a new password at the next sign-in"), body);
            assertTrue(body.contains("The user is told by e-mail"), body);
            assertTrue(page.switchOn("requirePasswordUpdate"), "a new password is asked by default");
            assertTrue(page.switchOn("notifyUser"), "the user is told by default");
            browser.screenshot("admin-incident-response");
            page.confirm("incident-response");

            page.awaitAlert("user notified by e-mail");
            String alert = page.awaitAlert("password update required");
            assertTrue(alert.startsWith("2 sessions ended"), alert);
            page.awaitRows(List::isEmpty);
            browser.screenshot("admin-incident-response-done");
        }
        assertEquals(0, realm().userSessions(carolId).size(), "every session of carol is ended");
        assertEquals(
                "invalid_grant",
                OAuth.refresh(realm(), APP, null, offline.refreshToken()).error(),
                "her offline token too");
        assertFalse(carolWeb.ssoSessionAlive(WEB, Browser.REDIRECT_URI), "her browser is signed out");
        assertEquals(List.of("UPDATE_PASSWORD"), requiredActions(carolId));
        assertEquals(1, MAIL.awaitMessagesTo(carol + "@example.test", 1).size());
        assertEquals(1, realm().userSessions(bobId).size(), "other users keep their sessions");
    }

    @Test
    void withTheExtrasOffOnlyTheSessionsEndAndTheAlertSaysSo() {
        String dave = user("dave");
        String daveId = realm().userId(dave);
        OAuth.passwordGrant(realm(), APP, null, dave, "pw", UserAgents.OKHTTP);

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/users/" + daveId + "/sessions");
            page.awaitRows(r -> r.size() == 1);

            page.openIncidentResponse();
            page.setSwitch("requirePasswordUpdate", false);
            page.setSwitch("notifyUser", false);
            browser.screenshot("admin-incident-response-extras-off");
            page.confirm("incident-response");

            String alert = page.awaitAlert("no new password required");
            assertTrue(alert.contains("the user was not told"), alert);
            page.awaitRows(List::isEmpty);
        }
        assertEquals(0, realm().userSessions(daveId).size());
        assertEquals(List.of(), requiredActions(daveId), "no new password asked");
        assertEquals(List.of(), MAIL.messagesTo(dave + "@example.test"), "not told");
    }

    @Test
    void anAddressThatCannotBeToldIsSaidSo() {
        String erin = user("erin");
        String erinId = realm().userId(erin);
        NewDeviceMails.setEmailVerified(realm(), erinId, false);
        OAuth.passwordGrant(realm(), APP, null, erin, "pw", UserAgents.OKHTTP);

        try (WebBrowser browser = new WebBrowser()) {
            AdminSessionsPage page = AdminSessionsPage.signIn(browser, realm());
            page.go("/" + realm().name() + "/users/" + erinId + "/sessions");
            page.awaitRows(r -> r.size() == 1);
            page.openIncidentResponse();
            page.confirm("incident-response");
            String alert = page.awaitAlert("could not be notified");
            assertTrue(alert.contains("password update required"), alert);
            page.awaitRows(List::isEmpty);
        }
        assertEquals(List.of("UPDATE_PASSWORD"), requiredActions(erinId));
    }
}
