import { service, storefrontIngress } from '../../testing/lab';
import { analyze } from './analyze';

const labServices = () => [
  service('shop', 'storefront', { app: 'storefront' }, [{ name: 'http', port: 80, targetPort: 8080 }]),
  service('shop', 'checkout', { app: 'checkout' }, [{ port: 8080 }]),
];

describe('ingress-backend', () => {
  it('says nothing about the lab storefront Ingress, whose Services and ports exist', () => {
    expect(analyze({ ingresses: [storefrontIngress()], services: labServices() })).toEqual([]);
  });

  it('reports a route to a missing Service and one to a port its Service does not expose', () => {
    const ing = storefrontIngress();
    const paths = ing.spec?.rules?.[0].http?.paths ?? [];
    paths[0].backend = { service: { name: 'storefront', port: { number: 8080 } } };
    paths.push({ path: '/search', pathType: 'Prefix', backend: { service: { name: 'search', port: { name: 'http' } } } });
    const [f, ...rest] = analyze({ ingresses: [ing], services: labServices() });
    expect(rest).toEqual([]);
    expect(f).toMatchObject({ id: 'ingress-backend:Ingress:shop/storefront', severity: 'critical', title: 'Ingress points at a missing Service' });
    expect(f.evidence).toEqual([
      { field: 'spec.rules[0].http.paths[0].backend.service.port.number', value: '8080 (Service storefront exposes http:80)' },
      { field: 'spec.rules[0].http.paths[2].backend.service.name', value: 'search (no such Service in shop)' },
    ]);
    expect(f.summary).toContain('shop.lab.example/ → port 8080 of Service storefront');
    expect(f.summary).toContain('shop.lab.example/search → Service search, which does not exist');
  });

  it('matches a named port by name, and checks the default backend', () => {
    const ing = storefrontIngress();
    const paths = ing.spec?.rules?.[0].http?.paths ?? [];
    paths[0].backend = { service: { name: 'storefront', port: { name: 'http' } } };
    expect(analyze({ ingresses: [ing], services: labServices() })).toEqual([]);
    ing.spec = { ...ing.spec, defaultBackend: { service: { name: 'checkout', port: { name: 'grpc' } } } };
    const [f] = analyze({ ingresses: [ing], services: labServices() });
    expect(f.title).toBe('Ingress points at a port its Service does not expose');
    expect(f.evidence).toEqual([{ field: 'spec.defaultBackend.service.port.name', value: 'grpc (Service checkout exposes 8080)' }]);
  });

  it('does not guess when no Services were loaded', () => {
    expect(analyze({ ingresses: [storefrontIngress()] })).toEqual([]);
  });
});
