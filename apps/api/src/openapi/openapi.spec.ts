import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OpenAPIObject } from '@nestjs/swagger';
import { API_VERSION, generateOpenApiDocument, nullableAsTypes, serializeOpenApi, sortKeysDeep } from './openapi';

const COMMITTED = join(__dirname, '..', '..', 'openapi.json');

function firstDifference(expected: string, actual: string): string {
  const a = expected.split('\n');
  const b = actual.split('\n');
  const line = a.findIndex((text, i) => text !== b[i]);
  const at = line < 0 ? a.length : line;
  return `first difference at line ${at + 1}:\n  committed: ${a[at] ?? '<end>'}\n  code:      ${b[at] ?? '<end>'}`;
}

describe('OpenAPI spec', () => {
  let document: OpenAPIObject;

  beforeAll(async () => {
    document = await generateOpenApiDocument();
  });

  it('matches the committed apps/api/openapi.json', () => {
    const committed = existsSync(COMMITTED) ? readFileSync(COMMITTED, 'utf8') : '';
    const generated = serializeOpenApi(document);
    if (generated !== committed) {
      throw new Error(
        `apps/api/openapi.json is out of date with the code. Run \`npx nx run api:openapi\` and commit it.\n` +
          firstDifference(committed, generated),
      );
    }
  });

  it('carries the workspace version', () => {
    const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', '..', '..', 'package.json'), 'utf8')) as {
      version: string;
    };
    expect(API_VERSION).toBe(pkg.version);
    expect(document.info.version).toBe(pkg.version);
  });

  it('gives every operation a unique operationId', () => {
    const ids = Object.values(document.paths).flatMap((item) =>
      Object.values(item as Record<string, { operationId?: string }>).map((op) => op.operationId),
    );
    expect(ids.every((id) => typeof id === 'string')).toBe(true);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('documents the error envelope', () => {
    expect(document.components?.schemas?.['ErrorEnvelopeDto']).toMatchObject({
      required: expect.arrayContaining(['error', 'code', 'details', 'requestId']),
    });
    expect(document.paths['/healthz']?.get?.responses['500']).toMatchObject({
      content: { 'application/json': { schema: { $ref: '#/components/schemas/ErrorEnvelopeDto' } } },
    });
  });

  it('writes nullable fields as OpenAPI 3.1 does, so generated clients see the null', () => {
    expect(JSON.stringify(document)).not.toContain('"nullable"');
    const schemas = document.components?.schemas as Record<string, { properties: Record<string, { type?: unknown }> }>;
    expect(schemas['FileChangeBody']?.properties['sha']?.type).toEqual(['string', 'null']);
    expect(schemas['PullRequestResourceBody']?.properties['namespace']?.type).toEqual(['string', 'null']);
    expect(nullableAsTypes({ nullable: true, $ref: '#/x' })).toEqual({ anyOf: [{ $ref: '#/x' }, { type: 'null' }] });
  });

  it('sorts keys deeply and leaves arrays in order', () => {
    expect(JSON.stringify(sortKeysDeep({ b: 1, a: { d: [3, 1], c: 2 } }))).toBe('{"a":{"c":2,"d":[3,1]},"b":1}');
  });
});
