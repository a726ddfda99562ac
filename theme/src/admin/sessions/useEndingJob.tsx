import { Alert, AlertActionCloseButton, Progress } from "@patternfly/react-core";
import { useCallback, useEffect, useState } from "react";
import { useTranslation } from "react-i18next";
import type { Ended, SessionControlAdminApi } from "../api";

/** How often a bulk ending that goes on in the background is polled. */
const JOB_POLL_MS = 2000;

/**
 * A bulk ending too large for one request goes on in the background: `follow` takes the first answer, and the job
 * is polled until it is done, calling `onProgress` (to reload the table) at each step. An ending that the request
 * itself finishes shows its remainder while the request runs (`show`, with no job id), then its answer.
 */
export function useEndingJob(api: SessionControlAdminApi, onProgress: () => void) {
  const [job, setJob] = useState<Ended>();
  const jobId = job && !job.done ? job.jobId : undefined;
  useEffect(() => {
    if (!jobId) return;
    const timer = setInterval(() => {
      api
        .job(jobId)
        .then((progress) => {
          setJob(progress);
          onProgress();
        })
        .catch(() => undefined);
    }, JOB_POLL_MS);
    return () => clearInterval(timer);
  }, [api, jobId, onProgress]);

  const follow = useCallback((ended: Ended) => {
    setJob((shown) => ((ended.jobId && !ended.done) || shown?.jobId === "" ? ended : shown));
  }, []);
  const show = useCallback((progress: Ended) => setJob(progress), []);
  const dismiss = useCallback(() => setJob(undefined), []);
  return { job, follow, show, dismiss };
}

/** The job shrinking until it is done, then a closable "done". */
export const EndingProgress = ({ job, onClose }: { job: Ended; onClose: () => void }) => {
  const { t } = useTranslation();
  return (
    <Alert
      variant={job.done ? "success" : "info"}
      isInline
      className="pf-v5-u-mx-md pf-v5-u-mt-sm"
      data-testid="sc-ending-progress"
      data-job-id={job.jobId}
      data-remaining={job.remaining ?? 0}
      title={
        job.done
          ? t("sessionControlEndingDone", { count: job.ended })
          : t("sessionControlEndingProgress", { count: job.remaining ?? 0, ended: job.ended })
      }
      actionClose={job.done ? <AlertActionCloseButton onClose={onClose} /> : undefined}
    >
      <Progress
        aria-label={t("sessionControlEndingProgressAria")}
        value={job.covered ? (100 * job.ended) / job.covered : 100}
        measureLocation="outside"
      />
    </Alert>
  );
};
