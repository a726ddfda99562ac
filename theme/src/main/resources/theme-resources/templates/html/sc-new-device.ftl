<#-- keycloak-session-control: a new sign-in the user should know of: from a device not used before, from a country
     not signed in from before ("place"), or too far from the previous sign-in for the time between ("travel").
     Values arrive HTML-escaped. No link when neither the realm's Frontend URL nor Keycloak's hostname is configured. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<#if signInHtml.why == "device">
<#if signInHtml.link?has_content>
${kcSanitize(msg("scNewDeviceBodyHtml", realmName, signInHtml.time, signInHtml.device, signInHtml.ip, signInHtml.application, signInHtml.link))?no_esc}
<#else>
${kcSanitize(msg("scNewDeviceBodyHtmlNoLink", realmName, signInHtml.time, signInHtml.device, signInHtml.ip, signInHtml.application))?no_esc}
</#if>
<#else>
<#if signInHtml.why == "travel">
<p>${kcSanitize(msg("scSignInTravelIntro", realmName, signInHtml.place, signInHtml.km, signInHtml.from, signInHtml.minutes))?no_esc}</p>
<#else>
<p>${kcSanitize(msg("scSignInPlaceIntro", realmName, signInHtml.place))?no_esc}</p>
</#if>
${kcSanitize(msg("scSignInFactsHtml", signInHtml.time, signInHtml.device, signInHtml.ip, signInHtml.place, signInHtml.application))?no_esc}
<#if signInHtml.link?has_content>
${kcSanitize(msg("scSignInAdviceHtml", signInHtml.link))?no_esc}
<#else>
${kcSanitize(msg("scSignInAdviceHtmlNoLink", realmName))?no_esc}
</#if>
</#if>
</@layout.emailLayout>
