import type { INestApplication } from '@nestjs/common';
import { ensureLab, type LabInfo } from '@orphelix/lab-cluster';
import { createTestApp } from './test-app';

export interface LabApp {
  app: INestApplication;
  lab: LabInfo;
}

/** The real API in cluster mode against the seeded lab (started when needed; never skipped). */
export async function createLabApp(options: { kubeconfig?: (lab: LabInfo) => string; env?: Record<string, string> } = {}): Promise<LabApp> {
  const lab = await ensureLab({ seed: true });
  const app = await createTestApp({
    port: 'configured',
    env: { ORPHELIX_MODE: 'cluster', KUBECONFIG: options.kubeconfig ? options.kubeconfig(lab) : lab.kubeconfig, ...options.env },
  });
  return { app, lab };
}
