package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class AddressRangeTest {

    private static final String MAPPED = "00000000000000000000ffff";

    @Test
    void aValueWithoutSlashIsAPrefixOfTheText() {
        AddressRange range = AddressRange.parse(" 10.7 ");
        assertFalse(range.block());
        assertEquals("10.7", range.prefix());
        assertTrue(range.matches("10.7.1.2"));
        assertTrue(range.matches("10.70.1.2"), "plain prefixes keep their text semantics");
        assertFalse(range.matches("110.7.1.2"));
        assertFalse(range.matches(null));
        assertEquals(List.of(), range.hexPrefixes());
        assertEquals("10.7", range.textPrefix());
        assertFalse(range.textIsWhole());
    }

    @Test
    void malformedValuesSayWhy() {
        assertMalformed("", "needed");
        assertMalformed("10.0.0.1' or 1=1", "neither");
        assertMalformed("10.0.0.0/33", "0 to 32");
        assertMalformed("300.1.2.3/8", "'300.1.2.3' is not an IPv4 or IPv6 address");
        assertMalformed("2001:db8::/129", "0 to 128");
        assertMalformed("abc/8", "'abc' is not");
        assertMalformed("10.0.0/8", "is not an IPv4");
        assertMalformed("10.0.0.0/", "0 to 32");
        assertMalformed("10.0.0.0/-1", "0 to 32");
        assertMalformed("10.0.0.0/8/8", "0 to 32");
        assertMalformed("10.0.0.0/1000", "0 to 32");
        assertMalformed("010.0.0.0/8", "is not an IPv4");
        assertMalformed("2001:db8:::/32", "is not");
        assertMalformed("2001:db8::1::/32", "is not");
        assertMalformed("1:2:3:4:5:6:7:8:9/64", "is not");
        assertMalformed("1:2:3:4:5:6:7/64", "is not");
        assertMalformed("12345::/16", "is not");
        assertMalformed("fe80::1%eth0/64", "is not");
        assertMalformed("/8", "is not");
        assertMalformed("1".repeat(50), "longer than");
    }

    @Test
    void ipv4BlocksOfEveryLengthClass() {
        // whole hex digits (/8, /16, /24, /32, /0) and 1, 2, 3 bits into a digit
        assertEquals(List.of(MAPPED + "0a"), AddressRange.parse("10.0.0.0/8").hexPrefixes());
        assertEquals(List.of(MAPPED + "0a07"), AddressRange.parse("10.7.0.0/16").hexPrefixes());
        assertEquals(
                List.of(MAPPED + "cb0071"), AddressRange.parse("203.0.113.0/24").hexPrefixes());
        assertEquals(
                List.of(MAPPED + "cb007107"),
                AddressRange.parse("203.0.113.7/32").hexPrefixes());
        assertEquals(List.of(MAPPED), AddressRange.parse("0.0.0.0/0").hexPrefixes());
        // 10.1.16.0/20: 29 whole hex digits
        assertEquals(
                List.of(MAPPED + "0a011"), AddressRange.parse("10.1.16.0/20").hexPrefixes());
        assertEquals(
                List.of(MAPPED + "0a011"), AddressRange.parse("10.1.31.255/20").hexPrefixes());
        assertEquals(
                List.of(MAPPED + "0a0102", MAPPED + "0a0103"),
                AddressRange.parse("10.1.2.0/23").hexPrefixes());
        assertEquals(
                List.of(MAPPED + "0a01021"), AddressRange.parse("10.1.2.16/28").hexPrefixes());
        assertEquals(
                List.of(
                        MAPPED + "0a01021" + "0",
                        MAPPED + "0a01021" + "1",
                        MAPPED + "0a01021" + "2",
                        MAPPED + "0a01021" + "3"),
                AddressRange.parse("10.1.2.16/30").hexPrefixes());
        assertEquals(8, AddressRange.parse("128.0.0.0/1").hexPrefixes().size());
        assertEquals(
                List.of(
                        MAPPED + "8",
                        MAPPED + "9",
                        MAPPED + "a",
                        MAPPED + "b",
                        MAPPED + "c",
                        MAPPED + "d",
                        MAPPED + "e",
                        MAPPED + "f"),
                AddressRange.parse("128.0.0.0/1").hexPrefixes());
    }

    @Test
    void aNonOctetBlockDoesNotMatchItsTextNeighbours() {
        AddressRange range = AddressRange.parse("10.1.16.0/20");
        assertTrue(range.matches("10.1.16.1"));
        assertTrue(range.matches("10.1.31.254"));
        assertFalse(range.matches("10.1.32.1"));
        assertFalse(range.matches("10.1.15.255"));
        AddressRange small = AddressRange.parse("10.1.2.16/28");
        assertTrue(small.matches("10.1.2.16"));
        assertTrue(small.matches("10.1.2.31"));
        assertFalse(small.matches("10.1.2.32"));
        assertFalse(small.matches("10.1.2.15"));
        AddressRange octets = AddressRange.parse("10.7.0.0/16");
        assertTrue(octets.matches("10.7.200.1"));
        assertFalse(octets.matches("10.70.0.1"), "a block is not a text prefix");
    }

    @Test
    void hostBitsSetNameTheBlockTheAddressFallsIn() {
        assertEquals(AddressRange.parse("10.0.0.0/8"), AddressRange.parse("10.1.2.3/8"));
        assertEquals(AddressRange.parse("2001:db8::/32"), AddressRange.parse("2001:db8:ffff::1/32"));
        assertEquals(AddressRange.parse("10.1.2.16/28"), AddressRange.parse("10.1.2.29/28"));
    }

    @Test
    void ipv6BlocksOfEveryLengthClass() {
        assertEquals(List.of("20010db8"), AddressRange.parse("2001:db8::/32").hexPrefixes());
        assertEquals(
                List.of("20010db800010002"),
                AddressRange.parse("2001:db8:1:2::/64").hexPrefixes());
        assertEquals(List.of(""), AddressRange.parse("::/0").hexPrefixes());
        assertEquals(
                List.of("20010db8000000000000000000000001"),
                AddressRange.parse("2001:db8::1/128").hexPrefixes());
        assertEquals(
                List.of("fe8", "fe9", "fea", "feb"),
                AddressRange.parse("fe80::/10").hexPrefixes());
        assertEquals(
                List.of("20010db8", "20010db9", "20010dba", "20010dbb", "20010dbc", "20010dbd", "20010dbe", "20010dbf"),
                AddressRange.parse("2001:db8::/29").hexPrefixes());
        assertEquals(
                List.of("20010db8", "20010db9"),
                AddressRange.parse("2001:db8::/31").hexPrefixes());
        assertEquals(8, AddressRange.parse("2001:db8::/33").hexPrefixes().size());
    }

    @Test
    void ipv6TextInAnyFormMatches() {
        AddressRange block = AddressRange.parse("2001:db8::/32");
        for (String text : List.of(
                "2001:db8::1",
                "2001:db8:0:0:0:0:0:1",
                "2001:0db8:0000:0000:0000:0000:0000:0001",
                "2001:DB8::1",
                "[2001:db8::1]",
                "2001:db8::1%eth0",
                "2001:db8:ffff:ffff:ffff:ffff:ffff:ffff")) {
            assertTrue(block.matches(text), text);
        }
        assertFalse(block.matches("2001:db9::1"));
        assertFalse(block.matches("2001:db7:ffff::1"));
        assertFalse(block.matches("10.0.0.1"));
        assertFalse(block.matches("not an address"));
        AddressRange net = AddressRange.parse("2001:db8:1:2::/64");
        assertTrue(net.matches("2001:db8:1:2:abcd::7"));
        assertTrue(net.matches("2001:db8:1:2:0:0:0:1"));
        assertFalse(net.matches("2001:db8:1:3::1"));
        assertTrue(AddressRange.parse("::/0").matches("::1"));
    }

    @Test
    void ipv4MappedAddressesAreTheirIpv4Address() {
        assertEquals(AddressRange.hex("10.1.2.3"), AddressRange.hex("::ffff:10.1.2.3"));
        assertEquals(AddressRange.hex("10.1.2.3"), AddressRange.hex("::ffff:a01:203"));
        assertEquals(AddressRange.hex("10.1.2.3"), AddressRange.hex("0:0:0:0:0:ffff:10.1.2.3"));
        AddressRange v4 = AddressRange.parse("10.0.0.0/8");
        assertTrue(v4.matches("::ffff:10.9.9.9"));
        assertEquals(v4, AddressRange.parse("::ffff:10.0.0.0/104"), "the same block in its mapped form");
        assertFalse(v4.matches("::10.9.9.9"), "IPv4-compatible is another address");
        assertFalse(AddressRange.parse("::/96").matches("10.9.9.9"));
    }

    @Test
    void theFixedWidthFormAgreesWithTheJdk() throws Exception {
        for (String text : List.of(
                "::",
                "::1",
                "1::",
                "1:2:3:4:5:6:7:8",
                "1:2:3:4:5:6:7::",
                "::2:3:4:5:6:7:8",
                "1:2:3:4:5:6:1.2.3.4",
                "1::1.2.3.4",
                "::1.2.3.4",
                "fe80::abcd:1",
                "2001:db8:0:0:1:0:0:1",
                "255.255.255.255",
                "0.0.0.0")) {
            byte[] jdk = InetAddress.getByName(text).getAddress();
            StringBuilder expected = new StringBuilder();
            if (jdk.length == 4) {
                expected.append(MAPPED);
            }
            for (byte b : jdk) {
                expected.append(String.format("%02x", b));
            }
            assertEquals(expected.toString(), AddressRange.hex(text), text);
        }
        for (String junk : List.of(
                "",
                "1.2.3",
                "1.2.3.4.5",
                "1.2.3.256",
                "01.2.3.4",
                "1:2",
                ":1::",
                "1::2::3",
                "1:2:3:4:5:6:7:8:9",
                "g::1",
                "12345::",
                "1:2:3:4:5:6:7:1.2.3.4",
                "::1.2.3",
                "example.org")) {
            assertNull(AddressRange.hex(junk), junk);
        }
        assertNull(AddressRange.hex(null));
    }

    @Test
    void octetAlignedIpv4BlocksAlsoMatchByText() {
        assertEquals("10.", AddressRange.parse("10.0.0.0/8").textPrefix());
        assertEquals("10.7.", AddressRange.parse("10.7.0.0/16").textPrefix());
        assertEquals("203.0.113.", AddressRange.parse("203.0.113.0/24").textPrefix());
        assertEquals("203.0.113.7", AddressRange.parse("203.0.113.7/32").textPrefix());
        assertTrue(AddressRange.parse("203.0.113.7/32").textIsWhole());
        assertFalse(AddressRange.parse("203.0.113.0/24").textIsWhole());
        assertNull(AddressRange.parse("10.1.16.0/20").textPrefix());
        assertNull(AddressRange.parse("0.0.0.0/0").textPrefix());
        assertNull(AddressRange.parse("2001:db8::/32").textPrefix());
        assertNull(AddressRange.parse("::/0").textPrefix());
        assertEquals("10.", AddressRange.parse("::ffff:10.0.0.0/104").textPrefix());
        assertTrue(AddressRange.parse("::ffff:a00:1/128").textIsWhole());
        assertEquals("10.0.0.1", AddressRange.parse("::ffff:a00:1/128").textPrefix());
    }

    private static void assertMalformed(String value, String messagePart) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AddressRange.parse(value));
        assertTrue(e.getMessage().contains(messagePart), value + ": " + e.getMessage());
    }
}
