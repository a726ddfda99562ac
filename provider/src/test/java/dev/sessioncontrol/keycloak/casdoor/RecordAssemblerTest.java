package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.sessioncontrol.keycloak.sessions.SessionType;
import dev.sessioncontrol.keycloak.sessions.SessionView;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class RecordAssemblerTest {

    private final RecordAssembler assembler = new RecordAssembler("acme", ZoneOffset.ofHours(8));

    private static SessionView session(String id, String username, long startedSeconds, String... clientIds) {
        return session(id, SessionType.REGULAR, username, startedSeconds, clientIds);
    }

    private static SessionView session(
            String id, SessionType type, String username, long startedSeconds, String... clientIds) {
        List<SessionView.ClientRef> clients = java.util.Arrays.stream(clientIds)
                .map(c -> new SessionView.ClientRef(c, c))
                .toList();
        return new SessionView(
                id,
                type,
                SessionView.mask(id),
                "uid-" + username,
                username,
                clients,
                "Web",
                new SessionView.Device("Windows", "10", "Chrome/120.0.0", "Other", false),
                "Chrome 120 \u00b7 Windows 10",
                "10.0.0.1",
                "10.0.0.2",
                startedSeconds * 1000,
                (startedSeconds + 60) * 1000,
                0,
                false,
                false,
                null,
                null,
                List.of());
    }

    @Test
    void oneRecordPerUserAndClientWithIdsOldestFirst() {
        long t = Instant.parse("2026-08-22T08:53:36Z").getEpochSecond();
        List<CasdoorRecord> records = assembler.assemble(
                List.of(
                        session("s2", "alice", t + 10, "web"),
                        session("s1", "alice", t, "web", "mobile"),
                        session("s3", "bob", t + 5, "web")),
                List.of(),
                k -> true);

        assertEquals(3, records.size());
        CasdoorRecord aliceWeb = records.stream()
                .filter(r -> r.name().equals("alice") && r.application().equals("web"))
                .findFirst()
                .orElseThrow();
        assertEquals(List.of("s1", "s2"), aliceWeb.sessionId());
        assertEquals("acme", aliceWeb.owner());
        assertEquals("2026-08-22T16:53:36+08:00", aliceWeb.createdTime());
        CasdoorRecord.SessionInfo info = aliceWeb.sessionInfos().get(0);
        assertEquals("10.0.0.2", info.ip());
        assertEquals("Chrome/120.0.0 on Windows 10", info.userAgent());
        assertEquals("2026-08-22T16:54:36+08:00", info.lastActiveTime());
    }

    @Test
    void registeredIdsFollowTheLiveOnesAndTheirTimeWins() {
        long t = Instant.parse("2026-08-22T08:53:36Z").getEpochSecond();
        Registration registered =
                new Registration(new RecordKey("alice", "web"), "2020-01-01T00:00:00Z", List.of("app-1", "s1"), true);
        CasdoorRecord r =
                assembler.single(new RecordKey("alice", "web"), List.of(session("s1", "alice", t, "web")), registered);
        assertEquals(List.of("s1", "app-1"), r.sessionId());
        assertEquals("2020-01-01T00:00:00Z", r.createdTime());
        assertEquals(true, r.exclusiveSignin());
        assertEquals(1, r.sessionInfos().size());
    }

    @Test
    void registrationsWithoutLiveSessionsAreRecordsToo() {
        Registration registered = new Registration(new RecordKey("carol", "app"), "t", List.of("x"), false);
        List<CasdoorRecord> records = assembler.assemble(List.of(), List.of(registered), k -> true);
        assertEquals(List.of("x"), records.get(0).sessionId());
        assertEquals("carol", records.get(0).name());
    }

    @Test
    void onlyVisibleRecordsAreBuilt() {
        List<CasdoorRecord> records = assembler.assemble(
                List.of(session("s1", "alice", 1, "web", "mobile")),
                List.of(new Registration(new RecordKey("bob", "mobile"), "t", List.of("x"), false)),
                k -> k.application().equals("web"));
        assertEquals(1, records.size());
        assertEquals("web", records.get(0).application());
    }

    @Test
    void noSessionsAndNoRegistrationIsNoRecord() {
        assertNull(assembler.single(new RecordKey("alice", "web"), List.of(), null));
    }

    @Test
    void aSignInsRegularAndOfflineSessionsAreOneIdOfTheRecord() {
        long t = Instant.parse("2026-08-22T08:53:36Z").getEpochSecond();
        List<CasdoorRecord> records = assembler.assemble(
                List.of(
                        session("s1", SessionType.REGULAR, "alice", t, "mobile"),
                        session("s1", SessionType.OFFLINE, "alice", t, "mobile"),
                        session("s2", SessionType.OFFLINE, "alice", t + 5, "mobile")),
                List.of(),
                k -> true);
        assertEquals(1, records.size());
        assertEquals(List.of("s1", "s2"), records.get(0).sessionId());
    }
}
