/**
 * kwok's configuration: since v0.8.0 nothing is built in, so the options, the stages (the lab's copies
 * in ../kwok/stages) and the log fixtures all come from one generated file.
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { LAB_DIR, type LabConfig } from './config.ts';

/** Where the running lab reads pod logs from; tests append to these files to exercise `-f`. */
export function logFixturesDir(config: LabConfig): string {
  return join(config.stateDir, 'pod-logs');
}

export const LOG_FILES = {
  app: 'app.log',
  appPrevious: 'app-previous.log',
  crashCurrent: 'crash-current.log',
  crashPrevious: 'crash-previous.log',
} as const;

/** Containers with this name log like a crashing process; every other container gets the app log. */
export const CRASHING_CONTAINER = 'checkout';

export function writeKwokConfig(config: LabConfig): string {
  const logs = logFixturesDir(config);
  mkdirSync(logs, { recursive: true });
  for (const file of Object.values(LOG_FILES)) {
    // Copied once: a running lab's files may have lines appended by tests, which a restart keeps.
    if (!existsSync(join(logs, file))) copyFileSync(join(LAB_DIR, 'fixtures', 'logs', file), join(logs, file));
  }
  const stagesDir = join(LAB_DIR, 'kwok', 'stages');
  const stages = readdirSync(stagesDir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(stagesDir, f), 'utf8').trim());
  const options = [
    'apiVersion: config.kwok.x-k8s.io/v1alpha1',
    'kind: KwokConfiguration',
    'options:',
    // Defaults are not applied to a configuration read from --config: every option is spelled out.
    '  cidr: 10.244.0.0/16',
    '  nodeIP: 127.0.0.1',
    `  nodePort: ${config.ports.kwok}`,
    `  serverAddress: 127.0.0.1:${config.ports.kwok}`,
    `  tlsCertFile: ${join(config.pkiDir, 'kwok.crt')}`,
    `  tlsPrivateKeyFile: ${join(config.pkiDir, 'kwok.key')}`,
    // Nodes without this label (the lab's NotReady node) get no heartbeat at all.
    '  manageNodesWithLabelSelector: lab.orphelix.dev/kwok=true',
    '  enableDebuggingHandlers: true',
    '  podPlayStageParallelism: 32',
    '  nodePlayStageParallelism: 16',
    '  nodeLeaseParallelism: 16',
    '  nodeLeaseDurationSeconds: 40',
    '  podsOnNodeSyncParallelism: 16',
    '  enablePodsOnNodeSyncListPager: true',
    '  enablePodsOnNodeSyncStreamWatch: false',
  ].join('\n');
  const clusterLogs = [
    'apiVersion: kwok.x-k8s.io/v1alpha1',
    'kind: ClusterLogs',
    'metadata:',
    '  name: lab-logs',
    'spec:',
    '  logs:',
    `  - containers: ['${CRASHING_CONTAINER}']`,
    `    logsFile: ${join(logs, LOG_FILES.crashCurrent)}`,
    `    previousLogsFile: ${join(logs, LOG_FILES.crashPrevious)}`,
    '    follow: true',
    `  - logsFile: ${join(logs, LOG_FILES.app)}`,
    `    previousLogsFile: ${join(logs, LOG_FILES.appPrevious)}`,
    '    follow: true',
  ].join('\n');
  const file = join(config.stateDir, 'kwok.yaml');
  writeFileSync(file, [options, ...stages, clusterLogs].join('\n---\n') + '\n');
  return file;
}
