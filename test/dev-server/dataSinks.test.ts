// livekit-rx's data sinks, codecs and RPC between real rtc-node clients through the local
// development server.
import { RpcError, type Room } from '@livekit/rtc-node';
import { either } from 'fp-ts';
import protobuf from 'protobufjs';
import { join } from 'node:path';
import {
  concat,
  firstValueFrom,
  lastValueFrom,
  map,
  NEVER,
  of,
  take,
  timer,
  toArray,
  type Observable,
} from 'rxjs';
import {
  chatMessages,
  dataReceived,
  decode,
  dtmfReceived,
  encode,
  handleRpc,
  PayloadTooLargeError,
  performRpc,
  protobufCodec,
  publishData,
  publishDtmf,
  RecipientNotFoundError,
  RpcCallError,
  rpcRequests,
  sendChatMessage,
} from 'livekit-rx';
import { ffiListenerCount } from '../helpers/native';
import { useJoinedRooms } from './helpers';

const fixture = useJoinedRooms('sinks', ['alice', 'bob', 'carol']);
const rooms = fixture.rooms;
let alice: Room;
let bob: Room;
let carol: Room;
beforeAll(() => {
  alice = fixture.room('alice');
  bob = fixture.room('bob');
  carol = fixture.room('carol');
});

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);
/** The texts `room` receives on `topic` until `until` arrives (included). */
function textsUntil(room: Room, topic: string, until: string): Promise<string[]> {
  return new Promise((resolve, reject) => {
    const seen: string[] = [];
    const subscription = dataReceived(room, { topic }).subscribe({
      next: (packet) => {
        seen.push(text(packet.payload));
        if (seen.at(-1) !== until) return;
        subscription.unsubscribe();
        resolve(seen);
      },
      error: reject,
    });
  });
}
/** The error a one-shot observable fails with. */
function errorOf(stream$: Observable<unknown>): Promise<unknown> {
  return lastValueFrom(stream$).then(
    (value) => Promise.reject(new Error(`expected an error, got ${String(value)}`)),
    (err: unknown) => err,
  );
}

describe('dev server: publishData', () => {
  it('sends in order to the destinations only, and completes after the last send', async () => {
    const atBob = textsUntil(bob, 'private', 'three');
    // Carol's marker travels after the packets for bob on the same ordered channel.
    const atCarol = textsUntil(carol, 'private', 'marker');
    const events = await lastValueFrom(
      of('one', 'two', 'three').pipe(
        publishData(alice, { topic: 'private', destinationIdentities: ['bob'] }),
        toArray(),
      ),
    );
    expect(events.map((e) => [e.index, e.byteLength, e.destinationIdentities])).toEqual([
      [0, 3, ['bob']],
      [1, 3, ['bob']],
      [2, 5, ['bob']],
    ]);
    await lastValueFrom(
      of('marker').pipe(publishData(alice, { topic: 'private', destinationIdentities: ['carol'] })),
    );
    expect(await atBob).toEqual(['one', 'two', 'three']);
    expect(await atCarol).toEqual(['marker']);
  });

  it('a protobuf-typed channel round-trips, one malformed packet in the middle a Left, the stream going on', async () => {
    const Chat = protobuf
      .loadSync(join(__dirname, '../../marble-tests/fixtures/chat.proto'))
      .lookupType('chat.Message');
    const chat = protobufCodec<{ text: string; seq: number }>(Chat);
    const received = firstValueFrom(
      dataReceived(bob, { topic: 'typed' }).pipe(
        decode(chat),
        take(3),
        map(
          either.match(
            (err) =>
              `left:${err.info.index}:${err.info.sender}:${err.info.topic}:${err.info.problem}`,
            (m) => `right:${m.seq}:${m.text}`,
          ),
        ),
        toArray(),
      ),
    );
    const good = (seq: number, text: string) =>
      of({ text, seq, mood: 0, tags: [] }).pipe(encode(chat));
    await lastValueFrom(
      concat(good(1, 'hello'), of(new Uint8Array([0x0f])), good(2, 'world')).pipe(
        publishData(alice, { topic: 'typed', destinationIdentities: ['bob'] }),
      ),
    );
    expect(await received).toEqual([
      'right:1:hello',
      'left:1:alice:typed:protobuf',
      'right:2:world',
    ]);
  });
});

describe('dev server: chat and DTMF', () => {
  it('sendChatMessage reaches chatMessages of the destination; publishDtmf reaches dtmfReceived', async () => {
    const chat = firstValueFrom(chatMessages(bob));
    const sent = await lastValueFrom(
      sendChatMessage(alice, 'hello bob', { destinationIdentities: ['bob'] }),
    );
    const got = await chat;
    expect([got.participant?.identity, got.message.message, got.message.id]).toEqual([
      'alice',
      'hello bob',
      sent.id,
    ]);
    const tone = firstValueFrom(dtmfReceived(bob));
    expect(await lastValueFrom(publishDtmf(alice, 11, '#'))).toEqual({ code: 11, digit: '#' });
    const { code, digit, participant } = await tone;
    expect([code, digit, participant.identity]).toEqual([11, '#', 'alice']);
  });
});

describe('dev server: RPC', () => {
  it('handleRpc answers performRpc: a value, an RpcError with its code, and a timeout livekit-rx answers itself', async () => {
    const handled: string[] = [];
    const serving = handleRpc(bob, 'calc', ({ payload, callerIdentity }) => {
      if (payload === 'fail') throw new RpcError(4001, 'cannot compute', 'details');
      if (payload === 'slow') return NEVER;
      const [a, b] = JSON.parse(payload) as [number, number];
      return timer(10).pipe(map(() => JSON.stringify({ sum: a + b, caller: callerIdentity })));
    }).subscribe((h) => handled.push(`${h.outcome}:${h.error?.code ?? h.payload}`));
    try {
      const call = (payload: string, responseTimeout?: number) =>
        performRpc(alice, { destinationIdentity: 'bob', method: 'calc', payload, responseTimeout });
      expect(JSON.parse(await lastValueFrom(call('[2,3]')))).toEqual({ sum: 5, caller: 'alice' });
      expect(await errorOf(call('fail'))).toMatchObject({
        name: 'RpcCallError',
        code: 4001,
        message: 'cannot compute',
        data: 'details',
        info: { method: 'calc', destinationIdentity: 'bob', code: 4001 },
      });
      // The handler is told 7 s less than the caller waits, at least 1 s (rtc-node's ACK
      // allowance): with 8 s it has 1 s, after which livekit-rx answers for it.
      const timedOut = await errorOf(call('slow', 8000));
      expect(timedOut).toBeInstanceOf(RpcCallError);
      expect(timedOut).toMatchObject({
        code: RpcError.ErrorCode.RESPONSE_TIMEOUT,
        message: 'livekit-rx: "calc" was not answered within 1000 ms',
      });
      expect(handled).toEqual([
        'answered:{"sum":5,"caller":"alice"}',
        'failed:4001',
        'timed-out:1502',
      ]);
    } finally {
      serving.unsubscribe();
    }
    // Unregistered: rtc-node's native side answers for the method now.
    expect(
      await errorOf(performRpc(alice, { destinationIdentity: 'bob', method: 'calc' })),
    ).toMatchObject({ code: RpcError.ErrorCode.UNSUPPORTED_METHOD });
  });

  it('a handler that calls on and rethrows the RpcCallError passes the remote code, message and data on', async () => {
    const refusing = handleRpc(carol, 'inner', () => {
      throw new RpcError(4002, 'carol says no', 'because');
    }).subscribe();
    const proxy = handleRpc(bob, 'outer', ({ payload }) =>
      performRpc(bob, { destinationIdentity: 'carol', method: 'inner', payload }),
    ).subscribe();
    try {
      expect(
        await errorOf(performRpc(alice, { destinationIdentity: 'bob', method: 'outer' })),
      ).toMatchObject({
        code: 4002,
        message: 'carol says no',
        data: 'because',
        info: { destinationIdentity: 'bob', method: 'outer' },
      });
    } finally {
      proxy.unsubscribe();
      refusing.unsubscribe();
    }
  });

  it('performRpc to a participant who leaves mid-call fails at once with RECIPIENT_DISCONNECTED', async () => {
    const dave = await rooms.join('dave', 'sinks');
    let reached!: () => void;
    const callReached = new Promise<void>((resolve) => (reached = resolve));
    handleRpc(dave, 'never', () => {
      reached();
      return NEVER;
    }).subscribe();
    const failed = errorOf(
      performRpc(alice, { destinationIdentity: 'dave', method: 'never', responseTimeout: 60_000 }),
    );
    await callReached;
    await dave.disconnect();
    expect(await failed).toMatchObject({
      code: RpcError.ErrorCode.RECIPIENT_DISCONNECTED,
      message: '"dave" left the room before answering "never"',
    });
  });

  it('1,000 subscribe/unsubscribe cycles of rpcRequests leave no handler, listener or FFI waiter behind', async () => {
    const handlers = (bob.localParticipant as unknown as { rpcHandlers: Map<string, unknown> })
      .rpcHandlers;
    const listeners = () => bob.eventNames().reduce((n, e) => n + bob.listenerCount(e as never), 0);
    const before = { handlers: handlers.size, listeners: listeners(), ffi: ffiListenerCount() };
    const maxListeners = bob.getMaxListeners();
    for (let i = 0; i < 1000; i++) {
      const subscription = rpcRequests(bob, 'cycle').subscribe();
      expect(handlers.has('cycle')).toBe(true);
      subscription.unsubscribe();
    }
    expect({ handlers: handlers.size, listeners: listeners(), ffi: ffiListenerCount() }).toEqual(
      before,
    );
    expect(bob.getMaxListeners()).toBe(maxListeners);
    // The last registration really is gone natively too.
    expect(
      await errorOf(performRpc(alice, { destinationIdentity: 'bob', method: 'cycle' })),
    ).toMatchObject({ code: RpcError.ErrorCode.UNSUPPORTED_METHOD });
    // And a fresh one answers.
    const serving = rpcRequests(bob, 'cycle').subscribe((r) => r.respond('back'));
    expect(
      await lastValueFrom(performRpc(alice, { destinationIdentity: 'bob', method: 'cycle' })),
    ).toBe('back');
    serving.unsubscribe();
  });
});

describe('dev server: bad input is a named error, and everything else goes on', () => {
  it('an oversize payload and an unknown destination fail before sending; the channel keeps working', async () => {
    const later = textsUntil(bob, 'robust', 'still here');
    const oversize = await errorOf(
      of(new Uint8Array(20_000)).pipe(publishData(alice, { topic: 'robust' })),
    );
    expect(oversize).toBeInstanceOf(PayloadTooLargeError);
    expect(oversize).toMatchObject({ info: { byteLength: 20_000, limit: 15_360, index: 0 } });
    const nobody = await errorOf(
      of('hi').pipe(publishData(alice, { topic: 'robust', destinationIdentities: ['nobody'] })),
    );
    expect(nobody).toBeInstanceOf(RecipientNotFoundError);
    expect(nobody).toMatchObject({ info: { missing: ['nobody'] } });
    expect(
      await errorOf(performRpc(alice, { destinationIdentity: 'nobody', method: 'x' })),
    ).toMatchObject({
      code: RpcError.ErrorCode.RECIPIENT_NOT_FOUND,
    });
    await lastValueFrom(of('still here').pipe(publishData(alice, { topic: 'robust' })));
    expect(await later).toEqual(['still here']);
  });
});
