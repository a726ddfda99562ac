package dev.sessioncontrol.keycloak.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class KnownDevicesTest {

    private static final String CHROME_WINDOWS = KnownDevices.key("Chrome/131.0.0", "Windows", "Web");

    @Test
    void aDeviceIsBrowserFamilySystemAndDeviceTypeWithoutVersions() {
        assertEquals("chrome|windows|web", CHROME_WINDOWS);
        assertEquals(CHROME_WINDOWS, KnownDevices.key("Chrome/132.0.1", "Windows", "Web"), "a browser update");
        assertEquals("-|-|mobile", KnownDevices.key("Other", "Other", "Mobile"));
        assertEquals("a/b|-|-", KnownDevices.key("a|b/1", null, ""));
    }

    @Test
    void theFirstSignInEverOnlyRecordsTheDevice() {
        KnownDevices.Sighting first = KnownDevices.sighted(List.of(), CHROME_WINDOWS);
        assertTrue(first.firstEver());
        assertFalse(first.tellUser());
        assertEquals(List.of(CHROME_WINDOWS), first.known());
    }

    @Test
    void aKnownDeviceChangesNothingANewOneIsToldAndRecorded() {
        List<String> known = List.of(CHROME_WINDOWS);
        assertFalse(KnownDevices.sighted(known, CHROME_WINDOWS).isNew());
        String firefox = KnownDevices.key("Firefox/133.0", "Linux", "Web");
        KnownDevices.Sighting sighting = KnownDevices.sighted(known, firefox);
        assertTrue(sighting.tellUser());
        assertEquals(List.of(CHROME_WINDOWS, firefox), sighting.known());
    }

    @Test
    void theOldestDevicesAreForgottenBeyondTheBound() {
        List<String> known = new ArrayList<>();
        for (int i = 0; i < KnownDevices.MAX; i++) {
            known.add("browser" + i + "|os|web");
        }
        KnownDevices.Sighting sighting = KnownDevices.sighted(known, "new|os|web");
        assertEquals(KnownDevices.MAX, sighting.known().size());
        assertEquals("browser1|os|web", sighting.known().get(0));
        assertEquals("new|os|web", sighting.known().get(KnownDevices.MAX - 1));
    }
}
