import { parseAllDocuments } from 'yaml';

/** One YAML document of a file, reduced to what matching needs. */
export interface ManifestDoc {
  /** Position among the file's documents that hold something, from 0. */
  index: number;
  apiVersion?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  /** The identity came from a Helm template (read as text), or the name holds `{{ … }}`. */
  templated: boolean;
  /** The parsed document, when it parsed as YAML into a mapping. */
  body?: Record<string, unknown>;
}

const TEMPLATE = /\{\{[\s\S]*?\}\}/;

/**
 * Every document of a YAML file. Plain YAML is parsed; text with Helm template syntax (`{{ … }}`) or that does not
 * parse is read line by line for `apiVersion`, `kind` and `metadata.name`/`namespace`, so a chart template can still
 * match by kind and by the literal parts of its name.
 */
export function readDocuments(text: string): ManifestDoc[] {
  const parsed = parseYaml(text);
  if (TEMPLATE.test(text)) {
    // Identity from the text; the parsed body too when the template syntax happens to be valid YAML (quoted
    // `'{{path.basename}}'` in an ApplicationSet) and the documents line up.
    const docs = readAsText(text);
    if (parsed && parsed.length === docs.length) docs.forEach((doc, i) => (doc.body = parsed[i].body));
    return docs;
  }
  return parsed ?? readAsText(text);
}

function parseYaml(text: string): ManifestDoc[] | null {
  let parsed;
  try {
    parsed = parseAllDocuments(text);
  } catch {
    return null;
  }
  if (!Array.isArray(parsed) || parsed.some((doc) => doc.errors.length > 0)) return null;
  const docs: ManifestDoc[] = [];
  for (const doc of parsed) {
    const value: unknown = doc.toJS({ maxAliasCount: 100 });
    if (value === null || value === undefined) continue;
    const index = docs.length;
    if (!isRecord(value)) {
      docs.push({ index, templated: false });
      continue;
    }
    const metadata = isRecord(value['metadata']) ? value['metadata'] : {};
    docs.push({
      index,
      apiVersion: str(value['apiVersion']),
      kind: str(value['kind']),
      name: str(metadata['name']),
      namespace: str(metadata['namespace']),
      templated: false,
      body: value,
    });
  }
  return docs;
}

/** Documents read as text: split on `---` lines, then the top-level identity fields by indentation. */
function readAsText(text: string): ManifestDoc[] {
  const docs: ManifestDoc[] = [];
  for (const chunk of text.split(/^---[^\n]*$/m)) {
    const lines = chunk.split('\n');
    const meaningful = lines.some((line) => line.trim() !== '' && !line.trim().startsWith('#') && !isControlLine(line));
    if (!meaningful) continue;
    const index = docs.length;
    const doc: ManifestDoc = { index, templated: true };
    doc.apiVersion = topLevel(lines, 'apiVersion');
    doc.kind = topLevel(lines, 'kind');
    const start = lines.findIndex((line) => /^metadata:\s*$/.test(line));
    if (start >= 0) {
      let indent = -1;
      for (const line of lines.slice(start + 1)) {
        if (line.trim() === '' || line.trim().startsWith('#') || isControlLine(line)) continue;
        const current = line.length - line.trimStart().length;
        if (current === 0) break;
        if (indent < 0) indent = current;
        if (current !== indent) continue;
        const field = /^\s*(name|namespace):\s*(.*?)\s*$/.exec(line);
        if (field && field[1] === 'name' && doc.name === undefined) doc.name = unquote(field[2]);
        if (field && field[1] === 'namespace' && doc.namespace === undefined) doc.namespace = unquote(field[2]);
      }
    }
    if (doc.name !== undefined && doc.name !== '' && !TEMPLATE.test(doc.name) && !TEMPLATE.test(chunk)) {
      doc.templated = false;
    }
    docs.push(doc);
  }
  return docs;
}

function topLevel(lines: string[], field: string): string | undefined {
  const pattern = new RegExp(`^${field}:\\s*(.*?)\\s*$`);
  for (const line of lines) {
    const found = pattern.exec(line);
    if (found) return unquote(found[1]);
  }
  return undefined;
}

/** A line that holds only template logic (`{{- if … }}`, `{{ end }}`), which is no YAML of its own. */
function isControlLine(line: string): boolean {
  return /^\s*\{\{-?[\s\S]*?-?\}\}\s*$/.test(line);
}

function unquote(value: string): string {
  const trimmed = value.replace(/\s+#.*$/, '').trim();
  if (trimmed.length >= 2 && (trimmed[0] === '"' || trimmed[0] === "'") && trimmed[trimmed.length - 1] === trimmed[0]) {
    return trimmed.slice(1, -1);
  }
  return trimmed;
}

/** Does a templated name (`{{ include "web.fullname" . }}-worker`) fit a live name, and how much of it is literal? */
export function templatedNameFits(template: string, name: string): { fits: boolean; literal: number } {
  const parts = template.split(/\{\{[\s\S]*?\}\}/);
  const literal = parts.reduce((sum, part) => sum + part.length, 0);
  const pattern = new RegExp(`^${parts.map(escapeRegExp).join('.+')}$`);
  return { fits: pattern.test(name), literal };
}

export function hasTemplate(value: string | undefined): boolean {
  return value !== undefined && TEMPLATE.test(value);
}

function escapeRegExp(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function str(value: unknown): string | undefined {
  return typeof value === 'string' ? value : typeof value === 'number' ? String(value) : undefined;
}

/** A nested field of a parsed document, or undefined. */
export function field(value: unknown, ...keys: (string | number)[]): unknown {
  let current = value;
  for (const key of keys) {
    if (typeof key === 'number') {
      if (!Array.isArray(current)) return undefined;
      current = current[key];
    } else {
      if (!isRecord(current)) return undefined;
      current = current[key];
    }
  }
  return current;
}

/** The API group of an apiVersion: `apps/v1` → `apps`, `v1` → `` (the core group). */
export function apiGroup(apiVersion: string | undefined): string | undefined {
  if (apiVersion === undefined || hasTemplate(apiVersion)) return undefined;
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

// ---- paths ----

export function dirname(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function basename(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** `a/b` + `../c/./d.yaml` → `a/c/d.yaml`; leading `./` and `/` dropped; null when it climbs out of the repo. */
export function joinPath(dir: string, relative: string): string | null {
  const parts = relative.startsWith('/') ? [] : dir.split('/').filter((part) => part !== '');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length === 0) return null;
      parts.pop();
    } else parts.push(part);
  }
  return parts.join('/');
}

/** A repo-relative folder as Argo CD and Flux write it (`./apps/web/`, `apps/web`, `.`) → `apps/web` or ``. */
export function normaliseDir(path: string): string | null {
  return joinPath('', path.trim());
}

/** Is `path` inside folder `dir` (`` is the repo root)? */
export function isUnder(path: string, dir: string): boolean {
  return dir === '' || path === dir || path.startsWith(`${dir}/`);
}
