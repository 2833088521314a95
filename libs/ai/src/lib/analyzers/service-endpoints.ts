import type { V1Pod } from '@kubernetes/client-node';
import { findingObject, kubectl, type AnalysisContext } from './context';
import type { Evidence, Finding } from './finding';
import type { Wire } from './snapshot';

const isReady = (pod: Wire<V1Pod>): boolean =>
  !pod.metadata?.deletionTimestamp && (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True');

function selects(selector: Record<string, string>, pod: Wire<V1Pod>): boolean {
  const labels = pod.metadata?.labels ?? {};
  return Object.entries(selector).every(([k, v]) => labels[k] === v);
}

/**
 * A Service with a selector and no ready endpoint: traffic to it fails. Read from its EndpointSlices when
 * loaded (an endpoint is ready unless `conditions.ready` is false), else its Endpoints, else from the pods
 * its selector matches. Selector-less Services (endpoints managed by hand) and ExternalName ones are not judged.
 */
export function serviceEndpoints(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  const { services, endpointSlices, endpoints, pods } = ctx.snapshot;
  for (const svc of services ?? []) {
    const selector = svc.spec?.selector;
    if (!selector || Object.keys(selector).length === 0 || svc.spec?.type === 'ExternalName') continue;
    const ns = svc.metadata?.namespace;
    const name = svc.metadata?.name ?? '';
    const selectorText = Object.entries(selector)
      .map(([k, v]) => `${k}=${v}`)
      .join(',');
    const evidence: Evidence[] = [{ field: 'spec.selector', value: selectorText }];
    const slices = (endpointSlices ?? []).filter(
      (s) => s.metadata?.namespace === ns && s.metadata?.labels?.['kubernetes.io/service-name'] === name,
    );
    const ep = (endpoints ?? []).find((e) => e.metadata?.namespace === ns && e.metadata?.name === name);
    const matching = (pods ?? []).filter((p) => p.metadata?.namespace === ns && selects(selector, p));
    let ready: number;
    let notReady: number;
    if (slices.length > 0) {
      ready = 0;
      notReady = 0;
      for (const s of slices) {
        const all = s.endpoints ?? [];
        const r = all.filter((e) => e.conditions?.ready !== false).length;
        ready += r;
        notReady += all.length - r;
        evidence.push({ field: `endpointslice/${s.metadata?.name} endpoints[*].conditions.ready`, value: `${r} of ${all.length} ready` });
      }
    } else if (ep) {
      ready = (ep.subsets ?? []).reduce((n, s) => n + (s.addresses?.length ?? 0), 0);
      notReady = (ep.subsets ?? []).reduce((n, s) => n + (s.notReadyAddresses?.length ?? 0), 0);
      evidence.push({ field: `endpoints/${name} subsets[*].addresses`, value: String(ready) });
      evidence.push({ field: `endpoints/${name} subsets[*].notReadyAddresses`, value: String(notReady) });
    } else if (pods) {
      ready = matching.filter(isReady).length;
      notReady = matching.length - ready;
    } else {
      continue; // Nothing loaded to judge it by.
    }
    if (ready > 0) continue;
    if (pods) evidence.push({ field: `pods matching ${selectorText}`, value: matching.length === 0 ? 'none' : `${matching.length}, none Ready` });
    const why =
      pods && matching.length === 0
        ? `its selector ${selectorText} matches no pod`
        : notReady > 0 || matching.length > 0
          ? `the pods it selects (${selectorText}) are not Ready`
          : `no pod matching ${selectorText} is ready`;
    findings.push({
      id: `service-endpoints:Service:${ns}/${name}`,
      analyzer: 'service-endpoints',
      severity: 'critical',
      object: findingObject('Service', svc.metadata),
      title: 'Service has no ready endpoints',
      summary: `Service ${ns}/${name} has no ready endpoint, so connections to it fail: ${why}.`,
      evidence,
      nextSteps: [
        `List the pods its selector matches and their readiness: ${kubectl(ns, 'get', 'pods', '-l', selectorText)}`,
        `See its endpoints: ${kubectl(ns, 'get', 'endpointslices', '-l', `kubernetes.io/service-name=${name}`)}`,
        pods && matching.length === 0
          ? "Compare the selector with the pods' labels (a typo, or a label the pod template no longer sets)."
          : "The selected pods' own findings say why they are not Ready.",
      ],
    });
  }
  return findings;
}
