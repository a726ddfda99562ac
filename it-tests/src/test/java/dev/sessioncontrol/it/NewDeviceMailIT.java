package dev.sessioncontrol.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.Browser;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.MailServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.UserAgents;
import dev.sessioncontrol.it.support.WebBrowser;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With {@code newSignInEmail} on, a sign-in from a device the user has not used before sends them an e-mail through
 * the realm's SMTP settings to a real SMTP server (GreenMail, started by the harness): recipient, subject, both
 * parts and the link to the Sessions page; never for the first sign-in ever nor for a known device; in the user's
 * language. On both topologies (on the cluster the devices sign in on different nodes).
 */
@Tag("both")
class NewDeviceMailIT extends AbstractKeycloakIT {

    private static final String WEB = "web";
    private static final String MOBILE = "mobile";
    private static final MailServer MAIL = MailServer.shared();
    private static final Path BUNDLES = Path.of("../theme/src/main/resources/theme-resources/messages");

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.adminPut("", Json.object().put("displayName", "Mail IT")
                        .put("internationalizationEnabled", true).put("defaultLocale", "en")
                        .<com.fasterxml.jackson.databind.node.ObjectNode>set("supportedLocales",
                                Json.parse("[\"en\",\"de\"]"))
                        .set("smtpServer", MAIL.smtpSettings("no-reply@example.test")))
                .requireSuccess("SMTP settings");
        realm.createClient(ClientSpec.publicClient(WEB).redirectUris(Browser.REDIRECT_URI));
        realm.createClient(ClientSpec.publicClient(MOBILE).standardFlow(false).directAccessGrants(true)
                .attribute("session-control.device-type", "Mobile"));
        realm.adminPut("/session-control/policy", Json.object().put("newSignInEmail", true))
                .requireSuccess("new-device e-mail on");
    }

    private TestRealm otherNode() {
        List<KeycloakServer> nodes = cluster().nodes();
        return realm().on(nodes.get(nodes.size() - 1));
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

    private static String part(MimeMessage mail, String type) throws MessagingException, IOException {
        Object content = mail.getContent();
        if (content instanceof Multipart multipart) {
            for (int i = 0; i < multipart.getCount(); i++) {
                BodyPart part = multipart.getBodyPart(i);
                if (part.isMimeType(type)) {
                    return part.getContent().toString();
                }
            }
        }
        throw new AssertionError("no " + type + " part in " + mail.getContentType());
    }

    private static Properties bundle(String locale) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(BUNDLES.resolve("messages_" + locale + ".properties"),
                StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return properties;
    }
}
