package dev.sessioncontrol.it.endings;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.BackchannelLogoutReceiver;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Events;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.MailServer;
import dev.sessioncontrol.it.support.NewDeviceMails;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import dev.sessioncontrol.it.support.UserAgents;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * {@code POST users/{userId}/incident-response}: one request ends every session of a user, regular and offline, all
 * unusable before the answer (refresh tokens on the last node, the single sign-on cookie), with back-channel
 * logouts, {@code LOGOUT} events and one admin event; adds {@code UPDATE_PASSWORD}; and tells the user by e-mail (a
 * real SMTP server) in their language. With both switched off only the endings happen; refusals change nothing;
 * other users' sessions are untouched; an admin running it on themselves keeps their current session.
 */
@Tag("both")
class IncidentResponseIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String API = "api";
    private static final String DISPLAY_NAME = "Incident IT";
    private static final MailServer MAIL = MailServer.shared();
    private static final Path BUNDLES = Path.of("../theme/src/main/resources/theme-resources/messages");
    private static final Duration JOB = Duration.ofSeconds(60);

    private static BackchannelLogoutReceiver receiver;
    private static int users;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.adminPut(
                        "",
                        Json.object()
                                .put("displayName", DISPLAY_NAME)
                                .put("internationalizationEnabled", true)
                                .put("defaultLocale", "en")
                                .<ObjectNode>set("supportedLocales", Json.parse("[\"en\",\"de\"]"))
                                .set("smtpServer", MAIL.smtpSettings("no-reply@example.test")))
                .requireSuccess("SMTP settings");
        receiver = new BackchannelLogoutReceiver(realm);
        realm.createClient(ClientSpec.publicClient(WEB)
                .redirectUris(Browser.REDIRECT_URI)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url()));
        realm.createClient(ClientSpec.publicClient(API)
                .standardFlow(false)
                .directAccessGrants(true)
                .frontchannelLogout(false)
                .backchannelLogoutUrl(receiver.url()));
    }

    @AfterAll
    static void tearDown() {
        if (receiver != null) {
            receiver.close();
        }
    }

    private String newUser() {
        String name = "victim" + (++users);
        realm().createUser(name, "pw");
        return name;
    }

    private TestRealm onLastNode() {
        List<KeycloakServer> nodes = cluster().nodes();
        return realm().on(nodes.get(nodes.size() - 1));
    }

    /** Two browsers signed in to the web application, and the API holding an offline token. */
    private record SignedIn(
            String userId, Browser laptop, Tokens laptopTokens, Browser phone, Tokens phoneTokens, Tokens offline) {

        List<String> sessionIds() {
            return List.of(laptopTokens.sessionId(), phoneTokens.sessionId(), offline.sessionId());
        }
    }

    private SignedIn signedIn(String user) {
        Browser laptop = new Browser(realm(), UserAgents.CHROME_DESKTOP);
        Tokens laptopTokens = laptop.signIn(WEB, Browser.REDIRECT_URI, user, "pw");
        Browser phone = new Browser(realm(), UserAgents.SAFARI_IPHONE);
        Tokens phoneTokens = phone.signIn(WEB, Browser.REDIRECT_URI, user, "pw");
        Tokens offline = OAuth.offlineGrant(realm(), API, null, user, "pw", UserAgents.OKHTTP);
        return new SignedIn(realm().userId(user), laptop, laptopTokens, phone, phoneTokens, offline);
    }

    private Http.Response incidentResponse(String userId, String body) {
        return Http.postJson(
                realm().adminUrl() + "/session-control/users/" + userId + "/incident-response",
                realm().adminToken(),
                body);
    }

    private List<String> requiredActions(String userId) {
        return Json.list(realm().adminGet("/users/" + userId)
                        .requireSuccess("the user")
                        .json()
                        .path("requiredActions"))
                .stream()
                .map(JsonNode::asText)
                .toList();
    }

    /** Every refresh token of the user is refused on the last node, and neither browser signs in any more. */
    private void assertUnusable(SignedIn user) {
        for (Tokens tokens : List.of(user.laptopTokens(), user.phoneTokens())) {
            assertEquals(
                    "invalid_grant",
                    OAuth.refresh(onLastNode(), WEB, null, tokens.refreshToken())
                            .error(),
                    "the browser's refresh token");
        }
        assertEquals(
                "invalid_grant",
                OAuth.refresh(onLastNode(), API, null, user.offline().refreshToken())
                        .error(),
                "the offline token");
        assertFalse(user.laptop().ssoSessionAlive(WEB, Browser.REDIRECT_URI), "the laptop's cookie signs in");
        assertFalse(user.phone().ssoSessionAlive(WEB, Browser.REDIRECT_URI), "the phone's cookie signs in");
    }

    /** The user's sessions, regular and offline, as the extension's listing counts them. */
    private long sessionCount(String userId) {
        return realm().adminGet("/session-control/users/" + userId + "/sessions")
                .requireSuccess("the user's sessions")
                .json()
                .get("total")
                .asLong();
    }

    private void awaitNoSessions(String userId) {
        Poll.until("every session of " + userId + " gone", JOB, () -> sessionCount(userId) == 0);
    }

    private List<JsonNode> adminEventsOf(String userId) {
        return realm().adminEvents().stream()
                .filter(e -> e.path("resourcePath").asText().endsWith("users/" + userId + "/incident-response"))
                .toList();
    }

    @Test
    void everySessionIsUnusableAtOnceAndEndedThePasswordAskedAndTheUserTold() throws Exception {
        String user = newUser();
        SignedIn signedIn = signedIn(user);
        String bystander = newUser();
        Tokens untouched = OAuth.passwordGrant(realm(), API, null, bystander, "pw", UserAgents.CURL);
        Browser bystanderBrowser = new Browser(realm(), UserAgents.FIREFOX_DESKTOP);
        bystanderBrowser.signIn(WEB, Browser.REDIRECT_URI, bystander, "pw");

        long before = sessionCount(signedIn.userId());
        assertTrue(before >= 3, "two browsers and an offline sign-in: " + before);

        // An admin whose browser asks for German: the user has no language of their own, so the realm's default.
        JsonNode answer = Http.send(Http.request(
                                realm().adminUrl() + "/session-control/users/" + signedIn.userId()
                                        + "/incident-response",
                                realm().adminToken())
                        .header("Content-Type", "application/json")
                        .header("Accept-Language", "de")
                        .POST(HttpRequest.BodyPublishers.ofString("{}")))
                .requireSuccess("incident response")
                .json();

        assertUnusable(signedIn);
        assertEquals(before, answer.get("covered").asLong(), "every session of the user: " + answer);
        assertFalse(answer.get("skippedCurrent").asBoolean(), answer.toString());
        assertTrue(answer.get("passwordUpdateRequired").asBoolean(), answer.toString());
        assertTrue(answer.get("notified").asBoolean(), answer.toString());
        assertTrue(answer.hasNonNull("jobId") && answer.has("ended") && answer.has("remaining") && answer.has("done"));
        assertTrue(
                OAuth.refresh(onLastNode(), API, null, untouched.refreshToken()).ok(), "another user's session");
        assertTrue(bystanderBrowser.ssoSessionAlive(WEB, Browser.REDIRECT_URI), "another user's cookie");

        awaitNoSessions(signedIn.userId());
        for (String sessionId : signedIn.sessionIds()) {
            receiver.awaitLogoutToken(JOB, token -> sessionId.equals(token.sid()));
            assertEquals(
                    "incident-response",
                    Events.await(realm(), "LOGOUT", sessionId)
                            .at("/details/reason")
                            .asText(),
                    "the LOGOUT event of " + sessionId);
        }
        assertTrue(requiredActions(signedIn.userId()).contains("UPDATE_PASSWORD"));

        List<JsonNode> events = Poll.value("the admin event", Duration.ofSeconds(10), () -> {
            List<JsonNode> found = adminEventsOf(signedIn.userId());
            return found.isEmpty() ? null : found;
        });
        assertEquals(1, events.size(), events.toString());
        assertEquals("ACTION", events.get(0).path("operationType").asText());
        JsonNode representation =
                Json.parse(events.get(0).path("representation").asText());
        assertEquals("incident-response", representation.path("reason").asText(), representation.toString());
        assertEquals(before, representation.path("covered").asLong(), representation.toString());
        assertTrue(representation.path("passwordUpdateRequired").asBoolean(), representation.toString());
        assertTrue(representation.path("notified").asBoolean(), representation.toString());

        MimeMessage mail = MAIL.awaitMessagesTo(user + "@example.test", 1).get(0);
        assertEquals("Your " + DISPLAY_NAME + " account was signed out everywhere", mail.getSubject());
        String text = NewDeviceMails.part(mail, "text/plain");
        String html = NewDeviceMails.part(mail, "text/html");
        assertTrue(text.contains("Every session was ended"), text);
        assertTrue(text.contains("choose a new password"), text);
        assertTrue(html.contains("choose a new password"), html);
        assertEquals(1, MAIL.messagesTo(user + "@example.test").size());
        assertEquals(0, MAIL.messagesTo(bystander + "@example.test").size());
    }

    @Test
    void theUserIsToldInTheirLanguage() throws Exception {
        String user = newUser();
        String userId = realm().userId(user);
        realm().setLocale(userId, "de");
        OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.CURL);

        // The admin's own language does not count: the user's does.
        JsonNode answer = Http.send(Http.request(
                                realm().adminUrl() + "/session-control/users/" + userId + "/incident-response",
                                realm().adminToken())
                        .header("Content-Type", "application/json")
                        .header("Accept-Language", "fr")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"requirePasswordUpdate\":true}")))
                .requireSuccess("incident response")
                .json();
        assertTrue(answer.get("notified").asBoolean(), answer.toString());

        MimeMessage mail = MAIL.awaitMessagesTo(user + "@example.test", 1).get(0);
        Properties german = bundle("de");
        assertEquals(format(german, "scIncidentSubject"), mail.getSubject());
        String text = NewDeviceMails.part(mail, "text/plain");
        assertTrue(text.contains(format(german, "scIncidentBody")), text);
        assertTrue(text.contains(format(german, "scIncidentPassword")), text);
    }

    @Test
    void withBothSwitchedOffOnlyTheSessionsAreEnded() throws Exception {
        String user = newUser();
        SignedIn signedIn = signedIn(user);
        String address = user + "@example.test";

        JsonNode answer = incidentResponse(
                        signedIn.userId(), "{\"requirePasswordUpdate\": false, \"notifyUser\": false}")
                .requireSuccess("incident response without extras")
                .json();

        assertUnusable(signedIn);
        assertFalse(answer.get("passwordUpdateRequired").asBoolean(), answer.toString());
        assertFalse(answer.get("notified").asBoolean(), answer.toString());
        assertFalse(requiredActions(signedIn.userId()).contains("UPDATE_PASSWORD"));
        awaitNoSessions(signedIn.userId());
        assertEquals(
                "incident-response",
                Events.await(realm(), "LOGOUT", signedIn.offline().sessionId())
                        .at("/details/reason")
                        .asText());

        // The e-mail goes out before the answer, so had the first call sent one it would be there before this one,
        // which proves by arriving that the mail server took everything asked before it: it is the only one.
        JsonNode second = incidentResponse(signedIn.userId(), "{\"requirePasswordUpdate\": false}")
                .requireSuccess("a second incident response, told")
                .json();
        assertTrue(second.get("notified").asBoolean(), second.toString());
        List<MimeMessage> mails = MAIL.awaitMessagesTo(address, 1);
        assertEquals(1, mails.size(), "only the second call's e-mail");
        String text = NewDeviceMails.part(mails.get(0), "text/plain");
        assertFalse(text.contains("password"), "no password is asked: " + text);
        assertTrue(text.contains("You can sign in again as usual."), text);
        assertFalse(requiredActions(signedIn.userId()).contains("UPDATE_PASSWORD"));
    }

    @Test
    void anUnverifiedAddressIsNotWrittenTo() {
        String user = newUser();
        String userId = realm().userId(user);
        NewDeviceMails.setEmailVerified(realm(), userId, false);

        JsonNode answer = incidentResponse(userId, null)
                .requireSuccess("incident response")
                .json();

        assertFalse(answer.get("notified").asBoolean(), answer.toString());
        assertTrue(answer.get("passwordUpdateRequired").asBoolean(), answer.toString());
        assertTrue(requiredActions(userId).contains("UPDATE_PASSWORD"));
    }

    @Test
    void refusalsChangeNothing() {
        String user = newUser();
        String userId = realm().userId(user);
        Tokens alive = OAuth.passwordGrant(realm(), API, null, user, "pw", UserAgents.CURL);
        String viewerId = realm().createUser("viewer" + (++users), "pw");
        realm().assignClientRole(viewerId, "realm-management", "view-users");
        String viewerToken = OAuth.passwordGrant(realm(), API, null, "viewer" + users, "pw", UserAgents.CURL)
                .accessToken();
        String path = "/users/" + userId + "/incident-response";

        Http.Response viewer = Http.postJson(new SessionControlClient(realm()).adminUrl(path), viewerToken, "{}");
        assertEquals(403, viewer.status(), viewer.toString());

        Http.Response unknownUser = incidentResponse("no-such-user", "{}");
        assertEquals(404, unknownUser.status(), unknownUser.toString());
        assertEquals("user not found", unknownUser.json().get("error").asText());

        Http.Response unknownField = incidentResponse(userId, "{\"notifyUser\": true, \"lockAccount\": true}");
        assertEquals(400, unknownField.status(), unknownField.toString());
        assertTrue(unknownField.json().get("error").asText().contains("'lockAccount'"), unknownField.body());

        Http.Response malformed = incidentResponse(userId, "{\"notifyUser\": ");
        assertEquals(400, malformed.status(), malformed.toString());
        assertTrue(malformed.json().get("error").asText().startsWith("malformed JSON"), malformed.body());

        Http.Response wrongType = incidentResponse(userId, "{\"notifyUser\": \"no\"}");
        assertEquals(400, wrongType.status(), wrongType.toString());
        assertEquals(
                "notifyUser must be true or false",
                wrongType.json().get("error").asText());

        assertTrue(OAuth.refresh(onLastNode(), API, null, alive.refreshToken()).ok(), "the session lives");
        assertFalse(requiredActions(userId).contains("UPDATE_PASSWORD"));
        assertEquals(List.of(), adminEventsOf(userId));
    }

    @Test
    void anAdminOfTheRealmRunningItOnThemselvesKeepsTheirCurrentSession() {
        String operator = "operator" + (++users);
        String operatorId = realm().createUser(operator, "pw");
        realm().assignClientRole(operatorId, "realm-management", "manage-users");
        Browser elsewhere = new Browser(realm(), UserAgents.FIREFOX_DESKTOP);
        Tokens other = elsewhere.signIn(WEB, Browser.REDIRECT_URI, operator, "pw");
        Tokens offline = OAuth.offlineGrant(realm(), API, null, operator, "pw", UserAgents.OKHTTP);
        Tokens current = OAuth.passwordGrant(realm(), API, null, operator, "pw", UserAgents.CURL);

        JsonNode answer = new SessionControlClient(realm())
                .adminPost(current.accessToken(), "/users/" + operatorId + "/incident-response")
                .requireSuccess("incident response on oneself")
                .json();

        assertTrue(answer.get("skippedCurrent").asBoolean(), answer.toString());
        assertEquals(0, answer.get("remaining").asLong(), "the others ended in the request: " + answer);
        assertTrue(
                OAuth.refresh(onLastNode(), API, null, current.refreshToken()).ok(), "the current session");
        assertEquals(
                "invalid_grant",
                OAuth.refresh(onLastNode(), WEB, null, other.refreshToken()).error());
        assertEquals(
                "invalid_grant",
                OAuth.refresh(onLastNode(), API, null, offline.refreshToken()).error());
        assertFalse(elsewhere.ssoSessionAlive(WEB, Browser.REDIRECT_URI), "the other browser signs in");
        assertTrue(answer.get("passwordUpdateRequired").asBoolean(), answer.toString());
        assertEquals(
                "incident-response",
                Events.await(realm(), "LOGOUT", other.sessionId())
                        .at("/details/reason")
                        .asText());
    }

    private static String format(Properties bundle, String key) {
        return new MessageFormat(bundle.getProperty(key), Locale.GERMAN).format(new Object[] {DISPLAY_NAME});
    }

    private static Properties bundle(String locale) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                BUNDLES.resolve("messages_" + locale + ".properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
