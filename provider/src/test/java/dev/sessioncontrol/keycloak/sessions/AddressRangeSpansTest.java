package dev.sessioncontrol.keycloak.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The spans an index answers a range with match exactly what the range matches on the text or the block. */
class AddressRangeSpansTest {

    private static boolean inSpans(List<AddressRange.HexRange> spans, String address) {
        String hex = AddressRange.hex(address);
        return spans.stream().anyMatch(s -> hex.compareTo(s.low()) >= 0 && hex.compareTo(s.high()) <= 0);
    }

    @Test
    void ipv4TextPrefixesMatchWhatTheTextMatches() {
        Random random = new Random(7);
        String[] prefixes = {
            "10.",
            "10.7.",
            "10.7",
            "1.2",
            "1.2.3.",
            "1.2.3.4",
            "1.2.3.1",
            "192.168.",
            "25.",
            "2.5",
            "0.",
            "10.0",
            "10.07",
            "10.256.",
            "1.2.3.4.",
            "255.255.255.25",
            "100.64.0.7"
        };
        for (String prefix : prefixes) {
            AddressRange range = AddressRange.parse(prefix);
            List<AddressRange.HexRange> spans = range.hexRanges();
            for (int i = 0; i < 20_000; i++) {
                // Addresses near the prefix as often as anywhere, so both answers are exercised.
                String address = i % 2 == 0 ? randomAddress(random) : near(prefix, random);
                assertEquals(address.startsWith(prefix), inSpans(spans, address), prefix + " and " + address);
            }
        }
    }

    @Test
    void blocksAreOneSpanOfTheirAddresses() {
        AddressRange block = AddressRange.parse("10.64.0.0/10");
        List<AddressRange.HexRange> spans = block.hexRanges();
        assertEquals(1, spans.size());
        Random random = new Random(11);
        for (int i = 0; i < 20_000; i++) {
            String address = i % 2 == 0 ? randomAddress(random) : "10." + random.nextInt(256) + ".1.2";
            assertEquals(block.matches(address), inSpans(spans, address), address);
        }
        AddressRange v6 = AddressRange.parse("2001:db8::/33");
        assertEquals(true, inSpans(v6.hexRanges(), "2001:db8:7fff::1"));
        assertEquals(false, inSpans(v6.hexRanges(), "2001:db8:8000::1"));
        assertEquals(true, inSpans(AddressRange.parse("0.0.0.0/0").hexRanges(), "255.255.255.255"));
    }

    @Test
    void textThatIpv6MayStartWithHasNoSpans() {
        assertNull(AddressRange.parse("2001:db8").hexRanges());
        assertNull(AddressRange.parse("10").hexRanges());
        assertNull(AddressRange.parse("fe80").hexRanges());
    }

    private static String randomAddress(Random random) {
        return random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256) + "." + random.nextInt(256);
    }

    private static String near(String prefix, Random random) {
        String[] given = prefix.split("\\.", -1);
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            int octet = random.nextInt(256);
            if (i < given.length && !given[i].isEmpty() && random.nextInt(4) > 0) {
                int known = Integer.parseInt(given[i]) % 256;
                octet = random.nextBoolean() ? known : Math.min(255, known * 10 + random.nextInt(10));
            }
            out.append(i == 0 ? "" : ".").append(octet);
        }
        return out.toString();
    }
}
