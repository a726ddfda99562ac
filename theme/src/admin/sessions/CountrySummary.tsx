import { Flex, FlexItem, Label, LabelGroup } from "@patternfly/react-core";
import { useTranslation } from "react-i18next";
import { countryName } from "../../shared/session";

/**
 * The realm's sessions by country (`byCountry` of `GET /stats`), most first; `""` counts the sessions without a
 * location. Picking a country filters the table by it.
 */
export const CountrySummary = ({
  byCountry,
  onPick,
}: {
  byCountry: Record<string, number>;
  onPick: (country: string) => void;
}) => {
  const { t, i18n } = useTranslation();
  const entries = Object.entries(byCountry)
    .filter(([, count]) => count > 0)
    .sort(([a, x], [b, y]) => y - x || a.localeCompare(b));
  if (entries.length === 0) return null;
  return (
    <Flex className="pf-v5-u-px-md pf-v5-u-pt-xs" alignItems={{ default: "alignItemsCenter" }}>
      <FlexItem className="pf-v5-u-color-200">{t("sessionControlByCountry")}</FlexItem>
      <FlexItem>
        <LabelGroup numLabels={6} data-testid="sc-by-country">
          {entries.map(([code, count]) =>
            code ? (
              <Label
                key={code}
                isCompact
                data-testid="sc-country-count"
                data-country={code}
                data-count={count}
                title={t("sessionControlByCountryPick")}
                onClick={() => onPick(code)}
              >
                {t("sessionControlCountryCount", { country: countryName(code, i18n.language), count })}
              </Label>
            ) : (
              <Label
                key=""
                isCompact
                variant="outline"
                data-testid="sc-country-count"
                data-country=""
                data-count={count}
              >
                {t("sessionControlCountryUnknownCount", { count })}
              </Label>
            ),
          )}
        </LabelGroup>
      </FlexItem>
    </Flex>
  );
};
