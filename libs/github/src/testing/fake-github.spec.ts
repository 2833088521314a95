import { createHash } from 'node:crypto';
import { FakeGitHub, type RunningFakeGitHub } from './fake-github';
import { GitStore } from './git-store';

const gitSha = (type: string, body: Buffer): string =>
  createHash('sha1').update(Buffer.concat([Buffer.from(`${type} ${body.length}\0`), body])).digest('hex');

describe('GitStore', () => {
  it('hashes blobs and trees exactly as git does', () => {
    const store = new GitStore();
    // `printf 'hello\n' | git hash-object --stdin` and git's well-known empty tree.
    expect(store.putBlob('hello\n')).toBe('ce013625030ba8dba906f756967f9e9ca394464a');
    expect(store.putTree([])).toBe('4b825dc642cb6eb9a060e54bf8d69288fbee4904');
    // A tree with one file `a` (hello\n), as `git mktree` hashes it.
    const tree = store.putTree([{ name: 'a', mode: '100644', sha: 'ce013625030ba8dba906f756967f9e9ca394464a' }]);
    expect(tree).toBe('0976950c1fdbcb52435a433913017bf044b3a58f');
  });

  it('sorts folders as if their names ended in a slash, and prunes emptied folders', () => {
    const store = new GitStore();
    const root = store.applyChanges(null, [
      { path: 'a.txt', mode: '100644', sha: store.putBlob('1') },
      { path: 'a/b.txt', mode: '100644', sha: store.putBlob('2') },
    ]);
    expect(store.walk(root, false).map((entry) => entry.path)).toEqual(['a.txt', 'a']);
    // `git write-tree` of a.txt = "1" and a/b.txt = "2".
    expect(root).toBe('c4e4982525142563f76d75e9500eff66909e36ad');
    const pruned = store.applyChanges(root, [{ path: 'a/b.txt', mode: '100644', sha: null }]);
    expect(store.walk(pruned, true).map((entry) => entry.path)).toEqual(['a.txt']);
  });

  it('hashes commits over git’s commit text', () => {
    const store = new GitStore();
    const person = { name: 'A', email: 'a@example.com', time: 1700000000 };
    const sha = store.putCommit({ tree: '4b825dc642cb6eb9a060e54bf8d69288fbee4904', parents: [], message: 'm', author: person, committer: person });
    const text = 'tree 4b825dc642cb6eb9a060e54bf8d69288fbee4904\nauthor A <a@example.com> 1700000000 +0000\ncommitter A <a@example.com> 1700000000 +0000\n\nm';
    expect(sha).toBe(gitSha('commit', Buffer.from(text)));
  });
});

describe('FakeGitHub over HTTP', () => {
  let fake: FakeGitHub;
  let running: RunningFakeGitHub;
  let token: string;

  beforeEach(async () => {
    fake = new FakeGitHub({ oauthApp: { clientId: 'cid', clientSecret: 'secret', callbackUrl: 'http://app.test/auth/github/callback' } });
    running = await fake.start();
    token = fake.addUser({ login: 'ada', name: 'Ada' }).token;
    fake.addRepo({ owner: 'ada', name: 'shop', defaultBranch: 'trunk', files: { 'README.md': '# shop\n' } });
  });

  afterEach(() => running.close());

  const get = (path: string, auth: string | null = token): Promise<Response> =>
    fetch(`${running.apiUrl}${path}`, { headers: auth === null ? {} : { authorization: `Bearer ${auth}` } });

  it('serves a known user’s avatar at the address its API gives, and 404 for anyone else', async () => {
    const user = (await (await get('/user')).json()) as { avatar_url: string; id: number };
    const avatar = await fetch(user.avatar_url);
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get('content-type')).toBe('image/png');
    expect(Buffer.from(await avatar.arrayBuffer()).subarray(1, 4).toString()).toBe('PNG');
    expect((await fetch(`${running.baseUrl}/avatars/u/${user.id + 999}`)).status).toBe(404);
  });

  it('serves the API from its own origin, with GitHub’s headers', async () => {
    expect(new URL(running.apiUrl).origin).not.toBe(new URL(running.baseUrl).origin);
    const response = await get('/repos/ada/shop');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(response.headers.get('x-ratelimit-limit')).toBe('5000');
    expect(response.headers.get('x-ratelimit-remaining')).toBe('4999');
    expect(await response.json()).toMatchObject({ full_name: 'ada/shop', default_branch: 'trunk', private: false });
  });

  it('answers 401 Requires authentication, and Bad credentials for an unknown token', async () => {
    expect((await get('/user', null)).status).toBe(401);
    const bad = await get('/user', 'gho_unknown');
    expect(bad.status).toBe(401);
    expect(await bad.json()).toMatchObject({ message: 'Bad credentials' });
  });

  it('sends a redirect_uri outside the registered callback back with redirect_uri_mismatch', async () => {
    const url = `${running.baseUrl}/login/oauth/authorize?client_id=cid&redirect_uri=${encodeURIComponent('http://evil.test/cb')}&state=s1`;
    const response = await fetch(url, { redirect: 'manual' });
    expect(response.status).toBe(302);
    const location = new URL(response.headers.get('location') ?? '');
    expect(location.origin).toBe('http://app.test');
    expect(location.searchParams.get('error')).toBe('redirect_uri_mismatch');
    expect(location.searchParams.get('state')).toBe('s1');
  });

  it('answers the token exchange form-encoded unless JSON is asked for, and codes are single-use', async () => {
    const authorize = await fetch(`${running.baseUrl}/login/oauth/authorize?client_id=cid&scope=repo&state=x`, { redirect: 'manual' });
    const code = new URL(authorize.headers.get('location') ?? '').searchParams.get('code') ?? '';
    const form = new URLSearchParams({ client_id: 'cid', client_secret: 'secret', code });
    const first = await fetch(`${running.baseUrl}/login/oauth/access_token`, { method: 'POST', body: form });
    expect(first.headers.get('content-type')).toContain('application/x-www-form-urlencoded');
    expect(new URLSearchParams(await first.text()).get('scope')).toBe('repo');
    const again = await fetch(`${running.baseUrl}/login/oauth/access_token`, {
      method: 'POST',
      headers: { accept: 'application/json', 'content-type': 'application/json' },
      body: JSON.stringify({ client_id: 'cid', client_secret: 'secret', code }),
    });
    expect(again.status).toBe(200);
    expect(await again.json()).toMatchObject({ error: 'bad_verification_code' });
  });

  it('injects faults for the next N matching calls and logs every request', async () => {
    fake.setFault({ method: 'GET', path: '/repos/*/shop', status: 503, times: 2 });
    expect((await get('/repos/ada/shop')).status).toBe(503);
    expect((await get('/repos/ada/shop')).status).toBe(503);
    expect((await get('/repos/ada/shop')).status).toBe(200);
    expect(fake.requests.map((request) => `${request.method} ${request.path} ${request.status}`)).toEqual([
      'GET /repos/ada/shop 503',
      'GET /repos/ada/shop 503',
      'GET /repos/ada/shop 200',
    ]);
  });

  it('serves the API under /api/v3 on the web origin in the enterprise flavor', async () => {
    const enterprise = new FakeGitHub({ flavor: 'enterprise' });
    const started = await enterprise.start();
    try {
      const user = enterprise.addUser({ login: 'grace' });
      expect(started.apiUrl).toBe(`${started.baseUrl}/api/v3`);
      const response = await fetch(`${started.apiUrl}/user`, { headers: { authorization: `token ${user.token}` } });
      expect(await response.json()).toMatchObject({ login: 'grace' });
      expect((await fetch(`${started.baseUrl}/user`)).status).toBe(404);
    } finally {
      await started.close();
    }
  });
});
