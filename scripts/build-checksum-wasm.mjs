// Assembles src/checksum.wat into src/checksum-wasm.ts (the module's bytes as a hex string), so the
// library ships no build-time or run-time dependency for its WebAssembly checksum loop.
//
// This is a small assembler for the subset of the WebAssembly text format that checksum.wat uses:
// one module with memories, functions and exports; parameters, a result and locals, named or not;
// function bodies as flat instruction lists (block / loop / end, no folded forms); the instructions
// listed in OPCODES. Anything else is an error naming the token, never a silent guess.
//
// Usage: node scripts/build-checksum-wasm.mjs           writes src/checksum-wasm.ts
//        node scripts/build-checksum-wasm.mjs --check   exits 1 if src/checksum-wasm.ts is stale
import { readFileSync, writeFileSync } from 'node:fs';

const WAT = new URL('../src/checksum.wat', import.meta.url);
const OUT = new URL('../src/checksum-wasm.ts', import.meta.url);

/** Value types (WebAssembly core spec §5.3.1, SIMD proposal for v128). */
const VALUE_TYPE = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b };

/**
 * Opcodes by name: `[bytes, immediate]`, where the immediate is `local`, `label`, `i32`, `lane`,
 * `memarg:<natural alignment log2>`, `block`, or none.
 */
const OPCODES = {
  block: [[0x02], 'block'],
  loop: [[0x03], 'block'],
  end: [[0x0b]],
  br: [[0x0c], 'label'],
  br_if: [[0x0d], 'label'],
  'local.get': [[0x20], 'local'],
  'local.set': [[0x21], 'local'],
  'local.tee': [[0x22], 'local'],
  'i32.const': [[0x41], 'i32'],
  'i32.eqz': [[0x45]],
  'i32.lt_u': [[0x49]],
  'i32.ge_u': [[0x4f]],
  'i32.add': [[0x6a]],
  'i32.sub': [[0x6b]],
  'i32.and': [[0x71]],
  'v128.load': [simd(0x00), 'memarg:4'],
  'i32x4.extract_lane': [simd(0x1b), 'lane'],
  'i32x4.extadd_pairwise_i16x8_u': [simd(0x7f)],
  'i32x4.add': [simd(0xae)],
};

function simd(op) {
  return [0xfd, ...uleb(op)];
}

function uleb(n) {
  const out = [];
  let v = n >>> 0;
  do {
    let byte = v & 0x7f;
    v >>>= 7;
    if (v !== 0) byte |= 0x80;
    out.push(byte);
  } while (v !== 0);
  return out;
}

function sleb(n) {
  const out = [];
  let v = n | 0;
  for (;;) {
    const byte = v & 0x7f;
    v >>= 7;
    const done = (v === 0 && (byte & 0x40) === 0) || (v === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

function name(text) {
  const bytes = [...Buffer.from(text, 'utf8')];
  return [...uleb(bytes.length), ...bytes];
}

function vector(items) {
  return [...uleb(items.length), ...items.flat()];
}

function section(id, body) {
  return [id, ...uleb(body.length), ...body];
}

/** Tokens: parentheses, strings, atoms; `;;` line comments and `(; ;)` block comments dropped. */
function tokenize(source) {
  const tokens = [];
  let i = 0;
  while (i < source.length) {
    const c = source[i];
    if (/\s/.test(c)) i++;
    else if (source.startsWith(';;', i))
      i = source.indexOf('\n', i) === -1 ? source.length : source.indexOf('\n', i);
    else if (source.startsWith('(;', i)) {
      const end = source.indexOf(';)', i);
      if (end === -1) throw new Error('unterminated block comment');
      i = end + 2;
    } else if (c === '(' || c === ')') {
      tokens.push(c);
      i++;
    } else if (c === '"') {
      const end = source.indexOf('"', i + 1);
      if (end === -1) throw new Error('unterminated string');
      tokens.push({ string: source.slice(i + 1, end) });
      i = end + 1;
    } else {
      let j = i;
      while (j < source.length && !/[\s()";]/.test(source[j])) j++;
      tokens.push(source.slice(i, j));
      i = j;
    }
  }
  return tokens;
}

/** Nested arrays from the tokens. */
function parse(tokens) {
  let i = 0;
  function node() {
    const token = tokens[i++];
    if (token !== '(') {
      if (token === ')') throw new Error('unexpected )');
      return token;
    }
    const list = [];
    while (tokens[i] !== ')') {
      if (i >= tokens.length) throw new Error('missing )');
      list.push(node());
    }
    i++;
    return list;
  }
  const tree = node();
  if (i !== tokens.length) throw new Error('text after the module');
  return tree;
}

function integer(token, what) {
  if (typeof token !== 'string' || !/^-?(0x[0-9a-f]+|[0-9]+)$/i.test(token)) {
    throw new Error(`${what} must be an integer, got ${JSON.stringify(token)}`);
  }
  return Number(token);
}

function valueType(token) {
  const type = VALUE_TYPE[token];
  if (type === undefined) throw new Error(`unknown value type ${JSON.stringify(token)}`);
  return type;
}

/** An `(export "name")` inline field, or undefined. */
function inlineExport(field) {
  const found = field.find((f) => Array.isArray(f) && f[0] === 'export');
  return found === undefined ? undefined : found[1].string;
}

function assembleFunction(field) {
  const params = [];
  const results = [];
  const locals = [];
  const localIndex = new Map();
  const body = [];
  for (const item of field.slice(1)) {
    if (Array.isArray(item)) {
      const [head, ...rest] = item;
      if (head === 'export') continue;
      if (head !== 'param' && head !== 'result' && head !== 'local') {
        throw new Error(`unsupported function field (${head} ...): write instructions flat`);
      }
      if (head === 'result') {
        for (const t of rest) results.push(valueType(t));
        continue;
      }
      const target = head === 'param' ? params : locals;
      if (typeof rest[0] === 'string' && rest[0].startsWith('$')) {
        localIndex.set(rest[0], params.length + locals.length);
        target.push(valueType(rest[1]));
      } else {
        for (const t of rest) target.push(valueType(t));
      }
    } else {
      body.push(item);
    }
  }

  const code = [];
  const labels = []; // innermost last; each a name or null
  for (let i = 0; i < body.length; i++) {
    const op = body[i];
    const entry = OPCODES[op];
    if (entry === undefined) throw new Error(`unsupported instruction ${JSON.stringify(op)}`);
    const [bytes, immediate] = entry;
    code.push(...bytes);
    if (op === 'end') {
      if (labels.length === 0) throw new Error('end without block or loop');
      labels.pop();
    } else if (immediate === 'block') {
      const label = typeof body[i + 1] === 'string' && body[i + 1].startsWith('$') ? body[++i] : null;
      labels.push(label);
      code.push(0x40); // empty block type
    } else if (immediate === 'label') {
      const target = body[++i];
      const depth = target.startsWith('$')
        ? labels.length - 1 - labels.lastIndexOf(target)
        : integer(target, `${op} depth`);
      if (depth < 0 || depth >= labels.length + 1 || (target.startsWith('$') && !labels.includes(target))) {
        throw new Error(`${op} to unknown label ${target}`);
      }
      code.push(...uleb(depth));
    } else if (immediate === 'local') {
      const target = body[++i];
      const index = target.startsWith('$') ? localIndex.get(target) : integer(target, `${op} index`);
      if (index === undefined) throw new Error(`unknown local ${target}`);
      code.push(...uleb(index));
    } else if (immediate === 'i32') {
      code.push(...sleb(integer(body[++i], op)));
    } else if (immediate === 'lane') {
      code.push(integer(body[++i], `${op} lane`));
    } else if (immediate?.startsWith('memarg:')) {
      let align = Number(immediate.slice('memarg:'.length));
      let offset = 0;
      while (typeof body[i + 1] === 'string' && /^(offset|align)=/.test(body[i + 1])) {
        const [key, value] = body[++i].split('=');
        if (key === 'offset') offset = integer(value, 'offset');
        else align = Math.log2(integer(value, 'align'));
      }
      code.push(...uleb(align), ...uleb(offset));
    }
  }
  if (labels.length !== 0) throw new Error('block or loop without end');
  code.push(0x0b);

  // Locals are declared as runs of one type.
  const runs = [];
  for (const type of locals) {
    const last = runs[runs.length - 1];
    if (last !== undefined && last[1] === type) last[0]++;
    else runs.push([1, type]);
  }
  const encodedBody = [...vector(runs.map(([count, type]) => [...uleb(count), type])), ...code];
  return {
    type: [0x60, ...vector(params.map((t) => [t])), ...vector(results.map((t) => [t]))],
    body: [...uleb(encodedBody.length), ...encodedBody],
    exportName: inlineExport(field),
  };
}

/** The module's bytes (WebAssembly core spec §5.5: sections 1 type, 3 function, 5 memory, 7 export, 10 code). */
function assemble(source) {
  const tree = parse(tokenize(source));
  if (!Array.isArray(tree) || tree[0] !== 'module') throw new Error('expected (module ...)');
  const types = [];
  const functions = [];
  const memories = [];
  const exports = [];
  for (const field of tree.slice(1)) {
    if (!Array.isArray(field)) throw new Error(`unexpected ${JSON.stringify(field)} in module`);
    if (field[0] === 'memory') {
      const limits = field.slice(1).filter((f) => !Array.isArray(f));
      const min = integer(limits[0], 'memory minimum');
      const exportName = inlineExport(field);
      if (exportName !== undefined) exports.push([...name(exportName), 0x02, ...uleb(memories.length)]);
      memories.push(
        limits.length > 1
          ? [0x01, ...uleb(min), ...uleb(integer(limits[1], 'memory maximum'))]
          : [0x00, ...uleb(min)],
      );
    } else if (field[0] === 'func') {
      const fn = assembleFunction(field);
      const key = fn.type.join(',');
      let typeIndex = types.findIndex((t) => t.join(',') === key);
      if (typeIndex === -1) typeIndex = types.push(fn.type) - 1;
      if (fn.exportName !== undefined)
        exports.push([...name(fn.exportName), 0x00, ...uleb(functions.length)]);
      functions.push({ typeIndex, body: fn.body });
    } else {
      throw new Error(`unsupported module field (${field[0]} ...)`);
    }
  }
  return Uint8Array.from([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(1, vector(types)),
    ...section(3, vector(functions.map((f) => uleb(f.typeIndex)))),
    ...section(5, vector(memories)),
    ...section(7, vector(exports)),
    ...section(10, vector(functions.map((f) => f.body))),
  ]);
}

/** The TypeScript file that carries the bytes. */
function render(bytes) {
  const hex = Buffer.from(bytes).toString('hex');
  return `// Generated by scripts/build-checksum-wasm.mjs from src/checksum.wat: do not edit by hand.
/**
 * The WebAssembly module assembled from \`checksum.wat\` (${bytes.length} bytes, hex): the SIMD loop behind
 * the checksum functions, see that file.
 *
 * @internal
 */
export const CHECKSUM_WASM_HEX: string =
  '${hex}';
`;
}

const expected = render(assemble(readFileSync(WAT, 'utf8')));
if (process.argv.includes('--check')) {
  const actual = readFileSync(OUT, 'utf8');
  if (actual !== expected) {
    console.error('src/checksum-wasm.ts is out of date: run node scripts/build-checksum-wasm.mjs');
    process.exit(1);
  }
} else {
  writeFileSync(OUT, expected);
}
