import { Label, Popover } from "@patternfly/react-core";
import { ExclamationTriangleIcon } from "@patternfly/react-icons";
import { useTranslation } from "react-i18next";
import { IMPOSSIBLE_TRAVEL, placeText, samePlace, type Place } from "./session";

/**
 * Where a session is: the place of its sign-in address, and the last address's place where it differs ("now: …").
 * A dash when the server has no location for it. Both consoles' bundles carry the keys.
 */
export const PlaceText = ({ location, lastLocation }: { location?: Place; lastLocation?: Place }) => {
  const { t } = useTranslation();
  const first = placeText(location);
  const last = placeText(lastLocation);
  return (
    <span data-testid="sc-place" data-country={location?.countryCode ?? ""}>
      {first ?? "—"}
      {last && !samePlace(location, lastLocation) && (
        <div className="pf-v5-u-color-200" data-testid="sc-last-place">
          {t("sessionControlPlaceNow", { place: last })}
        </div>
      )}
    </span>
  );
};

/** The alerts raised on a session, each a warning badge that explains itself when clicked. */
export const FlagBadges = ({ flags }: { flags?: string[] }) => {
  const { t } = useTranslation();
  if (!flags?.includes(IMPOSSIBLE_TRAVEL)) return null;
  return (
    <Popover
      headerContent={t("sessionControlFlagImpossibleTravel")}
      bodyContent={t("sessionControlFlagImpossibleTravelHelp")}
    >
      <Label
        color="orange"
        icon={<ExclamationTriangleIcon />}
        isCompact
        data-testid="sc-flag-impossible-travel"
        onClick={() => undefined}
      >
        {t("sessionControlFlagImpossibleTravel")}
      </Label>
    </Popover>
  );
};
