import { Page, useAccountAlerts, useEnvironment } from "@keycloak/keycloak-account-ui";
import {
  Button,
  DataList,
  DataListCell,
  DataListItem,
  DataListItemCells,
  DataListItemRow,
  DescriptionList,
  Label,
  Modal,
  ModalVariant,
  Spinner,
  Split,
  SplitItem,
  Title,
  Tooltip,
} from "@patternfly/react-core";
import { DesktopIcon, MobileAltIcon } from "@patternfly/react-icons";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import { Detail } from "../shared/Detail";
import { FlagBadges, PlaceText } from "../shared/Place";
import { clientLabel, formatTime, type SessionView } from "../shared/session";
import { useAccountSessionsApi } from "./api";
import { RecentlyEnded } from "./RecentlyEnded";

/** A phone or tablet by its browser, or by the device type its client declares (an app's HTTP library has no parse). */
const isHandheld = (session: SessionView) =>
  !!session.device?.mobile || session.deviceType === "Mobile" || session.deviceType === "Tablet";

type Pending = { kind: "one"; session: SessionView } | { kind: "others" };

/** Account console → Sessions: the signed-in user's own sessions. */
export default function SessionsPage() {
  const { t, i18n } = useTranslation();
  const api = useAccountSessionsApi();
  const { environment } = useEnvironment();
  const { addAlert, addError } = useAccountAlerts();
  const [sessions, setSessions] = useState<SessionView[]>();
  const [pending, setPending] = useState<Pending>();
  const [busy, setBusy] = useState(false);
  // Counts the endings made here: the ended list below reloads to show them.
  const [endings, setEndings] = useState(0);

  const load = useCallback(() => {
    api
      .list()
      .then(setSessions)
      .catch((e: Error) => addError("sessionControlError", e));
  }, [api, addError]);

  useEffect(load, [load]);

  const confirm = async () => {
    if (!pending) return;
    setBusy(true);
    try {
      if (pending.kind === "one") {
        await api.end(pending.session.id);
        addAlert(t("sessionControlSignedOutOne", { id: pending.session.maskedId }));
      } else {
        const { ended, remaining } = await api.endOthers();
        addAlert(
          remaining > 0
            ? t("sessionControlSignedOutOthersContinues", { count: remaining, ended })
            : t("sessionControlSignedOutOthers", { count: ended }),
        );
      }
    } catch (e) {
      addError("sessionControlError", e);
    } finally {
      setBusy(false);
      setPending(undefined);
      load();
      setEndings((n) => n + 1);
    }
  };

  const others = (sessions ?? []).filter((s) => !s.current).length;

  return (
    <Page title={t("sessionControlAccountTitle")} description={t("sessionControlAccountHelp")}>
      <Split hasGutter isWrappable className="pf-v5-u-mb-md">
        <SplitItem isFilled>
          <Title headingLevel="h2" size="xl">
            {t("sessionControlAccountSubtitle", { realm: environment.realm })}
          </Title>
        </SplitItem>
        <SplitItem>
          <Button variant="link" data-testid="sc-refresh" onClick={load}>
            {t("refresh")}
          </Button>
        </SplitItem>
        <SplitItem>
          <Button
            variant="danger"
            data-testid="sc-signout-others"
            isDisabled={others === 0}
            onClick={() => setPending({ kind: "others" })}
          >
            {t("sessionControlSignOutOthers")}
          </Button>
        </SplitItem>
      </Split>
      {!sessions ? (
        <Spinner aria-label={t("sessionControlLoading")} />
      ) : (
        <DataList aria-label={t("sessionControlAccountTitle")} data-testid="sc-account-sessions">
          {sessions.map((session) => (
            <DataListItem
              key={session.id + session.type}
              data-testid="sc-account-session"
              data-session-id={session.id}
              data-type={session.type}
              data-current={session.current}
              aria-labelledby={`sc-${session.id}`}
            >
              <DataListItemRow>
                <DataListItemCells
                  dataListCells={[
                    <DataListCell key="main" width={4}>
                      <Split hasGutter>
                        <SplitItem>{isHandheld(session) ? <MobileAltIcon /> : <DesktopIcon />}</SplitItem>
                        <SplitItem isFilled>
                          <strong id={`sc-${session.id}`}>
                            {session.deviceType || t("sessionControlUnknownDevice")}
                          </strong>{" "}
                          · <span data-testid="sc-device">{session.deviceText}</span>{" "}
                          {session.current && (
                            <Label color="green" isCompact data-testid="sc-this-device">
                              {t("sessionControlThisDevice")}
                            </Label>
                          )}{" "}
                          {session.type === "OFFLINE" && (
                            <Tooltip content={t("sessionControlOfflineAccessHelp")}>
                              <Label color="purple" isCompact data-testid="sc-offline-badge" tabIndex={0}>
                                {t("sessionControlOfflineAccess")}
                              </Label>
                            </Tooltip>
                          )}{" "}
                          <FlagBadges flags={session.flags} />
                          <DescriptionList
                            isHorizontal
                            isCompact
                            columnModifier={{ lg: "3Col" }}
                            className="pf-v5-u-mt-sm"
                          >
                            <Detail term={t("sessionControlColSession")} testId="sc-masked-id">
                              {session.maskedId}
                            </Detail>
                            <Detail term={t("sessionControlColIp")}>
                              {session.lastIpAddress || session.ipAddress || "—"}
                            </Detail>
                            <Detail term={t("sessionControlColPlace")}>
                              <PlaceText location={session.location} lastLocation={session.lastLocation} />
                            </Detail>
                            <Detail term={t("sessionControlColStarted")}>
                              {formatTime(session.started, i18n.language)}
                            </Detail>
                            <Detail term={t("sessionControlColLastAccess")}>
                              {formatTime(session.lastAccess, i18n.language)}
                            </Detail>
                            <Detail term={t("sessionControlColExpires")}>
                              {formatTime(session.expires, i18n.language)}
                            </Detail>
                            <Detail term={t("sessionControlColClients")}>
                              {session.clients.map(clientLabel).join(", ") || "—"}
                            </Detail>
                          </DescriptionList>
                        </SplitItem>
                      </Split>
                    </DataListCell>,
                    <DataListCell key="action" alignRight>
                      {session.current ? (
                        <Tooltip content={t("sessionControlUseSignOut")}>
                          <Button variant="secondary" isDanger isAriaDisabled data-testid="sc-signout-session">
                            {t("sessionControlSignOut")}
                          </Button>
                        </Tooltip>
                      ) : (
                        <Button
                          variant="secondary"
                          isDanger
                          data-testid="sc-signout-session"
                          onClick={() => setPending({ kind: "one", session })}
                        >
                          {t("sessionControlSignOut")}
                        </Button>
                      )}
                      {session.current && (
                        <div className="pf-v5-u-font-size-sm pf-v5-u-color-200" data-testid="sc-current-hint">
                          {t("sessionControlUseSignOut")}
                        </div>
                      )}
                    </DataListCell>,
                  ]}
                />
              </DataListItemRow>
            </DataListItem>
          ))}
        </DataList>
      )}
      <RecentlyEnded refresh={endings} />
      <Modal
        variant={ModalVariant.small}
        isOpen={!!pending}
        title={pending?.kind === "one" ? t("sessionControlSignOutOneTitle") : t("sessionControlSignOutOthersTitle")}
        onClose={() => setPending(undefined)}
        actions={[
          <Button
            key="ok"
            variant="danger"
            data-testid="sc-confirm"
            isLoading={busy}
            isDisabled={busy}
            onClick={confirm}
          >
            {t("sessionControlSignOut")}
          </Button>,
          <Button key="cancel" variant="link" data-testid="sc-cancel" onClick={() => setPending(undefined)}>
            {t("cancel")}
          </Button>,
        ]}
      >
        {pending?.kind === "one"
          ? t("sessionControlSignOutOneBody", { id: pending.session.maskedId })
          : t("sessionControlSignOutOthersBody", { count: others })}
      </Modal>
    </Page>
  );
}
