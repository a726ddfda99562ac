package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class RecordListingTest {

    private static CasdoorRecord record(String name, String application, String createdTime) {
        return new CasdoorRecord("acme", name, application, createdTime, List.of(name + "-id"), false, List.of());
    }

    private static final List<CasdoorRecord> RECORDS = List.of(
            record("alice", "web", "2026-01-01T10:00:00+08:00"), // 02:00Z
            record("bob", "web", "2026-01-01T03:00:00Z"),
            record("carol", "mobile", "2026-01-01T01:00:00Z"));

    private static List<String> names(RecordListing.Result result) {
        return result.items().stream().map(CasdoorRecord::name).toList();
    }

    @Test
    void withoutPagingTheWholeListNewestFirstAndNoTotal() {
        RecordListing.Result result =
                RecordListing.parse(null, null, null, null, null, null).apply(RECORDS);
        assertEquals(List.of("bob", "alice", "carol"), names(result));
        assertNull(result.total());
    }

    @Test
    void pagesAreOneBasedWithTheTotal() {
        RecordListing.Result second =
                RecordListing.parse("2", "2", null, null, null, null).apply(RECORDS);
        assertEquals(List.of("carol"), names(second));
        assertEquals(3L, second.total());
        assertEquals(
                List.of(),
                names(RecordListing.parse("3", "2", null, null, null, null).apply(RECORDS)));
    }

    @Test
    void junkOrNonPositivePagesAreTheFirst() {
        for (String p : new String[] {"junk", "0", "-3", "", null}) {
            assertEquals(
                    List.of("bob", "alice"),
                    names(RecordListing.parse(p, "2", null, null, null, null).apply(RECORDS)));
        }
    }

    @Test
    void aBadPageSizeIsALogicalError() {
        assertThrows(CasdoorException.class, () -> RecordListing.parse("1", "x", null, null, null, null));
        assertThrows(CasdoorException.class, () -> RecordListing.parse("1", "0", null, null, null, null));
    }

    @Test
    void fieldAndValueFilterBySubstringAndCountOnlyMatches() {
        RecordListing.Result result =
                RecordListing.parse("1", "10", "application", "WE", null, null).apply(RECORDS);
        assertEquals(List.of("bob", "alice"), names(result));
        assertEquals(2L, result.total());
        assertEquals(
                List.of("carol"),
                names(RecordListing.parse(null, null, "session_id", "carol", null, null)
                        .apply(RECORDS)));
    }

    @Test
    void unknownFieldsAreLogicalErrors() {
        assertThrows(CasdoorException.class, () -> RecordListing.parse(null, null, "password", "x", null, null));
        assertThrows(CasdoorException.class, () -> RecordListing.parse(null, null, null, null, "password", null));
    }

    @Test
    void sortFieldAscendOrAnythingElseDescending() {
        assertEquals(
                List.of("alice", "bob", "carol"),
                names(RecordListing.parse(null, null, null, null, "name", "ascend")
                        .apply(RECORDS)));
        assertEquals(
                List.of("carol", "bob", "alice"),
                names(RecordListing.parse(null, null, null, null, "name", "descend")
                        .apply(RECORDS)));
        assertEquals(
                List.of("carol", "alice", "bob"),
                names(RecordListing.parse(null, null, null, null, "created_time", "ascend")
                        .apply(RECORDS)));
    }
}
