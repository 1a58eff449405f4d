import { filter, map, Observable } from 'rxjs';
import {
  DataStreamError,
  QueueOverflowError,
  RoomNotConnectedError,
  streamText,
  RecipientNotFoundError,
  type TextStreamEvent,
} from 'livekit-rx';
import { TestRoom, type TestRoomSent } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const info = (streamId = 'OUT_1', topic = 'chat', attributes: Record<string, string> = {}) => ({
  streamId,
  mimeType: 'text/plain',
  topic,
  timestamp: 0,
  attributes,
});
const opened = (i = info()): TextStreamEvent => ({ type: 'opened', info: i });
const written = (
  index: number,
  chunk: string,
  totalBytes: number,
  pending = 0,
): TextStreamEvent => ({
  type: 'written',
  index,
  chunk,
  bytes: Buffer.byteLength(chunk),
  totalBytes,
  pending,
});
const closed = (chunks: number, bytes: number, i = info()): TextStreamEvent => ({
  type: 'closed',
  info: i,
  chunks,
  bytes,
});

/** What the room recorded of the stream, compactly: o(pen), chunks, c(lose)/a(bort:reason). */
function recorded(room: TestRoom): Observable<string> {
  return room.sent$.pipe(
    filter((s): s is Extract<TestRoomSent, { streamKind: 'text' | 'byte' }> =>
      s.type.startsWith('stream-'),
    ),
    map((s) =>
      s.type === 'stream-open'
        ? 'o'
        : s.type === 'stream-chunk'
          ? String(s.chunk)
          : s.reason === undefined
            ? 'c'
            : `a:${s.reason}`,
    ),
  );
}

const room = (dataStreams = {}) =>
  new TestRoom({ participants: [{ identity: 'alice' }, { identity: 'bob' }], dataStreams });

describe('streamText: one outgoing text stream per subscription', () => {
  it('opens on subscribe, writes each chunk as it comes, closes on complete', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const r = room();
      const tokens = cold('--a--b--|', { a: 'Hel', b: 'lo' });
      expectObservable(recorded(r)).toBe('o-a--b--c', { o: 'o', a: 'Hel', b: 'lo', c: 'c' });
      expectObservable(tokens.pipe(streamText(r, { topic: 'chat' }))).toBe('o-a--b--(c|)', {
        o: opened(),
        a: written(0, 'Hel', 3),
        b: written(1, 'lo', 5),
        c: closed(2, 5),
      });
      expectSubscriptions(tokens.subscriptions).toBe('^-------!');
    });
  });

  it('records the header: topic, attributes, destinations, stream id', () => {
    const r = room();
    streamText(r, {
      topic: 't',
      attributes: { 'lk.segment_id': 'SG_1' },
      destinationIdentities: ['bob'],
      streamId: 'my-id',
    })(new Observable<string>()).subscribe();
    expect(r.sent).toEqual([
      {
        type: 'stream-open',
        streamKind: 'text',
        streamId: 'my-id',
        topic: 't',
        attributes: { 'lk.segment_id': 'SG_1' },
        destinationIdentities: ['bob'],
        name: undefined,
        mimeType: 'text/plain',
        totalSize: undefined,
      },
    ]);
  });

  it('writes one chunk at a time, in order: chunks wait while one is written', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room({ writeTime: 3 });
      expectObservable(cold('abc|').pipe(streamText(r, { topic: 'chat' }))).toBe('o--a--b--(cx|)', {
        o: opened(),
        a: written(0, 'a', 1, 2),
        b: written(1, 'b', 2, 1),
        c: written(2, 'c', 3),
        x: closed(3, 3),
      });
    });
  });

  it('chunks that come before the stream has opened wait for it', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room({ openTime: 2 });
      expectObservable(cold('ab|').pipe(streamText(r, { topic: 'chat' }))).toBe('--(oabc|)', {
        o: opened(),
        a: written(0, 'a', 1, 1),
        b: written(1, 'b', 2),
        c: closed(2, 2),
      });
    });
  });

  describe('a full queue: the overflow policy', () => {
    it("'error' (default): a QueueOverflowError, and the stream is aborted after the chunk in flight", () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const r = room({ writeTime: 3 });
        const error = new QueueOverflowError({ operator: 'streamText', bufferSize: 1, index: 2 });
        expectObservable(recorded(r)).toBe('o--(ab)', { o: 'o', a: 'a', b: `a:${error.message}` });
        expectObservable(cold('abc').pipe(streamText(r, { topic: 'chat', bufferSize: 1 }))).toBe(
          'o-#',
          { o: opened() },
          error,
        );
      });
    });

    it("'drop-oldest': the oldest waiting chunk is dropped, with an event", () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const r = room({ writeTime: 3 });
        const sink = streamText(r, { topic: 'chat', bufferSize: 1, overflow: 'drop-oldest' });
        expectObservable(cold('abc|').pipe(sink)).toBe('o-da--(bc|)', {
          o: opened(),
          d: { type: 'dropped', index: 1, chunk: 'b', policy: 'drop-oldest', pending: 1 },
          a: written(0, 'a', 1, 1),
          b: written(2, 'c', 2),
          c: closed(2, 2),
        });
      });
    });

    it("'drop-newest': the arriving chunk is dropped", () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const r = room({ writeTime: 3 });
        const sink = streamText(r, { topic: 'chat', bufferSize: 1, overflow: 'drop-newest' });
        expectObservable(cold('abc|').pipe(sink)).toBe('o-da--(bc|)', {
          o: opened(),
          d: { type: 'dropped', index: 2, chunk: 'c', policy: 'drop-newest', pending: 1 },
          a: written(0, 'a', 1, 1),
          b: written(1, 'b', 2),
          c: closed(2, 2),
        });
      });
    });
  });

  it("the input's error aborts the stream with its message: receivers see an error, not a clean end", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room();
      const boom = new Error('LLM failed');
      expectObservable(recorded(r)).toBe('oa-b', { o: 'o', a: 'x', b: 'a:LLM failed' });
      expectObservable(cold('-a-#', { a: 'x' }, boom).pipe(streamText(r))).toBe(
        'oa-#',
        { o: opened(info('OUT_1', '')), a: written(0, 'x', 1) },
        boom,
      );
    });
  });

  it("unsubscribing aborts the stream ('cancelled') and releases the input", () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions }) => {
      const r = room();
      const tokens = cold('-a----b', { a: 'x', b: 'y' });
      expectObservable(recorded(r)).toBe('oa--b', { o: 'o', a: 'x', b: 'a:cancelled' });
      expectObservable(tokens.pipe(streamText(r)), '^---!').toBe('oa', {
        o: opened(info('OUT_1', '')),
        a: written(0, 'x', 1),
      });
      expectSubscriptions(tokens.subscriptions).toBe('^---!');
    });
    const r = room();
    streamText(r)(new Observable<string>()).subscribe().unsubscribe();
    expect([r.localParticipant.openStreamWriters, listenerTotal(r)]).toEqual([0, 0]);
  });

  it("the room disconnecting mid-stream fails it with DataStreamError 'room-disconnected'", () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const r = room();
      r.play(hot('---x', { x: { type: 'disconnect' } }));
      const error = new DataStreamError({
        source: 'streamText',
        streamKind: 'text',
        direction: 'outgoing',
        problem: 'room-disconnected',
        topic: 'chat',
        streamId: 'OUT_1',
        sender: undefined,
        chunks: 1,
        bytes: 1,
        detail: undefined,
      });
      expectObservable(
        cold('-a---b', { a: 'x', b: 'y' }).pipe(streamText(r, { topic: 'chat' })),
      ).toBe('oa-#', { o: opened(), a: written(0, 'x', 1) }, error);
    });
  });

  it('bad sends are named errors before anything is sent', () => {
    const r = room();
    const errorOf = (source: Observable<TextStreamEvent>) => {
      let error: unknown;
      source.subscribe({ error: (e: unknown) => (error = e) });
      return error;
    };
    const nobody = errorOf(
      new Observable<string>().pipe(
        streamText(r, { destinationIdentities: ['bob', 'zed', 'amy'] }),
      ),
    );
    expect(nobody).toBeInstanceOf(RecipientNotFoundError);
    expect((nobody as RecipientNotFoundError).info).toEqual({
      sink: 'streamText',
      index: 0,
      missing: ['zed', 'amy'],
      present: ['alice', 'bob'],
    });
    expect(r.sent).toEqual([]);
    // checkDestinations: false sends anyway
    new Observable<string>()
      .pipe(streamText(r, { destinationIdentities: ['zed'], checkDestinations: false }))
      .subscribe({ error: () => undefined });
    expect(r.sent.map((s) => s.type)).toEqual(['stream-open']);

    r.localParticipant.rejectStreams = new Error('no canPublishData');
    const refused = errorOf(new Observable<string>().pipe(streamText(r, { topic: 't' })));
    expect((refused as DataStreamError).info.problem).toBe('open-failed');
    expect((refused as DataStreamError).cause).toEqual(new Error('no canPublishData'));
    r.localParticipant.rejectStreams = undefined;

    r.localParticipant.rejectStreamWrites = new Error('writer gone');
    const failed = errorOf(
      streamText(r, { topic: 't' })(new Observable<string>((s) => s.next('x'))),
    );
    expect((failed as DataStreamError).info).toMatchObject({
      problem: 'write-failed',
      chunks: 0,
      detail: 'writer gone',
    });
    r.localParticipant.rejectStreamWrites = undefined;

    const notText = errorOf(
      streamText(r)(new Observable<string>((s) => s.next(42 as unknown as string))),
    );
    expect(notText).toBeInstanceOf(TypeError);

    void r.disconnect();
    const gone = errorOf(new Observable<string>().pipe(streamText(r)));
    expect(gone).toBeInstanceOf(RoomNotConnectedError);
    expect((gone as RoomNotConnectedError).info.source).toBe('streamText');
  });

  it('empty chunks are not sent (LiveKit receivers drop them) but have their event', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room();
      expectObservable(recorded(r)).toBe('o---xc');
      expectObservable(
        cold('a---b|', { a: '', b: 'x' }).pipe(streamText(r, { topic: 'chat' })),
      ).toBe('(oa)b(c|)', {
        o: opened(),
        a: written(0, '', 0),
        b: written(1, 'x', 1),
        c: closed(2, 1),
      });
    });
  });

  it('an error before the stream has opened: what waits is discarded, the stream aborted with the error', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room({ openTime: 2 });
      expectObservable(recorded(r)).toBe('--(oa)', { o: 'o', a: 'a:no tokens' });
      expectObservable(cold('a#', { a: 'x' }, new Error('no tokens')).pipe(streamText(r))).toBe(
        '-#',
        undefined,
        new Error('no tokens'),
      );
    });
  });

  it("TestRoom's rtc-node-like writers: a closed one rejects writes; a disconnect disposes open ones", async () => {
    const r = room();
    const writer = await r.localParticipant.streamText({ topic: 't' });
    await writer.write('a');
    await writer.close();
    await expect(writer.write('b')).rejects.toThrow('WritableStream is closed');
    const open = await r.localParticipant.streamText({ topic: 't' });
    expect(r.localParticipant.openStreamWriters).toBe(1);
    r.serverDisconnect();
    expect(r.localParticipant.openStreamWriters).toBe(0);
    await expect(open.write('c')).rejects.toThrow('handle not found');
    expect(r.sent.map((s) => s.type)).toEqual([
      'stream-open',
      'stream-chunk',
      'stream-close',
      'stream-open',
    ]);
  });

  it('rejects bad options at once', () => {
    const r = room();
    expect(() => streamText(r, { bufferSize: 0 })).toThrow(RangeError);
    expect(() => streamText(r, { destinationIdentities: 'bob' as unknown as string[] })).toThrow(
      TypeError,
    );
    expect(() => streamText(r, { attributes: { a: 1 as unknown as string } })).toThrow(TypeError);
    expect(() => streamText({} as TestRoom)).toThrow(TypeError);
  });
});
