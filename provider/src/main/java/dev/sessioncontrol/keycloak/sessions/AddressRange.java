package dev.sessioncontrol.keycloak.sessions;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/**
 * Which addresses an {@code ip} filter matches: the beginning of an address as Keycloak wrote it ({@code 10.7.}),
 * or a CIDR block ({@code 203.0.113.0/24}, {@code 2001:db8::/32}).
 *
 * <p>Keycloak keeps addresses as text, and IPv6 text is not canonical ({@code 2001:db8:0:0:0:0:0:1} from a direct
 * connection, {@code 2001:db8::1} as a proxy wrote it), so a block cannot be matched on the text. The extension
 * stamps each session with a fixed-width form of its addresses ({@link #hex}: 32 hex digits, IPv4 as its
 * IPv4-mapped IPv6 address), on which a block is at most 8 prefixes ({@link #hexPrefixes}), matched in the database
 * with {@code LIKE}. Sessions stamped before those notes existed are matched by their text for IPv4 blocks that end
 * on an octet ({@link #textPrefix}).
 *
 * @param prefix  the beginning of the address text; null for a block
 * @param network a block's first address in the fixed-width form (host bits cleared); null for a prefix
 * @param length  a block's length in IPv6 bits (an IPv4 {@code /n} is {@code /96+n} of its mapped form); 0 for a
 *                prefix
 */
public record AddressRange(String prefix, String network, int length) {

    /** Longest value accepted: a full IPv6 address with an embedded IPv4 one and {@code /128}. */
    static final int MAX_LENGTH = 49;

    /** The first 96 bits of every IPv4-mapped IPv6 address ({@code ::ffff:0:0/96}). */
    private static final String MAPPED = "00000000000000000000ffff";

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    /**
     * The range an {@code ip} value names: with a {@code /} a CIDR block, else the beginning of an address.
     *
     * @throws IllegalArgumentException with a message fit for the caller when the value is malformed
     */
    public static AddressRange parse(String value) {
        String v = value == null ? "" : value.trim();
        if (v.isEmpty()) {
            throw new IllegalArgumentException("an address prefix or a CIDR block is needed");
        }
        if (v.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("longer than " + MAX_LENGTH + " characters");
        }
        int slash = v.indexOf('/');
        if (slash < 0) {
            for (int i = 0; i < v.length(); i++) {
                char c = v.charAt(i);
                if (!(c == '.' || c == ':' || Character.digit(c, 16) >= 0)) {
                    throw new IllegalArgumentException(
                            "'" + v + "' is neither the beginning of an address (digits, hex, '.' and ':')"
                                    + " nor a CIDR block");
                }
            }
            return new AddressRange(v, null, 0);
        }
        String address = v.substring(0, slash);
        String bits = v.substring(slash + 1);
        byte[] bytes = bytes(address);
        if (bytes == null) {
            throw new IllegalArgumentException(
                    "'" + v + "' is not a CIDR block: '" + address + "' is not an IPv4 or IPv6 address");
        }
        boolean ipv4 = address.indexOf(':') < 0;
        int max = ipv4 ? 32 : 128;
        int n = bits.length() >= 1 && bits.length() <= 3 && bits.chars().allMatch(c -> c >= '0' && c <= '9')
                ? Integer.parseInt(bits)
                : -1;
        if (n < 0 || n > max) {
            throw new IllegalArgumentException("'" + v + "' is not a CIDR block: the prefix length of an "
                    + (ipv4 ? "IPv4" : "IPv6") + " block is 0 to " + max);
        }
        int length = (ipv4 ? 96 : 0) + n;
        // Host bits set (10.1.2.3/8): the block the address falls in, as most tools take it.
        for (int bit = length; bit < 128; bit++) {
            bytes[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        return new AddressRange(null, hex(bytes), length);
    }

    /** The range as {@link #parse} reads it back (a block with its first address, host bits cleared). */
    public String text() {
        if (prefix != null) {
            return prefix;
        }
        StringBuilder text = new StringBuilder();
        if (network.startsWith(MAPPED) && length >= MAPPED.length() * 4) {
            for (int i = MAPPED.length(); i < network.length(); i += 2) {
                text.append(text.isEmpty() ? "" : ".").append(Integer.parseInt(network.substring(i, i + 2), 16));
            }
            return text.append('/').append(length - MAPPED.length() * 4).toString();
        }
        for (int i = 0; i < network.length(); i += 4) {
            text.append(text.isEmpty() ? "" : ":").append(network, i, i + 4);
        }
        return text.append('/').append(length).toString();
    }

    /** Whether this is a CIDR block (else the beginning of an address's text). */
    public boolean block() {
        return network != null;
    }

    /**
     * Whether the address (as Keycloak recorded it, in any text form; null when none) is in the range: for a
     * prefix, its text starts with it; for a block, its fixed-width form starts with one of {@link #hexPrefixes}.
     */
    public boolean matches(String address) {
        if (address == null) {
            return false;
        }
        if (!block()) {
            return address.startsWith(prefix);
        }
        String hex = hex(address);
        return hex != null && hexPrefixes().stream().anyMatch(hex::startsWith);
    }

    /**
     * The beginnings of the fixed-width form ({@link #hex}) that a block's addresses have, and no other address
     * has: the whole hex digits of the length, then each value the next, partly fixed, digit can take (1, 2, 4 or
     * 8 prefixes). Empty for a prefix range.
     */
    public List<String> hexPrefixes() {
        if (!block()) {
            return List.of();
        }
        String whole = network.substring(0, length / 4);
        int freeBits = 4 - length % 4;
        if (freeBits == 4) {
            return List.of(whole);
        }
        int first = Character.digit(network.charAt(length / 4), 16);
        List<String> prefixes = new ArrayList<>(1 << freeBits);
        for (int d = first; d < first + (1 << freeBits); d++) {
            prefixes.add(whole + HEX[d]);
        }
        return prefixes;
    }

    /** Fixed-width forms ({@link #hex}) from {@code low} to {@code high}, both included. */
    public record HexRange(String low, String high) {}

    /**
     * The range as spans of the fixed-width form, which an index on that form answers: one for a block; for a prefix
     * of IPv4 text ({@code 10.7.}, {@code 10.7}) those of the addresses whose dotted text starts with it, at most
     * three (the last octet begun may be one, two or three digits long). Empty when nothing can match; null for a
     * prefix that is not IPv4 text (a colon, a hex letter, or no dot: IPv6 text may start so too), which only a
     * match on the text can answer.
     */
    public List<HexRange> hexRanges() {
        if (block()) {
            BigInteger low = new BigInteger(network, 16);
            BigInteger hostBits = BigInteger.ONE.shiftLeft(128 - length).subtract(BigInteger.ONE);
            return List.of(new HexRange(network, fixedWidth(low.or(hostBits))));
        }
        if (prefix.indexOf('.') < 0 || !prefix.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'))) {
            return null;
        }
        String[] parts = prefix.split("\\.", -1);
        if (parts.length > 4) {
            return List.of();
        }
        StringBuilder whole = new StringBuilder(MAPPED);
        for (int i = 0; i < parts.length - 1; i++) {
            int octet = octet(parts[i]);
            if (octet < 0) {
                return List.of();
            }
            whole.append(HEX[octet >> 4]).append(HEX[octet & 15]);
        }
        String begun = parts[parts.length - 1];
        int rest = 4 - parts.length; // octets after the one begun
        List<HexRange> ranges = new ArrayList<>(3);
        if (begun.isEmpty()) {
            ranges.add(span(whole, 0, 255, rest));
            return ranges;
        }
        if (begun.length() > 3 || begun.length() > 1 && begun.charAt(0) == '0') {
            return ranges;
        }
        int value = Integer.parseInt(begun);
        // The octets whose text starts with these digits: the number itself, then those one and two digits longer.
        for (int digits = begun.length(), scale = 1; digits <= 3; digits++, scale *= 10) {
            int from = value * scale;
            int to = Math.min(255, value * scale + scale - 1);
            if (from > 255 || value == 0 && digits > 1) {
                break;
            }
            ranges.add(span(whole, from, to, rest));
        }
        return ranges;
    }

    /** A decimal octet as IPv4 text writes it (0 to 255, no leading zero), or -1. */
    private static int octet(String text) {
        if (text.isEmpty() || text.length() > 3 || text.length() > 1 && text.charAt(0) == '0') {
            return -1;
        }
        int value = Integer.parseInt(text);
        return value <= 255 ? value : -1;
    }

    private static HexRange span(CharSequence whole, int from, int to, int octetsAfter) {
        String low = whole + String.valueOf(new char[] {HEX[from >> 4], HEX[from & 15]}) + "00".repeat(octetsAfter);
        String high = whole + String.valueOf(new char[] {HEX[to >> 4], HEX[to & 15]}) + "ff".repeat(octetsAfter);
        return new HexRange(low, high);
    }

    private static String fixedWidth(BigInteger value) {
        String digits = value.toString(16);
        return "0".repeat(32 - digits.length()) + digits;
    }

    /**
     * Text that an address in the range starts with as Keycloak writes it, for sessions without the fixed-width
     * notes: a prefix range's own text; for an IPv4 block of 8, 16, 24 or 32 bits its octets in dotted decimal
     * ({@code 10.7.} for {@code 10.7.0.0/16}, the whole address for {@code /32}, see {@link #textIsWhole}); null
     * for any other block, which such sessions do not match.
     */
    public String textPrefix() {
        if (!block()) {
            return prefix;
        }
        int bits = length - 96;
        if (!network.startsWith(MAPPED) || bits <= 0 || bits % 8 != 0) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (int octet = 0; octet < bits / 8; octet++) {
            int at = MAPPED.length() + octet * 2;
            text.append(Integer.parseInt(network.substring(at, at + 2), 16)).append('.');
        }
        return bits == 32 ? text.substring(0, text.length() - 1) : text.toString();
    }

    /** Whether {@link #textPrefix} is a whole address (an IPv4 {@code /32}): the text must end there. */
    public boolean textIsWhole() {
        return block() && length == 128 && network.startsWith(MAPPED);
    }

    /**
     * The fixed-width form of an address as Keycloak or a proxy wrote it: 32 lowercase hex digits, an IPv4 address
     * as its IPv4-mapped IPv6 address ({@code ::ffff:a.b.c.d}). IPv6 in any text form (compressed, full, with an
     * embedded IPv4 address, in brackets, with a zone) gives the same. Null when the text is not an address.
     */
    public static String hex(String address) {
        if (address == null) {
            return null;
        }
        String a = address.trim();
        if (a.startsWith("[") && a.endsWith("]")) {
            a = a.substring(1, a.length() - 1);
        }
        int zone = a.indexOf('%');
        if (zone >= 0 && a.indexOf(':') >= 0) {
            a = a.substring(0, zone);
        }
        byte[] bytes = bytes(a);
        return bytes == null ? null : hex(bytes);
    }

    /**
     * The address an address literal names (an IPv4 address, also in its mapped IPv6 form, as an
     * {@link java.net.Inet4Address}), never resolving a name; null when the text is not an address literal.
     */
    public static java.net.InetAddress literal(String address) {
        String hex = hex(address);
        if (hex == null) {
            return null;
        }
        byte[] bytes = new byte[16];
        for (int i = 0; i < 16; i++) {
            bytes[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
        }
        try {
            return java.net.InetAddress.getByAddress(bytes);
        } catch (java.net.UnknownHostException e) {
            return null; // only for a wrong length, which 16 bytes are not
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder out = new StringBuilder(32);
        for (byte b : bytes) {
            out.append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
        }
        return out.toString();
    }

    /** The 16 bytes of an IPv6 address, or of an IPv4 address's mapped form; null when not an address literal. */
    static byte[] bytes(String text) {
        if (text.isEmpty() || text.length() > 45) {
            return null;
        }
        byte[] out = new byte[16];
        if (text.indexOf(':') < 0) {
            return ipv4(text, out, 12) ? mapped(out) : null;
        }
        String groups = text;
        int tailBytes = 0;
        if (text.indexOf('.') >= 0) {
            // An embedded IPv4 address (::ffff:10.1.2.3) is the last 32 bits.
            int lastColon = text.lastIndexOf(':');
            if (!ipv4(text.substring(lastColon + 1), out, 12)) {
                return null;
            }
            tailBytes = 4;
            String before = text.substring(0, lastColon + 1);
            groups = before.endsWith("::") ? before : text.substring(0, lastColon);
        }
        int gap = groups.indexOf("::");
        if (gap >= 0 && groups.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = gap < 0 ? hexGroups(groups) : hexGroups(groups.substring(0, gap));
        List<Integer> tail = gap < 0 ? List.of() : hexGroups(groups.substring(gap + 2));
        if (head == null || tail == null) {
            return null;
        }
        int slots = (16 - tailBytes) / 2;
        int given = head.size() + tail.size();
        if (gap < 0 ? given != slots : given >= slots) {
            return null;
        }
        for (int i = 0; i < head.size(); i++) {
            out[2 * i] = (byte) (head.get(i) >> 8);
            out[2 * i + 1] = head.get(i).byteValue();
        }
        for (int i = 0; i < tail.size(); i++) {
            int slot = slots - tail.size() + i;
            out[2 * slot] = (byte) (tail.get(i) >> 8);
            out[2 * slot + 1] = tail.get(i).byteValue();
        }
        return out;
    }

    private static byte[] mapped(byte[] out) {
        out[10] = (byte) 0xff;
        out[11] = (byte) 0xff;
        return out;
    }

    /** Colon-separated groups of 1 to 4 hex digits; an empty text is none; null when malformed. */
    private static List<Integer> hexGroups(String text) {
        if (text.isEmpty()) {
            return List.of();
        }
        String[] parts = text.split(":", -1);
        List<Integer> groups = new ArrayList<>(parts.length);
        for (String part : parts) {
            if (part.isEmpty() || part.length() > 4) {
                return null;
            }
            int value = 0;
            for (int i = 0; i < part.length(); i++) {
                int digit = Character.digit(part.charAt(i), 16);
                if (digit < 0) {
                    return null;
                }
                value = value * 16 + digit;
            }
            groups.add(value);
        }
        return groups;
    }

    /** Dotted decimal, four parts of 0 to 255 without leading zeros (they would read as octal to some tools). */
    private static boolean ipv4(String text, byte[] out, int at) {
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return false;
        }
        for (int i = 0; i < 4; i++) {
            String part = parts[i];
            if (part.isEmpty()
                    || part.length() > 3
                    || part.length() > 1 && part.charAt(0) == '0'
                    || !part.chars().allMatch(c -> c >= '0' && c <= '9')) {
                return false;
            }
            int value = Integer.parseInt(part);
            if (value > 255) {
                return false;
            }
            out[at + i] = (byte) value;
        }
        return true;
    }
}
