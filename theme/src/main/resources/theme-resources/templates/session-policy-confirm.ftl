<#-- Shown by the "Session policy" authenticator before a sign-in that will end other sessions. -->
<#import "template.ftl" as layout>
<@layout.registrationLayout; section>
    <#if section = "header">
        ${msg("sessionPolicyConfirmTitle")}
    <#elseif section = "form">
        <div id="session-policy-confirm">
            <p class="instruction" id="session-policy-message">
                <#if sessionPolicy.allDevices>
                    ${msg("sessionPolicyConfirmAll", sessionPolicy.count)}
                <#else>
                    ${msg("sessionPolicyConfirmSameType", sessionPolicy.count, sessionPolicy.deviceType)}
                </#if>
            </p>
            <form id="session-policy-form" action="${url.loginAction}" method="post">
                <div class="${properties.kcFormGroupClass!}">
                    <div id="kc-form-buttons" class="${properties.kcFormButtonsClass!}">
                        <input class="${properties.kcButtonClass!} ${properties.kcButtonPrimaryClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                               name="continue" id="session-policy-continue" type="submit" value="${msg("sessionPolicyContinue")}"/>
                        <input class="${properties.kcButtonClass!} ${properties.kcButtonDefaultClass!} ${properties.kcButtonBlockClass!} ${properties.kcButtonLargeClass!}"
                               name="cancel" id="session-policy-cancel" type="submit" value="${msg("doCancel")}"/>
                    </div>
                </div>
            </form>
        </div>
    </#if>
</@layout.registrationLayout>
