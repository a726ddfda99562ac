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
        assertTrue(web.canEnd(ALICE_WEB));
        assertTrue(web.canRegister(ALICE_WEB));
        assertFalse(web.canRead(BOB_MOBILE));
        assertFalse(web.canEnd(BOB_MOBILE));
        assertFalse(web.canRegister(BOB_MOBILE));
    }

    @Test
    void viewUsersReadsAnyButChangesOnlyItsOwn() {
        CallerScope viewer = CallerScope.client("web", true, false);
        assertTrue(viewer.canRead(BOB_MOBILE));
        assertFalse(viewer.canEnd(BOB_MOBILE));
        assertFalse(viewer.canRegister(BOB_MOBILE));
        assertTrue(viewer.canEnd(ALICE_WEB));
    }

    @Test
    void manageUsersActsOnAny() {
        assertTrue(CallerScope.client("web", false, true).canEnd(BOB_MOBILE));
        assertTrue(CallerScope.client("web", false, true).canRegister(BOB_MOBILE));
        assertTrue(CallerScope.user("admin", false, true, "s").canEnd(BOB_MOBILE));
        assertTrue(CallerScope.user("admin", false, true, "s").canRegister(BOB_MOBILE));
    }

    @Test
    void aUserReadsAndEndsTheirOwnRecordsInAnyApplicationButRegistersNothing() {
        CallerScope alice = CallerScope.user("Alice", false, false, "s");
        assertTrue(alice.canEnd(ALICE_WEB));
        assertFalse(alice.canRegister(ALICE_WEB), "the ids are the application's check on the user");
        assertTrue(alice.canRead(new RecordKey("alice", "mobile")));
        assertFalse(alice.canRead(BOB_MOBILE));
    }
}
