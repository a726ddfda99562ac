package dev.sessioncontrol.it.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.MetricsScrape;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.Poll;
import dev.sessioncontrol.it.support.TestPlaces;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each session's place from the run's real location database ({@link TestPlaces}): resolved at sign-in from the
 * address Keycloak takes from {@code X-Forwarded-For}, again when a refresh comes from elsewhere, named in the
 * caller's language; the {@code country} filter on listing, count and revoke's dry run; {@code byCountry}; impossible
 * travel flagged and counted (far and fast only); a replaced database file read without a restart. On both
 * topologies; on the cluster the second node answers the same.
 */
@Tag("both")
class LocationIT extends AbstractKeycloakIT {

    private static final String API = "api";
    private static final String ALERTS = "keycloak_session_control_alerts_total";

    @BeforeAll
    static void setUp(TestRealm realm) {
        // The forwarded addresses are public ones: over plain HTTP Keycloak would otherwise require HTTPS.
        realm.adminPut("", Json.object().put("sslRequired", "none")).requireSuccess("sslRequired none");
        realm.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
    }

    private Tokens signIn(String user, String address) {
        return OAuth.passwordGrantFrom(address, realm(), API, user, "pw");
    }

    /** The admin view of a session, asked in that language ({@code Accept-Language}; null: none). */
    private static JsonNode view(TestRealm on, String sessionId, String language) {
        HttpRequest.Builder request = Http.request(
                        on.adminUrl() + "/session-control/sessions/" + sessionId, on.adminToken())
                .GET();
        if (language != null) {
            request.header("Accept-Language", language);
        }
        return Http.send(request).requireSuccess("session view").json();
    }

    private static void assertPlace(JsonNode location, String code, String country, String city) {
        assertTrue(location != null && location.isObject(), "a location: " + location);
        assertEquals(code, location.get("countryCode").asText());
        assertEquals(country, location.get("country").asText());
        assertEquals(city, location.get("city").asText());
    }

    /** On a cluster the second node; else the only one. */
    private TestRealm other() {
        return cluster().nodes().size() > 1 ? realm().on(cluster().node(1)) : realm();
    }

    @Test
    void aSignInHasItsPlaceAndARefreshFromElsewhereItsLastPlace() {
        realm().createUser("roamer", "pw");
        Tokens tokens = signIn("roamer", TestPlaces.BERLIN);
        JsonNode view = view(realm(), tokens.sessionId(), "en");
        assertPlace(view.get("location"), "DE", "Germany", "Berlin");
        assertPlace(view.get("lastLocation"), "DE", "Germany", "Berlin");
        assertEquals(List.of(), Json.list(view.path("flags")), "no alert on a first sign-in");

        assertTrue(
                OAuth.refreshFrom(TestPlaces.SYDNEY, realm(), API, tokens.refreshToken())
                        .ok(),
                "refresh");
        JsonNode moved = view(other(), tokens.sessionId(), "en");
        assertPlace(moved.get("location"), "DE", "Germany", "Berlin");
        assertEquals(TestPlaces.SYDNEY, moved.get("lastIpAddress").asText());
        assertPlace(moved.get("lastLocation"), "AU", "Australia", "Sydney");

        assertTrue(
                OAuth.refreshFrom(TestPlaces.UNKNOWN, realm(), API, tokens.refreshToken())
                        .ok(),
                "refresh");
        JsonNode unknown = view(realm(), tokens.sessionId(), "en");
        assertTrue(
                unknown.path("lastLocation").isMissingNode()
                        || unknown.get("lastLocation").isNull(),
                unknown.toString());
        assertPlace(unknown.get("location"), "DE", "Germany", "Berlin");
    }

    @Test
    void anAddressTheDatabaseDoesNotKnowHasNoPlace() {
        realm().createUser("nowhere", "pw");
        JsonNode view = view(realm(), signIn("nowhere", TestPlaces.UNKNOWN).sessionId(), "en");
        assertTrue(view.path("location").isMissingNode() || view.get("location").isNull(), view.toString());
        assertEquals(TestPlaces.UNKNOWN, view.get("ipAddress").asText());
        realm().createUser("parisian", "pw");
        assertPlace(
                view(realm(), signIn("parisian", TestPlaces.PARIS).sessionId(), "en")
                        .get("location"),
                "FR",
                "France",
                "Paris");
    }

    @Test
    void placesAreNamedInTheCallersLanguage() {
        realm().createUser("bavarian", "pw");
        String id = signIn("bavarian", TestPlaces.MUNICH).sessionId();
        assertPlace(view(realm(), id, "de-DE,de;q=0.9").get("location"), "DE", "Deutschland", "München");
        assertPlace(view(realm(), id, "fr").get("location"), "DE", "Allemagne", "Munich");
        assertPlace(view(realm(), id, null).get("location"), "DE", "Germany", "Munich");
    }

    @Test
    void theCountryFilterMatchesTheSignInOrTheLastPlace() {
        TestRealm realm = TestRealm.create(server(), "location-countries");
        try {
            realm.adminPut("", Json.object().put("sslRequired", "none")).requireSuccess("sslRequired none");
            realm.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
            realm.createUser("anna", "pw");
            Tokens berlin = OAuth.passwordGrantFrom(TestPlaces.BERLIN, realm, API, "anna", "pw");
            Tokens hamburg = OAuth.passwordGrantFrom(TestPlaces.HAMBURG, realm, API, "anna", "pw");
            Tokens paris = OAuth.passwordGrantFrom(TestPlaces.PARIS, realm, API, "anna", "pw");
            OAuth.passwordGrantFrom(TestPlaces.UNKNOWN, realm, API, "anna", "pw");
            assertTrue(OAuth.refreshFrom(TestPlaces.SYDNEY, realm, API, hamburg.refreshToken())
                    .ok());

            assertEquals(Set.of(berlin.sessionId(), hamburg.sessionId()), ids(realm, "country=DE"));
            assertEquals(Set.of(berlin.sessionId(), hamburg.sessionId()), ids(realm, "country=de"));
            assertEquals(Set.of(hamburg.sessionId()), ids(realm, "country=AU"));
            assertEquals(Set.of(paris.sessionId()), ids(realm, "country=FR"));
            assertEquals(Set.of(), ids(realm, "country=JP"));
            assertEquals(
                    2,
                    realm.adminGet("/session-control/sessions/count?country=DE")
                            .requireSuccess("count")
                            .json()
                            .get("count")
                            .asInt());
            assertEquals(
                    1,
                    realm.adminPost(
                                    "/session-control/sessions/revoke",
                                    Json.object().put("country", "FR").put("dryRun", true))
                            .requireSuccess("dry run")
                            .json()
                            .get("count")
                            .asInt());
            for (String bad : new String[] {"Germany", "D", "1A", "DEU"}) {
                Http.Response refused = realm.adminGet("/session-control/sessions?country=" + bad);
                assertEquals(400, refused.status(), bad);
                assertTrue(refused.json().get("error").asText().contains("country"), refused.body());
            }
            Http.Response refused = realm.adminPost(
                    "/session-control/sessions/revoke", Json.object().put("country", "Germany"));
            assertEquals(400, refused.status(), refused.body());
            assertEquals(4, ids(realm, "").size(), "nothing ended by the refusals");

            Poll.until(
                    "byCountry counts the sign-in places",
                    Duration.ofSeconds(30),
                    () -> byCountry(realm).equals(Map.of("DE", 2, "FR", 1, "", 1)));
        } finally {
            realm.close();
        }
    }

    private static Map<String, Integer> byCountry(TestRealm realm) {
        JsonNode stats = realm.adminGet("/session-control/stats")
                .requireSuccess("stats")
                .json()
                .get("byCountry");
        Map<String, Integer> counts = new java.util.HashMap<>();
        stats.fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
        return counts;
    }

    /** The ids of the matching sessions, in any order (sign-ins of one second have no order of their own). */
    private static Set<String> ids(TestRealm realm, String query) {
        JsonNode page = realm.adminGet("/session-control/sessions?" + query)
                .requireSuccess(query)
                .json();
        Set<String> ids = new HashSet<>();
        Json.list(page.get("items")).forEach(item -> ids.add(item.get("id").asText()));
        assertEquals(ids.size(), page.get("total").asInt(), query);
        return ids;
    }

    @Test
    void impossibleTravelIsFlaggedAndCountedNearIsNot() {
        double before = alerts();
        realm().createUser("traveller", "pw");
        String berlin = signIn("traveller", TestPlaces.BERLIN).sessionId();
        String sydney = signIn("traveller", TestPlaces.SYDNEY).sessionId();
        assertEquals(List.of(), Json.list(view(realm(), berlin, "en").path("flags")));
        assertEquals(
                List.of("impossibleTravel"),
                Json.list(view(other(), sydney, "en").get("flags")).stream()
                        .map(JsonNode::asText)
                        .toList());
        Poll.until("the alert is counted", Duration.ofSeconds(30), () -> alerts() == before + 1);

        realm().createUser("commuter", "pw");
        signIn("commuter", TestPlaces.BERLIN);
        String hamburg = signIn("commuter", TestPlaces.HAMBURG).sessionId();
        assertEquals(List.of(), Json.list(view(realm(), hamburg, "en").path("flags")), "255 km is no alert");

        realm().adminPut("/session-control/policy", Json.object().put("impossibleTravelKmh", 0))
                .requireSuccess("off");
        try {
            realm().createUser("jetsetter", "pw");
            signIn("jetsetter", TestPlaces.BERLIN);
            String off = signIn("jetsetter", TestPlaces.SYDNEY).sessionId();
            assertEquals(List.of(), Json.list(view(realm(), off, "en").path("flags")), "the check is off");
        } finally {
            realm().adminPut("/session-control/policy", Json.object().put("impossibleTravelKmh", 1000))
                    .requireSuccess("on");
        }
        assertEquals(before + 1, alerts());
        Http.Response refused =
                realm().adminPut("/session-control/policy", Json.object().put("impossibleTravelKmh", -1));
        assertEquals(400, refused.status(), refused.body());
    }

    private double alerts() {
        return cluster().nodes().stream()
                .mapToDouble(node -> MetricsScrape.ofExtension(node)
                        .sum(ALERTS, Map.of("realm", realm().name(), "kind", "impossible-travel")))
                .sum();
    }

    @Test
    void aReplacedDatabaseFileIsReadWithoutARestart() {
        realm().createUser("mover", "pw");
        List<TestPlaces.Entry> moved = new ArrayList<>(TestPlaces.PLACES);
        moved.set(0, new TestPlaces.Entry("203.0.113.0/24", "DE", "52.40", "13.06", "en=Potsdam;de=Potsdam"));
        TestPlaces.write(cluster().placesFile(), moved);
        try {
            Poll.until(
                    "a sign-in from the Berlin range is placed in Potsdam",
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1),
                    () -> "Potsdam".equals(cityOfNewSignIn("mover")));
        } finally {
            TestPlaces.write(cluster().placesFile());
            Poll.until(
                    "the run's places are back",
                    Duration.ofSeconds(60),
                    Duration.ofSeconds(1),
                    () -> "Berlin".equals(cityOfNewSignIn("mover")));
        }
        assertFalse(
                server().logTail(2000).contains("Location database")
                        && server().logTail(2000).contains("not used"),
                "a replaced file is never unusable");
    }

    /** The city of a new sign-in from the Berlin range, through every node in turn. */
    private String cityOfNewSignIn(String user) {
        String city = null;
        for (var node : cluster().nodes()) {
            TestRealm on = realm().on(node);
            Tokens tokens = OAuth.passwordGrantFrom(TestPlaces.BERLIN, on, API, user, "pw");
            JsonNode location = view(on, tokens.sessionId(), "en").path("location");
            String here = location.path("city").asText(null);
            if (city != null && !city.equals(here)) {
                return null; // the nodes do not agree yet
            }
            city = here;
        }
        return city;
    }
}
