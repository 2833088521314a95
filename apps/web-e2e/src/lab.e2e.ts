/**
 * The console against the lab cluster (a real kube-apiserver, seeded): the lab's data on every page,
 * an identity that may read only namespace shop, and an apiserver outage and its recovery. Starts and
 * seeds the lab when needed (tools/lab-cluster). Run: `npx nx run web-e2e:e2e-lab`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { ensureLab, labFault } from '../../../tools/lab-cluster/src/helper.ts';
import {
  type ApiServer,
  type Session,
  type SessionOptions,
  apiJson,
  launchBrowser,
  listOutcome,
  poll,
  rowCount,
  startApi,
  tid,
  visibleRows,
  withSession,
} from './harness.ts';
import { LIST_KINDS } from './pages.ts';

interface ListBody {
  items: { name: string; namespace: string | null }[];
  total: number;
}

let api: ApiServer;
let browser: Browser;

before(async () => {
  const lab = await ensureLab({ seed: true });
  api = await startApi({ kubeconfig: lab.kubeconfig });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close().catch(() => undefined);
  await api?.stop();
});

const run = (body: (s: Session) => Promise<void>, options: SessionOptions = {}): Promise<void> => withSession(browser, api.base, body, options);

const linkState = (page: Page): Promise<string | null> => page.locator(tid('link-state')).getAttribute('data-state');

async function countMatchesApi(page: Page, query: string): Promise<number> {
  const n = await poll(`the row count to match GET /api/${query}`, 30_000, async () => {
    const [{ total }, body] = await Promise.all([rowCount(page), apiJson<ListBody>(api.base, `/api/${query}`)]);
    return total === body.total ? total + 1 : null;
  });
  return n - 1;
}

describe('console on the lab cluster', () => {
  it("shows the lab's data on every list page, reached from the sidebar", { timeout: 300_000 }, () =>
    run(async (s) => {
      await s.goto('/');
      await s.page.locator('h1').waitFor();
      assert.equal(await s.page.locator(tid('demo-badge')).count(), 0, 'the lab is not the demo');
      for (const kind of LIST_KINDS) {
        // The sidebar's own entry, not the pinned group's copy of it.
        await s.page.locator('nav.sidebar .nav-group:not(.pinned)').getByRole('link', { name: kind.title, exact: true }).click();
        await poll(`the URL /${kind.path}`, 10_000, async () => s.url().pathname === `/${kind.path}`);
        const outcome = await listOutcome(s.page, 60_000);
        const expected = await apiJson<ListBody>(api.base, `/api/${kind.path}`);
        if (expected.total === 0) {
          assert.equal(outcome, 'empty', `${kind.path}: the API lists nothing, the page shows ${outcome}`);
          continue;
        }
        assert.equal(outcome, 'rows', `${kind.path}: the API lists ${expected.total}, the page shows ${outcome}`);
        await countMatchesApi(s.page, kind.path);
      }
      // The seed's objects, by name.
      await s.goto('/deployments?namespace=shop&q=storefront');
      assert.equal(await listOutcome(s.page), 'rows');
      assert.deepEqual((await visibleRows(s.page)).map((r) => r.name), ['storefront']);
      await s.goto('/nodes?q=lab-node-');
      assert.equal(await listOutcome(s.page), 'rows');
      assert.ok((await visibleRows(s.page)).some((r) => r.name === 'lab-node-3' && r.cells.includes('NotReady')), 'lab-node-3 is NotReady');
      await s.goto('/pods?namespace=shop&status=CrashLoopBackOff');
      assert.equal(await listOutcome(s.page), 'rows');
      assert.ok((await visibleRows(s.page)).every((r) => r.name.startsWith('checkout-')));
    }),
  );

  it('as lab-viewer, explains what is refused and still shows namespace shop', { timeout: 120_000 }, () =>
    run(
      async (s) => {
        await s.goto('/pods?namespace=shop');
        assert.equal(await listOutcome(s.page), 'rows');
        await poll('the lab contexts in the selector', 15_000, async () => (await s.page.locator(`${tid('context-select')} option`).allTextContents()).map((t) => t.trim()).includes('lab-viewer'));
        await s.page.locator(tid('context-select')).selectOption('lab-viewer');
        await poll('?context=lab-viewer', 10_000, async () => s.url().searchParams.get('context') === 'lab-viewer');

        await s.page.locator('nav.sidebar .nav-group:not(.pinned)').getByRole('link', { name: 'Nodes', exact: true }).click();
        await poll('/nodes as lab-viewer', 10_000, async () => s.url().pathname === '/nodes' && s.url().searchParams.get('context') === 'lab-viewer');
        assert.equal(await listOutcome(s.page), 'error');
        const error = s.page.locator(tid('list-error'));
        assert.equal(await error.getAttribute('data-error-kind'), 'forbidden');
        const text = (await error.textContent()) ?? '';
        assert.match(text, /denied|may not|forbidden/i);
        assert.match(text, /nodes/, `the message names what was refused: ${text}`);

        await s.goto('/pods?context=lab-viewer&namespace=shop');
        assert.equal(await listOutcome(s.page), 'rows');
        await countMatchesApi(s.page, 'pods?context=lab-viewer&namespace=shop');

        await s.goto('/pods?context=lab-viewer&namespace=payments');
        assert.equal(await listOutcome(s.page), 'error');
        assert.equal(await s.page.locator(tid('list-error')).getAttribute('data-error-kind'), 'forbidden');
        assert.match((await s.page.locator(tid('list-error')).textContent()) ?? '', /payments/);
      },
      // The refusals themselves are answered 403, and the browser logs each.
      { allow: [/HTTP 403: /, /status of 403/] },
    ),
  );

  it('shows an apiserver outage as unreachable, leaves live, and recovers once the apiserver is back', { timeout: 420_000 }, async (t) =>
    run(
      async (s) => {
        await s.goto('/pods?namespace=shop');
        assert.equal(await listOutcome(s.page, 60_000), 'rows');
        await poll('the link to be live', 30_000, async () => (await linkState(s.page)) === 'live');
        try {
          await labFault('stop', 'kube-apiserver');
          await s.page.reload({ waitUntil: 'domcontentloaded' });
          await poll('the unreachable state', 90_000, async () => {
            if ((await listOutcome(s.page, 60_000)) !== 'error') return false;
            return (await s.page.locator(tid('list-error')).getAttribute('data-error-kind')) === 'unreachable';
          });
          const state = await poll('the link to leave live', 90_000, async () => {
            const st = await linkState(s.page);
            return st !== 'live' ? st : null;
          });
          t.diagnostic(`during the outage the link is ${state}`);
        } finally {
          await labFault('start', 'kube-apiserver');
        }
        // Recovery: by itself, or through Retry once the link is live again.
        const started = Date.now();
        let retried = false;
        await poll('the list to come back', 180_000, async () => {
          if ((await s.page.locator(tid('resource-row')).count()) > 0) return true;
          if (!retried && Date.now() - started > 30_000 && (await linkState(s.page)) === 'live' && (await s.page.locator(tid('list-error')).isVisible())) {
            retried = true;
            await s.page.locator(tid('list-error')).getByRole('button', { name: 'Retry' }).click();
          }
          return false;
        }, 1_000);
        t.diagnostic(`recovered ${retried ? 'after Retry' : 'by itself'} ${((Date.now() - started) / 1000).toFixed(0)} s after the apiserver was started`);
        await poll('the link to be live again', 120_000, async () => (await linkState(s.page)) === 'live');
        await countMatchesApi(s.page, 'pods?namespace=shop');
      },
      { allow: [/HTTP 503: /, /status of 503/, /ERR_CONNECTION/, /EventSource/] },
    ),
  );
});
