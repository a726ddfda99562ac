package dev.sessioncontrol.keycloak.notify;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.sessioncontrol.keycloak.notify.KnownDevices.Known;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KnownDevicesTest {

    private static final String CHROME_WINDOWS = KnownDevices.key("Chrome/131.0.0", "Windows", "Web");
    private static final long NOW = 1_800_000_000_000L;
    private static final long HOUR = KnownDevices.HOUR_MILLIS;

    @Test
    void aDeviceIsBrowserFamilySystemAndDeviceTypeWithoutVersions() {
        assertEquals("chrome|windows|web", CHROME_WINDOWS);
        assertEquals(CHROME_WINDOWS, KnownDevices.key("Chrome/132.0.1", "Windows", "Web"), "a browser update");
        assertEquals("-|-|mobile", KnownDevices.key("Other", "Other", "Mobile"));
        assertEquals("a/b|-|-", KnownDevices.key("a|b/1", null, ""));
        assertEquals(
                40 * 3 + 2,
                KnownDevices.key("b".repeat(99), "o".repeat(99), "t".repeat(99)).length(),
                "fits the table's column");
    }

    @Test
    void theFirstSignInEverOnlyRecordsTheDevice() {
        KnownDevices.Sighting first = KnownDevices.sighted(List.of(), CHROME_WINDOWS, NOW);
        assertTrue(first.firstEver());
        assertTrue(first.isNew());
        assertFalse(first.tellUser());
        assertEquals(List.of(), first.forget());
    }

    @Test
    void aKnownDeviceChangesNothingANewOneIsTold() {
        List<Known> known = List.of(new Known(CHROME_WINDOWS, NOW - HOUR * 24, 0));
        KnownDevices.Sighting again = KnownDevices.sighted(known, CHROME_WINDOWS, NOW);
        assertFalse(again.isNew());
        assertFalse(again.tellUser());
        KnownDevices.Sighting firefox =
                KnownDevices.sighted(known, KnownDevices.key("Firefox/133.0", "Linux", "Web"), NOW);
        assertTrue(firefox.tellUser());
        assertEquals(List.of(), firefox.forget());
    }

    @Test
    void atMostFiveNewDevicesAnHourAreToldTheRestOnlyRecorded() {
        List<Known> known = new ArrayList<>(List.of(new Known(CHROME_WINDOWS, NOW - HOUR * 24, 0)));
        int told = 0;
        for (int i = 0; i < 8; i++) {
            long at = NOW + i * 60_000L;
            KnownDevices.Sighting sighting = KnownDevices.sighted(known, "browser" + i + "|os|web", at);
            assertTrue(sighting.isNew());
            assertEquals(told >= KnownDevices.MAX_TOLD_PER_HOUR, sighting.limited(), "device " + i);
            if (sighting.tellUser()) {
                told++;
            }
            known.add(new Known("browser" + i + "|os|web", at, sighting.tellUser() ? at : 0));
        }
        assertEquals(KnownDevices.MAX_TOLD_PER_HOUR, told);
        // A rolling hour: an hour after the first e-mail one more may go.
        assertTrue(KnownDevices.sighted(known, "later|os|web", NOW + HOUR).tellUser());
        assertFalse(KnownDevices.sighted(known, "later|os|web", NOW + HOUR - 1).tellUser());
    }

    @Test
    void theFirstSeenAreForgottenBeyondTheBoundButNotThoseToldWithinTheHour() {
        List<Known> known = new ArrayList<>();
        for (int i = 0; i < KnownDevices.MAX; i++) {
            // the three first seen were told of within the hour: they hold the hourly count
            known.add(new Known("browser" + i + "|os|web", NOW - HOUR * 2 + i, i < 3 ? NOW - 10 : 0));
        }
        KnownDevices.Sighting sighting = KnownDevices.sighted(known, "new|os|web", NOW);
        assertEquals(List.of(known.get(3)), sighting.forget());

        // A user far beyond the bound (rows of a race) is trimmed back to it.
        List<Known> many = new ArrayList<>(known);
        many.add(new Known("extra|os|web", NOW - 5, 0));
        many.add(new Known("extra2|os|web", NOW - 4, 0));
        assertEquals(3, KnownDevices.sighted(many, "new|os|web", NOW).forget().size());
    }

    @Test
    void aStreamOfMadeUpDevicesNeverMailsMoreThanFiveAnHour() {
        List<Known> known = new ArrayList<>(List.of(new Known(CHROME_WINDOWS, NOW - HOUR * 24, 0)));
        int told = 0;
        for (int i = 0; i < 200; i++) {
            long at = NOW + i * 1000L; // 200 devices within four minutes
            String device = "fake" + i + "|os|web";
            KnownDevices.Sighting sighting = KnownDevices.sighted(known, device, at);
            known.removeAll(sighting.forget());
            known.add(new Known(device, at, sighting.tellUser() ? at : 0));
            told += sighting.tellUser() ? 1 : 0;
            assertTrue(known.size() <= KnownDevices.MAX);
        }
        assertEquals(KnownDevices.MAX_TOLD_PER_HOUR, told, "forgetting devices does not reset the hourly count");
    }
}
