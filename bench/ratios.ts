/**
 * Collects each bench task's median and prints, when the run is over, nanoseconds per operation
 * and each operation's ratio to its baseline in the same run.
 *
 * vitest's bench runner has no `afterAll`, so each task gets tinybench `setup` that listens for the
 * task's `cycle` event (fired once its samples are in and sorted, before vitest drops them).
 */
import type { BenchOptions, BenchTask } from 'vitest';

/** One measured operation: which header, which operation, and how many inputs each call covers. */
export interface Measured {
  header: string;
  operation: string;
  inputs: number;
}

/** A ratio line of the report: `operation` divided by `baseline` on the same header. */
export interface Comparison {
  operation: string;
  baseline: string;
  /** What the ratio must stay within, as the goal states it (for the report only, never asserted). */
  goal: number;
}

const medians = new Map<string, number>();
let expected = 0;

const key = (header: string, operation: string): string => `${header}\u0000${operation}`;

function median(sorted: readonly number[]): number {
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/**
 * Bench options that record the task's median time per operation (ns) under `header`/`operation`.
 * `time` and `warmupTime` are in milliseconds of `now`, the clock (milliseconds).
 */
export function measured(m: Measured, time: number, warmupTime: number, now: () => number): BenchOptions {
  expected++;
  return {
    time,
    warmupTime,
    now,
    setup(task?: BenchTask, mode?: 'run' | 'warmup'): void {
      if (task === undefined || mode !== 'run') return;
      task.addEventListener(
        'cycle',
        () => {
          const samples = task.result?.samples ?? [];
          if (samples.length === 0) return;
          // Samples are milliseconds per call; each call covers `inputs` operations.
          medians.set(key(m.header, m.operation), (median(samples) * 1e6) / m.inputs);
          if (medians.size === expected) printReport();
        },
        { once: true },
      );
    },
  };
}

let headers: readonly string[] = [];
let operations: readonly string[] = [];
let comparisons: readonly Comparison[] = [];

/** Declares the table the report prints once every measured task has finished. */
export function reportWhenDone(
  headerNames: readonly string[],
  operationNames: readonly string[],
  ratios: readonly Comparison[],
): void {
  headers = headerNames;
  operations = operationNames;
  comparisons = ratios;
}

const pad = (text: string, width: number): string => text.padStart(width);

function printReport(): void {
  const labels = [...operations, ...comparisons.map(label)];
  const first = Math.max(...labels.map((l) => l.length)) + 2;
  const column = Math.max(...headers.map((h) => h.length)) + 2;
  const lines: string[] = [];
  lines.push('', 'ns per operation (median of the samples in this run; CPU time)');
  lines.push(`${''.padEnd(first)}${headers.map((h) => pad(h, column)).join('')}`);
  for (const operation of operations) {
    const cells = headers.map((h) => {
      const ns = medians.get(key(h, operation));
      return pad(ns === undefined ? '-' : ns.toFixed(1), column);
    });
    lines.push(`${operation.padEnd(first)}${cells.join('')}`);
  }
  lines.push('', 'ratios (same run; the goal in brackets)');
  for (const c of comparisons) {
    const cells = headers.map((h) => {
      const a = medians.get(key(h, c.operation));
      const b = medians.get(key(h, c.baseline));
      return pad(a === undefined || b === undefined ? '-' : `${(a / b).toFixed(2)}x`, column);
    });
    lines.push(`${label(c).padEnd(first)}${cells.join('')}`);
  }
  lines.push('');
  console.log(lines.join('\n'));
}

function label(c: Comparison): string {
  return `${c.operation} / ${c.baseline} [<= ${c.goal}]`;
}
