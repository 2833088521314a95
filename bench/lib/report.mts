/**
 * What every benchmark prints: each figure with its baseline (measured in the same run), the ratio,
 * PASS/MISS against its target (a miss says by how much), then one line of JSON, also written to
 * bench/results/.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { NICE } from './child.mts';
import { bytes, ms, round } from './stats.mts';

export type Unit = 'ms' | 'bytes' | 'count' | 'ratio';

export interface Target {
  label: string;
  pass: boolean;
  /** The figure against the limit; for a miss, by how much. */
  detail: string;
}

/** One row of a figure: a named statistic of ours and of the baseline. */
export interface Stat {
  name: string;
  ours: number;
  baseline: number | null;
}

export interface Figure {
  id: string;
  title: string;
  unit: Unit;
  oursLabel: string;
  baselineLabel: string;
  stats: Stat[];
  /** How the ratio reads, e.g. "× faster (baseline / ours)". */
  ratioLabel: string;
  /** Ratio per stat name (same order as `stats`). */
  ratios: Record<string, number | null>;
  targets: Target[];
  /** Sample counts and anything else worth keeping in the JSON. */
  extra: Record<string, unknown>;
}

export function format(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return ms(value);
    case 'bytes':
      return bytes(value);
    case 'ratio':
      return `${value.toFixed(1)}×`;
    default:
      return Number.isFinite(value) ? `${round(value, 1)}` : 'n/a';
  }
}

/** ≤ limit; a miss says by how much and by what share of the limit. */
export function atMost(label: string, value: number, limit: number, unit: Unit): Target {
  const pass = value <= limit;
  const over = value - limit;
  return {
    label,
    pass,
    detail: pass
      ? `${format(value, unit)} ≤ ${format(limit, unit)}`
      : `${format(value, unit)} > ${format(limit, unit)}: missed by ${format(over, unit)} (+${((over / limit) * 100).toFixed(0)} %)`,
  };
}

/** ≥ limit; a miss says by how much. */
export function atLeast(label: string, value: number, limit: number, unit: Unit): Target {
  const pass = value >= limit;
  const under = limit - value;
  return {
    label,
    pass,
    detail: pass
      ? `${format(value, unit)} ≥ ${format(limit, unit)}`
      : `${format(value, unit)} < ${format(limit, unit)}: missed by ${format(under, unit)} (−${((under / limit) * 100).toFixed(0)} %)`,
  };
}

/** Equality of counts (e.g. upstream watches). */
export function exactly(label: string, value: number, expected: number): Target {
  return {
    label,
    pass: value === expected,
    detail: value === expected ? `${value} = ${expected}` : `${value} ≠ ${expected}: off by ${value - expected}`,
  };
}

function gitCommit(root: string): string {
  try {
    const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
      cwd: root,
      encoding: 'utf8',
      timeout: 10_000,
    }).trim();
    const dirty =
      execFileSync('git', ['status', '--porcelain', '--', 'apps', 'libs'], {
        cwd: root,
        encoding: 'utf8',
        timeout: 10_000,
      }).trim() !== '';
    return dirty ? `${head}+uncommitted changes in apps/libs` : head;
  } catch {
    return 'unknown';
  }
}

const load = (): number[] => loadavg().map((l) => round(l, 2));

export class Report {
  readonly scenario: string;
  private readonly root: string;
  private readonly figures: Figure[] = [];
  private readonly notes: string[] = [];
  private readonly context: Record<string, unknown> = {};
  private readonly startedAt = new Date();
  private readonly loadAtStart = load();
  private readonly commit: string;

  constructor(scenario: string, root: string) {
    this.scenario = scenario;
    this.root = root;
    // The code under test is the working tree when the run starts.
    this.commit = gitCommit(root);
    if (NICE !== null) {
      this.context['nice'] = NICE;
      process.stdout.write(
        `  note: --nice ${NICE}: the benchmark's processes run at that priority (a diagnostic; the apiserver does not)\n`,
      );
    }
  }

  /** Run facts for the JSON (lab size, API mode, sample counts …). */
  set(key: string, value: unknown): void {
    this.context[key] = value;
  }

  note(text: string): void {
    this.notes.push(text);
    process.stdout.write(`  note: ${text}\n`);
  }

  add(figure: Figure): void {
    this.figures.push(figure);
    const out: string[] = [`\n[${this.scenario}] ${figure.title}`];
    const pad = (s: string, n: number): string => s.padEnd(n);
    const row = (who: string, pick: (s: Stat) => number | null, label: string): string =>
      `  ${pad(who, 9)} ${figure.stats.map((s) => `${s.name} ${pad(format(pick(s) ?? NaN, figure.unit), 10)}`).join(' ')}  ${label}`;
    out.push(row('ours', (s) => s.ours, figure.oursLabel));
    if (figure.stats.some((s) => s.baseline !== null))
      out.push(row('baseline', (s) => s.baseline, figure.baselineLabel));
    else out.push(`  baseline  ${figure.baselineLabel}`);
    const ratios = figure.stats
      .map((s) => [s.name, figure.ratios[s.name]] as const)
      .filter((r): r is readonly [string, number] => typeof r[1] === 'number' && Number.isFinite(r[1]));
    if (ratios.length > 0)
      out.push(`  ratio     ${ratios.map(([name, r]) => `${name} ${r.toFixed(1)}×`).join('  ')}  ${figure.ratioLabel}`);
    for (const t of figure.targets)
      out.push(`  target    ${pad(t.label, 34)} ${t.pass ? 'PASS' : 'MISS'}  ${t.detail}`);
    process.stdout.write(out.join('\n') + '\n');
  }

  /** Prints the verdict line and the JSON line (last line of stdout), and writes the results file. */
  finish(): { pass: boolean; file: string } {
    const targets = this.figures.flatMap((f) => f.targets.map((t) => ({ figure: f.id, ...t })));
    const missed = targets.filter((t) => !t.pass);
    const result = {
      scenario: this.scenario,
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      machine: {
        cpus: cpus().length,
        memory: totalmem(),
        node: process.version,
        loadAtStart: this.loadAtStart,
        loadAtEnd: load(),
      },
      commit: this.commit,
      context: this.context,
      figures: this.figures.map((f) => ({
        ...f,
        stats: f.stats.map((s) => ({
          name: s.name,
          ours: round(s.ours),
          baseline: s.baseline === null ? null : round(s.baseline),
        })),
        ratios: Object.fromEntries(Object.entries(f.ratios).map(([k, v]) => [k, v === null ? null : round(v, 2)])),
      })),
      targets,
      pass: missed.length === 0,
      notes: this.notes,
    };
    const dir = join(this.root, 'bench', 'results');
    mkdirSync(dir, { recursive: true });
    const file = join(dir, `${this.scenario}-${this.startedAt.toISOString().replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
    process.stdout.write(
      `\n[${this.scenario}] ${targets.length - missed.length}/${targets.length} targets met` +
        (missed.length > 0 ? `; missed: ${missed.map((t) => `${t.figure} ${t.label}`).join('; ')}` : '') +
        `  (load average ${this.loadAtStart.join(' ')} → ${load().join(' ')}; ${cpus().length} CPUs)\n` +
        `[${this.scenario}] results: ${file}\n`,
    );
    process.stdout.write(JSON.stringify(result) + '\n');
    return { pass: missed.length === 0, file };
  }
}
