import type { EditBasketItemDto } from '../../api/generated/types.gen';
import { ApiError } from '../../core/api';
import {
  allPages,
  ancestors,
  filterRepos,
  groupBasket,
  parseRepo,
  prFailure,
  putInBasket,
  resolveSelection,
  sortBranches,
  sortEntries,
  withoutSent,
} from './github-logic';
import { visibleRows } from './repo-tree';

const item = (path: string, extra: Partial<EditBasketItemDto> = {}): EditBasketItemDto => ({
  owner: 'acme',
  repo: 'infra',
  branch: 'main',
  path,
  content: 'new',
  originalContent: 'old',
  sha: 'a'.repeat(40),
  ...extra,
});

describe('github logic', () => {
  it('reads owner/name and nothing else', () => {
    expect(parseRepo('acme/infra')).toEqual({ owner: 'acme', name: 'infra' });
    expect(parseRepo('acme')).toBeNull();
    expect(parseRepo('acme/infra/x')).toBeNull();
    expect(parseRepo(undefined)).toBeNull();
  });

  it('lets the URL win over the settings, which fill in the branch of their own repository', () => {
    const settings = { repo: { owner: 'acme', name: 'infra' }, branch: 'feature' };
    expect(resolveSelection({}, settings)).toEqual({ repo: settings.repo, branch: 'feature', path: null });
    expect(resolveSelection({ repo: 'zeta/app' }, settings)).toEqual({ repo: { owner: 'zeta', name: 'app' }, branch: null, path: null });
    expect(resolveSelection({ repo: 'acme/infra', path: 'a.yaml' }, settings)).toEqual({ repo: settings.repo, branch: 'feature', path: 'a.yaml' });
    expect(resolveSelection({ repo: 'acme/infra', branch: 'main' }, settings).branch).toBe('main');
    expect(resolveSelection({}, null)).toEqual({ repo: null, branch: null, path: null });
  });

  it('keeps the chosen repository through a filter', () => {
    const repos = ['acme/infra', 'zeta/app'].map((fullName) => ({ owner: fullName.split('/')[0] ?? '', name: fullName.split('/')[1] ?? '', fullName, defaultBranch: 'main', private: false, updatedAt: '' }));
    expect(filterRepos(repos, 'INF', null).map((r) => r.fullName)).toEqual(['acme/infra']);
    expect(filterRepos(repos, 'inf', { owner: 'zeta', name: 'app' }).map((r) => r.fullName)).toEqual(['acme/infra', 'zeta/app']);
    expect(filterRepos(repos, 'acme infra', null).map((r) => r.fullName)).toEqual(['acme/infra']);
  });

  it('puts the default branch first and folders before files', () => {
    const b = (name: string) => ({ name, protected: false, sha: '' });
    expect(sortBranches([b('a'), b('main'), b('z')], 'main').map((x) => x.name)).toEqual(['main', 'a', 'z']);
    const e = (path: string, type: 'file' | 'dir') => ({ path, type, size: 0, sha: '' });
    expect(sortEntries([e('b.yaml', 'file'), e('z', 'dir'), e('a.yaml', 'file')]).map((x) => x.path)).toEqual(['z', 'a.yaml', 'b.yaml']);
    expect(ancestors('a/b/c.yaml')).toEqual(['a', 'a/b']);
  });

  it('keeps one basket entry per repository and path, in place', () => {
    const basket = [item('a.yaml'), item('b.yaml')];
    expect(putInBasket(basket, item('a.yaml', { content: 'newer' })).map((i) => [i.path, i.content])).toEqual([
      ['a.yaml', 'newer'],
      ['b.yaml', 'new'],
    ]);
    expect(putInBasket(basket, item('a.yaml', { repo: 'other' }))).toHaveLength(3);
  });

  it('groups the basket by repository and base branch, and drops only what was sent', () => {
    const basket = [item('a.yaml'), item('b.yaml', { branch: 'dev' }), item('c.yaml')];
    expect(groupBasket(basket).map((g) => [g.key, g.items.map((i) => i.path)])).toEqual([
      ['acme/infra@main', ['a.yaml', 'c.yaml']],
      ['acme/infra@dev', ['b.yaml']],
    ]);
    const sent = [item('a.yaml'), item('c.yaml')];
    const editedMeanwhile = [item('a.yaml', { content: 'edited again' }), item('b.yaml', { branch: 'dev' }), item('c.yaml')];
    expect(withoutSent(editedMeanwhile, sent).map((i) => i.path)).toEqual(['a.yaml', 'b.yaml']);
  });

  it('names the stale file of a 409 only', () => {
    expect(prFailure(new ApiError(409, 'CONFLICT', 'changed', { path: 'a.yaml' })).stalePath).toBe('a.yaml');
    expect(prFailure(new ApiError(422, 'UNPROCESSABLE', 'no', { path: 'a.yaml' })).stalePath).toBeNull();
    expect(prFailure(new ApiError(401, 'UNAUTHENTICATED', 'again')).login).toBe(true);
  });

  it('reads every page of a list', async () => {
    const pages: number[] = [];
    const items = await allPages(async (page) => {
      pages.push(page);
      return { items: [page * 10], nextPage: page < 3 ? page + 1 : null };
    });
    expect(items).toEqual([10, 20, 30]);
    expect(pages).toEqual([1, 2, 3]);
  });

  it('shows the entries of open, read folders under them', () => {
    const e = (path: string, type: 'file' | 'dir') => ({ path, type, size: 0, sha: '' });
    const folders = new Map([
      ['', { state: 'loaded' as const, entries: [e('k8s', 'dir'), e('x.yaml', 'file')], truncated: false }],
      ['k8s', { state: 'loaded' as const, entries: [e('k8s/a.yaml', 'file')], truncated: false }],
    ]);
    expect(visibleRows(folders, new Set()).map((r) => r.entry.path)).toEqual(['k8s', 'x.yaml']);
    expect(visibleRows(folders, new Set(['k8s'])).map((r) => [r.entry.path, r.level, r.posinset, r.setsize, r.parent])).toEqual([
      ['k8s', 1, 1, 2, ''],
      ['k8s/a.yaml', 2, 1, 1, 'k8s'],
      ['x.yaml', 1, 2, 2, ''],
    ]);
  });
});
