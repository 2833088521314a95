import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Controller, Get, type INestApplication, Sse, type MessageEvent } from '@nestjs/common';
import { Observable } from 'rxjs';
import request from 'supertest';
import { createStrictClusterPort } from './testing/strict-cluster-port';
import { bootstrap } from './bootstrap';
import { createTestApp } from './testing/test-app';

/** Test-only routes producing a large JSON body and an event stream. */
@Controller('test')
class PayloadController {
  @Get('large')
  getLarge(): { items: string[] } {
    return { items: Array.from({ length: 2000 }, (_, i) => `item-${i}`) };
  }

  @Sse('events')
  streamEvents(): Observable<MessageEvent> {
    return new Observable<MessageEvent>((subscriber) => {
      subscriber.next({ data: { padding: 'x'.repeat(4096) } });
      subscriber.complete();
    });
  }
}

describe('application bootstrap over HTTP', () => {
  describe('in cluster mode', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createTestApp({ controllers: [PayloadController] });
    });
    afterAll(() => app.close());

    it('answers /healthz outside the /api prefix', async () => {
      const res = await request(app.getHttpServer()).get('/healthz').expect(200);
      expect(res.body).toEqual({ status: 'ok' });
    });

    it('answers /readyz with the mode', async () => {
      const res = await request(app.getHttpServer()).get('/readyz').expect(200);
      expect(res.body).toEqual({ status: 'ok', mode: 'cluster' });
    });

    it('puts controllers under /api', async () => {
      await request(app.getHttpServer()).get('/api/test/large').expect(200);
      await request(app.getHttpServer()).get('/test/large').expect(404);
    });

    it('answers an unknown route with the 404 envelope whose requestId matches the header', async () => {
      const res = await request(app.getHttpServer()).get('/api/nope').expect(404);
      expect(res.body).toEqual({
        error: expect.any(String),
        code: 'NOT_FOUND',
        details: {},
        requestId: res.headers['x-request-id'],
      });
    });

    it('generates a UUID request id when none is sent', async () => {
      const res = await request(app.getHttpServer()).get('/healthz');
      expect(res.headers['x-request-id']).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    });

    it('reuses a sane incoming X-Request-Id', async () => {
      const res = await request(app.getHttpServer()).get('/api/nope').set('X-Request-Id', 'edge-proxy.42_a');
      expect(res.headers['x-request-id']).toBe('edge-proxy.42_a');
      expect(res.body.requestId).toBe('edge-proxy.42_a');
    });

    it.each([
      ['a character outside the token alphabet', 'abc def'],
      ['a quote that could forge log fields', 'x","level":60'],
      ['more than 128 characters', 'a'.repeat(129)],
    ])('replaces an incoming id with %s', async (_case, id) => {
      const res = await request(app.getHttpServer()).get('/healthz').set('X-Request-Id', id);
      expect(res.headers['x-request-id']).not.toBe(id);
      expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    });

    it('sets security headers', async () => {
      const res = await request(app.getHttpServer()).get('/healthz');
      expect(res.headers['content-security-policy']).toContain("default-src 'self'");
      expect(res.headers['content-security-policy']).not.toContain('upgrade-insecure-requests');
      // Only the Angular critical-CSS loader may run as an inline handler.
      expect(res.headers['content-security-policy']).toContain(
        "script-src-attr 'unsafe-hashes' 'sha256-MhtPZXr7+LpJUY5qtMutB+qWfQtMaPccfe7QXtCcEYc='",
      );
      expect(res.headers['x-content-type-options']).toBe('nosniff');
      expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
      expect(res.headers['x-powered-by']).toBeUndefined();
    });

    it('compresses a large JSON response', async () => {
      const res = await request(app.getHttpServer()).get('/api/test/large').set('Accept-Encoding', 'gzip').expect(200);
      expect(res.headers['content-encoding']).toBe('gzip');
      expect(res.body.items).toHaveLength(2000);
    });

    it('never compresses text/event-stream', async () => {
      const res = await request(app.getHttpServer())
        .get('/api/test/events')
        .set('Accept-Encoding', 'gzip')
        .buffer(true)
        .parse((response, done) => {
          let text = '';
          response.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
          response.on('end', () => done(null, text));
        })
        .expect(200);
      expect(res.headers['content-type']).toContain('text/event-stream');
      expect(res.headers['content-encoding']).toBeUndefined();
      expect(res.body).toContain('"padding":"xxxx');
    });

    it('does not add the demo header', async () => {
      const res = await request(app.getHttpServer()).get('/healthz');
      expect(res.headers['x-orphelix-mode']).toBeUndefined();
    });

    it('sends no CORS headers when CORS_ORIGINS is unset', async () => {
      const res = await request(app.getHttpServer()).get('/healthz').set('Origin', 'http://localhost:4200');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });

    it('serves the OpenAPI document at /docs-json and the UI at /docs', async () => {
      const json = await request(app.getHttpServer()).get('/docs-json').expect(200);
      expect(json.body.info.title).toBe('Orphelix API');
      expect(json.body.paths['/healthz']).toBeDefined();
      const ui = await request(app.getHttpServer()).get('/docs').redirects(1).expect(200);
      expect(ui.text).toContain('swagger-ui');
    });
  });

  describe('in demo mode', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createTestApp({ port: createStrictClusterPort({ mode: 'demo' }) });
    });
    afterAll(() => app.close());

    it('adds X-Orphelix-Mode: demo to every response, errors included', async () => {
      const ok = await request(app.getHttpServer()).get('/readyz').expect(200);
      expect(ok.headers['x-orphelix-mode']).toBe('demo');
      expect(ok.body).toEqual({ status: 'ok', mode: 'demo' });
      const missing = await request(app.getHttpServer()).get('/api/nope').expect(404);
      expect(missing.headers['x-orphelix-mode']).toBe('demo');
    });
  });

  describe('with CORS_ORIGINS', () => {
    let app: INestApplication;

    beforeAll(async () => {
      app = await createTestApp({ env: { CORS_ORIGINS: 'http://localhost:4200' } });
    });
    afterAll(() => app.close());

    it('allows the listed origin and exposes the request id', async () => {
      const res = await request(app.getHttpServer()).get('/healthz').set('Origin', 'http://localhost:4200');
      expect(res.headers['access-control-allow-origin']).toBe('http://localhost:4200');
      expect(res.headers['access-control-expose-headers']).toContain('X-Request-Id');
    });

    it('does not allow other origins', async () => {
      const res = await request(app.getHttpServer()).get('/healthz').set('Origin', 'https://evil.example.com');
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
    });
  });

  describe('with a console build', () => {
    let app: INestApplication;

    beforeAll(async () => {
      const webDist = mkdtempSync(join(tmpdir(), 'orphelix-web-'));
      writeFileSync(join(webDist, 'index.html'), '<!doctype html><orx-root></orx-root>');
      mkdirSync(join(webDist, 'media'));
      writeFileSync(join(webDist, 'main-ABC123.js'), 'console.log("console");');
      app = await createTestApp({ env: { WEB_DIST: webDist } });
    });
    afterAll(() => app.close());

    it('serves index.html at the root and for client-side routes, whatever the Accept', async () => {
      for (const [path, accept] of [['/', '*/*'], ['/pods', 'text/html'], ['/deployments/web?namespace=default', '*/*'], ['/pods', '']]) {
        const res = await request(app.getHttpServer()).get(path).set('Accept', accept).expect(200);
        expect(res.headers['content-type']).toContain('text/html');
        expect(res.headers['cache-control']).toBe('no-cache');
        expect(res.text).toContain('<orx-root>');
        expect(res.headers['x-request-id']).toBeDefined();
      }
    });

    it('serves index.html for a page whose object name has dots when the browser asks for a page', async () => {
      for (const path of ['/configmaps/kube-system/kube-root-ca.crt', '/events/default/web.17f3a2b9c']) {
        const res = await request(app.getHttpServer()).get(path).set('Accept', 'text/html,application/xhtml+xml,*/*;q=0.8').expect(200);
        expect(res.text).toContain('<orx-root>');
      }
      // The same path fetched as a script is a missing file.
      const script = await request(app.getHttpServer()).get('/configmaps/kube-system/kube-root-ca.crt').set('Accept', '*/*').expect(404);
      expect(script.body.code).toBe('NOT_FOUND');
    });

    it('serves assets', async () => {
      const res = await request(app.getHttpServer()).get('/main-ABC123.js').expect(200);
      expect(res.headers['content-type']).toContain('javascript');
    });

    it('answers missing assets and unknown API routes with the 404 envelope, not the shell', async () => {
      for (const path of ['/main-MISSING.js', '/api/nope', '/api']) {
        const res = await request(app.getHttpServer()).get(path).set('Accept', '*/*').expect(404);
        expect(res.body.code).toBe('NOT_FOUND');
      }
    });

    it('still serves the probes and docs', async () => {
      await request(app.getHttpServer()).get('/healthz').expect(200, { status: 'ok' });
      const docs = await request(app.getHttpServer()).get('/docs-json').expect(200);
      expect(docs.body.openapi).toBeDefined();
    });
  });

  describe('start-up', () => {
    it('refuses to start when the database cannot be opened, saying which and why, without the password', async () => {
      const home = mkdtempSync(join(tmpdir(), 'orx-boot-home-'));
      const env = { HOME: home, HOST: '127.0.0.1', PORT: '18999', LOG_LEVEL: 'silent', WEB_DIST: '/nonexistent/orphelix-web' };
      // Port 1 on loopback: nothing listens, the connection is refused at once.
      const pg = bootstrap({ ...env, DATABASE_URL: 'postgres://orx:s3cret-pass@127.0.0.1:1/orx' });
      await expect(pg).rejects.toThrow(/^cannot open the PostgreSQL database of DATABASE_URL: /);
      await expect(pg).rejects.not.toThrow(/s3cret-pass/);
      // A data folder that is a file.
      const file = join(home, 'not-a-folder');
      writeFileSync(file, 'x');
      await expect(bootstrap({ ...env, ORPHELIX_DATA_DIR: file })).rejects.toThrow(/^cannot open the SQLite database in .*not-a-folder \(ORPHELIX_DATA_DIR\): /);
    });
  });

  describe('images the console may load', () => {
    const imgSrc = async (env: Record<string, string>): Promise<string> => {
      const app = await createTestApp({ env });
      try {
        const res = await request(app.getHttpServer()).get('/healthz').expect(200);
        const csp = String(res.headers['content-security-policy']);
        return csp.split(';').find((d) => d.trim().startsWith('img-src'))?.trim() ?? '';
      } finally {
        await app.close();
      }
    };
    const github = { GITHUB_CLIENT_ID: 'id', GITHUB_CLIENT_SECRET: 'secret' };

    it("allows the GitHub avatar of the signed-in user, and nothing else outside this origin", async () => {
      expect(await imgSrc({})).toBe("img-src 'self' data:");
      expect(await imgSrc({ ...github })).toBe("img-src 'self' data: https://avatars.githubusercontent.com");
      expect(await imgSrc({ ...github, GITHUB_URL: 'https://github.example.com/' })).toBe("img-src 'self' data: https://github.example.com");
    });
  });
});
