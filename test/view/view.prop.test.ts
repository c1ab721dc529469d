// Model-based test of TcpView's setters (fast-check commands): random sequences of setter calls,
// valid and invalid, applied to a view over a header inside a larger buffer and to a plain header
// object (the model). After every step the view's getters and toHeader() agree with the model, and
// no byte outside the header's fields has changed.
// Runs: FUZZ_RUNS (default 300); `npm run test:fuzz` runs 200 000.
import { fc, test } from '@fast-check/vitest';
import { expect } from 'vitest';
import { tcpHeader } from '../../src/arbitraries/index.ts';
import type { TcpFlags, TcpHeader } from '../../src/header.ts';
import { encode } from '../../src/header.ts';
import { TcpView } from '../../src/view.ts';

const { FUZZ_RUNS } = process.env;
const numRuns = Number(FUZZ_RUNS ?? 300);
if (!Number.isInteger(numRuns) || numRuns < 1) throw new Error('FUZZ_RUNS must be a positive integer');

type NumberField =
  | 'srcPort'
  | 'dstPort'
  | 'seq'
  | 'ack'
  | 'reserved'
  | 'window'
  | 'checksum'
  | 'urgentPointer';
type FlagName = keyof TcpFlags;

const FLAG_NAMES: readonly FlagName[] = ['ns', 'cwr', 'ece', 'urg', 'ack', 'psh', 'rst', 'syn', 'fin'];
/** The largest value of each field (RFC 9293 §3.1 widths). */
const MAX: Readonly<Record<NumberField, number>> = {
  srcPort: 0xffff,
  dstPort: 0xffff,
  seq: 0xffffffff,
  ack: 0xffffffff,
  reserved: 7,
  window: 0xffff,
  checksum: 0xffff,
  urgentPointer: 0xffff,
};
const NUMBER_FIELDS = Object.keys(MAX) as NumberField[];

/** The model: the header the bytes should decode to. */
interface Model {
  header: TcpHeader;
}

/** The system under test: a view at `offset` in `bytes`, with copies of the bytes around the header. */
interface Real {
  bytes: Uint8Array;
  view: TcpView;
  offset: number;
  before: Uint8Array;
  after: Uint8Array;
}

function agree(m: Model, r: Real): void {
  const { view } = r;
  const h = m.header;
  for (const field of NUMBER_FIELDS) expect(view[field], field).toBe(h[field]);
  for (const name of FLAG_NAMES) expect(view.flags[name], `flags.${name}`).toBe(h.flags[name]);
  expect(view.dataOffset).toBe(h.dataOffset);
  // flagBits packs reserved (3 bits), then NS, CWR, ECE, URG, ACK, PSH, RST, SYN, FIN (RFC 9293 §3.1).
  const bits = FLAG_NAMES.reduce((acc, name) => (acc << 1) | (h.flags[name] ? 1 : 0), h.reserved);
  expect(view.flagBits).toBe(bits);
  expect(view.toHeader()).toEqual(h);
  const end = r.offset + h.dataOffset * 4;
  expect(r.bytes.subarray(0, r.offset)).toEqual(r.before);
  expect(r.bytes.subarray(end)).toEqual(r.after);
}

class SetNumber implements fc.Command<Model, Real> {
  readonly field: NumberField;
  readonly value: number;
  constructor(field: NumberField, value: number) {
    this.field = field;
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    r.view[this.field] = this.value;
    m.header[this.field] = this.value;
    agree(m, r);
  }
  toString(): string {
    return `view.${this.field} = ${this.value}`;
  }
}

class SetFlag implements fc.Command<Model, Real> {
  readonly name: FlagName;
  readonly value: boolean;
  constructor(name: FlagName, value: boolean) {
    this.name = name;
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    r.view.flags[this.name] = this.value;
    m.header.flags[this.name] = this.value;
    agree(m, r);
  }
  toString(): string {
    return `view.flags.${this.name} = ${this.value}`;
  }
}

class SetFlagBits implements fc.Command<Model, Real> {
  readonly value: number;
  constructor(value: number) {
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    r.view.flagBits = this.value;
    m.header.reserved = this.value >> 9;
    FLAG_NAMES.forEach((name, i) => {
      m.header.flags[name] = ((this.value >> (8 - i)) & 1) === 1;
    });
    agree(m, r);
  }
  toString(): string {
    return `view.flagBits = 0x${this.value.toString(16)}`;
  }
}

/** A value the encoder refuses: the setter throws the same kind of error and writes nothing. */
class SetBad implements fc.Command<Model, Real> {
  /** `view` for a number field or flagBits, `flags` for a flag. */
  readonly on: 'view' | 'flags';
  readonly field: string;
  readonly value: unknown;
  constructor(on: 'view' | 'flags', field: string, value: unknown) {
    this.on = on;
    this.field = field;
    this.value = value;
  }
  check(): boolean {
    return true;
  }
  run(m: Model, r: Real): void {
    const copy = r.bytes.slice();
    const isFlag = this.on === 'flags';
    const target = (isFlag ? r.view.flags : r.view) as unknown as Record<string, unknown>;
    const expected = typeof this.value === (isFlag ? 'boolean' : 'number') ? RangeError : TypeError;
    expect(() => {
      target[this.field] = this.value;
    }).toThrow(expected);
    expect(r.bytes).toEqual(copy);
    agree(m, r);
  }
  toString(): string {
    return `view.${this.on === 'flags' ? 'flags.' : ''}${this.field} = ${String(this.value)} (refused)`;
  }
}

const numberCommand = fc
  .constantFrom(...NUMBER_FIELDS)
  .chain((field) =>
    fc
      .oneof(fc.integer({ min: 0, max: MAX[field] }), fc.constantFrom(0, MAX[field]))
      .map((value) => new SetNumber(field, value)),
  );
const flagCommand = fc
  .tuple(fc.constantFrom(...FLAG_NAMES), fc.boolean())
  .map(([name, value]) => new SetFlag(name, value));
const flagBitsCommand = fc.integer({ min: 0, max: 0xfff }).map((value) => new SetFlagBits(value));
const badCommand = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...NUMBER_FIELDS, 'flagBits' as const),
      fc.oneof(
        fc.constantFrom(-1, 0.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 32),
        fc.constantFrom('1', null, undefined, true),
      ),
    )
    .map(([field, value]) => new SetBad('view', field, value)),
  fc
    .tuple(fc.constantFrom(...FLAG_NAMES), fc.constantFrom(0, 1, 'true', null, undefined))
    .map(([name, value]) => new SetBad('flags', name, value)),
  // Just past each field's range.
  fc.constantFrom(...NUMBER_FIELDS).map((field) => new SetBad('view', field, MAX[field] + 1)),
);

/** A header, the offset it sits at, and the bytes before and after it. */
const setup = fc.record({
  header: tcpHeader(fc),
  before: fc.uint8Array({ maxLength: 8 }),
  after: fc.uint8Array({ maxLength: 8 }),
});

test.prop(
  [setup, fc.commands([numberCommand, flagCommand, flagBitsCommand, badCommand], { maxCommands: 40 })],
  {
    numRuns,
  },
)('view setters and a plain header agree after every step', ({ header, before, after }, commands) => {
  const encoded = encode(header);
  const bytes = new Uint8Array(before.length + encoded.length + after.length);
  bytes.set(before, 0);
  bytes.set(encoded, before.length);
  bytes.set(after, before.length + encoded.length);
  const model: Model = { header: structuredClone(header) };
  const real: Real = {
    bytes,
    view: TcpView.from(bytes, before.length),
    offset: before.length,
    before,
    after,
  };
  agree(model, real);
  fc.modelRun(() => ({ model, real }), commands);
});
