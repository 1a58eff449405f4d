import { ConnectionState, DisconnectReason } from '@livekit/rtc-node';
import { lastValueFrom, map, range, throwError, toArray } from 'rxjs';
import {
  DataSendError,
  encode,
  jsonCodec,
  PayloadTooLargeError,
  publishData,
  QueueOverflowError,
  RecipientNotFoundError,
  RoomNotConnectedError,
  type DataSentEvent,
} from 'livekit-rx';
import { TestRoom, type TestRoomSent } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
const payloads = { a: 'a', b: 'b', c: 'c', d: 'd' };

/** The DataSentEvent for payload `index` (one byte), with `pending` payloads still waiting. */
const sentEvent = (
  index: number,
  pending = 0,
  extra: Partial<DataSentEvent> = {},
): DataSentEvent => ({
  index,
  byteLength: 1,
  topic: undefined,
  reliable: true,
  destinationIdentities: [],
  pending,
  ...extra,
});

/** What the room recorded as sent, as the payloads' text. */
const sentTexts = (room: TestRoom) =>
  room.sent.flatMap((item) => (item.type === 'data' ? [text(item.payload)] : []));

describe('publishData on a TestRoom', () => {
  it('sends each payload in order, emits when it is sent, completes after the last', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      const input = cold('-a-b-c|', payloads);
      expectObservable(
        input.pipe(publishData(room, { topic: 'chat', destinationIdentities: ['bob'] })),
      ).toBe('-a-b-c|', {
        a: sentEvent(0, 0, { topic: 'chat', destinationIdentities: ['bob'] }),
        b: sentEvent(1, 0, { topic: 'chat', destinationIdentities: ['bob'] }),
        c: sentEvent(2, 0, { topic: 'chat', destinationIdentities: ['bob'] }),
      });
      expectSubscriptions(input.subscriptions).toBe('^-----!');
      flush();
      expect(room.sent).toEqual<TestRoomSent[]>(
        ['a', 'b', 'c'].map((p) => ({
          type: 'data',
          payload: new TextEncoder().encode(p),
          reliable: true,
          topic: 'chat',
          destinationIdentities: ['bob'],
        })),
      );
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('keeps one send in flight: the next leaves when the previous is acknowledged', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      room.localParticipant.dataSendLatency = 3;
      // a leaves at 1 (acknowledged at 4), b at 4, c at 7; the input completes at 8, the sink
      // once c is acknowledged at 10.
      expectObservable(
        room.sent$.pipe(map((item) => (item.type === 'data' ? text(item.payload) : '?'))),
        '^ 12ms !',
      ).toBe('-a--b--c-----', payloads);
      expectObservable(cold('-abc----|', payloads).pipe(publishData(room))).toBe('----a--b--(c|)', {
        a: sentEvent(0, 2),
        b: sentEvent(1, 1),
        c: sentEvent(2, 0),
      });
    });
  });

  describe('a full queue (one send in flight, bufferSize 1)', () => {
    // a is in flight from 1 to 5, b waits; c and d arrive while the one slot is taken.
    const run = (overflow: 'drop-oldest' | 'drop-newest', expected: string, sent: string[]) => {
      const dropped: number[] = [];
      testScheduler().run(({ cold, expectObservable, flush }) => {
        const room = new TestRoom();
        room.localParticipant.dataSendLatency = 4;
        expectObservable(
          cold('-abcd-------|', payloads).pipe(
            publishData(room, {
              bufferSize: 1,
              overflow,
              dropped: { next: (n) => dropped.push(n) },
            }),
          ),
        ).toBe(expected, {
          a: sentEvent(0, 1),
          b: sentEvent(1, 0),
          d: sentEvent(3, 0),
        });
        flush();
        expect(sentTexts(room)).toEqual(sent);
      });
      return dropped;
    };

    it("'drop-oldest' drops the waiting payload for the arriving one, and counts it", () => {
      expect(run('drop-oldest', '-----a---d--|', ['a', 'd'])).toEqual([1, 2]);
    });

    it("'drop-newest' keeps the waiting payload and drops the arriving ones", () => {
      expect(run('drop-newest', '-----a---b--|', ['a', 'b'])).toEqual([1, 2]);
    });

    it("'error' (the default) ends with a QueueOverflowError naming the payload", () => {
      testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
        const room = new TestRoom();
        room.localParticipant.dataSendLatency = 4;
        const input = cold('-abcd-------|', payloads);
        expectObservable(input.pipe(publishData(room, { bufferSize: 1 }))).toBe(
          '---#',
          undefined,
          new QueueOverflowError({ operator: 'publishData', bufferSize: 1, index: 2 }),
        );
        expectSubscriptions(input.subscriptions).toBe('^--!');
        flush();
        expect(sentTexts(room)).toEqual(['a']);
        expect(listenerTotal(room)).toBe(0);
      });
    });
  });

  it('stops sending on unsubscribe: nothing more leaves, a late acknowledgement is ignored', () => {
    testScheduler().run(({ cold, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom();
      room.localParticipant.dataSendLatency = 3;
      const input = cold('-abc----|', payloads);
      expectObservable(input.pipe(publishData(room)), '^----!').toBe('----a', {
        a: sentEvent(0, 2),
      });
      expectSubscriptions(input.subscriptions).toBe('^----!');
      flush();
      // b left at 4, when a was acknowledged; its acknowledgement (at 7) comes to nobody.
      expect(sentTexts(room)).toEqual(['a', 'b']);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('refuses a payload over 15 KiB before anything of it is sent', () => {
    const oversize = new PayloadTooLargeError({
      sink: 'publishData',
      index: 1,
      byteLength: 15_362,
      limit: 15_360,
      reliable: true,
      topic: 'state',
    });
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      const limit = new Uint8Array(15 * 1024);
      const over = 'é'.repeat(7681); // 15,362 bytes of UTF-8: strings are measured in bytes
      expectObservable(
        cold('-ab-c|', { a: limit, b: over, c: 'c' }).pipe(
          publishData(room, { topic: 'state' }),
          map((e) => e.byteLength),
        ),
      ).toBe('-a#', { a: 15_360 }, oversize);
      flush();
      expect(room.sent.length).toBe(1);
    });
    expect(oversize.message).toBe(
      'publishData: item 1 is 15362 bytes, over the 15360-byte limit of a reliable data packet ' +
        '(topic "state"); nothing was sent. Split it, or send it as a text or byte stream ' +
        '(streamText, streamBytes), which have no such limit.',
    );
  });

  it('takes a lower limit of your own (maxPayloadBytes), for lossy packets within one MTU', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      expectObservable(
        cold('-ab|', { a: new Uint8Array(1300), b: new Uint8Array(1301) }).pipe(
          publishData(room, { reliable: false, maxPayloadBytes: 1300 }),
          map((e) => `${e.byteLength}/${e.reliable}`),
        ),
      ).toBe(
        '-a#',
        { a: '1300/false' },
        new PayloadTooLargeError({
          sink: 'publishData',
          index: 1,
          byteLength: 1301,
          limit: 1300,
          reliable: false,
          topic: undefined,
        }),
      );
    });
  });

  it('fails with a RecipientNotFoundError when a destination is not in the room at its send', () => {
    testScheduler().run(({ cold, hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }, { identity: 'carol' }] });
      room.play(hot('---l', { l: { type: 'leave', identity: 'bob' } }));
      expectObservable(
        cold('-a---b|', payloads).pipe(
          publishData(room, { destinationIdentities: ['bob', 'carol'] }),
          map((e) => e.index),
        ),
      ).toBe(
        '-a---#',
        { a: 0 },
        new RecipientNotFoundError({
          sink: 'publishData',
          index: 1,
          missing: ['bob'],
          present: ['carol'],
        }),
      );
      flush();
      expect(sentTexts(room)).toEqual(['a']);
    });
    expect(
      new RecipientNotFoundError({
        sink: 'publishData',
        index: 1,
        missing: ['bob'],
        present: ['carol'],
      }).message,
    ).toBe(
      'publishData: item 1 is for "bob", not in the room (remote participants: carol); nothing ' +
        'was sent. Check the identity, or wait for the participant (waitForParticipant).',
    );
  });

  it('throws a TypeError at once for destinations that are not identities, RangeError for bounds', () => {
    const room = new TestRoom();
    expect(() =>
      publishData(room, { destinationIdentities: 'bob' as unknown as string[] }),
    ).toThrow(
      new TypeError(
        'publishData: destinationIdentities must be an array of participant identities, got "bob"',
      ),
    );
    expect(() => publishData(room, { destinationIdentities: [''] })).toThrow(TypeError);
    expect(() => publishData(room, { bufferSize: 0 })).toThrow(
      new RangeError('publishData: bufferSize must be a positive integer, got 0'),
    );
    expect(() => publishData(room, { maxPayloadBytes: 1.5 })).toThrow(
      new RangeError('publishData: maxPayloadBytes must be a positive integer, got 1.5'),
    );
    expect(() => publishData({} as TestRoom)).toThrow(TypeError);
  });

  it('fails with a DataSendError when rtc-node refuses a send', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      room.localParticipant.dataSendLatency = 2;
      const refusal = new Error('engine: no permission to publish data');
      // Refused from frame 2 on: b, sent at 3 when a is acknowledged, is refused.
      cold('--r').subscribe(() => (room.localParticipant.rejectData = refusal));
      expectObservable(cold('-ab-c|', payloads).pipe(publishData(room))).toBe(
        '---(a#)',
        { a: sentEvent(0, 1) },
        new DataSendError(
          {
            sink: 'publishData',
            reason: 'rejected',
            index: 1,
            unsent: 1,
            detail: 'engine: no permission to publish data',
          },
          refusal,
        ),
      );
      flush();
      expect(sentTexts(room)).toEqual(['a']);
    });
  });

  it('on disconnect: completes when everything was sent, else a DataSendError with the count', () => {
    testScheduler().run(({ cold, hot, expectObservable }) => {
      const idle = new TestRoom();
      idle.play(hot('---x', { x: { type: 'disconnect' } }));
      expectObservable(cold('-a----', payloads).pipe(publishData(idle))).toBe('-a-|', {
        a: sentEvent(0),
      });

      const busy = new TestRoom();
      busy.localParticipant.dataSendLatency = 4;
      busy.play(
        hot('----x', { x: { type: 'disconnect', reason: DisconnectReason.SERVER_SHUTDOWN } }),
      );
      // a is in flight (1 to 5), b and c wait when the room goes at 4.
      expectObservable(cold('-abc--', payloads).pipe(publishData(busy))).toBe(
        '----#',
        undefined,
        new DataSendError({
          sink: 'publishData',
          reason: 'room-disconnected',
          index: 0,
          unsent: 3,
          detail: undefined,
        }),
      );
    });
  });

  it('fails a subscription to a room that is not connected with a RoomNotConnectedError', () => {
    testScheduler().run(({ cold, expectObservable }) => {
      const room = new TestRoom();
      void room.disconnect();
      expectObservable(cold('-a|', payloads).pipe(publishData(room))).toBe(
        '#',
        undefined,
        new RoomNotConnectedError({
          source: 'publishData',
          connectionState: ConnectionState.CONN_DISCONNECTED,
        }),
      );
    });
  });

  it('passes the input’s error on, and sends the typed values encode() makes', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      const failure = new Error('upstream');
      expectObservable(throwError(() => failure).pipe(publishData(room))).toBe(
        '#',
        undefined,
        failure,
      );
      expectObservable(
        cold('-p|', { p: { x: 1, y: 2 } }).pipe(
          encode(jsonCodec<{ x: number; y: number }>()),
          publishData(room, { topic: 'cursor', reliable: false }),
          map((e) => `${e.byteLength}`),
        ),
      ).toBe('-p|', { p: '13' });
      flush();
      expect(room.sent).toEqual([
        {
          type: 'data',
          payload: new TextEncoder().encode('{"x":1,"y":2}'),
          reliable: false,
          topic: 'cursor',
          destinationIdentities: [],
        },
      ]);
    });
  });

  it('sends exactly the bytes of a view, and what was emitted even if the buffer changes later', () => {
    testScheduler().run(({ cold, expectObservable, flush }) => {
      const room = new TestRoom();
      const buffer = new Uint8Array([0, 1, 2, 3, 4, 5]);
      expectObservable(
        cold('-v|', { v: buffer.subarray(2, 5) }).pipe(
          publishData(room),
          map((e) => e.byteLength),
        ),
      ).toBe('-v|', { v: 3 });
      flush();
      buffer.fill(9);
      expect(room.sent).toMatchObject([{ payload: new Uint8Array([2, 3, 4]) }]);
    });
  });

  it('sends 10,000 synchronous payloads in order without growing the stack', async () => {
    const room = new TestRoom();
    const events = await lastValueFrom(
      range(0, 10_000).pipe(
        map((i) => String(i)),
        publishData(room),
        map((e) => e.index),
        toArray(),
      ),
    );
    expect(events).toEqual(Array.from({ length: 10_000 }, (_, i) => i));
    expect(sentTexts(room).slice(-2)).toEqual(['9998', '9999']);
  });
});
