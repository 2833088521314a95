import { execFileSync } from 'node:child_process';

/** Where the lab's kubectl and kubeconfig are (the lab helper's LabInfo has both). */
export interface KubectlTarget {
  kubectl: string;
  kubeconfig: string;
}

/** One row of a `kubectl get` table, by column header (`CLUSTER-IP`, `ACCESS MODES`, …). */
export type KubectlRow = Record<string, string>;

/**
 * `kubectl get …` against the lab as the admin, parsed by the header's column positions rather than by
 * whitespace, so empty cells (an ingress without ADDRESS, an unbound claim's VOLUME) and headers with a
 * space (`ACCESS MODES`) keep every other column in place.
 */
export function kubectlTable(lab: KubectlTarget, ...args: string[]): KubectlRow[] {
  const out = execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, '--context', 'lab-admin', 'get', ...args], {
    encoding: 'utf8',
  });
  const [header, ...lines] = out.replace(/\n$/, '').split('\n');
  if (!header || header.startsWith('No resources')) return [];
  // Columns are at least three spaces apart; a single space belongs to a header such as ACCESS MODES.
  const columns = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], start: m.index ?? 0 }));
  return lines
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const row: KubectlRow = {};
      columns.forEach((column, i) => {
        const end = columns[i + 1]?.start;
        row[column.name] = line.slice(column.start, end).trim();
      });
      return row;
    });
}

/** `kubectl` against the lab as the admin, raw output. */
export function kubectl(lab: KubectlTarget, ...args: string[]): string {
  return execFileSync(lab.kubectl, ['--kubeconfig', lab.kubeconfig, '--context', 'lab-admin', ...args], {
    encoding: 'utf8',
  });
}
