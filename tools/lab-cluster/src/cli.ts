/**
 * `node tools/lab-cluster/src/cli.ts <command>`: the lab's command line, behind the npm scripts
 * lab:build, lab:up, lab:down, lab:status, lab:env, lab:seed, lab:scale and lab:fault.
 */
import { build } from './build.ts';
import { down, envLines, labInfo, status, up } from './cluster.ts';
import { loadLabConfig } from './config.ts';
import { closeAgents } from './kube.ts';

const USAGE = `usage: cli.ts <build|up|down|status|env|seed|scale|fault> [options]
  build [--force]                rebuild binaries into the cache (LAB_K8S_VERSION picks the version)
  up                             start the lab (builds first when needed); idempotent
  down [--purge]                 stop every process; --purge also removes PKI, etcd data and logs
  status                         each component's pid and health; exit 1 unless all are healthy
  env [--json]                   shell export lines for KUBECONFIG and the folder holding kubectl
  seed                           load the realistic scenario (safe to run twice)
  scale --pods N --nodes N --events N [--delete]
  fault <stop|start|restart> <etcd|kube-apiserver|kwok|kube-controller-manager|kube-scheduler>
  fault compact [--restart-apiserver]  compact etcd at its current revision; with the apiserver
                                 restarted too, old resourceVersions get 410 Gone`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  const config = loadLabConfig();
  switch (command) {
    case 'build':
      await build(config, { force: rest.includes('--force') });
      return 0;
    case 'up':
      await up(config);
      return 0;
    case 'down':
      await down(config, { purge: rest.includes('--purge') });
      return 0;
    case 'status': {
      const rows = await status(config);
      for (const r of rows) {
        process.stdout.write(
          `${r.component.padEnd(24)} ${r.pid === null ? 'stopped' : `pid ${r.pid}`.padEnd(12)} ${r.healthy ? 'healthy' : 'not healthy'}  127.0.0.1:${r.ports.join(',')}\n`,
        );
      }
      return rows.every((r) => r.healthy) ? 0 : 1;
    }
    case 'env':
      process.stdout.write((rest.includes('--json') ? JSON.stringify(labInfo(config)) : envLines(config)) + '\n');
      return 0;
    case 'seed': {
      const { seed } = await import('./seed.ts');
      await seed(config);
      return 0;
    }
    case 'scale': {
      const { scale, parseScaleArgs } = await import('./scale.ts');
      await scale(config, parseScaleArgs(rest));
      return 0;
    }
    case 'fault': {
      const { runFault } = await import('./faults.ts');
      await runFault(config, rest);
      return 0;
    }
    default:
      process.stderr.write(USAGE + '\n');
      return command === undefined || command === 'help' || command === '--help' ? 0 : 2;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    closeAgents();
    process.exitCode = code;
  },
  (error: unknown) => {
    closeAgents();
    process.stderr.write(`[lab] ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
