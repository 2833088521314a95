/**
 * `node bench/run-all.mts [--profile] [--no-relist] [--nice N]` — every benchmark, one after the other (the
 * event-loop one last: it restarts the lab's apiserver), then one summary of every target and one
 * line of JSON. Exit code: 0 when every benchmark ran (missed targets included), 2 when the lab is
 * not ready, 1 otherwise.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { ROOT } from './lib/main.mts';

const SCENARIOS = ['list-pods', 'memory', 'sse-fanout', 'event-loop'] as const;
const PASS_THROUGH = ['--profile', '--no-relist'];
const TIMEOUT_MS = 45 * 60_000;

interface Outcome {
  scenario: string;
  code: number;
  result: { pass: boolean; targets: { figure: string; label: string; pass: boolean; detail: string }[] } | null;
}

function runOne(scenario: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const args = process.argv.slice(2).filter((a) => PASS_THROUGH.includes(a));
    const nice = process.argv.indexOf('--nice');
    if (nice !== -1) args.push('--nice', process.argv[nice + 1] ?? '');
    const child = spawn(process.execPath, [join(ROOT, 'bench', `${scenario}.mts`), ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let lastLine = '';
    let pending = '';
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        // The JSON line is kept for the summary rather than echoed.
        if (line.startsWith('{')) lastLine = line;
        else process.stdout.write(line + '\n');
      }
    });
    const timer = setTimeout(() => child.kill('SIGTERM'), TIMEOUT_MS);
    const forward = (): void => {
      child.kill('SIGTERM');
    };
    process.once('SIGINT', forward);
    process.once('SIGTERM', forward);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      process.off('SIGINT', forward);
      process.off('SIGTERM', forward);
      let result: Outcome['result'] = null;
      try {
        result = lastLine ? (JSON.parse(lastLine) as Outcome['result']) : null;
      } catch {
        result = null;
      }
      resolve({ scenario, code: code ?? (signal ? 1 : 0), result });
    });
  });
}

async function main(): Promise<number> {
  const outcomes: Outcome[] = [];
  for (const scenario of SCENARIOS) {
    process.stdout.write(`\n===== ${scenario} =====\n`);
    const outcome = await runOne(scenario);
    outcomes.push(outcome);
    if (outcome.code === 2) break;
  }
  process.stdout.write('\n===== summary =====\n');
  for (const o of outcomes) {
    if (!o.result) {
      process.stdout.write(`${o.scenario.padEnd(12)} FAILED (exit ${o.code})\n`);
      continue;
    }
    for (const t of o.result.targets)
      process.stdout.write(
        `${o.scenario.padEnd(12)} ${t.pass ? 'PASS' : 'MISS'}  ${t.figure}: ${t.label} — ${t.detail}\n`,
      );
  }
  process.stdout.write(
    JSON.stringify({ runAll: outcomes.map((o) => ({ scenario: o.scenario, exitCode: o.code, result: o.result })) }) +
      '\n',
  );
  if (outcomes.some((o) => o.code === 2)) return 2;
  return outcomes.every((o) => o.code === 0) ? 0 : 1;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`run-all failed: ${String(error)}\n`);
    process.exitCode = 1;
  },
);
