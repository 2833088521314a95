import { execFileSync } from 'node:child_process';
import { appendFileSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { FakeOpenAi, REDACTION_CORPUS, splitEnvSample } from '@orphelix/ai/testing';
import type { LabInfo } from '@orphelix/lab-cluster';
import request from 'supertest';
import { fromConsole } from '../testing/csrf';
import { kubectl } from '../testing/kubectl-table';
import { createLabApp } from '../testing/lab-app';
import type { AiPreviewDto, FindingDto, FindingsResponseDto } from './dto/ai-response.dto';

/**
 * The analyzers and the troubleshooter against the seeded lab, with a fake model provider that records
 * every request: each broken workload of `lab:seed` gets its finding and the healthy ones none; the
 * redaction corpus planted in a lab workload (env values, annotations, its previous log) never reaches
 * the provider; a name the admin hides reaches it only as its pseudonym.
 */
const CORPUS_NAMESPACE = 'ai-corpus';
const HIDDEN = 'leaky-ledger';
/** The corpus run's last log line: in every tail, and the mark that the corpus is in the log already. */
const LAST_LINE = '[FATAL] ledger worker exiting: cannot reach the ledger database';

let app: INestApplication;
let lab: LabInfo;
let fake: FakeOpenAi;

beforeAll(async () => {
  fake = new FakeOpenAi({ chunkDelayMs: 1 });
  const running = await fake.start();
  ({ app, lab } = await createLabApp({
    env: { ORPHELIX_AI_BASE_URL: running.url, ORPHELIX_AI_MODEL: 'lab-model', ORPHELIX_AI_HIDE_NAMES: HIDDEN, ORPHELIX_AI_MAX_RETRIES: '0' },
  }));
});

afterAll(async () => {
  await app?.close();
  await fake?.close();
});

/** `critical crash-loop Pod shop/checkout` — a pod's generated suffix cut, so the line reads the same on every lab. */
function line(finding: FindingDto): string {
  const { kind, namespace, name } = finding.object;
  const stable = kind === 'Pod' ? name.replace(/-[a-z0-9]{6,10}-[a-z0-9]{5}$/, '').replace(/-[a-z0-9]{5}$/, '') : name;
  return `${finding.severity} ${finding.analyzer} ${kind} ${namespace ?? '-'}/${stable}`;
}

const findings = async (query: Record<string, string>, context = 'lab-admin'): Promise<FindingsResponseDto> =>
  (await request(app.getHttpServer()).get('/api/ai/findings').query({ context, ...query }).expect(200)).body as FindingsResponseDto;

describe('findings against the seeded lab', () => {
  it('finds each broken thing of the seed, and nothing about the healthy workloads', async () => {
    const result = await findings({});
    const lines = result.findings.filter((f) => f.object.namespace !== CORPUS_NAMESPACE).map(line);
    // A Deployment whose pods never become available is past its progress deadline 10 minutes after the
    // seed: kubectl's own reading of the Progressing condition says which ones are by now.
    const deployments = JSON.parse(kubectl(lab, 'get', 'deployments', '-A', '-o', 'json')) as {
      items: { metadata: { namespace: string; name: string }; status?: { conditions?: { type: string; reason?: string }[] } }[];
    };
    const pastDeadline = deployments.items
      .filter((d) => d.metadata.namespace !== CORPUS_NAMESPACE)
      .filter((d) => d.status?.conditions?.some((c) => c.type === 'Progressing' && c.reason === 'ProgressDeadlineExceeded'))
      .map((d) => `critical deployment-progress Deployment ${d.metadata.namespace}/${d.metadata.name}`)
      .sort();
    expect(lines).toEqual([
      ...pastDeadline,
      'critical job-backoff-limit Job shop/report-export',
      'critical node Node -/lab-node-3',
      'critical image-pull Pod payments/fraud-detector',
      'critical image-pull Pod shop/catalog',
      'critical crash-loop Pod shop/checkout',
      'critical oom-killed Pod shop/recommendations',
      'critical unschedulable Pod shop/search-indexer',
      'critical service-endpoints Service shop/checkout',
      'warning hpa HorizontalPodAutoscaler shop/storefront',
      'warning node Node -/lab-node-2',
      'warning pvc-pending PersistentVolumeClaim shop/uploads',
    ]);
    expect(result.notLoaded).toEqual([]);
    const healthy = ['cart', 'payments-api', 'postgres', 'prometheus', 'debug-shell', 'coredns', 'db-migrate'];
    for (const f of result.findings) {
      for (const name of healthy) expect(`${f.object.kind} ${f.object.name}`).not.toMatch(new RegExp(`^(Pod|Deployment|StatefulSet|Job|Service) ${name}`));
    }
    const crash = result.findings.find((f) => f.analyzer === 'crash-loop');
    // The last terminated reason and exit code are in the evidence, as the apiserver reports them.
    expect(crash?.evidence).toEqual(expect.arrayContaining([expect.objectContaining({ field: expect.stringContaining('lastState.terminated.exitCode'), value: '1' })]));
    expect(crash?.nextSteps).toEqual(expect.arrayContaining([expect.stringMatching(/: kubectl -n shop logs checkout-\S+ -c checkout --previous$/)]));
  });

  it("a Deployment's findings are its own and its pods'; a healthy Deployment has none", async () => {
    const checkout = await findings({ kind: 'deployments', namespace: 'shop', name: 'checkout' });
    expect(checkout.findings.map(line).filter((l) => !l.includes(' deployment-progress '))).toEqual(['critical crash-loop Pod shop/checkout']);
    expect(checkout.findings.every((f) => f.object.name.startsWith('checkout'))).toBe(true);
    expect((await findings({ kind: 'deployments', namespace: 'shop', name: 'storefront' })).findings).toEqual([]);
    expect((await findings({ kind: 'nodes', name: 'lab-node-3' })).findings.map(line)).toEqual(['critical node Node -/lab-node-3']);
  });

  it('as lab-viewer: what RBAC hides is named, not guessed, and the namespace it may read is analysed', async () => {
    const shop = await findings({ namespace: 'shop' }, 'lab-viewer');
    expect(shop.notLoaded.map((n) => n.kind)).toEqual(['nodes']);
    expect(shop.findings.map(line)).toContain('critical crash-loop Pod shop/checkout');
    expect(shop.findings.some((f) => f.object.kind === 'Node')).toBe(false);
    const denied = await request(app.getHttpServer()).get('/api/ai/findings').query({ context: 'lab-viewer', kind: 'deployments', namespace: 'payments', name: 'payments-api' }).expect(403);
    expect(denied.body.code).toBe('FORBIDDEN');
  });
});

describe('the redaction corpus planted in a lab workload', () => {
  const planted = (where: string) => REDACTION_CORPUS.filter((entry) => entry.where === where);

  beforeAll(async () => {
    // A namespace left by an earlier run may still be terminating: wait until it is gone (bounded).
    for (let i = 0; i < 120; i++) {
      const phase = kubectl(lab, 'get', 'namespace', CORPUS_NAMESPACE, '--ignore-not-found', '-o', 'jsonpath={.status.phase}');
      if (phase !== 'Terminating') break;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    // Its container is not named `checkout`, so kwok serves it the app logs: the corpus goes into the
    // previous run's log, which the troubleshooter reads for a container that restarted.
    const previousLog = join(lab.podLogsDir, 'app-previous.log');
    if (!readFileSync(previousLog, 'utf8').includes(LAST_LINE)) {
      const samples = [...new Set([...planted('kubeconfig'), ...planted('log')].map((entry) => entry.sample))];
      const lines = [...samples.flatMap((sample) => sample.split('\n')), LAST_LINE];
      appendFileSync(previousLog, lines.map((text) => `2026-11-27T08:00:05.000000000Z stdout F ${text}\n`).join(''));
    }

    const annotations = Object.fromEntries(planted('annotation').map((entry, i) => [`corpus.orphelix.dev/sample-${i}`, entry.sample]));
    const manifests = [
      { apiVersion: 'v1', kind: 'Namespace', metadata: { name: CORPUS_NAMESPACE } },
      {
        apiVersion: 'v1',
        kind: 'Secret',
        metadata: { name: 'leaky-ledger-credentials', namespace: CORPUS_NAMESPACE },
        stringData: Object.fromEntries(planted('secret-data').map((entry, i) => [`value-${i}`, entry.sample])),
      },
      {
        apiVersion: 'apps/v1',
        kind: 'Deployment',
        metadata: { name: HIDDEN, namespace: CORPUS_NAMESPACE, annotations },
        spec: {
          replicas: 1,
          selector: { matchLabels: { app: HIDDEN } },
          template: {
            metadata: { labels: { app: HIDDEN, 'lab.orphelix.dev/state': 'crashloop' }, annotations },
            spec: {
              nodeSelector: { 'lab.orphelix.dev/kwok': 'true' },
              containers: [
                {
                  name: 'worker',
                  image: 'registry.lab.invalid/ledger/worker:2.3.1',
                  env: [
                    ...planted('env').map((entry) => splitEnvSample(entry.sample)),
                    { name: 'LEDGER_KEY', valueFrom: { secretKeyRef: { name: 'leaky-ledger-credentials', key: 'value-0' } } },
                  ],
                },
              ],
            },
          },
        },
      },
    ];
    execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, '--context', 'lab-admin', 'apply', '-f', '-'], {
      input: JSON.stringify({ apiVersion: 'v1', kind: 'List', items: manifests }),
      encoding: 'utf8',
    });
  });

  afterAll(() => {
    execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, '--context', 'lab-admin', 'delete', 'namespace', CORPUS_NAMESPACE, '--wait=false'], { encoding: 'utf8' });
  });

  async function crashLooping(): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      const result = await findings({ kind: 'deployments', namespace: CORPUS_NAMESPACE, name: HIDDEN });
      if (result.findings.some((f) => f.analyzer === 'crash-loop')) return;
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    throw new Error(`${HIDDEN} did not crash-loop within 60 s`);
  }

  it('nothing secret reaches the provider, while the evidence does: its names, its log, its findings', async () => {
    await crashLooping();
    fake.clearRequests();
    const query = { context: 'lab-admin', kind: 'deployments', namespace: CORPUS_NAMESPACE, name: HIDDEN };
    const res = await fromConsole(request(app.getHttpServer()).post('/api/ai/troubleshoot').query(query).send({ question: `Is ${HIDDEN} leaking its DB_PASSWORD?` }));
    expect(res.status).toBe(200);
    expect(res.text).toContain('event: done');
    const sent = JSON.stringify(fake.requests.map((r) => r.body));
    expect(fake.requests).toHaveLength(1);

    const leaked = REDACTION_CORPUS.filter((entry) => sent.includes(entry.secret) || sent.includes(JSON.stringify(entry.secret).slice(1, -1)));
    expect(leaked.map((entry) => `${entry.where} ${entry.rule}: ${entry.secret.slice(0, 12)}…`)).toEqual([]);

    // The evidence itself went: env names, the image, the previous log, the crash-loop finding.
    expect(sent).toContain('DB_PASSWORD');
    expect(sent).toContain('registry.lab.invalid/ledger/worker:2.3.1');
    expect(sent).toContain(LAST_LINE);
    expect(sent).toContain('crash-loop');
    expect(sent).toContain('secretKeyRef');
    // The hidden name went only as its pseudonym, the same one in every message and on the next request.
    expect(sent).not.toContain(HIDDEN);
    const evidence = JSON.stringify((fake.requests[0]?.body as { messages: { role: string }[] }).messages.filter((m) => m.role !== 'system'));
    const pseudonyms = new Set(evidence.match(/\bname-[0-9a-f]{6}\b/g) ?? []);
    expect([...pseudonyms]).toHaveLength(1);

    const preview = (await fromConsole(request(app.getHttpServer()).post('/api/ai/preview').query(query).send({ question: `Is ${HIDDEN} leaking its DB_PASSWORD?` })).expect(200)).body as AiPreviewDto;
    // The pod keeps crash-looping between the two requests (restart counts, times), so the preview is
    // compared by what matters here: it leaks nothing either, and hides the name the same way.
    const shown = JSON.stringify(preview.messages);
    expect(REDACTION_CORPUS.filter((entry) => shown.includes(entry.secret)).map((entry) => entry.rule)).toEqual([]);
    expect(shown).not.toContain(HIDDEN);
    expect(JSON.stringify(preview.messages)).toContain([...pseudonyms][0]);
    expect(preview.redactions.map((r) => r.rule)).toEqual(expect.arrayContaining(['hidden-name', 'pem', 'secret-env', 'github-token']));
  });
});
