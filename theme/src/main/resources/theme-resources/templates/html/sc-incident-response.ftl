<#-- keycloak-session-control: an admin ended every session of the user's account (incident response); the
     password paragraph only when a new password is asked at the next sign-in. No link. -->
<#import "template.ftl" as layout>
<@layout.emailLayout>
<p>${kcSanitize(msg("scIncidentBody", realmName))?no_esc}</p>
<#if passwordUpdate>
<p>${kcSanitize(msg("scIncidentPassword", realmName))?no_esc}</p>
<#else>
<p>${kcSanitize(msg("scIncidentSignInAgain", realmName))?no_esc}</p>
</#if>
<p>${kcSanitize(msg("scIncidentContact", realmName))?no_esc}</p>
</@layout.emailLayout>
