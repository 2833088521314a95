/**
 * Syntax checks for Kubernetes label and field selectors, following apimachinery's parsers
 * (`pkg/labels/selector.go`, `pkg/fields/selector.go`) so that what we accept the apiserver accepts,
 * and the demo cluster never sees a selector a real cluster would reject.
 */

export type LabelOperator = 'exists' | '!' | '=' | '==' | '!=' | 'in' | 'notin' | 'gt' | 'lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface FieldRequirement {
  key: string;
  operator: '=' | '==' | '!=';
  value: string;
}

export type ParseResult<T> = { ok: true; requirements: T[] } | { ok: false; error: string };

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const INTEGER = /^-?\d+$/;

/** Why `key` is not a valid label key (`[prefix/]name`), or undefined when it is. */
export function labelKeyError(key: string): string | undefined {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length === 0 || prefix.length > 253 || !DNS1123_SUBDOMAIN.test(prefix))) {
    return `label key "${key}" has an invalid prefix: it must be a lowercase DNS subdomain`;
  }
  if (name.length === 0 || name.length > 63 || !QUALIFIED_NAME_PART.test(name)) {
    return `label key "${key}" is invalid: the name must be 1-63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
  }
  return undefined;
}

/** Why `value` is not a valid label value, or undefined when it is (the empty value is valid). */
export function labelValueError(value: string): string | undefined {
  if (value === '') {
    return undefined;
  }
  return value.length <= 63 && QUALIFIED_NAME_PART.test(value)
    ? undefined
    : `label value "${value}" is invalid: it must be at most 63 characters of letters, digits, "-", "_" or ".", starting and ending with a letter or digit`;
}

type Token =
  | { kind: 'id'; text: string }
  | { kind: 'op'; text: '!' | '=' | '==' | '!=' | '>' | '<' }
  | { kind: '(' | ')' | ',' };

// apimachinery's lexer: these characters end an identifier and form operators.
const SPECIAL = new Set(['!', '=', ',', '(', ')', '<', '>']);

function lex(input: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < input.length) {
    const c = input[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')' || c === ',') {
      tokens.push({ kind: c });
      i++;
    } else if (c === '!' || c === '=') {
      if (input[i + 1] === '=') {
        tokens.push({ kind: 'op', text: c === '!' ? '!=' : '==' });
        i += 2;
      } else {
        tokens.push({ kind: 'op', text: c });
        i++;
      }
    } else if (c === '<' || c === '>') {
      tokens.push({ kind: 'op', text: c });
      i++;
    } else {
      let end = i;
      while (end < input.length && !SPECIAL.has(input[end]) && !/\s/.test(input[end])) {
        end++;
      }
      tokens.push({ kind: 'id', text: input.slice(i, end) });
      i = end;
    }
  }
  return tokens;
}

const show = (token: Token | undefined): string =>
  token === undefined
    ? 'end of selector'
    : token.kind === 'id' || token.kind === 'op'
      ? `"${token.text}"`
      : `"${token.kind}"`;

/**
 * Parses a label selector: `k=v`, `k==v`, `k!=v`, `k in (a,b)`, `k notin (a,b)`, `k`, `!k`, `k>1`, `k<1`,
 * comma-separated. The empty selector matches everything.
 */
export function parseLabelSelector(selector: string): ParseResult<LabelRequirement> {
  const tokens = lex(selector);
  const requirements: LabelRequirement[] = [];
  if (tokens.length === 0) {
    return { ok: true, requirements };
  }
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const next = (): Token | undefined => tokens[pos++];
  const atTermEnd = (): boolean => peek() === undefined || peek()?.kind === ',';

  const readKey = (): string | { error: string } => {
    const token = next();
    if (token?.kind !== 'id' || token.text === 'in' || token.text === 'notin') {
      return { error: `expected a label key, found ${show(token)}` };
    }
    const error = labelKeyError(token.text);
    return error ? { error } : token.text;
  };

  for (;;) {
    let requirement: LabelRequirement;
    const first = peek();
    if (first?.kind === 'op' && first.text === '!') {
      next();
      const key = readKey();
      if (typeof key !== 'string') {
        return { ok: false, error: key.error };
      }
      if (!atTermEnd()) {
        return { ok: false, error: `"!${key}" takes no operator or value, found ${show(peek())}` };
      }
      requirement = { key, operator: '!', values: [] };
    } else {
      const key = readKey();
      if (typeof key !== 'string') {
        return { ok: false, error: key.error };
      }
      const op = peek();
      if (atTermEnd()) {
        requirement = { key, operator: 'exists', values: [] };
      } else if (op?.kind === 'id' && (op.text === 'in' || op.text === 'notin')) {
        next();
        const values = readValueSet();
        if (!Array.isArray(values)) {
          return { ok: false, error: values.error };
        }
        requirement = { key, operator: op.text === 'in' ? 'in' : 'notin', values };
      } else if (op?.kind === 'op' && (op.text === '=' || op.text === '==' || op.text === '!=')) {
        next();
        let value = '';
        if (!atTermEnd()) {
          const token = next();
          if (token?.kind !== 'id') {
            return { ok: false, error: `expected a value after "${op.text}", found ${show(token)}` };
          }
          value = token.text;
        }
        const error = labelValueError(value);
        if (error) {
          return { ok: false, error };
        }
        requirement = { key, operator: op.text, values: [value] };
      } else if (op?.kind === 'op' && (op.text === '>' || op.text === '<')) {
        next();
        const token = next();
        if (token?.kind !== 'id' || !INTEGER.test(token.text)) {
          return { ok: false, error: `"${op.text}" needs an integer value, found ${show(token)}` };
        }
        requirement = { key, operator: op.text === '>' ? 'gt' : 'lt', values: [token.text] };
      } else {
        return { ok: false, error: `expected an operator after "${key}", found ${show(op)}` };
      }
    }
    requirements.push(requirement);
    const separator = next();
    if (separator === undefined) {
      return { ok: true, requirements };
    }
    if (separator.kind !== ',') {
      return { ok: false, error: `expected "," found ${show(separator)}` };
    }
    if (peek() === undefined) {
      return { ok: false, error: 'selector ends with ","' };
    }
  }

  function readValueSet(): string[] | { error: string } {
    if (next()?.kind !== '(') {
      return { error: `expected "(" after "in" or "notin", found ${show(tokens[pos - 1])}` };
    }
    // As apimachinery: `()` and empty items between commas stand for the empty value.
    const values: string[] = [];
    let current = '';
    for (;;) {
      const token = next();
      if (token?.kind === 'id') {
        if (current !== '') {
          return { error: `expected "," or ")" after "${current}", found "${token.text}"` };
        }
        current = token.text;
      } else if (token?.kind === ',' || token?.kind === ')') {
        const error = labelValueError(current);
        if (error) {
          return { error };
        }
        values.push(current);
        current = '';
        if (token.kind === ')') {
          return values;
        }
      } else {
        return { error: `expected a value, "," or ")" in value list, found ${show(token)}` };
      }
    }
  }
}

const FIELD_KEY = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/**
 * Parses a field selector: `key=value`, `key==value`, `key!=value`, comma-separated; `\,`, `\=` and `\\`
 * escape those characters in values. Whether a key is supported for a kind is the apiserver's call.
 */
export function parseFieldSelector(selector: string): ParseResult<FieldRequirement> {
  const requirements: FieldRequirement[] = [];
  for (const term of splitUnescaped(selector)) {
    if (term.trim() === '') {
      continue;
    }
    const match = /^(.*?)(!=|==|=)(.*)$/s.exec(term);
    if (!match) {
      return { ok: false, error: `"${term}" is not key=value, key==value or key!=value` };
    }
    const [, rawKey, operator, rawValue] = match;
    const key = rawKey.trim();
    if (!FIELD_KEY.test(key)) {
      return { ok: false, error: `"${key}" is not a field name such as metadata.name or status.phase` };
    }
    const value = unescapeFieldValue(rawValue);
    if (typeof value !== 'string') {
      return { ok: false, error: `value of "${key}": ${value.error}` };
    }
    requirements.push({ key, operator: operator as FieldRequirement['operator'], value });
  }
  return { ok: true, requirements };
}

function splitUnescaped(selector: string): string[] {
  const terms: string[] = [];
  let start = 0;
  for (let i = 0; i < selector.length; i++) {
    if (selector[i] === '\\') {
      i++;
    } else if (selector[i] === ',') {
      terms.push(selector.slice(start, i));
      start = i + 1;
    }
  }
  terms.push(selector.slice(start));
  return terms;
}

function unescapeFieldValue(raw: string): string | { error: string } {
  let out = '';
  for (let i = 0; i < raw.length; i++) {
    const c = raw[i];
    if (c === '\\') {
      const escaped = raw[i + 1];
      if (escaped !== '\\' && escaped !== ',' && escaped !== '=') {
        return { error: `invalid escape sequence "\\${escaped ?? ''}"` };
      }
      out += escaped;
      i++;
    } else if (c === '=' || c === ',') {
      return { error: `unescaped "${c}" (write "\\${c}")` };
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Does a label set satisfy every requirement? apimachinery's `Requirement.Matches`: `!=` and `notin`
 * match objects without the key; `gt`/`lt` need the label to be an integer.
 */
export function matchesLabelRequirements(requirements: readonly LabelRequirement[], labels: Readonly<Record<string, string>> | null | undefined): boolean {
  const set = labels ?? {};
  for (const { key, operator, values } of requirements) {
    const has = Object.hasOwn(set, key);
    const value = has ? set[key] : undefined;
    switch (operator) {
      case 'exists':
        if (!has) return false;
        break;
      case '!':
        if (has) return false;
        break;
      case '=':
      case '==':
      case 'in':
        if (!has || !values.includes(value as string)) return false;
        break;
      case '!=':
      case 'notin':
        if (has && values.includes(value as string)) return false;
        break;
      case 'gt':
      case 'lt': {
        if (!has || !INTEGER.test(value as string)) return false;
        const n = Number(value);
        const bound = Number(values[0]);
        if (operator === 'gt' ? !(n > bound) : !(n < bound)) return false;
        break;
      }
    }
  }
  return true;
}
