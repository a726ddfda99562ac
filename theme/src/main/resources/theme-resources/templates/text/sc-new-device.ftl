<#ftl output_format="plainText">
<#-- keycloak-session-control: a new sign-in the user should know of: from a device not used before, from a country
     not signed in from before ("place"), or too far from the previous sign-in for the time between ("travel"). No
     link when neither the realm's Frontend URL nor Keycloak's hostname is configured. -->
<#if signIn.why == "device">
<#if signIn.link?has_content>
${msg("scNewDeviceBody", realmName, signIn.time, signIn.device, signIn.ip, signIn.application, signIn.link)}
<#else>
${msg("scNewDeviceBodyNoLink", realmName, signIn.time, signIn.device, signIn.ip, signIn.application)}
</#if>
<#else>
<#if signIn.why == "travel">
${msg("scSignInTravelIntro", realmName, signIn.place, signIn.km, signIn.from, signIn.minutes)}
<#else>
${msg("scSignInPlaceIntro", realmName, signIn.place)}
</#if>

${msg("scSignInFacts", signIn.time, signIn.device, signIn.ip, signIn.place, signIn.application)}

<#if signIn.link?has_content>
${msg("scSignInAdvice", signIn.link)}
<#else>
${msg("scSignInAdviceNoLink", realmName)}
</#if>
</#if>
