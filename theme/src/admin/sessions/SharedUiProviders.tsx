import { AlertProvider, ErrorBoundaryProvider, Help } from "@keycloak/keycloak-ui-shared";
import type { PropsWithChildren } from "react";

/**
 * The admin-ui package bundles a copy of ui-shared of its own, so the contexts its console provides are not the
 * ones our import of ui-shared reads. The ui-shared components we use get their providers here: data loading
 * (KeycloakDataTable's error boundary), alerts (they look and behave as the console's, in a toast group of ours)
 * and the form controls' help pop-overs (on or off with the console's own "Enable help", stored in the same
 * localStorage entry).
 */
export const SharedUiProviders = ({ children }: PropsWithChildren) => (
  <ErrorBoundaryProvider>
    <Help>
      <AlertProvider>{children}</AlertProvider>
    </Help>
  </ErrorBoundaryProvider>
);
