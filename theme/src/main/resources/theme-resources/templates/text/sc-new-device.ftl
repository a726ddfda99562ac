<#ftl output_format="plainText">
<#-- keycloak-session-control: a device the user has not signed in from before signed in. -->
${msg("scNewDeviceBody", realmName, signIn.time, signIn.device, signIn.ip, signIn.application, signIn.link)}
