package dev.sessioncontrol.keycloak.notify;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * The incident-response e-mail's texts, as the theme module ships them: every key in each of the seven languages,
 * translated (not the English text), and each a message format that takes the realm's name.
 */
class IncidentMailMessagesTest {

    private static final Path THEME = Path.of("../theme/src/main/resources/theme-resources");
    private static final List<String> LOCALES = List.of("en", "de", "fr", "es", "ja", "pt_BR", "zh_Hans");
    private static final List<String> KEYS = List.of(
            IncidentMail.SUBJECT, "scIncidentBody", "scIncidentPassword", "scIncidentSignInAgain", "scIncidentContact");

    private static Properties bundle(String locale) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(
                THEME.resolve("messages/messages_" + locale + ".properties"), StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    @Test
    void everyLanguageHasEveryTextTranslated() throws IOException {
        Properties english = bundle("en");
        for (String locale : LOCALES) {
            Properties bundle = bundle(locale);
            for (String key : KEYS) {
                String text = bundle.getProperty(key);
                assertNotNull(text, key + " in " + locale);
                if (!locale.equals("en")) {
                    assertNotEquals(english.getProperty(key), text, key + " in " + locale + " is the English text");
                }
                String formatted = new MessageFormat(text, Locale.forLanguageTag(locale.replace('_', '-')))
                        .format(new Object[] {"Realm X"});
                assertFalse(formatted.contains("{") || formatted.contains("''"), key + " in " + locale);
            }
            assertTrue(
                    new MessageFormat(bundle.getProperty(IncidentMail.SUBJECT))
                            .format(new Object[] {"Realm X"})
                            .contains("Realm X"),
                    "the subject names the realm in " + locale);
        }
    }

    @Test
    void bothTemplatesExist() {
        for (String part : List.of("html", "text")) {
            assertTrue(Files.isRegularFile(THEME.resolve("templates/" + part + "/" + IncidentMail.TEMPLATE)), part);
        }
    }
}
