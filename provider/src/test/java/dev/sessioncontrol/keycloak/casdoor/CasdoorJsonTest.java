package dev.sessioncontrol.keycloak.casdoor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class CasdoorJsonTest {

    @Test
    void successKeepsEveryKeyInCasdoorsOrderWithNulls() {
        assertEquals(
                "{\"status\":\"ok\",\"msg\":\"\",\"sub\":\"\",\"name\":\"\",\"data\":null,\"data2\":null,\"data3\":null}",
                CasdoorJson.ok(null));
    }

    @Test
    void errorsSayWhyAndCarryNoData() {
        assertEquals(
                "{\"status\":\"error\",\"msg\":\"Unauthorized operation\",\"sub\":\"\",\"name\":\"\",\"data\":null,"
                        + "\"data2\":null,\"data3\":null}",
                CasdoorJson.error("Unauthorized operation"));
    }

    @Test
    void changesAnswerCasdoorsExactWords() {
        assertEquals(
                "{\"status\":\"ok\",\"msg\":\"\",\"sub\":\"\",\"name\":\"\",\"data\":\"Affected\",\"data2\":null,"
                        + "\"data3\":null}",
                CasdoorJson.affected(true));
        assertEquals("\"Unaffected\"", CasdoorJson.affected(false).replaceAll(".*\"data\":(\"\\w+\").*", "$1"));
    }

    @Test
    void pagesCarryTheTotalAsANumber() {
        assertEquals(
                "{\"status\":\"ok\",\"msg\":\"\",\"sub\":\"\",\"name\":\"\",\"data\":[],\"data2\":7,\"data3\":null}",
                CasdoorJson.ok(List.of(), 7L));
    }

    @Test
    void recordsKeepCasdoorsFieldNames() {
        CasdoorRecord r = new CasdoorRecord(
                "acme",
                "alice",
                "web",
                "2026-08-22T16:53:36+08:00",
                List.of("a", "b"),
                false,
                List.of(new CasdoorRecord.SessionInfo("a", "10.0.0.1", null, "2026-08-22T17:00:00+08:00", "Web")));
        assertEquals(
                "{\"owner\":\"acme\",\"name\":\"alice\",\"application\":\"web\","
                        + "\"createdTime\":\"2026-08-22T16:53:36+08:00\",\"sessionId\":[\"a\",\"b\"],\"ExclusiveSignin\":false,"
                        + "\"sessionInfos\":[{\"sessionId\":\"a\",\"ip\":\"10.0.0.1\",\"userAgent\":null,"
                        + "\"lastActiveTime\":\"2026-08-22T17:00:00+08:00\",\"deviceType\":\"Web\"}]}",
                CasdoorJson.record(r).toString());
    }
}
