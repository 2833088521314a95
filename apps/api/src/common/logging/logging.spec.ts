import { Controller, Get, type INestApplication } from '@nestjs/common';
import { InjectPinoLogger, PinoLogger } from 'nestjs-pino';
import request from 'supertest';
import { createTestApp } from '../../testing/test-app';

@Controller('test-logging')
class ChattyController {
  constructor(@InjectPinoLogger(ChattyController.name) private readonly logger: PinoLogger) {}

  @Get()
  getChatty(): { ok: true } {
    this.logger.info({ upstream: { headers: { authorization: 'Bearer upstream-secret' } } }, 'calling upstream');
    return { ok: true };
  }
}

describe('request logging', () => {
  let app: INestApplication;
  const logLines: Record<string, unknown>[] = [];

  beforeAll(async () => {
    app = await createTestApp({ controllers: [ChattyController], env: { LOG_LEVEL: 'info' }, logLines });
  });
  afterAll(() => app.close());
  beforeEach(() => {
    logLines.length = 0;
  });

  const completions = (): Record<string, unknown>[] => logLines.filter((l) => l['msg'] === 'request completed');

  it.each(['/healthz', '/readyz', '/api/nope', '/api/test-logging'])(
    'logs %s once, with its request id',
    async (path) => {
      const res = await request(app.getHttpServer()).get(path);
      expect(completions()).toEqual([
        expect.objectContaining({
          requestId: res.headers['x-request-id'],
          req: expect.objectContaining({ method: 'GET', url: path }),
          res: expect.objectContaining({ statusCode: res.status }),
        }),
      ]);
    },
  );

  it('tags application log lines with the request id', async () => {
    const res = await request(app.getHttpServer()).get('/api/test-logging');
    const line = logLines.find((l) => l['msg'] === 'calling upstream');
    expect(line?.['requestId']).toBe(res.headers['x-request-id']);
  });

  it('never writes credentials: Authorization, cookies, token-like query values', async () => {
    await request(app.getHttpServer())
      .get('/api/test-logging?token=query-secret&namespace=default')
      .set('Authorization', 'Bearer header-secret')
      .set('Cookie', 'session=cookie-secret');
    const text = JSON.stringify(logLines);
    expect(text).not.toMatch(/query-secret|header-secret|cookie-secret|upstream-secret/);
    expect(completions()[0]?.['req']).toMatchObject({ url: '/api/test-logging?token=[Redacted]&namespace=default' });
  });
});
