import type { CoreV1Event } from '@kubernetes/client-node';
import { toEventDto } from './events';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');
const involvedObject = { kind: 'Pod', name: 'web-1', namespace: 'shop', uid: 'p-1', fieldPath: 'spec.containers{app}' };

describe('toEventDto', () => {
  it('maps a core/v1 event with first/last timestamps and a count', () => {
    const event: Wire<CoreV1Event> = {
      metadata: { name: 'web-1.17f', namespace: 'shop', uid: 'e-1', creationTimestamp: '2025-06-01T11:00:00Z' },
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container app\n',
      involvedObject,
      count: 12,
      firstTimestamp: '2025-06-01T11:00:00Z',
      lastTimestamp: '2025-06-01T11:58:00Z',
      source: { component: 'kubelet', host: 'node-a' },
    };
    expect(toEventDto(event, NOW)).toEqual({
      name: 'web-1.17f',
      namespace: 'shop',
      uid: 'e-1',
      createdAt: '2025-06-01T11:00:00.000Z',
      age: '60m',
      labels: {},
      type: 'Warning',
      reason: 'BackOff',
      message: 'Back-off restarting failed container app',
      involvedObject,
      count: 12,
      firstTimestamp: '2025-06-01T11:00:00.000Z',
      lastTimestamp: '2025-06-01T11:58:00.000Z',
      lastSeen: '2m',
      source: 'kubelet, node-a',
    });
  });

  it('falls back to eventTime and the series for events written through events.k8s.io', () => {
    const event: Wire<CoreV1Event> = {
      metadata: { name: 'x', namespace: 'shop' },
      type: 'Normal',
      reason: 'Scheduled',
      involvedObject,
      eventTime: '2025-06-01T11:50:00.000000Z',
      series: { count: 4, lastObservedTime: '2025-06-01T11:59:30.000000Z' },
      reportingComponent: 'default-scheduler',
      reportingInstance: 'scheduler-1',
    };
    expect(toEventDto(event, NOW)).toMatchObject({
      count: 4,
      firstTimestamp: '2025-06-01T11:50:00.000Z',
      lastTimestamp: '2025-06-01T11:59:30.000Z',
      lastSeen: '30s',
      source: 'default-scheduler, scheduler-1',
    });
  });

  it('counts a singleton event once and reuses the first time as the last', () => {
    const event: Wire<CoreV1Event> = {
      metadata: { name: 'y' },
      involvedObject: { kind: 'Node', name: 'node-a' },
      eventTime: '2025-06-01T11:00:00Z',
    };
    expect(toEventDto(event, NOW)).toMatchObject({
      count: 1,
      lastTimestamp: '2025-06-01T11:00:00.000Z',
      lastSeen: '60m',
      source: '',
    });
  });
});
