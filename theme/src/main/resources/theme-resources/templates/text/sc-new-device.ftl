<#ftl output_format="plainText">
<#-- keycloak-session-control: a device the user has not signed in from before signed in. No link when neither the
     realm's Frontend URL nor Keycloak's hostname is configured. -->
<#if signIn.link?has_content>
${msg("scNewDeviceBody", realmName, signIn.time, signIn.device, signIn.ip, signIn.application, signIn.link)}
<#else>
${msg("scNewDeviceBodyNoLink", realmName, signIn.time, signIn.device, signIn.ip, signIn.application)}
</#if>
