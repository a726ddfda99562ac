package dev.sessioncontrol.keycloak.device;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DeviceTypeResolverTest {

    private static final String IPHONE = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 "
            + "(KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";

    @Test
    void clientAttributeWinsOverEverything() {
        assertEquals("Kiosk", DeviceTypeResolver.resolve(" Kiosk ", SignInChannel.TOKEN_ENDPOINT, true, IPHONE));
        assertEquals("Mobile", DeviceTypeResolver.resolve("Mobile", SignInChannel.BROWSER, false, null));
    }

    @Test
    void abpDefaultsWithoutAttribute() {
        assertEquals(DeviceTypes.WEB, DeviceTypeResolver.resolve(null, SignInChannel.BROWSER, false, IPHONE));
        assertEquals(DeviceTypes.OAUTH, DeviceTypeResolver.resolve("  ", SignInChannel.TOKEN_ENDPOINT, false, null));
    }

    @Test
    void userAgentSwitchAppliesToBrowserSignInsOnly() {
        assertEquals(DeviceTypes.MOBILE, DeviceTypeResolver.resolve(null, SignInChannel.BROWSER, true, IPHONE));
        assertEquals(DeviceTypes.OAUTH, DeviceTypeResolver.resolve(null, SignInChannel.TOKEN_ENDPOINT, true, IPHONE));
    }

    @Test
    void normalizeCutsLongValuesAndBlanks() {
        assertNull(DeviceTypeResolver.normalize(""));
        assertEquals(
                DeviceTypes.MAX_LENGTH,
                DeviceTypeResolver.normalize("x".repeat(200)).length());
    }
}
