import type { V1Probe } from '@kubernetes/client-node';
import { containerViews } from './containers';
import { eventContainer, eventEvidence, findingObject, kubectl, type AnalysisContext } from './context';
import { compareStrings, type Evidence, type Finding } from './finding';
import type { Wire } from './snapshot';

type ProbeKind = 'liveness' | 'readiness' | 'startup';

/** The kubelet's Unhealthy messages start with the probe: "Readiness probe failed: …", "Liveness probe errored: …". */
function probeKind(message: string | undefined): ProbeKind | null {
  const m = /^(Liveness|Readiness|Startup) probe (failed|errored)/.exec(message ?? '');
  return m ? (m[1].toLowerCase() as ProbeKind) : null;
}

/** The probe as one line, e.g. `GET :8080/ready every 10s, timeout 1s, 3 failures`. */
function describeProbe(p: Wire<V1Probe>): string {
  const how = p.httpGet
    ? `GET :${p.httpGet.port}${p.httpGet.path ?? '/'}`
    : p.tcpSocket
      ? `TCP :${p.tcpSocket.port}`
      : p.grpc
        ? `gRPC :${p.grpc.port}`
        : p.exec
          ? `exec ${(p.exec.command ?? []).join(' ')}`
          : 'probe';
  return `${how} every ${p.periodSeconds ?? 10}s, timeout ${p.timeoutSeconds ?? 1}s, ${p.failureThreshold ?? 3} failures`;
}

const EFFECT: Record<ProbeKind, string> = {
  readiness: 'the pod is taken out of its Services while it fails',
  liveness: 'the kubelet restarts the container when it fails enough times in a row',
  startup: 'the container is restarted if it does not start in time',
};

/** A container whose liveness, readiness or startup probe fails (the kubelet's Unhealthy events). */
export function failingProbe(ctx: AnalysisContext): Finding[] {
  const findings: Finding[] = [];
  for (const pod of ctx.snapshot.pods ?? []) {
    const ns = pod.metadata?.namespace;
    const name = pod.metadata?.name ?? '';
    const views = containerViews(pod);
    const groups = new Map<string, { container: string; kind: ProbeKind; events: ReturnType<AnalysisContext['eventsFor']> }>();
    for (const e of ctx.eventsFor('Pod', pod.metadata)) {
      const kind = probeKind(e.message);
      if (e.reason !== 'Unhealthy' || !kind) continue;
      // Unhealthy events always name their container; a single-container pod's is the only one.
      const container = eventContainer(e) ?? views.find((v) => !v.init)?.name ?? '';
      const key = `${container}:${kind}`;
      const group = groups.get(key) ?? { container, kind, events: [] };
      group.events.push(e);
      groups.set(key, group);
    }
    for (const { container, kind, events } of [...groups.values()].sort((a, b) => compareStrings(a.container, b.container) || compareStrings(a.kind, b.kind))) {
      const view = views.find((v) => v.name === container);
      const evidence: Evidence[] = events.map(eventEvidence);
      const probe = view?.spec?.[`${kind}Probe`];
      if (view?.specPath && probe) evidence.push({ field: `${view.specPath}.${kind}Probe`, value: describeProbe(probe) });
      if (view) {
        evidence.push({ field: `${view.statusPath}.ready`, value: String(view.status.ready) });
        if (kind !== 'readiness') evidence.push({ field: `${view.statusPath}.restartCount`, value: String(view.status.restartCount) });
      }
      const count = events.reduce((n, e) => n + (e.series?.count ?? e.count ?? 1), 0);
      findings.push({
        id: `failing-probe:Pod:${ns}/${name}:${container}:${kind}`,
        analyzer: 'failing-probe',
        severity: 'warning',
        object: findingObject('Pod', pod.metadata),
        title: `${kind[0].toUpperCase()}${kind.slice(1)} probe of ${container} is failing`,
        summary: `The ${kind} probe of container ${container} in pod ${ns}/${name} failed ${count} time${count === 1 ? '' : 's'}; ${EFFECT[kind]}. Last: ${events[0].message}`,
        evidence,
        nextSteps: [
          `See the probe's recent failures: ${kubectl(ns, 'describe', 'pod', name)}`,
          `Check what the application logs around the failures: ${kubectl(ns, 'logs', name, '-c', container, ...(kind === 'readiness' ? [] : ['--previous']))}`,
          /timeout|deadline exceeded/i.test(events[0].message ?? '')
            ? `The probe times out: the endpoint answers too slowly; raise ${kind}Probe.timeoutSeconds or make the check cheaper.`
            : `Check the probe's path and port match what the container serves.`,
        ],
      });
    }
  }
  return findings;
}
