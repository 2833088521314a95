/**
 * The GitHub flow against the lab cluster, through the fake GitHub the API's specs use (run in a child
 * process, see tools/fake-github): log in from the top bar, choose a repository on /github and browse
 * it, find a lab Deployment's manifest from its detail page, change its replicas from the keyboard,
 * open the pull request, and follow its badge on the Deployment's page until it is merged. What the
 * fake recorded is the oracle for what reached GitHub. Run: `npx nx run web-e2e:e2e-lab`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { ensureLab } from '../../../tools/lab-cluster/src/helper.ts';
import {
  type ApiServer,
  type FakeGitHubServer,
  type RemoteFakeGitHub,
  type Session,
  apiJson,
  freePort,
  launchBrowser,
  newSession,
  poll,
  startApi,
  startFakeGitHub,
  tid,
} from './harness.ts';

const CLIENT_ID = 'orphelix-lab-e2e';
const CLIENT_SECRET = 'lab-e2e-client-secret';
/** The fake user who logs in; the first user added, so the one who consents on the fake's authorize page. */
const LOGIN = 'octo-lab';
const OWNER = 'acme';
const REPO = 'platform-manifests';
const FULL_NAME = `${OWNER}/${REPO}`;
/** Not `main`: the console must follow the repository's default branch. */
const BASE = 'trunk';
/** A Deployment `lab:seed` creates (tools/lab-cluster/fixtures/seed/03-workloads.yaml). */
const TARGET = { namespace: 'shop', name: 'storefront' };
const DETAIL = `/deployments/${TARGET.namespace}/${TARGET.name}`;
const MANIFEST = 'apps/shop/storefront/deployment.yaml';

/** The Deployment's manifest as a team would keep it in Git, with the lab's replica count. */
function manifest(replicas: number): string {
  return `apiVersion: apps/v1
kind: Deployment
metadata:
  name: ${TARGET.name}
  namespace: ${TARGET.namespace}
  labels:
    app: storefront
    tier: frontend
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: storefront
  template:
    metadata:
      labels:
        app: storefront
        tier: frontend
    spec:
      imagePullSecrets:
        - name: registry-credentials
      containers:
        - name: storefront
          image: registry.lab.invalid/shop/storefront:1.8.2
          ports:
            - containerPort: 8080
`;
}

/** The other files: other workloads, another kind named like the target, and files that are no manifests. */
const OTHER_FILES: Record<string, string> = {
  'README.md': '# Platform manifests\n\nWhat runs in the shop and payments namespaces.\n',
  'docs/rollouts.md': '# Rollouts\n\nChange replicas through a pull request.\n',
  'apps/shop/storefront/service.yaml':
    'apiVersion: v1\nkind: Service\nmetadata:\n  name: storefront\n  namespace: shop\nspec:\n  selector:\n    app: storefront\n  ports:\n    - port: 80\n      targetPort: 8080\n',
  'apps/shop/cart/deployment.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: cart\n  namespace: shop\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: cart\n  template:\n    metadata:\n      labels:\n        app: cart\n    spec:\n      containers:\n        - name: cart\n          image: registry.lab.invalid/shop/cart:2.3.0\n',
  'apps/payments/payments-api.yaml':
    'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: payments-api\n  namespace: payments\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: payments-api\n  template:\n    metadata:\n      labels:\n        app: payments-api\n    spec:\n      containers:\n        - name: api\n          image: registry.lab.invalid/payments/api:3.0.1\n',
};

interface DeploymentBody {
  replicas: { desired: number };
}

interface MeBody {
  authenticated: boolean;
  user: { login: string; kind: string } | null;
}

let lab: Awaited<ReturnType<typeof ensureLab>>;
let github: FakeGitHubServer;
let fake: RemoteFakeGitHub;
let api: ApiServer;
let browser: Browser;
let s: Session;
/** spec.replicas of the live Deployment, and so of its manifest on trunk. */
let replicas: number;

before(async () => {
  lab = await ensureLab({ seed: true });
  // The OAuth app's callback names the API's address, so the port is chosen before either starts.
  const port = await freePort();
  const publicUrl = `http://127.0.0.1:${port}`;
  github = await startFakeGitHub({
    flavor: 'enterprise',
    oauthApp: { clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, callbackUrl: `${publicUrl}/api/auth/github/callback` },
  });
  fake = github.fake;
  await fake.addUser({ login: LOGIN, name: 'Octo Lab' });
  await fake.addUser({ login: OWNER, name: 'ACME' });
  api = await startApi({
    kubeconfig: lab.kubeconfig,
    port,
    env: { GITHUB_URL: github.baseUrl, GITHUB_CLIENT_ID: CLIENT_ID, GITHUB_CLIENT_SECRET: CLIENT_SECRET, PUBLIC_URL: publicUrl },
  });
  replicas = (await apiJson<DeploymentBody>(api.base, `/api/deployments/${TARGET.name}?namespace=${TARGET.namespace}`)).replicas.desired;
  await fake.addRepo({
    owner: OWNER,
    name: REPO,
    private: true,
    defaultBranch: BASE,
    branches: ['release-2024.10'],
    collaborators: [LOGIN],
    files: { [MANIFEST]: manifest(replicas), ...OTHER_FILES },
  });
  // Two more: one of the user's own, and a private one the user may not see (never listed).
  await fake.addRepo({ owner: LOGIN, name: 'dotfiles', files: { '.bashrc': 'export EDITOR=vi\n' } });
  await fake.addRepo({ owner: OWNER, name: 'secret-infra', private: true, defaultBranch: BASE, files: { 'main.tf': 'terraform {}\n' } });
  browser = await launchBrowser();
  s = await newSession(browser, api.base);
});

after(async () => {
  await s?.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await api?.stop();
  await github?.stop();
});

/** Fails with the page errors recorded since the last check, and starts the next test without them. */
function assertNoPageErrors(): void {
  const errors = s.errors.splice(0);
  assert.deepEqual(errors, [], `unexpected page errors:\n${errors.join('\n')}`);
}

/** Activates a button or link as a keyboard user does: focus it, press Enter. */
async function press(target: Locator): Promise<void> {
  await target.focus();
  await target.press('Enter');
}

/** Serious and critical axe violations on the page as it is now, one line each. */
async function axeFindings(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const entry = (path: string): Locator => s.page.locator(`${tid('tree-entry')}[data-path="${path}"]`);

/** The data-path of every tree entry shown now. */
const shownPaths = (): Promise<string[]> => s.page.locator(tid('tree-entry')).evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''));

/** Calls to the fake's REST API with `method` on `path` since its requests were last cleared. */
async function calls(method: string, path: string): Promise<number> {
  return (await fake.requests()).filter((r) => r.origin === 'api' && r.method === method && r.path === path).length;
}

/** The pull request opened by the third test. */
let opened: { number: number; url: string } | null = null;

describe('the GitHub flow on the lab cluster, through the fake GitHub', () => {
  it('logs in with GitHub from the top bar and comes back to the page as the fake user', { timeout: 120_000 }, async () => {
    await s.goto(DETAIL);
    const login = s.page.locator(`header.topbar ${tid('login-github')}`);
    await login.waitFor({ timeout: 30_000 });
    await fake.clearRequests();
    await press(login);
    await poll(`back on ${DETAIL} as ${LOGIN}`, 30_000, async () => {
      if (s.url().pathname !== DETAIL) return false;
      return ((await s.page.locator(tid('user-login')).textContent({ timeout: 1_000 })) ?? '').trim() === LOGIN;
    });
    // Through the fake's OAuth: one consent, one code exchanged for a token (the avatar, also on its
    // web origin, is the top bar's image).
    const web = (await fake.requests()).filter((r) => r.origin === 'web' && r.path.startsWith('/login/oauth/'));
    assert.deepEqual(
      web.map((r) => `${r.method} ${r.path} ${r.status}`),
      ['GET /login/oauth/authorize 302', 'POST /login/oauth/access_token 200'],
    );
    // The user menu, from the keyboard, says who is signed in.
    await press(s.page.locator(tid('user-menu-button')));
    const menu = s.page.locator(tid('user-menu'));
    await menu.waitFor();
    assert.equal(await menu.getAttribute('aria-label'), `Signed in as ${LOGIN}`);
    await s.page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });
    const me = (await (await s.page.request.get(`${api.base}/api/auth/me`)).json()) as MeBody;
    assert.equal(me.authenticated, true);
    assert.deepEqual({ login: me.user?.login, kind: me.user?.kind }, { login: LOGIN, kind: 'github' });

    // No repository chosen yet: the panel sends the user to /github.
    await press(s.page.locator(tid('edit-in-git')));
    const panel = s.page.locator(tid('git-edit'));
    await panel.waitFor();
    const choose = panel.locator(tid('git-choose-repo'));
    await choose.waitFor({ timeout: 30_000 });
    await press(choose);
    await poll('the /github page', 15_000, async () => s.url().pathname === '/github');
    assertNoPageErrors();
  });

  it('on /github, lists the repositories the user may see, starts on the default branch and browses the tree lazily', { timeout: 180_000 }, async () => {
    if (s.url().pathname !== '/github') await s.goto('/github');
    const repoSelect = s.page.locator(tid('repo-select'));
    const options = await poll('the repositories in repo-select', 30_000, async () => {
      const values = await repoSelect.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      return values.includes(FULL_NAME) ? values : null;
    });
    assert.ok(options.includes(`${LOGIN}/dotfiles`), `the user's own repository is listed: ${options.join(', ')}`);
    assert.ok(!options.includes(`${OWNER}/secret-infra`), `a private repository the user has no access to is not: ${options.join(', ')}`);
    await repoSelect.selectOption(FULL_NAME);

    const branchSelect = s.page.locator(tid('branch-select'));
    await poll(`branch-select on ${BASE}, listed first`, 30_000, async () => {
      const names = await branchSelect.locator('option').evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
      return names[0] === BASE && names.includes('release-2024.10') && (await branchSelect.inputValue()) === BASE;
    });

    await s.page.locator(tid('repo-tree')).waitFor({ timeout: 30_000 });
    await poll('the top level of the tree', 30_000, async () => {
      const paths = await shownPaths();
      return ['apps', 'docs', 'README.md'].every((p) => paths.includes(p));
    });
    assert.equal(await entry('apps').getAttribute('data-type'), 'dir');
    assert.equal(await entry('README.md').getAttribute('data-type'), 'file');
    assert.deepEqual((await shownPaths()).filter((p) => p.includes('/')), [], 'folders start collapsed');

    // Open the folders down to the manifest from the keyboard; each shows its entries only once opened.
    for (const [dir, child] of [
      ['apps', 'apps/shop'],
      ['apps/shop', 'apps/shop/storefront'],
      ['apps/shop/storefront', MANIFEST],
    ] as const) {
      assert.equal(await entry(child).count(), 0, `${child} is not shown before ${dir} is opened`);
      await press(entry(dir));
      await entry(child).waitFor({ timeout: 30_000 });
    }
    assert.equal(await entry(MANIFEST).getAttribute('data-type'), 'file');
    assert.ok((await shownPaths()).includes('apps/shop/storefront/service.yaml'));
    assert.equal(await entry('apps/payments').getAttribute('data-type'), 'dir');
    assert.equal(await entry('apps/payments/payments-api.yaml').count(), 0, 'a folder not opened stays closed');

    // A second activation closes the folder again.
    await press(entry('apps/shop'));
    await poll('apps/shop to close', 10_000, async () => (await entry('apps/shop/storefront').count()) === 0);
    await press(entry('apps/shop'));
    await entry(MANIFEST).waitFor({ timeout: 30_000 });

    // Opening a file shows it in an editor.
    await press(entry(MANIFEST));
    const content = s.page.locator(`${tid('code-editor')} .cm-content`).first();
    await poll(`${MANIFEST} in the editor`, 30_000, async () => ((await content.textContent()) ?? '').includes(`replicas: ${replicas}`));

    const found = await axeFindings(s.page, '/github');
    assert.deepEqual(found, [], found.join('\n'));
    assertNoPageErrors();
  });

  it("finds the Deployment's manifest from its page, changes its replicas from the keyboard and opens a pull request", { timeout: 240_000 }, async () => {
    const trunkBefore = await fake.branchSha(OWNER, REPO, BASE);
    assert.ok(trunkBefore);
    const branchesBefore = await fake.branches(OWNER, REPO);
    await fake.clearRequests();

    await s.goto(DETAIL);
    await press(s.page.locator(tid('edit-in-git')));
    const panel = s.page.locator(tid('git-edit'));
    await panel.waitFor();
    const candidates = panel.locator(tid('git-candidate'));
    await candidates.first().waitFor({ timeout: 60_000 });
    const paths = await candidates.evaluateAll((els) => els.map((e) => e.getAttribute('data-path') ?? ''));
    assert.equal(paths[0], MANIFEST, `the manifest is the best candidate: ${paths.join(', ')}`);
    assert.ok(!paths.includes('apps/shop/cart/deployment.yaml'), `another Deployment's file is no candidate: ${paths.join(', ')}`);

    await press(candidates.first());
    const editor = panel.locator(`${tid('code-editor')} .cm-content`);
    await poll(`${MANIFEST} in the panel's editor`, 30_000, async () => ((await editor.textContent()) ?? '').includes(`replicas: ${replicas}`));

    // In the editor, from the keyboard: to the end of the replicas line, delete the number, type the next.
    const line = editor.locator('.cm-line', { hasText: new RegExp(`^\\s*replicas: ${replicas}\\s*$`) });
    assert.equal(await line.count(), 1);
    await line.click();
    await s.page.keyboard.press('End');
    for (let i = 0; i < String(replicas).length; i++) await s.page.keyboard.press('Backspace');
    await s.page.keyboard.type(String(replicas + 1));
    await poll(`replicas: ${replicas + 1} in the editor`, 10_000, async () => ((await editor.textContent()) ?? '').includes(`replicas: ${replicas + 1}`));

    const diff = panel.locator(tid('git-diff'));
    await poll('the diff of the change', 30_000, async () => {
      const text = (await diff.textContent({ timeout: 1_000 })) ?? '';
      return text.includes(`replicas: ${replicas + 1}`) && text.includes(`replicas: ${replicas}`);
    });

    const found = await axeFindings(s.page, 'Edit YAML in Git');
    assert.deepEqual(found, [], found.join('\n'));

    const title = `Scale storefront to ${replicas + 1}`;
    await panel.locator(tid('git-pr-title')).fill(title);
    await press(panel.locator(tid('git-open-pr')));
    const result = panel.locator(tid('git-pr-result'));
    await result.waitFor({ timeout: 90_000 });
    const number = Number(/#(\d+)/.exec((await result.textContent()) ?? '')?.[1]);
    assert.ok(number > 0, `git-pr-result names the pull request: ${await result.textContent()}`);
    const url = `${github.baseUrl}/${FULL_NAME}/pull/${number}`;
    assert.equal(await result.locator('a').first().getAttribute('href'), url);
    opened = { number, url };

    // What reached GitHub: one new branch holding one commit on trunk that changes that file alone.
    const branchesAfter = await fake.branches(OWNER, REPO);
    const added = branchesAfter.filter((b) => !branchesBefore.includes(b));
    assert.equal(added.length, 1, `one new branch: ${branchesAfter.join(', ')}`);
    assert.equal(branchesAfter.length, branchesBefore.length + 1, 'no branch went away');
    const branch = added[0] ?? '';
    const head = await fake.branchSha(OWNER, REPO, branch);
    assert.ok(head);
    const commit = await fake.commit(OWNER, REPO, head);
    assert.deepEqual(commit?.parents, [trunkBefore], 'the commit is on trunk as it was');
    assert.deepEqual(await fake.changedPaths(OWNER, REPO, head), [MANIFEST]);
    assert.equal(await fake.readFile(OWNER, REPO, head, MANIFEST), manifest(replicas + 1), 'the file changes by its replicas alone');
    assert.equal(await fake.branchSha(OWNER, REPO, BASE), trunkBefore, 'trunk did not move');
    assert.equal(await calls('POST', `/repos/${FULL_NAME}/git/commits`), 1);
    assert.equal(await calls('POST', `/repos/${FULL_NAME}/git/refs`), 1);
    assert.equal(await calls('POST', `/repos/${FULL_NAME}/pulls`), 1);
    const pulls = await fake.pulls(OWNER, REPO);
    assert.equal(pulls.length, 1);
    assert.deepEqual(
      { number: pulls[0]?.number, head: pulls[0]?.head, headSha: pulls[0]?.headSha, base: pulls[0]?.base, state: pulls[0]?.state, title: pulls[0]?.title, user: pulls[0]?.user },
      { number, head: branch, headSha: head, base: BASE, state: 'open', title, user: LOGIN },
    );
    assertNoPageErrors();
  });

  it("shows the pull request's badge on the Deployment's page, open after a reload, merged once it is merged", { timeout: 180_000 }, async () => {
    assert.ok(opened, 'needs the pull request the previous test opened');
    const { number, url } = opened;
    const badge = s.page.locator(tid('pr-badge')).filter({ hasText: `#${number}` });
    const badgeState = async (): Promise<string | null> => ((await badge.count()) === 1 ? badge.getAttribute('data-state', { timeout: 1_000 }) : null);

    await poll(`the badge of #${number}, open`, 30_000, async () => (await badgeState()) === 'open');
    await s.page.reload({ waitUntil: 'domcontentloaded' });
    assert.equal(s.url().pathname, DETAIL);
    await poll(`the badge of #${number}, open after a reload`, 30_000, async () => (await badgeState()) === 'open');
    assert.match((await badge.textContent()) ?? '', /open/i);
    assert.equal(await badge.getAttribute('href'), url);

    await fake.closePull(OWNER, REPO, number, true);
    await poll(
      `the badge of #${number}, merged after a reload`,
      60_000,
      async () => {
        await s.page.reload({ waitUntil: 'domcontentloaded' });
        return poll('the badge', 15_000, async () => {
          const state = await badgeState();
          return state && state !== 'open' ? state : null;
        }).then((state) => state === 'merged');
      },
      1_000,
    );
    assert.match((await badge.textContent()) ?? '', /merged/i);
    assertNoPageErrors();
  });
});
