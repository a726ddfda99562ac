/** Small pieces every provider factory shares: the version shown in the admin console's provider info. */
package dev.sessioncontrol.keycloak.support;
