<#-- keycloak-session-control: a device the user has not signed in from before signed in. Values arrive HTML-escaped.
     No link when neither the realm's Frontend URL nor Keycloak's hostname is configured. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if signInHtml.link?has_content>
${kcSanitize(msg("scNewDeviceBodyHtml", realmName, signInHtml.time, signInHtml.device, signInHtml.ip, signInHtml.application, signInHtml.link))?no_esc}
<#else>
${kcSanitize(msg("scNewDeviceBodyHtmlNoLink", realmName, signInHtml.time, signInHtml.device, signInHtml.ip, signInHtml.application))?no_esc}
</#if>
</@layout.emailLayout>
