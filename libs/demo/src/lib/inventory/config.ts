import { Prng } from '../random';
import { date, SECOND } from '../time';
import type { Builder, Labels } from './builders';
import { fakePem, type Timeline } from './infrastructure';

/** ConfigMaps, Secrets, Services, Ingresses, storage and quotas: everything the workloads refer to. */

const base64 = (text: string): string => Buffer.from(text, 'utf8').toString('base64');

export function configMaps(b: Builder, t: Timeline): void {
  const cm = (namespace: string, name: string, data: Labels, ageDays: number, labels?: Labels): void => {
    b.sim.create('configmaps', {
      metadata: b.meta(name, namespace, b.ago(ageDays * 86400), {
        app: name.replace(/-config$|-content$/, ''),
        ...labels,
      }),
      data,
    });
  };
  cm(
    'production',
    'storefront-config',
    {
      NODE_ENV: 'production',
      NEXT_PUBLIC_API_BASE: 'https://shop.example.com/api',
      FEATURE_FLAGS: 'new-checkout,reviews',
    },
    30,
  );
  cm(
    'production',
    'checkout-api-config',
    { LOG_LEVEL: 'info', HTTP_ADDR: ':8080', CART_TTL: '72h', CURRENCY_DEFAULT: 'EUR' },
    30,
  );
  // The typo in the scheme is what the payments worker crashes on.
  cm(
    'production',
    'payments-worker-config',
    { PAYMENTS_PROVIDER_URL: 'htps://api.payments.example.com/v2', QUEUE_NAME: 'payments.intents', CONCURRENCY: '8' },
    0.09,
  );
  cm('production', 'catalog-config', { LOG_LEVEL: 'info', CACHE_TTL: '5m', IMAGE_CDN: 'https://cdn.example.com' }, 30);
  cm(
    'production',
    'search-config',
    { JAVA_OPTS: '-Xms256m -Xmx900m -XX:+ExitOnOutOfMemoryError', INDEX_PATH: '/data/index', SHARDS: '12' },
    21,
  );
  cm('production', 'auth-config', { ISSUER: 'https://auth.example.com', TOKEN_TTL: '15m', REFRESH_TTL: '720h' }, 30);
  cm(
    'production',
    'notification-service-config',
    { SMTP_HOST: 'smtp.example.com', SMTP_PORT: '587', FROM_ADDRESS: 'no-reply@example.com' },
    30,
  );
  cm(
    'production',
    'postgres-config',
    {
      'tuning.conf':
        'shared_buffers = 1GB\nmax_connections = 200\nwork_mem = 8MB\ncheckpoint_timeout = 5min\nlog_min_duration_statement = 500\n',
    },
    40,
  );
  cm(
    'staging',
    'storefront-config',
    {
      NODE_ENV: 'production',
      NEXT_PUBLIC_API_BASE: 'https://staging.shop.example.com/api',
      FEATURE_FLAGS: 'new-checkout,reviews,wishlist',
    },
    25,
  );
  cm(
    'staging',
    'checkout-api-config',
    { LOG_LEVEL: 'debug', HTTP_ADDR: ':8080', CART_TTL: '1h', CURRENCY_DEFAULT: 'EUR' },
    25,
  );
  cm(
    'staging',
    'notification-service-config',
    { SMTP_HOST: 'mailhog.staging.svc.cluster.local', SMTP_PORT: '1025', FROM_ADDRESS: 'staging@example.com' },
    25,
  );
  cm('staging', 'recommendations-config', { MODEL: 'collaborative-v3', CANDIDATES: '200' }, 30);
  cm(
    'staging',
    'redis-config',
    { 'redis.conf': 'maxmemory 256mb\nmaxmemory-policy allkeys-lru\nappendonly yes\n' },
    10,
  );
  cm(
    'default',
    'hello-web-content',
    { 'index.html': '<!doctype html>\n<html><body><h1>Hello from the demo cluster</h1></body></html>\n' },
    39,
  );
  const sys = (name: string, data: Labels, labels: Labels): void => {
    b.sim.create('configmaps', { metadata: b.meta(name, 'kube-system', t.clusterAt + 30 * SECOND, labels), data });
  };
  sys(
    'coredns',
    {
      Corefile:
        '.:53 {\n    errors\n    health {\n       lameduck 5s\n    }\n    ready\n    kubernetes cluster.local in-addr.arpa ip6.arpa {\n       pods insecure\n       fallthrough in-addr.arpa ip6.arpa\n       ttl 30\n    }\n    prometheus :9153\n    forward . /etc/resolv.conf {\n       max_concurrent 1000\n    }\n    cache 30\n    loop\n    reload\n    loadbalance\n}\n',
    },
    {},
  );
  sys(
    'kube-proxy',
    {
      'config.conf':
        'apiVersion: kubeproxy.config.k8s.io/v1alpha1\nkind: KubeProxyConfiguration\nclusterCIDR: 10.244.0.0/16\nmode: iptables\n',
      'kubeconfig.conf':
        'apiVersion: v1\nkind: Config\nclusters:\n- cluster:\n    certificate-authority: /var/run/secrets/kubernetes.io/serviceaccount/ca.crt\n    server: https://demo-control-plane:6443\n  name: default\n',
    },
    { app: 'kube-proxy' },
  );
  sys(
    'fluent-bit-config',
    {
      'fluent-bit.conf':
        '[SERVICE]\n    Flush         5\n    Log_Level     info\n    Parsers_File  parsers.conf\n\n[INPUT]\n    Name              tail\n    Path              /var/log/containers/*.log\n    multiline.parser  cri\n    Tag               kube.*\n\n[FILTER]\n    Name   kubernetes\n    Match  kube.*\n\n[OUTPUT]\n    Name            es\n    Match           *\n    Host            logs.example.com\n    Port            9200\n    HTTP_User       ${FLUENT_ELASTICSEARCH_USER}\n    HTTP_Passwd     ${FLUENT_ELASTICSEARCH_PASSWORD}\n    tls             On\n',
      'parsers.conf': '[PARSER]\n    Name        json\n    Format      json\n    Time_Key    time\n',
    },
    { 'app.kubernetes.io/name': 'fluent-bit' },
  );
  sys(
    'node-problem-detector-config',
    {
      'kernel-monitor.json':
        '{\n  "plugin": "kmsg",\n  "source": "kernel-monitor",\n  "rules": [\n    { "type": "temporary", "reason": "OOMKilling", "pattern": "Killed process \\\\d+ (.+) total-vm:\\\\d+kB, anon-rss:\\\\d+kB, file-rss:\\\\d+kB.*" }\n  ]\n}\n',
    },
    { 'app.kubernetes.io/name': 'node-problem-detector' },
  );
}

export function secrets(b: Builder): void {
  const rng = new Prng(b.sim.seed ^ 0x5ec12e75);
  const secret = (
    namespace: string,
    name: string,
    type: string,
    data: Labels,
    ageDays: number,
    labels?: Labels,
  ): void => {
    b.sim.create('secrets', {
      metadata: b.meta(name, namespace, b.ago(ageDays * 86400), labels),
      type,
      data: Object.fromEntries(Object.entries(data).map(([k, v]) => [k, base64(v)])),
    });
  };
  const token = (prefix: string, n: number): string =>
    `${prefix}${rng.string(n, 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789')}`;
  const dockerConfig = (): string => {
    const auth = `orphelix-ci:${token('ghp_', 36)}`;
    return JSON.stringify({
      auths: { 'ghcr.io': { username: 'orphelix-ci', password: auth.split(':')[1], auth: base64(auth) } },
    });
  };
  const tls = (): Labels => ({
    'tls.crt': fakePem(rng, 'CERTIFICATE', 20),
    'tls.key': fakePem(rng, 'PRIVATE KEY', 14),
  });
  const certLabels = { 'controller.cert-manager.io/fao': 'true' };
  for (const ns of ['production', 'staging']) {
    secret(ns, 'registry-credentials', 'kubernetes.io/dockerconfigjson', { '.dockerconfigjson': dockerConfig() }, 38);
    secret(
      ns,
      'storefront-secrets',
      'Opaque',
      { 'session-secret': token('', 48), 'stripe-publishable-key': token('pk_live_', 24) },
      30,
    );
    secret(
      ns,
      'checkout-db-credentials',
      'Opaque',
      {
        username: 'checkout',
        password: token('', 24),
        'database-url': `postgres://checkout:${token('', 16)}@${ns === 'production' ? 'postgres' : 'checkout-db'}:5432/checkout?sslmode=disable`,
      },
      30,
    );
    secret(ns, 'notification-smtp', 'Opaque', { username: 'apikey', password: token('SG.', 40) }, 30);
  }
  secret(
    'production',
    'payments-provider',
    'Opaque',
    { 'api-key': token('sk_live_', 32), 'webhook-secret': token('whsec_', 32) },
    12,
  );
  secret(
    'production',
    'auth-jwt-keys',
    'Opaque',
    { 'private.pem': fakePem(rng, 'PRIVATE KEY', 25), 'public.pem': fakePem(rng, 'PUBLIC KEY', 7) },
    30,
  );
  secret('production', 'postgres-credentials', 'Opaque', { username: 'shop', password: token('', 32) }, 40);
  secret('production', 'shop-example-com-tls', 'kubernetes.io/tls', tls(), 21, certLabels);
  secret('staging', 'staging-example-com-tls', 'kubernetes.io/tls', tls(), 18, certLabels);
  secret('kube-system', 'fluent-bit-es-credentials', 'Opaque', { username: 'fluent-bit', password: token('', 24) }, 40);
}

export function services(b: Builder, t: Timeline): void {
  const at = (days: number): number => b.ago(days * 86400);
  b.service(
    'default',
    'kubernetes',
    t.clusterAt + 5 * SECOND,
    { clusterIP: '10.96.0.1', ports: [{ name: 'https', port: 443, targetPort: 6443 }] },
    { component: 'apiserver', provider: 'kubernetes' },
  );
  b.service(
    'default',
    'hello-web',
    at(39),
    {
      type: 'NodePort',
      selector: { app: 'hello-web' },
      ports: [{ name: 'http', port: 80, targetPort: 80, nodePort: 30080 }],
    },
    { app: 'hello-web' },
  );
  b.service(
    'kube-system',
    'kube-dns',
    t.clusterAt + 20 * SECOND,
    {
      clusterIP: '10.96.0.10',
      selector: { 'k8s-app': 'kube-dns' },
      ports: [
        { name: 'dns', port: 53, protocol: 'UDP' },
        { name: 'dns-tcp', port: 53 },
        { name: 'metrics', port: 9153 },
      ],
    },
    { 'k8s-app': 'kube-dns', 'kubernetes.io/cluster-service': 'true', 'kubernetes.io/name': 'CoreDNS' },
  );
  b.service(
    'kube-system',
    'metrics-server',
    t.clusterAt + 10 * 60 * SECOND,
    { selector: { 'k8s-app': 'metrics-server' }, ports: [{ name: 'https', port: 443, targetPort: 'https' }] },
    { 'k8s-app': 'metrics-server' },
  );
  b.service(
    'kube-system',
    'ingress-nginx-controller',
    t.clusterAt + 12 * 60 * SECOND,
    {
      type: 'LoadBalancer',
      loadBalancerIP: '203.0.113.10',
      selector: { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
      ports: [
        { name: 'http', port: 80, targetPort: 'http', nodePort: 31080 },
        { name: 'https', port: 443, targetPort: 'https', nodePort: 31443 },
      ],
    },
    { 'app.kubernetes.io/name': 'ingress-nginx', 'app.kubernetes.io/component': 'controller' },
  );
  const app = (
    ns: string,
    name: string,
    days: number,
    ports: { name?: string; port: number; targetPort?: number | string }[],
  ): void => {
    b.service(ns, name, at(days), { selector: { app: name }, ports }, { app: name });
  };
  const http = [{ name: 'http', port: 80, targetPort: 'http' }];
  app('production', 'storefront', 40, http);
  app('production', 'checkout-api', 40, [...http, { name: 'metrics', port: 9090, targetPort: 'metrics' }]);
  app('production', 'catalog', 40, http);
  app('production', 'search', 21, http);
  app('production', 'auth', 40, http);
  app('production', 'notification-service', 40, http);
  app('production', 'ml-ranker', 25 / 1440, http);
  app('production', 'redis-cache', 30, [{ name: 'redis', port: 6379, targetPort: 'redis' }]);
  b.service(
    'production',
    'postgres',
    at(18),
    {
      headless: true,
      selector: { app: 'postgres' },
      ports: [{ name: 'postgres', port: 5432, targetPort: 'postgres' }],
    },
    { app: 'postgres' },
  );
  b.service(
    'production',
    'payments-provider',
    at(12),
    { type: 'ExternalName', externalName: 'api.payments.example.com', ports: [{ name: 'https', port: 443 }] },
    { app: 'payments-worker' },
  );
  app('staging', 'storefront', 25, http);
  app('staging', 'checkout-api', 25, http);
  app('staging', 'notification-service', 35 / 1440, http);
  // Scaled to zero: a service that selects nothing, as it would on a real cluster.
  app('staging', 'recommendations', 12, http);
  b.service(
    'staging',
    'redis-headless',
    at(10),
    {
      headless: true,
      publishNotReadyAddresses: true,
      selector: { app: 'redis' },
      ports: [{ name: 'redis', port: 6379, targetPort: 'redis' }],
    },
    { app: 'redis' },
  );
  app('staging', 'redis', 10, [{ name: 'redis', port: 6379, targetPort: 'redis' }]);
}

export function ingresses(b: Builder): void {
  const ingress = (
    namespace: string,
    name: string,
    days: number,
    tls: { hosts: string[]; secretName: string },
    rules: { host: string; paths: [string, string, number | string][] }[],
  ): void => {
    b.sim.create('ingress', {
      metadata: b.meta(
        name,
        namespace,
        b.ago(days * 86400),
        { app: name },
        {
          'cert-manager.io/cluster-issuer': 'letsencrypt-prod',
          'nginx.ingress.kubernetes.io/proxy-body-size': '8m',
        },
      ),
      spec: {
        ingressClassName: 'nginx',
        tls: [tls],
        rules: rules.map((r) => ({
          host: r.host,
          http: {
            paths: r.paths.map(([path, service, port]) => ({
              path,
              pathType: 'Prefix',
              backend: {
                service: { name: service, port: typeof port === 'number' ? { number: port } : { name: port } },
              },
            })),
          },
        })),
      },
      status: { loadBalancer: { ingress: [{ ip: '203.0.113.10' }] } },
    });
  };
  ingress(
    'production',
    'storefront',
    40,
    { hosts: ['shop.example.com', 'auth.example.com'], secretName: 'shop-example-com-tls' },
    [
      {
        host: 'shop.example.com',
        paths: [
          ['/', 'storefront', 80],
          ['/api/checkout', 'checkout-api', 80],
          ['/api/catalog', 'catalog', 'http'],
        ],
      },
    ],
  );
  ingress('production', 'auth', 40, { hosts: ['auth.example.com'], secretName: 'shop-example-com-tls' }, [
    { host: 'auth.example.com', paths: [['/', 'auth', 'http']] },
  ]);
  ingress('staging', 'storefront', 25, { hosts: ['staging.shop.example.com'], secretName: 'staging-example-com-tls' }, [
    {
      host: 'staging.shop.example.com',
      paths: [
        ['/', 'storefront', 80],
        ['/api/checkout', 'checkout-api', 80],
      ],
    },
  ]);
}

export function storage(b: Builder): void {
  const { sim } = b;
  const pending = sim.create('pvcs', {
    metadata: {
      ...b.meta('uploads', 'production', b.ago(50 * 60), { app: 'storefront' }),
      finalizers: ['kubernetes.io/pvc-protection'],
    },
    spec: {
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: '100Gi' } },
      storageClassName: 'fast-ssd',
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Pending' },
  });
  const since = b.ago(50 * 60);
  sim.ongoing.push((now) => {
    if (!sim.store.find('pvcs', 'uploads', 'production')) return null;
    const count = Math.floor((now - since) / (5 * 60 * SECOND)) + 1;
    return {
      involved: pending,
      spec: {
        key: 'ProvisioningFailed',
        type: 'Warning',
        reason: 'ProvisioningFailed',
        message: 'storageclass.storage.k8s.io "fast-ssd" not found',
        first: since,
        last: since + (count - 1) * 5 * 60 * SECOND,
        count,
        component: 'persistentvolume-controller',
      },
    };
  });
  sim.create('pvs', {
    metadata: b.meta('nfs-archive', undefined, b.ago(35 * 86400), { type: 'nfs' }),
    spec: {
      accessModes: ['ReadWriteMany'],
      capacity: { storage: '500Gi' },
      nfs: { server: '10.0.20.15', path: '/exports/archive' },
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Available', lastPhaseTransitionTime: date(b.ago(35 * 86400)) },
  });
  // Its claim was deleted; Retain keeps the data until an admin reclaims it.
  sim.create('pvs', {
    metadata: b.meta('legacy-reports-data', undefined, b.ago(33 * 86400), { app: 'legacy-reports' }),
    spec: {
      accessModes: ['ReadWriteOnce'],
      capacity: { storage: '50Gi' },
      claimRef: {
        apiVersion: 'v1',
        kind: 'PersistentVolumeClaim',
        name: 'legacy-reports-data',
        namespace: 'default',
        uid: sim.uid(),
        resourceVersion: '4121',
      },
      hostPath: { path: '/var/local-path-provisioner/legacy-reports-data', type: 'DirectoryOrCreate' },
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: 'standard',
      volumeMode: 'Filesystem',
    },
    status: { phase: 'Released', lastPhaseTransitionTime: date(b.ago(6 * 86400)) },
  });
}

export function quotas(b: Builder): void {
  const quota = (namespace: string, name: string, hard: Labels): void => {
    b.sim.create('resourcequotas', {
      metadata: b.meta(name, namespace, b.ago(38 * 86400)),
      spec: { hard },
      status: { hard, used: {} },
    });
  };
  quota('production', 'compute-quota', {
    pods: '100',
    'requests.cpu': '20',
    'requests.memory': '64Gi',
    'limits.cpu': '40',
    'limits.memory': '128Gi',
    persistentvolumeclaims: '20',
    'requests.storage': '500Gi',
    'services.loadbalancers': '2',
  });
  quota('staging', 'staging-quota', {
    pods: '30',
    'requests.cpu': '4',
    'requests.memory': '8Gi',
    'limits.cpu': '8',
    'limits.memory': '16Gi',
    persistentvolumeclaims: '5',
    services: '10',
  });
}
