package dev.sessioncontrol.it.support;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

/**
 * A real SMTP server (GreenMail) in the test JVM on a free loopback port, once per run, that every node of the run
 * sends to. Tests read what arrived for their own recipients, so they need not purge each other's mail.
 */
public final class MailServer {

    private static MailServer shared;

    private final GreenMail greenMail;
    private final int port;

    private MailServer(int port) {
        this.port = port;
        this.greenMail = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        greenMail.start();
        Runtime.getRuntime().addShutdownHook(new Thread(greenMail::stop, "mail-server-stop"));
    }

    public static synchronized MailServer shared() {
        if (shared == null) {
            shared = new MailServer(Ports.free(1)[0]);
        }
        return shared;
    }

    /** The realm's SMTP settings (Realm settings → Email) that send here. */
    public ObjectNode smtpSettings(String from) {
        return Json.object()
                .put("host", "127.0.0.1")
                .put("port", Integer.toString(port))
                .put("from", from)
                .put("fromDisplayName", "Session control IT");
    }

    /** Every message received so far for {@code recipient}. */
    public List<MimeMessage> messagesTo(String recipient) {
        return Arrays.stream(greenMail.getReceivedMessages())
                .filter(m -> {
                    try {
                        return Arrays.stream(m.getAllRecipients())
                                .anyMatch(a -> a.toString().equalsIgnoreCase(recipient));
                    } catch (jakarta.mail.MessagingException e) {
                        return false;
                    }
                })
                .toList();
    }

    /** Waits until {@code count} messages arrived for the recipient, and answers them. */
    public List<MimeMessage> awaitMessagesTo(String recipient, int count) {
        return Poll.value(count + " e-mail(s) to " + recipient, Duration.ofSeconds(30), () -> {
            List<MimeMessage> found = messagesTo(recipient);
            return found.size() >= count ? found : null;
        });
    }
}
