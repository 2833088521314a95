import type { V1IngressBackend } from '@kubernetes/client-node';
import { findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';
import type { Wire } from './snapshot';

/**
 * An Ingress whose rule (or default backend) points at a Service that does not exist in its namespace, or
 * at a port that Service does not expose (by number, or by name). Needs the namespace's Services loaded.
 */
export function ingressBackend(ctx: AnalysisContext): Finding[] {
  const { services, ingresses } = ctx.snapshot;
  if (!services) return [];
  const findings: Finding[] = [];
  for (const ing of ingresses ?? []) {
    const ns = ing.metadata?.namespace;
    const name = ing.metadata?.name ?? '';
    const backends: { path: string; route: string; backend: Wire<V1IngressBackend> }[] = [];
    if (ing.spec?.defaultBackend) backends.push({ path: 'spec.defaultBackend', route: 'default backend', backend: ing.spec.defaultBackend });
    (ing.spec?.rules ?? []).forEach((rule, i) =>
      (rule.http?.paths ?? []).forEach((p, j) =>
        backends.push({ path: `spec.rules[${i}].http.paths[${j}].backend`, route: `${rule.host ?? '*'}${p.path ?? '/'}`, backend: p.backend }),
      ),
    );
    const evidence: Evidence[] = [];
    const problems: string[] = [];
    const missing = new Set<string>();
    for (const { path, route, backend } of backends) {
      const ref = backend.service;
      if (!ref) continue; // A resource backend (e.g. a storage bucket): not ours to judge.
      const svc = services.find((s) => s.metadata?.namespace === ns && s.metadata?.name === ref.name);
      const port = ref.port?.name ?? (ref.port?.number !== undefined ? String(ref.port.number) : '');
      if (!svc) {
        evidence.push({ field: `${path}.service.name`, value: `${ref.name} (no such Service in ${ns})` });
        problems.push(`${route} → Service ${ref.name}, which does not exist`);
        missing.add(ref.name);
        continue;
      }
      const ports = svc.spec?.ports ?? [];
      const found = ref.port?.name ? ports.some((p) => p.name === ref.port?.name) : ports.some((p) => p.port === ref.port?.number);
      if (!found) {
        const exposed = ports.map((p) => (p.name ? `${p.name}:${p.port}` : String(p.port))).join(', ') || 'none';
        evidence.push({ field: `${path}.service.port.${ref.port?.name ? 'name' : 'number'}`, value: `${port} (Service ${ref.name} exposes ${exposed})` });
        problems.push(`${route} → port ${port} of Service ${ref.name}, which exposes ${exposed}`);
      }
    }
    if (problems.length === 0) continue;
    findings.push({
      id: `ingress-backend:Ingress:${ns}/${name}`,
      analyzer: 'ingress-backend',
      severity: 'critical',
      object: findingObject('Ingress', ing.metadata),
      title: missing.size > 0 ? 'Ingress points at a missing Service' : 'Ingress points at a port its Service does not expose',
      summary: `Ingress ${ns}/${name} routes ${problems.join('; ')}. Requests on ${problems.length === 1 ? 'that route' : 'those routes'} fail (the controller answers 503 or 404).`,
      evidence,
      nextSteps: [
        `List the Services and ports in ${ns}: ${kubectl(ns, 'get', 'services')}`,
        `Fix the backend's service name or port: ${kubectl(ns, 'edit', 'ingress', name)}`,
        `See the controller's view of it: ${kubectl(ns, 'describe', 'ingress', name)}`,
      ],
    });
  }
  return findings;
}
