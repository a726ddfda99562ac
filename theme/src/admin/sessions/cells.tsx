import { DescriptionList, Label, LabelGroup, Tooltip } from "@patternfly/react-core";
import { createContext, useContext } from "react";
import { useTranslation } from "react-i18next";
import { Detail } from "../../shared/Detail";
import { FlagBadges, PlaceText } from "../../shared/Place";
import { clientLabel, formatTime, type SessionView } from "../../shared/session";
import type { Stats } from "../api";

/**
 * What the cells need besides their session. KeycloakDataTable renders each cell as a component of its own, with
 * the row as its props, when a page arrives: cells read the latest stats through this context, not from the
 * closure of the load that made the row.
 */
export type SessionsTableContextValue = {
  stats?: Stats;
  canManage: boolean;
  askEndSession: (session: SessionView) => void;
};

export const SessionsTableContext = createContext<SessionsTableContextValue>({
  canManage: false,
  askEndSession: () => undefined,
});

export const SessionCell = (session: SessionView) => {
  const { t } = useTranslation();
  const { canManage, askEndSession } = useContext(SessionsTableContext);
  const tag = (
    <Label
      color={session.current ? "blue" : "grey"}
      isCompact
      data-testid="sc-session-tag"
      data-session-id={session.id}
      onClose={session.current || !canManage ? undefined : () => askEndSession(session)}
      closeBtnAriaLabel={t("sessionControlEndSessionAria", { id: session.maskedId })}
      closeBtnProps={{ "data-testid": `sc-end-session-${session.id}` }}
    >
      <span title={session.id}>{session.maskedId}</span>
    </Label>
  );
  const badge = session.type === "OFFLINE" && (
    <Tooltip content={t("sessionControlOfflineExplanation")}>
      <Label isCompact color="purple" className="pf-v5-u-ml-xs" data-testid="sc-offline-badge" tabIndex={0}>
        {t("sessionControlTypeOffline")}
      </Label>
    </Tooltip>
  );
  // The row's identity for tests and scripts: KeycloakDataTable's rows carry no attributes of ours.
  return (
    <span
      data-testid="sc-session"
      data-session-id={session.id}
      data-type={session.type}
      data-username={session.username}
      data-device-type={session.deviceType ?? ""}
    >
      {session.current ? (
        <Tooltip content={t("sessionControlOwnSessionExplanation")}>
          <span data-testid="sc-own-session" tabIndex={0}>
            {tag}
            {badge}{" "}
            <Label isCompact color="blue" variant="outline">
              {t("sessionControlYourSession")}
            </Label>
          </span>
        </Tooltip>
      ) : (
        <>
          {tag}
          {badge}
        </>
      )}
    </span>
  );
};

export const UserCell = (session: SessionView) => {
  const { t } = useTranslation();
  const { stats } = useContext(SessionsTableContext);
  const excessive = stats?.excessiveUsers.find((u) => u.userId === session.userId);
  return (
    <>
      {session.username}
      {excessive && (
        <Tooltip
          content={t("sessionControlExcessiveExplanation", {
            count: excessive.sessions,
            threshold: stats?.excessiveSessionThreshold,
          })}
        >
          <Label color="orange" isCompact className="pf-v5-u-ml-sm" data-testid="sc-excessive-flag">
            {t("sessionControlExcessiveFlag", { count: excessive.sessions })}
          </Label>
        </Tooltip>
      )}
    </>
  );
};

export const DeviceTypeCell = (session: SessionView) => <>{session.deviceType || "—"}</>;

/**
 * Text that may wrap: the console's table cells do not, and seven columns share 1280 px; the table then narrows the
 * columns with most room to give.
 */
const WRAP = { whiteSpace: "normal" } as const;

export const DeviceCell = (session: SessionView) => (
  <div data-testid="sc-device" style={WRAP}>
    {session.deviceText}
  </div>
);

export const IpCell = (session: SessionView) => {
  const { t } = useTranslation();
  return (
    <div style={WRAP}>
      {session.ipAddress || "—"}
      {session.lastIpAddress && session.lastIpAddress !== session.ipAddress && (
        <div className="pf-v5-u-color-200">{t("sessionControlLastIp", { ip: session.lastIpAddress })}</div>
      )}
    </div>
  );
};

/** Where the session is, and its alerts under it: they are about where it signed in from. */
export const PlaceCell = (session: SessionView) => (
  <div style={WRAP}>
    <PlaceText location={session.location} lastLocation={session.lastLocation} />
    {session.flags && session.flags.length > 0 && (
      <div>
        <FlagBadges flags={session.flags} />
      </div>
    )}
  </div>
);

export const LastAccessCell = (session: SessionView) => {
  const { i18n } = useTranslation();
  return <div style={WRAP}>{formatTime(session.lastAccess, i18n.language)}</div>;
};

/** The expandable row: what the columns leave out. */
export const DetailsCell = (session: SessionView) => {
  const { t, i18n } = useTranslation();
  return (
    <DescriptionList isCompact isHorizontal columnModifier={{ default: "1Col", lg: "3Col" }} data-testid="sc-details">
      <Detail term={t("sessionControlColStarted")}>{formatTime(session.started, i18n.language)}</Detail>
      <Detail term={t("sessionControlColExpires")}>{formatTime(session.expires, i18n.language)}</Detail>
      <Detail term={t("sessionControlColRememberMe")}>{session.rememberMe ? t("yes") : t("no")}</Detail>
      <Detail term={t("sessionControlSessionId")}>
        <code style={{ wordBreak: "break-all" }}>{session.id}</code>
      </Detail>
      <Detail term={t("sessionControlColClients")}>
        <LabelGroup numLabels={5}>
          {session.clients.map((c) => (
            <Label key={c.clientId} isCompact title={c.clientId}>
              {clientLabel(c)}
            </Label>
          ))}
        </LabelGroup>
      </Detail>
    </DescriptionList>
  );
};
