package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A range written back as text (how a bulk ending keeps its filter) reads back as the same range. */
class AddressRangeTextTest {

    @Test
    void everyRangeReadsBackAsItself() {
        for (String value : new String[] {
            "10.7.",
            "2001:db8:",
            "203.0.113.0/24",
            "10.1.2.3/8",
            "198.51.96.0/20",
            "0.0.0.0/0",
            "2001:db8::/32",
            "2001:db8::1/128",
            "::/0",
            "::ffff:10.0.0.0/104"
        }) {
            AddressRange range = AddressRange.parse(value);
            assertEquals(range, AddressRange.parse(range.text()), value);
        }
        assertEquals("10.0.0.0/8", AddressRange.parse("10.1.2.3/8").text());
        assertEquals(
                "2001:0db8:0000:0000:0000:0000:0000:0000/32",
                AddressRange.parse("2001:db8::/32").text());
    }
}
