import { map, mergeMap, Subject, take } from 'rxjs';
import {
  byteStreams,
  DataStreamError,
  QueueOverflowError,
  TopicInUseError,
  type IncomingByteStream,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const room = () => new TestRoom({ participants: [{ identity: 'bob' }, { identity: 'carol' }] });
const bytes = (...values: number[]) => new Uint8Array(values);

describe('byteStreams: in virtual time on a TestRoom', () => {
  it('delivers a file chunk by chunk with its header and progress', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room();
      const [one, two, three] = [bytes(1, 2), bytes(3, 4), bytes(5, 6)];
      r.play(
        cold('-f', {
          f: {
            type: 'byte-stream',
            from: 'bob',
            topic: 'files',
            chunks: cold('-1-2-3|', { 1: one, 2: two, 3: three }),
            name: 'notes.bin',
            mimeType: 'application/x-notes',
            totalSize: 6,
            attributes: { kind: 'notes' },
          },
        }),
      );
      const files$ = byteStreams(r, { topic: 'files' });
      expectObservable(files$.pipe(map((f) => f.info))).toBe('-i', {
        i: {
          streamId: 'ST_1',
          name: 'notes.bin',
          mimeType: 'application/x-notes',
          topic: 'files',
          timestamp: 0,
          totalSize: 6,
          attributes: { kind: 'notes' },
        },
      });
      expectObservable(files$.pipe(mergeMap((f) => f.chunks$))).toBe('--1-2-3', {
        1: one,
        2: two,
        3: three,
      });
      const p = (n: number) => ({ bytesReceived: n, totalSize: 6, fraction: n / 6 });
      expectObservable(files$.pipe(mergeMap((f) => f.progress$))).toBe('-ab-c-d', {
        a: p(0),
        b: p(2),
        c: p(4),
        d: p(6),
      });
    });
  });

  it('an array of chunks declares their total as the size, unless given; no size: no fraction', () => {
    const r = room();
    const seen: IncomingByteStream[] = [];
    byteStreams(r, { topic: 'f' }).subscribe((f) => seen.push(f));
    r.receiveByteStream('bob', 'f', [bytes(1), bytes(2, 3)]);
    r.receiveByteStream('bob', 'f', new Subject<Uint8Array>());
    expect(seen.map((f) => [f.info.name, f.info.totalSize])).toEqual([
      ['unknown', 3],
      ['unknown', undefined],
    ]);
    const progress: unknown[] = [];
    seen[1]?.progress$.subscribe((p) => progress.push(p));
    expect(progress).toEqual([{ bytesReceived: 0, totalSize: undefined, fraction: undefined }]);
  });

  it('holds at most bufferSize chunks for a late subscriber: a QueueOverflowError beyond, by default', () => {
    const r = room();
    const files: IncomingByteStream[] = [];
    byteStreams(r, { topic: 'f', bufferSize: 2 }).subscribe((f) => files.push(f));
    const chunks = new Subject<Uint8Array>();
    r.receiveByteStream('bob', 'f', chunks);
    chunks.next(bytes(1));
    chunks.next(bytes(2));
    chunks.next(bytes(3)); // the third does not fit
    const got: unknown[] = [];
    files[0]?.chunks$.subscribe({ next: (c) => got.push(c), error: (e: unknown) => got.push(e) });
    expect(got[0]).toBeInstanceOf(QueueOverflowError);
    expect((got[0] as QueueOverflowError).info).toEqual({
      operator: 'byteStreams',
      bufferSize: 2,
      index: 2,
    });
    // progress counts what arrived, whoever reads the chunks
    const progress: number[] = [];
    files[0]?.progress$.subscribe((p) => progress.push(p.bytesReceived));
    chunks.next(bytes(4));
    chunks.complete();
    expect(progress).toEqual([3, 4]);
    expect(r.unreleasedStreamReaders).toBe(0);
  });

  it('a subscriber that keeps up receives any number of chunks (only the wait is bounded)', () => {
    const r = room();
    let total = 0;
    byteStreams(r, { topic: 'f', bufferSize: 1 })
      .pipe(mergeMap((f) => f.chunks$))
      .subscribe((c) => (total += c.byteLength));
    const chunks = Array.from({ length: 1000 }, () => new Uint8Array(1500));
    r.receiveByteStream('bob', 'f', chunks);
    expect(total).toBe(1_500_000);
  });

  it('a cut file errors its chunks$ and progress$ with a DataStreamError', () => {
    const r = room();
    const log: string[] = [];
    byteStreams(r, { topic: 'f' })
      .pipe(mergeMap((f) => f.progress$))
      .subscribe({
        next: (p) => log.push(String(p.bytesReceived)),
        error: (e: DataStreamError) => log.push(`${e.info.problem} ${e.info.bytes}`),
      });
    const chunks = new Subject<Uint8Array>();
    r.receiveByteStream('bob', 'f', chunks, { totalSize: 10 });
    chunks.next(bytes(1, 2, 3));
    r.leave('bob');
    expect(log).toEqual(['0', '3', 'sender-left 3']);
  });

  it('text and byte handlers of the same topic are separate; TopicInUseError for a foreign one', () => {
    const r = room();
    byteStreams(r, { topic: 'x' }).subscribe();
    expect(r.streamHandlerTopics('byte')).toEqual(['x']);
    expect(r.streamHandlerTopics('text')).toEqual([]);
    r.registerByteStreamHandler('y', () => undefined);
    const errors: unknown[] = [];
    byteStreams(r, { topic: 'y' }).subscribe({ error: (e: unknown) => errors.push(e) });
    expect((errors[0] as TopicInUseError).info).toEqual({
      source: 'byteStreams',
      topic: 'y',
      streamKind: 'byte',
    });
  });

  it('1,000 subscribe/unsubscribe cycles (with files under way) leave no handler, listener or reader', () => {
    const r = room();
    const open = new Subject<Uint8Array>();
    for (let i = 0; i < 1000; i++) {
      const subscription = byteStreams(r, { topic: 'f' })
        .pipe(
          mergeMap((f) => f.chunks$),
          take(1),
        )
        .subscribe();
      if (i % 100 === 0) r.receiveByteStream('bob', 'f', open, { name: `file-${i}` });
      subscription.unsubscribe();
    }
    open.next(bytes(1));
    open.complete();
    expect([r.streamHandlerTopics('byte'), listenerTotal(r), r.unreleasedStreamReaders]).toEqual([
      [],
      0,
      0,
    ]);
  });
});
