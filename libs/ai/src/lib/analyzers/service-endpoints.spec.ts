import { checkout, endpointSlice, endpoints, service, storefront } from '../../testing/lab';
import { analyze } from './analyze';

describe('service-endpoints', () => {
  const checkoutSvc = () => service('shop', 'checkout', { app: 'checkout' }, [{ port: 8080 }]);

  it("reports the lab checkout Service: its only pod crash-loops, so its EndpointSlice has no ready endpoint", () => {
    const c = checkout();
    const svc = checkoutSvc();
    const findings = analyze({ services: [svc], endpointSlices: [endpointSlice(svc, [c.pod])], pods: [c.pod] }).filter((f) => f.object.kind === 'Service');
    expect(findings).toHaveLength(1);
    const [f] = findings;
    expect(f).toMatchObject({ id: 'service-endpoints:Service:shop/checkout', severity: 'critical', title: 'Service has no ready endpoints' });
    expect(f.evidence).toEqual([
      { field: 'spec.selector', value: 'app=checkout' },
      { field: 'endpointslice/checkout-8x7k9 endpoints[*].conditions.ready', value: '0 of 1 ready' },
      { field: 'pods matching app=checkout', value: '1, none Ready' },
    ]);
    expect(f.summary).toContain('are not Ready');
    expect(f.nextSteps[0]).toContain('kubectl -n shop get pods -l app=checkout');
  });

  it('reads the legacy Endpoints when no EndpointSlice is loaded', () => {
    const c = checkout();
    const svc = checkoutSvc();
    const [f] = analyze({ services: [svc], endpoints: [endpoints(svc, [c.pod])] });
    expect(f.evidence).toEqual([
      { field: 'spec.selector', value: 'app=checkout' },
      { field: 'endpoints/checkout subsets[*].addresses', value: '0' },
      { field: 'endpoints/checkout subsets[*].notReadyAddresses', value: '1' },
    ]);
  });

  it('says when the selector matches no pod at all', () => {
    const typo = service('shop', 'storefront', { app: 'store-front' }, [{ name: 'http', port: 80, targetPort: 8080 }]);
    const [f] = analyze({ services: [typo], endpointSlices: [endpointSlice(typo, [])], pods: storefront().pods });
    expect(f.evidence).toContainEqual({ field: 'pods matching app=store-front', value: 'none' });
    expect(f.summary).toContain('its selector app=store-front matches no pod');
  });

  it('says nothing about a Service with a ready endpoint, one without a selector, or one nothing was loaded for', () => {
    const s = storefront();
    const svc = service('shop', 'storefront', { app: 'storefront' }, [{ name: 'http', port: 80, targetPort: 8080 }]);
    const broken = s.pods.map((p, i) => (i === 0 ? p : { ...p, status: { ...p.status, conditions: [] } }));
    expect(analyze({ services: [svc], endpointSlices: [endpointSlice(svc, broken)], pods: broken })).toEqual([]);
    expect(analyze({ services: [svc], pods: s.pods })).toEqual([]);
    expect(analyze({ services: [service('shop', 'external-db', undefined, [{ port: 5432 }])], endpointSlices: [], pods: [] })).toEqual([]);
    expect(analyze({ services: [svc] })).toEqual([]);
  });
});
