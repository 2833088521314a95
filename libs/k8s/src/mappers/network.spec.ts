import type { V1Ingress, V1Service } from '@kubernetes/client-node';
import { ingressHostsDisplay, serviceExternalIP, toIngressDetail, toIngressSummary, toServiceSummary } from './network';
import type { Wire } from './wire';

const NOW = new Date('2025-06-01T12:00:00Z');

function service(spec: Wire<V1Service>['spec'], lb: { ip?: string; hostname?: string }[] = []): Wire<V1Service> {
  return { metadata: { name: 'svc', namespace: 'shop' }, spec, status: { loadBalancer: { ingress: lb } } };
}

describe('service EXTERNAL-IP (kubectl getServiceExternalIP)', () => {
  it.each([
    ['ClusterIP without external IPs', service({ type: 'ClusterIP' }), '<none>'],
    [
      'ClusterIP with external IPs',
      service({ type: 'ClusterIP', externalIPs: ['1.2.3.4', '5.6.7.8'] }),
      '1.2.3.4,5.6.7.8',
    ],
    ['NodePort', service({ type: 'NodePort' }), '<none>'],
    ['LoadBalancer waiting for an address', service({ type: 'LoadBalancer' }), '<pending>'],
    [
      'LoadBalancer with ingress IPs and hostnames, sorted',
      service({ type: 'LoadBalancer' }, [{ ip: '34.1.1.9' }, { hostname: 'a.elb.amazonaws.com' }, { ip: '34.1.1.2' }]),
      '34.1.1.2,34.1.1.9,a.elb.amazonaws.com',
    ],
    [
      'LoadBalancer ingress plus external IPs',
      service({ type: 'LoadBalancer', externalIPs: ['9.9.9.9'] }, [{ ip: '34.1.1.2' }]),
      '34.1.1.2,9.9.9.9',
    ],
    ['ExternalName', service({ type: 'ExternalName', externalName: 'db.example.com' }), 'db.example.com'],
    ['no type means ClusterIP', service({}), '<none>'],
  ])('%s → %s', (_name, input, expected) => {
    expect(serviceExternalIP(input)).toBe(expected);
  });
});

describe('toServiceSummary', () => {
  it('prints ports like kubectl and keeps them structured', () => {
    const summary = toServiceSummary(
      service({
        type: 'NodePort',
        clusterIP: '10.96.0.10',
        clusterIPs: ['10.96.0.10'],
        selector: { tier: 'web', app: 'shop' },
        ports: [
          { name: 'http', port: 80, targetPort: 8080, nodePort: 30080, protocol: 'TCP' },
          { name: 'dns', port: 53, targetPort: 'dns', protocol: 'UDP' },
        ],
      }),
      NOW,
    );
    expect(summary.portsDisplay).toBe('80:30080/TCP,53/UDP');
    expect(summary.clusterIP).toBe('10.96.0.10');
    expect(summary.selectorDisplay).toBe('app=shop,tier=web');
    expect(summary.ports[1]).toEqual({
      name: 'dns',
      protocol: 'UDP',
      port: 53,
      targetPort: 'dns',
      nodePort: null,
      appProtocol: null,
    });
  });

  it('shows None for headless services and <none> without ports', () => {
    const summary = toServiceSummary(service({ clusterIP: 'None', clusterIPs: ['None'] }), NOW);
    expect(summary.clusterIP).toBe('None');
    expect(summary.portsDisplay).toBe('<none>');
  });
});

describe('ingress', () => {
  it.each([
    [[], '*'],
    [[{}], '*'],
    [[{ host: 'a.example.com' }, {}], 'a.example.com'],
    [[{ host: 'a' }, { host: 'b' }, { host: 'c' }], 'a,b,c'],
    [[{ host: 'a' }, { host: 'b' }, { host: 'c' }, { host: 'd' }, { host: 'e' }], 'a,b,c + 2 more...'],
  ])('HOSTS of %j is %s', (rules, expected) => {
    expect(ingressHostsDisplay(rules)).toBe(expected);
  });

  const input: Wire<V1Ingress> = {
    metadata: { name: 'shop', namespace: 'shop' },
    spec: {
      ingressClassName: 'nginx',
      tls: [{ hosts: ['shop.example.com'], secretName: 'shop-tls' }],
      defaultBackend: { service: { name: 'fallback', port: { name: 'http' } } },
      rules: [
        {
          host: 'shop.example.com',
          http: {
            paths: [
              { path: '/', pathType: 'Prefix', backend: { service: { name: 'web', port: { number: 80 } } } },
              { path: '/api', pathType: 'Prefix', backend: { service: { name: 'api', port: { number: 8080 } } } },
              {
                pathType: 'ImplementationSpecific',
                backend: { resource: { kind: 'StorageBucket', name: 'assets', apiGroup: 'k8s.example.com' } },
              },
            ],
          },
        },
      ],
    },
    status: { loadBalancer: { ingress: [{ ip: '34.1.1.2' }] } },
  };

  it('summarises like kubectl get ingress', () => {
    expect(toIngressSummary(input, NOW)).toMatchObject({
      className: 'nginx',
      hosts: ['shop.example.com'],
      hostsDisplay: 'shop.example.com',
      address: '34.1.1.2',
      ports: '80, 443',
    });
  });

  it('resolves rules to backends and lists the services and TLS secrets', () => {
    const detail = toIngressDetail(input, NOW);
    expect(detail.rules[0].paths.map((path) => [path.path, path.backend.display])).toEqual([
      ['/', 'web:80'],
      ['/api', 'api:8080'],
      ['/', 'StorageBucket/assets'],
    ]);
    expect(detail.defaultBackend?.display).toBe('fallback:http');
    expect(detail.services).toEqual(['api', 'fallback', 'web']);
    expect(detail.secrets).toEqual(['shop-tls']);
  });
});
