import { createHash } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { CLUSTER_PORT, type ClusterPort } from '@orphelix/k8s';
import compression from 'compression';
import { json, type Request, type Response } from 'express';
import helmet from 'helmet';
import { Logger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { REQUEST_ID_HEADER, requestIdMiddleware } from './common/request-id/request-id';
import { type AppConfig, loadConfig } from './config/app-config';
import { buildOpenApiDocument } from './openapi/openapi';
import { DATABASE } from './persistence/database';
import type { LazyDatabase } from './persistence/open-database';
import { applyRoutePrefix } from './route-prefix';
import { serveWebConsole } from './web/web-console';

export const MODE_HEADER = 'X-Orphelix-Mode';

/**
 * Routes whose bodies carry whole manifests (up to 1 MiB a file, 5 MiB a pull request): a larger
 * JSON limit for them alone; every other route keeps the default 100 kB.
 */
export const LARGE_BODY_ROUTES = ['/api/github/create-pr', '/api/github/create-multi-file-pr'];
export const LARGE_BODY_LIMIT = '6mb';

/** Server-sent events must reach the browser as written; a compressor would buffer them. */
export function shouldCompress(req: Request, res: Response): boolean {
  const type = res.getHeader('Content-Type');
  if (typeof type === 'string' && type.toLowerCase().startsWith('text/event-stream')) {
    return false;
  }
  return compression.filter(req, res);
}

/**
 * The Angular build inlines critical CSS and loads the rest with `<link media="print"
 * onload="this.media='all'">`; allowing exactly that handler by hash keeps every other inline
 * handler blocked.
 */
export const CRITICAL_CSS_HANDLER_HASH = `'sha256-${createHash('sha256').update("this.media='all'").digest('base64')}'`;

/**
 * Where the console may load images from besides itself: the signed-in user's GitHub avatar — on
 * github.com from avatars.githubusercontent.com, on GitHub Enterprise from the server itself.
 */
export function avatarOrigins(config: AppConfig): string[] {
  const github = config.auth.github;
  if (!github) return [];
  const web = new URL(github.webUrl);
  return web.hostname === 'github.com' ? ['https://avatars.githubusercontent.com'] : [web.origin];
}

function securityHeaders(config: AppConfig) {
  return helmet({
    contentSecurityPolicy: {
      useDefaults: true,
      directives: {
        // The console and Swagger UI load only their own scripts; both set inline styles.
        'script-src': ["'self'"],
        'script-src-attr': ["'unsafe-hashes'", CRITICAL_CSS_HANDLER_HASH],
        'style-src': ["'self'", "'unsafe-inline'"],
        'img-src': ["'self'", 'data:', ...avatarOrigins(config)],
        'connect-src': ["'self'"],
        // The server speaks plain HTTP (loopback by default); upgrading would break every subresource.
        'upgrade-insecure-requests': null,
      },
    },
  });
}

/**
 * Everything the running server and the HTTP tests share: middleware, prefix, docs, logging. It does
 * not listen, so tests can drive `app.getHttpServer()` with the real stack.
 */
export function configureApp(app: INestApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.use(requestIdMiddleware);
  if (app.get<ClusterPort>(CLUSTER_PORT).mode === 'demo') {
    app.use((_req: IncomingMessage, res: ServerResponse, next: () => void) => {
      res.setHeader(MODE_HEADER, 'demo');
      next();
    });
  }
  app.use(securityHeaders(config));
  if (config.corsOrigins.length > 0) {
    app.enableCors({
      origin: [...config.corsOrigins],
      exposedHeaders: [REQUEST_ID_HEADER, MODE_HEADER, 'Retry-After'],
    });
  }
  app.use(compression({ filter: shouldCompress }));
  // Registered before Nest's own parser (added at init), which then leaves a parsed body alone. Named:
  // Nest skips its JSON parser when it finds a middleware called `jsonParser` already installed.
  const largeJson = json({ limit: LARGE_BODY_LIMIT });
  app.use(LARGE_BODY_ROUTES, function largeJsonBodies(req: Request, res: Response, next: (error?: unknown) => void): void {
    largeJson(req, res, next);
  });
  const servesConsole = serveWebConsole(app, config.webDist);
  if (!servesConsole) {
    app.get(Logger).log(`No console build at ${config.webDist}; serving the API only`, 'Bootstrap');
  }
  applyRoutePrefix(app);
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app), {
    jsonDocumentUrl: 'docs-json',
    raw: ['json'],
    customSiteTitle: 'Orphelix API',
  });
  app.enableShutdownHooks();
}

/**
 * Connects to the database and migrates it before the API listens: a wrong `DATABASE_URL` or an
 * unwritable data folder stops the start with the reason, instead of failing the first request that
 * needs a session or settings. (Tests' apps stay lazy: most never touch the database.)
 */
async function openDatabase(app: INestApplication, config: AppConfig): Promise<void> {
  try {
    await app.get<LazyDatabase>(DATABASE).ready();
  } catch (error) {
    await app.close().catch(() => undefined);
    const where = config.databaseUrl ? 'the PostgreSQL database of DATABASE_URL' : `the SQLite database in ${config.dataDir} (ORPHELIX_DATA_DIR)`;
    throw new Error(`cannot open ${where}: ${error instanceof Error ? error.message : String(error)}`);
  }
}

/** Boots the API from the environment and listens on HOST:PORT. */
export async function bootstrap(env: NodeJS.ProcessEnv = process.env): Promise<INestApplication> {
  const config = loadConfig(env);
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bufferLogs: true,
    // Fail with an exception main() can report, instead of aborting the process.
    abortOnError: false,
  });
  configureApp(app, config);
  await openDatabase(app, config);
  await app.listen(config.port, config.host);
  app.get(Logger).log(`Orphelix API on http://${config.host}:${config.port} (docs: /docs)`, 'Bootstrap');
  return app;
}
