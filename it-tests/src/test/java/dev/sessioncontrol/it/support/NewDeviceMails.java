package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import jakarta.mail.BodyPart;
import jakarta.mail.MessagingException;
import jakarta.mail.Multipart;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The new-device e-mail seen from outside: a realm set up to send it, sign-ins from distinct devices (forged headers
 * included), a barrier that proves an e-mail was <em>not</em> sent without waiting for a time, and the known devices
 * as the database holds them.
 */
public final class NewDeviceMails {

    public static final MailServer MAIL = MailServer.shared();
    /** User-Agents of eight distinct devices (browser family and system differ). */
    public static final List<String> DEVICES = List.of(
            UserAgents.CHROME_DESKTOP,
            UserAgents.FIREFOX_DESKTOP,
            UserAgents.SAFARI_MAC,
            UserAgents.SAFARI_IPHONE,
            UserAgents.CHROME_ANDROID,
            UserAgents.FIREFOX_WINDOWS,
            UserAgents.FIREFOX_MAC,
            UserAgents.CHROME_LINUX);

    private static final AtomicInteger BARRIERS = new AtomicInteger();

    private NewDeviceMails() {}

    /** The realm's SMTP settings to the test's mail server and the policy's {@code newSignInEmail} on. */
    public static void enable(TestRealm realm) {
        realm.adminPut("", Json.object().set("smtpServer", MAIL.smtpSettings("no-reply@example.test")))
                .requireSuccess("SMTP settings");
        realm.adminPut("/session-control/policy", Json.object().put("newSignInEmail", true))
                .requireSuccess("new-device e-mail on");
    }

    /** A password grant of {@code client} (public, direct grants on) from the device of {@code userAgent}. */
    public static void signIn(TestRealm node, String client, String username, String userAgent) {
        OAuth.passwordGrant(node, client, null, username, "pw", userAgent);
    }

    /** The same with {@code Host} and {@code X-Forwarded-Host} naming {@code host}, as anyone can send them. */
    public static void signInWithForgedHost(
            TestRealm node, String client, String username, String userAgent, String host) {
        Http.Response answer = Http.postFormRaw(
                OAuth.tokenUrl(node),
                Map.of(
                        "grant_type",
                        "password",
                        "client_id",
                        client,
                        "username",
                        username,
                        "password",
                        "pw",
                        "scope",
                        "openid"),
                Map.of("Host", host, "X-Forwarded-Host", host, "User-Agent", userAgent));
        if (answer.status() != 200) {
            throw new IllegalStateException("sign-in with a forged host: " + answer);
        }
    }

    /**
     * Every new-device e-mail that sign-ins answered before this call on these nodes has reached the mail server:
     * each node sends them one after the other on one thread, in the order of the sign-ins, so a fresh user's
     * e-mail, asked for on each node now, arrives after them.
     */
    public static void barrier(List<TestRealm> nodes, String client) {
        for (TestRealm node : nodes) {
            String username =
                    "barrier-" + BARRIERS.incrementAndGet() + "-" + node.name().toLowerCase();
            node.createUser(username, "pw");
            signIn(node, client, username, DEVICES.get(0)); // the first sign-in ever only records
            signIn(node, client, username, DEVICES.get(1));
            MAIL.awaitMessagesTo(username + "@example.test", 1);
        }
    }

    /** The devices the extension's table holds for the user (the test server's probe, straight from SQL). */
    public static List<String> knownDevices(TestRealm realm, String userId) {
        return devices(realm, "realmId=" + realmId(realm) + "&userId=" + Http.encode(userId));
    }

    /** The devices the extension's table holds for any user of the realm with this id. */
    public static List<String> knownDevicesOfRealm(TestRealm probe, String realmId) {
        return devices(probe, "realmId=" + realmId);
    }

    public static String realmId(TestRealm realm) {
        return realm.adminGet("").requireSuccess("the realm").json().get("id").asText();
    }

    /** Sets the user's {@code emailVerified}, on the whole representation (a partial one drops fields). */
    public static void setEmailVerified(TestRealm realm, String userId, boolean verified) {
        ObjectNode user = (ObjectNode)
                realm.adminGet("/users/" + userId).requireSuccess("the user").json();
        user.put("emailVerified", verified);
        realm.adminPut("/users/" + userId, user).requireSuccess("emailVerified " + verified);
    }

    /** The decoded part of this type ({@code text/plain}, {@code text/html}) of a multipart e-mail. */
    public static String part(MimeMessage mail, String type) throws MessagingException, IOException {
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

    private static List<String> devices(TestRealm realm, String query) {
        return Json.list(Http.get(realm.url() + "/session-seeder/known-devices?" + query, null)
                        .requireSuccess("the known-device probe")
                        .json()
                        .get("devices"))
                .stream()
                .map(node -> node.asText())
                .toList();
    }
}
