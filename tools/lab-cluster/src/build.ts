/**
 * Builds the control plane from Go modules into the cache, once per version. The committed go.mod and
 * go.sum pin the default Kubernetes version; another version gets a generated module in the cache.
 */
import { spawn } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { BINARIES, DEFAULT_K8S_VERSION, LAB_DIR, type LabConfig, log } from './config.ts';

export function binariesPresent(config: LabConfig): boolean {
  return BINARIES.every((b) => existsSync(join(config.binDir, b)));
}

interface RunOptions {
  cwd: string;
  env?: NodeJS.ProcessEnv;
  /** Called for each line the command prints on stderr (where `go build -v` names packages). */
  onLine?: (line: string) => void;
}

function run(cmd: string, args: string[], options: RunOptions): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(cmd, args, {
      cwd: options.cwd,
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    const tail: string[] = [];
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    let pending = '';
    child.stderr.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        tail.push(line);
        if (tail.length > 40) tail.shift();
        options.onLine?.(line);
      }
    });
    child.on('error', reject);
    child.on('close', (code) => {
      if (code === 0) resolvePromise(out);
      else reject(new Error(`${cmd} ${args.join(' ')} exited with ${code}:\n${tail.join('\n')}`));
    });
  });
}

const GO_ENV = { CGO_ENABLED: '0', GOTOOLCHAIN: 'local', GOFLAGS: '-mod=mod' };

/** Writes the wrapper module for a Kubernetes version: require k8s.io/kubernetes, replace its staging modules. */
export async function writeModule(dir: string, k8sVersion: string): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const info = JSON.parse(
    await run('go', ['mod', 'download', '-json', `k8s.io/kubernetes@v${k8sVersion}`], { cwd: dir }),
  ) as { GoMod: string };
  const upstream = readFileSync(info.GoMod, 'utf8');
  const goLine = upstream.match(/^go \d+\.\d+(\.\d+)?$/m)?.[0];
  const minor = k8sVersion.split('.').slice(1).join('.');
  const staging = [...upstream.matchAll(/^\s*(k8s\.io\/[a-z0-9-]+) => \.\/staging/gm)].map((m) => m[1]);
  if (!goLine || staging.length === 0) throw new Error(`unexpected go.mod for k8s.io/kubernetes@v${k8sVersion}`);
  const lines = [
    '// The lab\'s control plane, built from Go modules: k8s.io/kubernetes needs each of its staging',
    '// modules replaced by the published version. Written by tools/lab-cluster/src/build.ts.',
    'module github.com/orphelix/orphelix/tools/lab-cluster',
    '',
    goLine,
    '',
    `require k8s.io/kubernetes v${k8sVersion}`,
    '',
    'replace (',
    ...staging.map((m) => `\t${m} => ${m} v0.${minor}`),
    ')',
    '',
  ];
  writeFileSync(join(dir, 'go.mod'), lines.join('\n'));
  copyFileSync(join(LAB_DIR, 'tools.go'), join(dir, 'tools.go'));
  log(`go mod tidy for Kubernetes v${k8sVersion} …`);
  await run('go', ['mod', 'tidy'], { cwd: dir, env: GO_ENV });
}

function ldflags(k8sVersion: string): string {
  const [major, minor] = k8sVersion.split('.');
  const flags = ['-s', '-w'];
  for (const pkg of ['k8s.io/component-base/version', 'k8s.io/client-go/pkg/version']) {
    flags.push(
      `-X ${pkg}.gitVersion=v${k8sVersion}`,
      `-X ${pkg}.gitMajor=${major}`,
      `-X ${pkg}.gitMinor=${minor}`,
      `-X ${pkg}.gitTreeState=clean`,
    );
  }
  return flags.join(' ');
}

/** Builds whatever binary is missing; a no-op when the cache already has them all. */
export async function build(config: LabConfig, options: { force?: boolean } = {}): Promise<void> {
  if (!options.force && binariesPresent(config)) return;
  const started = Date.now();
  mkdirSync(config.binDir, { recursive: true });
  let moduleDir = LAB_DIR;
  if (config.k8sVersion !== DEFAULT_K8S_VERSION) {
    moduleDir = config.moduleDir;
    if (!existsSync(join(moduleDir, 'go.sum'))) await writeModule(moduleDir, config.k8sVersion);
  }
  const elapsed = (): string => `${Math.round((Date.now() - started) / 1000)}s`;
  const missing = (name: string): boolean => options.force === true || !existsSync(join(config.binDir, name));

  const k8sCmds = ['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubectl'].filter(missing);
  if (k8sCmds.length > 0) {
    log(`building ${k8sCmds.join(', ')} v${config.k8sVersion} (a cold build takes ~14 min on 2 cores) …`);
    let packages = 0;
    let lastReport = Date.now();
    await run(
      'go',
      [
        'build',
        '-v',
        '-trimpath',
        '-ldflags',
        ldflags(config.k8sVersion),
        '-o',
        config.binDir + '/',
        ...k8sCmds.map((c) => `k8s.io/kubernetes/cmd/${c}`),
      ],
      {
        cwd: moduleDir,
        env: GO_ENV,
        onLine: () => {
          packages += 1;
          if (Date.now() - lastReport > 15_000) {
            lastReport = Date.now();
            log(`  … ${packages} packages compiled, ${elapsed()}`);
          }
        },
      },
    );
    log(`  built in ${elapsed()}`);
  }
  if (missing('etcd')) {
    log('building etcd …');
    await run('go', ['build', '-trimpath', '-ldflags', '-s -w', '-o', join(config.binDir, 'etcd'), 'go.etcd.io/etcd/server/v3'], {
      cwd: moduleDir,
      env: GO_ENV,
    });
  }
  if (missing('kwok')) {
    log(`building kwok v${config.kwokVersion} …`);
    // kwok is its own module with its own Kubernetes libraries: installed apart from the wrapper module.
    await run('go', ['install', '-trimpath', '-ldflags', '-s -w', `sigs.k8s.io/kwok/cmd/kwok@v${config.kwokVersion}`], {
      cwd: config.binDir,
      env: { ...GO_ENV, GOFLAGS: '', GOBIN: config.binDir },
    });
  }
  if (missing('helm')) {
    log(`building helm v${config.helmVersion} …`);
    const helmStarted = Date.now();
    // Helm is its own module too (and needs its own Kubernetes libraries): installed like kwok.
    await run('go', ['install', '-trimpath', '-ldflags', '-s -w', `helm.sh/helm/v4/cmd/helm@v${config.helmVersion}`], {
      cwd: config.binDir,
      env: { ...GO_ENV, GOFLAGS: '', GOBIN: config.binDir },
    });
    log(`  helm built in ${Math.round((Date.now() - helmStarted) / 1000)}s`);
  }
  log(`binaries ready in ${config.binDir} (${elapsed()})`);
}

export function removeBinaries(config: LabConfig): void {
  rmSync(config.binDir, { recursive: true, force: true });
}
