import { filter, map, Subject } from 'rxjs';
import { DataStreamError, streamBytes, type ByteStreamEvent } from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';

const info = (totalSize?: number) => ({
  streamId: 'OUT_1',
  name: 'a.bin',
  mimeType: 'application/x-a',
  topic: 'files',
  timestamp: 0,
  ...(totalSize === undefined ? {} : { totalSize }),
  attributes: {},
});
const progress = (
  index: number,
  bytes: number,
  bytesSent: number,
  totalSize?: number,
  pending = 0,
): ByteStreamEvent => ({
  type: 'progress',
  index,
  bytes,
  bytesSent,
  totalSize,
  fraction: totalSize === undefined ? undefined : bytesSent / totalSize,
  pending,
});
const options = (totalSize?: number) => ({
  name: 'a.bin',
  mimeType: 'application/x-a',
  topic: 'files',
  ...(totalSize === undefined ? {} : { totalSize }),
});

describe('streamBytes: one outgoing byte stream per subscription', () => {
  it('opens with its header, reports progress per chunk, closes on complete', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = new TestRoom();
      const [a, b] = [new Uint8Array([1, 2, 3]), new Uint8Array([4])];
      expectObservable(
        r.sent$.pipe(
          map((s) => (s.type === 'stream-chunk' ? [...(s.chunk as Uint8Array)].join() : s.type)),
        ),
      ).toBe('o-a-b-c', { o: 'stream-open', a: '1,2,3', b: '4', c: 'stream-close' });
      expectObservable(cold('--a-b-|', { a, b }).pipe(streamBytes(r, options(4)))).toBe(
        'o-a-b-(c|)',
        {
          o: { type: 'opened', info: info(4) },
          a: progress(0, 3, 3, 4),
          b: progress(1, 1, 4, 4),
          c: { type: 'closed', info: info(4), chunks: 2, bytesSent: 4 },
        },
      );
    });
  });

  it('records a copy of each chunk (a producer may reuse its buffer)', () => {
    const r = new TestRoom();
    const chunk = new Uint8Array([1, 2]);
    const input = new Subject<Uint8Array>();
    input.pipe(streamBytes(r, options())).subscribe();
    input.next(chunk);
    chunk[0] = 9;
    input.complete();
    const recorded = r.sent.find((s) => s.type === 'stream-chunk') as { chunk: Uint8Array };
    expect([...recorded.chunk]).toEqual([1, 2]);
  });

  it("more bytes than totalSize, or fewer by the end: DataStreamError 'size-mismatch', the stream aborted", () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = new TestRoom();
      const over = new Uint8Array(3);
      const closes = r.sent$.pipe(
        filter((s) => s.type === 'stream-close'),
        map((s) => (s as { reason: string | undefined }).reason !== undefined),
      );
      expectObservable(closes).toBe('-a-b', { a: true, b: true });
      const failure = (bytes: number, chunks: number, detail: string) =>
        new DataStreamError({
          source: 'streamBytes',
          streamKind: 'byte',
          direction: 'outgoing',
          problem: 'size-mismatch',
          topic: 'files',
          streamId: 'OUT_1',
          sender: undefined,
          chunks,
          bytes,
          detail,
        });
      expectObservable(cold('-a', { a: over }).pipe(streamBytes(r, options(2)))).toBe(
        'o#',
        { o: { type: 'opened', info: info(2) } },
        failure(0, 0, 'chunk 0 would bring 3 bytes, over 2'),
      );
      const short = cold('--a|', { a: new Uint8Array(1) }).pipe(
        streamBytes(r, { ...options(2), streamId: 'OUT_1' }),
      );
      expectObservable(short).toBe(
        'o-a#',
        {
          o: { type: 'opened', info: info(2) },
          a: progress(0, 1, 1, 2),
        },
        failure(1, 1, '1 of 2 bytes'),
      );
    });
  });

  it('rejects a bad totalSize or chunk at once, or as a TypeError', () => {
    const r = new TestRoom();
    expect(() => streamBytes(r, { totalSize: -1 })).toThrow(RangeError);
    expect(() => streamBytes(r, { totalSize: 1.5 })).toThrow(RangeError);
    let error: unknown;
    const input = new Subject<Uint8Array>();
    input.pipe(streamBytes(r)).subscribe({ error: (e: unknown) => (error = e) });
    input.next('text' as unknown as Uint8Array);
    expect(error).toBeInstanceOf(TypeError);
  });
});
