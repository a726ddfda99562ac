import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
import "@keycloak/keycloak-admin-ui/styles.css";

import { AdminUi, KeycloakProvider, routes, type AdminEnvironment } from "@keycloak/keycloak-admin-ui";
import { StrictMode } from "react";
import * as ReactDOM from "react-dom";
import type { createRoot as CreateRoot } from "react-dom/client";
import { createHashRouter, RouterProvider, type RouteObject } from "react-router-dom";
import { createI18n, readEnvironment } from "../shared/bootstrap";
import SessionsPage from "./sessions/SessionsPage";
import { useSessionControlTabs } from "./tabs/SessionControlTabs";
import { installSessionControlTabs } from "./tabs/registry";

// Keycloak's import map serves one react-dom module that also carries createRoot.
const { createRoot } = ReactDOM as unknown as { createRoot: typeof CreateRoot };

const environment = readEnvironment<AdminEnvironment>();

// The stock console's i18n set-up: the realm's admin message bundle (ours merged over Keycloak's).
const i18n = createI18n({
  loadPath: `${environment.adminBaseUrl.replace(/\/$/, "")}/resources/{{ns}}/admin/{{lng}}`,
  namespace: environment.realm,
  keySeparator: ".",
});

installSessionControlTabs(useSessionControlTabs);

const SESSIONS_PATH = "/:realm/sessions";
const children = (routes as RouteObject[]).map((route) =>
  route.path === SESSIONS_PATH ? { ...route, element: <SessionsPage /> } : route,
);
if (!children.some((route) => route.path === SESSIONS_PATH)) {
  throw new Error(`session-control: the admin console has no ${SESSIONS_PATH} route`);
}

const router = createHashRouter([
  {
    path: "/",
    element: (
      <KeycloakProvider environment={environment}>
        <AdminUi />
      </KeycloakProvider>
    ),
    children,
  },
]);

i18n.init().then(() => {
  createRoot(document.getElementById("app")!).render(
    <StrictMode>
      <RouterProvider router={router} />
    </StrictMode>,
  );
});
