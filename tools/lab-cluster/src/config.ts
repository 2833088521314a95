/**
 * Where the lab keeps things and which ports it uses. Everything is overridable by environment so that
 * two checkouts (or CI and a developer) can run side by side.
 */
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The Kubernetes version is the one setting; etcd follows whatever that version's go.mod pins. */
export const DEFAULT_K8S_VERSION = '1.36.3';
export const KWOK_VERSION = '0.8.0';
/** The Helm that the chart's suite (deploy/helm) lints, renders and applies with; it lives beside kubectl. */
export const HELM_VERSION = '4.3.1';

export const LAB_DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..');
export const REPO_ROOT = resolve(LAB_DIR, '..', '..');

export interface LabPorts {
  etcdClient: number;
  etcdPeer: number;
  apiserver: number;
  controllerManager: number;
  scheduler: number;
  kwok: number;
}

export interface LabConfig {
  k8sVersion: string;
  kwokVersion: string;
  helmVersion: string;
  /** Root of the cache outside the repo: binaries per version, and the running lab's state. */
  cacheRoot: string;
  binDir: string;
  /** Go module used to build a version other than the committed one. */
  moduleDir: string;
  stateDir: string;
  pkiDir: string;
  logDir: string;
  runDir: string;
  kubeconfig: string;
  ports: LabPorts;
}

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < 1 || value > 65535) {
    throw new Error(`${name} must be a port number (1-65535), got "${raw}"`);
  }
  return value;
}

export function loadLabConfig(env: NodeJS.ProcessEnv = process.env): LabConfig {
  const k8sVersion = (env['LAB_K8S_VERSION'] ?? DEFAULT_K8S_VERSION).replace(/^v/, '');
  if (!/^\d+\.\d+\.\d+$/.test(k8sVersion)) {
    throw new Error(`LAB_K8S_VERSION must look like 1.36.3, got "${env['LAB_K8S_VERSION']}"`);
  }
  const cacheRoot = env['ORPHELIX_LAB_CACHE'] ?? join(homedir(), '.cache', 'orphelix-lab');
  const versionDir = join(cacheRoot, `k8s-v${k8sVersion}_kwok-v${KWOK_VERSION}`);
  const stateDir = env['ORPHELIX_LAB_STATE'] ?? join(cacheRoot, 'state');
  // Ports sit in 164xx: clear of dev servers (3000, 4200, 8080) and of a real cluster's defaults.
  const base = port(env, 'LAB_PORT_BASE', 16400);
  return {
    k8sVersion,
    kwokVersion: KWOK_VERSION,
    helmVersion: HELM_VERSION,
    cacheRoot,
    binDir: join(versionDir, 'bin'),
    moduleDir: join(versionDir, 'module'),
    stateDir,
    pkiDir: join(stateDir, 'pki'),
    logDir: join(stateDir, 'logs'),
    runDir: join(stateDir, 'run'),
    kubeconfig: join(stateDir, 'kubeconfig'),
    ports: {
      etcdClient: base + 1,
      etcdPeer: base + 2,
      apiserver: base + 43,
      controllerManager: base + 57,
      scheduler: base + 59,
      kwok: base + 50,
    },
  };
}

export const BINARIES = [
  'etcd',
  'kube-apiserver',
  'kube-controller-manager',
  'kube-scheduler',
  'kubectl',
  'kwok',
  'helm',
] as const;
export type Binary = (typeof BINARIES)[number];

/** Components in start order; `down` stops them in reverse. */
export const COMPONENTS = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kwok'] as const;
export type Component = (typeof COMPONENTS)[number];

export function log(message: string): void {
  process.stderr.write(`[lab] ${message}\n`);
}
