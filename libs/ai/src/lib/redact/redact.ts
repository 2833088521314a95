import { createHmac } from 'node:crypto';
import {
  BASE64_BLOB,
  classifyKey,
  decodeBase64Text,
  envNameLooksSecret,
  isMarker,
  looksLikeKubeconfig,
  marker,
  PROTECTED,
  TEXT_RULES,
  type RedactionRule,
  type TextRule,
} from './rules';

export interface RedactionOptions {
  /** Names (namespaces, object names, hosts, any literal) the admin hides: replaced by stable pseudonyms. */
  hideNames?: readonly string[];
  /** Key for the pseudonyms (HMAC-SHA256), so the same name gets the same pseudonym on every request and every replica. */
  pseudonymKey: string;
  /** Literal values known to be secret (e.g. values read from Secrets); removed wherever they appear. */
  knownSecrets?: readonly string[];
}

export interface Redaction {
  rule: string;
  count: number;
}

export interface Redacted<T> {
  value: T;
  /** Per rule, only rules that removed something, sorted by rule. */
  redactions: Redaction[];
}

/** Known secrets shorter than this are ignored: replacing every "1" or "true" would leave nothing to read. */
export const MIN_KNOWN_SECRET_LENGTH = 4;

/** `name-` and the first 6 hex digits of HMAC-SHA256(key, name): the same on every request and every replica. */
export function pseudonym(name: string, pseudonymKey: string): string {
  return `name-${createHmac('sha256', pseudonymKey).update(name, 'utf8').digest('hex').slice(0, 6)}`;
}

/**
 * A deep copy of `value` with secrets replaced by `[REDACTED:<rule>]` and hidden names by their pseudonyms:
 * objects, arrays and strings (keys too, except for hidden names: those are replaced in values only).
 * Never mutates the input; redacting the result again changes nothing.
 */
export function redact<T>(value: T, options: RedactionOptions): Redacted<T> {
  const r = new Redactor(options);
  // The copy has the input's shape (keys may differ only where a key itself held a secret).
  const out = r.value(value, false, new WeakSet()) as T;
  return { value: out, redactions: r.redactions() };
}

export function redactText(text: string, options: RedactionOptions): Redacted<string> {
  const r = new Redactor(options);
  return { value: r.text(text), redactions: r.redactions() };
}

type Counts = Map<string, number>;

class Redactor {
  private counts: Counts = new Map();
  private readonly known: RegExp | null;
  private readonly hidden: RegExp | null;
  private readonly pseudonyms = new Map<string, string>();

  constructor(private readonly options: RedactionOptions) {
    this.known = literalPattern(knownSecretForms(options.knownSecrets ?? []), false);
    const names = [...new Set((options.hideNames ?? []).filter((n) => n.trim() !== '' && !/^name-[0-9a-f]{6}$/.test(n)))];
    this.hidden = literalPattern(names, true);
  }

  redactions(): Redaction[] {
    return [...this.counts]
      .filter(([, count]) => count > 0)
      .map(([rule, count]) => ({ rule, count }))
      .sort((a, b) => (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0));
  }

  private count(rule: RedactionRule, n = 1): void {
    this.counts.set(rule, (this.counts.get(rule) ?? 0) + n);
  }

  private total(): number {
    let n = 0;
    for (const c of this.counts.values()) n += c;
    return n;
  }

  value(v: unknown, underSecret: boolean, seen: WeakSet<object>): unknown {
    if (typeof v === 'string') return underSecret ? this.secretValue(v, 'secret-key') : this.text(v);
    if (typeof v === 'number' || typeof v === 'bigint') return underSecret ? this.secretValue(String(v), 'secret-key') : v;
    if (v === null || typeof v !== 'object' || v instanceof Date) return v;
    if (seen.has(v)) return '[Circular]';
    seen.add(v);
    try {
      if (Array.isArray(v)) return v.map((item) => this.value(item, underSecret, seen));
      return this.record(v as Record<string, unknown>, underSecret, seen);
    } finally {
      seen.delete(v);
    }
  }

  private record(o: Record<string, unknown>, underSecret: boolean, seen: WeakSet<object>): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    const secretObject = o['kind'] === 'Secret';
    const name = o['name'];
    const secretEnv = typeof name === 'string' && 'value' in o && envNameLooksSecret(name, o['value']);
    for (const [key, v] of Object.entries(o)) {
      const outKey = this.text(key, false);
      if (secretObject && (key === 'data' || key === 'stringData') && v !== null && typeof v === 'object' && !Array.isArray(v)) {
        const data: Record<string, unknown> = {};
        for (const [k, dv] of Object.entries(v as Record<string, unknown>)) {
          data[this.text(k, false)] = typeof dv === 'string' || typeof dv === 'number' ? this.secretValue(String(dv), 'secret-data') : this.value(dv, true, seen);
        }
        out[outKey] = data;
        continue;
      }
      if (secretEnv && key === 'value' && (typeof v === 'string' || typeof v === 'number')) {
        out[outKey] = this.secretValue(String(v), 'secret-env');
        continue;
      }
      const kind = classifyKey(key);
      if (kind === 'kubeconfig' && (typeof v === 'string' || typeof v === 'number')) {
        out[outKey] = this.secretValue(String(v), 'kubeconfig-field');
      } else if (kind === 'secret' || kind === 'kubeconfig') {
        // Booleans stay (automountServiceAccountToken: true); objects are read with their keys (a Secret
        // volume's secretName and items are references, a credentials block's password is not).
        out[outKey] = this.value(v, true, seen);
      } else if (kind === 'reference') {
        out[outKey] = this.value(v, false, seen);
      } else {
        out[outKey] = this.value(v, underSecret, seen);
      }
    }
    return out;
  }

  private secretValue(v: string, rule: RedactionRule): string {
    if (v === '' || isMarker(v)) return v;
    this.count(rule);
    return marker(rule);
  }

  /** Every text rule over a string; hidden names too unless it is a key. */
  text(s: string, hideNames = true, depth = 0): string {
    if (s === '') return s;
    const embedded = depth === 0 ? this.embeddedJson(s) : null;
    let out = embedded ?? s;
    if (embedded === null) {
      if (this.known) out = this.apply(out, { rule: 'known-secret', pattern: this.known, replace: () => marker('known-secret') });
      for (const rule of TEXT_RULES) out = this.apply(out, rule);
      if (depth < 2) out = this.apply(out, { rule: 'base64-blob', pattern: BASE64_BLOB, replace: (m) => this.secretBlob(m[0], depth) });
    }
    if (hideNames && this.hidden) {
      const hidden = this.hidden;
      out = this.apply(out, { rule: 'hidden-name', pattern: hidden, replace: (m) => this.pseudonym(m[0]) });
    }
    return out;
  }

  private pseudonym(name: string): string {
    let p = this.pseudonyms.get(name);
    if (!p) {
      p = pseudonym(name, this.options.pseudonymKey);
      this.pseudonyms.set(name, p);
    }
    return p;
  }

  /**
   * A string that is a whole JSON document (an annotation holding last-applied-configuration, a JSON log
   * line) is redacted as a structure, so a Secret inside it loses its data; re-serialised only when
   * something in it was redacted.
   */
  private embeddedJson(s: string): string | null {
    const t = s.trim();
    if (!((t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']')))) return null;
    let parsed: unknown;
    try {
      parsed = JSON.parse(t);
    } catch {
      return null;
    }
    const saved = this.counts;
    this.counts = new Map();
    const out = this.value(parsed, false, new WeakSet());
    const changed = this.total() > 0;
    for (const [rule, n] of this.counts) saved.set(rule, (saved.get(rule) ?? 0) + n);
    this.counts = saved;
    // Hidden names alone also change it; compare rather than count.
    if (!changed && JSON.stringify(out) === JSON.stringify(parsed)) return s;
    return JSON.stringify(out);
  }

  /** Base64 that decodes to a PEM block, a kubeconfig, or text in which a rule finds a secret. */
  private secretBlob(blob: string, depth: number): string | null {
    const decoded = decodeBase64Text(blob);
    if (decoded === null) return null;
    if (decoded.includes('-----BEGIN ') || looksLikeKubeconfig(decoded)) return marker('base64-blob');
    const saved = this.counts;
    this.counts = new Map();
    this.text(decoded, false, depth + 1);
    const found = this.total() > 0;
    this.counts = saved;
    return found ? marker('base64-blob') : null;
  }

  /** One rule over the parts of `s` outside markers and pseudonyms, counting each replacement. */
  private apply(s: string, rule: TextRule): string {
    let out = '';
    let last = 0;
    for (const p of s.matchAll(PROTECTED)) {
      const at = p.index ?? 0;
      out += this.applyGap(s.slice(last, at), rule) + p[0];
      last = at + p[0].length;
    }
    return last === 0 ? this.applyGap(s, rule) : out + this.applyGap(s.slice(last), rule);
  }

  private applyGap(gap: string, rule: TextRule): string {
    if (gap === '') return gap;
    let out = '';
    let last = 0;
    for (const m of gap.matchAll(rule.pattern)) {
      const replacement = rule.replace(m, gap);
      if (replacement === null || replacement === m[0]) continue;
      const at = m.index ?? 0;
      out += gap.slice(last, at) + replacement;
      last = at + m[0].length;
      this.count(rule.rule);
    }
    return last === 0 ? gap : out + gap.slice(last);
  }
}

/** Each known secret as given, trimmed, base64-encoded (with and without padding, URL-safe), URL-encoded and JSON-escaped. */
function knownSecretForms(secrets: readonly string[]): string[] {
  const forms = new Set<string>();
  for (const secret of secrets) {
    for (const s of new Set([secret, secret.trim()])) {
      if (s.length < MIN_KNOWN_SECRET_LENGTH) continue;
      const b64 = Buffer.from(s, 'utf8').toString('base64');
      const variants = [s, b64, b64.replace(/=+$/, ''), Buffer.from(s, 'utf8').toString('base64url'), encodeURIComponent(s), JSON.stringify(s).slice(1, -1)];
      for (const f of variants) {
        if (f.length >= MIN_KNOWN_SECRET_LENGTH) forms.add(f);
      }
    }
  }
  return [...forms];
}

/** One pattern for many literals, longest first; `tokens`: only where not touching a letter or digit. */
function literalPattern(literals: readonly string[], tokens: boolean): RegExp | null {
  if (!literals.length) return null;
  const alternatives = [...literals].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map(escapeRegExp).join('|');
  return new RegExp(tokens ? `(?<![A-Za-z0-9])(?:${alternatives})(?![A-Za-z0-9])` : `(?:${alternatives})`, 'g');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
