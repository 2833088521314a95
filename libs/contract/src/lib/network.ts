import type { ConditionDto, ResourceDetail, ResourceSummary } from './common';

/** A service port. */
export interface ServicePortDto {
  /** Port name; `null` when unnamed (allowed for single-port services). */
  name: string | null;
  /** `TCP`, `UDP` or `SCTP`. */
  protocol: string;
  /** Port the service listens on. */
  port: number;
  /** Pod port (number or named container port) traffic goes to; defaults to {@link ServicePortDto.port}. */
  targetPort: number | string;
  /** Node port for NodePort / LoadBalancer services; `null` when none. */
  nodePort: number | null;
  /** Application protocol hint (e.g. `http`, `kubernetes.io/h2c`); `null` when unset. */
  appProtocol: string | null;
}

/** A Service as `kubectl get services -o wide` shows it. */
export interface ServiceSummary extends ResourceSummary {
  /** `ClusterIP`, `NodePort`, `LoadBalancer` or `ExternalName`. */
  type: string;
  /** CLUSTER-IP as kubectl prints it: the first cluster IP, `None` for headless services, `<none>` when unset. */
  clusterIP: string;
  /**
   * EXTERNAL-IP as kubectl prints it: load-balancer ingress IPs / hostnames and `spec.externalIPs`
   * joined by commas, `<pending>` for a LoadBalancer still waiting for one, the external name for
   * ExternalName services, `<none>` otherwise. Never clipped.
   */
  externalIP: string;
  /** PORT(S) as kubectl prints it: `80/TCP,443:30443/TCP`; `<none>` when the service has no ports. */
  portsDisplay: string;
  /** Ports, structured. */
  ports: ServicePortDto[];
  /** Pod selector; `{}` for a service without one (endpoints managed by hand). */
  selector: Record<string, string>;
  /** SELECTOR as `kubectl get -o wide` prints it (`app=web,tier=frontend`); `<none>` when empty. */
  selectorDisplay: string;
}

/** Everything the service page shows. */
export interface ServiceDetail extends ServiceSummary, ResourceDetail {
  /** Every cluster IP (dual-stack services have two). */
  clusterIPs: string[];
  /** `spec.externalIPs`. */
  externalIPs: string[];
  /** Load-balancer ingress points (IP or hostname). */
  loadBalancerIngress: string[];
  /** Target of an ExternalName service; `null` otherwise. */
  externalName: string | null;
  /** `None` or `ClientIP`. */
  sessionAffinity: string;
  /** `Cluster` or `Local` for NodePort / LoadBalancer services; `null` when not applicable. */
  externalTrafficPolicy: string | null;
  /** `Cluster` or `Local`; `null` when unset. */
  internalTrafficPolicy: string | null;
  /** `IPv4` and/or `IPv6`. */
  ipFamilies: string[];
  /** `SingleStack`, `PreferDualStack` or `RequireDualStack`; `null` when unset. */
  ipFamilyPolicy: string | null;
  /** Load-balancer implementation class; `null` when unset. */
  loadBalancerClass: string | null;
  /** Service conditions; `[]` when none. */
  conditions: ConditionDto[];
}

/** A service an ingress routes to. */
export interface IngressServiceBackendDto {
  /** Service name, in the ingress's namespace. */
  name: string;
  /** Service port number or name; `null` when unset. */
  port: number | string | null;
}

/** A non-service object an ingress routes to (controller-specific, e.g. a storage bucket). */
export interface IngressResourceBackendDto {
  /** API group of the object; `null` for the core group. */
  apiGroup: string | null;
  /** Kind of the object. */
  kind: string;
  /** Name of the object. */
  name: string;
}

/** Where an ingress path sends traffic. */
export interface IngressBackendDto {
  /** Service backend; `null` for a resource backend. */
  service: IngressServiceBackendDto | null;
  /** Resource backend (e.g. a storage bucket); `null` for a service backend. */
  resource: IngressResourceBackendDto | null;
  /** The backend as `kubectl describe` prints it: `web:80`, `web:http` or `Kind/name`. */
  display: string;
}

/** One path of an ingress rule. */
export interface IngressPathDto {
  /** The path; `/` when the rule omits it. */
  path: string;
  /** `Exact`, `Prefix` or `ImplementationSpecific`. */
  pathType: string;
  /** Where it sends traffic. */
  backend: IngressBackendDto;
}

/** One ingress rule. */
export interface IngressRuleDto {
  /** The host; `null` for a rule that matches every host (`*`). */
  host: string | null;
  /** The rule's paths. */
  paths: IngressPathDto[];
}

/** One TLS entry. */
export interface IngressTlsDto {
  /** Hosts the certificate covers. */
  hosts: string[];
  /** Secret holding the certificate; `null` for the controller's default. */
  secretName: string | null;
}

/** An Ingress as `kubectl get ingress` shows it. */
export interface IngressSummary extends ResourceSummary {
  /** CLASS: `spec.ingressClassName`; `null` when unset. */
  className: string | null;
  /** Hosts of every rule, in order, without duplicates. */
  hosts: string[];
  /** HOSTS as kubectl prints it: up to three hosts, `*` when none, `a,b,c + 2 more...` beyond. */
  hostsDisplay: string;
  /** ADDRESS: load-balancer IPs / hostnames joined by commas; `""` until assigned. */
  address: string;
  /** PORTS as kubectl prints it: `80`, or `80, 443` when TLS is configured. */
  ports: string;
}

/** Everything the ingress page shows. */
export interface IngressDetail extends IngressSummary, ResourceDetail {
  /** The rules. */
  rules: IngressRuleDto[];
  /** The default backend; `null` when none. */
  defaultBackend: IngressBackendDto | null;
  /** TLS configuration. */
  tls: IngressTlsDto[];
  /** Services the ingress routes to, sorted, without duplicates. */
  services: string[];
  /** TLS secrets the ingress uses, sorted, without duplicates. */
  secrets: string[];
}
