import { analyze } from '../analyzers/analyze';
import { checkout, labSnapshot } from '../../testing/lab';
import { BENIGN_CORPUS, REDACTION_CORPUS, splitEnvSample, type CorpusEntry } from '../../testing/redaction-corpus';
import { buildEvidenceBundle } from '../evidence/bundle';
import { redact, redactText, type RedactionOptions } from './redact';
import { REDACTION_RULES } from './rules';

const options: RedactionOptions = { pseudonymKey: 'corpus-key' };
const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

/** The entry planted where it says, in a lab object; what the redactor returns for it. */
function planted(entry: CorpusEntry): { input: unknown; knownSecrets?: string[] } {
  const c = checkout();
  switch (entry.where) {
    case 'env': {
      const containers = c.pod.spec?.containers ?? [];
      containers[0] = { ...containers[0], env: [{ name: 'LOG_LEVEL', value: 'info' }, splitEnvSample(entry.sample)] };
      return { input: c.pod };
    }
    case 'log':
    case 'kubeconfig':
      return {
        input: buildEvidenceBundle({
          object: c.pod as Record<string, unknown>,
          owners: [c.replicaSet as Record<string, unknown>, c.deployment as Record<string, unknown>],
          events: c.events as Record<string, unknown>[],
          logs: [
            {
              pod: 'checkout-5f8d7c9b4-q7vxt',
              container: 'checkout',
              previous: true,
              // A log line among others; a kubeconfig as the whole output of a container that prints it.
              text: entry.where === 'log' ? `starting\n${entry.sample}\nexit status 1\n` : entry.sample,
            },
          ],
          findings: [],
        }),
      };
    case 'annotation': {
      const d = c.deployment;
      d.metadata = { ...d.metadata, annotations: { ...d.metadata?.annotations, 'example.com/sample': entry.sample } };
      return { input: d };
    }
    case 'secret-data':
      return {
        input: {
          apiVersion: 'v1',
          kind: 'Secret',
          metadata: { name: 'orders-db', namespace: 'payments' },
          type: 'Opaque',
          data: { value: b64(entry.sample) },
          stringData: { value: entry.sample },
        },
      };
  }
}

describe('the redaction corpus', () => {
  it('has well-formed entries: the secret is part of the sample, and not trivially short', () => {
    expect(REDACTION_CORPUS.length).toBeGreaterThan(50);
    for (const entry of REDACTION_CORPUS) {
      expect(entry.sample).toContain(entry.secret);
      expect(entry.secret.length).toBeGreaterThanOrEqual(8);
      expect(Object.keys(REDACTION_RULES)).toContain(entry.rule);
    }
  });

  it('proves every rule but known-secret and hidden-name (they take the caller’s lists, and have their own specs)', () => {
    const proven = new Set(REDACTION_CORPUS.map((e) => e.rule));
    const rules = Object.keys(REDACTION_RULES).filter((r) => r !== 'known-secret' && r !== 'hidden-name');
    expect(rules.filter((r) => !proven.has(r))).toEqual([]);
  });

  it.each(REDACTION_CORPUS.map((e, i) => [i, e.rule, e.where, e] as const))('#%i %s (%s): gone where it is planted, by that rule', (_i, _rule, _where, entry) => {
    const { input } = planted(entry);
    const result = redact(input, options);
    const json = JSON.stringify(result.value);
    expect(json).not.toContain(entry.secret);
    expect(json).not.toContain(JSON.stringify(entry.secret).slice(1, -1));
    expect(result.redactions.map((r) => r.rule)).toContain(entry.rule);
    if (entry.where === 'secret-data') expect(json).not.toContain(b64(entry.sample));
    // Idempotent: nothing more to find.
    expect(redact(result.value, options)).toEqual({ value: result.value, redactions: [] });
  });

  it.each(REDACTION_CORPUS.filter((e) => e.where !== 'secret-data').map((e, i) => [i, e.rule, e] as const))(
    '#%i %s: gone when planted anywhere as plain text',
    (_i, _rule, entry) => {
      const result = redactText(`note: ${entry.sample} (end)`, options);
      expect(result.value).not.toContain(entry.secret);
      expect(result.redactions.length).toBeGreaterThan(0);
      expect(redactText(result.value, options)).toEqual({ value: result.value, redactions: [] });
    },
  );

  it.each(REDACTION_CORPUS.filter((e) => e.where === 'secret-data').map((e, i) => [i, e] as const))(
    'Secret value #%i: gone from a log that echoes it, as is or in base64, when passed as a known secret',
    (_i, entry) => {
      const log = `loaded config: ${entry.sample}\nsecret (b64) ${b64(entry.sample)}\n`;
      const result = redactText(log, { ...options, knownSecrets: [entry.sample] });
      expect(result.value).not.toContain(entry.secret);
      expect(result.value).not.toContain(b64(entry.sample));
      expect(result.redactions.map((r) => r.rule)).toContain('known-secret');
    },
  );

  it('leaves nothing whatever line a log tail starts at (a block cut in two, a kubeconfig without its head)', () => {
    const lines = REDACTION_CORPUS.filter((e) => e.where === 'log' || e.where === 'kubeconfig').flatMap((e) => e.sample.split('\n'));
    const entries = REDACTION_CORPUS.filter((e) => e.where !== 'secret-data');
    const leaks = new Set<string>();
    for (let i = 0; i < lines.length; i++) {
      const out = redactText(lines.slice(i).join('\n'), options).value;
      for (const e of entries) if (out.includes(e.secret)) leaks.add(`line ${i}: ${e.rule} ${e.secret.slice(0, 12)}`);
    }
    expect([...leaks]).toEqual([]);
  });

  it('leaves nothing of any sample in one evidence bundle holding them all, redacted once', () => {
    const c = checkout();
    const containers = c.pod.spec?.containers ?? [];
    containers[0] = { ...containers[0], env: REDACTION_CORPUS.filter((e) => e.where === 'env').map((e) => splitEnvSample(e.sample)) };
    const bundle = buildEvidenceBundle({
      object: c.pod as Record<string, unknown>,
      owners: [c.replicaSet as Record<string, unknown>, c.deployment as Record<string, unknown>],
      events: c.events as Record<string, unknown>[],
      logs: [
        {
          pod: 'checkout-5f8d7c9b4-q7vxt',
          container: 'checkout',
          previous: true,
          text: REDACTION_CORPUS.filter((e) => e.where !== 'env').map((e) => e.sample).join('\n'),
        },
      ],
      findings: analyze({ pods: [c.pod], replicaSets: [c.replicaSet], events: c.events }),
    });
    const knownSecrets = REDACTION_CORPUS.filter((e) => e.where === 'secret-data').map((e) => e.sample);
    const json = JSON.stringify(redact(bundle, { ...options, knownSecrets }).value);
    const leaked = REDACTION_CORPUS.filter((e) => json.includes(e.secret)).map((e) => `${e.rule}: ${e.secret}`);
    expect(leaked).toEqual([]);
    // Env names stay, so a reader still sees what is set.
    expect(json).toContain('"name":"DB_PASSWORD"');
  });
});

describe('benign data', () => {
  it.each(BENIGN_CORPUS.map((b) => [b.what, b.sample] as const))('%s comes out unchanged', (_what, sample) => {
    expect(redactText(sample, options)).toEqual({ value: sample, redactions: [] });
    expect(redact({ message: sample, list: [sample] }, options)).toEqual({ value: { message: sample, list: [sample] }, redactions: [] });
  });

  it('the whole lab and its findings come out unchanged: images, uids, resource versions, labels, events, probes, exit codes', () => {
    const snapshot = labSnapshot();
    const findings = analyze(snapshot);
    const before = JSON.stringify({ snapshot, findings });
    const result = redact({ snapshot, findings }, options);
    expect(result.redactions).toEqual([]);
    expect(JSON.stringify(result.value)).toBe(before);
  });
});
