import type { TFunction } from "i18next";
import type { Ended } from "../api";

/**
 * What the admin is told after ending several sessions: how many ended, whether their own session was kept, and
 * how many are still being signed out in the background (a bulk ending too large for one request).
 */
export function endedMessage(t: TFunction, result: Ended): string {
  if (result.remaining && result.remaining > 0) {
    return t("sessionControlEndedContinues", { count: result.remaining, ended: result.ended });
  }
  return t(result.skippedCurrent ? "sessionControlEndedSkippedCurrent" : "sessionControlEnded", {
    count: result.ended,
  });
}
