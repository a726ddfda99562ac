package dev.sessioncontrol.it.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.MailServer;
import dev.sessioncontrol.it.support.NewDeviceMails;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestPlaces;
import dev.sessioncontrol.it.support.TestRealm;
import jakarta.mail.internet.MimeMessage;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * With {@code newSignInEmail} on, the place tells too: a sign-in from a country the user has not signed in from sends
 * the new-sign-in e-mail naming the place (never for a known country, never for the first sign-in seen), and so does a
 * sign-in too far from the previous one for the time between. Same device throughout, so only the place is new. In
 * the user's language. On both topologies (the sign-ins go to the nodes in turn).
 */
@Tag("both")
class NewPlaceMailIT extends AbstractKeycloakIT {

    private static final String API = "api";
    private static final MailServer MAIL = NewDeviceMails.MAIL;

    @BeforeAll
    static void setUp(TestRealm realm) {
        realm.adminPut(
                        "",
                        Json.object()
                                .put("sslRequired", "none")
                                .put("displayName", "Places IT")
                                .put("internationalizationEnabled", true)
                                .put("defaultLocale", "en")
                                .set("supportedLocales", Json.parse("[\"en\",\"de\"]")))
                .requireSuccess("realm settings");
        realm.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
        NewDeviceMails.enable(realm);
    }

    private TestRealm node(int i) {
        return realm().on(cluster().nodes().get(i % cluster().nodes().size()));
    }

    private void signIn(int i, String user, String address) {
        OAuth.passwordGrantFrom(address, node(i), API, user, "pw");
    }

    private void barrier() {
        NewDeviceMails.barrier(cluster().nodes().stream().map(realm()::on).toList(), API);
    }

    @Test
    void aNewCountryIsToldNamingThePlaceAKnownOneIsNot() throws Exception {
        // Seconds apart, Hamburg to Paris is impossible travel too: only the new country is to tell here.
        realm().adminPut("/session-control/policy", Json.object().put("impossibleTravelKmh", 0))
                .requireSuccess("no travel check");
        try {
            newCountry();
        } finally {
            realm().adminPut("/session-control/policy", Json.object().put("impossibleTravelKmh", 1000))
                    .requireSuccess("travel check");
        }
    }

    private void newCountry() throws Exception {
        realm().createUser("place-pia", "pw");
        signIn(0, "place-pia", TestPlaces.BERLIN); // the first sign-in seen: recorded only
        signIn(1, "place-pia", TestPlaces.HAMBURG); // Germany is known
        barrier();
        assertEquals(0, MAIL.messagesTo("place-pia@example.test").size(), "no e-mail for a known country");

        signIn(2, "place-pia", TestPlaces.PARIS);
        MimeMessage mail = MAIL.awaitMessagesTo("place-pia@example.test", 1).get(0);
        assertEquals("New sign-in to your Places IT account", mail.getSubject());
        String text = NewDeviceMails.part(mail, "text/plain");
        String html = NewDeviceMails.part(mail, "text/html");
        assertTrue(text.contains("from a place you have not signed in from before: Paris, France"), text);
        assertTrue(text.contains(TestPlaces.PARIS), text);
        assertTrue(html.contains("Paris, France"), html);

        signIn(3, "place-pia", TestPlaces.PARIS); // France is known now
        barrier();
        assertEquals(1, MAIL.messagesTo("place-pia@example.test").size(), "France told once");
    }

    @Test
    void impossibleTravelIsToldInTheUsersLanguage() throws Exception {
        String userId = realm().createUser("place-lena", "pw");
        realm().setLocale(userId, "de");
        signIn(0, "place-lena", TestPlaces.BERLIN);
        signIn(1, "place-lena", TestPlaces.SYDNEY);
        MimeMessage mail = MAIL.awaitMessagesTo("place-lena@example.test", 1).get(0);
        String text = NewDeviceMails.part(mail, "text/plain");
        assertTrue(text.contains("aus Sydney, Australien angemeldet"), text);
        assertTrue(text.contains("So schnell reist niemand"), text);
        assertTrue(text.contains("Ort: Sydney, Australien"), text);
        assertTrue(text.contains("km entfernt von Berlin, Deutschland"), text);
    }

    @Test
    void nothingIsToldWithTheEmailOff() {
        realm().createUser("place-otto", "pw");
        signIn(0, "place-otto", TestPlaces.BERLIN);
        realm().adminPut("/session-control/policy", Json.object().put("newSignInEmail", false))
                .requireSuccess("off");
        try {
            signIn(1, "place-otto", TestPlaces.SYDNEY);
            signIn(0, "place-otto", TestPlaces.PARIS);
        } finally {
            NewDeviceMails.enable(realm());
        }
        barrier();
        assertEquals(List.of(), MAIL.messagesTo("place-otto@example.test"));
    }
}
