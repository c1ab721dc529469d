/**
 * The encoder half of the fuzz harness: hostile JavaScript values thrown at encode, encodedLength
 * and encodeInto (changing getters, Proxies, holes, sparse and huge arrays, BigInt, NaN, -0,
 * frozen and prototype-less objects), held to docs/rules.md E4, E7 and E9: only a TypeError or
 * RangeError naming the field, nothing written on an error, nothing written outside the length
 * returned, and the three functions agreeing.
 */
import { describe, Finding } from './captures.mjs';

/** Values a hostile caller puts in a field. */
const ODD = [
  Number.NaN,
  -0,
  -1,
  1.5,
  2 ** 32,
  2 ** 53,
  Number.POSITIVE_INFINITY,
  1n,
  '1',
  '',
  null,
  undefined,
  true,
  {},
  [],
  () => 1,
  Symbol('x'),
  { valueOf: () => 1 },
];

/** An array that claims `length` elements and holds none. */
const claiming = (length) => new Proxy([], { get: (t, k) => (k === 'length' ? length : Reflect.get(t, k)) });

/** `value` behind Proxies whose properties answer the truth first, then `next()` on later reads. */
function twoFaced(value, next) {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return value;
  const asked = new Set();
  return new Proxy(value, {
    get(object, key, receiver) {
      const truth = Reflect.get(object, key, receiver);
      if (typeof key === 'symbol') return truth;
      if (asked.has(key)) return next();
      asked.add(key);
      return twoFaced(truth, next);
    },
  });
}

/** A deep copy of plain objects and arrays (byte arrays shared), for changing one part. */
function copy(value) {
  if (Array.isArray(value)) return value.map(copy);
  if (typeof value === 'object' && value !== null && !(value instanceof Uint8Array)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, copy(v)]));
  }
  return value;
}

/** Every [container, key] inside `value`, for picking one to damage. */
function places(value, out = []) {
  if (typeof value !== 'object' || value === null || value instanceof Uint8Array) return out;
  for (const key of Object.keys(value)) {
    out.push([value, key]);
    places(value[key], out);
  }
  return out;
}

/**
 * One hostile change of `header` (a valid header), chosen by `random`; `stable` when reading it
 * twice gives the same answers (no changing getter).
 */
function damage(header, random) {
  const h = copy(header);
  const spots = places(h);
  const kind = random.int(7);
  return { value: damaged(h, spots, kind, random), stable: kind !== 6 };
}

function damaged(h, spots, kind, random) {
  switch (kind) {
    case 0: {
      const [container, key] = random.pick(spots);
      container[key] = random.pick(ODD);
      return h;
    }
    case 1: {
      // A hole where an element was.
      const arrays = spots.filter(([c]) => Array.isArray(c));
      if (arrays.length > 0) {
        const [container, key] = random.pick(arrays);
        delete container[key];
      }
      return h;
    }
    case 2: {
      const [container, key] = random.pick(spots);
      container[key] = claiming(random.pick([41, 4_000_000, 2 ** 32 - 1]));
      return h;
    }
    case 3:
      return Object.freeze(h);
    case 4: {
      const bare = Object.create(null);
      Object.assign(bare, h);
      return bare;
    }
    case 5: {
      const [container, key] = random.pick(spots);
      container[key] = random.chance(0.5) ? new Array(random.int(50)) : new Array(3).fill(random.pick(ODD));
      return h;
    }
    default:
      return twoFaced(h, () => random.pick(ODD));
  }
}

/** A finding unless `error` is a TypeError or RangeError whose message starts with a field's name. */
function expectArgumentError(error, what) {
  const named =
    (error instanceof TypeError || error instanceof RangeError) &&
    /^(header|srcPort|dstPort|seq|ack|reserved|window|checksum|urgentPointer|dataOffset|flags|options|padding|target|offset)\b/.test(
      error.message,
    );
  if (!named) throw new Finding('encoder-error', `${what} threw ${describe(error)}`);
}

/**
 * Damages a valid header from the arbitraries and holds the three encoders to their guarantees.
 *
 * @throws {@link Finding} for a broken guarantee
 */
export function checkEncoders(lib, header, random) {
  const { value: hostile, stable } = damage(header, random);
  const craft = random.chance(0.2) ? { craft: true } : undefined;
  // Sometimes an offset that is no index at all.
  const odd = random.chance(0.05) ? random.pick(ODD) : undefined;
  const offset = odd === undefined ? random.int(8) : 0;
  const target = new Uint8Array(offset + 64).fill(0xa5);
  let written = -1;
  try {
    written = lib.encodeInto(hostile, target, odd ?? offset, craft);
  } catch (error) {
    expectArgumentError(error, 'encodeInto');
    if (!target.every((b) => b === 0xa5))
      throw new Finding('written-on-error', `encodeInto threw ${describe(error)} after writing`);
    if (stable && odd === undefined) agree(lib, hostile, craft, describe(error));
    return;
  }
  if (!(written >= 20 && written <= 60))
    throw new Finding('encoder-length', `encodeInto returned ${written}`);
  for (let i = 0; i < target.length; i++) {
    if ((i < offset || i >= offset + written) && target[i] !== 0xa5) {
      throw new Finding('written-outside', `encodeInto returned ${written} and wrote byte ${i - offset}`);
    }
  }
  if (stable && odd === undefined)
    agree(lib, hostile, craft, Buffer.from(target.subarray(offset, offset + written)).toString('hex'));
}

/** encode and encodedLength say what encodeInto said: the same bytes, or the same error. */
function agree(lib, value, craft, said) {
  let viaEncode;
  let length;
  try {
    viaEncode = Buffer.from(lib.encode(value, craft)).toString('hex');
    length = lib.encodedLength(value, craft);
  } catch (error) {
    viaEncode = describe(error);
  }
  if (viaEncode !== said) throw new Finding('encoders-disagree', `encodeInto: ${said}; encode: ${viaEncode}`);
  if (length !== undefined && length * 2 !== said.length) {
    throw new Finding('encoders-disagree', `encodedLength ${length} for ${said.length / 2} bytes`);
  }
}
