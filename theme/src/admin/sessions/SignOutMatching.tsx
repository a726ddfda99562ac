import { useAccess } from "@keycloak/keycloak-admin-ui";
import { useAlerts } from "@keycloak/keycloak-ui-shared";
import {
  AlertVariant,
  Button,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  ToolbarItem,
  Tooltip,
} from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { countryName } from "../../shared/session";
import { setFilters, useSessionControlApi, type MatchFilters } from "../api";
import type { Filters } from "./SessionsToolbar";
import type { Confirmation } from "./useConfirmation";

/** The toolbar's filters as the body of `POST /sessions/revoke` (the realm page has no user id, only the search). */
export function matchFilters(filters: Filters): MatchFilters {
  return setFilters({
    search: filters.search.trim(),
    clientId: filters.clientId.trim(),
    deviceType: filters.deviceType,
    ip: filters.ip.trim(),
    country: filters.country,
    type: filters.type,
  });
}

/**
 * "Sign out matching": ends the sessions the page's filters in force select. The count its confirmation states is
 * the server's dry run of the very request the confirmation then sends, made when the button is pressed.
 */
export const SignOutMatching = ({
  filters,
  confirm,
}: {
  filters: Filters;
  confirm: (confirmation: Confirmation) => void;
}) => {
  const { t, i18n } = useTranslation();
  const { hasAccess } = useAccess();
  const { addAlert, addError } = useAlerts();
  const api = useSessionControlApi();
  const body = matchFilters(filters);
  const noFilter = Object.keys(body).length === 0;

  const described: [string, string | undefined][] = [
    ["sessionControlAttrUser", body.search],
    ["sessionControlAttrClient", body.clientId],
    ["sessionControlAttrIp", body.ip],
    ["sessionControlAttrCountry", body.country && `${body.country} (${countryName(body.country, i18n.language)})`],
    ["sessionControlFilterDeviceType", body.deviceType],
    [
      "sessionControlFilterType",
      body.type && t(body.type === "OFFLINE" ? "sessionControlTypeOffline" : "sessionControlTypeRegular"),
    ],
  ];

  const start = async () => {
    let count: number;
    try {
      count = await api.countMatching(body);
    } catch (error) {
      addError("sessionControlCountError", error);
      return;
    }
    if (count === 0) {
      addAlert(t("sessionControlRevokeMatchingNone"), AlertVariant.info);
      return;
    }
    confirm({
      title: t("sessionControlRevokeMatchingTitle"),
      body: (
        <>
          <p>{t("sessionControlRevokeMatchingBody", { count })}</p>
          <DescriptionList isHorizontal isCompact className="pf-v5-u-my-md" data-testid="sc-matching-filters">
            {described
              .filter(([, value]) => value)
              .map(([label, value]) => (
                <DescriptionListGroup key={label}>
                  <DescriptionListTerm>{t(label)}</DescriptionListTerm>
                  <DescriptionListDescription>{value}</DescriptionListDescription>
                </DescriptionListGroup>
              ))}
          </DescriptionList>
          <p>{t("sessionControlRevokeMatchingEffect")}</p>
        </>
      ),
      confirmLabel: t("sessionControlRevokeMatchingConfirm", { count }),
      action: "revoke-matching",
      run: () => api.revokeMatching(body),
      // The request ends every covered session before it answers: the remainder is what still matches.
      watch: { covered: count, remaining: () => api.countMatching(body) },
    });
  };

  const button = (
    <Button
      variant="secondary"
      isDanger
      data-testid="sc-signout-matching"
      isDisabled={!hasAccess("manage-users")}
      isAriaDisabled={noFilter}
      onClick={start}
    >
      {t("sessionControlRevokeMatching")}
    </Button>
  );
  return (
    <ToolbarItem>
      {noFilter ? <Tooltip content={t("sessionControlRevokeMatchingNoFilter")}>{button}</Tooltip> : button}
    </ToolbarItem>
  );
};
