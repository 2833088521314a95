import type {
  IngressBackendDto,
  IngressDetail,
  IngressSummary,
  ServiceDetail,
  ServicePortDto,
  ServiceSummary,
} from '@orphelix/contract';
import type { V1Ingress, V1IngressBackend, V1Service } from '@kubernetes/client-node';
import { detailMeta, summaryMeta, toConditions } from './meta';
import { formatLabels } from './selectors';
import { sortedUnique, stringMap, type Wire } from './wire';

type Service = Wire<V1Service>;

/** Load-balancer ingress points (IP, else hostname), sorted and de-duplicated as kubectl's string set does. */
function loadBalancerPoints(ingress: readonly { ip?: string; hostname?: string }[] | undefined): string[] {
  return sortedUnique((ingress ?? []).map((point) => point.ip || point.hostname || '').filter((point) => point !== ''));
}

/**
 * EXTERNAL-IP of `kubectl get services` (`getServiceExternalIP`), in its wide form: never clipped.
 */
export function serviceExternalIP(service: Service): string {
  const spec = service.spec;
  const externalIPs = spec?.externalIPs ?? [];
  switch (spec?.type ?? 'ClusterIP') {
    case 'ClusterIP':
    case 'NodePort':
      return externalIPs.length > 0 ? externalIPs.join(',') : '<none>';
    case 'LoadBalancer': {
      const points = loadBalancerPoints(service.status?.loadBalancer?.ingress);
      if (externalIPs.length > 0) return [...points, ...externalIPs].join(',');
      return points.length > 0 ? points.join(',') : '<pending>';
    }
    case 'ExternalName':
      return spec?.externalName ?? '';
    default:
      return '<unknown>';
  }
}

/** PORT(S) of `kubectl get services` (`makePortString`): `80/TCP,443:30443/TCP`, `<none>` without ports. */
export function servicePortsDisplay(ports: readonly ServicePortDto[]): string {
  if (ports.length === 0) return '<none>';
  return ports
    .map((port) => (port.nodePort ? `${port.port}:${port.nodePort}/${port.protocol}` : `${port.port}/${port.protocol}`))
    .join(',');
}

export function toServiceSummary(service: Service, now: Date): ServiceSummary {
  const spec = service.spec;
  const ports: ServicePortDto[] = (spec?.ports ?? []).map((port) => ({
    name: port.name || null,
    protocol: port.protocol ?? 'TCP',
    port: port.port,
    targetPort: port.targetPort ?? port.port,
    nodePort: port.nodePort || null,
    appProtocol: port.appProtocol || null,
  }));
  return {
    ...summaryMeta(service, now),
    type: spec?.type ?? 'ClusterIP',
    clusterIP: spec?.clusterIPs?.[0] || spec?.clusterIP || '<none>',
    externalIP: serviceExternalIP(service),
    portsDisplay: servicePortsDisplay(ports),
    ports,
    selector: stringMap(spec?.selector),
    selectorDisplay: formatLabels(spec?.selector),
  };
}

export function toServiceDetail(service: Service, now: Date): ServiceDetail {
  const spec = service.spec;
  const clusterIP = spec?.clusterIP;
  return {
    ...toServiceSummary(service, now),
    ...detailMeta(service),
    clusterIPs: spec?.clusterIPs?.length ? [...spec.clusterIPs] : clusterIP ? [clusterIP] : [],
    externalIPs: [...(spec?.externalIPs ?? [])],
    loadBalancerIngress: loadBalancerPoints(service.status?.loadBalancer?.ingress),
    externalName: spec?.externalName || null,
    sessionAffinity: spec?.sessionAffinity ?? 'None',
    externalTrafficPolicy: spec?.externalTrafficPolicy || null,
    internalTrafficPolicy: spec?.internalTrafficPolicy || null,
    ipFamilies: [...(spec?.ipFamilies ?? [])],
    ipFamilyPolicy: spec?.ipFamilyPolicy || null,
    loadBalancerClass: spec?.loadBalancerClass || null,
    conditions: toConditions(service.status?.conditions),
  };
}

type Ingress = Wire<V1Ingress>;

/** HOSTS of `kubectl get ingress` (`formatHosts`): up to three hosts, `*` when none, then `+ N more...`. */
export function ingressHostsDisplay(rules: readonly { host?: string }[] | undefined): string {
  const max = 3;
  const list: string[] = [];
  let more = false;
  for (const rule of rules ?? []) {
    if (list.length === max) more = true;
    if (!more && rule.host) list.push(rule.host);
  }
  if (list.length === 0) return '*';
  const joined = list.join(',');
  return more ? `${joined} + ${(rules?.length ?? 0) - max} more...` : joined;
}

function toBackend(backend: Wire<V1IngressBackend>): IngressBackendDto {
  if (backend.service) {
    const port = backend.service.port;
    const portValue = port?.number ? port.number : port?.name || null;
    return {
      service: { name: backend.service.name, port: portValue },
      resource: null,
      display: `${backend.service.name}:${portValue ?? ''}`,
    };
  }
  if (backend.resource) {
    const resource = backend.resource;
    return {
      service: null,
      resource: { apiGroup: resource.apiGroup || null, kind: resource.kind, name: resource.name },
      display: `${resource.kind}/${resource.name}`,
    };
  }
  return { service: null, resource: null, display: '' };
}

export function toIngressSummary(ingress: Ingress, now: Date): IngressSummary {
  const spec = ingress.spec;
  const rules = spec?.rules ?? [];
  return {
    ...summaryMeta(ingress, now),
    className: spec?.ingressClassName || null,
    hosts: [...new Set(rules.map((rule) => rule.host).filter((host): host is string => !!host))],
    hostsDisplay: ingressHostsDisplay(rules),
    address: loadBalancerPoints(ingress.status?.loadBalancer?.ingress).join(','),
    ports: (spec?.tls ?? []).length > 0 ? '80, 443' : '80',
  };
}

export function toIngressDetail(ingress: Ingress, now: Date): IngressDetail {
  const spec = ingress.spec;
  const rules = (spec?.rules ?? []).map((rule) => ({
    host: rule.host || null,
    paths: (rule.http?.paths ?? []).map((path) => ({
      path: path.path || '/',
      pathType: path.pathType,
      backend: toBackend(path.backend),
    })),
  }));
  const defaultBackend = spec?.defaultBackend ? toBackend(spec.defaultBackend) : null;
  const tls = (spec?.tls ?? []).map((entry) => ({
    hosts: [...(entry.hosts ?? [])],
    secretName: entry.secretName || null,
  }));
  const backends = [
    ...rules.flatMap((rule) => rule.paths.map((path) => path.backend)),
    ...(defaultBackend ? [defaultBackend] : []),
  ];
  return {
    ...toIngressSummary(ingress, now),
    ...detailMeta(ingress),
    rules,
    defaultBackend,
    tls,
    services: sortedUnique(backends.flatMap((backend) => (backend.service ? [backend.service.name] : []))),
    secrets: sortedUnique(tls.flatMap((entry) => (entry.secretName ? [entry.secretName] : []))),
  };
}
