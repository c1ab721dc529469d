/**
 * The argument checks shared by every public function: a bad *argument* (wrong type, value out of
 * range) is a `TypeError` or `RangeError` whose message names the argument and the allowed range.
 *
 * Internal: not exported from the package.
 *
 * @module
 */

/**
 * Whether `value` is a `Uint8Array` (a Node `Buffer` is one), also from another realm. A Proxy of
 * one is not: `instanceof` sees through it, but its elements would be whatever its traps answer
 * (`ArrayBuffer.isView` is true only for a real view).
 */
export function isBytes(value: unknown): value is Uint8Array {
  return (
    ArrayBuffer.isView(value) &&
    (value instanceof Uint8Array ||
      (value.constructor !== undefined && value.constructor.name === 'Uint8Array'))
  );
}

/**
 * Checks that `value` is a `Uint8Array` and returns its length, read once. A subclass or a Proxy may
 * answer anything for `length`: only a whole number is taken, and the caller then reads exactly that
 * many bytes by index (an index past the real end reads as 0).
 */
export function bytesLength(value: unknown, label: string): number {
  // The common case in one test; isBytes (another realm's Uint8Array) and the message only when it fails.
  if (!(value instanceof Uint8Array && ArrayBuffer.isView(value))) assertBytes(value, label);
  const n: unknown = (value as Uint8Array).length;
  if (typeof n === 'number' && n >>> 0 === n) return n;
  throw new TypeError(`${label} must be a Uint8Array, got one whose length reads ${describe(n)}`);
}

/** Throws a `TypeError` naming `label` unless `value` is a `Uint8Array`. */
export function assertBytes(value: unknown, label: string): asserts value is Uint8Array {
  if (isBytes(value)) return;
  throw new TypeError(`${label} must be a Uint8Array, got ${describe(value)}`);
}

/** Throws a `TypeError` naming `label` unless `value` is a boolean. */
export function assertBoolean(value: unknown, label: string): asserts value is boolean {
  if (typeof value === 'boolean') return;
  throw new TypeError(`${label} must be a boolean, got ${describe(value)}`);
}

/**
 * Throws unless `value` is an integer in `min..max`: a `TypeError` for a non-number, a `RangeError`
 * otherwise. The message reads "`label` must be an integer in min..max, got value".
 */
export function assertInteger(
  value: unknown,
  label: string,
  min: number,
  max: number,
): asserts value is number {
  if (typeof value === 'number' && Number.isInteger(value) && value >= min && value <= max) return;
  throw integerError(value, label, min, max);
}

/**
 * The error {@link assertInteger} throws for a `value` that failed its check: for callers that test
 * the common case inline and build the message only when it fails.
 */
export function integerError(value: unknown, label: string, min: number, max: number): Error {
  const message = `${label} must be an integer in ${min}..${max}, got ${describe(value)}`;
  return typeof value === 'number' ? new RangeError(message) : new TypeError(message);
}

/** Checks that `offset` is an integer in `0..bytes.length`, the start of a read or write. */
export function assertOffset(offset: unknown, length: number, label = 'offset'): asserts offset is number {
  assertInteger(offset, label, 0, length);
}

/** A short, safe description of any value for an error message. */
export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  // A BigInt with its n: "got 3" would read as a valid number.
  if (typeof value === 'bigint') return `${value}n`;
  if (typeof value === 'undefined') return 'undefined';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `${value.constructor.name} of length ${value.byteLength}`;
  if (typeof value === 'function') return 'a function';
  return typeof value === 'object' ? 'an object' : typeof value;
}
