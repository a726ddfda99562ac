import { DescriptionListDescription, DescriptionListGroup, DescriptionListTerm } from "@patternfly/react-core";
import type { PropsWithChildren } from "react";

/** One term and its description in a session's DescriptionList (the admin table's details, the account page). */
export const Detail = ({ term, testId, children }: PropsWithChildren<{ term: string; testId?: string }>) => (
  <DescriptionListGroup>
    <DescriptionListTerm>{term}</DescriptionListTerm>
    <DescriptionListDescription data-testid={testId}>{children}</DescriptionListDescription>
  </DescriptionListGroup>
);
