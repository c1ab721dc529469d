/**
 * Live test (`npm run test:live`, not part of `npm test`): real kernel TCP on the loopback
 * interface, captured with tcpdump and read back with the library.
 *
 * A Node `net` echo server listens on 127.0.0.1 and on ::1. For each address, clients run a short
 * exchange, odd-sized payloads, a half-close (the client's FIN while the echo is still coming), a
 * reset (`socket.resetAndDestroy()`) and a connection to a closed port. tcpdump captures those
 * ports on `lo`; then every captured segment goes through `readCapture`, `dissectFrame`, `decode`
 * and the `TcpStreamTracker`, and the test checks: no violations; each connection opens with SYN,
 * SYN-ACK, ACK (or SYN, RST for the closed port); data advances the sequence number by its length;
 * the bytes the tracker saw each way are the bytes the clients sent and received; a normal close
 * is four or three segments; each checksum is right or is the pseudo-header sum that loopback
 * checksum offload leaves.
 *
 * Without tcpdump, or without the right to capture (root or CAP_NET_RAW), the test fails and says
 * why: it never passes without having looked at traffic.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import net from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dissectFrame, readCapture } from '../../src/capture/index.ts';
import { pseudoHeaderSum, verifyTcpChecksum } from '../../src/checksum.ts';
import { decode } from '../../src/header.ts';
import {
  type TcpConnection,
  type TcpConnectionEvent,
  TcpStreamTracker,
  type TrackResult,
} from '../../src/tracker.ts';

const FAMILIES = [
  { name: 'IPv4', host: '127.0.0.1' },
  { name: 'IPv6', host: '::1' },
] as const;
type Host = (typeof FAMILIES)[number]['host'];
/** Odd payload sizes: a single byte, small odd lengths, around a 1 KiB boundary, more than 64 KiB. */
const ODD_SIZES = [1, 3, 7, 1023, 1025, 65_537] as const;
const HALF_CLOSE_BYTES = 300_001;

/** What one client scenario did, as the client saw it. */
interface Scenario {
  name: 'exchange' | 'odd-sizes' | 'half-close' | 'reset' | 'refused';
  host: Host;
  /** The client's port (for the refused connection, the closed port): finds the connection in the capture. */
  localPort: number;
  sent: number;
  received: number;
}

const workDir = mkdtempSync(join(tmpdir(), 'tcp-header-live-'));
const captureFile = join(workDir, 'loopback.pcap');
const servers: net.Server[] = [];
const scenarios: Scenario[] = [];
const results: TrackResult[] = [];
/** Per tracked segment, what the capture itself says (not the tracker): seq, payload length, flags. */
const captured: { seq: number; payloadLength: number; syn: boolean; fin: boolean; rst: boolean }[] = [];
let events: TcpConnectionEvent[] = [];
let checksums = { correct: 0, offloaded: 0, wrong: [] as string[] };

/** An echo server; on the client's FIN it ends its side once its echo is written (allowHalfOpen). */
function echoServer(host: Host): Promise<{ server: net.Server; port: number }> {
  return new Promise((resolve, reject) => {
    const server = net.createServer({ allowHalfOpen: true }, (socket) => {
      socket.on('error', () => socket.destroy()); // the reset scenario resets the server's socket
      socket.pipe(socket);
    });
    server.once('error', reject);
    server.listen(0, host, () => resolve({ server, port: (server.address() as net.AddressInfo).port }));
  });
}

/** A port on `host` that nothing listens on: bound, then released. */
function closedPort(host: Host): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

/** Starts tcpdump on `lo` for the given ports and waits until it listens. */
function startCapture(ports: number[]): Promise<{ stop: () => Promise<void> }> {
  const filter = `tcp and (${ports.map((p) => `port ${p}`).join(' or ')})`;
  return new Promise((resolve, reject) => {
    let stderr = '';
    let settled = false;
    let stopping = false;
    // Every byte of every segment (loopback segments stay under 64 KiB), delivered at once, with a
    // 64 MiB kernel buffer: a ring of 256 KiB snapshot slots in the default 2 MiB drops bursts.
    const args = [
      '-i',
      'lo',
      '--immediate-mode',
      '-U',
      '-s',
      '66000',
      '-B',
      '65536',
      '-w',
      captureFile,
      filter,
    ];
    const child = spawn('tcpdump', args, {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    const exited = new Promise<void>((done) => child.once('exit', () => done()));
    const fail = (why: string) => {
      if (settled) return;
      settled = true;
      reject(new Error(why));
    };
    child.once('error', (error: NodeJS.ErrnoException) =>
      fail(
        error.code === 'ENOENT'
          ? 'tcpdump is not installed: the live test needs it (Debian: apt-get install -y tcpdump)'
          : `tcpdump could not start: ${error.message}`,
      ),
    );
    child.once(
      'exit',
      (code) =>
        stopping ||
        fail(
          `tcpdump exited (code ${code}) before capturing; it needs root or CAP_NET_RAW on lo. It said: ${stderr.trim()}`,
        ),
    );
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      stderr += text;
      if (!settled && stderr.includes('listening on')) {
        settled = true;
        resolve({
          stop: async () => {
            // Let the last segments (the final ACKs of the closes) reach the capture, then stop it.
            await new Promise((r) => setTimeout(r, 300));
            stopping = true;
            if (child.pid !== undefined) process.kill(child.pid, 'SIGINT');
            await exited;
            const dropped = /(\d+) packets? dropped by kernel/.exec(stderr)?.[1];
            if (dropped === undefined || dropped !== '0')
              throw new Error(`tcpdump lost packets, the capture is incomplete. It said: ${stderr.trim()}`);
          },
        });
      }
    });
    setTimeout(() => fail(`tcpdump did not start listening within 15 s. It said: ${stderr.trim()}`), 15_000);
  });
}

/** Connects to `host:port` and resolves with the connected socket. */
function connect(host: Host, port: number, allowHalfOpen = false): Promise<net.Socket> {
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port, allowHalfOpen });
    socket.once('connect', () => resolve(socket));
    socket.once('error', reject);
  });
}

/** Reads from `socket` until `count` bytes have come. */
function receive(socket: net.Socket, count: number): Promise<number> {
  return new Promise((resolve, reject) => {
    let got = 0;
    const onData = (chunk: Buffer) => {
      got += chunk.length;
      if (got >= count) {
        socket.off('data', onData);
        resolve(got);
      }
    };
    socket.on('data', onData);
    socket.once('error', reject);
  });
}

/** Ends the client's side and waits for the whole connection to close. */
function closeAndWait(socket: net.Socket): Promise<void> {
  return new Promise((resolve) => {
    socket.once('close', () => resolve());
    socket.end();
  });
}

const payload = (length: number, seed: number) =>
  Buffer.from(Array.from({ length }, (_, i) => (i * 31 + seed) & 0xff));

async function drive(host: Host, port: number, closed: number): Promise<void> {
  // A short exchange: "hello", its echo, close.
  {
    const socket = await connect(host, port);
    const echoed = receive(socket, 5);
    socket.write('hello');
    const received = await echoed;
    scenarios.push({ name: 'exchange', host, localPort: socket.localPort ?? -1, sent: 5, received });
    await closeAndWait(socket);
  }
  // Odd-sized payloads, each echoed before the next.
  {
    const socket = await connect(host, port);
    let sent = 0;
    let received = 0;
    for (const [i, size] of ODD_SIZES.entries()) {
      const echoed = receive(socket, size);
      socket.write(payload(size, i));
      sent += size;
      received += await echoed;
    }
    scenarios.push({ name: 'odd-sizes', host, localPort: socket.localPort ?? -1, sent, received });
    await closeAndWait(socket);
  }
  // Half-close: the client sends and ends at once; the echo keeps coming after the client's FIN.
  {
    const socket = await connect(host, port, true);
    const localPort = socket.localPort ?? -1; // gone once the socket is closed
    const echoed = receive(socket, HALF_CLOSE_BYTES);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.end(payload(HALF_CLOSE_BYTES, 7));
    const received = await echoed;
    await closed;
    scenarios.push({ name: 'half-close', host, localPort, sent: HALF_CLOSE_BYTES, received });
  }
  // Reset: an exchange, then an abortive close (RST instead of FIN).
  {
    const socket = await connect(host, port);
    const echoed = receive(socket, 9);
    socket.write('reset me!');
    const received = await echoed;
    scenarios.push({ name: 'reset', host, localPort: socket.localPort ?? -1, sent: 9, received });
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    socket.resetAndDestroy();
    await closed;
  }
  // A connection to a port nothing listens on: SYN, then the kernel's RST.
  {
    const socket = net.connect({ host, port: closed });
    await new Promise<void>((resolve, reject) => {
      socket.once('error', (error: NodeJS.ErrnoException) =>
        error.code === 'ECONNREFUSED' ? resolve() : reject(error),
      );
      socket.once('connect', () => reject(new Error(`port ${closed} on ${host} was not closed`)));
    });
    // Node forgets the local port of a socket that never connected: the closed port identifies it.
    scenarios.push({ name: 'refused', host, localPort: closed, sent: 0, received: 0 });
  }
}

beforeAll(async () => {
  const ports: { host: Host; port: number; closed: number }[] = [];
  for (const { host } of FAMILIES) {
    const { server, port } = await echoServer(host);
    servers.push(server);
    ports.push({ host, port, closed: await closedPort(host) });
  }
  const capture = await startCapture(ports.flatMap((p) => [p.port, p.closed]));
  try {
    for (const { host, port, closed } of ports) await drive(host, port, closed);
  } finally {
    await capture.stop();
  }

  const tracker = new TcpStreamTracker();
  checksums = { correct: 0, offloaded: 0, wrong: [] };
  for (const frame of readCapture(new Uint8Array(readFileSync(captureFile)))) {
    const tcp = dissectFrame(frame);
    if (tcp === null) continue;
    const header = decode(tcp.segment);
    const pseudo = { src: tcp.srcAddress, dst: tcp.dstAddress };
    if (verifyTcpChecksum(tcp.segment, pseudo)) checksums.correct++;
    else if (header.checksum === pseudoHeaderSum(pseudo, tcp.segmentLength)) checksums.offloaded++;
    else checksums.wrong.push(`frame ${frame.number}: 0x${header.checksum.toString(16)}`);
    const payloadLength = tcp.segmentLength - header.dataOffset * 4;
    const { syn, fin, rst } = header.flags;
    captured.push({ seq: header.seq, payloadLength, syn, fin, rst });
    results.push(tracker.track({ src: tcp.srcAddress, dst: tcp.dstAddress, header, payloadLength }));
  }
  events = tracker.takeEvents();
}, 120_000);

afterAll(async () => {
  for (const server of servers) await new Promise((resolve) => server.close(resolve));
  rmSync(workDir, { recursive: true, force: true });
});

/** The tracked segments of the connection whose client used `localPort` on `host`. */
function connectionOf(scenario: Scenario): { connection: TcpConnection; segments: TrackResult[] } {
  const end = (c: TcpConnection) => (scenario.name === 'refused' ? c.server : c.client);
  const segments = results.filter(
    (r) => end(r.connection).port === scenario.localPort && end(r.connection).address === scenario.host,
  );
  const connection = segments[0]?.connection;
  if (connection === undefined)
    throw new Error(`no captured segment of the ${scenario.name} connection on ${scenario.host}`);
  return { connection, segments };
}

const dataBytes = (connection: TcpConnection, from: 'client' | 'server') =>
  events.reduce(
    (n, e) => (e.type === 'data' && e.connection === connection && e.from === from ? n + e.length : n),
    0,
  );

describe('live loopback traffic, captured with tcpdump and read with the library', () => {
  it('captured every scenario on both addresses, with no violations', () => {
    expect(scenarios.map((s) => `${s.host} ${s.name}`)).toEqual(
      FAMILIES.flatMap(({ host }) =>
        ['exchange', 'odd-sizes', 'half-close', 'reset', 'refused'].map((n) => `${host} ${n}`),
      ),
    );
    expect(new Set(results.map((r) => r.connection)).size).toBe(scenarios.length);
    expect(results.flatMap((r) => r.violations.map((v) => `#${r.index} ${v.code}: ${v.message}`))).toEqual(
      [],
    );
    console.log(
      `live: ${results.length} segments checked in ${scenarios.length} connections ` +
        `(checksums: ${checksums.correct} correct, ${checksums.offloaded} offload partial sums)`,
    );
  });

  it('each checksum is right, or is the pseudo-header sum loopback offload leaves', () => {
    expect(checksums.wrong).toEqual([]);
    expect(checksums.correct + checksums.offloaded).toBe(results.length);
  });

  for (const { host } of FAMILIES) {
    describe(host, () => {
      const find = (name: Scenario['name']) => {
        const scenario = scenarios.find((s) => s.host === host && s.name === name);
        if (scenario === undefined) throw new Error(`the ${name} scenario did not run on ${host}`);
        return { scenario, ...connectionOf(scenario) };
      };

      it('opens every accepted connection with SYN, SYN-ACK, ACK', () => {
        for (const name of ['exchange', 'odd-sizes', 'half-close', 'reset'] as const) {
          const { connection, segments } = find(name);
          expect(
            segments.slice(0, 3).map((r) => `${r.from} ${r.role}`),
            name,
          ).toEqual(['client syn', 'server syn-ack', 'client handshake-ack']);
          expect(events.find((e) => e.connection === connection)?.type, name).toBe('opened');
        }
      });

      it('sees the bytes the clients sent and received, each way', () => {
        for (const name of ['exchange', 'odd-sizes', 'half-close', 'reset'] as const) {
          const { scenario, connection } = find(name);
          expect([dataBytes(connection, 'client'), dataBytes(connection, 'server')], name).toEqual([
            scenario.sent,
            scenario.received,
          ]);
        }
      });

      it('advances each side by the length of its data', () => {
        for (const name of ['exchange', 'odd-sizes', 'half-close', 'reset'] as const) {
          const { segments } = find(name);
          // Absolute numbers from the captured headers: after the SYN, each segment of a side starts
          // where that side's sequence space so far ends (payload, plus one for SYN and FIN; pure
          // ACKs take none), never past it. A segment starting earlier re-sends bytes already seen
          // (the kernel repacketizes after a zero window): allowed, the end moves only forward.
          const end = new Map<string, number>();
          let checked = 0;
          for (const r of segments) {
            const c = captured[r.index];
            if (c === undefined || c.rst) continue;
            const length = c.payloadLength + (c.syn ? 1 : 0) + (c.fin ? 1 : 0);
            const expected = end.get(r.from);
            const segmentEnd = (c.seq + length) >>> 0;
            if (expected !== undefined && !c.syn) {
              const behind = (expected - c.seq) | 0; // how far it starts before the end so far
              expect(behind, `${name} #${r.index} starts past the data sent so far`).toBeGreaterThanOrEqual(
                0,
              );
              if (behind === 0) checked++;
              else expect(r.role, `${name} #${r.index}`).toMatch(/^(retransmission|data|fin)$/);
              if (((segmentEnd - expected) | 0) > 0) end.set(r.from, segmentEnd);
            } else {
              end.set(r.from, segmentEnd);
            }
          }
          expect(checked).toBeGreaterThan(3);
        }
      });

      it('closes in four or three segments after a short exchange', () => {
        for (const name of ['exchange', 'odd-sizes'] as const) {
          const { connection, segments } = find(name);
          const firstFin = segments.findIndex((r) => r.role === 'fin');
          const close = segments.slice(firstFin).map((r) => `${r.from} ${r.role}`);
          expect([
            ['client fin', 'server ack', 'server fin', 'client ack'],
            ['client fin', 'server fin', 'client ack'],
          ]).toContainEqual(close);
          expect(
            events.filter((e) => e.connection === connection && e.type !== 'data').map((e) => e.type),
          ).toEqual(['opened', 'half-closed', 'closed']);
        }
      });

      it('follows the half-close: server data after the client FIN, then the server FIN', () => {
        const { connection, segments } = find('half-close');
        const clientFin = segments.findIndex((r) => r.from === 'client' && r.role === 'fin');
        const serverFin = segments.findIndex((r) => r.from === 'server' && r.role === 'fin');
        expect(clientFin).toBeGreaterThan(0);
        expect(serverFin).toBeGreaterThan(clientFin);
        const between = segments
          .slice(clientFin + 1, serverFin)
          .filter((r) => r.from === 'server' && r.role === 'data');
        expect(between.length).toBeGreaterThan(0);
        expect(results.filter((r) => r.connection === connection).at(-1)?.state).toBe('closed');
      });

      it('reports the reset: the client RST ends the connection', () => {
        const { connection, segments } = find('reset');
        expect(segments.some((r) => r.from === 'client' && r.role === 'rst')).toBe(true);
        const ends = events.filter(
          (e) => e.connection === connection && (e.type === 'reset' || e.type === 'closed'),
        );
        expect(ends.map((e) => (e.type === 'reset' ? `reset ${e.by}` : e.type))).toEqual(['reset client']);
      });

      it('reports the refused connection: SYN, then RST-ACK acknowledging ISN + 1', () => {
        const { connection, segments } = find('refused');
        expect(segments.map((r) => `${r.from} ${r.role}`)).toEqual(['client syn', 'server rst']);
        expect(events.filter((e) => e.connection === connection).map((e) => e.type)).toEqual(['reset']);
      });
    });
  }
});
