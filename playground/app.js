// The header playground: plain DOM code over the library's ESM build, no framework.
// The bytes are the one source of truth: every input (hex, a capture, an edited field) produces
// new bytes, and everything on the page is drawn again from them.
import * as tcp from '../dist/index.js';

/** Examples, all captured on real networks (test/fixtures/corpus, from tcpdump's test suite). */
const SAMPLES = {
  // tcp-handshake-nano.pcap, frame 1: a Linux SYN with MSS, SACK-permitted, timestamps, window scale.
  syn: {
    hex: 'b64000502f842acb00000000a0026a4050c40000020405500402080a436a03620000000001030307',
    src: '131.155.215.69',
    dst: '137.116.81.94',
  },
  // ssh.pcap, frame 4: the client's SSH version string.
  data: {
    hex: 'f2c20016f351f1599257ab47501810008b7600005353482d322e302d4f70656e5353485f372e380d0a',
    src: '202.108.87.165',
    dst: '223.132.53.222',
  },
  // ssh.pcap, frame 2: a SYN-ACK whose options hold eleven NOPs in a row, as if one was stripped.
  odd: {
    hex: '0016f2c29257ab46f351f159a01271208d3d0000020405b404020101010101010101010101030307',
    src: '223.132.53.222',
    dst: '202.108.87.165',
  },
};

/**
 * The fixed header, row by row as in RFC 9293 §3.1; `bits` is the width in the diagram.
 * `edit`: 'number' (with its maximum), 'flag', or 'derived' (shown, not editable: encode computes it).
 */
const FIELDS = [
  { key: 'srcPort', label: 'Source Port', bits: 16, group: 'ports', edit: 'number', max: 0xffff },
  { key: 'dstPort', label: 'Destination Port', bits: 16, group: 'ports', edit: 'number', max: 0xffff },
  { key: 'seq', label: 'Sequence Number', bits: 32, group: 'numbers', edit: 'number', max: 0xffffffff },
  { key: 'ack', label: 'Acknowledgment Number', bits: 32, group: 'numbers', edit: 'number', max: 0xffffffff },
  { key: 'dataOffset', label: 'Data Offset', bits: 4, group: 'control', edit: 'derived' },
  { key: 'reserved', label: 'Rsrvd', bits: 3, group: 'control', edit: 'number', max: 7 },
  { key: 'ns', label: 'AE', bits: 1, group: 'control', edit: 'flag', title: 'NS (RFC 3540), AE in RFC 9768' },
  { key: 'cwr', label: 'CWR', bits: 1, group: 'control', edit: 'flag' },
  { key: 'ece', label: 'ECE', bits: 1, group: 'control', edit: 'flag' },
  { key: 'urg', label: 'URG', bits: 1, group: 'control', edit: 'flag' },
  { key: 'ack', label: 'ACK', bits: 1, group: 'control', edit: 'flag' },
  { key: 'psh', label: 'PSH', bits: 1, group: 'control', edit: 'flag' },
  { key: 'rst', label: 'RST', bits: 1, group: 'control', edit: 'flag' },
  { key: 'syn', label: 'SYN', bits: 1, group: 'control', edit: 'flag' },
  { key: 'fin', label: 'FIN', bits: 1, group: 'control', edit: 'flag' },
  { key: 'window', label: 'Window', bits: 16, group: 'window', edit: 'number', max: 0xffff },
  { key: 'checksum', label: 'Checksum', bits: 16, group: 'checksum', edit: 'number', max: 0xffff, hex: true },
  { key: 'urgentPointer', label: 'Urgent Pointer', bits: 16, group: 'urgent', edit: 'number', max: 0xffff },
];

const $ = (selector) => document.querySelector(selector);
const hexInput = $('#hex');
const srcInput = $('#src');
const dstInput = $('#dst');
const fixChecksum = $('#fix-checksum');
const status = $('#status');
const framesList = $('#frames');

/** What the page shows: the segment's bytes and the addresses for its pseudo-header. */
const state = { bytes: new Uint8Array(0), frames: [] };

// ---------------------------------------------------------------------------------------------
// Bytes and text

function parseHex(text) {
  const cleaned = text.replace(/0x/gi, '').replace(/[\s:,.-]/g, '');
  if (!/^[0-9a-f]*$/i.test(cleaned)) throw new Error('the hex holds characters other than 0-9 and a-f');
  if (cleaned.length % 2 !== 0) throw new Error(`the hex has an odd number of digits (${cleaned.length})`);
  return Uint8Array.from(cleaned.match(/../g) ?? [], (pair) => Number.parseInt(pair, 16));
}

/** Hex as 32-bit words, four to a line: each word is one row of the diagram. */
function formatHex(bytes) {
  const words = [];
  for (let i = 0; i < bytes.length; i += 4) {
    words.push(Array.from(bytes.subarray(i, i + 4), (b) => b.toString(16).padStart(2, '0')).join(''));
  }
  const lines = [];
  for (let i = 0; i < words.length; i += 4) lines.push(words.slice(i, i + 4).join(' '));
  return lines.join('\n');
}

const hex = (bytes) => Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
const hex4 = (value) => `0x${value.toString(16).padStart(4, '0')}`;

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (name === 'class') node.className = value;
    else if (name === 'style') node.style.cssText = value;
    else node.setAttribute(name, value);
  }
  for (const child of children) node.append(child);
  return node;
}

/** The addresses as a pseudo-header, or null when either field is empty. */
function pseudoHeader() {
  const src = srcInput.value.trim();
  const dst = dstInput.value.trim();
  return src === '' || dst === '' ? null : { src, dst };
}

function setStatus(message, isError = false) {
  status.textContent = message;
  status.classList.toggle('error', isError);
}

// ---------------------------------------------------------------------------------------------
// Options: where each one sits in the option area

/** One line of text for an option, as short as the diagram needs. */
function optionLabel(option) {
  switch (option.kind) {
    case 'eol':
      return 'EOL';
    case 'nop':
      return 'NOP';
    case 'mss':
      return `MSS ${option.mss}`;
    case 'windowScale':
      return `WScale ${option.shift}`;
    case 'sackPermitted':
      return 'SACK permitted';
    case 'sack':
      return `SACK ${option.blocks.map((block) => `${block.left}-${block.right}`).join(' ')}`;
    case 'timestamps':
      return `TS val ${option.tsVal} ecr ${option.tsEcr}`;
    case 'md5':
      return 'MD5 signature';
    case 'userTimeout':
      return `UTO ${option.timeout}${option.minutes ? ' min' : ' s'}`;
    case 'authentication':
      return `TCP-AO key ${option.keyId}`;
    case 'multipath':
      return `MPTCP subtype ${option.subtype}`;
    case 'fastOpen':
      return option.cookie.length === 0 ? 'TFO cookie request' : 'TFO cookie';
    case 'accEcn':
      return `AccECN${option.order}`;
    case 'experimental':
      return `experimental ExID ${hex4(option.exid)}`;
    case 'unknown':
      return `kind ${option.code}`;
    default:
      return 'unparsed bytes';
  }
}

/** The option's fields for the table, byte arrays as hex. */
function optionFields(option) {
  const parts = [];
  for (const [name, value] of Object.entries(option)) {
    if (name === 'kind') continue;
    if (value instanceof Uint8Array) parts.push(`${name}=${hex(value) || '(empty)'}`);
    else if (Array.isArray(value)) parts.push(`${name}=${JSON.stringify(value)}`);
    else parts.push(`${name}=${value}`);
  }
  return parts.join(' ');
}

/**
 * The byte range of each option, found by walking the option area the way the decoder did: one
 * byte for EOL and NOP, the length byte otherwise, the rest of the area for unparsed bytes.
 */
function optionSpans(header, bytes) {
  const end = Math.min(header.dataOffset * 4, bytes.length);
  const spans = [];
  let at = 20;
  for (const option of header.options) {
    let length;
    if (option.kind === 'raw') length = option.bytes.length;
    else if (option.kind === 'eol' || option.kind === 'nop') length = 1;
    else length = bytes[at + 1] ?? 1;
    spans.push({ option, start: at, end: Math.min(at + length, end) });
    at += length;
  }
  if (at < end) spans.push({ option: null, start: at, end });
  return spans;
}

// ---------------------------------------------------------------------------------------------
// Drawing

function ruler(diagram) {
  for (let bit = 0; bit < 32; bit += 1) {
    diagram.append(element('div', { class: 'ruler', 'aria-hidden': 'true' }, String(bit)));
  }
}

function fieldCell(field, header) {
  const span = `grid-column: span ${field.bits}`;
  if (field.edit === 'flag') {
    const on = header.flags[field.key];
    const box = element('input', {
      type: 'checkbox',
      'data-field': `flags.${field.key}`,
      'aria-label': field.label,
    });
    box.checked = on;
    return element(
      'label',
      {
        class: `cell flag g-${field.group}${on ? ' on' : ''}`,
        style: span,
        title: field.title ?? `${field.label} flag`,
      },
      element('span', { class: 'name' }, field.label),
      box,
    );
  }
  const value = header[field.key];
  if (field.edit === 'derived') {
    return element(
      'div',
      { class: `cell g-${field.group}`, style: span, 'data-cell': field.key, title: `${value * 4} bytes` },
      element('span', { class: 'name' }, field.label),
      element('span', { class: 'value mono' }, `${value} (${value * 4} bytes)`),
    );
  }
  const input = element('input', {
    type: 'text',
    inputmode: 'numeric',
    'data-field': field.key,
    'aria-label': field.label,
    spellcheck: 'false',
  });
  input.value = field.hex ? hex4(value) : String(value);
  return element(
    'label',
    { class: `cell g-${field.group}`, style: span, title: `${field.label}: 0..${field.max}` },
    element('span', { class: 'name' }, field.label),
    input,
  );
}

function drawDiagram(header, bytes, payloadLength) {
  const diagram = $('#diagram');
  diagram.replaceChildren();
  ruler(diagram);
  for (const field of FIELDS) diagram.append(fieldCell(field, header));
  // The option area, split at 32-bit row boundaries so the grid keeps the RFC's shape.
  let index = 0;
  for (const { option, start, end } of optionSpans(header, bytes)) {
    const group = option === null ? 'padding' : option.kind === 'raw' ? 'bad' : 'option';
    const label = option === null ? 'padding' : optionLabel(option);
    for (let at = start; at < end; ) {
      const rowEnd = Math.min(end, (Math.floor(at / 4) + 1) * 4);
      const first = at === start;
      diagram.append(
        element(
          'div',
          {
            class: `cell g-${group}${index % 2 === 1 ? ' alt' : ''}`,
            style: `grid-column: span ${(rowEnd - at) * 8}`,
            title: `${label} (bytes ${start}..${end - 1})`,
            'data-option': String(index),
          },
          element('span', { class: 'name' }, first ? (option === null ? 'Padding' : 'Option') : '...'),
          element('span', { class: 'value' }, first ? label : ''),
        ),
      );
      at = rowEnd;
    }
    index += 1;
  }
  diagram.append(
    element(
      'div',
      { class: 'cell g-payload', style: 'grid-column: span 32', 'data-cell': 'payload' },
      element('span', { class: 'name' }, 'Data'),
      element('span', { class: 'value' }, `${payloadLength} byte${payloadLength === 1 ? '' : 's'}`),
    ),
  );
}

function drawChecksum(bytes, header) {
  const line = $('#checksum');
  const pseudo = pseudoHeader();
  if (pseudo === null) {
    line.textContent = `cksum ${hex4(header.checksum)} (enter both addresses to check it)`;
    return;
  }
  try {
    const right = tcp.tcpChecksum(bytes, pseudo);
    const correct = tcp.verifyTcpChecksum(bytes, pseudo);
    line.replaceChildren(
      `cksum ${hex4(header.checksum)} `,
      correct
        ? element('span', { class: 'correct' }, '(correct)')
        : element('span', { class: 'incorrect' }, `(incorrect -> ${hex4(right)})`),
    );
  } catch (error) {
    line.textContent = `cksum ${hex4(header.checksum)} (cannot check: ${error.message})`;
  }
}

/** tcpdump's line (`tcpdump -nn -S`) for the bytes; the TCP part alone without addresses. */
function drawTcpdump(bytes) {
  const pseudo = pseudoHeader();
  let text;
  try {
    text = tcp.formatTcpSegment(bytes, pseudo ?? {});
  } catch {
    // Addresses tcpdump could not print: the TCP part alone.
    text = tcp.formatTcpSegment(bytes);
  }
  $('#tcpdump').textContent = text;
}

function drawOptions(header, bytes) {
  const body = $('#options tbody');
  body.replaceChildren();
  for (const { option, start, end } of optionSpans(header, bytes)) {
    if (option === null) {
      body.append(
        element(
          'tr',
          {},
          element('td', {}, String(start)),
          element('td', {}),
          element('td', {}, String(end - start)),
          element('td', {}, 'padding'),
          element('td', {}, hex(bytes.subarray(start, end))),
        ),
      );
      continue;
    }
    const code = tcp.optionCode(option);
    body.append(
      element(
        'tr',
        {},
        element('td', {}, String(start)),
        element('td', {}, code === undefined ? '' : String(code)),
        element('td', {}, String(end - start)),
        element('td', {}, option.kind),
        element('td', {}, optionFields(option)),
      ),
    );
  }
  if (header.options.length === 0 && header.padding.length === 0) {
    body.append(element('tr', {}, element('td', { colspan: '5' }, 'no options')));
  }
}

function drawProblems(problems) {
  const list = $('#problems');
  list.replaceChildren();
  for (const problem of problems) {
    list.append(
      element(
        'li',
        { class: problem.severity },
        element('span', { class: 'code' }, `${problem.severity} ${problem.code} @${problem.offset}`),
        problem.message,
      ),
    );
  }
  if (problems.length === 0)
    list.append(element('li', {}, 'none: the header is valid and lint has nothing to say'));
}

/** Draws everything from `state.bytes`; returns false when there is no header to draw. */
function render() {
  const { header, problems } = tcp.decodeLenient(state.bytes);
  document.body.classList.toggle('empty', header === null);
  if (header === null) {
    $('#diagram').replaceChildren();
    $('#checksum').textContent = '';
    $('#tcpdump').textContent = '';
    $('#options tbody').replaceChildren();
    drawProblems(problems);
    return false;
  }
  const headerLength = Math.min(header.dataOffset * 4, state.bytes.length);
  const payloadLength = state.bytes.length - headerLength;
  state.header = header;
  state.crafted = problems.some((problem) => problem.severity === 'error');
  drawDiagram(header, state.bytes, payloadLength);
  drawChecksum(state.bytes, header);
  drawTcpdump(state.bytes);
  drawOptions(header, state.bytes);
  drawProblems(problems);
  return true;
}

// ---------------------------------------------------------------------------------------------
// Input

function showBytes(bytes, message) {
  state.bytes = bytes;
  hexInput.value = formatHex(bytes);
  const drawn = render();
  setStatus(
    drawn ? message : `${bytes.length} bytes: too short for a TCP header (20 bytes at least)`,
    !drawn,
  );
}

function readHex() {
  try {
    const bytes = parseHex(hexInput.value);
    state.bytes = bytes;
    const drawn = render();
    setStatus(
      drawn
        ? `${bytes.length} bytes`
        : `${bytes.length} bytes: too short for a TCP header (20 bytes at least)`,
      !drawn,
    );
  } catch (error) {
    setStatus(error.message, true);
  }
}

function parseNumber(text, field) {
  const trimmed = text.trim();
  const value = /^0x[0-9a-f]+$/i.test(trimmed) ? Number.parseInt(trimmed, 16) : Number(trimmed);
  if (trimmed === '' || !Number.isInteger(value))
    throw new RangeError(`${field.label}: "${text}" is not a whole number`);
  return value;
}

/** A field was edited: encode the header with the new value, keep the payload, fix the checksum. */
function editField(target) {
  const path = target.dataset.field;
  const header = { ...state.header, flags: { ...state.header.flags } };
  try {
    if (path.startsWith('flags.')) {
      header.flags[path.slice(6)] = target.checked;
    } else {
      const field = FIELDS.find((candidate) => candidate.key === path && candidate.edit === 'number');
      header[path] = parseNumber(target.value, field);
    }
    const headerLength = Math.min(state.header.dataOffset * 4, state.bytes.length);
    const payload = state.bytes.subarray(headerLength);
    const pseudo = pseudoHeader();
    const recompute = fixChecksum.checked && pseudo !== null && path !== 'checksum';
    const bytes = tcp.encodeSegment(header, payload, recompute ? pseudo : undefined, {
      craft: state.crafted,
    });
    showBytes(bytes, recompute ? 'encoded; checksum recomputed' : 'encoded');
    const again = document.querySelector(`[data-field="${path}"]`);
    if (again !== null) again.focus();
  } catch (error) {
    setStatus(error.message, true);
    render();
  }
}

/** Reads a pcap / pcapng file with `tcp-header/capture` (loaded on first use) into `state.frames`. */
async function openCapture(file) {
  setStatus(`reading ${file.name}...`);
  const frames = [];
  try {
    const capture = await import('../dist/capture.js');
    const bytes = new Uint8Array(await file.arrayBuffer());
    const printer = new capture.TcpdumpPrinter();
    for (const frame of capture.readCapture(bytes)) {
      const found = capture.dissectFrame(frame, { libpcapSnapLength: true });
      if (found === null) continue;
      frames.push({
        number: frame.number,
        text: printer.line(found),
        src: found.src,
        dst: found.dst,
        segment: found.segment.slice(),
      });
    }
  } catch (error) {
    setStatus(`${file.name}: ${error.message}`, true);
    return;
  }
  state.frames = frames;
  framesList.replaceChildren();
  frames.forEach((frame, index) => {
    framesList.append(element('li', { 'data-frame': String(index), 'aria-selected': 'false' }, frame.text));
  });
  framesList.hidden = frames.length === 0;
  if (frames.length === 0) {
    setStatus(`${file.name}: no TCP segments in it`, true);
    return;
  }
  selectFrame(0);
  setStatus(`${file.name}: ${frames.length} TCP segment${frames.length === 1 ? '' : 's'}; pick one`);
}

function selectFrame(index) {
  const frame = state.frames[index];
  for (const item of framesList.children)
    item.setAttribute('aria-selected', String(item.dataset.frame === String(index)));
  srcInput.value = frame.src;
  dstInput.value = frame.dst;
  showBytes(frame.segment, `frame ${frame.number}`);
}

function loadSample(name) {
  const sample = SAMPLES[name];
  srcInput.value = sample.src;
  dstInput.value = sample.dst;
  framesList.hidden = true;
  showBytes(parseHex(sample.hex), `example: ${name}`);
}

hexInput.addEventListener('input', readHex);
srcInput.addEventListener('change', render);
dstInput.addEventListener('change', render);
$('#diagram').addEventListener('change', (event) => {
  if (event.target instanceof HTMLInputElement && event.target.dataset.field !== undefined)
    editField(event.target);
});
for (const button of document.querySelectorAll('[data-sample]')) {
  button.addEventListener('click', () => loadSample(button.dataset.sample));
}
framesList.addEventListener('click', (event) => {
  const item = event.target instanceof Element ? event.target.closest('[data-frame]') : null;
  if (item !== null) selectFrame(Number(item.dataset.frame));
});
const drop = $('#drop');
drop.addEventListener('dragover', (event) => {
  event.preventDefault();
  drop.classList.add('over');
});
drop.addEventListener('dragleave', () => drop.classList.remove('over'));
drop.addEventListener('drop', (event) => {
  event.preventDefault();
  drop.classList.remove('over');
  const file = event.dataTransfer?.files[0];
  if (file !== undefined) openCapture(file);
});
$('#file').addEventListener('change', (event) => {
  const file = event.target.files?.[0];
  if (file !== undefined) openCapture(file);
});

loadSample('syn');
document.documentElement.dataset.ready = 'true';
