package dev.sessioncontrol.keycloak.sessions;

/**
 * Which page of a listing to read: the {@code max} sessions after a cursor, before a cursor, or from an offset (kept
 * for callers that page by number; its cost grows with the offset).
 *
 * @param first  the offset, used only without a cursor
 * @param max    the page size
 * @param after  list what follows this position, or null
 * @param before list what precedes this position, or null (not with {@code after})
 */
public record Paging(int first, int max, PageCursor after, PageCursor before) {

    public Paging {
        if (after != null && before != null) {
            throw new IllegalArgumentException("after and before cannot be combined");
        }
    }

    public static Paging offset(int first, int max) {
        return new Paging(first, max, null, null);
    }

    public static Paging after(PageCursor cursor, int max) {
        return new Paging(0, max, cursor, null);
    }

    boolean byCursor() {
        return after != null || before != null;
    }
}
