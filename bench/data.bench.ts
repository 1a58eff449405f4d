import { ConnectionState, Room, RoomEvent } from '@livekit/rtc-node';
import { decode, protobufCodec, publishData, type DataPacket, type RoomLike } from 'livekit-rx';
import { EventEmitter } from 'node:events';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import protobuf from 'protobufjs';
import { from, lastValueFrom } from 'rxjs';
import { startChildDevServer } from '../test/dev-server/childServer';
import { compare, type Comparison } from './lib/compare';

/** One side's cost of sending a batch of packets and seeing them all arrive. */
export interface SendCost {
  readonly messagesPerSecond: number;
  /** Process CPU (all threads: both clients' JS and native work) per message. */
  readonly cpuUsPerMessage: number;
}

/** The results of {@link publishDataBenchmark}: medians over alternating rounds. */
export interface PublishDataResult {
  readonly messages: number;
  readonly bytes: number;
  readonly rounds: number;
  readonly raw: SendCost;
  readonly rx: SendCost;
  /** Per round (the two sides back to back): rx CPU / raw CPU - 1, lowest and highest. */
  readonly cpuRatio: { readonly min: number; readonly max: number };
}

const median = (values: readonly number[]): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
};

/**
 * `publishData` against rtc-node's own `publishData` on the dev server (in a child process, so
 * its CPU is not counted): alice sends `messages` reliable packets of `bytes` bytes to bob, one
 * send in flight at a time on both sides (raw: `await local.publishData(...)` in a loop; rx:
 * `from(payloads).pipe(publishData(room))`), timed from the first send until bob has received
 * the last. The sides alternate, `rounds` times each, after one warm-up round.
 */
export async function publishDataBenchmark(
  messages: number,
  rounds: number,
  bytes = 100,
): Promise<PublishDataResult> {
  const server = await startChildDevServer();
  const alice = new Room();
  const bob = new Room();
  try {
    await alice.connect(server.url, await server.createToken('alice', 'bench-data'));
    await bob.connect(server.url, await server.createToken('bob', 'bench-data'));
    while (!alice.remoteParticipants.has('bob')) await new Promise((r) => setTimeout(r, 10));
    const local = alice.localParticipant;
    if (local === undefined) throw new Error('bench: alice has no local participant');
    const payloads = Array.from({ length: messages }, (_, i) => new Uint8Array(bytes).fill(i));

    let run = 0;
    const once = async (way: 'raw' | 'rx'): Promise<SendCost> => {
      const topic = `bench-${run++}`;
      const received = new Promise<void>((resolve) => {
        let count = 0;
        const onData = (_p: Uint8Array, _from: unknown, _kind: unknown, t?: string) => {
          if (t !== topic || ++count < messages) return;
          bob.off(RoomEvent.DataReceived, onData);
          resolve();
        };
        bob.on(RoomEvent.DataReceived, onData);
      });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      if (way === 'raw') {
        for (const payload of payloads) {
          await local.publishData(payload, {
            reliable: true,
            topic,
            destination_identities: ['bob'],
          });
        }
      } else {
        await lastValueFrom(
          from(payloads).pipe(
            publishData(alice, {
              topic,
              destinationIdentities: ['bob'],
              bufferSize: messages,
            }),
          ),
        );
      }
      await received;
      const wallMs = performance.now() - t0;
      const cpu = process.cpuUsage(cpu0);
      return {
        messagesPerSecond: (messages / wallMs) * 1000,
        cpuUsPerMessage: (cpu.user + cpu.system) / messages,
      };
    };

    await once('raw');
    await once('rx');
    const raw: SendCost[] = [];
    const rx: SendCost[] = [];
    const ratios: number[] = [];
    for (let round = 0; round < rounds; round++) {
      const [first, second] = round % 2 === 0 ? (['raw', 'rx'] as const) : (['rx', 'raw'] as const);
      const a = await once(first);
      const b = await once(second);
      const [r, x] = first === 'raw' ? [a, b] : [b, a];
      raw.push(r);
      rx.push(x);
      ratios.push(x.cpuUsPerMessage / r.cpuUsPerMessage - 1);
    }
    const summary = (costs: SendCost[]): SendCost => ({
      messagesPerSecond: median(costs.map((c) => c.messagesPerSecond)),
      cpuUsPerMessage: median(costs.map((c) => c.cpuUsPerMessage)),
    });
    return {
      messages,
      bytes,
      rounds,
      raw: summary(raw),
      rx: summary(rx),
      cpuRatio: { min: Math.min(...ratios), max: Math.max(...ratios) },
    };
  } finally {
    await Promise.all([alice.disconnect(), bob.disconnect()]);
    await server.stop();
  }
}

/** The results of {@link decodeBenchmark}, per packet. */
export interface DecodeResult {
  readonly comparison: Comparison;
  readonly packets: number;
  readonly bytes: number;
  /** Wall time per packet: protobufjs `Type.decode` in a try/catch, and `decode(protobufCodec)`. */
  readonly rawUs: number;
  readonly rxUs: number;
}

/**
 * `decode(protobufCodec(Type))` on received packets against what one writes without livekit-rx:
 * `Type.decode(packet.payload)` in a try/catch, over the same batch of `packets` small
 * `chat.Message` packets (one tinybench task = the whole batch).
 */
export async function decodeBenchmark(packets: number, timeMs: number): Promise<DecodeResult> {
  const root = protobuf.loadSync(join(process.cwd(), 'marble-tests', 'fixtures', 'chat.proto'));
  const Chat = root.lookupType('chat.Message');
  const codec = protobufCodec(Chat);
  const batch: DataPacket[] = Array.from({ length: packets }, (_, i) => ({
    payload: Chat.encode(
      Chat.fromObject({ text: `message ${i}`, seq: i, mood: 1, tags: ['a', 'b'] }),
    ).finish(),
    participant: undefined,
    kind: 0,
    topic: 'chat',
    encryptionType: 0,
  }));
  let sink = 0;
  const comparison = await compare(
    `decode ${packets} protobuf packets (${batch[0]?.payload.length ?? 0} bytes each)`,
    {
      name: 'Type.decode in try/catch',
      fn: () => {
        for (const packet of batch) {
          try {
            sink += (Chat.decode(packet.payload) as unknown as { seq: number }).seq;
          } catch {
            sink -= 1;
          }
        }
      },
    },
    {
      name: 'decode(protobufCodec)',
      fn: () => {
        from(batch)
          .pipe(decode(codec))
          .subscribe((result) => {
            sink += result._tag === 'Right' ? (result.right as unknown as { seq: number }).seq : -1;
          });
      },
    },
    timeMs,
  );
  if (sink === 0.5) console.log(sink); // keeps the work observable to the optimiser
  return {
    comparison,
    packets,
    bytes: batch[0]?.payload.length ?? 0,
    rawUs: 1e6 / (comparison.baselineHz * packets),
    rxUs: 1e6 / (comparison.oursHz * packets),
  };
}

/** publishData's own JS layer against a raw await loop, per message (wall time). */
export interface PublishDataLayer {
  readonly messages: number;
  readonly rawUs: number;
  readonly rxUs: number;
}

/**
 * What publishData itself adds per message, without the native runtime or the network: a room
 * whose local participant's `publishData` resolves at once (rtc-node's signature, so the sink
 * takes its real rtc-node path), `messages` sends back to back; the fastest of `repeats`
 * alternating runs of `for ... await publishData(...)` and `from(payloads).pipe(publishData(room))`.
 */
export async function publishDataLayer(
  messages: number,
  repeats: number,
): Promise<PublishDataLayer> {
  const local = {
    identity: 'me',
    publishData: (_data: Uint8Array, _options: object) => Promise.resolve(),
  };
  const room = Object.assign(new EventEmitter(), {
    connectionState: ConnectionState.CONN_CONNECTED,
    isConnected: true,
    name: 'layer',
    metadata: '',
    remoteParticipants: new Map([['bob', { identity: 'bob' }]]),
    localParticipant: local,
  }) as unknown as RoomLike;
  const payload = new Uint8Array(100);
  const payloads = Array.from({ length: messages }, () => payload);
  const raw = async () => {
    for (let i = 0; i < messages; i++) {
      await local.publishData(payload, {
        reliable: true,
        topic: 'bench',
        destination_identities: ['bob'],
      });
    }
  };
  const rx = () =>
    lastValueFrom(
      from(payloads).pipe(
        publishData(room, { topic: 'bench', destinationIdentities: ['bob'], bufferSize: messages }),
      ),
    );
  let rawUs = Infinity;
  let rxUs = Infinity;
  for (let r = 0; r < repeats; r++) {
    let t0 = performance.now();
    await raw();
    rawUs = Math.min(rawUs, ((performance.now() - t0) * 1000) / messages);
    t0 = performance.now();
    await rx();
    rxUs = Math.min(rxUs, ((performance.now() - t0) * 1000) / messages);
  }
  return { messages, rawUs, rxUs };
}
