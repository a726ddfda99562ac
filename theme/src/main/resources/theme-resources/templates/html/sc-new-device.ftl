<#-- keycloak-session-control: a device the user has not signed in from before signed in. Values arrive HTML-escaped. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
${kcSanitize(msg("scNewDeviceBodyHtml", realmName, signInHtml.time, signInHtml.device, signInHtml.ip, signInHtml.application, signInHtml.link))?no_esc}
</@layout.emailLayout>
