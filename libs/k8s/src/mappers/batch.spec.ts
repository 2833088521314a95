import type { V1CronJob, V1Job } from '@kubernetes/client-node';
import { jobCompletions, jobStatus, toCronJobSummary, toJobSummary } from './batch';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');

function job(conditions: { type: string; status: string }[], extra: Partial<Wire<V1Job>> = {}): Wire<V1Job> {
  return { metadata: { name: 'migrate', namespace: 'shop' }, spec: { template: {} }, status: { conditions }, ...extra };
}

describe('jobStatus (kubectl get jobs STATUS)', () => {
  it.each([
    [
      'Complete',
      [
        { type: 'SuccessCriteriaMet', status: 'True' },
        { type: 'Complete', status: 'True' },
      ],
      'Complete',
    ],
    [
      'Failed',
      [
        { type: 'FailureTarget', status: 'True' },
        { type: 'Failed', status: 'True' },
      ],
      'Failed',
    ],
    ['Suspended', [{ type: 'Suspended', status: 'True' }], 'Suspended'],
    ['FailureTarget before Failed is set', [{ type: 'FailureTarget', status: 'True' }], 'FailureTarget'],
    ['a False condition does not count', [{ type: 'Complete', status: 'False' }], 'Running'],
    ['no condition', [], 'Running'],
  ])('%s', (_name, conditions, expected) => {
    expect(jobStatus(job(conditions))).toBe(expected);
  });

  it('is Terminating while deleted and not finished', () => {
    expect(jobStatus(job([], { metadata: { name: 'x', deletionTimestamp: '2025-06-01T11:59:00Z' } }))).toBe(
      'Terminating',
    );
  });
});

describe('jobCompletions (COMPLETIONS)', () => {
  it.each([
    [{ completions: 1 }, { succeeded: 1 }, '1/1'],
    [{ completions: 5 }, { succeeded: 3 }, '3/5'],
    [{}, {}, '0/1'],
    [{ parallelism: 3 }, { succeeded: 1 }, '1/1 of 3'],
  ])('spec %j status %j → %s', (spec, status, expected) => {
    expect(jobCompletions({ spec: { template: {}, ...spec }, status })).toBe(expected);
  });
});

describe('toJobSummary', () => {
  it('gives the duration like kubectl and names the owning CronJob', () => {
    const complete = toJobSummary(
      {
        metadata: {
          name: 'nightly-29001',
          ownerReferences: [{ apiVersion: 'batch/v1', kind: 'CronJob', name: 'nightly', uid: 'c-1', controller: true }],
        },
        spec: { completions: 1, template: {} },
        status: {
          succeeded: 1,
          startTime: '2025-06-01T02:00:00Z',
          completionTime: '2025-06-01T02:03:10Z',
          conditions: [{ type: 'Complete', status: 'True' }],
        },
      },
      NOW,
    );
    expect(complete).toMatchObject({
      status: 'Complete',
      completions: '1/1',
      duration: '3m10s',
      ownerCronJob: 'nightly',
    });

    const running = toJobSummary(
      { metadata: { name: 'r' }, spec: { template: {} }, status: { active: 1, startTime: '2025-06-01T11:59:15Z' } },
      NOW,
    );
    expect(running).toMatchObject({ status: 'Running', duration: '45s', active: 1, ownerCronJob: null });
  });
});

describe('toCronJobSummary', () => {
  it('reports schedule, suspension, active jobs and last schedule', () => {
    const cronJob: Wire<V1CronJob> = {
      metadata: { name: 'nightly', namespace: 'shop' },
      spec: {
        schedule: '0 2 * * *',
        suspend: true,
        jobTemplate: { spec: { template: { spec: { containers: [{ name: 'b', image: 'backup:1' }] } } } },
      },
      status: {
        active: [{ kind: 'Job', name: 'nightly-29001' }],
        lastScheduleTime: '2025-06-01T02:00:00Z',
        lastSuccessfulTime: '2025-05-31T02:04:00Z',
      },
    };
    expect(toCronJobSummary(cronJob, NOW)).toMatchObject({
      schedule: '0 2 * * *',
      timeZone: null,
      suspend: true,
      active: 1,
      lastSchedule: '10h',
      lastScheduleTime: '2025-06-01T02:00:00.000Z',
      lastSuccessfulTime: '2025-05-31T02:04:00.000Z',
      images: ['backup:1'],
    });
    expect(
      toCronJobSummary({ metadata: { name: 'never' }, spec: { schedule: '* * * * *', jobTemplate: {} } }, NOW)
        .lastSchedule,
    ).toBe('<none>');
  });
});
