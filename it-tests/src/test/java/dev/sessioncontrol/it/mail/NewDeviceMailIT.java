package dev.sessioncontrol.it.mail;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.MailServer;
import dev.sessioncontrol.it.support.NewDeviceMails;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With {@code newSignInEmail} on, a sign-in from a device the user has not used before sends them an e-mail through
 * the realm's SMTP settings to a real SMTP server (GreenMail, started by the harness): recipient, subject, both
 * parts and the link to the Sessions page; never for the first sign-in ever nor for a known device; in the user's
 * language. And it is no relay: only to a verified address, at most
 * five an hour per user, its link never from the sign-in's {@code Host}, its known devices out of the account API's
 * reach and gone with their user and realm. On both topologies (on the cluster the devices sign in on different
 * nodes). That an e-mail was not sent is proven by {@link NewDeviceMails#barrier}, never by waiting.
 */
@Tag("both")
class NewDeviceMailIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final MailServer MAIL = NewDeviceMails.MAIL;
    private static final String FORGED_HOST = "evil.example";
    private static final Path BUNDLES = Path.of("../theme/src/main/resources/theme-resources/messages");

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.adminPut(
                        "",
                        Json.object()
                                .put("displayName", "Mail IT")
                                .put("internationalizationEnabled", true)
                                .put("defaultLocale", "en")
                                .<com.fasterxml.jackson.databind.node.ObjectNode>set(
                                        "supportedLocales", Json.parse("[\"en\",\"de\"]"))
                                .set("smtpServer", MAIL.smtpSettings("no-reply@example.test")))
                .requireSuccess("SMTP settings");
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(MOBILE)
                .standardFlow(false)
                .directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        NewDeviceMails.enable(realm);
        setFrontendUrl(realm, frontendUrl(realm));
    }

    /** The realm's own address as its Frontend URL: the link's base on every topology, browsers still reach it. */
    private static String frontendUrl(TestRealm realm) {
        return realm.issuer().substring(0, realm.issuer().length() - ("/realms/" + realm.name()).length());
    }

    /** Keycloak replaces the realm's attributes as a whole (the policy is some of them): all of them, changed. */
    private static void setFrontendUrl(TestRealm realm, String url) {
        ObjectNode attributes = (ObjectNode)
                realm.adminGet("").requireSuccess("the realm").json().get("attributes");
        attributes.put("frontendUrl", url);
        realm.adminPut("", Json.object().set("attributes", attributes)).requireSuccess("frontendUrl " + url);
    }

    private TestRealm otherNode() {
        List<KeycloakServer> nodes = cluster().nodes();
        return realm().on(nodes.get(nodes.size() - 1));
    }

    /** The realm on every node. */
    private List<TestRealm> nodes() {
        return cluster().nodes().stream().map(realm()::on).toList();
    }

    /** The i-th sign-in of a series goes to the i-th node in turn: limits must hold cluster-wide. */
    private TestRealm node(int i) {
        List<TestRealm> nodes = nodes();
        return nodes.get(i % nodes.size());
    }

    @Test
    void aNewDeviceIsToldWithWhenWhatWhereAndALinkButNotTheFirstSignInNorAKnownDevice() throws Exception {
        String email = "nina@example.test";
        realm().createUser("nina", "pw");
        new Browser(realm(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "nina", "pw"); // first ever
        new Browser(otherNode(), UserAgents.CHROME_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "nina", "pw"); // known
        new Browser(otherNode(), UserAgents.FIREFOX_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "nina", "pw"); // new

        MimeMessage mail = MAIL.awaitMessagesTo(email, 1).get(0);
        assertEquals("New sign-in to your Mail IT account", mail.getSubject());
        assertEquals(email, mail.getAllRecipients()[0].toString());
        String text = part(mail, "text/plain");
        String html = part(mail, "text/html");
        String link = realm().issuer() + "/account/sessions";
        for (String expected : List.of("Firefox 133 \u00b7 Linux", "127.0.0.1", WEB, "UTC", link)) {
            assertTrue(text.contains(expected), expected + " in the text part: " + text);
        }
        assertTrue(html.contains("href=\"" + link + "\""), "the HTML part links the Sessions page: " + html);
        assertTrue(html.contains("Firefox 133 \u00b7 Linux"), html);

        // The same new device again tells nothing more; the only e-mail is the one above.
        new Browser(realm(), UserAgents.FIREFOX_DESKTOP).signIn(WEB, Browser.REDIRECT_URI, "nina", "pw");
        OAuth.passwordGrant(realm(), MOBILE, null, "nina", "pw", UserAgents.SAFARI_IPHONE); // new again: a barrier
        List<MimeMessage> all = MAIL.awaitMessagesTo(email, 2);
        assertEquals(2, all.size(), "one e-mail per new device");
        assertTrue(part(all.get(1), "text/plain").contains("Mobile Safari 17 \u00b7 iOS 17.6 \u00b7 iPhone"));

        Path rendered = Path.of("target/mail-new-device.html");
        Files.writeString(rendered, html, StandardCharsets.UTF_8);
        try (WebBrowser browser = new WebBrowser()) {
            browser.size(720, 520);
            browser.open(rendered.toAbsolutePath().toUri().toString());
            browser.screenshot("mail-new-device");
        }
    }

    @Test
    void theUserGetsItInTheirLanguage() throws Exception {
        String id = realm().createUser("jonas", "pw");
        realm().setLocale(id, "de");
        OAuth.passwordGrant(realm(), MOBILE, null, "jonas", "pw", UserAgents.CHROME_ANDROID);
        OAuth.passwordGrant(otherNode(), MOBILE, null, "jonas", "pw", UserAgents.SAFARI_IPHONE);

        MimeMessage mail = MAIL.awaitMessagesTo("jonas@example.test", 1).get(0);
        String subject = new MessageFormat(bundle("de").getProperty("scNewDeviceSubject"), Locale.GERMAN)
                .format(new Object[] {"Mail IT"});
        assertEquals(subject, mail.getSubject());
    }

    @Test
    void anUnverifiedAddressGetsNothingUntilItIsVerified() {
        String id = realm().createUser("ugo", "pw");
        NewDeviceMails.setEmailVerified(realm(), id, false);
        NewDeviceMails.signIn(realm(), MOBILE, "ugo", NewDeviceMails.DEVICES.get(0)); // first ever
        NewDeviceMails.signIn(otherNode(), MOBILE, "ugo", NewDeviceMails.DEVICES.get(1)); // new, unverified
        NewDeviceMails.barrier(nodes(), MOBILE);
        assertEquals(0, MAIL.messagesTo("ugo@example.test").size(), "no e-mail to an unverified address");
        assertEquals(2, NewDeviceMails.knownDevices(realm(), id).size(), "the devices are recorded all the same");

        NewDeviceMails.setEmailVerified(realm(), id, true);
        NewDeviceMails.signIn(otherNode(), MOBILE, "ugo", NewDeviceMails.DEVICES.get(2));
        MAIL.awaitMessagesTo("ugo@example.test", 1);
        NewDeviceMails.barrier(nodes(), MOBILE);
        assertEquals(1, MAIL.messagesTo("ugo@example.test").size(), "only the device after the verification");
    }

    @Test
    void atMostFiveNewDevicesAnHourAreMailedTheRestRecorded() throws Exception {
        String id = realm().createUser("rhea", "pw");
        List<String> devices = NewDeviceMails.DEVICES.subList(0, 7); // the first ever, then six new ones
        for (int i = 0; i < devices.size(); i++) {
            NewDeviceMails.signIn(node(i), MOBILE, "rhea", devices.get(i));
        }
        NewDeviceMails.barrier(nodes(), MOBILE);
        List<MimeMessage> mails = MAIL.messagesTo("rhea@example.test");
        assertEquals(5, mails.size(), "five e-mails for six new devices within the hour");
        assertEquals(7, NewDeviceMails.knownDevices(realm(), id).size(), "the sixth new device is recorded too");
        for (MimeMessage mail : mails) {
            // The sixth new device (Firefox on a Mac) is the one not told; e-mails of two nodes arrive in any order.
            assertTrue(!part(mail, "text/plain").contains("Firefox 133 \u00b7 Mac"), part(mail, "text/plain"));
        }

        // The sixth is known now: signing in from it again tells nothing (and it would be over the limit anyway).
        NewDeviceMails.signIn(node(1), MOBILE, "rhea", devices.get(6));
        NewDeviceMails.barrier(nodes(), MOBILE);
        assertEquals(5, MAIL.messagesTo("rhea@example.test").size());
        assertEquals(7, NewDeviceMails.knownDevices(realm(), id).size());
    }

    @Test
    void aForgedHostNeverMakesTheLink() throws Exception {
        String email = "hugo@example.test";
        realm().createUser("hugo", "pw");
        NewDeviceMails.signIn(realm(), MOBILE, "hugo", NewDeviceMails.DEVICES.get(0)); // first ever
        String configured = "https://sso.example.test/auth";
        try {
            // The realm's Frontend URL is the link's base, whatever Host the sign-in names.
            setFrontendUrl(realm(), configured);
            NewDeviceMails.signInWithForgedHost(
                    otherNode(), MOBILE, "hugo", NewDeviceMails.DEVICES.get(1), FORGED_HOST);
            MimeMessage first = MAIL.awaitMessagesTo(email, 1).get(0);
            String link = configured + "/realms/" + realm().name() + "/account/sessions";
            assertTrue(part(first, "text/plain").contains(link), part(first, "text/plain"));
            assertTrue(part(first, "text/html").contains("href=\"" + link + "\""), part(first, "text/html"));

            // No Frontend URL: Keycloak's --hostname where it is set (the cluster), else no link at all (H2 here,
            // where Keycloak itself follows the Host header).
            setFrontendUrl(realm(), "");
            NewDeviceMails.signInWithForgedHost(
                    otherNode(), MOBILE, "hugo", NewDeviceMails.DEVICES.get(2), FORGED_HOST);
            MimeMessage second = MAIL.awaitMessagesTo(email, 2).get(1);
            String text = part(second, "text/plain");
            String html = part(second, "text/html");
            if (cluster().topology().clustered()) {
                String hostnameLink = realm().issuer() + "/account/sessions";
                assertTrue(text.contains(hostnameLink) && html.contains("href=\"" + hostnameLink + "\""), text);
            } else {
                assertTrue(!html.contains("href="), "no link without a configured hostname: " + html);
                assertTrue(text.contains("open the Sessions page of your Mail IT account"), text);
            }
            for (MimeMessage mail : List.of(first, second)) {
                String all = part(mail, "text/plain") + part(mail, "text/html");
                assertTrue(!all.contains(FORGED_HOST), "the forged host is nowhere: " + all);
            }
        } finally {
            setFrontendUrl(realm(), frontendUrl(realm()));
        }
    }

    @Test
    void theAccountApiCannotWriteTheKnownDevices() {
        String id = realm().createUser("otto", "pw");
        NewDeviceMails.signIn(realm(), MOBILE, "otto", UserAgents.CHROME_DESKTOP); // first ever
        JsonNode profile = realm().adminGet("/users/profile")
                .requireSuccess("user profile")
                .json();
        String before = profile.path("unmanagedAttributePolicy").asText(null);
        ((ObjectNode) profile).put("unmanagedAttributePolicy", "ENABLED");
        realm().adminPut("/users/profile", profile).requireSuccess("unmanaged attributes ENABLED");
        try {
            // What the old releases kept on the user, pre-seeded by the user with the device they will use next.
            String token = OAuth.passwordGrant(realm(), MOBILE, null, "otto", "pw", UserAgents.CHROME_DESKTOP)
                    .accessToken();
            ObjectNode account = (ObjectNode) Http.get(realm().url() + "/account", token)
                    .requireSuccess("the account")
                    .json();
            account.set(
                    "attributes",
                    Json.object()
                            .set(
                                    "session-control.known-devices",
                                    Json.parse("[\"chrome|windows|mobile\",\"firefox|linux|mobile\"]")));
            Http.postJson(realm().url() + "/account", token, account).requireSuccess("the account API's update");
            assertTrue(
                    realm().adminGet("/users/" + id).json().path("attributes").has("session-control.known-devices"),
                    "the account API wrote the attribute");

            NewDeviceMails.signIn(otherNode(), MOBILE, "otto", UserAgents.FIREFOX_DESKTOP);
            MAIL.awaitMessagesTo("otto@example.test", 1);
            assertEquals(
                    List.of("chrome|windows|mobile", "firefox|linux|mobile"),
                    NewDeviceMails.knownDevices(realm(), id).stream().sorted().toList());
        } finally {
            if (before == null) {
                ((ObjectNode) profile).remove("unmanagedAttributePolicy");
            } else {
                ((ObjectNode) profile).put("unmanagedAttributePolicy", before);
            }
            realm().adminPut("/users/profile", profile).requireSuccess("unmanaged attributes as before");
        }
    }

    @Test
    void theKnownDevicesGoWithTheirUserAndRealm() {
        String id = realm().createUser("ulla", "pw");
        NewDeviceMails.signIn(realm(), MOBILE, "ulla", NewDeviceMails.DEVICES.get(0));
        NewDeviceMails.signIn(otherNode(), MOBILE, "ulla", NewDeviceMails.DEVICES.get(1));
        assertEquals(2, NewDeviceMails.knownDevices(realm(), id).size());
        realm().adminDelete("/users/" + id).requireSuccess("removing ulla");
        assertEquals(List.of(), NewDeviceMails.knownDevices(realm(), id));

        String goneId;
        try (TestRealm gone = TestRealm.create(server(), realm().name() + "-gone")) {
            NewDeviceMails.enable(gone);
            gone.createClient(
                    ClientSpec.publicClient(MOBILE).standardFlow(false).directAccessGrants(true));
            gone.createUser("ulla", "pw");
            NewDeviceMails.signIn(gone, MOBILE, "ulla", NewDeviceMails.DEVICES.get(0));
            goneId = NewDeviceMails.realmId(gone);
            assertEquals(1, NewDeviceMails.knownDevicesOfRealm(realm(), goneId).size());
        }
        assertEquals(List.of(), NewDeviceMails.knownDevicesOfRealm(realm(), goneId), "removed with the realm");
    }

    private static String part(MimeMessage mail, String type) throws MessagingException, IOException {
        return NewDeviceMails.part(mail, type);
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
