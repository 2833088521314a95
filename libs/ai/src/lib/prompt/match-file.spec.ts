import { buildMatchFileMessages, MATCH_FILE_SCHEMA, MAX_EXCERPT_CHARS, parseMatchFileRanking, type MatchFileCandidateInput } from './match-file';

const resource = { kind: 'Deployment', namespace: 'shop', name: 'checkout', labels: { app: 'checkout' }, images: ['registry.lab.invalid/shop/checkout:2.4.0'] };
const candidates: MatchFileCandidateInput[] = [
  {
    path: 'deploy/shop/checkout.yaml',
    score: 0.92,
    reasons: ['kind and name match', 'namespace matches'],
    excerpt: 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: checkout\n  namespace: shop\n',
  },
  { path: 'charts/shop/templates/deployment.yaml', score: 0.41, reasons: ['kind matches'], excerpt: 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}-api\n' },
  { path: 'README.md', score: 0.05, reasons: [] },
];
const paths = candidates.map((c) => c.path);

describe('buildMatchFileMessages', () => {
  it('asks for a JSON ranking of the candidates, given the object and each file’s score, reasons and start', () => {
    const messages = buildMatchFileMessages(resource, candidates);
    expect(messages.map((m) => m.role)).toEqual(['system', 'user']);
    expect(messages[0].content).toMatch(/Use only paths from the candidate list, exactly as written/);
    expect(messages[0].content).toContain('{"ranking":[{"path":"…","confidence":0.9,"reason":"…"}]}');
    const user = messages[1].content;
    expect(user).toContain(JSON.stringify({ kind: 'Deployment', namespace: 'shop', name: 'checkout', labels: { app: 'checkout' }, images: ['registry.lab.invalid/shop/checkout:2.4.0'] }, null, 2));
    expect(user).toContain('3 candidate files, in the search\'s order:');
    expect(user).toContain('### 1. deploy/shop/checkout.yaml\nSearch score: 0.92; reasons: kind and name match; namespace matches\nStart of the file:\n```yaml\napiVersion: apps/v1');
    expect(user.indexOf('### 2. charts/shop/templates/deployment.yaml')).toBeGreaterThan(user.indexOf('### 1.'));
    expect(user).toContain('### 3. README.md\nSearch score: 0.05\n(no excerpt)');
  });

  it('cuts an excerpt past 4 KiB and says so', () => {
    const [, user] = buildMatchFileMessages({ kind: 'Service', namespace: null, name: 'x' }, [{ path: 'a.yaml', score: 1, reasons: [], excerpt: 'a'.repeat(MAX_EXCERPT_CHARS) + 'TAIL' }]);
    expect(user.content).toContain(`Start of the file (first ${MAX_EXCERPT_CHARS} characters):`);
    expect(user.content).not.toContain('TAIL');
    expect(user.content).toContain('"namespace": null');
    expect(user.content).toContain('1 candidate file, in');
  });
});

describe('MATCH_FILE_SCHEMA', () => {
  it('is a strict schema: every property required, no others allowed', () => {
    expect(MATCH_FILE_SCHEMA.name).toMatch(/^[a-zA-Z0-9_-]{1,64}$/);
    expect(MATCH_FILE_SCHEMA.schema).toEqual({
      type: 'object',
      properties: {
        ranking: {
          type: 'array',
          items: {
            type: 'object',
            properties: {
              path: expect.objectContaining({ type: 'string' }),
              confidence: expect.objectContaining({ type: 'number', minimum: 0, maximum: 1 }),
              reason: expect.objectContaining({ type: 'string' }),
            },
            required: ['path', 'confidence', 'reason'],
            additionalProperties: false,
          },
        },
      },
      required: ['ranking'],
      additionalProperties: false,
    });
  });
});

describe('parseMatchFileRanking', () => {
  it('returns a valid answer, highest confidence first', () => {
    const answer = {
      ranking: [
        { path: 'charts/shop/templates/deployment.yaml', confidence: 0.3, reason: 'A template whose name is computed.' },
        { path: 'deploy/shop/checkout.yaml', confidence: 0.95, reason: 'Same kind, name and namespace.' },
      ],
    };
    expect(parseMatchFileRanking(answer, paths)).toEqual([
      { path: 'deploy/shop/checkout.yaml', confidence: 0.95, reason: 'Same kind, name and namespace.' },
      { path: 'charts/shop/templates/deployment.yaml', confidence: 0.3, reason: 'A template whose name is computed.' },
    ]);
  });

  it.each([
    ['a string', '{"ranking":[{"path":"README.md","confidence":1,"reason":"x"}]}'],
    ['null', null],
    ['a number', 42],
    ['an array', [{ path: 'README.md', confidence: 1, reason: 'x' }]],
    ['an object without ranking', { files: [] }],
    ['ranking not an array', { ranking: { path: 'README.md', confidence: 1, reason: 'x' } }],
    ['an empty ranking', { ranking: [] }],
    ['only unknown paths', { ranking: [{ path: 'deploy/other.yaml', confidence: 0.9, reason: 'x' }] }],
    ['only unusable confidences', { ranking: [{ path: 'README.md', confidence: 2, reason: 'x' }, { path: 'deploy/shop/checkout.yaml', confidence: Number.NaN, reason: 'x' }] }],
    ['only malformed entries', { ranking: [null, 'README.md', 3, [], { confidence: 0.5 }] }],
  ])('returns null for %s, so the caller keeps the deterministic order', (_what, answer) => {
    expect(parseMatchFileRanking(answer, paths)).toBeNull();
  });

  it('drops unknown paths, duplicates, missing fields and confidences outside [0,1] or not numbers, keeping the rest', () => {
    const answer = {
      ranking: [
        { path: 'deploy/shop/checkout.yaml', confidence: 0.9, reason: '  Exact match.  ' },
        { path: 'deploy/shop/checkout.yaml', confidence: 0.8, reason: 'Again.' },
        { path: 'invented/path.yaml', confidence: 0.99, reason: 'Not a candidate.' },
        { path: 'charts/shop/templates/deployment.yaml', confidence: 2, reason: 'Wrong scale.' },
        { path: 'charts/shop/templates/deployment.yaml', confidence: Number.NaN, reason: 'NaN.' },
        { path: 'charts/shop/templates/deployment.yaml', confidence: -0.1, reason: 'Negative.' },
        { path: 'charts/shop/templates/deployment.yaml', confidence: '0.5', reason: 'A string.' },
        { path: 'charts/shop/templates/deployment.yaml', reason: 'No confidence.' },
        { confidence: 0.4, reason: 'No path.' },
        { path: './README.md', confidence: 0, extra: 'ignored' },
        { path: 'charts/shop/templates/deployment.yaml', confidence: 1, reason: 'x'.repeat(800) },
      ],
    };
    const ranking = parseMatchFileRanking(answer, paths);
    expect(ranking?.map((r) => [r.path, r.confidence])).toEqual([
      ['charts/shop/templates/deployment.yaml', 1],
      ['deploy/shop/checkout.yaml', 0.9],
      ['README.md', 0],
    ]);
    expect(ranking?.[1].reason).toBe('Exact match.');
    expect(ranking?.[2].reason).toBe('');
    expect(ranking?.[0].reason).toHaveLength(500);
    expect(Object.keys(ranking?.[2] ?? {})).toEqual(['path', 'confidence', 'reason']);
  });
});
