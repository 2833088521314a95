import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import type { INestApplication, Type } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import { AppModule } from '../app.module';
import { configureApp } from '../bootstrap';
import { loadConfig } from '../config/app-config';
import { createStrictClusterPort } from './strict-cluster-port';

export interface TestAppOptions {
  /** Environment variables on top of the test defaults (LOG_LEVEL=silent, no console build). */
  env?: Record<string, string>;
  /** The port to use; by default a strict fake. `configured` keeps the one ORPHELIX_MODE selects. */
  port?: ClusterPort | 'configured';
  /** Test-only controllers mounted next to the real ones. */
  controllers?: Type<unknown>[];
  /** Collects parsed log lines; set LOG_LEVEL in `env` to see them. */
  logLines?: Record<string, unknown>[];
}

/** The real application (modules, middleware, pipes, filter) around a fake ClusterPort, not listening. */
export async function createTestApp(options: TestAppOptions = {}): Promise<INestApplication> {
  // Never the developer's own ~/.orphelix: each app gets a fresh folder, removed on close, unless the
  // test picks one.
  const ownDataDir = options.env?.['ORPHELIX_DATA_DIR'] === undefined ? mkdtempSync(join(tmpdir(), 'orphelix-test-data-')) : null;
  const config = loadConfig({
    ...(ownDataDir ? { ORPHELIX_DATA_DIR: ownDataDir } : {}),
    LOG_LEVEL: 'silent',
    // Suites send hundreds of requests a minute from one address; rate limits have their own spec.
    ORPHELIX_RATE_LIMIT: '100000',
    ORPHELIX_RATE_LIMIT_MUTATIONS: '100000',
    ORPHELIX_RATE_LIMIT_LOGINS: '100000',
    WEB_DIST: '/nonexistent/orphelix-web',
    // A fake port answers `list` only: its tests exercise the routes over the apiserver path. The
    // configured port (demo, lab) runs the watch cache as production does.
    ORPHELIX_WATCH_CACHE: options.port === 'configured' ? 'on' : 'off',
    ...options.env,
  });
  const logLines = options.logLines;
  const logDestination = logLines
    ? new Writable({
        write(chunk: Buffer, _encoding, done) {
          for (const line of chunk.toString('utf8').split('\n').filter(Boolean)) {
            logLines.push(JSON.parse(line) as Record<string, unknown>);
          }
          done();
        },
      })
    : undefined;
  const builder = Test.createTestingModule({
    imports: [AppModule.forRoot(config, { logDestination })],
    controllers: options.controllers ?? [],
  });
  if (options.port !== 'configured') {
    builder.overrideProvider(CLUSTER_PORT).useValue(options.port ?? createStrictClusterPort());
  }
  const moduleRef = await builder.compile();
  const app = moduleRef.createNestApplication({ bufferLogs: true });
  configureApp(app, config);
  await app.init();
  if (ownDataDir) {
    const close = app.close.bind(app);
    app.close = async () => {
      await close();
      rmSync(ownDataDir, { recursive: true, force: true });
    };
  }
  return app;
}
