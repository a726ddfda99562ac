<#ftl output_format="plainText">
<#-- keycloak-session-control: an admin ended every session of the user's account (incident response); the
     password paragraph only when a new password is asked at the next sign-in. No link. -->
${msg("scIncidentBody", realmName)}

<#if passwordUpdate>
${msg("scIncidentPassword", realmName)}
<#else>
${msg("scIncidentSignInAgain", realmName)}
</#if>

${msg("scIncidentContact", realmName)}
