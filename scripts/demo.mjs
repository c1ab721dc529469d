// npm run demo: builds the package when dist/ is missing or older than src/, then shows the
// tcp-header command on a real capture (a DNS query over TCP, from the tcpdump project's tests):
// its tcpdump lines, the same with relative numbers and checksums, and every field of two segments.
import { execFileSync, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const cli = join(root, 'dist', 'cli.js');
const capture = join(root, 'test', 'fixtures', 'corpus', 'pcap', 'dns_tcp.pcap');

/** Newest modification time of any file under a folder. */
function newest(folder) {
  let time = 0;
  for (const entry of readdirSync(folder, { withFileTypes: true })) {
    const path = join(folder, entry.name);
    time = Math.max(time, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return time;
}

function built() {
  try {
    return statSync(cli).mtimeMs >= newest(join(root, 'src')) && statSync(join(root, 'dist', 'capture.js'));
  } catch {
    return false;
  }
}

if (!built()) {
  console.log('Building (npm run build)...');
  execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
}

function run(args) {
  console.log(`\n$ tcp-header ${args.map((a) => (a.length > 60 ? `${a.slice(0, 56)}...` : a)).join(' ')}`);
  const result = spawnSync(process.execPath, [cli, ...args], { cwd: root, encoding: 'utf8' });
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const file = relative(root, capture);
run(['pcap', file]);
run(['pcap', '--relative', '--verify', file]);

// Every field of the SYN and of the first segment with data, found with the capture reader.
const { dissectFrame, readCapture } = await import(join(root, 'dist', 'capture.js'));
const hex = (bytes) => Buffer.from(bytes).toString('hex');
const segments = [];
for (const frame of readCapture(readFileSync(capture))) {
  const tcp = dissectFrame(frame);
  if (tcp !== null) segments.push(tcp);
}
const syn = segments[0];
const data = segments.find((s) => s.segmentLength > (s.segment[12] >> 4) * 4);
for (const segment of [syn, data]) run(['decode', hex(segment.segment)]);
run(['decode', '--json', hex(syn.segment)]);
