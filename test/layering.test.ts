// The floors of src/ (src/README.md draws them): a module imports only modules of a lower floor or
// of its own room, and no chain of imports comes back to where it started. The import lines of
// every file under src/ are read as text, so a new upward import fails here before review.
import { readdirSync, readFileSync } from 'node:fs';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, test } from 'vitest';

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

/**
 * Each room (a file, or a folder together with the file of the same name that re-exports it) and
 * its floor. Rooms on one floor may not import each other. Keep in step with src/README.md.
 */
const FLOORS: readonly (readonly string[])[] = [
  // 0: words every module may use
  ['bytes', 'constants', 'errors', 'guards', 'checksum-wasm'],
  // 1: the option kinds and their codec, lint's problem records, IP address text
  ['options', 'problems', 'address'],
  // 2: the header codec, checksums over given bytes
  ['header', 'checksum'],
  // 3: what needs the header's types or its encoder: sequence numbers, whole segments
  ['seq', 'segment'],
  // 4: what builds on those: lint, the view, tcpdump text, the tracker, handshakes
  ['lint', 'view', 'format', 'tracker', 'handshake'],
  // 5: the package entries and the capture reader (which prints with format and tracks streams)
  ['index', 'capture', 'arbitraries'],
  // 6: the command line
  ['cli'],
];

/** The room of a path under src/ ("options/parse.ts" -> "options", "checksum.ts" -> "checksum"). */
function roomOf(path: string): string {
  const first = path.split('/')[0]!;
  return first.replace(/\.ts$/, '');
}

/** The floor of a room, or undefined for a room the table does not name. */
function floorOf(room: string, floors: readonly (readonly string[])[] = FLOORS): number | undefined {
  const at = floors.findIndex((rooms) => rooms.includes(room));
  return at === -1 ? undefined : at;
}

/** The relative `.ts` imports and re-exports of one source text, as paths under src/. */
function importsOf(file: string, text: string): string[] {
  const out: string[] = [];
  for (const match of text.matchAll(/^(?:import|export)\s[^;]*?\sfrom\s+'(\.[^']+)'/gms)) {
    out.push(posix.normalize(posix.join(posix.dirname(file), match[1]!)));
  }
  return out;
}

/** Every edge that goes to a higher floor, to another room of the same floor, or to an unnamed room. */
function upwardImports(
  graph: ReadonlyMap<string, readonly string[]>,
  floors: readonly (readonly string[])[] = FLOORS,
): string[] {
  const wrong: string[] = [];
  for (const [file, targets] of graph) {
    const from = roomOf(file);
    const fromFloor = floorOf(from, floors);
    for (const target of targets) {
      const to = roomOf(target);
      if (to === from) continue;
      const toFloor = floorOf(to, floors);
      if (fromFloor === undefined || toFloor === undefined || toFloor >= fromFloor) {
        wrong.push(`${file} (floor ${fromFloor ?? '?'}) imports ${target} (floor ${toFloor ?? '?'})`);
      }
    }
  }
  return wrong;
}

/** One import cycle as a list of files, or null when there is none. */
function findCycle(graph: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const target of graph.get(file) ?? []) {
      const cycle = visit(target);
      if (cycle !== null) return cycle;
    }
    path.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of graph.keys()) {
    const cycle = visit(file);
    if (cycle !== null) return cycle;
  }
  return null;
}

function sourceGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  const files = readdirSync(SRC, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.ts'));
  for (const name of files) {
    const file = relative(SRC, join(SRC, name)).split('\\').join('/');
    graph.set(file, importsOf(file, readFileSync(join(SRC, name), 'utf8')));
  }
  return graph;
}

describe('src/ floors', () => {
  const graph = sourceGraph();

  test('the graph is read: every room of the table has files, and imports are found', () => {
    const rooms = new Set([...graph.keys()].map(roomOf));
    for (const room of FLOORS.flat()) expect(rooms, room).toContain(room);
    expect(graph.get('header/decode.ts')).toContain('options.ts');
  });

  test('no module imports a higher floor or a sibling room', () => {
    expect(upwardImports(graph)).toEqual([]);
  });

  test('no import cycle', () => {
    expect(findCycle(graph)).toBeNull();
  });
});

describe('the checks catch what they are for', () => {
  test('an upward import, a sibling import and an unnamed room are reported', () => {
    const graph = new Map([
      ['bytes.ts', ['header/decode.ts']],
      ['lint.ts', ['view.ts']],
      ['stray.ts', ['bytes.ts']],
      ['header/decode.ts', ['options.ts', 'header/types.ts']],
    ]);
    expect(upwardImports(graph)).toEqual([
      'bytes.ts (floor 0) imports header/decode.ts (floor 2)',
      'lint.ts (floor 4) imports view.ts (floor 4)',
      'stray.ts (floor ?) imports bytes.ts (floor 0)',
    ]);
  });

  test('a cycle inside one room is found', () => {
    const graph = new Map([
      ['options.ts', ['options/parse.ts']],
      ['options/parse.ts', ['options/kinds.ts']],
      ['options/kinds.ts', ['options.ts']],
    ]);
    expect(findCycle(graph)).toEqual(['options.ts', 'options/parse.ts', 'options/kinds.ts', 'options.ts']);
  });

  test('imports and re-exports are read, type-only ones too, relative to the importing file', () => {
    const text = [
      "import { a } from '../bytes.ts';",
      "import type {\n  B,\n} from './types.ts';",
      "export { c } from './kinds.ts';",
      "import { d } from 'node:fs';",
    ].join('\n');
    expect(importsOf('options/parse.ts', text)).toEqual(['bytes.ts', 'options/types.ts', 'options/kinds.ts']);
  });
});
