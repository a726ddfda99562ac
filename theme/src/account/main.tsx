import "@patternfly/patternfly/patternfly-addons.css";
import "@patternfly/react-core/dist/styles/base.css";
// The package does not export its stylesheet; take it from the installed package.
import "../../node_modules/@keycloak/keycloak-account-ui/lib/keycloak-account-ui.css";

import {
  KeycloakProvider,
  routes as stockRoutes,
  useEnvironment,
  type AccountEnvironment,
} from "@keycloak/keycloak-account-ui";
import { Spinner } from "@patternfly/react-core";
import { StrictMode, useEffect, useState } from "react";
import * as ReactDOM from "react-dom";
import type { createRoot as CreateRoot } from "react-dom/client";
import { createBrowserRouter, Navigate, RouterProvider, type RouteObject } from "react-router-dom";
import { createI18n, readEnvironment } from "../shared/bootstrap";
import { Frame, type MenuItem } from "./Frame";
import SessionsPage from "./SessionsPage";

const { createRoot } = ReactDOM as unknown as { createRoot: typeof CreateRoot };

const environment = readEnvironment<AccountEnvironment>();

// The user's locale as Keycloak resolved it (user attribute, realm default, browser), as the stock console uses.
const i18n = createI18n({
  lng: environment.locale,
  loadPath: `${environment.serverBaseUrl.replace(/\/$/, "")}/resources/${environment.realm}/account/{{lng}}`,
});

/** Our pages, by the `path` their content.json entry uses. */
const OWN_ROUTES: RouteObject[] = [{ path: "sessions", element: <SessionsPage /> }];

/**
 * As the stock console does, the routes follow the theme's content.json (so the menu and the
 * routes never disagree): every visible entry with a path gets the stock page or ours.
 */
function routesFor(menu: MenuItem[], features: AccountEnvironment["features"]): RouteObject[] {
  const known = [...(stockRoutes as RouteObject[]), ...OWN_ROUTES];
  return menu.flatMap((item): RouteObject[] => {
    if (item.isVisible && !features[item.isVisible]) return [];
    if (item.children) return routesFor(item.children, features);
    const route = known.find((r) => r.path === (item.id ?? item.path));
    return route ? [route] : [];
  });
}

const Router = () => {
  const { environment: env } = useEnvironment<AccountEnvironment>();
  const [router, setRouter] = useState<ReturnType<typeof createBrowserRouter>>();
  useEffect(() => {
    fetch(`${env.resourceUrl}/content.json`)
      .then((r) => r.json() as Promise<MenuItem[]>)
      .then((menu) => {
        const children = routesFor(menu, env.features);
        // content/:componentId pages (custom modules from content.json) keep working.
        const content = (stockRoutes as RouteObject[]).find((r) => r.path === "content/:componentId");
        if (content) children.push(content);
        children.push({ path: "*", element: <Navigate to=".." replace /> });
        setRouter(
          createBrowserRouter([
            {
              path: decodeURIComponent(new URL(env.baseUrl).pathname),
              element: <Frame menu={menu} />,
              children,
            },
          ]),
        );
      });
  }, [env]);
  return router ? <RouterProvider router={router} /> : <Spinner />;
};

i18n.init().then(() => {
  createRoot(document.getElementById("app")!).render(
    <StrictMode>
      <KeycloakProvider environment={environment}>
        <Router />
      </KeycloakProvider>
    </StrictMode>,
  );
});
