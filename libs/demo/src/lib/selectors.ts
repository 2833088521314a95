import { ClusterError, type KindName } from '@orphelix/k8s';

/**
 * Label and field selectors with the apiserver's grammar and semantics, so that the simulated cluster
 * accepts and rejects exactly what a real one would (`k8s.io/apimachinery/pkg/labels` and `pkg/fields`).
 */

export type LabelOperator = 'In' | 'NotIn' | 'Exists' | 'DoesNotExist' | 'Gt' | 'Lt';

export interface LabelRequirement {
  key: string;
  operator: LabelOperator;
  values: string[];
}

export interface FieldRequirement {
  field: string;
  operator: '=' | '!=';
  value: string;
}

const invalid = (field: 'labelSelector' | 'fieldSelector', message: string): ClusterError =>
  new ClusterError('VALIDATION_ERROR', `invalid ${field}: ${message}`, { fields: [{ field, message }] });

const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

function checkKey(key: string): void {
  const slash = key.indexOf('/');
  const prefix = slash >= 0 ? key.slice(0, slash) : undefined;
  const name = slash >= 0 ? key.slice(slash + 1) : key;
  if (prefix !== undefined && (prefix.length > 253 || !DNS_SUBDOMAIN.test(prefix))) {
    throw invalid('labelSelector', `invalid label key "${key}": prefix must be a DNS-1123 subdomain`);
  }
  if (name.length > 63 || !QUALIFIED_NAME.test(name)) {
    throw invalid(
      'labelSelector',
      `invalid label key "${key}": name part must consist of alphanumeric characters, '-', '_' or '.', ` +
        'and must start and end with an alphanumeric character (at most 63 characters)',
    );
  }
}

function checkValue(value: string): void {
  if (value.length > 63 || !LABEL_VALUE.test(value)) {
    throw invalid(
      'labelSelector',
      `invalid label value "${value}": must be 63 characters or less and consist of alphanumeric characters, ` +
        "'-', '_' or '.', starting and ending with an alphanumeric character",
    );
  }
}

type TokenKind = 'id' | 'in' | 'notin' | '!' | '!=' | '=' | '==' | '(' | ')' | ',' | '>' | '<' | 'eos';

interface Token {
  kind: TokenKind;
  text: string;
}

const SYMBOLS = ['!=', '==', '=', '!', '(', ')', ',', '>', '<'] as const;
const SPECIAL_CHARS = '=!(),><';

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (SPECIAL_CHARS.includes(c)) {
      const symbol = SYMBOLS.find((s) => text.startsWith(s, i)) ?? '=';
      tokens.push({ kind: symbol, text: symbol });
      i += symbol.length;
    } else {
      let j = i;
      while (j < text.length && !/\s/.test(text[j]) && !SPECIAL_CHARS.includes(text[j])) j++;
      const word = text.slice(i, j);
      tokens.push({ kind: word === 'in' ? 'in' : word === 'notin' ? 'notin' : 'id', text: word });
      i = j;
    }
  }
  tokens.push({ kind: 'eos', text: '' });
  return tokens;
}

/**
 * Parses a label selector: `a=b`, `a==b`, `a!=b`, `a in (b,c)`, `a notin (b)`, `a`, `!a`, `a>1`, `a<1`,
 * comma-separated (all must hold). An empty selector matches everything.
 *
 * @throws ClusterError `VALIDATION_ERROR` naming `labelSelector` when the text is not a valid selector.
 */
export function parseLabelSelector(text: string): LabelRequirement[] {
  const tokens = tokenize(text);
  let pos = 0;
  const peek = (): Token => tokens[pos];
  const take = (): Token => tokens[pos++];
  const found = (t: Token): string => (t.kind === 'eos' ? "''" : `'${t.text}'`);

  const requirements: LabelRequirement[] = [];
  if (peek().kind === 'eos') return requirements;

  for (;;) {
    let negated = false;
    if (peek().kind === '!') {
      take();
      negated = true;
    }
    const keyToken = take();
    if (keyToken.kind !== 'id') throw invalid('labelSelector', `found ${found(keyToken)}, expected: identifier`);
    const key = keyToken.text;
    checkKey(key);

    if (negated) {
      requirements.push({ key, operator: 'DoesNotExist', values: [] });
    } else if (peek().kind === ',' || peek().kind === 'eos') {
      requirements.push({ key, operator: 'Exists', values: [] });
    } else {
      const op = take();
      switch (op.kind) {
        case '=':
        case '==':
        case '!=': {
          // `a=` is a valid requirement on the empty value.
          const value = peek().kind === 'id' ? take().text : '';
          checkValue(value);
          requirements.push({ key, operator: op.kind === '!=' ? 'NotIn' : 'In', values: [value] });
          break;
        }
        case 'in':
        case 'notin': {
          const open = take();
          if (open.kind !== '(') throw invalid('labelSelector', `found ${found(open)}, expected: '('`);
          const values: string[] = [];
          if (peek().kind === ')') {
            throw invalid('labelSelector', `for 'in', 'notin' operators, values set can't be empty`);
          }
          for (;;) {
            const value = peek().kind === 'id' ? take().text : '';
            checkValue(value);
            values.push(value);
            const sep = take();
            if (sep.kind === ')') break;
            if (sep.kind !== ',') throw invalid('labelSelector', `found ${found(sep)}, expected: ',' or ')'`);
          }
          requirements.push({ key, operator: op.kind === 'in' ? 'In' : 'NotIn', values });
          break;
        }
        case '>':
        case '<': {
          const value = take();
          if (value.kind !== 'id' || !/^-?\d+$/.test(value.text)) {
            throw invalid('labelSelector', `for 'Gt', 'Lt' operators, the value must be an integer`);
          }
          requirements.push({ key, operator: op.kind === '>' ? 'Gt' : 'Lt', values: [value.text] });
          break;
        }
        default:
          throw invalid('labelSelector', `found ${found(op)}, expected: in, notin, =, ==, !=, gt, lt`);
      }
    }

    const next = take();
    if (next.kind === 'eos') return requirements;
    if (next.kind !== ',') throw invalid('labelSelector', `found ${found(next)}, expected: ','`);
    if (peek().kind === 'eos') throw invalid('labelSelector', `found '', expected: identifier after ','`);
  }
}

/** Whether labels satisfy every requirement. `!=` and `notin` also match objects without the key. */
export function matchesLabels(requirements: readonly LabelRequirement[], labels: Record<string, string> = {}): boolean {
  return requirements.every(({ key, operator, values }) => {
    const has = Object.prototype.hasOwnProperty.call(labels, key);
    const value = has ? labels[key] : undefined;
    switch (operator) {
      case 'In':
        return has && values.includes(value ?? '');
      case 'NotIn':
        return !has || !values.includes(value ?? '');
      case 'Exists':
        return has;
      case 'DoesNotExist':
        return !has;
      case 'Gt':
      case 'Lt': {
        if (!has || !/^-?\d+$/.test(value ?? '')) return false;
        const n = Number(value);
        return operator === 'Gt' ? n > Number(values[0]) : n < Number(values[0]);
      }
    }
  });
}

/** Splits on separators that are not escaped with a backslash. */
function splitUnescaped(text: string, separator: string): string[] {
  const parts: string[] = [];
  let current = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\' && i + 1 < text.length) {
      current += text[i] + text[i + 1];
      i++;
    } else if (text[i] === separator) {
      parts.push(current);
      current = '';
    } else {
      current += text[i];
    }
  }
  parts.push(current);
  return parts;
}

function unescapeFieldValue(value: string): string {
  let out = '';
  for (let i = 0; i < value.length; i++) {
    const c = value[i];
    if (c === '\\') {
      const next = value[i + 1];
      if (next === undefined || !'\\,='.includes(next)) {
        throw invalid('fieldSelector', `invalid field selector value "${value}": invalid escape sequence`);
      }
      out += next;
      i++;
    } else if (c === ',' || c === '=') {
      throw invalid('fieldSelector', `invalid field selector value "${value}": unescaped '${c}'`);
    } else {
      out += c;
    }
  }
  return out;
}

/**
 * Parses a field selector: comma-separated `field=value`, `field==value` or `field!=value`; `\,`, `\=` and
 * `\\` escape values. Which fields a kind supports is checked when matching, see {@link fieldMatcher}.
 *
 * @throws ClusterError `VALIDATION_ERROR` naming `fieldSelector`.
 */
export function parseFieldSelector(text: string): FieldRequirement[] {
  if (text.trim() === '') return [];
  return splitUnescaped(text, ',').map((term) => {
    for (const op of ['!=', '==', '='] as const) {
      const at = indexOfUnescaped(term, op);
      if (at >= 0) {
        const field = term.slice(0, at).trim();
        return { field, operator: op === '!=' ? '!=' : '=', value: unescapeFieldValue(term.slice(at + op.length)) };
      }
    }
    throw invalid('fieldSelector', `invalid selector: '${text}'; can't understand '${term}'`);
  });
}

function indexOfUnescaped(text: string, needle: string): number {
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '\\') {
      i++;
    } else if (text.startsWith(needle, i)) {
      return i;
    }
  }
  return -1;
}

// The walk into objects is structural; the field tables below say which paths exist.
type Json = Record<string, unknown>;

const str = (v: unknown): string => (v === undefined || v === null ? '' : String(v));
const path =
  (...keys: string[]) =>
  (o: Json): string => {
    let cur: unknown = o;
    for (const k of keys) cur = cur && typeof cur === 'object' ? (cur as Json)[k] : undefined;
    return str(cur);
  };

const COMMON: Record<string, (o: Json) => string> = {
  'metadata.name': path('metadata', 'name'),
  'metadata.namespace': path('metadata', 'namespace'),
};

/** The field labels each kind's apiserver storage supports, beyond `metadata.name`/`metadata.namespace`. */
const KIND_FIELDS: Partial<Record<KindName, Record<string, (o: Json) => string>>> = {
  pods: {
    'spec.nodeName': path('spec', 'nodeName'),
    'spec.restartPolicy': path('spec', 'restartPolicy'),
    'spec.schedulerName': path('spec', 'schedulerName'),
    'spec.serviceAccountName': path('spec', 'serviceAccountName'),
    'spec.hostNetwork': (o) => String(path('spec', 'hostNetwork')(o) === 'true'),
    'status.phase': path('status', 'phase'),
    'status.podIP': path('status', 'podIP'),
    'status.nominatedNodeName': path('status', 'nominatedNodeName'),
  },
  events: {
    'involvedObject.kind': path('involvedObject', 'kind'),
    'involvedObject.namespace': path('involvedObject', 'namespace'),
    'involvedObject.name': path('involvedObject', 'name'),
    'involvedObject.uid': path('involvedObject', 'uid'),
    'involvedObject.apiVersion': path('involvedObject', 'apiVersion'),
    'involvedObject.resourceVersion': path('involvedObject', 'resourceVersion'),
    'involvedObject.fieldPath': path('involvedObject', 'fieldPath'),
    reason: path('reason'),
    reportingComponent: path('reportingComponent'),
    source: path('source', 'component'),
    type: path('type'),
  },
  secrets: { type: path('type') },
  nodes: { 'spec.unschedulable': (o) => String(path('spec', 'unschedulable')(o) === 'true') },
  namespaces: { 'status.phase': path('status', 'phase') },
  jobs: { 'status.successful': (o) => str(path('status', 'succeeded')(o) || '0') },
  replicasets: { 'status.replicas': (o) => str(path('status', 'replicas')(o) || '0') },
};

/**
 * A matcher for a parsed field selector on one kind.
 *
 * @throws ClusterError `VALIDATION_ERROR` (`field label not supported`) for a field the kind does not index.
 */
export function fieldMatcher(kind: KindName, requirements: readonly FieldRequirement[]): (object: object) => boolean {
  const getters = requirements.map((r) => {
    const get = COMMON[r.field] ?? KIND_FIELDS[kind]?.[r.field];
    if (!get) throw invalid('fieldSelector', `field label not supported: ${r.field}`);
    return { get, r };
  });
  return (object) => getters.every(({ get, r }) => (get(object as Json) === r.value) === (r.operator === '='));
}
