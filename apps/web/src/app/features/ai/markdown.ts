/**
 * The small Markdown subset a model's answer uses — headings, paragraphs, lists (nested, with code in
 * their items), block quotes, rules, tables, fenced code, inline code, bold, italics and links — parsed
 * into plain data that the console's templates draw. Nothing here produces HTML: raw HTML in the text
 * stays text, images become their alt text (nothing is fetched), and only http(s) links keep their
 * target. The text may be cut anywhere (it streams in): an unclosed fence is a code block still open, an
 * unclosed `**` is literal until its closer arrives.
 */

export type Inline =
  | { type: 'text'; text: string }
  | { type: 'code'; text: string }
  | { type: 'strong' | 'em'; children: Inline[] }
  | { type: 'link'; href: string; children: Inline[] };

export type Align = 'left' | 'center' | 'right' | null;

export type Block =
  | { type: 'heading'; level: number; inlines: Inline[] }
  | { type: 'paragraph'; inlines: Inline[] }
  | { type: 'list'; ordered: boolean; start: number; items: Block[][] }
  | { type: 'code'; lang: string; text: string; open: boolean }
  | { type: 'quote'; blocks: Block[] }
  | { type: 'rule' }
  | { type: 'table'; align: Align[]; head: Inline[][]; rows: Inline[][][] };

/** Deeper nesting (lists in quotes in lists…) is read as plain text: hostile input cannot exhaust the stack. */
const MAX_DEPTH = 8;

const FENCE = /^( {0,3})(`{3,}|~{3,})[ \t]*([^\s`]*)[^`]*$/;
const HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const RULE = /^ {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*$/;
const ITEM = /^( *)([-*+]|(\d{1,9})[.)])(?:([ \t]+)(.*))?$/;
const QUOTE = /^ {0,3}> ?(.*)$/;
const TABLE_DELIMITER = /^ {0,3}\|?[ \t]*:?-+:?[ \t]*(\|[ \t]*:?-+:?[ \t]*)*\|?[ \t]*$/;

export function parseMarkdown(source: string): Block[] {
  const lines = source.replace(/\r\n?/g, '\n').replace(/\t/g, '    ').split('\n');
  return parseBlocks(lines, 0);
}

const indentOf = (line: string): number => line.length - line.trimStart().length;
const blank = (line: string): boolean => line.trim() === '';

function parseBlocks(lines: string[], depth: number): Block[] {
  const blocks: Block[] = [];
  let i = 0;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    if (blank(line)) {
      i++;
      continue;
    }
    const fence = FENCE.exec(line);
    if (fence) {
      const indent = fence[1]?.length ?? 0;
      const marker = fence[2] ?? '```';
      const body: string[] = [];
      let j = i + 1;
      let closed = false;
      for (; j < lines.length; j++) {
        const l = lines[j] ?? '';
        const close = /^ {0,3}(`{3,}|~{3,})[ \t]*$/.exec(l);
        if (close?.[1] && close[1][0] === marker[0] && close[1].length >= marker.length) {
          closed = true;
          break;
        }
        body.push(l.slice(Math.min(indent, indentOf(l))));
      }
      blocks.push({ type: 'code', lang: fence[3] ?? '', text: body.join('\n'), open: !closed });
      i = closed ? j + 1 : j;
      continue;
    }
    const heading = HEADING.exec(line);
    if (heading) {
      blocks.push({ type: 'heading', level: heading[1]?.length ?? 1, inlines: parseInline(heading[2] ?? '') });
      i++;
      continue;
    }
    if (RULE.test(line)) {
      blocks.push({ type: 'rule' });
      i++;
      continue;
    }
    if (depth < MAX_DEPTH && QUOTE.test(line)) {
      const inner: string[] = [];
      while (i < lines.length) {
        const l = lines[i] ?? '';
        const q = QUOTE.exec(l);
        if (q) inner.push(q[1] ?? '');
        else if (!blank(l) && inner.length > 0 && !blank(inner[inner.length - 1] ?? '') && !startsBlock(l)) inner.push(l);
        else break;
        i++;
      }
      blocks.push({ type: 'quote', blocks: parseBlocks(inner, depth + 1) });
      continue;
    }
    if (depth < MAX_DEPTH && ITEM.test(line)) {
      i = parseList(lines, i, depth, blocks);
      continue;
    }
    if (line.includes('|') && TABLE_DELIMITER.test(lines[i + 1] ?? '') && lines[i + 1]?.includes('-')) {
      const head = cells(line);
      const align = cells(lines[i + 1] ?? '').map(alignOf);
      if (head.length === align.length) {
        const rows: Inline[][][] = [];
        i += 2;
        while (i < lines.length && !blank(lines[i] ?? '') && (lines[i] ?? '').includes('|')) {
          const row = cells(lines[i] ?? '');
          rows.push(head.map((_, c) => parseInline(row[c] ?? '')));
          i++;
        }
        blocks.push({ type: 'table', align, head: head.map((h) => parseInline(h)), rows });
        continue;
      }
    }
    // A paragraph: until a blank line or the start of another block.
    const text: string[] = [line.trim()];
    i++;
    while (i < lines.length && !blank(lines[i] ?? '') && !startsBlock(lines[i] ?? '')) {
      text.push((lines[i] ?? '').trim());
      i++;
    }
    blocks.push({ type: 'paragraph', inlines: parseInline(text.join('\n')) });
  }
  return blocks;
}

/** Whether a line ends the paragraph before it (an ordered item must start at 1 to interrupt one). */
function startsBlock(line: string): boolean {
  if (FENCE.test(line) || HEADING.test(line) || RULE.test(line) || QUOTE.test(line)) return true;
  const item = ITEM.exec(line);
  return !!item && indentOf(line) < 4 && !!item[5]?.trim() && (item[3] === undefined || item[3] === '1');
}

/** A list from line `start`; its items' lines (less their indentation) are parsed as blocks. Returns the next line. */
function parseList(lines: string[], start: number, depth: number, out: Block[]): number {
  const first = ITEM.exec(lines[start] ?? '');
  if (!first) return start + 1;
  const ordered = first[3] !== undefined;
  const bullet = first[2]?.slice(-1) ?? '-';
  const base = first[1]?.length ?? 0;
  const items: string[][] = [];
  let content = 0;
  let i = start;
  let lastBlank = false;
  while (i < lines.length) {
    const line = lines[i] ?? '';
    const item = ITEM.exec(line);
    const indent = indentOf(line);
    const sameList =
      !!item &&
      indent >= base &&
      indent < base + 2 + (ordered ? 2 : 0) &&
      (item[3] !== undefined) === ordered &&
      (ordered || item[2] === bullet || item[2]?.slice(-1) === bullet);
    if (sameList && item) {
      const gap = Math.min(Math.max(item[4]?.length ?? 1, 1), 4);
      content = indent + (item[2]?.length ?? 1) + gap;
      items.push([item[5] ?? '']);
      lastBlank = false;
      i++;
      continue;
    }
    const current = items[items.length - 1];
    if (!current) break;
    if (blank(line)) {
      current.push('');
      lastBlank = true;
      i++;
      continue;
    }
    if (indent >= Math.min(content, base + 2)) {
      current.push(line.slice(Math.min(indent, content)));
      lastBlank = false;
      i++;
      continue;
    }
    // A lazy continuation of the item's paragraph.
    if (!lastBlank && !startsBlock(line) && !item) {
      current.push(line.trim());
      i++;
      continue;
    }
    break;
  }
  // Blank lines after the last item belong to what follows.
  const last = items[items.length - 1];
  while (last && last.length > 1 && blank(last[last.length - 1] ?? '')) last.pop();
  out.push({
    type: 'list',
    ordered,
    start: ordered ? Number(first[3]) : 1,
    items: items.map((item) => parseBlocks(item, depth + 1)),
  });
  return i;
}

function cells(line: string): string[] {
  let row = line.trim();
  if (row.startsWith('|')) row = row.slice(1);
  if (row.endsWith('|') && !row.endsWith('\\|')) row = row.slice(0, -1);
  const out: string[] = [];
  let cell = '';
  let code = false;
  for (let i = 0; i < row.length; i++) {
    const ch = row[i];
    if (ch === '\\' && row[i + 1] === '|') {
      cell += '|';
      i++;
    } else if (ch === '`') {
      code = !code;
      cell += ch;
    } else if (ch === '|' && !code) {
      out.push(cell.trim());
      cell = '';
    } else cell += ch;
  }
  out.push(cell.trim());
  return out;
}

function alignOf(cell: string): Align {
  const left = cell.startsWith(':');
  const right = cell.endsWith(':');
  return left && right ? 'center' : right ? 'right' : left ? 'left' : null;
}

// ---- inline ---------------------------------------------------------------------------------------

const PUNCTUATION = /[!"#$%&'()*+,\-./:;<=>?@[\\\]^_`{|}~]/;
const SAFE_URL = /^https?:\/\/[^\s<>"]+$/i;

/** Only absolute http(s) URLs are kept as links; anything else (javascript:, data:, relative) is text. */
export function safeHref(url: string): string | null {
  const trimmed = url.trim();
  return SAFE_URL.test(trimmed) ? trimmed : null;
}

export function parseInline(source: string, depth = 0): Inline[] {
  const out: Inline[] = [];
  let text = '';
  const flush = (): void => {
    if (text) out.push({ type: 'text', text });
    text = '';
  };
  const push = (node: Inline): void => {
    flush();
    out.push(node);
  };
  let i = 0;
  while (i < source.length) {
    const ch = source[i] ?? '';
    if (ch === '\\' && PUNCTUATION.test(source[i + 1] ?? '')) {
      text += source[i + 1];
      i += 2;
      continue;
    }
    if (ch === '`') {
      const run = runLength(source, i, '`');
      const close = findBackticks(source, i + run, run);
      if (close >= 0) {
        let code = source.slice(i + run, close).replace(/\n/g, ' ');
        if (code.length > 2 && code.startsWith(' ') && code.endsWith(' ') && code.trim()) code = code.slice(1, -1);
        push({ type: 'code', text: code });
        i = close + run;
      } else {
        text += source.slice(i, i + run);
        i += run;
      }
      continue;
    }
    if ((ch === '*' || ch === '_') && depth < MAX_DEPTH) {
      const run = runLength(source, i, ch);
      const emphasis = run >= 2 ? tryEmphasis(source, i, ch, 2, depth) : null;
      const found = emphasis ?? tryEmphasis(source, i, ch, 1, depth);
      if (found) {
        push(found.node);
        i = found.end;
        continue;
      }
      text += source.slice(i, i + run);
      i += run;
      continue;
    }
    if (ch === '!' && source[i + 1] === '[') {
      const link = tryLink(source, i + 1);
      if (link) {
        // An image: its alt text only, nothing is fetched.
        text += link.label;
        i = link.end;
        continue;
      }
    }
    if (ch === '[' && depth < MAX_DEPTH) {
      const link = tryLink(source, i);
      if (link) {
        const children = parseInline(link.label, depth + 1);
        const href = safeHref(link.url);
        if (href) push({ type: 'link', href, children });
        else {
          flush();
          out.push(...children);
        }
        i = link.end;
        continue;
      }
    }
    if (ch === '<') {
      const auto = /^<(https?:\/\/[^\s<>]+)>/i.exec(source.slice(i));
      const href = auto?.[1] ? safeHref(auto[1]) : null;
      if (auto && href) {
        push({ type: 'link', href, children: [{ type: 'text', text: href }] });
        i += auto[0].length;
        continue;
      }
    }
    text += ch;
    i++;
  }
  flush();
  return out;
}

function runLength(source: string, at: number, ch: string): number {
  let n = 0;
  while (source[at + n] === ch) n++;
  return n;
}

/** The start of the next run of exactly `run` backticks from `from`, or -1. */
function findBackticks(source: string, from: number, run: number): number {
  let i = from;
  while (i < source.length) {
    if (source[i] === '`') {
      const n = runLength(source, i, '`');
      if (n === run) return i;
      i += n;
    } else i++;
  }
  return -1;
}

const isSpace = (ch: string | undefined): boolean => ch === undefined || /\s/.test(ch);
const isWord = (ch: string | undefined): boolean => ch !== undefined && /[\p{L}\p{N}]/u.test(ch);

/** `**strong**` or `*em*` (and the `_` forms, never inside a word) opening at `at`, with its end. */
function tryEmphasis(source: string, at: number, ch: string, size: 1 | 2, depth: number): { node: Inline; end: number } | null {
  if (isSpace(source[at + size])) return null;
  if (ch === '_' && isWord(source[at - 1])) return null;
  let i = at + size;
  while (i < source.length) {
    const c = source[i];
    if (c === '\\') {
      i += 2;
      continue;
    }
    if (c === '`') {
      const run = runLength(source, i, '`');
      const close = findBackticks(source, i + run, run);
      i = close >= 0 ? close + run : i + run;
      continue;
    }
    if (c === ch) {
      const run = runLength(source, i, ch);
      const closes = !isSpace(source[i - 1]) && (ch !== '_' || !isWord(source[i + run]));
      // A `**` inside an em is a strong of its own; a longer run closes with its last delimiters
      // (`***both***` is a strong around an em).
      const closeAt = i + run - size;
      if (closes && run >= size && (size === 2 || run !== 2) && closeAt > at + size) {
        const inner = source.slice(at + size, closeAt);
        return { node: { type: size === 2 ? 'strong' : 'em', children: parseInline(inner, depth + 1) }, end: closeAt + size };
      }
      i += run;
      continue;
    }
    i++;
  }
  return null;
}

/** `[label](url)` or `[label](url "title")` opening at `at`. */
function tryLink(source: string, at: number): { label: string; url: string; end: number } | null {
  let depth = 0;
  let i = at;
  for (; i < source.length; i++) {
    const c = source[i];
    if (c === '\\') {
      i++;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) break;
    } else if (c === '\n' && source[i + 1] === '\n') return null;
  }
  if (depth !== 0 || source[i + 1] !== '(') return null;
  const close = /^\(\s*(<[^>\n]*>|[^\s()]*(?:\([^\s()]*\)[^\s()]*)*)(?:\s+(?:"[^"\n]*"|'[^'\n]*'))?\s*\)/.exec(source.slice(i + 1));
  if (!close) return null;
  const url = (close[1] ?? '').replace(/^<|>$/g, '');
  return { label: source.slice(at + 1, i), url, end: i + 1 + close[0].length };
}

/** The text a block shows, without markup (for tests and accessible names). */
export function inlineText(inlines: readonly Inline[]): string {
  return inlines.map((n) => (n.type === 'text' || n.type === 'code' ? n.text : inlineText(n.children))).join('');
}
