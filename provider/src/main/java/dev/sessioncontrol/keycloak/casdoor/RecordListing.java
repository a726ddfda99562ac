package dev.sessioncontrol.keycloak.casdoor;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

/**
 * get-sessions' query: Casdoor's {@code p}/{@code pageSize} paging, {@code field}/{@code value} substring filter
 * and {@code sortField}/{@code sortOrder}, applied to assembled records. Field names are accepted as Casdoor's
 * JSON names or its column names ({@code createdTime} or {@code created_time}).
 */
record RecordListing(Integer page, Integer pageSize, String field, String value, String sortField, boolean ascending) {

    private static final Map<String, Function<CasdoorRecord, String>> FIELDS = Map.of(
            "owner", CasdoorRecord::owner,
            "name", CasdoorRecord::name,
            "application", CasdoorRecord::application,
            "createdtime", CasdoorRecord::createdTime,
            "created_time", CasdoorRecord::createdTime,
            "sessionid", r -> String.join(",", r.sessionId()),
            "session_id", r -> String.join(",", r.sessionId()));

    /** A page of records, with the number of all matches when paging was asked for. */
    record Result(List<CasdoorRecord> items, Long total) {}

    static RecordListing parse(
            String p, String pageSize, String field, String value, String sortField, String sortOrder) {
        for (String[] named : new String[][] {
            {"p", p},
            {"pageSize", pageSize},
            {"field", field},
            {"value", value},
            {"sortField", sortField},
            {"sortOrder", sortOrder}
        }) {
            CasdoorBounds.check(named[0], named[1], CasdoorBounds.MAX_QUERY_VALUE);
        }
        Integer size = null;
        Integer page = null;
        if (!isBlank(pageSize)) {
            size = positive(pageSize);
            if (size == null) {
                throw new CasdoorException("pageSize must be a positive integer");
            }
            Integer parsed = positive(p);
            page = parsed == null ? 1 : parsed;
        }
        String filterField = null;
        if (!isBlank(field) && !isBlank(value)) {
            filterField = known(field);
        }
        String sort = isBlank(sortField) ? null : known(sortField);
        return new RecordListing(
                page, size, filterField, filterField == null ? null : value, sort, "ascend".equals(sortOrder));
    }

    Result apply(List<CasdoorRecord> records) {
        List<CasdoorRecord> matching =
                records.stream().filter(this::matches).sorted(comparator()).toList();
        if (pageSize == null) {
            return new Result(matching, null);
        }
        long from = (long) (page - 1) * pageSize;
        List<CasdoorRecord> items = from >= matching.size()
                ? List.of()
                : matching.subList((int) from, (int) Math.min(from + pageSize, matching.size()));
        return new Result(List.copyOf(items), (long) matching.size());
    }

    private boolean matches(CasdoorRecord r) {
        if (field == null) {
            return true;
        }
        String actual = FIELDS.get(field).apply(r);
        return actual != null && actual.toLowerCase(Locale.ROOT).contains(value.toLowerCase(Locale.ROOT));
    }

    private Comparator<CasdoorRecord> comparator() {
        Comparator<CasdoorRecord> primary;
        if (sortField == null || sortField.equals("createdtime") || sortField.equals("created_time")) {
            primary = byCreatedTime();
        } else {
            Function<CasdoorRecord, String> getter = FIELDS.get(sortField);
            primary = Comparator.comparing(r -> getter.apply(r), Comparator.nullsFirst(Comparator.naturalOrder()));
        }
        // Without a sort field Casdoor lists newest first.
        boolean asc = sortField == null ? false : ascending;
        Comparator<CasdoorRecord> ordered = asc ? primary : primary.reversed();
        return ordered.thenComparing(CasdoorRecord::name).thenComparing(CasdoorRecord::application);
    }

    /** RFC 3339 times by instant (offsets differ between records); other strings, which apps may store, first. */
    private static Comparator<CasdoorRecord> byCreatedTime() {
        Comparator<Instant> instants = Comparator.nullsFirst(Comparator.naturalOrder());
        Comparator<String> strings = Comparator.nullsFirst(Comparator.naturalOrder());
        return Comparator.<CasdoorRecord, Instant>comparing(
                        r -> CasdoorTime.parse(r.createdTime()).orElse(null), instants)
                .thenComparing(CasdoorRecord::createdTime, strings);
    }

    private static String known(String field) {
        String normalized = field.trim().toLowerCase(Locale.ROOT);
        if (!FIELDS.containsKey(normalized)) {
            throw new CasdoorException("unknown field: " + field);
        }
        return normalized;
    }

    private static Integer positive(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            int n = Integer.parseInt(value.trim());
            return n > 0 ? n : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
