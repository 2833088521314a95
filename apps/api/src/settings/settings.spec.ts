import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import { SETTINGS_LIMITS, type SettingsDto } from '@orphelix/contract';
import { plainToInstance } from 'class-transformer';
import { validateSync } from 'class-validator';
import request from 'supertest';
import { currentUserId } from '../common/identity/current-user';
import { sqliteTestDatabase } from '../persistence/testing/test-databases';
import { createTestApp } from '../testing/test-app';
import { EditBasketItemBody } from './settings-body';
import { defaultSettings, merge, withDefaults } from './settings.service';
import { describeSettingsConcurrency } from './testing/settings-suite';
import { fromConsole } from '../testing/csrf';

const SHA = 'a'.repeat(40);

function basketItem(path: string, content = 'replicas: 2\n'): Record<string, unknown> {
  return { owner: 'acme', repo: 'deploy', branch: 'main', path, content, originalContent: 'replicas: 1\n', sha: SHA };
}

const PULL_REQUEST = {
  resource: { context: 'prod', kind: 'Deployment', namespace: 'shop', name: 'web' },
  owner: 'acme',
  repo: 'deploy',
  number: 42,
  url: 'https://github.com/acme/deploy/pull/42',
  openedAt: '2025-05-01T10:00:00.000Z',
};

describe('/api/settings', () => {
  let dataDir: string;
  let app: INestApplication;

  beforeAll(async () => {
    dataDir = join(mkdtempSync(join(tmpdir(), 'orphelix-settings-')), 'data');
    app = await createTestApp({ env: { ORPHELIX_DATA_DIR: dataDir } });
  });
  afterAll(async () => {
    await app.close();
    rmSync(dataDir, { recursive: true, force: true });
  });
  beforeEach(() => fromConsole(request(app.getHttpServer()).delete('/api/settings')).expect(200));

  const post = (body: unknown) => fromConsole(request(app.getHttpServer()).post('/api/settings')).send(body as object);

  it('answers the defaults to a user who changed nothing, from a database file in the data folder', async () => {
    const res = await request(app.getHttpServer()).get('/api/settings').expect(200);
    expect(res.body).toEqual({
      theme: 'system',
      defaultContext: null,
      defaultNamespace: null,
      contextAliases: {},
      sidebarPins: null,
      criticalIssues: {
        failedPods: true,
        pendingPods: true,
        notReadyNodes: true,
        degradedDeployments: true,
        unboundVolumes: true,
      },
      liveUpdates: true,
      github: { repo: null, branch: null },
      editBasket: [],
      pullRequests: [],
    });
    expect(existsSync(join(dataDir, 'orphelix.db'))).toBe(true);
    expect(statSync(dataDir).mode & 0o777).toBe(0o700);
  });

  it('changes only the keys sent, merging maps key by key', async () => {
    await post({
      theme: 'dark',
      criticalIssues: { pendingPods: false },
      contextAliases: { prod: 'Production', 'kind-lab': 'Lab' },
    }).expect(200);
    const res = await post({
      defaultContext: 'prod',
      criticalIssues: { unboundVolumes: false },
      contextAliases: { 'kind-lab': null, staging: 'Staging' },
      github: { repo: { owner: 'acme', name: 'deploy' } },
    }).expect(200);
    const expected: SettingsDto = {
      ...defaultSettings(),
      theme: 'dark',
      defaultContext: 'prod',
      criticalIssues: { ...defaultSettings().criticalIssues, pendingPods: false, unboundVolumes: false },
      contextAliases: { prod: 'Production', staging: 'Staging' },
      github: { repo: { owner: 'acme', name: 'deploy' }, branch: null },
    };
    expect(res.body).toEqual(expected);
    expect((await request(app.getHttpServer()).get('/api/settings').expect(200)).body).toEqual(expected);

    const cleared = await post({ defaultContext: null, github: { branch: 'release/1.2' } }).expect(200);
    expect(cleared.body).toMatchObject({
      defaultContext: null,
      github: { repo: { owner: 'acme', name: 'deploy' }, branch: 'release/1.2' },
    });
  });

  it('stores the edit basket, pinned paths and tracked pull requests, replacing arrays whole', async () => {
    await post({
      sidebarPins: ['/pods', '/deployments'],
      editBasket: [basketItem('apps/web.yaml'), basketItem('apps/api.yaml')],
    }).expect(200);
    const res = await post({
      editBasket: [{ ...basketItem('apps/new.yaml'), originalContent: null, sha: null }],
      pullRequests: [
        PULL_REQUEST,
        { ...PULL_REQUEST, number: 43, resource: { ...PULL_REQUEST.resource, kind: 'Node', namespace: null } },
      ],
    }).expect(200);
    expect(res.body.sidebarPins).toEqual(['/pods', '/deployments']);
    expect(res.body.editBasket).toEqual([{ ...basketItem('apps/new.yaml'), originalContent: null, sha: null }]);
    expect(res.body.pullRequests).toHaveLength(2);
    expect((await post({ sidebarPins: null }).expect(200)).body.sidebarPins).toBeNull();
  });

  it.each([
    ['body.colour', 'should not exist', { colour: 'red' }],
    ['body.github.repo.private', 'should not exist', { github: { repo: { owner: 'acme', name: 'x', private: true } } }],
    ['body.github.token', 'should not exist', { github: { token: 'x' } }],
    ['body.criticalIssues.crashLoops', 'should not exist', { criticalIssues: { crashLoops: true } }],
    ['body.editBasket[0].mode', 'should not exist', { editBasket: [{ ...basketItem('a.yaml'), mode: '100644' }] }],
    [
      'body.pullRequests[0].resource.uid',
      'should not exist',
      { pullRequests: [{ ...PULL_REQUEST, resource: { ...PULL_REQUEST.resource, uid: 'x' } }] },
    ],
    ['body.theme', 'theme must be one of', { theme: 'blue' }],
    ['body.theme', 'theme must be one of', { theme: null }],
    ['body.liveUpdates', 'boolean', { liveUpdates: 'yes' }],
    ['body.criticalIssues.failedPods', 'boolean', { criticalIssues: { failedPods: 1 } }],
    ['body.criticalIssues', 'object', { criticalIssues: [] }],
    ['body.defaultNamespace', 'namespace', { defaultNamespace: 'Shop!' }],
    ['body.defaultContext', 'defaultContext', { defaultContext: '' }],
    ['body.contextAliases', 'invalid alias for "prod"', { contextAliases: { prod: 5 } }],
    ['body.contextAliases', 'invalid alias', { contextAliases: { prod: 'x'.repeat(SETTINGS_LIMITS.aliasLength + 1) } }],
    ['body.contextAliases', 'must be an object', { contextAliases: ['prod'] }],
    ['body.sidebarPins', 'console path', { sidebarPins: ['pods'] }],
    ['body.sidebarPins', 'unique', { sidebarPins: ['/pods', '/pods'] }],
    [
      'body.sidebarPins',
      `${SETTINGS_LIMITS.sidebarPins}`,
      { sidebarPins: Array.from({ length: SETTINGS_LIMITS.sidebarPins + 1 }, (_, i) => `/p${i}`) },
    ],
    ['body.github.repo.name', 'name', { github: { repo: { owner: 'acme' } } }],
    ['body.github.repo', 'object', { github: { repo: 'acme/deploy' } }],
    ['body.github.branch', 'branch', { github: { branch: 'a..b' } }],
    ['body.github', 'object', { github: null }],
    ['body.editBasket[0].path', 'path', { editBasket: [basketItem('../etc/passwd')] }],
    ['body.editBasket[0].sha', 'sha', { editBasket: [{ ...basketItem('a.yaml'), sha: 'xyz' }] }],
    ['body.editBasket[0].sha', 'sha', { editBasket: [{ ...basketItem('a.yaml'), sha: undefined }] }],
    [
      'body.editBasket[0].content',
      'content',
      { editBasket: [basketItem('a.yaml', 'x'.repeat(SETTINGS_LIMITS.editBasketFileLength + 1))] },
    ],
    [
      'body.editBasket',
      `${SETTINGS_LIMITS.editBasketItems}`,
      { editBasket: Array.from({ length: SETTINGS_LIMITS.editBasketItems + 1 }, (_, i) => basketItem(`f${i}.yaml`)) },
    ],
    ['body.editBasket[1].path', 'twice', { editBasket: [basketItem('a.yaml'), basketItem('a.yaml')] }],
    ['body.pullRequests[0].number', 'number', { pullRequests: [{ ...PULL_REQUEST, number: 0 }] }],
    ['body.pullRequests[0].url', 'url', { pullRequests: [{ ...PULL_REQUEST, url: 'javascript:alert(1)' }] }],
    ['body.pullRequests[0].openedAt', 'openedAt', { pullRequests: [{ ...PULL_REQUEST, openedAt: 'yesterday' }] }],
    [
      'body.pullRequests[0].resource.namespace',
      'namespace',
      { pullRequests: [{ ...PULL_REQUEST, resource: { ...PULL_REQUEST.resource, namespace: undefined } }] },
    ],
  ])('refuses a bad %s (%s) and saves nothing', async (field, message, body) => {
    await post({ theme: 'light' }).expect(200);
    const res = await post({ ...body, liveUpdates: (body as Record<string, unknown>)['liveUpdates'] ?? false });
    // A body over the server's JSON size limit is refused before validation.
    if (res.status === 413) return;
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    const fields = res.body.details.fields as { field: string; message: string }[];
    expect(fields).toContainEqual({ field, message: expect.stringContaining(message) });
    const after = (await request(app.getHttpServer()).get('/api/settings').expect(200)).body as SettingsDto;
    expect(after).toEqual({ ...defaultSettings(), theme: 'light' });
  });

  it('refuses a basket whose files together exceed the total bound', async () => {
    const big = 'x'.repeat(SETTINGS_LIMITS.editBasketFileLength);
    const count = Math.ceil(SETTINGS_LIMITS.editBasketTotalLength / big.length / 2) + 1;
    const items = Array.from({ length: count }, (_, i) => ({ ...basketItem(`f${i}.yaml`, big), originalContent: big }));
    // Large bodies go through the same validation path; the server's body limit may refuse first.
    const res = await post({ editBasket: items });
    expect([400, 413]).toContain(res.status);
    if (res.status === 400)
      expect(res.body.details.fields).toContainEqual({
        field: 'body.editBasket',
        message: expect.stringContaining('at most'),
      });
  });

  it('refuses query parameters and a body that is not an object', async () => {
    const res = await request(app.getHttpServer()).get('/api/settings').query({ user: 'someone' }).expect(400);
    expect(res.body.details.fields[0].field).toBe('user');
    await post([{ theme: 'dark' }]).expect(400);
  });

  it('resets to the defaults and answers them', async () => {
    await post({ theme: 'dark', sidebarPins: ['/pods'] }).expect(200);
    const res = await fromConsole(request(app.getHttpServer()).delete('/api/settings')).expect(200);
    expect(res.body).toEqual(defaultSettings());
    expect((await request(app.getHttpServer()).get('/api/settings').expect(200)).body).toEqual(defaultSettings());
  });
});

describe('/api/settings on a SQLite file', () => {
  describeSettingsConcurrency(() => sqliteTestDatabase());
});

describe('settings documents', () => {
  it('replaces stored values of the wrong type with defaults', () => {
    expect(
      withDefaults({
        theme: 'neon',
        liveUpdates: 'yes',
        contextAliases: { a: 1 },
        github: { repo: 'x', branch: 3 },
        stray: true,
      }),
    ).toEqual(defaultSettings());
  });

  it('bounds one basket file, whatever the server accepts as a body', () => {
    const item = plainToInstance(
      EditBasketItemBody,
      basketItem('a.yaml', 'x'.repeat(SETTINGS_LIMITS.editBasketFileLength + 1)),
    );
    expect(validateSync(item).map((e) => e.property)).toEqual(['content']);
    expect(validateSync(plainToInstance(EditBasketItemBody, basketItem('a.yaml')))).toEqual([]);
  });

  it('keeps "__proto__" a plain alias key', () => {
    const next = merge({}, JSON.parse('{"contextAliases":{"__proto__":"odd"}}') as Record<string, unknown>);
    expect(Object.getPrototypeOf(next['contextAliases'])).toBe(Object.prototype);
    expect(Object.keys(next['contextAliases'] as object)).toEqual(['__proto__']);
  });

  it('keys settings by the authenticated user, else local', () => {
    expect(currentUserId({})).toBe('local');
    expect(currentUserId({ user: null })).toBe('local');
    expect(currentUserId({ user: { id: 'u-1', login: 'octocat', kind: 'github' } })).toBe('u-1');
  });
});
