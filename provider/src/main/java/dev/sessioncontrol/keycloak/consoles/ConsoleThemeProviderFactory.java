package dev.sessioncontrol.keycloak.consoles;

import dev.sessioncontrol.keycloak.support.KeycloakCompatibility;
import dev.sessioncontrol.keycloak.support.SessionControlProviderFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.ClassLoaderTheme;
import org.keycloak.theme.Theme;
import org.keycloak.theme.ThemeProvider;
import org.keycloak.theme.ThemeProviderFactory;

/**
 * Offers the {@code session-control} admin and account themes (built by the theme module into this jar under
 * {@code theme/session-control/}) on a supported Keycloak only. A {@code META-INF/keycloak-themes.json} would
 * offer them on any Keycloak, and a console built for another release would half-work there.
 */
public final class ConsoleThemeProviderFactory extends SessionControlProviderFactory implements ThemeProviderFactory {

    public static final String ID = "session-control";
    public static final String THEME = "session-control";

    private Map<Theme.Type, Theme> themes = Map.of();

    @Override
    public void init(Config.Scope config) {
        if (!KeycloakCompatibility.supported()) {
            return;
        }
        Map<Theme.Type, Theme> loaded = new EnumMap<>(Theme.Type.class);
        try {
            for (Theme.Type type : new Theme.Type[] {Theme.Type.ADMIN, Theme.Type.ACCOUNT}) {
                loaded.put(type, new ClassLoaderTheme(THEME, type, getClass().getClassLoader()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the session-control themes from the jar", e);
        }
        themes = Map.copyOf(loaded);
    }

    @Override
    public ThemeProvider create(KeycloakSession session) {
        return new ThemeProvider() {
            @Override
            public int getProviderPriority() {
                return 0;
            }

            @Override
            public Theme getTheme(String name, Theme.Type type) {
                return hasTheme(name, type) ? themes.get(type) : null;
            }

            @Override
            public Set<String> nameSet(Theme.Type type) {
                return themes.containsKey(type) ? Set.of(THEME) : Set.of();
            }

            @Override
            public boolean hasTheme(String name, Theme.Type type) {
                return THEME.equals(name) && themes.containsKey(type);
            }

            @Override
            public void close() {}
        };
    }

    @Override
    public String getId() {
        return ID;
    }
}
