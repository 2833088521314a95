/**
 * Kubernetes label selectors evaluated in the browser, for changes arriving on the live stream while a
 * list is filtered by one (the list itself is filtered by the API). Supports `a=b`, `a==b`, `a!=b`,
 * `a in (x,y)`, `a notin (x,y)`, `a` and `!a`. Returns null for text that is not a selector.
 */
export type LabelMatcher = (labels: Record<string, string> | undefined) => boolean;

export function parseLabelSelector(text: string): LabelMatcher | null {
  const source = text.trim();
  if (source === '') return () => true;
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of source) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      parts.push(current);
      current = '';
    } else current += ch;
  }
  parts.push(current);
  const key = '([A-Za-z0-9][-A-Za-z0-9_./]*)';
  const value = '([-A-Za-z0-9_.]*)';
  const tests: LabelMatcher[] = [];
  for (const raw of parts) {
    const part = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = part.match(new RegExp(`^${key}\\s*(==|=|!=)\\s*${value}$`)))) {
      const [, k, op, v] = m as unknown as [string, string, string, string];
      tests.push(op === '!=' ? (l) => l?.[k] !== v : (l) => l?.[k] === v);
    } else if ((m = part.match(new RegExp(`^${key}\\s+(in|notin)\\s*\\(([^)]*)\\)$`)))) {
      const [, k, op, list] = m as unknown as [string, string, string, string];
      const values = new Set(list.split(',').map((s) => s.trim()));
      tests.push(op === 'in' ? (l) => l?.[k] !== undefined && values.has(l[k] as string) : (l) => l?.[k] === undefined || !values.has(l[k] as string));
    } else if ((m = part.match(new RegExp(`^!\\s*${key}$`)))) {
      const k = m[1] as string;
      tests.push((l) => l?.[k] === undefined);
    } else if ((m = part.match(new RegExp(`^${key}$`)))) {
      const k = m[1] as string;
      tests.push((l) => l?.[k] !== undefined);
    } else {
      return null;
    }
  }
  return (labels) => tests.every((t) => t(labels));
}
