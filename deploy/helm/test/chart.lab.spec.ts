/**
 * The Helm chart (deploy/helm/orphelix): linted and rendered with the lab's helm, its manifests checked
 * (security context, probes, RBAC), then applied to the lab — a server-side dry run, then for real into
 * a namespace of its own that enforces the `restricted` Pod Security profile — until kwok runs the pod.
 * `npm run test:lab` runs it (`nx run deploy-helm:test-lab`).
 */
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { ensureLab, type LabInfo } from '../../../tools/lab-cluster/src/helper.ts';

const CHART = fileURLToPath(new URL('../orphelix/', import.meta.url));
const MINIMAL = join(CHART, 'ci', 'minimal-values.yaml');
const ALL_FEATURES = join(CHART, 'ci', 'all-features-values.yaml');
const KINDS_SOURCE = fileURLToPath(new URL('../../../libs/k8s/src/kinds/kinds.ts', import.meta.url));
const READ_VERBS = ['get', 'list', 'watch'];

interface Run {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs a program with arguments (never through a shell), bounded in time; resolves whatever it exits with. */
function run(cmd: string, args: string[], timeoutMs = 60_000): Promise<Run> {
  return new Promise((resolvePromise) => {
    execFile(cmd, args, { timeout: timeoutMs, maxBuffer: 16 * 1024 * 1024 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === 'number' ? error.code : 1) : 0;
      resolvePromise({ code, stdout, stderr: stderr || (error && code !== 0 ? error.message : '') });
    });
  });
}

async function ok(cmd: string, args: string[], timeoutMs?: number): Promise<string> {
  const r = await run(cmd, args, timeoutMs);
  assert.equal(r.code, 0, `${cmd} ${args.join(' ')} exited with ${r.code}:\n${r.stderr}\n${r.stdout}`);
  return r.stdout;
}

interface Manifest {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  [key: string]: unknown;
}
interface Rule {
  apiGroups: string[];
  resources: string[];
  verbs: string[];
}
interface Probe {
  httpGet: { path: string; port: string | number };
}
interface Container {
  name: string;
  ports: { name: string; containerPort: number }[];
  env: { name: string; value?: string }[];
  envFrom?: { secretRef: { name: string } }[];
  securityContext: Record<string, unknown>;
  livenessProbe: Probe;
  readinessProbe: Probe;
  resources: { requests?: Record<string, string>; limits?: Record<string, string> };
  volumeMounts: { name: string; mountPath: string }[];
}
interface PodSpec {
  serviceAccountName: string;
  securityContext: Record<string, unknown>;
  containers: Container[];
  volumes: { name: string; emptyDir?: object; persistentVolumeClaim?: object }[];
}
interface DeploymentSpec {
  replicas?: number;
  selector: { matchLabels: Record<string, string> };
  template: { spec: PodSpec };
}

let lab: LabInfo;

async function template(release: string, namespace: string, args: string[]): Promise<Manifest[]> {
  const out = await ok(lab.helm, ['template', release, CHART, '--namespace', namespace, ...args]);
  return parseAllDocuments(out)
    .map((d) => d.toJS() as Manifest | null)
    .filter((m): m is Manifest => m !== null);
}

function one(manifests: Manifest[], kind: string): Manifest {
  const found = manifests.filter((m) => m.kind === kind);
  assert.equal(found.length, 1, `one ${kind} expected, got ${found.length}`);
  return found[0] as Manifest;
}

const rulesOf = (manifests: Manifest[]): Rule[] => one(manifests, 'ClusterRole')['rules'] as Rule[];
const deploymentSpec = (manifests: Manifest[]): DeploymentSpec => one(manifests, 'Deployment')['spec'] as DeploymentSpec;
const containerOf = (manifests: Manifest[]): Container => {
  const [c] = deploymentSpec(manifests).template.spec.containers;
  assert.ok(c, 'the Deployment has a container');
  return c;
};

/** Every (group, resource) a verb is granted on. */
function grants(rules: Rule[], verb: string): string[] {
  return rules
    .filter((r) => r.verbs.includes(verb) || r.verbs.includes('*'))
    .flatMap((r) => r.apiGroups.flatMap((g) => r.resources.map((res) => `${g === '' ? 'core' : g}/${res}`)))
    .sort();
}

/** The kinds the console serves, from libs/k8s/src/kinds/kinds.ts: `core/pods`, `apps/deployments`, … */
function servedKinds(): string[] {
  const source = readFileSync(KINDS_SOURCE, 'utf8');
  const entries = [...source.matchAll(/meta\('[a-z]+', '[A-Za-z]+', '([a-z0-9.]*)', '[a-z0-9]+', '([a-z]+)', (?:true|false)\)/g)];
  assert.ok(entries.length >= 15, `kinds.ts lists the served kinds (found ${entries.length})`);
  return entries.map(([, group, resource]) => `${group === '' ? 'core' : group}/${resource}`).sort();
}

before(async () => {
  lab = await ensureLab();
});

describe('helm lint', () => {
  for (const [name, values] of [
    ['the least a release needs', MINIMAL],
    ['every optional feature on', ALL_FEATURES],
  ] as const) {
    it(`passes --strict with ${name}`, async () => {
      const out = await ok(lab.helm, ['lint', '--strict', CHART, '-f', values]);
      assert.match(out, /1 chart\(s\) linted, 0 chart\(s\) failed/);
      assert.doesNotMatch(out, /\[(WARNING|ERROR)\]/);
    });
  }
});

describe('helm template refuses', () => {
  it('a release without a login, saying how to give one', async () => {
    const r = await run(lab.helm, ['template', 'orx', CHART]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /requires a login: set secrets\.github\.clientId and secrets\.github\.clientSecret .*secrets\.adminToken/);
  });

  it('several replicas without a shared database and key', async () => {
    const r = await run(lab.helm, ['template', 'orx', CHART, '-f', MINIMAL, '--set', 'replicaCount=2']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /needs secrets\.databaseUrl .* and secrets\.secretKey/);
  });

  it('GitHub login without publicUrl', async () => {
    const r = await run(lab.helm, [
      'template', 'orx', CHART,
      '--set', 'secrets.github.clientId=Iv1.x',
      '--set', 'secrets.github.clientSecret=y',
    ]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /config\.publicUrl is required with GitHub login/);
  });

  it('a value the schema does not know', async () => {
    const r = await run(lab.helm, ['template', 'orx', CHART, '-f', MINIMAL, '--set', 'rbac.allowWrites=true']);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /additional properties 'allowWrites' not allowed/);
  });
});

describe('the default rendering (a login, nothing else)', () => {
  let manifests: Manifest[];
  before(async () => {
    manifests = await template('orx', 'orx-test', ['-f', MINIMAL]);
  });

  it('has exactly the default objects: no Ingress, HPA, PDB or PVC', () => {
    assert.deepEqual(
      manifests.map((m) => m.kind).sort(),
      ['ClusterRole', 'ClusterRoleBinding', 'Deployment', 'Secret', 'Service', 'ServiceAccount'],
    );
    assert.equal(deploymentSpec(manifests).replicas, 1);
  });

  it('runs as uid 10001, non-root, read-only root filesystem, no privilege escalation, no capabilities, RuntimeDefault seccomp', () => {
    const pod = deploymentSpec(manifests).template.spec;
    assert.equal(pod.securityContext['runAsNonRoot'], true);
    assert.equal(pod.securityContext['runAsUser'], 10001);
    assert.deepEqual(pod.securityContext['seccompProfile'], { type: 'RuntimeDefault' });
    const sc = containerOf(manifests).securityContext;
    assert.equal(sc['runAsNonRoot'], true);
    assert.equal(sc['runAsUser'], 10001);
    assert.equal(sc['readOnlyRootFilesystem'], true);
    assert.equal(sc['allowPrivilegeEscalation'], false);
    assert.equal(sc['privileged'], false);
    assert.deepEqual(sc['capabilities'], { drop: ['ALL'] });
    assert.deepEqual(sc['seccompProfile'], { type: 'RuntimeDefault' });
  });

  it('gives the read-only root filesystem writable emptyDirs for /tmp and the data folder', () => {
    const pod = deploymentSpec(manifests).template.spec;
    const c = containerOf(manifests);
    const mounts = Object.fromEntries(c.volumeMounts.map((m) => [m.mountPath, m.name]));
    assert.deepEqual(mounts, { '/tmp': 'tmp', '/data': 'data' });
    for (const v of pod.volumes) assert.deepEqual(v.emptyDir, {}, `${v.name} is an emptyDir`);
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
    assert.equal(env['ORPHELIX_DATA_DIR'], '/data');
  });

  it('probes /healthz (liveness) and /readyz (readiness) on the port the API listens on', () => {
    const c = containerOf(manifests);
    assert.deepEqual(c.livenessProbe.httpGet, { path: '/healthz', port: 'http' });
    assert.deepEqual(c.readinessProbe.httpGet, { path: '/readyz', port: 'http' });
    const env = Object.fromEntries(c.env.map((e) => [e.name, e.value]));
    assert.deepEqual(c.ports, [{ name: 'http', containerPort: Number(env['PORT']), protocol: 'TCP' }]);
    assert.equal(env['HOST'], '0.0.0.0');
    assert.equal(env['ORPHELIX_MODE'], 'cluster');
    const service = one(manifests, 'Service')['spec'] as { ports: { targetPort: string }[]; selector: Record<string, string> };
    assert.equal(service.ports[0]?.targetPort, 'http');
    assert.deepEqual(service.selector, deploymentSpec(manifests).selector.matchLabels);
  });

  it('sets requests and a memory limit', () => {
    const { resources } = containerOf(manifests);
    assert.ok(resources.requests?.['cpu'] && resources.requests['memory'] && resources.limits?.['memory']);
  });

  it('passes secrets through the Secret, none in plain env', () => {
    const c = containerOf(manifests);
    const secret = one(manifests, 'Secret');
    assert.deepEqual(c.envFrom, [{ secretRef: { name: secret.metadata.name } }]);
    assert.deepEqual(Object.keys(secret['data'] as object), ['ORPHELIX_ADMIN_TOKEN']);
    const plain = c.env.map((e) => e.name);
    for (const name of ['ORPHELIX_ADMIN_TOKEN', 'GITHUB_CLIENT_SECRET', 'ORPHELIX_AI_API_KEY', 'DATABASE_URL', 'ORPHELIX_SECRET_KEY']) {
      assert.ok(!plain.includes(name), `${name} is not a plain env value`);
    }
  });

  it('binds a ClusterRole that grants no write verb: get/list/watch on every served kind, get on pods/log', () => {
    const rules = rulesOf(manifests);
    const verbs = new Set(rules.flatMap((r) => r.verbs));
    assert.deepEqual([...verbs].sort(), ['get', 'list', 'watch']);
    assert.ok(!rules.some((r) => r.resources.includes('*') || r.apiGroups.includes('*')), 'no wildcards');
    for (const verb of READ_VERBS) {
      assert.deepEqual(grants(rules, verb).filter((g) => g !== 'core/pods/log'), servedKinds(), `${verb} on exactly the served kinds`);
    }
    assert.ok(grants(rules, 'get').includes('core/pods/log'));
    const binding = one(manifests, 'ClusterRoleBinding') as Manifest & { roleRef: { name: string }; subjects: { kind: string; name: string; namespace: string }[] };
    assert.equal(binding.roleRef.name, one(manifests, 'ClusterRole').metadata.name);
    assert.deepEqual(binding.subjects, [
      { kind: 'ServiceAccount', name: deploymentSpec(manifests).template.spec.serviceAccountName, namespace: 'orx-test' },
    ]);
  });

  it('leaves Secrets out of the ClusterRole with rbac.readSecrets=false', async () => {
    const rules = rulesOf(await template('orx', 'orx-test', ['-f', MINIMAL, '--set', 'rbac.readSecrets=false']));
    assert.ok(!grants(rules, 'list').includes('core/secrets'));
    assert.ok(grants(rules, 'list').includes('core/configmaps'));
  });
});

describe('every optional feature on', () => {
  let manifests: Manifest[];
  before(async () => {
    manifests = await template('orx', 'orx-test', ['-f', ALL_FEATURES]);
  });

  it('adds the Ingress, the HPA and the PDB, all aimed at the release', () => {
    const name = one(manifests, 'Deployment').metadata.name;
    const selector = deploymentSpec(manifests).selector.matchLabels;
    const ingress = one(manifests, 'Ingress')['spec'] as {
      rules: { http: { paths: { backend: { service: { name: string; port: { name: string } } } }[] } }[];
    };
    assert.deepEqual(ingress.rules[0]?.http.paths[0]?.backend.service, { name: one(manifests, 'Service').metadata.name, port: { name: 'http' } });
    const hpa = one(manifests, 'HorizontalPodAutoscaler');
    assert.equal(hpa.apiVersion, 'autoscaling/v2');
    assert.deepEqual((hpa['spec'] as { scaleTargetRef: object }).scaleTargetRef, { apiVersion: 'apps/v1', kind: 'Deployment', name });
    assert.equal(deploymentSpec(manifests).replicas, undefined, 'the HPA owns the replica count');
    const pdb = one(manifests, 'PodDisruptionBudget');
    assert.equal(pdb.apiVersion, 'policy/v1');
    assert.deepEqual((pdb['spec'] as { selector: { matchLabels: object } }).selector.matchLabels, selector);
  });

  it('gains patch on Deployments, StatefulSets and DaemonSets and delete on Pods with rbac.allowRestart, and no other write', () => {
    const rules = rulesOf(manifests);
    assert.deepEqual(grants(rules, 'patch'), ['apps/daemonsets', 'apps/deployments', 'apps/statefulsets']);
    assert.deepEqual(grants(rules, 'delete'), ['core/pods']);
    for (const verb of ['create', 'update', 'deletecollection', 'escalate', 'bind', 'impersonate']) {
      assert.deepEqual(grants(rules, verb), [], `no ${verb}`);
    }
  });

  it('puts every secret value in the Secret and the configuration in env', () => {
    const secret = one(manifests, 'Secret');
    assert.deepEqual(Object.keys(secret['data'] as object).sort(), [
      'DATABASE_URL', 'GITHUB_CLIENT_ID', 'GITHUB_CLIENT_SECRET', 'ORPHELIX_ADMIN_TOKEN', 'ORPHELIX_AI_API_KEY', 'ORPHELIX_SECRET_KEY',
    ]);
    const env = Object.fromEntries(containerOf(manifests).env.map((e) => [e.name, e.value]));
    assert.equal(env['PUBLIC_URL'], 'https://orphelix.example.com');
    assert.equal(env['ORPHELIX_AI_BASE_URL'], 'https://api.openai.com/v1');
    assert.equal(env['ORPHELIX_ADMINS'], 'octocat');
  });

  it('keeps the data folder on a claim with persistence.enabled, replacing pods rather than rolling them', async () => {
    const m = await template('orx', 'orx-test', ['-f', MINIMAL, '--set', 'persistence.enabled=true']);
    const claim = one(m, 'PersistentVolumeClaim');
    const spec = deploymentSpec(m) as DeploymentSpec & { strategy?: { type: string } };
    assert.deepEqual(spec.strategy, { type: 'Recreate' });
    assert.deepEqual(spec.template.spec.volumes.find((v) => v.name === 'data')?.persistentVolumeClaim, { claimName: claim.metadata.name });
  });

  it('takes every secret from secrets.existingSecret instead, and writes no Secret', async () => {
    const m = await template('orx', 'orx-test', ['--set', 'secrets.existingSecret=orphelix-env']);
    assert.ok(!m.some((x) => x.kind === 'Secret'));
    assert.deepEqual(containerOf(m).envFrom, [{ secretRef: { name: 'orphelix-env' } }]);
  });
});

describe('the default rendering applied to the lab', () => {
  const suffix = randomBytes(3).toString('hex');
  const namespace = `orx-chart-${suffix}`;
  const release = `orx-chart-${suffix}`;
  let dir: string;
  let file: string;
  let kubectl: (args: string[], timeoutMs?: number) => Promise<string>;
  let serviceAccount: string;
  let deployment: string;

  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'orx-chart-'));
    file = join(dir, 'rendered.yaml');
    kubectl = (args, timeoutMs) => ok(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, ...args], timeoutMs);
    const out = await ok(lab.helm, ['template', release, CHART, '--namespace', namespace, '-f', MINIMAL]);
    writeFileSync(file, out);
    const manifests = await template(release, namespace, ['-f', MINIMAL]);
    serviceAccount = deploymentSpec(manifests).template.spec.serviceAccountName;
    deployment = one(manifests, 'Deployment').metadata.name;
    // The strictest Pod Security profile, enforced: a pod that breaks it is refused by the apiserver.
    await kubectl(['create', 'namespace', namespace]);
    await kubectl(['label', 'namespace', namespace, 'pod-security.kubernetes.io/enforce=restricted', 'pod-security.kubernetes.io/warn=restricted']);
  });

  after(async () => {
    // The cluster-scoped objects by name, then the namespace with everything in it; bounded.
    await run(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, 'delete', 'clusterrolebinding,clusterrole', '-l', `app.kubernetes.io/instance=${release}`]);
    await run(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, 'delete', 'namespace', namespace, '--ignore-not-found', '--timeout=90s'], 120_000);
    rmSync(dir, { recursive: true, force: true });
  });

  it('is accepted by the apiserver in a server-side dry run, every object, without a warning', async () => {
    const r = await run(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, 'apply', '--server-side', '--dry-run=server', '-f', file]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no warning (Pod Security or deprecation)');
    const applied = r.stdout.trim().split('\n');
    assert.equal(applied.length, 6, r.stdout);
    for (const line of applied) assert.match(line, /serverside-applied \(server dry run\)$/);
  });

  it('with every optional feature on, is accepted in a server-side dry run too (Ingress, HPA, PDB)', async () => {
    const allFile = join(dir, 'all-features.yaml');
    writeFileSync(allFile, await ok(lab.helm, ['template', release, CHART, '--namespace', namespace, '-f', ALL_FEATURES]));
    const r = await run(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, 'apply', '--server-side', '--dry-run=server', '-f', allFile]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr.trim(), '', 'no warning (Pod Security or deprecation)');
    for (const kind of ['poddisruptionbudget.policy', 'horizontalpodautoscaler.autoscaling', 'ingress.networking.k8s.io']) {
      assert.match(r.stdout, new RegExp(`^${kind.replace(/\./g, '\\.')}/\\S+ serverside-applied \\(server dry run\\)$`, 'm'));
    }
    assert.equal(r.stdout.trim().split('\n').length, 9, r.stdout);
  });

  it('is applied for real, and the Deployment has its pod scheduled and Running under kwok', async () => {
    const out = await kubectl(['apply', '--server-side', '-f', file]);
    assert.equal(out.trim().split('\n').length, 6, out);
    const deadline = Date.now() + 120_000;
    let last = '';
    for (;;) {
      const pods = JSON.parse(await kubectl(['get', 'pods', '-n', namespace, '-l', `app.kubernetes.io/instance=${release}`, '-o', 'json'])) as {
        items: { spec: { nodeName?: string }; status: { phase?: string } }[];
      };
      last = JSON.stringify(pods.items.map((p) => ({ node: p.spec.nodeName, phase: p.status.phase })));
      if (pods.items.length === 1 && pods.items[0]?.spec.nodeName && pods.items[0].status.phase === 'Running') break;
      if (Date.now() > deadline) {
        const events = await run(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, 'get', 'events', '-n', namespace]);
        assert.fail(`no Running pod within 120 s: ${last}\n${events.stdout}`);
      }
      await new Promise((r) => setTimeout(r, 1_000));
    }
    const ready = await kubectl(['rollout', 'status', `deployment/${deployment}`, '-n', namespace, '--timeout=60s'], 90_000);
    assert.match(ready, /successfully rolled out/);
  });

  it('gives the service account read rights and no write rights, as the apiserver sees it', async () => {
    const can = async (...args: string[]): Promise<string> => {
      const r = await run(lab.kubectl, ['--kubeconfig', lab.adminKubeconfig, 'auth', 'can-i', `--as=system:serviceaccount:${namespace}:${serviceAccount}`, ...args]);
      return r.stdout.trim();
    };
    assert.equal(await can('list', 'pods', '--all-namespaces'), 'yes');
    assert.equal(await can('watch', 'deployments.apps', '-n', 'shop'), 'yes');
    assert.equal(await can('get', 'pods', '--subresource=log', '-n', 'shop'), 'yes');
    assert.equal(await can('list', 'nodes'), 'yes');
    // The connection test's SelfSubjectAccessReview, from the built-in system:basic-user role.
    assert.equal(await can('create', 'selfsubjectaccessreviews.authorization.k8s.io'), 'yes');
    assert.equal(await can('patch', 'deployments.apps', '-n', 'shop'), 'no');
    assert.equal(await can('delete', 'pods', '-n', 'shop'), 'no');
    assert.equal(await can('create', 'pods', '-n', 'shop'), 'no');
    assert.equal(await can('create', 'pods', '--subresource=exec', '-n', 'shop'), 'no');
  });
});
