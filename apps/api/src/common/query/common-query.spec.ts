import { Controller, Get, type INestApplication, Query } from '@nestjs/common';
import request from 'supertest';
import { ClusterContext } from '../../cluster/cluster-context.decorator';
import { createStrictClusterPort } from '../../testing/strict-cluster-port';
import { createTestApp } from '../../testing/test-app';
import { ListQueryDto, ObjectQueryDto } from './common-query.dto';
import { NameParam } from './name-param';

/** Test-only routes that echo what the common parameters resolve to. */
@Controller('things')
class EchoController {
  @Get()
  listThings(
    @ClusterContext() context: string,
    @Query() query: ListQueryDto,
  ): { context: string; query: ListQueryDto } {
    return { context, query };
  }

  @Get(':name')
  getThing(
    @ClusterContext() context: string,
    @NameParam() name: string,
    @Query() query: ObjectQueryDto,
  ): { context: string; name: string; namespace: string | null } {
    return { context, name, namespace: query.namespace ?? null };
  }
}

describe('common query parameters over HTTP', () => {
  let app: INestApplication;

  beforeAll(async () => {
    app = await createTestApp({
      controllers: [EchoController],
      port: createStrictClusterPort({ contexts: ['kind-lab', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod'] }),
    });
  });
  afterAll(() => app.close());

  const get = (path: string): request.Test => request(app.getHttpServer()).get(path);

  async function fieldsOf(path: string): Promise<string[]> {
    const res = await get(path).expect(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
    return (res.body.details.fields as { field: string }[]).map((f) => f.field);
  }

  it('converts and passes valid parameters', async () => {
    const res = await get(
      '/api/things?namespace=default&labelSelector=app%3Dweb,tier%20in%20(a,b)&fieldSelector=status.phase!%3DRunning&q=Web&limit=10&offset=5&sort=-age',
    ).expect(200);
    expect(res.body).toEqual({
      context: 'kind-lab',
      query: {
        namespace: 'default',
        labelSelector: 'app=web,tier in (a,b)',
        fieldSelector: 'status.phase!=Running',
        q: 'Web',
        limit: 10,
        offset: 5,
        sort: '-age',
      },
    });
  });

  it('defaults the context to the current one, also for an empty value', async () => {
    expect((await get('/api/things').expect(200)).body.context).toBe('kind-lab');
    expect((await get('/api/things?context=&namespace=').expect(200)).body).toEqual({ context: 'kind-lab', query: {} });
  });

  it('accepts a known context with ARN characters', async () => {
    const context = 'arn:aws:eks:eu-west-1:123456789012:cluster/prod';
    const res = await get(`/api/things?context=${encodeURIComponent(context)}`).expect(200);
    expect(res.body.context).toBe(context);
  });

  it('answers an unknown context with 404 CONTEXT_NOT_FOUND listing the known names', async () => {
    const res = await get('/api/things/web?context=nope').expect(404);
    expect(res.body).toEqual({
      error: expect.stringContaining('nope'),
      code: 'CONTEXT_NOT_FOUND',
      details: { context: 'nope', known: ['kind-lab', 'arn:aws:eks:eu-west-1:123456789012:cluster/prod'] },
      requestId: res.headers['x-request-id'],
    });
  });

  it.each([
    ['a malformed context', '/api/things?context=bad%20name', 'context'],
    ['an uppercase namespace', '/api/things?namespace=Default', 'namespace'],
    ['a namespace with a dot', '/api/things?namespace=a.b', 'namespace'],
    ['a namespace over 63 characters', `/api/things?namespace=${'a'.repeat(64)}`, 'namespace'],
    ['a label selector with a bad operator', '/api/things?labelSelector=app%3E%3Dweb', 'labelSelector'],
    ['an unterminated set', '/api/things?labelSelector=env%20in%20(a,b', 'labelSelector'],
    ['a label key with a bad prefix', '/api/things?labelSelector=Example.com/app%3Dx', 'labelSelector'],
    ['a field selector without operator', '/api/things?fieldSelector=status.phase', 'fieldSelector'],
    ['limit 0', '/api/things?limit=0', 'limit'],
    ['limit 5001', '/api/things?limit=5001', 'limit'],
    ['a fractional limit', '/api/things?limit=1.5', 'limit'],
    ['a non-numeric limit', '/api/things?limit=ten', 'limit'],
    ['a negative offset', '/api/things?offset=-1', 'offset'],
    ['a sort with punctuation', '/api/things?sort=name;drop', 'sort'],
    ['an unknown query parameter', '/api/things?namespaces=default', 'namespaces'],
    ['a repeated parameter', '/api/things?namespace=a&namespace=b', 'namespace'],
  ])('rejects %s with 400 naming the field', async (_case, path, field) => {
    expect(await fieldsOf(path)).toEqual([field]);
  });

  it('names every bad parameter at once', async () => {
    expect(await fieldsOf('/api/things?limit=0&namespace=NS')).toEqual(expect.arrayContaining(['limit', 'namespace']));
  });

  it('explains a selector error', async () => {
    const res = await get('/api/things?labelSelector=env%20in%20(a,b').expect(400);
    expect(res.body.details.fields[0].message).toMatch(/^labelSelector is invalid: /);
  });

  it('validates the name path parameter as a DNS-1123 subdomain', async () => {
    expect((await get('/api/things/web-1.v2?namespace=default').expect(200)).body).toEqual({
      context: 'kind-lab',
      name: 'web-1.v2',
      namespace: 'default',
    });
    expect(await fieldsOf('/api/things/Web_1')).toEqual(['name']);
    expect(await fieldsOf(`/api/things/${'a'.repeat(254)}`)).toEqual(['name']);
  });

  it('documents the common parameters once each', async () => {
    const res = await get('/docs-json').expect(200);
    const params = (res.body.paths['/api/things'].get.parameters as { name: string; in: string }[]).map(
      (p) => `${p.in}:${p.name}`,
    );
    expect(params.sort()).toEqual(
      ['context', 'fieldSelector', 'labelSelector', 'limit', 'namespace', 'offset', 'q', 'sort'].map(
        (n) => `query:${n}`,
      ),
    );
  });
});
