/**
 * The lab's PKI: a CA, the apiserver's serving certificate, client certificates for each component
 * and for the two human users, a serving certificate for kwok, and the service-account signing key.
 * Made once with openssl and kept in the state folder; `lab:down --purge` removes it.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LabConfig } from './config.ts';

function openssl(args: string[], cwd: string): void {
  execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
}

interface CertSpec {
  name: string;
  subject: string;
  /** Extended key usage: serverAuth, clientAuth or both. */
  usage: string;
  sans?: string[];
}

const DAYS = '3650';

/** EC P-256 keys: every component accepts them, and they take milliseconds where RSA takes seconds. */
function newKey(dir: string, name: string): void {
  openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', name], dir);
}

function issue(dir: string, spec: CertSpec): void {
  if (existsSync(join(dir, `${spec.name}.crt`))) return;
  newKey(dir, `${spec.name}.key`);
  openssl(['req', '-new', '-key', `${spec.name}.key`, '-subj', spec.subject, '-out', `${spec.name}.csr`], dir);
  const ext = [
    'basicConstraints=CA:FALSE',
    'keyUsage=critical,digitalSignature,keyEncipherment',
    `extendedKeyUsage=${spec.usage}`,
    ...(spec.sans ? [`subjectAltName=${spec.sans.join(',')}`] : []),
  ].join('\n');
  writeFileSync(join(dir, `${spec.name}.ext`), ext + '\n');
  openssl(
    ['x509', '-req', '-in', `${spec.name}.csr`, '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial', '-days', DAYS,
      '-sha256', '-extfile', `${spec.name}.ext`, '-out', `${spec.name}.crt`],
    dir,
  );
}

/** The client identities that get a kubeconfig. */
export const USERS = {
  admin: { cert: 'admin', user: 'lab-admin' },
  viewer: { cert: 'viewer', user: 'lab-viewer' },
  controllerManager: { cert: 'kube-controller-manager', user: 'system:kube-controller-manager' },
  scheduler: { cert: 'kube-scheduler', user: 'system:kube-scheduler' },
} as const;

export function ensurePki(config: LabConfig): void {
  const dir = config.pkiDir;
  mkdirSync(dir, { recursive: true });
  if (!existsSync(join(dir, 'ca.crt'))) {
    newKey(dir, 'ca.key');
    openssl(['req', '-x509', '-new', '-key', 'ca.key', '-subj', '/CN=orphelix-lab-ca', '-days', DAYS, '-sha256',
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign,digitalSignature',
      '-out', 'ca.crt'], dir);
  }
  issue(dir, {
    name: 'apiserver',
    subject: '/CN=kube-apiserver',
    usage: 'serverAuth',
    sans: ['DNS:localhost', 'DNS:kubernetes', 'DNS:kubernetes.default', 'DNS:kubernetes.default.svc',
      'DNS:kubernetes.default.svc.cluster.local', 'IP:127.0.0.1', 'IP:10.96.0.1'],
  });
  issue(dir, { name: 'admin', subject: '/O=system:masters/CN=lab-admin', usage: 'clientAuth' });
  issue(dir, { name: 'viewer', subject: '/CN=lab-viewer', usage: 'clientAuth' });
  issue(dir, { name: 'kube-controller-manager', subject: '/CN=system:kube-controller-manager', usage: 'clientAuth' });
  issue(dir, { name: 'kube-scheduler', subject: '/CN=system:kube-scheduler', usage: 'clientAuth' });
  issue(dir, { name: 'kwok', subject: '/CN=kwok', usage: 'serverAuth', sans: ['IP:127.0.0.1', 'DNS:localhost'] });
  // The controller manager and scheduler serve HTTPS too; one loopback certificate does for both.
  issue(dir, { name: 'loopback-serving', subject: '/CN=localhost', usage: 'serverAuth', sans: ['IP:127.0.0.1', 'DNS:localhost'] });
  if (!existsSync(join(dir, 'sa.key'))) {
    newKey(dir, 'sa.key');
    openssl(['pkey', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'], dir);
  }
}

function b64(path: string): string {
  return readFileSync(path).toString('base64');
}

/** A kubeconfig with embedded credentials, so a copy works anywhere on this machine. */
export function kubeconfigYaml(
  config: LabConfig,
  users: { context: string; cert: string; user: string; namespace?: string }[],
  current: string,
): string {
  const server = `https://127.0.0.1:${config.ports.apiserver}`;
  const ca = b64(join(config.pkiDir, 'ca.crt'));
  const out = [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '- name: orphelix-lab',
    '  cluster:',
    `    server: ${server}`,
    `    certificate-authority-data: ${ca}`,
    'contexts:',
    ...users.flatMap((u) => [
      `- name: ${u.context}`,
      '  context:',
      '    cluster: orphelix-lab',
      `    user: ${u.user}`,
      ...(u.namespace ? [`    namespace: ${u.namespace}`] : []),
    ]),
    `current-context: ${current}`,
    'users:',
    ...users.flatMap((u) => [
      `- name: ${u.user}`,
      '  user:',
      `    client-certificate-data: ${b64(join(config.pkiDir, `${u.cert}.crt`))}`,
      `    client-key-data: ${b64(join(config.pkiDir, `${u.cert}.key`))}`,
    ]),
    '',
  ];
  return out.join('\n');
}

export function writeKubeconfigs(config: LabConfig): void {
  writeFileSync(
    config.kubeconfig,
    kubeconfigYaml(
      config,
      [
        { context: 'lab-admin', ...USERS.admin },
        { context: 'lab-viewer', ...USERS.viewer, namespace: 'shop' },
      ],
      'lab-admin',
    ),
    { mode: 0o600 },
  );
  // One file per identity as well: the multi-file KUBECONFIG tests merge the admin and viewer files.
  writeFileSync(join(config.stateDir, 'admin.kubeconfig'),
    kubeconfigYaml(config, [{ context: 'lab-admin', ...USERS.admin }], 'lab-admin'), { mode: 0o600 });
  writeFileSync(join(config.stateDir, 'viewer.kubeconfig'),
    kubeconfigYaml(config, [{ context: 'lab-viewer', ...USERS.viewer, namespace: 'shop' }], 'lab-viewer'), { mode: 0o600 });
  writeFileSync(join(config.stateDir, 'kube-controller-manager.kubeconfig'),
    kubeconfigYaml(config, [{ context: 'kcm', ...USERS.controllerManager }], 'kcm'), { mode: 0o600 });
  writeFileSync(join(config.stateDir, 'kube-scheduler.kubeconfig'),
    kubeconfigYaml(config, [{ context: 'scheduler', ...USERS.scheduler }], 'scheduler'), { mode: 0o600 });
}
