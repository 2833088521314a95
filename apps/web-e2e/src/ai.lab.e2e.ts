/**
 * Troubleshooting against the lab cluster, through the fake OpenAI the API's specs use (run in a child
 * process, see tools/fake-openai): the crash-looping Deployment shop/checkout's findings on its page,
 * the preview of what would be sent, the model's answer streamed in chunk by chunk, a follow-up, a rate
 * limit, and the dashboard's "Problems found" leading to an object's page that asks at once. What the
 * fake recorded is the oracle for what reached the model. Run: `npx nx run web-e2e:e2e-lab`.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AxeBuilder } from '@axe-core/playwright';
import type { Browser, Locator, Page } from 'playwright-core';
import { ensureLab } from '../../../tools/lab-cluster/src/helper.ts';
import { type FakeOpenAiServer, type RemoteFakeOpenAi, startFakeOpenAi } from '../../../tools/fake-openai/protocol.mts';
import { type ApiServer, type Session, apiJson, launchBrowser, newSession, poll, startApi, tid } from './harness.ts';

const MODEL = 'gpt-lab-e2e';
const API_KEY = 'sk-lab-e2e-not-a-real-key';
/** The Deployment `lab:seed` leaves crash-looping (tools/lab-cluster/fixtures/seed). */
const DETAIL = '/deployments/shop/checkout';

/** The answer the fake streams, in the chunks it sends them: the headings the prompt asks for, a fenced kubectl. */
const CHUNKS = [
  '## Problem\nContainer `checkout` keeps crashing: it exits with **code 1** right after it starts.\n\n',
  '## Root cause\nThe previous run\'s log ends with a missing configuration key.\n\n',
  '## Impact\n- Checkout is unavailable: 0 of 1 replicas ready.\n- The rollout is stuck past its deadline.\n\n',
  '## Fix\n1. Set the missing key:\n   ```bash\n   kubectl -n shop set env deployment/checkout PAYMENTS_URL=http://payments-api.payments\n   ```\n',
  '2. Watch the rollout:\n   ```bash\n   kubectl -n shop rollout status deployment/checkout\n   ```\n\n',
  '## Prevention\nCheck required configuration at start-up and fail with a clear message.\n',
];
const ANSWER = CHUNKS.join('');
/** Long enough between chunks that the first is on screen well before the last. */
const CHUNK_DELAY_MS = 700;

interface ChatBody {
  model: string;
  stream: boolean;
  messages: { role: string; content: string }[];
}

interface FindingsBody {
  findings: { analyzer: string; title: string; object: { kind: string; namespace: string | null; name: string } }[];
}

let openai: FakeOpenAiServer;
let fake: RemoteFakeOpenAi;
let api: ApiServer;
let browser: Browser;
let s: Session;
/** The messages "What will be sent" showed before the first question. */
let previewed: { role: string; content: string }[] = [];

before(async () => {
  const lab = await ensureLab({ seed: true });
  openai = await startFakeOpenAi({ apiKey: API_KEY, models: [MODEL] });
  fake = openai.fake;
  api = await startApi({
    kubeconfig: lab.kubeconfig,
    // No retries: one question, one request to the model, whatever it answers.
    env: { ORPHELIX_AI_BASE_URL: openai.url, ORPHELIX_AI_MODEL: MODEL, ORPHELIX_AI_API_KEY: API_KEY, ORPHELIX_AI_MAX_RETRIES: '0' },
  });
  browser = await launchBrowser();
  // The rate-limit test's refusal is the browser's console error too.
  s = await newSession(browser, api.base, { allow: [/HTTP 429: POST .*\/api\/ai\/troubleshoot/, /status of 429/] });
});

after(async () => {
  await s?.context.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await api?.stop();
  await openai?.stop();
});

function assertNoPageErrors(): void {
  const errors = s.errors.splice(0);
  assert.deepEqual(errors, [], `unexpected page errors:\n${errors.join('\n')}`);
}

/** Activates a button or link as a keyboard user does: focus it, press Enter. */
async function press(target: Locator): Promise<void> {
  await target.focus();
  await target.press('Enter');
}

async function axeFindings(page: Page, where: string): Promise<string[]> {
  const result = await new AxeBuilder({ page }).analyze();
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${where}: ${v.impact} ${v.id} (${v.help}) ×${v.nodes.length}: ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

/** The chat completions the fake was asked for since its requests were last cleared. */
async function completions(): Promise<ChatBody[]> {
  return (await fake.requests()).filter((r) => r.method === 'POST' && r.path === '/v1/chat/completions').map((r) => r.body as ChatBody);
}

/** The evidence's time stamp is the one thing that differs between two requests made moments apart. */
function withoutTimestamps(messages: { role: string; content: string }[]): { role: string; content: string }[] {
  return messages.map((m) => ({
    role: m.role,
    content: m.content.replace(/gathered at \d{4}-\d\d-\d\dT[\d:.]+Z/g, 'gathered at <T>').replace(/"gatheredAt": "[^"]*"/g, '"gatheredAt": "<T>"'),
  }));
}

const panel = (): Locator => s.page.locator(tid('ai-panel'));

/** The messages "What will be sent" shows now, as the page has them. */
function previewMessages(): Promise<{ role: string; content: string }[]> {
  return panel()
    .locator(tid('ai-preview-message'))
    .evaluateAll((els) => els.map((e) => ({ role: e.getAttribute('data-role') ?? '', content: e.textContent ?? '' })));
}

describe('troubleshooting on the lab cluster, through the fake OpenAI', () => {
  it("shows the crash-looping checkout's findings on its page and previews exactly what would be sent", { timeout: 120_000 }, async () => {
    await s.goto(DETAIL);
    const counts = panel().locator(tid('ai-counts'));
    await counts.getByText('critical').waitFor({ timeout: 30_000 });
    // Closed: only the counts; opened from the keyboard, kept in the URL.
    assert.equal(await panel().locator(tid('ai-finding')).count(), 0);
    await press(panel().locator(tid('ai-toggle')));
    await poll('?ai=open', 10_000, async () => s.url().searchParams.get('ai') === 'open');
    await panel().locator(tid('ai-finding')).first().waitFor();

    const oracle = await apiJson<FindingsBody>(api.base, '/api/ai/findings?namespace=shop&kind=deployments&name=checkout');
    const shown = await panel().locator(tid('ai-finding-title')).allTextContents();
    assert.deepEqual(shown, oracle.findings.map((f) => f.title));
    const crash = panel().locator(`${tid('ai-finding')}[data-analyzer="crash-loop"]`);
    assert.equal(await crash.locator(tid('ai-finding-title')).textContent(), 'Container checkout is crash-looping');
    assert.match((await crash.textContent()) ?? '', /CrashLoopBackOff/);
    const commands = await crash.locator(tid('ai-command')).allTextContents();
    assert.ok(commands.some((c) => /^kubectl -n shop logs checkout-\S+ -c checkout --previous$/.test(c)), commands.join('\n'));
    // The pod it is about links to the pod's page.
    assert.match((await crash.getByRole('link').first().getAttribute('href')) ?? '', /^\/pods\/shop\/checkout-/);

    // "What will be sent", from the keyboard.
    const toggle = panel().locator(tid('ai-preview-toggle'));
    await press(toggle);
    assert.equal(await toggle.getAttribute('aria-expanded'), 'true');
    await panel().locator(tid('ai-preview-message')).first().waitFor({ state: 'attached', timeout: 30_000 });
    previewed = await previewMessages();
    assert.deepEqual(previewed.map((m) => m.role), ['system', 'user']);
    assert.match(previewed[1]?.content ?? '', /^Evidence about Deployment shop\/checkout, gathered at /);
    assert.match((await panel().locator(tid('ai-preview-summary')).textContent()) ?? '', new RegExp(`to\\s+${MODEL}`));
    assert.equal(await completions().then((c) => c.length), 0, 'a preview sends nothing to the model');
    assertNoPageErrors();
  });

  it('asks the model and streams its answer in as it arrives; the model got exactly what the preview showed', { timeout: 120_000 }, async () => {
    await fake.clearRequests();
    await fake.reply({ text: ANSWER, chunks: CHUNKS, chunkDelayMs: CHUNK_DELAY_MS });
    // The preview read again just before asking, so the two are moments apart (its evidence has a new time stamp).
    const earlier = previewed[1]?.content;
    await press(panel().locator(tid('ai-preview-update')));
    previewed = await poll('the preview read again', 30_000, async () => {
      const messages = await previewMessages();
      return messages.length === 2 && messages[1]?.content !== earlier ? messages : null;
    });

    await press(panel().locator(tid('ai-explain')));
    // The keyboard user is taken to the answer, below the findings and the preview.
    await poll('focus on the Explanation heading', 5_000, async () => s.page.evaluate(() => document.activeElement?.id === 'ai-answer-title'));
    const answer = panel().locator(tid('ai-answer')).first();
    // The first chunk is drawn while the rest is still on its way.
    await answer.locator('h4', { hasText: 'Problem' }).waitFor({ timeout: 30_000 });
    const early = await answer.evaluate((e) => ({ state: e.getAttribute('data-state'), text: e.textContent ?? '', busy: e.getAttribute('aria-busy') }));
    assert.equal(early.state, 'streaming');
    assert.equal(early.busy, 'true');
    assert.ok(!early.text.includes('Prevention'), `the last chunk is not there yet: ${early.text}`);
    assert.equal((await panel().locator(tid('ai-announce')).textContent())?.trim(), '', 'nothing is announced while the answer streams');
    assert.ok(await panel().locator(tid('ai-stop')).isVisible(), 'Stop is offered while it streams');

    await panel().locator(`${tid('ai-answer')}[data-state="done"]`).waitFor({ timeout: 30_000 });
    assert.deepEqual(await answer.locator('h4').allTextContents(), ['Problem', 'Root cause', 'Impact', 'Fix', 'Prevention']);
    assert.deepEqual(await answer.locator('pre').allTextContents(), [
      'kubectl -n shop set env deployment/checkout PAYMENTS_URL=http://payments-api.payments',
      'kubectl -n shop rollout status deployment/checkout',
    ]);
    assert.equal(await answer.locator('strong').first().textContent(), 'code 1');
    assert.equal((await panel().locator(tid('ai-announce')).textContent())?.trim(), 'The explanation is complete.');
    assert.match((await panel().locator(tid('ai-answered-by')).textContent()) ?? '', new RegExp(`Answered by ${MODEL}`));

    const sent = await completions();
    assert.equal(sent.length, 1, 'exactly one chat completion');
    assert.equal(sent[0]?.model, MODEL);
    assert.equal(sent[0]?.stream, true);
    assert.deepEqual(withoutTimestamps(sent[0]?.messages ?? []), withoutTimestamps(previewed));
    const request = (await fake.requests()).find((r) => r.path === '/v1/chat/completions');
    assert.equal(request?.headers['authorization'], `Bearer ${API_KEY}`);

    const found = await axeFindings(s.page, 'the troubleshooting panel with an answer and the preview open');
    assert.deepEqual(found, [], found.join('\n'));
    assertNoPageErrors();
  });

  it('continues the conversation from the keyboard: the follow-up carries the earlier answer and the question', { timeout: 120_000 }, async () => {
    await fake.clearRequests();
    await fake.reply({ text: 'Use `kubectl set env`, then watch the rollout.', chunkDelayMs: 50 });
    const box = panel().locator('#ai-question');
    assert.equal(await panel().locator('label[for="ai-question"]').textContent(), 'Ask a follow-up question');
    await box.focus();
    await s.page.keyboard.type('How do I set the key without a restart?');
    await s.page.keyboard.press('Control+Enter');
    await poll('the second answer', 30_000, async () => (await panel().locator(`${tid('ai-answer')}[data-state="done"]`).count()) === 2);
    assert.deepEqual(await panel().locator(tid('ai-turn-question')).locator('p').allTextContents(), ['How do I set the key without a restart?']);
    assert.equal((await panel().locator(tid('ai-announce')).textContent())?.trim(), 'The answer to “How do I set the key without a restart?” is complete.');

    const [followUp] = await completions();
    const messages = followUp?.messages ?? [];
    assert.deepEqual(messages.map((m) => m.role), ['system', 'user', 'assistant', 'user']);
    assert.equal(messages[2]?.content, ANSWER);
    assert.equal(messages[3]?.content, 'How do I set the key without a restart?');
    assertNoPageErrors();
  });

  it('says when the provider rate limits, and when to try again', { timeout: 60_000 }, async () => {
    await fake.clearRequests();
    await fake.reply({ error: 429, message: 'Rate limit reached for requests', retryAfterSeconds: 30 });
    await press(panel().locator(tid('ai-explain')));
    const error = panel().locator(tid('ai-error'));
    await error.waitFor({ timeout: 30_000 });
    assert.equal(await error.getAttribute('data-error-kind'), 'rate-limited');
    assert.match((await error.textContent()) ?? '', /Rate limit reached for requests/);
    assert.equal((await panel().locator(tid('ai-retry-after')).textContent())?.trim(), 'Try again in 30 seconds.');
    assert.equal(await panel().locator(tid('ai-retry')).getAttribute('aria-disabled'), 'true');
    // A new conversation was asked for: the earlier answers are gone, nothing half-drawn is left.
    assert.equal(await panel().locator(tid('ai-answer')).count(), 0);
    assert.equal((await completions()).length, 1);
    assertNoPageErrors();
  });

  it("lists the checkout's problems on the dashboard; Explain opens the pod's page, asking at once", { timeout: 120_000 }, async () => {
    await s.goto('/?namespace=shop');
    const problems = s.page.locator(tid('problems-panel'));
    await problems.locator(tid('problem')).first().waitFor({ timeout: 30_000 });
    const oracle = await apiJson<FindingsBody>(api.base, '/api/ai/findings?namespace=shop');
    assert.equal(await problems.locator(tid('problem')).count(), Math.min(8, oracle.findings.length));
    if (oracle.findings.length > 8) {
      await press(problems.locator(tid('problems-more')));
      await poll('every finding listed', 10_000, async () => (await problems.locator(tid('problem')).count()) === oracle.findings.length);
    }
    const crash = oracle.findings.find((f) => f.analyzer === 'crash-loop' && f.object.name.startsWith('checkout-'));
    assert.ok(crash, 'the lab has the crash loop');
    const item = problems.locator(`${tid('problem')}[data-object="Pod/shop/${crash.object.name}"][data-analyzer="crash-loop"]`);
    assert.equal(await item.locator(tid('problem-link')).getAttribute('href'), `/pods/shop/${crash.object.name}?namespace=shop`);
    const rollout = problems.locator(`${tid('problem')}[data-object="Deployment/shop/checkout"]`);
    if ((await rollout.count()) > 0) assert.equal(await rollout.locator(tid('problem-link')).getAttribute('href'), '/deployments/shop/checkout?namespace=shop');

    const found = await axeFindings(s.page, 'the dashboard with Problems found');
    assert.deepEqual(found, [], found.join('\n'));

    await fake.clearRequests();
    await fake.reply({ text: '## Problem\nThe pod exits with code 1.\n', chunkDelayMs: 20 });
    await press(item.locator(tid('problem-explain')));
    await poll(`the page of pod ${crash.object.name}`, 15_000, async () => s.url().pathname === `/pods/shop/${crash.object.name}`);
    await panel().locator(`${tid('ai-answer')}[data-state="done"]`).waitFor({ timeout: 30_000 });
    // Asked once; the URL keeps the panel open and no longer asks.
    assert.equal(s.url().searchParams.get('ai'), 'open');
    assert.equal(s.url().searchParams.get('namespace'), 'shop');
    const sent = await completions();
    assert.equal(sent.length, 1);
    assert.match(sent[0]?.messages[1]?.content ?? '', new RegExp(`^Evidence about Pod shop/${crash.object.name}, gathered at `));
    assert.ok(await panel().locator(`${tid('ai-finding')}[data-analyzer="crash-loop"]`).isVisible());
    assertNoPageErrors();
  });
});
