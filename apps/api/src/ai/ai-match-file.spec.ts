import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { FakeOpenAi } from '@orphelix/ai/testing';
import { type FakeGitHub, type RunningFakeGitHub } from '@orphelix/github/testing';
import request from 'supertest';
import { gitHubEnv, type GitHubSession, loginWithGitHub, fakeGitHubForLogin } from '../testing/github-login';
import { createTestApp } from '../testing/test-app';
import type { MatchFileResultDto } from '../github/dto/github-response.dto';

/**
 * match-file with a model: the matcher's candidates re-ranked by the fake provider's structured answer,
 * and every way that answer can be unusable falling back to the matcher's order — never a 500.
 */
const DB_PASSWORD = 'Sup3r-s3cret-db-pass-in-values';
const FILES = {
  'k8s/web/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  replicas: 2\n',
  'k8s/web/kustomization.yaml': 'apiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nnamespace: shop\nresources:\n  - deployment.yaml\n',
  'charts/web/values.yaml': `replicaCount: 2\nimage:\n  repository: ghcr.io/octo/web\ndatabase:\n  password: ${DB_PASSWORD}\n`,
  'charts/web/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
};
const OBJECT = {
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name: 'web', namespace: 'shop', labels: { app: 'web', 'app.kubernetes.io/instance': 'web' } },
};

let github: FakeGitHub;
let running: RunningFakeGitHub;
let model: FakeOpenAi;
let dataDir: string;
let app: INestApplication;
let octo: GitHubSession;
let deterministic: string[];

const match = async (path = '/api/github/match-file'): Promise<MatchFileResultDto> => {
  const res = await octo.as(request(app.getHttpServer()).post(path)).send({ owner: 'octo', repo: 'deploy', object: OBJECT });
  expect(`${res.status} ${JSON.stringify(res.body).slice(0, 300)}`).toMatch(/^200 /);
  return res.body as MatchFileResultDto;
};

beforeAll(async () => {
  github = fakeGitHubForLogin();
  running = await github.start();
  github.addUser({ login: 'octo' });
  github.addRepo({ owner: 'octo', name: 'deploy', files: FILES });
  model = new FakeOpenAi();
  const provider = await model.start();
  dataDir = mkdtempSync(join(tmpdir(), 'orx-ai-match-'));
  app = await createTestApp({
    env: { ...gitHubEnv(running.baseUrl, dataDir), ORPHELIX_AI_BASE_URL: provider.url, ORPHELIX_AI_MODEL: 'ranker', ORPHELIX_AI_MAX_RETRIES: '0', ORPHELIX_AI_TIMEOUT_MS: '1000' },
  });
  octo = await loginWithGitHub(app);
  // The matcher's own order, from an answer the validator refuses.
  model.reply({ rawContent: 'not json' });
  deterministic = (await match()).candidates.map((c) => c.path);
});

afterAll(async () => {
  await app?.close();
  await running?.close();
  await model?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

beforeEach(() => model.clearRequests());

it('the matcher finds several candidates (the premise of re-ranking)', () => {
  expect(deterministic.length).toBeGreaterThanOrEqual(2);
  expect(deterministic[0]).toBe('k8s/web/deployment.yaml');
});

it("puts the model's ranking first, with its confidence and reason, and sends the excerpts redacted with a strict JSON schema", async () => {
  const reversed = [...deterministic].reverse();
  model.reply({ json: { ranking: reversed.map((path, i) => ({ path, confidence: 0.9 - i * 0.1, reason: `rank ${i}` })) } });
  const result = await match();
  expect(result.ranking).toEqual({ method: 'model', model: 'ranker', note: null });
  expect(result.candidates.map((c) => c.path)).toEqual(reversed);
  expect(result.candidates[0]).toMatchObject({ modelConfidence: 0.9, modelReason: 'rank 0' });

  const [sent] = model.requests;
  const body = sent?.body as { response_format?: { type: string; json_schema?: { strict?: boolean } }; messages: unknown[] };
  expect(body.response_format).toMatchObject({ type: 'json_schema', json_schema: { strict: true } });
  const text = JSON.stringify(body.messages);
  expect(text).toContain('charts/web/values.yaml');
  expect(text).toContain('replicaCount');
  expect(text).not.toContain(DB_PASSWORD);
});

it('/api/ai/match-file is the same match', async () => {
  model.reply({ json: { ranking: [{ path: deterministic[1], confidence: 0.8, reason: 'chart' }] } });
  const result = await match('/api/ai/match-file');
  expect(result.ranking.method).toBe('model');
  // The one the model ranked first, then the rest in the matcher's order.
  expect(result.candidates.map((c) => c.path)).toEqual([deterministic[1], ...deterministic.filter((p) => p !== deterministic[1])]);
});

it.each([
  ['JSON that does not parse', { rawContent: '```json\n{"ranking": [' }, /could not re-rank|not a usable ranking/],
  ['paths that are not candidates', { json: { ranking: [{ path: 'nope.yaml', confidence: 1, reason: 'made up' }] } }, /not a usable ranking/],
  ['a refusal', { refusal: 'I cannot help with that.' }, /could not re-rank/],
  ['a provider error', { error: 500 as const }, /could not re-rank/],
  ['a refused key', { error: 401 as const }, /could not re-rank/],
  ['no answer in time', { hang: true as const }, /could not re-rank/],
])("keeps the matcher's order when the model's answer is unusable: %s", async (_name, reply, note) => {
  model.reply(reply);
  const result = await match();
  expect(result.ranking.method).toBe('deterministic');
  expect(result.ranking.model).toBe('ranker');
  expect(result.ranking.note).toMatch(note);
  expect(result.candidates.map((c) => c.path)).toEqual(deterministic);
  expect(result.candidates.every((c) => c.modelConfidence === null && c.modelReason === null)).toBe(true);
});
