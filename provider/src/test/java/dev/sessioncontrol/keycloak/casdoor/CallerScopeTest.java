package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class CallerScopeTest {

    private static final RecordKey ALICE_WEB = new RecordKey("alice", "web");
    private static final RecordKey BOB_MOBILE = new RecordKey("bob", "mobile");

    @Test
    void aClientActsOnItsOwnApplicationOnly() {
        CallerScope web = CallerScope.client("web", false, false);
        assertTrue(web.canRead(ALICE_WEB));
        assertTrue(web.canChange(ALICE_WEB));
        assertFalse(web.canRead(BOB_MOBILE));
        assertFalse(web.canChange(BOB_MOBILE));
    }

    @Test
    void viewUsersReadsAnyButChangesOnlyItsOwn() {
        CallerScope viewer = CallerScope.client("web", true, false);
        assertTrue(viewer.canRead(BOB_MOBILE));
        assertFalse(viewer.canChange(BOB_MOBILE));
        assertTrue(viewer.canChange(ALICE_WEB));
    }

    @Test
    void manageUsersActsOnAny() {
        assertTrue(CallerScope.client("web", false, true).canChange(BOB_MOBILE));
        assertTrue(CallerScope.user("admin", false, true, "s").canChange(BOB_MOBILE));
    }

    @Test
    void aUserActsOnTheirOwnRecordsInAnyApplication() {
        CallerScope alice = CallerScope.user("Alice", false, false, "s");
        assertTrue(alice.canChange(ALICE_WEB));
        assertTrue(alice.canRead(new RecordKey("alice", "mobile")));
        assertFalse(alice.canRead(BOB_MOBILE));
    }
}
