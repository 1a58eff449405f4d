// Text and byte streams end to end: livekit-rx's sinks on one real rtc-node client, its sources on
// others, through the embedded dev server.
import type { Room } from '@livekit/rtc-node';
import {
  byteStreams,
  chatMessages,
  DataStreamError,
  publishTranscription,
  sendFile,
  sendText,
  streamBytes,
  streamText,
  textStreams,
  transcriptions,
  RecipientNotFoundError,
  type IncomingByteStream,
  type ReceiveProgress,
} from 'livekit-rx';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  concatMap,
  filter,
  firstValueFrom,
  from,
  lastValueFrom,
  map,
  mergeMap,
  of,
  reduce,
  Subject,
  take,
  toArray,
} from 'rxjs';
import { ffiListenerCount } from '../helpers/native';
import { roomListeners } from '../helpers/nativeWork';
import { useDevServer } from './helpers';

const rooms = useDevServer();
let dir: string;
beforeAll(() => (dir = mkdtempSync(join(tmpdir(), 'livekit-rx-streams-'))));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** rtc-node's private counts: handlers per topic, readers not yet at their end. */
function nativeCounts(room: Room) {
  const inside = room as unknown as {
    textStreamHandlers: Map<string, unknown>;
    byteStreamHandlers: Map<string, unknown>;
    streamReaders: Map<bigint, unknown>;
  };
  return {
    textHandlers: inside.textStreamHandlers.size,
    byteHandlers: inside.byteStreamHandlers.size,
    readers: inside.streamReaders.size,
    ffiListeners: ffiListenerCount(),
    roomListeners: roomListeners(room),
  };
}

describe('dev server: text streams with livekit-rx on both ends', () => {
  it('streams an LLM-like reply of 200 chunks: the receiver gets every chunk in order, and the whole text', async () => {
    const alice = await rooms.join('alice', 'llm');
    const bob = await rooms.join('bob', 'llm');
    const tokens = Array.from({ length: 200 }, (_, i) => `tok${i} `);
    const received = firstValueFrom(
      textStreams(bob, { topic: 'lk.chat' }).pipe(
        mergeMap((stream) =>
          stream.chunks$.pipe(
            toArray(),
            mergeMap((chunks) => stream.text$.pipe(map((text) => ({ stream, chunks, text })))),
          ),
        ),
      ),
    );
    const events = await lastValueFrom(
      from(tokens).pipe(
        streamText(alice, { topic: 'lk.chat', attributes: { model: 'test' } }),
        toArray(),
      ),
    );
    const { stream, chunks, text } = await received;
    expect(chunks).toEqual(tokens);
    expect(text).toBe(tokens.join(''));
    expect([stream.sender, stream.participant?.identity, stream.info.attributes]).toEqual([
      'alice',
      'alice',
      { model: 'test' },
    ]);
    expect(events.map((e) => e.type)).toEqual(['opened', ...tokens.map(() => 'written'), 'closed']);
    expect(events.at(-1)).toMatchObject({
      type: 'closed',
      chunks: 200,
      info: { streamId: stream.info.streamId },
    });
  });

  it('three subscribers on one topic each get every stream', async () => {
    const alice = await rooms.join('alice', 'three');
    const bob = await rooms.join('bob', 'three');
    const subscribers = [0, 1, 2].map(() =>
      firstValueFrom(
        textStreams(bob, { topic: 'notes' }).pipe(
          concatMap((s) => s.text$),
          take(2),
          toArray(),
        ),
      ),
    );
    await lastValueFrom(sendText(alice, 'first', { topic: 'notes' }));
    await lastValueFrom(of('sec', 'ond').pipe(streamText(alice, { topic: 'notes' })));
    expect(await Promise.all(subscribers)).toEqual([
      ['first', 'second'],
      ['first', 'second'],
      ['first', 'second'],
    ]);
    expect(nativeCounts(bob).textHandlers).toBe(0); // the last take(2) left: unregistered
  });

  it('destinationIdentities reach only them; an absent identity is a named error, the others unaffected', async () => {
    const alice = await rooms.join('alice', 'dest');
    const bob = await rooms.join('bob', 'dest');
    const carol = await rooms.join('carol', 'dest');
    const atBob = firstValueFrom(
      textStreams(bob, { topic: 'dm' }).pipe(
        mergeMap((s) => s.text$),
        toArray(),
      ),
    );
    const atCarol = firstValueFrom(
      textStreams(carol, { topic: 'dm' }).pipe(
        mergeMap((s) => s.text$),
        take(1),
        toArray(),
      ),
    );
    const absent = await lastValueFrom(
      sendText(alice, 'to nobody', { topic: 'dm', destinationIdentities: ['zed'] }),
    ).catch((e: unknown) => e);
    expect(absent).toBeInstanceOf(RecipientNotFoundError);
    await lastValueFrom(
      of('for ', 'bob').pipe(streamText(alice, { topic: 'dm', destinationIdentities: ['bob'] })),
    );
    // on the same ordered channel, after bob's: when carol has this, she would have had bob's
    await lastValueFrom(
      sendText(alice, 'marker for carol', { topic: 'dm', destinationIdentities: ['carol'] }),
    );
    expect(await atCarol).toEqual(['marker for carol']);
    await bob.disconnect();
    expect(await atBob).toEqual(['for bob']);
  });

  it("the sender's error aborts the stream: the receiver's chunks$ fails with the reason, after what was sent", async () => {
    const alice = await rooms.join('alice', 'abort');
    const bob = await rooms.join('bob', 'abort');
    const seen: string[] = [];
    const done = new Promise<DataStreamError>((resolve) =>
      textStreams(bob, { topic: 't' })
        .pipe(mergeMap((s) => s.chunks$))
        .subscribe({ next: (c) => seen.push(c), error: resolve }),
    );
    const tokens = new Subject<string>();
    const sent = new Promise<unknown>((resolve) =>
      tokens.pipe(streamText(alice, { topic: 't' })).subscribe({
        next: (e) => e.type === 'written' && tokens.error(new Error('LLM quota')),
        error: resolve,
      }),
    );
    tokens.next('par');
    expect(await sent).toEqual(new Error('LLM quota'));
    const error = await done;
    expect(seen).toEqual(['par']);
    expect(error.info).toMatchObject({
      problem: 'aborted',
      detail: 'LLM quota',
      sender: 'alice',
      chunks: 1,
    });
  });

  it("unsubscribing aborts ('cancelled'); the sender leaving mid-stream is 'sender-left'", async () => {
    const alice = await rooms.join('alice', 'cut');
    const bob = await rooms.join('bob', 'cut');
    const errors: DataStreamError[] = [];
    const failed = (n: number) =>
      new Promise<void>((resolve) =>
        textStreams(bob, { topic: 't' })
          .pipe(
            mergeMap((s) => s.chunks$),
            take(100),
          )
          .subscribe({
            error: (e: DataStreamError) => {
              errors.push(e);
              if (errors.length === n) resolve();
            },
          }),
      );
    const first = failed(1);
    const tokens = new Subject<string>();
    const writes = new Subject<void>();
    const subscription = tokens
      .pipe(streamText(alice, { topic: 't' }))
      .subscribe((e) => e.type === 'written' && writes.next());
    const written = firstValueFrom(writes);
    tokens.next('a');
    await written;
    subscription.unsubscribe();
    await first;
    expect(errors[0]?.info).toMatchObject({ problem: 'aborted', detail: 'cancelled' });

    const second = failed(2);
    const carol = await rooms.join('carol', 'cut');
    const carolTokens = new Subject<string>();
    const sink = new Promise<unknown>((resolve) =>
      carolTokens.pipe(streamText(carol, { topic: 't' })).subscribe({
        next: (e) => e.type === 'written' && void carol.disconnect(),
        error: resolve,
      }),
    );
    carolTokens.next('b');
    const sinkError = (await sink) as DataStreamError;
    await second;
    expect(sinkError.info).toMatchObject({
      problem: 'room-disconnected',
      direction: 'outgoing',
      chunks: 1,
    });
    expect(errors[1]?.info).toMatchObject({ problem: 'sender-left', sender: 'carol', chunks: 1 });
  });
});

describe('dev server: byte streams and files', () => {
  it('sends a 5 MB file with sendFile: the receiver gets the same bytes, with monotonic progress', async () => {
    const alice = await rooms.join('alice', 'file');
    const bob = await rooms.join('bob', 'file');
    const content = randomBytes(5 * 1024 * 1024);
    const path = join(dir, 'five-mb.bin');
    writeFileSync(path, content);
    const received = firstValueFrom(
      byteStreams(bob, { topic: 'files' }).pipe(
        mergeMap((file: IncomingByteStream<Room>) => {
          const progress: ReceiveProgress[] = [];
          file.progress$.subscribe((p) => progress.push(p));
          return file.chunks$.pipe(
            reduce((hash, chunk) => hash.update(chunk), createHash('sha256')),
            map((hash) => ({ file, digest: hash.digest('hex'), progress })),
          );
        }),
      ),
    );
    const sent = await lastValueFrom(
      sendFile(alice, path, { topic: 'files', mimeType: 'application/x-test' }).pipe(toArray()),
    );
    const { file, digest, progress } = await received;
    expect(digest).toBe(sha256(content));
    expect(file.info).toMatchObject({
      name: 'five-mb.bin',
      mimeType: 'application/x-test',
      totalSize: content.length,
    });
    const fractions = progress.map((p) => p.fraction ?? -1);
    expect(fractions[0]).toBe(0);
    expect(fractions.at(-1)).toBe(1);
    expect(fractions.every((f, i) => i === 0 || f > (fractions[i - 1] ?? 0))).toBe(true);
    const sentBytes = sent.map((p) => p.bytesSent);
    expect(sentBytes.every((b, i) => i === 0 || b >= (sentBytes[i - 1] ?? 0))).toBe(true);
    expect(sent.at(-1)).toMatchObject({
      bytesSent: content.length,
      total: content.length,
      done: true,
    });
  });

  it('a file that does not exist or is a directory is a SendFileError, and the room goes on', async () => {
    const alice = await rooms.join('alice', 'bad-file');
    const bob = await rooms.join('bob', 'bad-file');
    const missing = await lastValueFrom(sendFile(alice, join(dir, 'absent.bin'))).catch(
      (e: unknown) => e,
    );
    const directory = await lastValueFrom(sendFile(alice, dir)).catch((e: unknown) => e);
    expect([
      (missing as { info: { problem: string } }).info.problem,
      (directory as { info: { problem: string } }).info.problem,
    ]).toEqual(['not-found', 'not-a-file']);
    const text = firstValueFrom(textStreams(bob, { topic: 'ok' }).pipe(mergeMap((s) => s.text$)));
    await lastValueFrom(sendText(alice, 'still here', { topic: 'ok' }));
    expect(await text).toBe('still here');
  });
});

describe('dev server: transcriptions and chat', () => {
  it("publishTranscription's text streams reach transcriptions() on the other side; packets are sent", async () => {
    const agent = await rooms.join('agent', 'stt');
    const user = await rooms.join('user', 'stt');
    const finals = firstValueFrom(
      transcriptions(user).pipe(
        filter((u) => u.ended),
        take(2),
        toArray(),
      ),
    );
    const sent = await lastValueFrom(
      of(
        { text: 'hello', final: false, id: 'SG_1' },
        { text: 'hello world', final: true, id: 'SG_1' },
      ).pipe(publishTranscription(agent, { trackSid: 'TR_user_mic', via: 'both' }), toArray()),
    );
    expect(sent.map((e) => [e.segmentId, e.final])).toEqual([
      ['SG_1', false],
      ['SG_1', true],
    ]);
    expect(
      (await finals).map((u) => [u.senderIdentity, u.trackSid, u.segmentId, u.text, u.final]),
    ).toEqual([
      ['agent', 'TR_user_mic', 'SG_1', 'hello', false],
      ['agent', 'TR_user_mic', 'SG_1', 'hello world', true],
    ]);
  });

  it('chatMessages gets rtc-node chat packets and lk.chat text streams', async () => {
    const alice = await rooms.join('alice', 'chat');
    const bob = await rooms.join('bob', 'chat');
    const messages = firstValueFrom(chatMessages(bob).pipe(take(2), toArray()));
    await alice.localParticipant!.sendChatMessage('as a packet');
    await lastValueFrom(sendText(alice, 'as a stream', { topic: 'lk.chat' }));
    expect(
      (await messages).map((m) => [m.transport, m.participant?.identity, m.message.message]),
    ).toEqual([
      ['chat-packet', 'alice', 'as a packet'],
      ['text-stream', 'alice', 'as a stream'],
    ]);
  });
});

describe('dev server: resources', () => {
  it('1,000 subscribe/unsubscribe cycles of textStreams and byteStreams leave no handler, listener or reader', async () => {
    const alice = await rooms.join('alice', 'cycles');
    const bob = await rooms.join('bob', 'cycles');
    const before = nativeCounts(bob);
    for (let i = 0; i < 1000; i++) {
      textStreams(bob, { topic: 't' }).subscribe().unsubscribe();
      byteStreams(bob, { topic: 'b' }).subscribe().unsubscribe();
    }
    // and streams under way when their subscriber leaves: each is still read to its end
    for (let i = 0; i < 10; i++) {
      const opened = firstValueFrom(textStreams(bob, { topic: 't' }));
      const openedFile = firstValueFrom(byteStreams(bob, { topic: 'b' }));
      const text = new Subject<string>();
      const bytes = new Subject<Uint8Array>();
      const textDone = lastValueFrom(text.pipe(streamText(alice, { topic: 't' })));
      const bytesDone = lastValueFrom(bytes.pipe(streamBytes(alice, { topic: 'b' })));
      text.next('first');
      bytes.next(new Uint8Array(20_000));
      const [stream, file] = await Promise.all([opened, openedFile]); // firstValueFrom has left
      const chunk = firstValueFrom(stream.chunks$); // a subscriber that leaves after one chunk
      expect(await chunk).toBe('first');
      text.next('rest');
      text.complete();
      bytes.complete();
      await Promise.all([textDone, bytesDone]);
      await lastValueFrom(stream.text$);
      await lastValueFrom(file.progress$);
    }
    expect(nativeCounts(bob)).toEqual(before);
    expect(before).toMatchObject({ textHandlers: 0, byteHandlers: 0, readers: 0 });
  });
});
