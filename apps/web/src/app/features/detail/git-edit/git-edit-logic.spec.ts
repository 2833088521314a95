import type { EditBasketItemDto, MatchCandidateDto, MeResponseDto, SettingsDto, TrackedPullRequestDto } from '../../../api/generated/types.gen';
import { ApiError } from '../../../core/api';
import {
  controllerOf,
  currentContext,
  defaultPrTitle,
  gitFailure,
  gitGate,
  isDirty,
  liveObject,
  prState,
  prsFor,
  rankCandidates,
  scoreText,
  withFileNewlines,
} from './git-edit-logic';
import { putInBasket } from '../../github/github-logic';

const candidate = (path: string, score: number, reasons: string[] = [`${path} declares it`]): MatchCandidateDto => ({
  path,
  score,
  reasons,
  via: 'content',
  modelConfidence: null,
  modelReason: null,
});

describe('rankCandidates', () => {
  it('puts the best score first, then orders equal scores by path', () => {
    const ranked = rankCandidates([candidate('b.yaml', 0.4), candidate('z.yaml', 0.88), candidate('a.yaml', 0.4), candidate('m.yaml', 0.7)]);
    expect(ranked.map((c) => c.path)).toEqual(['z.yaml', 'm.yaml', 'a.yaml', 'b.yaml']);
  });

  it('lists a file once, with the best score and every reason of its documents', () => {
    const ranked = rankCandidates([
      candidate('web.yaml', 0.5, ['kustomize patch']),
      candidate('other.yaml', 0.6),
      candidate('web.yaml', 0.88, ['Deployment shop/web declared here']),
    ]);
    expect(ranked.map((c) => [c.path, c.score])).toEqual([
      ['web.yaml', 0.88],
      ['other.yaml', 0.6],
    ]);
    expect(ranked[0]?.reasons).toEqual(['Deployment shop/web declared here', 'kustomize patch']);
  });

  it("keeps the model's order when the model re-ranked them, still one entry per file", () => {
    const ranked = rankCandidates(
      [
        { ...candidate('b.yaml', 0.4, ['overlay']), modelConfidence: 0.9, modelReason: 'declares it' },
        { ...candidate('a.yaml', 0.88), modelConfidence: 0.3, modelReason: 'a copy' },
        candidate('b.yaml', 0.2, ['kustomize patch']),
      ],
      true,
    );
    expect(ranked.map((c) => [c.path, c.modelConfidence])).toEqual([
      ['b.yaml', 0.9],
      ['a.yaml', 0.3],
    ]);
    expect(ranked[0]?.reasons).toEqual(['overlay', 'kustomize patch']);
  });

  it('leaves the answer it was given unchanged', () => {
    const input = [candidate('a.yaml', 0.1), candidate('b.yaml', 0.9)];
    rankCandidates(input);
    expect(input.map((c) => c.path)).toEqual(['a.yaml', 'b.yaml']);
  });
});

describe('scoreText', () => {
  it('shows a percentage, bounded', () => {
    expect(scoreText(0.876)).toBe('88 %');
    expect(scoreText(1.3)).toBe('100 %');
    expect(scoreText(-1)).toBe('0 %');
  });
});

describe('isDirty', () => {
  it('is false for the text as read and true once it differs', () => {
    expect(isDirty('a: 1\n', 'a: 1\n')).toBe(false);
    expect(isDirty('a: 1\n', 'a: 2\n')).toBe(true);
    expect(isDirty('a: 1\n', 'a: 1')).toBe(true);
  });

  it('ignores line endings: the editor joins lines with \\n whatever the file used', () => {
    expect(isDirty('a: 1\r\nb: 2\r\n', 'a: 1\nb: 2\n')).toBe(false);
    expect(isDirty('a: 1\r\nb: 2\r\n', 'a: 1\nb: 3\n')).toBe(true);
  });

  it('is false without a file', () => {
    expect(isDirty(null, 'anything')).toBe(false);
  });
});

describe('withFileNewlines', () => {
  it("gives the edit the file's own line endings", () => {
    expect(withFileNewlines('a: 2\nb: 2\n', 'a: 1\r\nb: 2\r\n')).toBe('a: 2\r\nb: 2\r\n');
    expect(withFileNewlines('a: 2\nb: 2\n', 'a: 1\nb: 2\n')).toBe('a: 2\nb: 2\n');
  });
});

describe('putInBasket (the basket the GitHub page keeps too)', () => {
  const item = (owner: string, repo: string, path: string, content: string): EditBasketItemDto => ({
    owner,
    repo,
    branch: 'main',
    path,
    content,
    originalContent: 'old',
    sha: 'a'.repeat(40),
  });

  it('replaces the entry of the same file in place and keeps the others', () => {
    const basket = [item('acme', 'infra', 'a.yaml', '1'), item('acme', 'infra', 'b.yaml', '1'), item('acme', 'infra', 'c.yaml', '1')];
    const next = putInBasket(basket, item('acme', 'infra', 'b.yaml', '2'));
    expect(next.map((b) => `${b.path}=${b.content}`)).toEqual(['a.yaml=1', 'b.yaml=2', 'c.yaml=1']);
  });

  it('adds a file of another path, repository or owner at the end', () => {
    const basket = [item('acme', 'infra', 'a.yaml', '1')];
    expect(putInBasket(basket, item('acme', 'infra', 'z.yaml', '2'))).toHaveLength(2);
    expect(putInBasket(basket, item('acme', 'apps', 'a.yaml', '2'))).toHaveLength(2);
    expect(putInBasket(basket, item('other', 'infra', 'a.yaml', '2')).map((b) => b.owner)).toEqual(['acme', 'other']);
    expect(basket).toHaveLength(1);
  });
});

describe('defaultPrTitle', () => {
  it('names the kind, namespace and name as the API does', () => {
    expect(defaultPrTitle({ kind: 'Deployment', namespace: 'shop', name: 'web' })).toBe('Update Deployment shop/web');
    expect(defaultPrTitle({ kind: 'Node', namespace: null, name: 'n1' })).toBe('Update Node n1');
  });
});

describe('prsFor and prState (the badges)', () => {
  const pr = (number: number, resource: Partial<TrackedPullRequestDto['resource']>, openedAt = `2026-01-0${number}T00:00:00Z`): TrackedPullRequestDto => ({
    resource: { context: 'prod', kind: 'Deployment', namespace: 'shop', name: 'web', ...resource },
    owner: 'acme',
    repo: 'infra',
    number,
    url: `https://github.test/acme/infra/pull/${number}`,
    openedAt,
  });
  const web = { context: 'prod', kind: 'Deployment', namespace: 'shop', name: 'web' };

  it('keeps the pull requests of this object only: same context, kind, namespace and name', () => {
    const tracked = [pr(1, {}), pr(2, { context: 'staging' }), pr(3, { kind: 'Service' }), pr(4, { namespace: 'ops' }), pr(5, { name: 'api' }), pr(6, {})];
    expect(prsFor(tracked, web).map((p) => p.number)).toEqual([1, 6]);
  });

  it('matches a cluster-scoped object by a null namespace', () => {
    const tracked = [pr(1, { kind: 'Node', namespace: null, name: 'n1' }), pr(2, { kind: 'Node', namespace: 'x', name: 'n1' })];
    expect(prsFor(tracked, { context: 'prod', kind: 'Node', namespace: null, name: 'n1' }).map((p) => p.number)).toEqual([1]);
  });

  it('lists each pull request once, oldest first, and nothing while the context is unknown', () => {
    const tracked = [pr(3, {}), pr(1, {}), pr(3, {})];
    expect(prsFor(tracked, web).map((p) => p.number)).toEqual([1, 3]);
    expect(prsFor(tracked, null)).toEqual([]);
  });

  it('reads the state, merged winning over closed', () => {
    expect(prState({ state: 'open' })).toBe('open');
    expect(prState({ state: 'closed' })).toBe('closed');
    expect(prState({ state: 'merged' })).toBe('merged');
    expect(prState({ state: 'closed', merged: true })).toBe('merged');
    expect(prState({ state: 'closed', mergedAt: '2026-01-01T00:00:00Z' })).toBe('merged');
    expect(prState({ state: 'draft?' })).toBeNull();
    expect(prState(null)).toBeNull();
  });
});

describe('gitGate', () => {
  const me = (configured: boolean, kind: 'github' | 'token' | 'local' | null): MeResponseDto =>
    ({
      authRequired: false,
      authenticated: kind === 'github' || kind === 'token',
      github: { configured },
      user: kind ? { id: kind, kind, login: kind, name: null, avatarUrl: null, admin: false } : null,
    }) as MeResponseDto;
  const settings = (repo: { owner: string; name: string } | null) => ({ github: { repo, branch: null } }) as SettingsDto;

  it('says what is missing, in order: GitHub on the server, a GitHub login, a repository', () => {
    expect(gitGate(null, false, null).state).toBe('loading');
    expect(gitGate(null, true, null).state).toBe('unknown');
    expect(gitGate(me(false, 'github'), false, settings(null)).state).toBe('not-configured');
    expect(gitGate(me(true, 'local'), false, settings(null)).state).toBe('login');
    expect(gitGate(me(true, 'token'), false, settings(null)).state).toBe('login');
    expect(gitGate(me(true, null), false, settings(null)).state).toBe('login');
    expect(gitGate(me(true, 'github'), false, null).state).toBe('loading');
    expect(gitGate(me(true, 'github'), false, settings(null)).state).toBe('no-repo');
    expect(gitGate(me(true, 'github'), false, settings({ owner: 'acme', name: 'infra' }))).toEqual({
      state: 'ready',
      repo: { owner: 'acme', name: 'infra' },
      branch: null,
    });
  });
});

describe('currentContext', () => {
  const contexts = [
    { name: 'dev', current: false, cluster: 'c', user: 'u', server: 's', namespace: null },
    { name: 'prod', current: true, cluster: 'c', user: 'u', server: 's', namespace: null },
  ];
  it("is the chosen context, else the kubeconfig's current one, else unknown", () => {
    expect(currentContext('dev', null)).toBe('dev');
    expect(currentContext(null, contexts)).toBe('prod');
    expect(currentContext(null, null)).toBeNull();
    expect(currentContext(null, [])).toBeNull();
  });
});

describe('liveObject and controllerOf', () => {
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: 'web-7d9-x',
      namespace: 'shop',
      labels: { app: 'web', bad: 3 },
      annotations: { note: 'hi', 'kubectl.kubernetes.io/last-applied-configuration': 'x'.repeat(20_000) },
      ownerReferences: [
        { apiVersion: 'v1', kind: 'Thing', name: 'other' },
        { apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9', controller: true },
      ],
    },
    spec: { containers: [] },
  };

  it('keeps the fields match-file reads, within its bounds', () => {
    expect(liveObject(pod)).toEqual({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'web-7d9-x', namespace: 'shop', labels: { app: 'web' }, annotations: { note: 'hi' } },
    });
  });

  it('leaves the namespace out for a cluster-scoped object, and refuses what is not an object', () => {
    expect(liveObject({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } })).toEqual({ apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1' } });
    expect(liveObject('text')).toBeNull();
    expect(liveObject({ kind: 'Pod', metadata: { name: 'x' } })).toBeNull();
  });

  it('finds the controller among the owners, else the first', () => {
    expect(controllerOf(pod)).toEqual({ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'web-7d9' });
    expect(controllerOf({ metadata: { ownerReferences: [{ apiVersion: 'v1', kind: 'Thing', name: 'a' }] } })?.name).toBe('a');
    expect(controllerOf({ metadata: {} })).toBeNull();
  });
});

describe('gitFailure', () => {
  it('says a 409 is a stale read', () => {
    const f = gitFailure(new ApiError(409, 'CONFLICT', 'Changed on main since it was read: "k8s/web.yaml" was changed', { path: 'k8s/web.yaml' }));
    expect(f).toEqual({ message: 'Changed on main since it was read: "k8s/web.yaml" was changed', stale: true, login: false });
  });

  it("gives each invalid field's message (a YAML that does not parse) and flags a lost GitHub session", () => {
    const invalid = new ApiError(400, 'VALIDATION_ERROR', 'Invalid request', {
      fields: [{ field: 'body.content', message: 'k8s/web.yaml is not valid YAML: bad indentation' }],
    });
    expect(gitFailure(invalid).message).toBe('k8s/web.yaml is not valid YAML: bad indentation');
    expect(gitFailure(new ApiError(401, 'UNAUTHENTICATED', 'Log in again')).login).toBe(true);
    expect(gitFailure(new Error('boom')).message).toBe('boom');
  });
});
