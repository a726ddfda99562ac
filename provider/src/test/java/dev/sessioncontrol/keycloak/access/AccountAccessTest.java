package dev.sessioncontrol.keycloak.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AccountAccessTest {

    @Test
    void anUnknownCallerIsTold401AndAMissingRight403() {
        assertFalse(AccountAccess.Reason.NO_VALID_TOKEN.authenticated());
        assertFalse(AccountAccess.Reason.NOT_FOR_ACCOUNT.authenticated());
        assertTrue(AccountAccess.Reason.SERVICE_ACCOUNT.authenticated());
        assertTrue(AccountAccess.Reason.VIEW_REQUIRED.authenticated());
        assertTrue(AccountAccess.Reason.MANAGE_REQUIRED.authenticated());
    }

    @Test
    void theAccountRoutesMessagesAreKeptWordForWord() {
        assertEquals(
                "a valid bearer access token of this realm is required", AccountAccess.Reason.NO_VALID_TOKEN.message());
        assertEquals(
                "the access token's audience must include the account client",
                AccountAccess.Reason.NOT_FOR_ACCOUNT.message());
        assertEquals(
                "service accounts have no sessions of their own to manage",
                AccountAccess.Reason.SERVICE_ACCOUNT.message());
        assertEquals("the account role view-profile is required", AccountAccess.Reason.VIEW_REQUIRED.message());
        assertEquals("the account role manage-account is required", AccountAccess.Reason.MANAGE_REQUIRED.message());
    }
}
