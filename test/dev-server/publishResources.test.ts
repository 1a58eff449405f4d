import { AudioFrame, Room } from '@livekit/rtc-node';
import { PublishError, publishAudio, sinePcm } from 'livekit-rx';
import { map, range } from 'rxjs';
import { useNativeRuntime } from '../helpers/native';
import { recordNativeWork, resourceSnapshot } from '../helpers/nativeWork';
import { startChildDevServer, type ChildDevServer } from './childServer';

// Opt-in: LIVEKIT_RX_PUBLISH_CYCLES=1000 npx jest test/dev-server/publishResources.test.ts
// It takes minutes: every publication is negotiated, and each offer carries one more m-line than
// the one before (rtc-node never reuses a transceiver that has sent, so after n publications
// the offer has n+6 m-lines: werift in the dev server takes about 0.1 s to answer one of 250).
// So the default suite runs the 1,000 cycles on a loopback (test/publishLoopback.test.ts: the
// same sink, real native source and track, no server), and this one on demand.
//
// The server runs in a child process, so that the heap measured here is the client's: the
// server's share of 1,000 negotiated transceivers (werift's: in-process the heap grew by 34 MB)
// is not ours.
//
// History: before the dev server sent `fast_publish` (as livekit-server does), about 5 in
// 20,000 publications in this loop were never answered: rtc-node 1.1.0's debounced
// renegotiation deadlocked its signalling task when an answer came late (livekit/rust-sdks#1252;
// docs/dev-server.md, test/dev-server/negotiation.test.ts forces it), the publication timed out
// after 10 s and disconnect() hung.
const cycles = Number(process.env.LIVEKIT_RX_PUBLISH_CYCLES ?? 0);
const onDemand = cycles > 0 ? it : it.skip;
const frame = new AudioFrame(
  sinePcm({ frequency: 440, sampleRate: 48000, samplesPerChannel: 480 }),
  48000,
  1,
  480,
);

let server: ChildDevServer | undefined;
let alice: Room | undefined;
afterAll(async () => {
  await alice?.disconnect();
  await server?.stop();
});
useNativeRuntime();

describe('dev server: publishAudio resources', () => {
  onDemand(
    `${cycles} subscribe/unsubscribe cycles leave no native handle, listener or timer behind`,
    async () => {
      server = await startChildDevServer();
      const room = new Room();
      alice = room;
      await room.connect(server.url, await server.createToken('alice', 'publish-cycles'), {
        autoSubscribe: true,
        dynacast: false,
      });
      const measure = () => resourceSnapshot(room);
      // Should a publication go unanswered again ('track publication timed out' after 10 s), the
      // loop stops there: what ran, the failed cycle included, must still have released everything.
      let unanswered: PublishError | undefined;

      /** Publish, let a frame reach the AudioSource, unsubscribe mid-stream. */
      const cycle = () =>
        new Promise<void>((resolve, reject) => {
          const subscription = range(0, 20)
            .pipe(
              map(() => frame),
              publishAudio(room, { name: 'cycle' }),
            )
            .subscribe({
              next: (e) => {
                if (e.type !== 'queued') return;
                subscription.unsubscribe();
                resolve();
              },
              error: (err: unknown) => {
                if (!(err instanceof PublishError && err.info.reason === 'publish-rejected')) {
                  return reject(err);
                }
                unanswered = err;
                resolve();
              },
            });
        });

      const work = recordNativeWork(room);
      for (let i = 0; i < 50; i++) await cycle().then(work.settle); // warm-up: JIT, first renegotiations
      const before = measure();
      const started = performance.now();
      let done = 0;
      for (; done < cycles && unanswered === undefined; done++) await cycle().then(work.settle);
      const elapsed = performance.now() - started;
      const after = measure();
      work.restore();

      const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
      console.log(
        `${done} publishAudio cycles in ${(elapsed / 1000).toFixed(1)} s ` +
          `(${(elapsed / done).toFixed(1)} ms each): heap ${mb(after.heap - before.heap)} MB, ` +
          `rss ${mb(after.rss - before.rss)} MB` +
          (unanswered ? `; stopped: the server did not answer (${unanswered.message})` : ''),
      );
      expect(work.sources).toHaveLength(done + 50);
      expect(work.sources.every((s) => s.closed)).toBe(true);
      expect(room.localParticipant?.trackPublications.size).toBe(0);
      expect(after.ffi).toBe(before.ffi);
      expect(after.listeners).toEqual(before.listeners);
      // rtc-node's own timers come and go: a leak of ours would add one per cycle, so allow a
      // handful, not `cycles`.
      const kinds = new Set([...Object.keys(before.resources), ...Object.keys(after.resources)]);
      const grown = [...kinds]
        .map((kind) => [kind, (after.resources[kind] ?? 0) - (before.resources[kind] ?? 0)])
        .filter(([, by]) => (by as number) > 6);
      expect(grown).toEqual([]);
      // The heap is the client's alone (the server is another process): a leaked publication of
      // ours (queue, subscriptions, source, track) would be well over 5 KB each. RSS grows with
      // rtc-node's negotiated transceivers, one per publication, about 0.25 MB each in libwebrtc
      // (rtc-node alone, 1,000 cycles: +255 MB), with or without livekit-rx.
      expect(after.heap - before.heap).toBeLessThan((5 * 2 ** 20 * done) / 1000 + 2 ** 20);
      expect(after.rss - before.rss).toBeLessThan((2 ** 20 * done) / 2 + 64 * 2 ** 20);
      // Every publication was answered (none since the dev server sends `fast_publish`).
      expect(unanswered?.message).toBeUndefined();
    },
    600_000,
  );
});
