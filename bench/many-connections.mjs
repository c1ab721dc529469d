/**
 * Memory and time of `tcp-header pcap --relative` on a capture of many connections, beside tcpdump
 * on the same file in the same run (hostile-input issue, case 8: relative numbers keep a table of
 * every address/port pair, which must stay compact).
 *
 * Writes a pcap (Ethernet, IPv4) of CONNECTIONS one-segment connections, each an ACK from its own
 * source address, then runs `tcpdump -nn -t -r FILE` (tcpdump 4.99, the oracle; its relative
 * numbers are print-tcp.c's) and `node dist/cli.js pcap --relative FILE`, each under
 * `/usr/bin/time`, and prints peak RSS and elapsed time of both, and whether every line is equal.
 *
 * Run: `npm run build && node bench/many-connections.mjs [CONNECTIONS]` (default 1 000 000: a
 * 70 MB file). Needs tcpdump and GNU time; not part of `npm test`.
 */
import { execFileSync, spawn } from 'node:child_process';
import { closeSync, mkdtempSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const connections = Number(process.argv[2] ?? 1_000_000);
const dir = mkdtempSync(join(tmpdir(), 'many-connections-'));
const file = join(dir, 'many.pcap');

/** One record: 16-byte record header, Ethernet II, IPv4 (20), TCP ACK (20). */
const RECORD = 16 + 14 + 20 + 20;

function writeCapture() {
  const fd = openSync(file, 'w');
  const header = new DataView(new ArrayBuffer(24));
  header.setUint32(0, 0xa1b2c3d4, true);
  header.setUint16(4, 2, true);
  header.setUint16(6, 4, true);
  header.setUint32(16, 65535, true);
  header.setUint32(20, 1, true); // LINKTYPE_ETHERNET
  writeSync(fd, new Uint8Array(header.buffer));
  const perChunk = 10_000;
  const chunk = new Uint8Array(perChunk * RECORD);
  const view = new DataView(chunk.buffer);
  for (let first = 0; first < connections; first += perChunk) {
    const count = Math.min(perChunk, connections - first);
    for (let k = 0; k < count; k++) {
      const i = first + k;
      const at = k * RECORD;
      view.setUint32(at, 1_700_000_000 + Math.floor(i / 1000), true);
      view.setUint32(at + 4, (i % 1000) * 1000, true);
      view.setUint32(at + 8, RECORD - 16, true);
      view.setUint32(at + 12, RECORD - 16, true);
      const eth = at + 16;
      chunk.set([2, 0, 0, 0, 0, 1, 2, 0, 0, 0, 0, 2, 0x08, 0x00], eth);
      const ip = eth + 14;
      chunk.set([0x45, 0, 0, 40, 0, 0, 0x40, 0, 64, 6, 0, 0], ip);
      // Source 10.x.y.z, one per connection; destination 192.168.0.1.
      view.setUint32(ip + 12, (10 << 24) | (i + 1), false);
      view.setUint32(ip + 16, 0xc0a80001, false);
      let sum = 0;
      for (let w = 0; w < 20; w += 2) sum += view.getUint16(ip + w, false);
      while (sum > 0xffff) sum = (sum & 0xffff) + (sum >>> 16);
      view.setUint16(ip + 10, ~sum & 0xffff, false);
      const tcp = ip + 20;
      view.setUint16(tcp, 40000 + (i % 20000), false);
      view.setUint16(tcp + 2, 80, false);
      view.setUint32(tcp + 4, Math.imul(i + 1, 2654435761) >>> 0, false);
      view.setUint32(tcp + 8, Math.imul(i + 7, 40503) >>> 0, false);
      view.setUint16(tcp + 12, 0x5010, false);
      view.setUint16(tcp + 14, 502, false);
      view.setUint32(tcp + 16, 0, false);
    }
    writeSync(fd, chunk, 0, count * RECORD);
  }
  closeSync(fd);
}

/** Runs `command` under GNU time: its stdout in a file, peak RSS in MB and elapsed seconds. */
function measure(name, command, args) {
  const out = join(dir, `${name}.txt`);
  const stats = join(dir, `${name}.time`);
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/time', ['-f', '%M %e', '-o', stats, command, ...args], {
      stdio: ['ignore', openSync(out, 'w'), 'inherit'],
    });
    child.on('error', reject);
    child.on('exit', (code) => {
      const [kb, seconds] = readFileSync(stats, 'utf8').trim().split('\n').at(-1).split(' ').map(Number);
      resolve({ name, code, rssMb: kb / 1024, seconds, out });
    });
  });
}

try {
  writeCapture();
  const tcpdumpVersion = execFileSync('tcpdump', ['--version'], { encoding: 'utf8' }).split('\n')[0];
  const tcpdump = await measure('tcpdump', 'tcpdump', ['-nn', '-t', '-r', file]);
  const ours = await measure('tcp-header', process.execPath, ['dist/cli.js', 'pcap', '--relative', file]);
  const theirs = readFileSync(tcpdump.out, 'utf8');
  const mine = readFileSync(ours.out, 'utf8');
  const lines = theirs.split('\n').length - 1;
  console.log(`${connections} connections, ${lines} lines; ${tcpdumpVersion}`);
  console.log('tool         exit  peak RSS (MB)  time (s)');
  for (const run of [tcpdump, ours]) {
    console.log(
      `${run.name.padEnd(12)} ${String(run.code).padStart(4)}  ${run.rssMb.toFixed(1).padStart(13)}  ${run.seconds.toFixed(2).padStart(8)}`,
    );
  }
  console.log(`every line equal: ${theirs === mine}`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
