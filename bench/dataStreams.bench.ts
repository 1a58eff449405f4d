import { ConnectionState, Room } from '@livekit/rtc-node';
import { sendFile, streamText, type RoomLike } from 'livekit-rx';
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { from, lastValueFrom } from 'rxjs';
import { startChildDevServer } from '../test/dev-server/childServer';

/** One side's cost of a transfer, from the first write until the receiver has read the end. */
export interface TransferCost {
  readonly wallMs: number;
  /** Process CPU (all threads: both clients' JS and native work; the server runs elsewhere). */
  readonly cpuMs: number;
}

/** Medians over alternating rounds, and the spread of rx CPU against raw's round by round. */
export interface TransferComparison {
  readonly raw: TransferCost;
  readonly rx: TransferCost;
  readonly cpuRatio: { readonly min: number; readonly median: number; readonly max: number };
}

/** The results of {@link dataStreamsBenchmark}. */
export interface DataStreamsResult {
  readonly rounds: number;
  /** streamText vs `writer.write` in a loop: `chunks` chunks of `chunkChars` characters. */
  readonly text: TransferComparison & { readonly chunks: number; readonly chunkChars: number };
  /** sendFile vs rtc-node's `sendFile`: a file of `bytes` bytes. */
  readonly file: TransferComparison & { readonly bytes: number };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/**
 * livekit-rx's data-stream sinks against rtc-node's own calls on the dev server (in a child
 * process, so its CPU is not counted), alice sending to bob, whose receiver is the same raw
 * rtc-node handler reading to the end for both sides (so the difference is the sender's):
 * - text: `chunks` chunks of `chunkChars` characters (an LLM reply, token by token), raw
 *   `writer = await streamText(); for (c) await writer.write(c); await writer.close()` vs
 *   `from(chunks).pipe(streamText(room))`;
 * - file: a `bytes`-byte file, rtc-node's `sendFile` (read in native code, no progress) vs
 *   livekit-rx's `sendFile` (read in JS, 64 KiB at a time, with progress).
 * Timed from the first call until bob has read the stream's end; alternating, `rounds` rounds
 * per side after one warm-up round each.
 */
export async function dataStreamsBenchmark(
  rounds: number,
  chunks = 2000,
  chunkChars = 24,
  bytes = 5 * 1024 * 1024,
): Promise<DataStreamsResult> {
  const server = await startChildDevServer();
  const alice = new Room();
  const bob = new Room();
  const dir = mkdtempSync(join(tmpdir(), 'livekit-rx-bench-'));
  try {
    await alice.connect(server.url, await server.createToken('alice', 'bench-streams'));
    await bob.connect(server.url, await server.createToken('bob', 'bench-streams'));
    while (!alice.remoteParticipants.has('bob')) await new Promise((r) => setTimeout(r, 10));
    const local = alice.localParticipant;
    if (local === undefined) throw new Error('bench: alice has no local participant');
    const tokens = Array.from({ length: chunks }, (_, i) =>
      `${i} `.padEnd(chunkChars, 'abcdefghijklmnopqrstuvwxyz'),
    );
    const path = join(dir, 'bench.bin');
    writeFileSync(path, randomBytes(bytes));

    let run = 0;
    /** bob reads the next stream on a fresh topic to its end; resolves then. */
    const receive = (kind: 'text' | 'byte', topic: string): Promise<void> =>
      new Promise<void>((resolve, reject) => {
        const read = (reader: AsyncIterable<unknown>) => {
          void (async () => {
            for await (const _ of reader) {
              // read and drop
            }
          })().then(resolve, reject);
        };
        if (kind === 'text') bob.registerTextStreamHandler(topic, read);
        else bob.registerByteStreamHandler(topic, read);
      });
    const measure = async (kind: 'text' | 'byte', send: (topic: string) => Promise<unknown>) => {
      const topic = `bench-${run++}`;
      const received = receive(kind, topic);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await send(topic);
      await received;
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      if (kind === 'text') bob.unregisterTextStreamHandler(topic);
      else bob.unregisterByteStreamHandler(topic);
      return { wallMs, cpuMs: (cpu.user + cpu.system) / 1000 };
    };
    const text = {
      raw: async (topic: string) => {
        const writer = await local.streamText({ topic });
        for (const token of tokens) await writer.write(token);
        await writer.close();
      },
      rx: (topic: string) =>
        lastValueFrom(from(tokens).pipe(streamText(alice, { topic, bufferSize: chunks }))),
    };
    const file = {
      raw: (topic: string) => local.sendFile(path, { topic, name: 'bench.bin' }),
      rx: (topic: string) => lastValueFrom(sendFile(alice, path, { topic })),
    };
    const compare = async (
      kind: 'text' | 'byte',
      sides: { raw: (t: string) => Promise<unknown>; rx: (t: string) => Promise<unknown> },
    ): Promise<TransferComparison> => {
      await measure(kind, sides.raw);
      await measure(kind, sides.rx);
      const raw: TransferCost[] = [];
      const rx: TransferCost[] = [];
      for (let i = 0; i < rounds; i++) {
        // alternate which goes first, so a drift in the machine's load hits both alike
        if (i % 2 === 0) {
          raw.push(await measure(kind, sides.raw));
          rx.push(await measure(kind, sides.rx));
        } else {
          rx.push(await measure(kind, sides.rx));
          raw.push(await measure(kind, sides.raw));
        }
      }
      const ratios = raw.map((r, i) => (rx[i]?.cpuMs ?? NaN) / r.cpuMs - 1);
      const cost = (list: TransferCost[]) => ({
        wallMs: median(list.map((c) => c.wallMs)),
        cpuMs: median(list.map((c) => c.cpuMs)),
      });
      return {
        raw: cost(raw),
        rx: cost(rx),
        cpuRatio: { min: Math.min(...ratios), median: median(ratios), max: Math.max(...ratios) },
      };
    };
    return {
      rounds,
      text: { ...(await compare('text', text)), chunks, chunkChars },
      file: { ...(await compare('byte', file)), bytes },
    };
  } finally {
    await alice.disconnect();
    await bob.disconnect();
    await server.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The library's own JS per chunk, on a writer whose writes cost nothing (µs of CPU). */
export interface StreamTextJsOnly {
  readonly chunks: number;
  readonly raw: number;
  readonly rx: number;
}

/**
 * streamText's own JS cost: rtc-node's `streamText` replaced by a writer whose `write` resolves at
 * once, so what remains is the loop (raw: `await writer.write()` per chunk) against the sink
 * (queue, events, the same awaited writes through livekit-rx's rtc-node hooks). Process CPU per
 * chunk, median of `rounds` alternating rounds of `chunks` chunks.
 */
export async function streamTextJsOnly(rounds: number, chunks = 20_000): Promise<StreamTextJsOnly> {
  const writer = {
    info: { streamId: 'S', mimeType: 'text/plain', topic: '', timestamp: 0, attributes: {} },
    write: (_chunk: string) => Promise.resolve(),
    close: () => Promise.resolve(),
  };
  const local = { identity: 'me', streamText: () => Promise.resolve(writer) };
  const room = Object.assign(new EventEmitter(), {
    connectionState: ConnectionState.CONN_CONNECTED,
    isConnected: true,
    name: 'bench',
    metadata: '',
    remoteParticipants: new Map(),
    localParticipant: local,
    registerTextStreamHandler: () => undefined,
    unregisterTextStreamHandler: () => undefined,
    registerByteStreamHandler: () => undefined,
    unregisterByteStreamHandler: () => undefined,
  }) as unknown as RoomLike;
  const tokens = Array.from({ length: chunks }, (_, i) => `tok${i} `);
  const cpu = async (work: () => Promise<unknown>) => {
    const t0 = process.cpuUsage();
    await work();
    const t = process.cpuUsage(t0);
    return (t.user + t.system) / chunks;
  };
  const raw = async () => {
    const w = await local.streamText();
    for (const token of tokens) await w.write(token);
    await w.close();
  };
  const rx = () => lastValueFrom(from(tokens).pipe(streamText(room, { bufferSize: chunks })));
  await raw();
  await rx();
  const raws: number[] = [];
  const rxs: number[] = [];
  for (let i = 0; i < rounds; i++) {
    raws.push(await cpu(raw));
    rxs.push(await cpu(rx));
  }
  return { chunks, raw: median(raws), rx: median(rxs) };
}
