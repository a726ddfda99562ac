import { createInstance } from "i18next";
import FetchBackend from "i18next-fetch-backend";
import { initReactI18next } from "react-i18next";

/** The JSON Keycloak's index.ftl puts in `<script id="environment">`. */
export function readEnvironment<T>(): T {
  const text = document.getElementById("environment")?.textContent;
  if (!text) throw new Error("Keycloak's environment script is missing from the page.");
  return JSON.parse(text) as T;
}

type Messages = { key: string; value: string }[];

/**
 * An i18n instance reading Keycloak's message-bundle endpoint, as the stock consoles do; the
 * bundle is the theme's messages merged over its parent's, so our keys sit beside Keycloak's.
 */
export function createI18n(options: {
  /** The language to start in; the admin console switches to the admin's locale itself (WhoAmI). */
  lng?: string;
  loadPath: string;
  namespace?: string;
  keySeparator?: string | false;
}) {
  const i18n = createInstance({
    lng: options.lng,
    fallbackLng: "en",
    nsSeparator: false,
    keySeparator: options.keySeparator ?? ".",
    ...(options.namespace ? { ns: [options.namespace], defaultNS: options.namespace } : {}),
    interpolation: { escapeValue: false },
    backend: {
      loadPath: options.loadPath,
      parse: (data: string) => Object.fromEntries((JSON.parse(data) as Messages).map(({ key, value }) => [key, value])),
    },
  });
  i18n.use(FetchBackend);
  i18n.use(initReactI18next);
  return i18n;
}
