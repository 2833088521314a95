import { type Block, type Inline, inlineText, parseInline, parseMarkdown, safeHref } from './markdown';

const text = (t: string): Inline => ({ type: 'text', text: t });
const para = (...inlines: Inline[]): Block => ({ type: 'paragraph', inlines });

describe('parseMarkdown', () => {
  it('reads the answer a troubleshooting prompt asks for: headings, paragraphs, lists and fenced kubectl', () => {
    const answer = [
      '## Problem',
      'Container `checkout` keeps **crashing**.',
      '',
      '## Root cause',
      'The config key *PAYMENTS_URL* is missing:',
      '- exit code 1',
      '- restarted 6 times',
      '',
      '## Fix',
      '1. Set the key:',
      '   ```bash',
      '   kubectl -n shop set env deployment/checkout PAYMENTS_URL=http://payments',
      '   ```',
      '2. Watch the rollout.',
      '',
      '```',
      'kubectl -n shop rollout status deployment/checkout',
      '```',
    ].join('\n');
    const blocks = parseMarkdown(answer);
    expect(blocks.map((b) => b.type)).toEqual(['heading', 'paragraph', 'heading', 'paragraph', 'list', 'heading', 'list', 'code']);
    expect(blocks[0]).toEqual({ type: 'heading', level: 2, inlines: [text('Problem')] });
    expect(blocks[1]).toEqual(para(text('Container '), { type: 'code', text: 'checkout' }, text(' keeps '), { type: 'strong', children: [text('crashing')] }, text('.')));
    expect(blocks[3]).toEqual(para(text('The config key '), { type: 'em', children: [text('PAYMENTS_URL')] }, text(' is missing:')));
    expect(blocks[4]).toEqual({ type: 'list', ordered: false, start: 1, items: [[para(text('exit code 1'))], [para(text('restarted 6 times'))]] });
    const fix = blocks[6];
    expect(fix?.type).toBe('list');
    if (fix?.type !== 'list') return;
    expect(fix.ordered).toBe(true);
    expect(fix.items).toEqual([
      [para(text('Set the key:')), { type: 'code', lang: 'bash', text: 'kubectl -n shop set env deployment/checkout PAYMENTS_URL=http://payments', open: false }],
      [para(text('Watch the rollout.'))],
    ]);
    expect(blocks[7]).toEqual({ type: 'code', lang: '', text: 'kubectl -n shop rollout status deployment/checkout', open: false });
  });

  it('reads a text cut anywhere, as it streams in: an unclosed fence is an open code block, an unclosed ** literal', () => {
    expect(parseMarkdown('## Fi')).toEqual([{ type: 'heading', level: 2, inlines: [text('Fi')] }]);
    expect(parseMarkdown('Use **bold')).toEqual([para(text('Use **bold'))]);
    expect(parseMarkdown('Run:\n```sh\nkubectl get po')).toEqual([para(text('Run:')), { type: 'code', lang: 'sh', text: 'kubectl get po', open: true }]);
    expect(parseMarkdown('```')).toEqual([{ type: 'code', lang: '', text: '', open: true }]);
    expect(parseMarkdown('- a\n- ')).toEqual([{ type: 'list', ordered: false, start: 1, items: [[para(text('a'))], []] }]);
  });

  it('keeps a fence longer than the backticks inside it, and tildes', () => {
    expect(parseMarkdown('````\n```\nnot a close\n````')).toEqual([{ type: 'code', lang: '', text: '```\nnot a close', open: false }]);
    expect(parseMarkdown('~~~yaml\na: 1\n~~~')).toEqual([{ type: 'code', lang: 'yaml', text: 'a: 1', open: false }]);
  });

  it('nests lists, keeps an ordered list’s start, and reads quotes, rules and tables', () => {
    const blocks = parseMarkdown('3. three\n4. four\n   - sub\n\n> quoted **text**\n\n---\n\n| Pod | Restarts |\n|:--|--:|\n| a | 6 |');
    expect(blocks.map((b) => b.type)).toEqual(['list', 'quote', 'rule', 'table']);
    expect(blocks[0]).toEqual({
      type: 'list',
      ordered: true,
      start: 3,
      items: [[para(text('three'))], [para(text('four')), { type: 'list', ordered: false, start: 1, items: [[para(text('sub'))]] }]],
    });
    expect(blocks[1]).toEqual({ type: 'quote', blocks: [para(text('quoted '), { type: 'strong', children: [text('text')] })] });
    expect(blocks[3]).toEqual({ type: 'table', align: ['left', 'right'], head: [[text('Pod')], [text('Restarts')]], rows: [[[text('a')], [text('6')]]] });
  });

  it('leaves raw HTML as text: a script tag is words on the screen, never an element', () => {
    const blocks = parseMarkdown('<script>alert(1)</script>\n\n<img src=x onerror="alert(1)">');
    expect(blocks).toEqual([para(text('<script>alert(1)</script>')), para(text('<img src=x onerror="alert(1)">'))]);
  });

  it('does not blow the stack on hostile nesting', () => {
    const deep = `${'> '.repeat(200)}deep\n${'- '.repeat(200)}x\n${'*'.repeat(5000)}x${'*'.repeat(5000)}\n${'['.repeat(3000)}`;
    expect(() => parseMarkdown(deep)).not.toThrow();
  });
});

describe('parseInline', () => {
  it('reads code spans, escapes and emphasis in both spellings', () => {
    expect(parseInline('``a ` b`` and \\*not em\\*')).toEqual([{ type: 'code', text: 'a ` b' }, text(' and *not em*')]);
    expect(parseInline('__strong__ _em_ snake_case_name')).toEqual([
      { type: 'strong', children: [text('strong')] },
      text(' '),
      { type: 'em', children: [text('em')] },
      text(' snake_case_name'),
    ]);
    expect(parseInline('***both***')).toEqual([{ type: 'strong', children: [{ type: 'em', children: [text('both')] }] }]);
    expect(parseInline('**a `*` b**')).toEqual([{ type: 'strong', children: [text('a '), { type: 'code', text: '*' }, text(' b')] }]);
    expect(parseInline('2 * 3 * 4')).toEqual([text('2 * 3 * 4')]);
  });

  it('keeps http(s) links and drops every other target: javascript:, data:, relative', () => {
    expect(parseInline('[docs](https://kubernetes.io/docs/ "Docs")')).toEqual([{ type: 'link', href: 'https://kubernetes.io/docs/', children: [text('docs')] }]);
    expect(parseInline('[click](javascript:alert(1))')).toEqual([text('click')]);
    expect(parseInline('[x](JaVaScRiPt:alert(document.cookie))')).toEqual([text('x')]);
    expect(parseInline('[x](data:text/html;base64,PHNjcmlwdD4=)')).toEqual([text('x')]);
    expect(parseInline('[x](/api/settings)')).toEqual([text('x')]);
    expect(parseInline('<https://example.com/a>')).toEqual([{ type: 'link', href: 'https://example.com/a', children: [text('https://example.com/a')] }]);
    expect(parseInline('<javascript:alert(1)>')).toEqual([text('<javascript:alert(1)>')]);
  });

  it('shows an image as its alt text and fetches nothing', () => {
    expect(parseInline('![diagram](https://tracker.example/pixel.png) here')).toEqual([text('diagram here')]);
  });

  it('safeHref accepts only absolute http(s) URLs', () => {
    expect(safeHref(' https://a.example/x ')).toBe('https://a.example/x');
    expect(safeHref('http://a.example')).toBe('http://a.example');
    for (const bad of ['javascript:alert(1)', 'vbscript:x', 'data:text/html,x', '//evil.example', 'https://a b', 'https://a"onmouseover="x']) {
      expect(safeHref(bad)).toBeNull();
    }
  });

  it('inlineText is the text without markup', () => {
    expect(inlineText(parseInline('a **b _c_** [d](https://e.example) `f`'))).toBe('a b c d f');
  });
});
