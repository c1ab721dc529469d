// Times `tcp-header pcap FILE` against `tcpdump -nn -S -t -r FILE` on a capture of small TCP
// segments (default 100 MB), both writing to /dev/null, and reports seconds and MB/s.
// Usage: node scripts/perf-pcap.mjs [megabytes] [file]   (builds dist/ first: npm run build)
// The capture is a conversation of Ethernet/IPv4/TCP segments with timestamps and 0..64 bytes of
// payload, written once to the file (default: a temporary file) and reused when it exists.
import { spawnSync } from 'node:child_process';
import { closeSync, existsSync, openSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const megabytes = Number(process.argv[2] ?? 100);
const file = process.argv[3] ?? join(tmpdir(), `tcp-header-perf-${megabytes}mb.pcap`);
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');

function writeCapture(path, size) {
  const fd = openSync(path, 'w');
  const header = Buffer.alloc(24);
  header.writeUInt32LE(0xa1b2c3d4, 0);
  header.writeUInt16LE(2, 4);
  header.writeUInt16LE(4, 6);
  header.writeUInt32LE(262144, 16);
  header.writeUInt32LE(1, 20);
  writeSync(fd, header);
  let written = 24;
  const seq = [1000000, 5000000];
  let i = 0;
  const block = [];
  let blockSize = 0;
  while (written < size) {
    const side = i % 2;
    const payload = (i * 7) % 65;
    const frameLength = 14 + 20 + 32 + payload;
    const record = Buffer.alloc(16 + frameLength);
    record.writeUInt32LE(1700000000 + Math.floor(i / 1000), 0);
    record.writeUInt32LE((i % 1000) * 1000, 4);
    record.writeUInt32LE(frameLength, 8);
    record.writeUInt32LE(frameLength, 12);
    const f = 16;
    record.write(side ? '02000000000102000000000208' : '02000000000202000000000108', f, 'hex');
    record.writeUInt8(0x00, f + 13);
    const ip = f + 14;
    record.writeUInt8(0x45, ip);
    record.writeUInt16BE(20 + 32 + payload, ip + 2);
    record.writeUInt16BE(i & 0xffff, ip + 4);
    record.writeUInt16BE(0x4000, ip + 6);
    record.writeUInt8(64, ip + 8);
    record.writeUInt8(6, ip + 9);
    record.write(side ? 'c6336402c0000201' : 'c0000201c6336402', ip + 12, 'hex');
    const tcp = ip + 20;
    record.writeUInt16BE(side ? 443 : 50000, tcp);
    record.writeUInt16BE(side ? 50000 : 443, tcp + 2);
    record.writeUInt32BE(seq[side] >>> 0, tcp + 4);
    record.writeUInt32BE(seq[1 - side] >>> 0, tcp + 8);
    record.writeUInt8(0x80, tcp + 12);
    record.writeUInt8(payload > 0 ? 0x18 : 0x10, tcp + 13);
    record.writeUInt16BE(502, tcp + 14);
    record.write('0101080a', tcp + 20, 'hex');
    record.writeUInt32BE(i >>> 0, tcp + 24);
    record.writeUInt32BE((i + 1) >>> 0, tcp + 28);
    seq[side] += payload;
    block.push(record);
    blockSize += record.length;
    written += record.length;
    i++;
    if (blockSize > 1 << 20) {
      writeSync(fd, Buffer.concat(block));
      block.length = 0;
      blockSize = 0;
    }
  }
  writeSync(fd, Buffer.concat(block));
  closeSync(fd);
  return i;
}

if (!existsSync(file) || statSync(file).size < megabytes * 1e6) {
  const count = writeCapture(file, megabytes * 1e6);
  console.log(`wrote ${file}: ${count} segments`);
}
const size = statSync(file).size;

function time(command, args) {
  const start = process.hrtime.bigint();
  const result = spawnSync(command, args, { stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 20 });
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  if (result.status !== 0) throw new Error(`${command} failed: ${result.stderr}`);
  return seconds;
}

const runs = 3;
const best = (command, args) => Math.min(...Array.from({ length: runs }, () => time(command, args)));
const ours = best(process.execPath, [cli, 'pcap', file]);
const theirs = best('tcpdump', ['-nn', '-S', '-t', '-r', file]);
const mb = size / 1e6;
console.log(`file: ${mb.toFixed(1)} MB`);
console.log(`tcpdump -nn -S -t -r: ${theirs.toFixed(2)} s, ${(mb / theirs).toFixed(1)} MB/s`);
console.log(`tcp-header pcap:      ${ours.toFixed(2)} s, ${(mb / ours).toFixed(1)} MB/s`);
console.log(`ratio: ${(ours / theirs).toFixed(2)}x (target: at most 1.5x), best of ${runs} runs each`);
