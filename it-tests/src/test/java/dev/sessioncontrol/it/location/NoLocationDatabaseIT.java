package dev.sessioncontrol.it.location;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.sessioncontrol.it.support.AbstractKeycloakIT;
import dev.sessioncontrol.it.support.ClientSpec;
import dev.sessioncontrol.it.support.Http;
import dev.sessioncontrol.it.support.Json;
import dev.sessioncontrol.it.support.KeycloakServer;
import dev.sessioncontrol.it.support.OAuth;
import dev.sessioncontrol.it.support.TestPlaces;
import dev.sessioncontrol.it.support.TestRealm;
import dev.sessioncontrol.it.support.Tokens;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * A server started without the location database option: sessions have no place, the country filter finds nothing
 * (no error), the stats count every session under {@code ""}, and the log says so once. Everything else works.
 */
@Tag("both")
class NoLocationDatabaseIT extends AbstractKeycloakIT {

    @Test
    void withoutTheOptionThereAreNoPlacesAndOneLogLine() throws IOException {
        KeycloakServer bare = cluster()
                .startExtra(
                        "no-places",
                        true,
                        List.of("--proxy-headers=xforwarded", "--proxy-trusted-addresses=" + Http.TRUSTED_PROXY));
        long atStart = noDatabaseLines(bare);
        assertTrue(atStart >= 1, "the log says there is no location database");
        try (TestRealm realm = TestRealm.create(bare, "no-places")) {
            realm.adminPut("", Json.object().put("sslRequired", "none")).requireSuccess("sslRequired none");
            realm.createClient(
                    ClientSpec.publicClient("api").standardFlow(false).directAccessGrants(true));
            realm.createUser("berliner", "pw");
            Tokens tokens = OAuth.passwordGrantFrom(TestPlaces.BERLIN, realm, "api", "berliner", "pw");
            assertTrue(
                    OAuth.refreshFrom(TestPlaces.SYDNEY, realm, "api", tokens.refreshToken())
                            .ok(),
                    "refresh");

            JsonNode view = realm.adminGet("/session-control/sessions/" + tokens.sessionId())
                    .requireSuccess("view")
                    .json();
            assertEquals(TestPlaces.BERLIN, view.get("ipAddress").asText());
            assertEquals(TestPlaces.SYDNEY, view.get("lastIpAddress").asText());
            assertTrue(
                    view.path("location").isMissingNode()
                            || view.get("location").isNull(),
                    view.toString());
            assertTrue(
                    view.path("lastLocation").isMissingNode()
                            || view.get("lastLocation").isNull(),
                    view.toString());
            assertEquals(
                    0,
                    realm.adminGet("/session-control/sessions?country=DE")
                            .requireSuccess("filter")
                            .json()
                            .get("total")
                            .asInt());
            assertEquals(
                    1,
                    realm.adminGet("/session-control/stats")
                            .requireSuccess("stats")
                            .json()
                            .get("byCountry")
                            .get("")
                            .asInt());
        } finally {
            bare.stop();
        }
        assertEquals(atStart, noDatabaseLines(bare), "said once, not on every sign-in");
    }

    private static long noDatabaseLines(KeycloakServer server) throws IOException {
        return Files.readAllLines(server.logFile(), StandardCharsets.UTF_8).stream()
                .filter(line -> line.contains("No location database"))
                .count();
    }
}
