package dev.sessioncontrol.keycloak.device;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class UserAgentClassifierTest {

    @ParameterizedTest
    @CsvSource(
            delimiter = '|',
            value = {
                "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148 Safari/604.1|Mobile",
                "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 Chrome/120.0 Mobile Safari/537.36|Mobile",
                "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 Chrome/120.0 Safari/537.36|Tablet",
                "Mozilla/5.0 (iPad; CPU OS 17_0 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148|Tablet",
                "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 Chrome/120.0 Safari/537.36|Desktop",
                "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_0) AppleWebKit/605.1.15 Version/17.0 Safari/605.1.15|Desktop",
                "okhttp/4.12.0|Desktop",
            })
    void classifies(String userAgent, String expected) {
        assertEquals(expected, UserAgentClassifier.classify(userAgent));
    }

    @ParameterizedTest
    @CsvSource(value = {"''", "'   '"})
    void blankIsDesktop(String userAgent) {
        assertEquals(DeviceTypes.DESKTOP, UserAgentClassifier.classify(userAgent));
        assertEquals(DeviceTypes.DESKTOP, UserAgentClassifier.classify(null));
    }
}
