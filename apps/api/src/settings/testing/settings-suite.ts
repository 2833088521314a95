import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import type { INestApplication } from '@nestjs/common';
import type { SettingsDto } from '@orphelix/contract';
import request from 'supertest';
import type { TestDatabase } from '../../persistence/testing/test-databases';
import { createTestApp } from '../../testing/test-app';
import { defaultSettings } from '../settings.service';
import { fromConsole } from '../../testing/csrf';

/**
 * What the settings routes must do against a real database; settings.spec.ts runs it on a SQLite
 * file and settings.pg.spec.ts on PostgreSQL.
 */
export function describeSettingsConcurrency(open: () => Promise<TestDatabase>): void {
  let test: TestDatabase;
  let app: INestApplication;

  beforeAll(async () => {
    test = await open();
    app = await createTestApp({ env: test.env });
  });
  afterAll(async () => {
    await app.close();
    await test.dispose();
  });

  it('keeps every one of many concurrent POSTs that change different keys', async () => {
    const server = app.getHttpServer();
    await fromConsole(request(server).delete('/api/settings')).expect(200);
    const count = 40;
    const answers = await Promise.all(
      Array.from({ length: count }, (_, i) => {
        // Aliases merge key by key, so each request adds its own; every fifth one also flips a switch.
        const body: Record<string, unknown> = { contextAliases: { [`ctx-${i}`]: `Alias ${i}` } };
        if (i % 5 === 0)
          body['criticalIssues'] = {
            [['failedPods', 'pendingPods', 'notReadyNodes', 'degradedDeployments', 'unboundVolumes'][
              (i / 5) % 5
            ] as string]: false,
          };
        if (i === 7) body['theme'] = 'dark';
        if (i === 11) body['github'] = { branch: 'main' };
        if (i === 13) body['github'] = { repo: { owner: 'acme', name: 'deploy' } };
        return fromConsole(request(server).post('/api/settings')).send(body);
      }),
    );
    expect(answers.map((a) => a.status)).toEqual(Array(count).fill(200));
    const settings = (await request(server).get('/api/settings').expect(200)).body as SettingsDto;
    expect(Object.keys(settings.contextAliases)).toHaveLength(count);
    expect(settings.contextAliases['ctx-39']).toBe('Alias 39');
    expect(settings.theme).toBe('dark');
    expect(settings.github).toEqual({ repo: { owner: 'acme', name: 'deploy' }, branch: 'main' });
    expect(Object.values(settings.criticalIssues).every((on) => !on)).toBe(true);
  });

  it('keys the stored row by the current user: local without authentication', async () => {
    await test.db.execute('DELETE FROM settings');
    await fromConsole(request(app.getHttpServer()).post('/api/settings')).send({ theme: 'light' }).expect(200);
    const [row] = await test.db.query<{ user_id: string; version: number }>('SELECT user_id, version FROM settings');
    expect(row?.user_id).toBe('local');
    expect(Number(row?.version)).toBe(1);
  });

  describe('after a restart', () => {
    it('reads back what was written before', async () => {
      const server = app.getHttpServer();
      await fromConsole(request(server).post('/api/settings'))
        .send({ defaultNamespace: 'shop', liveUpdates: false })
        .expect(200);
      const second = await createTestApp({ env: test.env });
      try {
        const res = await request(second.getHttpServer()).get('/api/settings').expect(200);
        expect(res.body).toEqual({
          ...defaultSettings(),
          theme: 'light',
          defaultNamespace: 'shop',
          liveUpdates: false,
        });
      } finally {
        await second.close();
      }
    });
  });
}
