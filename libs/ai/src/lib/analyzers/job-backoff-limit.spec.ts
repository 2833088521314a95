import { dbMigrate, reportExport } from '../../testing/lab';
import { analyze } from './analyze';

describe('job-backoff-limit', () => {
  it("reports the lab report-export Job with its Failed condition, backoffLimit and its pod's exit code", () => {
    const rx = reportExport();
    const findings = analyze({ jobs: [rx.job], events: rx.events, pods: [] });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ id: 'job-backoff-limit:Job:shop/report-export', analyzer: 'job-backoff-limit', severity: 'critical' });
    expect(f.evidence).toEqual([
      { field: 'status.conditions[?(@.type=="Failed")].status', value: 'True' },
      { field: 'status.conditions[?(@.type=="Failed")].reason', value: 'BackoffLimitExceeded' },
      { field: 'status.conditions[?(@.type=="Failed")].message', value: 'Job has reached the specified backoff limit' },
      { field: 'spec.backoffLimit', value: '0' },
      { field: 'status.failed', value: '1' },
      expect.objectContaining({ event: 'Warning BackoffLimitExceeded', count: 1 }),
    ]);
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl -n shop logs job/report-export'));
  });

  it("adds the failed pod's termination when the pod is in the snapshot (a reported pod is not its own finding)", () => {
    const rx = reportExport();
    // An earlier pod of the same Job that succeeded says nothing about the failure.
    const done = reportExport().pod;
    if (done.metadata) done.metadata.name = 'report-export-a1b2c';
    const status = done.status?.containerStatuses?.[0];
    if (status) status.state = { terminated: { exitCode: 0, reason: 'Completed', startedAt: '2026-11-27T14:00:05Z', finishedAt: '2026-11-27T14:00:08Z' } };
    const findings = analyze({ jobs: [rx.job], events: rx.events, pods: [done, rx.pod] });
    expect(findings.map((f) => f.analyzer)).toEqual(['job-backoff-limit']);
    expect(findings[0].evidence).toEqual(
      expect.arrayContaining([
        { field: 'pod/report-export-x5k2p status.containerStatuses[0].state.terminated.reason', value: 'Error' },
        { field: 'pod/report-export-x5k2p status.containerStatuses[0].state.terminated.exitCode', value: '1' },
      ]),
    );
    expect(findings[0].evidence.some((e) => 'field' in e && e.field.startsWith('pod/report-export-a1b2c'))).toBe(false);
  });

  it('says nothing about a completed Job', () => {
    expect(analyze({ jobs: [dbMigrate()] })).toEqual([]);
  });
});
