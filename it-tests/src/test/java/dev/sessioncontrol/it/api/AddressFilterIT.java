package dev.sessioncontrol.it.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.SessionControlClient;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The listing's {@code ip} filter as an address prefix or a CIDR block (IPv4 and IPv6, sign-in or last address) and
 * its start bounds, on the listing and the count, counted and paged in the database. Sessions sign in through the
 * test servers' trusted proxy with {@code X-Forwarded-For}, IPv6 written both compressed and in full. On both
 * topologies; on the cluster the second node answers the same.
 */
@Tag("both")
class AddressFilterIT extends AbstractKeycloakIT {

    private static final String API = "api";

    /** Where each session signed in from, by name; documentation ranges only. */
    private static final Map<String, String> SIGN_IN = new LinkedHashMap<>();

    static {
        SIGN_IN.put("v4low", "203.0.113.10");
        SIGN_IN.put("v4high", "203.0.113.77");
        SIGN_IN.put("v4other", "198.51.100.20");
        SIGN_IN.put("v4far", "192.0.2.200");
        SIGN_IN.put("v6short", "2001:db8:1:2::10");
        SIGN_IN.put("v6full", "2001:db8:1:2:0:0:0:20");
        SIGN_IN.put("v6padded", "2001:0DB8:0001:0002:0000:0000:0000:0030");
        SIGN_IN.put("v6wide", "2001:db8:ffff::1");
    }

    /** The last address of {@code v4other}, refreshed from a new address after its sign-in. */
    private static final String ROAMED_TO = "2001:db8:1:2::99";

    /** Session id → name. */
    private static final Map<String, String> NAMES = new LinkedHashMap<>();

    @BeforeAll
    static void signIn(TestRealm realm) {
        // The forwarded addresses are public ones: over plain HTTP Keycloak would otherwise require HTTPS.
        realm.adminPut("", Json.object().put("sslRequired", "none")).requireSuccess("sslRequired none");
        realm.createClient(ClientSpec.publicClient(API).standardFlow(false).directAccessGrants(true));
        realm.createUser("roamer", "pw");
        Map<String, Tokens> tokens = new LinkedHashMap<>();
        SIGN_IN.forEach((name, address) -> {
            Tokens t = OAuth.passwordGrantFrom(address, realm, API, "roamer", "pw");
            tokens.put(name, t);
            NAMES.put(t.sessionId(), name);
        });
        assertTrue(
                OAuth.refreshFrom(ROAMED_TO, realm, API, tokens.get("v4other").refreshToken())
                        .ok(),
                "refresh from a new address");
    }

    /** On a cluster the second node; else the only one. */
    private TestRealm other() {
        return cluster().nodes().size() > 1 ? realm().on(cluster().node(1)) : realm();
    }

    @Test
    void keycloakRecordedTheForwardedAddressesAsWritten() {
        Map<String, JsonNode> views = new LinkedHashMap<>();
        for (JsonNode item : Json.list(list(realm(), "").get("items"))) {
            views.put(NAMES.get(item.get("id").asText()), item);
        }
        assertEquals(SIGN_IN.keySet(), views.keySet());
        SIGN_IN.forEach((name, address) ->
                assertEquals(address, views.get(name).get("ipAddress").asText(), name));
        assertEquals(ROAMED_TO, views.get("v4other").get("lastIpAddress").asText());
    }

    @Test
    void ipv4BlocksMatchTheirAddressesOnly() {
        assertMatches("ip=203.0.113.0/24", "v4low", "v4high");
        assertMatches("ip=203.0.113.0/28", "v4low");
        assertMatches("ip=203.0.113.64/28", "v4high");
        assertMatches("ip=198.51.96.0/20", "v4other"); // 198.51.96.0 - 198.51.111.255
        assertMatches("ip=198.51.112.0/20");
        assertMatches("ip=192.0.2.200/32", "v4far");
        assertMatches("ip=192.0.2.20/32");
        assertMatches("ip=203.1.2.3/8", "v4low", "v4high"); // host bits set: the block it falls in
        assertMatches("ip=" + Http.encode("::ffff:203.0.113.0/120"), "v4low", "v4high"); // the mapped form
    }

    @Test
    void ipv6BlocksMatchWhateverTheTextAndTheLastAddress() {
        assertMatches("ip=" + Http.encode("2001:db8::/32"), "v6short", "v6full", "v6padded", "v6wide", "v4other");
        assertMatches("ip=" + Http.encode("2001:db8:1:2::/64"), "v6short", "v6full", "v6padded", "v4other");
        assertMatches("ip=" + Http.encode("2001:db8:1:2::20/128"), "v6full");
        assertMatches("ip=" + Http.encode("2001:db8:1:2:0:0:0:30/127"), "v6padded");
        assertMatches("ip=" + Http.encode("2001:db9::/32"));
    }

    @Test
    void aPrefixStaysAPrefixOfTheText() {
        assertMatches("ip=203.0.113.", "v4low", "v4high");
        assertMatches("ip=203.0.113.1", "v4low"); // 203.0.113.10
        assertMatches("ip=2001:db8:1:2::", "v6short", "v4other"); // the compressed texts only
    }

    @Test
    void blocksCombineWithOtherFiltersAndPage() {
        assertMatches(
                "ip=" + Http.encode("2001:db8::/32") + "&type=REGULAR",
                "v6short",
                "v6full",
                "v6padded",
                "v6wide",
                "v4other");
        assertMatches("ip=" + Http.encode("2001:db8::/32") + "&type=OFFLINE");
        Set<String> seen = new HashSet<>();
        for (int first = 0; first < 6; first += 2) {
            JsonNode page = list(realm(), "ip=" + Http.encode("2001:db8::/32") + "&max=2&first=" + first);
            assertEquals(5, page.get("total").asInt(), "total on every page");
            for (JsonNode item : Json.list(page.get("items"))) {
                assertTrue(seen.add(item.get("id").asText()), "each session on one page");
            }
        }
        assertEquals(5, seen.size());
    }

    @Test
    void startBoundsAreExclusiveOnTheListedStart() {
        List<JsonNode> all = Json.list(list(realm(), "").get("items"));
        Set<Long> starts =
                all.stream().map(s -> s.get("started").asLong()).collect(Collectors.toCollection(TreeSet::new));
        List<Long> cuts = new ArrayList<>();
        for (long start : starts) {
            cuts.addAll(List.of(start - 1, start, start + 1));
        }
        for (long cut : cuts) {
            assertSame("startedAfter=" + cut, all, s -> s.get("started").asLong() > cut);
            assertSame("startedBefore=" + cut, all, s -> s.get("started").asLong() < cut);
        }
        long low = all.stream()
                .filter(s -> "v4low".equals(NAMES.get(s.get("id").asText())))
                .findFirst()
                .orElseThrow()
                .get("started")
                .asLong();
        assertMatches("startedAfter=" + (low - 1) + "&startedBefore=" + (low + 1) + "&ip=203.0.113.0/28", "v4low");
        assertMatches("startedAfter=" + low + "&ip=203.0.113.0/28");
        long first = starts.iterator().next();
        assertMatches("startedAfter=" + first + "&startedBefore=" + first); // no room: nothing, not an error
    }

    @Test
    void malformedValuesAreBadRequestsNamingTheParameter() {
        String admin = realm().adminToken();
        SessionControlClient api = new SessionControlClient(realm());
        Map<String, String> bad = new LinkedHashMap<>();
        bad.put("ip=10.0.0.0/33", "ip");
        bad.put("ip=300.1.2.3/8", "ip");
        bad.put("ip=" + Http.encode("2001:db8::/129"), "ip");
        bad.put("ip=abc/8", "ip");
        bad.put("ip=" + Http.encode("10.0.0.1' or 1=1"), "ip");
        bad.put("startedBefore=yesterday", "startedBefore");
        bad.put("startedAfter=-1", "startedAfter");
        bad.put("startedAfter=1.5", "startedAfter");
        bad.forEach((query, parameter) -> {
            for (String route : List.of("/sessions?", "/sessions/count?")) {
                Http.Response response = api.adminGet(admin, route + query);
                assertEquals(400, response.status(), route + query + ": " + response.body());
                String error = response.json().get("error").asText();
                assertTrue(error.startsWith("malformed " + parameter) || error.startsWith(parameter + " "), error);
            }
        });
    }

    /** The listing (on the first node) and the count (on both) find exactly these sessions. */
    private void assertMatches(String query, String... names) {
        Set<String> expected = new TreeSet<>(List.of(names));
        JsonNode page = list(realm(), query + "&max=100");
        Set<String> listed = Json.list(page.get("items")).stream()
                .map(s -> NAMES.getOrDefault(s.get("id").asText(), s.get("id").asText()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(expected, listed, query);
        assertEquals(expected.size(), page.get("total").asInt(), query + ": total");
        for (TestRealm node : List.of(realm(), other())) {
            assertEquals(expected.size(), count(node, query), query + ": count on " + node);
        }
    }

    private void assertSame(String query, List<JsonNode> all, java.util.function.Predicate<JsonNode> expected) {
        assertMatches(
                query,
                all.stream()
                        .filter(expected)
                        .map(s -> NAMES.get(s.get("id").asText()))
                        .toArray(String[]::new));
    }

    private static JsonNode list(TestRealm realm, String query) {
        return new SessionControlClient(realm)
                .adminGet(realm.adminToken(), "/sessions?" + query)
                .requireSuccess("listing " + query)
                .json();
    }

    private static int count(TestRealm realm, String query) {
        JsonNode answer = new SessionControlClient(realm)
                .adminGet(realm.adminToken(), "/sessions/count?" + query)
                .requireSuccess("count " + query)
                .json();
        assertFalse(answer.get("count").isMissingNode());
        return answer.get("count").asInt();
    }
}
