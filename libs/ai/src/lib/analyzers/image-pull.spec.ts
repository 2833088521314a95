import { fraudDetector, storefront, withContainer } from '../../testing/lab';
import { analyze } from './analyze';

const IMAGE = 'registry.lab.invalid/payments/fraud-detector:does-not-exist';

describe('image-pull', () => {
  it('reports the lab fraud-detector pod with the image and the kubelet pull error', () => {
    const fd = fraudDetector();
    const findings = analyze({ pods: [fd.pod], replicaSets: [fd.replicaSet], events: fd.events });
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({
      id: 'image-pull:Pod:payments/fraud-detector-9b7f6c5d48-tn2wb:fraud-detector',
      analyzer: 'image-pull',
      severity: 'critical',
      object: { kind: 'Pod', namespace: 'payments', name: 'fraud-detector-9b7f6c5d48-tn2wb' },
      title: `Image ${IMAGE} cannot be pulled`,
    });
    expect(f.evidence).toEqual(
      expect.arrayContaining([
        { field: 'status.containerStatuses[0].state.waiting.reason', value: 'ImagePullBackOff' },
        { field: 'spec.containers[0].image', value: IMAGE },
        expect.objectContaining({ event: 'Warning Failed', value: expect.stringMatching(/^Failed to pull image .*: not found$/), count: 5 }),
        expect.objectContaining({ event: 'Warning Failed', value: 'Error: ImagePullBackOff', count: 21 }),
      ]),
    );
    // Normal Pulling events say nothing about why.
    expect(f.evidence.some((e) => 'event' in e && e.event === 'Normal Pulling')).toBe(false);
    expect(f.summary).toContain('does not exist in the registry');
    expect(f.nextSteps).toContainEqual(expect.stringContaining('kubectl -n payments set image deployment/fraud-detector fraud-detector=<image>'));
  });

  it('reports ErrImagePull with only the status when the events have expired, and names the cause from its message', () => {
    const s = storefront();
    const p = withContainer(
      s.pods[0],
      {
        state: {
          waiting: {
            reason: 'ErrImagePull',
            message: 'failed to pull and unpack image "registry.lab.invalid/shop/storefront:1.8.2": failed to authorize: 401 Unauthorized',
          },
        },
      },
      'Pending',
    );
    const [f] = analyze({ pods: [p] });
    expect(f.analyzer).toBe('image-pull');
    expect(f.summary).toContain('refused the credentials');
    expect(f.evidence).toContainEqual({ field: 'spec.imagePullSecrets', value: 'registry-credentials' });
  });

  it('says nothing about pods whose images were pulled', () => {
    const s = storefront();
    expect(analyze({ pods: s.pods })).toEqual([]);
  });
});

describe('image-pull with several containers', () => {
  it('gives each failing container its own finding with only its own events', () => {
    const fd = fraudDetector();
    const sidecarImage = 'registry.lab.invalid/tools/envoy:missing';
    const p = fd.pod;
    p.spec = { ...p.spec, containers: [...(p.spec?.containers ?? []), { name: 'proxy', image: sidecarImage }] };
    const main = p.status?.containerStatuses?.[0];
    p.status = {
      ...p.status,
      containerStatuses: [
        ...(main ? [main] : []),
        { name: 'proxy', image: sidecarImage, imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ErrImagePull', message: 'not found' } } },
      ],
    };
    const failed = fd.events[1];
    const proxyEvent = {
      ...failed,
      involvedObject: { ...failed.involvedObject, fieldPath: 'spec.containers{proxy}' },
      message: `Failed to pull image "${sidecarImage}": unauthorized: authentication required`,
    };
    const findings = analyze({ pods: [p], events: [...fd.events, proxyEvent] });
    expect(findings.map((f) => f.id.split(':').pop())).toEqual(['fraud-detector', 'proxy']);
    const [main_, proxy] = findings;
    expect(proxy.evidence).toContainEqual({ field: 'status.containerStatuses[1].state.waiting.reason', value: 'ErrImagePull' });
    expect(proxy.evidence).toContainEqual({ field: 'spec.containers[1].image', value: sidecarImage });
    expect(proxy.evidence.filter((e) => 'event' in e).map((e) => e.value)).toEqual([expect.stringContaining(sidecarImage)]);
    expect(proxy.summary).toContain('refused the credentials');
    expect(main_.evidence.some((e) => e.value.includes(sidecarImage))).toBe(false);
  });
});
