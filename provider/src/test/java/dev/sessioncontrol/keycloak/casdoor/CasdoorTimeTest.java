package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class CasdoorTimeTest {

    @Test
    void formatsRfc3339ToTheSecondWithTheZoneOffset() {
        Instant instant = Instant.parse("2026-08-22T08:53:36.789Z");
        assertEquals("2026-08-22T16:53:36+08:00", CasdoorTime.format(instant, ZoneId.of("Asia/Shanghai")));
        assertEquals("2026-08-22T08:53:36Z", CasdoorTime.format(instant, ZoneOffset.UTC));
    }

    @Test
    void parsesRfc3339AndRejectsOtherStrings() {
        assertEquals(
                Instant.parse("2026-08-22T08:53:36Z"),
                CasdoorTime.parse("2026-08-22T16:53:36+08:00").get());
        assertTrue(CasdoorTime.parse("yesterday").isEmpty());
        assertTrue(CasdoorTime.parse(null).isEmpty());
    }
}
