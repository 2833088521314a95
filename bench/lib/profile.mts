/** The heaviest functions of a V8 CPU profile (`.cpuprofile`), by self time, to say what holds a figure back. */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

export interface HotFunction {
  name: string;
  where: string;
  selfMs: number;
  share: number;
}

/** The profile, and a test for samples under the benchmark's own probe (starting and stopping the profiler). */
function load(file: string): { profile: CpuProfile; byId: Map<number, ProfileNode>; isProbe: (id: number) => boolean } {
  const profile = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const probe = new Map<number, boolean>();
  const isProbe = (id: number): boolean => {
    const known = probe.get(id);
    if (known !== undefined) return known;
    const up = parent.get(id);
    const result = (byId.get(id)?.callFrame.url ?? '').includes('/bench/proc/') || (up !== undefined && isProbe(up));
    probe.set(id, result);
    return result;
  };
  return { profile, byId, isProbe };
}

export function hotFunctions(
  file: string,
  root: string,
  top = 15,
): { totalMs: number; busyMs: number; functions: HotFunction[] } {
  const { profile, byId, isProbe } = load(file);
  const self = new Map<number, number>();
  profile.samples.forEach((id, i) => {
    if (!isProbe(id)) self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  const totals = new Map<string, HotFunction>();
  let totalUs = 0;
  let idleUs = 0;
  for (const [id, us] of self) {
    totalUs += us;
    const frame = byId.get(id)?.callFrame;
    const name = frame?.functionName || '(anonymous)';
    if (name === '(idle)') idleUs += us;
    const url = frame?.url ? relative(root, frame.url.replace(/^file:\/\//, '')) : '';
    const where = url ? `${url}:${(frame?.lineNumber ?? 0) + 1}` : '';
    const key = `${name}@${where}`;
    const entry = totals.get(key) ?? { name, where, selfMs: 0, share: 0 };
    entry.selfMs += us / 1000;
    totals.set(key, entry);
  }
  const busyMs = (totalUs - idleUs) / 1000;
  const functions = [...totals.values()]
    .filter((f) => f.name !== '(idle)')
    .sort((a, b) => b.selfMs - a.selfMs)
    .slice(0, top)
    .map((f) => ({ ...f, share: busyMs > 0 ? f.selfMs / busyMs : 0 }));
  return { totalMs: totalUs / 1000, busyMs, functions };
}

export interface Block {
  /** Milliseconds from the start of the profile. */
  atMs: number;
  durationMs: number;
  /** The functions that took most of it (self time), heaviest first. */
  top: { name: string; where: string; ms: number }[];
}

/**
 * The longest stretches of consecutive non-idle samples: what kept the event loop from turning (a
 * block of busy samples is one long task, or several with no idle time between them).
 */
export function longestBlocks(file: string, root: string, count = 5): Block[] {
  const { profile, byId, isProbe } = load(file);
  const blocks: Block[] = [];
  let t = 0;
  let start = -1;
  let acc = new Map<string, { name: string; where: string; ms: number }>();
  const close = (end: number): void => {
    if (start >= 0) {
      const top = [...acc.values()].sort((a, b) => b.ms - a.ms).slice(0, 4);
      blocks.push({ atMs: start / 1000, durationMs: (end - start) / 1000, top });
    }
    start = -1;
    acc = new Map();
  };
  profile.samples.forEach((id, i) => {
    const delta = profile.timeDeltas[i] ?? 0;
    const frame = byId.get(id)?.callFrame;
    const name = frame?.functionName || '(anonymous)';
    if (name === '(idle)' || isProbe(id)) {
      close(t);
    } else {
      if (start < 0) start = t;
      const url = frame?.url ? relative(root, frame.url.replace(/^file:\/\//, '')) : '';
      const where = url ? `${url}:${(frame?.lineNumber ?? 0) + 1}` : '';
      const key = `${name}@${where}`;
      const entry = acc.get(key) ?? { name, where, ms: 0 };
      entry.ms += delta / 1000;
      acc.set(key, entry);
    }
    t += delta;
  });
  close(t);
  return blocks.sort((a, b) => b.durationMs - a.durationMs).slice(0, count);
}

export function printHot(
  title: string,
  file: string,
  root: string,
): ReturnType<typeof hotFunctions> & { blocks: Block[] } {
  const hot = hotFunctions(file, root);
  const blocks = longestBlocks(file, root);
  process.stdout.write(
    `\n  CPU profile (${title}): ${hot.busyMs.toFixed(0)} ms busy of ${hot.totalMs.toFixed(0)} ms — ${relative(root, file)}\n`,
  );
  for (const f of hot.functions) {
    process.stdout.write(
      `    ${(f.share * 100).toFixed(1).padStart(5)} %  ${f.selfMs.toFixed(1).padStart(8)} ms  ${f.name}  ${f.where}\n`,
    );
  }
  process.stdout.write('  longest stretches without an idle sample (what held the event loop):\n');
  for (const b of blocks) {
    const top = b.top.map((f) => `${f.name} ${f.ms.toFixed(1)} ms${f.where ? ` (${f.where})` : ''}`).join(', ');
    process.stdout.write(`    ${b.durationMs.toFixed(1).padStart(7)} ms at ${(b.atMs / 1000).toFixed(2)} s: ${top}\n`);
  }
  return { ...hot, blocks };
}
