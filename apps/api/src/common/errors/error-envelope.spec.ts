import { Body, Controller, Get, type INestApplication, Param, Post } from '@nestjs/common';
import { ClusterError, type ClusterErrorCode } from '@orphelix/k8s';
import { Type } from 'class-transformer';
import { IsInt, IsString, Min, ValidateNested } from 'class-validator';
import request from 'supertest';
import { createTestApp } from '../../testing/test-app';
import { fromConsole } from '../../testing/csrf';

class ContainerBody {
  @IsString()
  image!: string;
}

class SpecBody {
  @IsInt()
  @Min(0)
  replicas!: number;

  @ValidateNested({ each: true })
  @Type(() => ContainerBody)
  containers!: ContainerBody[];
}

class ScaleBody {
  @ValidateNested()
  @Type(() => SpecBody)
  spec!: SpecBody;
}

/** Test-only routes that fail in each way the filter must handle. */
@Controller('test-errors')
class ThrowingController {
  @Get('cluster/:code')
  throwClusterError(@Param('code') code: string): never {
    const details: Record<string, unknown> =
      code === 'RATE_LIMITED'
        ? { retryAfterSeconds: 7 }
        : code === 'FORBIDDEN'
          ? { verb: 'list', resource: 'nodes', namespace: null }
          : {};
    throw new ClusterError(code as ClusterErrorCode, `simulated ${code}`, details);
  }

  @Get('bug')
  throwBug(): never {
    throw new TypeError('Cannot read properties of undefined (reading "secretToken") at /srv/app/internal.ts:42');
  }

  @Post('body')
  acceptBody(@Body() body: ScaleBody): { ok: true; replicas: number } {
    return { ok: true, replicas: body.spec.replicas };
  }
}

const CASES: [ClusterErrorCode, number][] = [
  ['VALIDATION_ERROR', 400],
  ['UNAUTHENTICATED', 401],
  ['FORBIDDEN', 403],
  ['NOT_FOUND', 404],
  ['CONTEXT_NOT_FOUND', 404],
  ['CONFLICT', 409],
  ['UNPROCESSABLE', 422],
  ['RATE_LIMITED', 429],
  ['UPSTREAM_ERROR', 502],
  ['CLUSTER_UNREACHABLE', 503],
];

describe('error envelope', () => {
  let app: INestApplication;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    app = await createTestApp({ controllers: [ThrowingController], env: { LOG_LEVEL: 'info' }, logLines });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    logLines.length = 0;
  });

  it.each(CASES)('maps ClusterError %s to %i', async (code, status) => {
    const res = await request(app.getHttpServer()).get(`/api/test-errors/cluster/${code}`).expect(status);
    expect(res.body).toEqual({
      error: `simulated ${code}`,
      code,
      details: expect.any(Object),
      requestId: res.headers['x-request-id'],
    });
  });

  it('sends Retry-After from details.retryAfterSeconds on 429', async () => {
    const res = await request(app.getHttpServer()).get('/api/test-errors/cluster/RATE_LIMITED').expect(429);
    expect(res.headers['retry-after']).toBe('7');
    expect(res.body.details).toEqual({ retryAfterSeconds: 7 });
  });

  it('keeps the adapter details of a 403', async () => {
    const res = await request(app.getHttpServer()).get('/api/test-errors/cluster/FORBIDDEN').expect(403);
    expect(res.body.details).toEqual({ verb: 'list', resource: 'nodes', namespace: null });
  });

  it('gives a ClusterError VALIDATION_ERROR a fields list', async () => {
    const res = await request(app.getHttpServer()).get('/api/test-errors/cluster/VALIDATION_ERROR').expect(400);
    expect(res.body.details).toEqual({ fields: [] });
  });

  it('answers 500 INTERNAL_ERROR without internals, and logs the stack with the request id', async () => {
    const res = await request(app.getHttpServer()).get('/api/test-errors/bug').expect(500);
    expect(res.body).toEqual({
      error: 'Internal server error',
      code: 'INTERNAL_ERROR',
      details: {},
      requestId: res.headers['x-request-id'],
    });
    expect(res.text).not.toMatch(/secretToken|internal\.ts|TypeError/);

    const errorLine = logLines.find((line) => line['msg'] === 'Unhandled error');
    expect(errorLine).toMatchObject({
      level: 50,
      requestId: res.headers['x-request-id'],
      err: { type: 'TypeError', stack: expect.stringContaining('TypeError') },
    });
  });

  it('tags every log line of a request with its id', async () => {
    await request(app.getHttpServer()).get('/api/test-errors/bug').set('X-Request-Id', 'trace-me');
    const lines = logLines.filter((line) => line['requestId'] !== undefined || line['req'] !== undefined);
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) {
      expect(line['requestId']).toBe('trace-me');
    }
  });

  it('names nested body fields with their full path', async () => {
    const res = await fromConsole(request(app.getHttpServer()).post('/api/test-errors/body'))
      .send({ spec: { replicas: -1, containers: [{ image: 'nginx' }, { image: 5 }] }, extra: true })
      .expect(400);
    expect(res.body.code).toBe('VALIDATION_ERROR');
    expect(res.body.details.fields).toEqual(
      expect.arrayContaining([
        { field: 'body.extra', message: expect.stringContaining('should not exist') },
        { field: 'body.spec.replicas', message: expect.stringContaining('replicas') },
        { field: 'body.spec.containers[1].image', message: expect.stringContaining('image') },
      ]),
    );
    expect(res.body.details.fields).toHaveLength(3);
  });

  it('accepts a valid body', async () => {
    await fromConsole(request(app.getHttpServer()).post('/api/test-errors/body'))
      .send({ spec: { replicas: 2, containers: [{ image: 'nginx' }] } })
      .expect(201, { ok: true, replicas: 2 });
  });

  it('answers malformed JSON with VALIDATION_ERROR', async () => {
    const res = await fromConsole(request(app.getHttpServer()).post('/api/test-errors/body'))
      .set('Content-Type', 'application/json')
      .send('{"spec":')
      .expect(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_ERROR', details: { fields: [] } });
    expect(res.body.requestId).toBe(res.headers['x-request-id']);
  });
});
