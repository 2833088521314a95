/** Runs the lab's own kubectl against the lab (tooling only; product code never shells out). */
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import type { LabConfig } from './config.ts';

export function kubectl(config: LabConfig, args: string[], input?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = execFile(
      join(config.binDir, 'kubectl'),
      ['--kubeconfig', config.kubeconfig, ...args],
      { maxBuffer: 512 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`kubectl ${args.join(' ')}: ${stderr || error.message}`));
        else resolvePromise(stdout);
      },
    );
    if (input !== undefined) child.stdin?.end(input);
  });
}
