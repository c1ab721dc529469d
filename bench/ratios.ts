/**
 * Collects each bench task's median and prints, when the run is over, nanoseconds per operation
 * and each operation's ratio to its baseline in the same run.
 *
 * The suite runs in rounds (every task once per round, one after the other), and a ratio is taken
 * within each round and then the median over the rounds: on a shared machine the load changes from
 * one second to the next, and two tasks run seconds apart would otherwise be compared under
 * different loads. The table also gives the lowest and highest of the rounds' ratios.
 *
 * vitest's bench runner has no `afterAll`, so each task gets tinybench `setup` that listens for the
 * task's `cycle` event (fired once its samples are in and sorted, before vitest drops them).
 */
import type { BenchOptions, BenchTask } from 'vitest';

/** One measured operation: which header, which operation, and how many inputs each call covers. */
export interface Measured {
  /** Which round of the suite (1..rounds). */
  round: number;
  header: string;
  operation: string;
  inputs: number;
}

/** A ratio line of the report: `operation` divided by `baseline` on the same header. */
export interface Comparison {
  operation: string;
  baseline: string;
  /**
   * What the ratio must stay within, as the goal states it (for the report only, never asserted);
   * none for a ratio printed for information.
   */
  goal?: number;
}

const medians = new Map<string, number>();
let expected = 0;

const key = (round: number, header: string, operation: string): string =>
  `${round}\u0000${header}\u0000${operation}`;
let rounds = 1;

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
          medians.set(key(m.round, m.header, m.operation), (median(samples) * 1e6) / m.inputs);
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

/** Declares the table the report prints once every measured task of every round has finished. */
export function reportWhenDone(
  roundCount: number,
  headerNames: readonly string[],
  operationNames: readonly string[],
  ratios: readonly Comparison[],
): void {
  rounds = roundCount;
  headers = headerNames;
  operations = operationNames;
  comparisons = ratios;
}

const pad = (text: string, width: number): string => text.padStart(width);

/** The value of `perRound` in each round where it is defined, sorted. */
function overRounds(perRound: (round: number) => number | undefined): number[] {
  const values: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const value = perRound(round);
    if (value !== undefined) values.push(value);
  }
  return values.sort((a, b) => a - b);
}

function printReport(): void {
  const labels = [...operations, ...comparisons.map(label)];
  const first = Math.max(...labels.map((l) => l.length)) + 2;
  const column = Math.max(...headers.map((h) => h.length), 'x.xx (x.xx-x.xx)'.length) + 2;
  const lines: string[] = [];
  lines.push('', `ns per operation (CPU time; median of the samples in a round, then over ${rounds} rounds)`);
  lines.push(`${''.padEnd(first)}${headers.map((h) => pad(h, column)).join('')}`);
  for (const operation of operations) {
    const cells = headers.map((h) => {
      const values = overRounds((round) => medians.get(key(round, h, operation)));
      return pad(values.length === 0 ? '-' : median(values).toFixed(1), column);
    });
    lines.push(`${operation.padEnd(first)}${cells.join('')}`);
  }
  lines.push(
    '',
    'ratios: median over the rounds of the ratio within each round (lowest-highest); goal, if any, in brackets',
  );
  for (const c of comparisons) {
    const cells = headers.map((h) => {
      const values = overRounds((round) => {
        const a = medians.get(key(round, h, c.operation));
        const b = medians.get(key(round, h, c.baseline));
        return a === undefined || b === undefined ? undefined : a / b;
      });
      if (values.length === 0) return pad('-', column);
      const range = `${values[0]!.toFixed(2)}-${values[values.length - 1]!.toFixed(2)}`;
      return pad(`${median(values).toFixed(2)} (${range})`, column);
    });
    lines.push(`${label(c).padEnd(first)}${cells.join('')}`);
  }
  lines.push('');
  console.log(lines.join('\n'));
}

function label(c: Comparison): string {
  return `${c.operation} / ${c.baseline}${c.goal === undefined ? '' : ` [<= ${c.goal}]`}`;
}
