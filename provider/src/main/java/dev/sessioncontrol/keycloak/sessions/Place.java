package dev.sessioncontrol.keycloak.sessions;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Where an address is, as the location database said when the session was created or its last address changed: kept
 * on the session as one note ({@link #note()}), so that listing never looks anything up. Only what the consoles show
 * and the travel check needs: the country, the city's names in the languages the database has among those the
 * consoles speak, and coordinates rounded to a tenth of a degree (about 11 km).
 *
 * @param countryCode ISO 3166-1 alpha-2, upper case
 * @param cityNames   language tag to the city's name, English first; empty when the database knows no city
 * @param latitude    null when the database gives no coordinates
 */
public record Place(String countryCode, Map<String, String> cityNames, Double latitude, Double longitude) {

    /** The languages whose city names are kept (the consoles' languages). */
    public static final List<String> LANGUAGES = List.of("en", "de", "fr", "es", "ja", "pt-BR", "zh-CN");

    private static final char FIELD = '|';
    private static final char NAME = ';';
    private static final char IS = '=';
    /** Every name this long at most, so a note stays within the known-place table's column. */
    private static final int MAX_NAME = 80;

    public Place {
        countryCode = countryCode == null ? null : countryCode.toUpperCase(Locale.ROOT);
        cityNames = cityNames == null ? Map.of() : Map.copyOf(cityNames);
        latitude = latitude == null ? null : coarse(latitude);
        longitude = longitude == null ? null : coarse(longitude);
    }

    /** Whether this is a place at all: a country code of two letters. */
    public static boolean isCountryCode(String code) {
        return code != null
                && code.length() == 2
                && Character.isLetter(code.charAt(0))
                && Character.isLetter(code.charAt(1))
                && code.chars().allMatch(c -> c < 128);
    }

    /** A tenth of a degree: enough for a distance between cities, not an address. */
    static double coarse(double degrees) {
        return Math.round(degrees * 10) / 10.0;
    }

    /**
     * The note's text: {@code DE|52.5|13.4|en=Berlin;de=Berlin}. It starts with the country code and a bar, so that
     * the database matches a country with a {@code LIKE} prefix.
     */
    public String note() {
        StringBuilder out = new StringBuilder(countryCode).append(FIELD);
        out.append(latitude == null ? "" : latitude.toString()).append(FIELD);
        out.append(longitude == null ? "" : longitude.toString()).append(FIELD);
        boolean first = true;
        for (String language : LANGUAGES) {
            String name = cityNames.get(language);
            if (name == null || name.isBlank()) {
                continue;
            }
            if (!first) {
                out.append(NAME);
            }
            out.append(language).append(IS).append(clean(name));
            first = false;
        }
        return out.toString();
    }

    /** The place a note describes, or null for none or a note this version cannot read. */
    public static Place ofNote(String note) {
        if (note == null) {
            return null;
        }
        String[] fields = note.split("\\|", -1);
        if (fields.length != 4 || !isCountryCode(fields[0])) {
            return null;
        }
        Map<String, String> names = new LinkedHashMap<>();
        if (!fields[3].isEmpty()) {
            for (String pair : fields[3].split(String.valueOf(NAME))) {
                int is = pair.indexOf(IS);
                if (is > 0 && is < pair.length() - 1) {
                    names.put(pair.substring(0, is), pair.substring(is + 1));
                }
            }
        }
        return new Place(fields[0], names, degrees(fields[1]), degrees(fields[2]));
    }

    private static Double degrees(String text) {
        if (text.isEmpty()) {
            return null;
        }
        try {
            return Double.valueOf(text);
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Names from a database may hold anything: the note's separators become spaces, and long names are cut. */
    private static String clean(String name) {
        String text = name.strip().replace(FIELD, ' ').replace(NAME, ' ').replace(IS, ' ');
        return text.length() > MAX_NAME ? text.substring(0, MAX_NAME) : text;
    }

    /** Whether both places have coordinates. */
    public boolean hasCoordinates() {
        return latitude != null && longitude != null;
    }

    /** The great-circle distance in kilometres between two places with coordinates. */
    public double kilometresTo(Place other) {
        double earth = 6371.0;
        double lat1 = Math.toRadians(latitude);
        double lat2 = Math.toRadians(other.latitude);
        double dLat = lat2 - lat1;
        double dLon = Math.toRadians(other.longitude - longitude);
        double a = Math.sin(dLat / 2) * Math.sin(dLat / 2)
                + Math.cos(lat1) * Math.cos(lat2) * Math.sin(dLon / 2) * Math.sin(dLon / 2);
        return 2 * earth * Math.asin(Math.min(1, Math.sqrt(a)));
    }

    /**
     * The place as shown: the country named by the JDK in the caller's language, the city in it where the database
     * had the name, else in English.
     */
    public SessionView.Location location(Locale locale) {
        Locale in = locale == null ? Locale.ENGLISH : locale;
        String country = new Locale("", countryCode).getDisplayCountry(in);
        return new SessionView.Location(countryCode, country.isBlank() ? countryCode : country, city(in));
    }

    /** The city's name in that language (or its language without the region), else English, else null. */
    public String city(Locale locale) {
        String tag = locale.toLanguageTag();
        String name = cityNames.get(tag);
        if (name == null) {
            name = cityNames.entrySet().stream()
                    .filter(e -> e.getKey().startsWith(locale.getLanguage()))
                    .map(Map.Entry::getValue)
                    .findFirst()
                    .orElse(null);
        }
        return name != null ? name : cityNames.get("en");
    }
}
