import { concatMap, map, mergeMap, Subject, take, toArray } from 'rxjs';
import {
  DataStreamError,
  QueueOverflowError,
  textStreams,
  TopicInUseError,
  type IncomingTextStream,
} from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { testScheduler } from '../scheduler';
import { listenerTotal } from './helpers';

const room = () => new TestRoom({ participants: [{ identity: 'bob' }, { identity: 'carol' }] });

describe('textStreams: in virtual time on a TestRoom', () => {
  it('delivers a scripted stream chunk by chunk at its frames, and the whole text at the end', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room();
      // bob sends a stream at frame 5 whose chunks come at frames 10, 20, 30 and ends at 40
      r.play(
        cold('5ms s', {
          s: {
            type: 'text-stream',
            from: 'bob',
            topic: 'chat',
            chunks: cold('5ms a 9ms b 9ms c 9ms |'),
          },
        }),
      );
      const streams$ = textStreams(r, { topic: 'chat' });
      expectObservable(streams$.pipe(mergeMap((s) => s.chunks$))).toBe('10ms a 9ms b 9ms c');
      expectObservable(streams$.pipe(mergeMap((s) => s.text$))).toBe('40ms t', { t: 'abc' });
      expectObservable(
        streams$.pipe(
          map((s) => [s.sender, s.participant?.identity, s.info.topic, s.info.streamId]),
        ),
      ).toBe('5ms i', { i: ['bob', 'bob', 'chat', 'ST_1'] });
    });
  });

  it('gives each stream its header: attributes, mime type, declared size', () => {
    const r = room();
    const seen: IncomingTextStream[] = [];
    textStreams(r, { topic: 't' }).subscribe((s) => seen.push(s));
    r.receiveTextStream(
      'bob',
      't',
      ['x'],
      { k: 'v' },
      { streamId: 'S1', totalSize: 1, timestamp: 7 },
    );
    expect(seen.map((s) => s.info)).toEqual([
      {
        streamId: 'S1',
        topic: 't',
        mimeType: 'text/plain',
        timestamp: 7,
        totalSize: 1,
        attributes: { k: 'v' },
      },
    ]);
  });

  it('shares one handler among subscribers: three each get every stream, the last to leave unregisters it', () => {
    const r = room();
    const logs = [[], [], []] as string[][];
    const subs = logs.map((log) =>
      textStreams(r, { topic: 'chat' })
        .pipe(mergeMap((s) => s.text$.pipe(map((text) => `${s.sender}:${text}`))))
        .subscribe((line) => log.push(line)),
    );
    expect(r.streamHandlerTopics()).toEqual(['chat']);
    r.receiveTextStream('bob', 'chat', ['hi']);
    r.receiveTextStream('carol', 'chat', ['yo', '!']);
    expect(logs).toEqual([
      ['bob:hi', 'carol:yo!'],
      ['bob:hi', 'carol:yo!'],
      ['bob:hi', 'carol:yo!'],
    ]);
    subs[0]?.unsubscribe();
    subs[1]?.unsubscribe();
    expect(r.streamHandlerTopics()).toEqual(['chat']);
    subs[2]?.unsubscribe();
    expect(r.streamHandlerTopics()).toEqual([]);
    expect(listenerTotal(r)).toBe(0);
  });

  describe('chunks$ is hot, with a bounded wait for its first subscriber', () => {
    it('a late first subscriber gets what arrived before it, then the rest as it comes', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const r = room();
        r.play(
          cold('-s', {
            s: { type: 'text-stream', from: 'bob', topic: 't', chunks: cold('-a-b-----c-d|') },
          }),
        );
        const streams$ = textStreams(r, { topic: 't' });
        // first subscribed at frame 5 (after a and b): a and b at once, then c, d, end
        expectObservable(
          streams$.pipe(mergeMap((s) => cold('----x').pipe(concatMap(() => s.chunks$)))),
        ).toBe('-----(ab)-c-d');
      });
    });

    it('a second subscriber joins live: it gets the chunks from the moment it subscribes', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const r = room();
        r.play(
          cold('-s', {
            s: { type: 'text-stream', from: 'bob', topic: 't', chunks: cold('-a---b----c|') },
          }),
        );
        const streams$ = textStreams(r, { topic: 't' });
        const both$ = streams$.pipe(
          mergeMap((s) => {
            const first$ = s.chunks$.pipe(map((c) => `1${c}`));
            const second$ = cold('--x').pipe(
              concatMap(() => s.chunks$),
              map((c) => `2${c}`),
            );
            return [first$, second$];
          }),
          mergeMap((x$) => x$),
        );
        expectObservable(both$).toBe('--a---(bc)-(de)', {
          a: '1a',
          b: '1b',
          c: '2b',
          d: '1c',
          e: '2c',
        });
      });
    });

    it('a subscriber after the end gets the waiting chunks and the end; text$ the whole text', () => {
      const r = room();
      const streams: IncomingTextStream[] = [];
      textStreams(r, { topic: 't' }).subscribe((s) => streams.push(s));
      r.receiveTextStream('bob', 't', ['a', 'b']);
      const stream = streams[0] as IncomingTextStream;
      const first: unknown[] = [];
      stream.chunks$.subscribe({ next: (c) => first.push(c), complete: () => first.push('|') });
      const again: unknown[] = [];
      stream.chunks$.subscribe({ next: (c) => again.push(c), complete: () => again.push('|') });
      const text: unknown[] = [];
      stream.text$.subscribe({ next: (t) => text.push(t), complete: () => text.push('|') });
      expect([first, again, text]).toEqual([['a', 'b', '|'], ['|'], ['ab', '|']]);
    });

    it('concatMap over streams that overlap loses nothing', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const r = room();
        r.play(
          cold('-s-t', {
            s: { type: 'text-stream', from: 'bob', topic: 't', chunks: cold('-a---b|') },
            t: { type: 'text-stream', from: 'carol', topic: 't', chunks: cold('-x-y|') },
          }),
        );
        expectObservable(textStreams(r, { topic: 't' }).pipe(concatMap((s) => s.chunks$))).toBe(
          '--a---b(xy)',
        );
      });
    });

    it("overflow 'error' (default): a late subscriber whose chunks did not fit gets a QueueOverflowError", () => {
      const r = room();
      const streams: IncomingTextStream[] = [];
      textStreams(r, { topic: 't', bufferSize: 2 }).subscribe((s) => streams.push(s));
      r.receiveTextStream('bob', 't', ['a', 'b', 'c']);
      const errors: unknown[] = [];
      streams[0]?.chunks$.subscribe({
        next: (c) => errors.push(c),
        error: (e: unknown) => errors.push(e),
      });
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(QueueOverflowError);
      expect((errors[0] as QueueOverflowError).info).toEqual({
        operator: 'textStreams',
        bufferSize: 2,
        index: 2,
      });
      // text$ does not depend on the wait: the whole text is there
      const text: string[] = [];
      streams[0]?.text$.subscribe((t) => text.push(t));
      expect(text).toEqual(['abc']);
    });

    it("overflow 'drop-oldest' keeps the newest and counts the dropped; 'drop-newest' the oldest", () => {
      const r = room();
      const dropped: number[] = [];
      const oldest: IncomingTextStream[] = [];
      const newest: IncomingTextStream[] = [];
      textStreams(r, {
        topic: 't',
        bufferSize: 2,
        overflow: 'drop-oldest',
        droppedChunks: { next: (n) => dropped.push(n) },
      }).subscribe((s) => oldest.push(s));
      textStreams(r, { topic: 't', bufferSize: 2, overflow: 'drop-newest' }).subscribe((s) =>
        newest.push(s),
      );
      r.receiveTextStream('bob', 't', ['a', 'b', 'c', 'd']);
      const collect = (s: IncomingTextStream | undefined) => {
        const got: string[] = [];
        s?.chunks$.subscribe((c) => got.push(c));
        return got;
      };
      expect([collect(oldest[0]), collect(newest[0]), dropped]).toEqual([
        ['c', 'd'],
        ['a', 'b'],
        [1, 2],
      ]);
    });
  });

  it('reads every stream to its end, subscribed or not, and closes unread those no one wants', () => {
    const r = room();
    textStreams(r, { topic: 't', from: 'bob' }).subscribe();
    r.receiveTextStream('bob', 't', ['never', 'read', 'by', 'anyone']);
    r.receiveTextStream('carol', 't', ['not', 'from', 'bob']);
    expect(r.unreleasedStreamReaders).toBe(0);
  });

  it('from: only the given senders (one identity or several)', () => {
    const r = new TestRoom({
      participants: [{ identity: 'a' }, { identity: 'b' }, { identity: 'c' }],
    });
    const one: string[] = [];
    const two: string[] = [];
    textStreams(r, { topic: 't', from: 'a' }).subscribe((s) => one.push(s.sender));
    textStreams(r, { topic: 't', from: ['a', 'c'] }).subscribe((s) => two.push(s.sender));
    for (const who of ['a', 'b', 'c']) r.receiveTextStream(who, 't', ['x']);
    expect([one, two]).toEqual([['a'], ['a', 'c']]);
  });

  it('a stream outlives the textStreams subscription that emitted it (take(1) then its chunks)', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const r = room();
      r.play(
        cold('-s', { s: { type: 'text-stream', from: 'bob', topic: 't', chunks: cold('-a-b|') } }),
      );
      expectObservable(
        textStreams(r, { topic: 't' }).pipe(
          take(1),
          mergeMap((s) => s.chunks$),
        ),
      ).toBe('--a-b|');
    });
  });

  describe('a stream cut short: chunks$, text$ error with a DataStreamError; the others go on', () => {
    it('the sender aborts it (its reason in detail)', () => {
      testScheduler().run(({ cold, expectObservable }) => {
        const r = room();
        r.play(
          cold('-s', {
            s: {
              type: 'text-stream',
              from: 'bob',
              topic: 't',
              chunks: cold('-a-#', undefined, new Error('user barged in')),
            },
          }),
        );
        const error = new DataStreamError({
          source: 'textStreams',
          streamKind: 'text',
          direction: 'incoming',
          problem: 'aborted',
          topic: 't',
          streamId: 'ST_1',
          sender: 'bob',
          chunks: 1,
          bytes: 1,
          detail: 'user barged in',
        });
        const streams$ = textStreams(r, { topic: 't' });
        expectObservable(streams$.pipe(mergeMap((s) => s.chunks$))).toBe('--a-#', undefined, error);
        expectObservable(streams$.pipe(mergeMap((s) => s.text$))).toBe('----#', undefined, error);
      });
    });

    it('the sender leaves mid-stream: the stream fails before ParticipantDisconnected, as in rtc-node', () => {
      const r = room();
      const log: string[] = [];
      r.on('participantDisconnected', (p: { identity: string }) => log.push(`left ${p.identity}`));
      textStreams(r, { topic: 't' })
        .pipe(mergeMap((s) => s.chunks$))
        .subscribe({
          next: (c) => log.push(c),
          error: (e: DataStreamError) => log.push(`${e.info.problem} ${e.info.detail}`),
        });
      const chunks = new Subject<string>();
      r.receiveTextStream('bob', 't', chunks);
      chunks.next('a');
      r.leave('bob');
      expect(log).toEqual([
        'a',
        'sender-left Participant bob unexpectedly disconnected in the middle of sending data',
        'left bob',
      ]);
    });

    it('the room disconnects: textStreams completes, then the stream under way fails', () => {
      const r = room();
      const log: string[] = [];
      const streams: IncomingTextStream[] = [];
      textStreams(r, { topic: 't' }).subscribe({
        next: (s) => streams.push(s),
        complete: () => log.push('textStreams complete'),
      });
      r.receiveTextStream('bob', 't', new Subject<string>());
      streams[0]?.chunks$.subscribe({ error: (e: DataStreamError) => log.push(e.info.problem) });
      r.serverDisconnect();
      expect(log).toEqual(['textStreams complete', 'room-disconnected']);
      expect(r.unreleasedStreamReaders).toBe(0);
      expect(r.streamHandlerTopics()).toEqual([]);
    });
  });

  it('fails with TopicInUseError when someone else holds the topic’s handler', () => {
    const r = room();
    r.registerTextStreamHandler('t', () => undefined);
    const errors: unknown[] = [];
    textStreams(r, { topic: 't' }).subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors[0]).toBeInstanceOf(TopicInUseError);
    expect((errors[0] as TopicInUseError).info).toEqual({
      source: 'textStreams',
      topic: 't',
      streamKind: 'text',
    });
    expect(listenerTotal(r)).toBe(0);
  });

  it('rejects bad options at once', () => {
    const r = room();
    expect(() => textStreams(r, { topic: 't', bufferSize: 0 })).toThrow(RangeError);
    expect(() => textStreams(r, { topic: 3 as unknown as string })).toThrow(TypeError);
    expect(() => textStreams({} as TestRoom, { topic: 't' })).toThrow(TypeError);
  });

  it('1,000 subscribe/unsubscribe cycles (with streams under way) leave no handler, listener or reader', () => {
    const r = room();
    const open = new Subject<string>();
    for (let i = 0; i < 1000; i++) {
      const subscription = textStreams(r, { topic: 't' })
        .pipe(
          mergeMap((s) => s.chunks$),
          take(1),
        )
        .subscribe();
      if (i % 100 === 0) r.receiveTextStream('bob', 't', open);
      subscription.unsubscribe();
    }
    open.next('x');
    open.complete();
    expect([r.streamHandlerTopics(), listenerTotal(r), r.unreleasedStreamReaders]).toEqual([
      [],
      0,
      0,
    ]);
  });

  it('lists every stream of a topic in order with toArray, completing on disconnect', async () => {
    const r = room();
    const all = textStreams(r, { topic: 't' })
      .pipe(
        mergeMap((s) => s.text$),
        toArray(),
      )
      .toPromise();
    r.receiveTextStream('bob', 't', ['one']);
    r.receiveTextStream('carol', 't', ['two']);
    await r.disconnect();
    expect(await all).toEqual(['one', 'two']);
  });
});
