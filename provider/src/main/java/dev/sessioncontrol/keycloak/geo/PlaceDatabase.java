package dev.sessioncontrol.keycloak.geo;

import com.maxmind.db.CHMCache;
import com.maxmind.db.Reader;
import com.maxmind.geoip2.DatabaseReader;
import com.maxmind.geoip2.exception.GeoIp2Exception;
import com.maxmind.geoip2.model.AbstractCountryResponse;
import com.maxmind.geoip2.model.CityResponse;
import com.maxmind.geoip2.record.Country;
import dev.sessioncontrol.keycloak.sessions.AddressRange;
import dev.sessioncontrol.keycloak.sessions.Place;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jboss.logging.Logger;

/**
 * The node's location database file, read whole into memory (a file replaced or rewritten in place cannot pull the
 * ground from under a lookup, as a mapped one could). Every {@value #CHECK_MILLIS} ms at most, a lookup looks at the
 * file's time and size and reads it again when they changed, so a replaced file is used without a restart. What the
 * operator must know is logged once per change: no option, a file read, a file that cannot be read.
 */
final class PlaceDatabase {

    static final long CHECK_MILLIS = 10_000;
    private static final Logger LOG = Logger.getLogger(PlaceDatabase.class);

    private final Path path;
    private volatile Opened opened;
    private volatile long nextCheck;
    /** The file's time and size when it was last found unusable ("missing" when absent): logged once each. */
    private String unreadable;

    /** One reading of the file, with the file's time and size then. */
    private record Opened(DatabaseReader reader, boolean city, String signature) {}

    private PlaceDatabase(Path path) {
        this.path = path;
    }

    /** @param path null when the operator set none: no places, said once */
    static PlaceDatabase open(Path path) {
        PlaceDatabase database = new PlaceDatabase(path);
        if (path == null) {
            LOG.infof(
                    "No location database (option --spi-%s--%s--%s): sessions are shown without a place",
                    GeoSpi.NAME, PlaceLookupFactory.ID, PlaceLookupFactory.DATABASE_OPTION);
        } else {
            database.refresh(System.currentTimeMillis());
        }
        return database;
    }

    /** The place of an address literal; null for no file, an address the file does not know, or no address. */
    Place find(String address) {
        if (path == null) {
            return null;
        }
        long now = System.currentTimeMillis();
        if (now >= nextCheck) {
            refresh(now);
        }
        Opened current = opened;
        InetAddress ip = current == null ? null : AddressRange.literal(address);
        if (ip == null) {
            return null;
        }
        try {
            Optional<? extends AbstractCountryResponse> found = current.city()
                    ? current.reader().tryCity(ip)
                    : current.reader().tryCountry(ip);
            return found.map(PlaceDatabase::place).orElse(null);
        } catch (IOException | GeoIp2Exception | RuntimeException e) {
            LOG.debugf(e, "Location lookup failed in %s", path);
            return null;
        }
    }

    private synchronized void refresh(long now) {
        if (now < nextCheck) {
            return; // another thread has just looked
        }
        nextCheck = now + CHECK_MILLIS;
        BasicFileAttributes file;
        try {
            file = Files.readAttributes(path, BasicFileAttributes.class);
        } catch (IOException e) {
            unusable("missing", "it is missing or cannot be opened");
            return;
        }
        String signature = file.lastModifiedTime() + "/" + file.size();
        Opened current = opened;
        if (current != null && current.signature().equals(signature) || signature.equals(unreadable)) {
            return; // unchanged since it was read, or since it could not be
        }
        try {
            DatabaseReader reader = new DatabaseReader.Builder(path.toFile())
                    .fileMode(Reader.FileMode.MEMORY)
                    .withCache(new CHMCache())
                    .build();
            String type = reader.getMetadata().getDatabaseType();
            opened = new Opened(reader, type != null && type.contains("City"), signature);
            unreadable = null;
            LOG.infof(
                    "Location database %s read (%s, built %s)",
                    path, type, reader.getMetadata().getBuildDate().toInstant());
        } catch (IOException | RuntimeException e) {
            unusable(
                    signature,
                    "it is not a MaxMind-format database (" + e.getClass().getSimpleName() + ")");
        }
    }

    /** The file cannot be used now: no places, said once for each state of the file. */
    private void unusable(String signature, String why) {
        opened = null;
        if (!signature.equals(unreadable)) {
            unreadable = signature;
            LOG.warnf("Location database %s not used, %s: sessions get no place until it can be read", path, why);
        }
    }

    /** What this extension keeps of a database answer; null without a country. */
    static Place place(AbstractCountryResponse response) {
        Country country = response.getCountry();
        String code = country == null ? null : country.getIsoCode();
        if (code == null && response.getRegisteredCountry() != null) {
            code = response.getRegisteredCountry().getIsoCode(); // an address only known by its registration
        }
        if (!Place.isCountryCode(code)) {
            return null;
        }
        Map<String, String> names = new LinkedHashMap<>();
        Double latitude = null;
        Double longitude = null;
        if (response instanceof CityResponse city) {
            if (city.getCity() != null && city.getCity().getNames() != null) {
                for (String language : Place.LANGUAGES) {
                    String name = city.getCity().getNames().get(language);
                    if (name != null && !name.isBlank()) {
                        names.put(language, name);
                    }
                }
            }
            if (city.getLocation() != null) {
                latitude = city.getLocation().getLatitude();
                longitude = city.getLocation().getLongitude();
            }
        }
        return new Place(code, names, latitude, longitude);
    }
}
