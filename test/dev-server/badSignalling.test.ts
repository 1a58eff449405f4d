import { Ping } from '@livekit/protocol';
import { RoomEvent } from '@livekit/rtc-node';
import { once } from 'node:events';
import { WebSocket } from 'ws';
import { next, useDevServer } from './helpers';
import { RawClient } from './rawClient';

const rooms = useDevServer();

/** How many of each kind of handle (sockets, timers, UDP sockets) the process holds. */
function handles(): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const kind of process.getActiveResourcesInfo()) counts[kind] = (counts[kind] ?? 0) + 1;
  return counts;
}

/** Polls (without sleeping in the test's logic) until `ok()` holds, or fails after `ms`. */
async function eventually(ok: () => boolean, what: () => string, ms = 15_000): Promise<void> {
  const started = Date.now();
  while (!ok()) {
    if (Date.now() - started > ms) throw new Error(`still ${what()} after ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** A deterministic stream of pseudo-random bytes (a 32-bit LCG). */
function randomBytes(seed: number): (n: number) => Buffer {
  let x = seed >>> 0;
  return (n) => {
    const out = Buffer.alloc(n);
    for (let i = 0; i < n; i++) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      out[i] = x >>> 24;
    }
    return out;
  };
}

describe('dev server: bad signalling never takes it down', () => {
  it('survives 200 unauthenticated sockets, 1,000 malformed messages and a client vanishing mid-negotiation', async () => {
    const rejections: unknown[] = [];
    const onRejection = (reason: unknown) => rejections.push(reason);
    process.on('unhandledRejection', onRejection);
    const processListeners = process.eventNames().map((e) => [e, process.listenerCount(e)]);
    const before = handles();
    try {
      // 1. 200 WebSocket upgrades without a token, 50 at a time: each a 401, nothing upgraded.
      for (let batch = 0; batch < 4; batch++) {
        const statuses = await Promise.all(
          Array.from({ length: 50 }, async () => {
            const ws = new WebSocket(`${rooms.server.url}/rtc?sdk=raw&protocol=16`);
            ws.on('error', () => undefined);
            const [, res] = (await once(ws, 'unexpected-response')) as [
              unknown,
              { statusCode: number },
            ];
            ws.terminate();
            return res.statusCode;
          }),
        );
        expect(new Set(statuses)).toEqual(new Set([401]));
      }

      // 2. 1,000 malformed messages, binary and text, over 10 authenticated connections: each
      // connection either closes with 1007 (the first that does not decode) or, if every one it
      // had decoded as a SignalRequest (random bytes can), still answers a ping.
      const random = randomBytes(15);
      const outcomes = await Promise.all(
        Array.from({ length: 10 }, async (_, c) => {
          const token = await rooms.server.createToken(`garbage-${c}`, { room: 'garbage' });
          const [client] = await RawClient.join(rooms.server.url, token);
          for (let m = 0; m < 100; m++) {
            const binary = m % 2 === 0;
            const bytes = random(1 + (m % 64));
            if (client.ws.readyState !== client.ws.OPEN) break;
            client.ws.send(binary ? bytes : `{"offer": ${bytes.toString('latin1')}`, { binary });
          }
          if (client.ws.readyState === client.ws.OPEN) {
            client.send({ case: 'pingReq', value: new Ping({ timestamp: 42n }) });
            const answered = await Promise.race([
              client.next('pongResp').then((p) => `pong ${p.lastPingTimestamp}`),
              client.closed.then(({ code, reason }) => `${code} ${reason.split(':')[0]}`),
            ]);
            await client.leave();
            return answered;
          }
          const { code, reason } = await client.closed;
          return `${code} ${reason.split(':')[0]}`;
        }),
      );
      // The text messages are never valid JSON: every connection meets one within two messages.
      expect(outcomes).toEqual(Array(10).fill('1007 malformed SignalRequest'));

      // 3. A client that offers its publisher connection and vanishes before the answer.
      const token = await rooms.server.createToken('vanisher', { room: 'served' });
      const [vanisher] = await RawClient.join(rooms.server.url, token);
      await vanisher.offerPublisher();
      await vanisher.vanish();

      // Every broken session is gone, and the server still admits and serves real clients.
      await eventually(
        () => Object.keys(rooms.server.rooms()).every((r) => rooms.server.rooms()[r]?.length === 0),
        () => JSON.stringify(rooms.server.rooms()),
      );
      const alice = await rooms.join('alice', 'served');
      const bob = await rooms.join('bob', 'served');
      const got = next(bob, RoomEvent.DataReceived);
      await alice.localParticipant?.publishData(new TextEncoder().encode('still here'), {
        reliable: true,
      });
      const [payload, from] = await got;
      expect([new TextDecoder().decode(payload), from?.identity]).toEqual(['still here', 'alice']);
      await rooms.disconnectAll();

      // Nothing left behind: sockets, timers and UDP sockets back to what they were.
      const kinds = ['TCPSocketWrap', 'TCPWrap', 'Timeout', 'UDPWrap'];
      const leaked = () =>
        kinds
          .filter((k) => (handles()[k] ?? 0) > (before[k] ?? 0))
          .map((k) => `${k} ${handles()[k]} > ${before[k] ?? 0}`);
      await eventually(
        () => leaked().length === 0,
        () => leaked().join(', '),
      );
      expect(process.eventNames().map((e) => [e, process.listenerCount(e)])).toEqual(
        processListeners.map(([e, n]) => [e, e === 'unhandledRejection' ? Number(n) : n]),
      );
      expect(rejections).toEqual([]);
    } finally {
      process.off('unhandledRejection', onRejection);
    }
  }, 60_000);
});
