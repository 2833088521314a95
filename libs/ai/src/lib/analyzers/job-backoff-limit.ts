import { conditionEvidence } from './conditions';
import { containerViews } from './containers';
import { controllerOf, eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import { compareStrings, type Evidence, type Finding } from './finding';

/** A Job that gave up after too many failed pods (Failed=True, BackoffLimitExceeded). */
export function jobBackoffLimit(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const job of ctx.snapshot.jobs ?? []) {
    const failed = job.status?.conditions?.find((c) => c.type === 'Failed');
    if (failed?.status !== 'True' || failed.reason !== 'BackoffLimitExceeded') continue;
    const ns = job.metadata?.namespace;
    const name = job.metadata?.name ?? '';
    const evidence: Evidence[] = [
      ...conditionEvidence(failed),
      { field: 'spec.backoffLimit', value: String(job.spec?.backoffLimit ?? 6) },
      { field: 'status.failed', value: String(job.status?.failed ?? 0) },
      ...ctx
        .eventsFor('Job', job.metadata)
        .filter((e) => e.type === 'Warning')
        .map(eventEvidence),
    ];
    // How its pods ended, when they are still there: the exit code is usually the answer.
    const pods = (ctx.snapshot.pods ?? [])
      .filter((p) => p.metadata?.namespace === ns && controllerOf(p.metadata)?.uid === job.metadata?.uid)
      .sort((a, b) => compareStrings(a.metadata?.name ?? '', b.metadata?.name ?? ''));
    for (const pod of pods) {
      for (const c of containerViews(pod)) {
        const t = c.status.state?.terminated;
        if (!t || t.exitCode === 0) continue;
        // Another object's field: prefixed with it, as kubectl names objects (`pod/<name>`).
        const at = `pod/${pod.metadata?.name} ${c.statusPath}.state.terminated`;
        if (t.reason) evidence.push({ field: `${at}.reason`, value: t.reason });
        evidence.push({ field: `${at}.exitCode`, value: String(t.exitCode) });
      }
    }
    findings.push({
      id: `job-backoff-limit:Job:${ns}/${name}`,
      analyzer: 'job-backoff-limit',
      severity: 'critical',
      object: findingObject('Job', job.metadata),
      title: 'Job failed: backoff limit exceeded',
      summary: `Job ${ns}/${name} stopped retrying after ${job.status?.failed ?? 0} failed pod${job.status?.failed === 1 ? '' : 's'} (backoffLimit ${job.spec?.backoffLimit ?? 6}).`,
      evidence,
      nextSteps: [
        `Read the failed pod's log: ${kubectl(ns, 'logs', `job/${name}`)}`,
        `See the Job's pods and events: ${kubectl(ns, 'describe', 'job', name)}`,
        `A Job does not rerun once Failed: fix the cause, then delete and recreate it (or wait for its CronJob's next run).`,
      ],
    });
  }
  return findings;
}
