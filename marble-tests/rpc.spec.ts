import { DisconnectReason, RpcError } from '@livekit/rtc-node';
import { lastValueFrom, map, NEVER, of, take, toArray, type Observable } from 'rxjs';
import {
  handleRpc,
  performRpc,
  RoomDisconnectedError,
  RpcCallError,
  RpcMethodInUseError,
  rpcRequests,
  type RpcRequest,
} from 'livekit-rx';
import { TestRoom, type TestRoomSent } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

/** The `rpc-response` the room recorded, as `code|payload`. */
const answers = (room: TestRoom) =>
  room.sent.flatMap((s) =>
    s.type === 'rpc-response'
      ? [s.error ? `${s.error.code}:${s.error.message}` : `ok:${s.payload}`]
      : [],
  );
const response = (
  requestId: string,
  answer: { payload: string } | { code: number; message: string; data?: string },
  callerIdentity = 'bob',
  method = 'add',
): TestRoomSent => ({
  type: 'rpc-response',
  requestId,
  callerIdentity,
  method,
  payload: 'payload' in answer ? answer.payload : undefined,
  error: 'payload' in answer ? undefined : { data: undefined, ...answer },
});
const { ErrorCode } = RpcError;

describe('rpcRequests on a TestRoom', () => {
  it('registers the method on subscribe: each call is an RpcRequest, answered once', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('-c-d', {
          c: { type: 'rpc', from: 'bob', method: 'add', payload: '[1,2]', requestId: 'R1' },
          d: { type: 'rpc', from: 'bob', method: 'add', payload: '[3,4]', requestId: 'R2' },
        }),
      );
      const seen: boolean[] = [];
      const requests$ = rpcRequests(room, 'add').pipe(
        map((request) => {
          const [a, b] = JSON.parse(request.payload) as [number, number];
          seen.push(request.respond(String(a + b)), request.respond('again'), request.settled);
          return {
            requestId: request.requestId,
            method: request.method,
            callerIdentity: request.callerIdentity,
            responseTimeout: request.responseTimeout,
          };
        }),
      );
      expectObservable(requests$, '^ 5ms !').toBe('-c-d', {
        c: { requestId: 'R1', method: 'add', callerIdentity: 'bob', responseTimeout: 8000 },
        d: { requestId: 'R2', method: 'add', callerIdentity: 'bob', responseTimeout: 8000 },
      });
      flush();
      expect(seen).toEqual([true, false, true, true, false, true]);
      expect(room.sent).toEqual([
        response('R1', { payload: '3' }),
        response('R2', { payload: '7' }),
      ]);
    });
  });

  it('answers a request still unanswered at its responseTimeout with RESPONSE_TIMEOUT, in virtual time', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('-c', {
          c: {
            type: 'rpc',
            from: 'bob',
            method: 'slow',
            payload: '',
            requestId: 'R1',
            responseTimeout: 1000,
          },
        }),
      );
      let request: RpcRequest | undefined;
      const answered$ = room.sent$.pipe(
        map((s) => (s.type === 'rpc-response' ? s.error?.code : -1)),
      );
      expectObservable(answered$, '^ 1500ms !').toBe('- 1000ms t', {
        t: ErrorCode.RESPONSE_TIMEOUT,
      });
      rpcRequests(room, 'slow').subscribe((r) => (request = r));
      flush();
      expect(room.sent).toEqual([
        response(
          'R1',
          {
            code: ErrorCode.RESPONSE_TIMEOUT,
            message: 'livekit-rx: "slow" was not answered within 1000 ms',
          },
          'bob',
          'slow',
        ),
      ]);
      expect([request?.settled, request?.respond('too late')]).toEqual([true, false]);
    });
  });

  it('fail(): an RpcError goes as it is, anything else as APPLICATION_ERROR with its message', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const subscription = rpcRequests(room, 'add').subscribe((request) =>
      request.fail(
        request.payload === 'mine'
          ? new RpcError(4001, 'not numbers', 'try [1,2]')
          : new Error('boom'),
      ),
    );
    room.receiveRpc('bob', 'add', 'mine', { requestId: 'R1' });
    room.receiveRpc('bob', 'add', 'other', { requestId: 'R2' });
    subscription.unsubscribe();
    expect(room.sent).toEqual([
      response('R1', { code: 4001, message: 'not numbers', data: 'try [1,2]' }),
      response('R2', { code: ErrorCode.APPLICATION_ERROR, message: 'boom' }),
    ]);
  });

  it('respond() refuses a payload that is not a string (the request stays open)', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    let request: RpcRequest | undefined;
    const subscription = rpcRequests(room, 'add').subscribe((r) => (request = r));
    room.receiveRpc('bob', 'add', '');
    expect(() => request?.respond(3 as unknown as string)).toThrow(
      new TypeError(
        'rpcRequests: the answer to "add" must be a string, got number (encode it first, e.g. JSON.stringify)',
      ),
    );
    expect(request?.settled).toBe(false);
    subscription.unsubscribe();
  });

  it('one handler per method: a second subscription, or a method registered outside livekit-rx, is an RpcMethodInUseError', () => {
    testScheduler().run(({ expectObservable }) => {
      const room = new TestRoom();
      expectObservable(rpcRequests(room, 'add'), '^-!').toBe('');
      expectObservable(rpcRequests(room, 'add')).toBe(
        '#',
        undefined,
        new RpcMethodInUseError({ source: 'rpcRequests', method: 'add' }),
      );
      room.localParticipant.registerRpcMethod('mine', () => Promise.resolve(''));
      expectObservable(handleRpc(room, 'mine', () => '')).toBe(
        '#',
        undefined,
        new RpcMethodInUseError({ source: 'handleRpc', method: 'mine' }),
      );
    });
    expect(() => rpcRequests(new TestRoom(), '')).toThrow(TypeError);
  });

  it('unsubscribing unregisters the method and fails what is unanswered; later calls get UNSUPPORTED_METHOD', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const subscription = rpcRequests(room, 'add').subscribe();
    room.receiveRpc('bob', 'add', '', { requestId: 'R1' });
    subscription.unsubscribe();
    room.receiveRpc('bob', 'add', '', { requestId: 'R2' });
    expect(room.sent).toEqual([
      response('R1', {
        code: ErrorCode.APPLICATION_ERROR,
        message: 'livekit-rx: the handler of "add" stopped before answering',
      }),
      response('R2', {
        code: ErrorCode.UNSUPPORTED_METHOD,
        message: 'Method not supported at destination',
      }),
    ]);
    // The method is free again.
    rpcRequests(room, 'add').subscribe().unsubscribe();
  });

  it('completes when the room disconnects, answering nothing after it (there is nobody to answer)', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('-c-x', {
          c: { type: 'rpc', from: 'bob', method: 'add', payload: '', requestId: 'R1' },
          x: { type: 'disconnect', reason: DisconnectReason.ROOM_DELETED },
        }),
      );
      expectObservable(rpcRequests(room, 'add').pipe(map((r) => r.requestId))).toBe('-c-|', {
        c: 'R1',
      });
      flush();
      expect(room.sent).toEqual([]);
    });
  });

  it('1,000 subscribe/unsubscribe cycles leave no handler and no listener behind', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const listeners = listenerTotal(room);
    const max = room.getMaxListeners();
    for (let i = 0; i < 1000; i++) {
      const subscription = rpcRequests(room, 'add').subscribe((r) => r.respond(String(i)));
      room.receiveRpc('bob', 'add', '');
      subscription.unsubscribe();
    }
    expect(listenerTotal(room)).toBe(listeners);
    expect(room.getMaxListeners()).toBe(max);
    room.receiveRpc('bob', 'add', '', { requestId: 'last' });
    expect(room.sent.at(-1)).toEqual(
      response('last', {
        code: ErrorCode.UNSUPPORTED_METHOD,
        message: 'Method not supported at destination',
      }),
    );
    expect(answers(room).slice(0, 2)).toEqual(['ok:0', 'ok:1']);
  });
});

describe('handleRpc on a TestRoom', () => {
  const call = (payload: string, requestId: string, responseTimeout = 8000) => ({
    type: 'rpc' as const,
    from: 'bob',
    method: 'add',
    payload,
    requestId,
    responseTimeout,
  });

  it('answers with a value, an Observable’s first value, or an error (its own RpcError, or APPLICATION_ERROR)', () => {
    testScheduler().run(({ hot, cold, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('-a-b-c-d-e', {
          a: call('value', 'R1'),
          b: call('observable', 'R2'),
          c: call('rpc-error', 'R3'),
          d: call('throw', 'R4'),
          e: call('empty', 'R5'),
        }),
      );
      const handled$ = handleRpc(room, 'add', (request): string | Observable<string> => {
        switch (request.payload) {
          case 'value':
            return 'v';
          case 'observable':
            return cold('-x-y', { x: 'first', y: 'second' });
          case 'rpc-error':
            throw new RpcError(4001, 'bad input', 'details');
          case 'throw':
            throw new Error('broken');
          default:
            return of<string>().pipe(map(String));
        }
      }).pipe(map((h) => `${h.requestId}:${h.outcome}:${h.payload ?? h.error?.code}`));
      expectObservable(handled$, '^ 12ms !').toBe('-a--bc-d-e', {
        a: 'R1:answered:v',
        b: 'R2:answered:first',
        c: 'R3:failed:4001',
        d: 'R4:failed:1500',
        e: 'R5:failed:1500',
      });
      flush();
      expect(answers(room)).toEqual([
        'ok:v',
        'ok:first',
        '4001:bad input',
        '1500:broken',
        '1500:livekit-rx: the handler of "add" completed without an answer',
      ]);
    });
  });

  it('a handler too slow for the caller’s timeout: answered RESPONSE_TIMEOUT, the handler unsubscribed', () => {
    testScheduler().run(({ hot, cold, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a', { a: call('', 'R1', 5) }));
      const slow = cold('----------x', { x: 'late' });
      expectObservable(
        handleRpc(room, 'add', () => slow).pipe(map((h) => `${h.outcome}:${h.error?.code}`)),
        '^ 20ms !',
      ).toBe('------t', { t: `timed-out:${ErrorCode.RESPONSE_TIMEOUT}` });
      expectSubscriptions(slow.subscriptions).toBe('-^----!');
      flush();
      expect(answers(room)).toEqual(['1502:livekit-rx: "add" was not answered within 5 ms']);
    });
  });

  it('handles calls concurrently, each answered when its own handler is done', () => {
    testScheduler().run(({ hot, cold, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-ab', { a: call('5', 'R1'), b: call('1', 'R2') }));
      expectObservable(
        handleRpc(room, 'add', (r) =>
          cold(`${'-'.repeat(Number(r.payload))}x`, { x: r.payload }),
        ).pipe(map((h) => h.requestId)),
        '^ 10ms !',
      ).toBe('---b--a', { a: 'R1', b: 'R2' });
      flush();
      expect(answers(room)).toEqual(['ok:1', 'ok:5']);
    });
  });

  it('answers with a Promise (awaited, not marbled)', async () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const handled = lastValueFrom(
      handleRpc(room, 'add', async (r) => {
        await Promise.resolve();
        if (r.payload === 'no') throw new RpcError(7, 'nope');
        return `got ${r.payload}`;
      }).pipe(
        map((h) => h.outcome),
        take(2),
        toArray(),
      ),
    );
    room.receiveRpc('bob', 'add', 'x');
    room.receiveRpc('bob', 'add', 'no');
    expect(await handled).toEqual(['answered', 'failed']);
    expect(answers(room)).toEqual(['ok:got x', '7:nope']);
  });

  it('unsubscribing stops the running handlers and fails their calls; completes on disconnect', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a', { a: call('', 'R1') }));
      expectObservable(
        handleRpc(room, 'add', () => NEVER),
        '^--!',
      ).toBe('');
      flush();
      expect(answers(room)).toEqual([
        '1500:livekit-rx: the handler of "add" stopped before answering',
      ]);
    });
    testScheduler().run(({ hot, expectObservable }) => {
      const other = new TestRoom();
      other.play(hot('--x', { x: { type: 'disconnect' } }));
      expectObservable(handleRpc(other, 'add', () => 'x')).toBe('--|');
    });
  });
});

describe('performRpc on a TestRoom', () => {
  it('calls when subscribed: the answer, then completion', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('---r', { r: { type: 'rpc-reply', requestId: 'RQ_1', payload: '3' } }));
      expectObservable(
        performRpc(room, { destinationIdentity: 'bob', method: 'add', payload: '[1,2]' }),
      ).toBe('---(a|)', { a: '3' });
      flush();
      expect(room.sent).toEqual([
        {
          type: 'rpc-call',
          requestId: 'RQ_1',
          destinationIdentity: 'bob',
          method: 'add',
          payload: '[1,2]',
          responseTimeout: undefined,
        },
      ]);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('an error answer is an RpcCallError: an RpcError with its code, message and data, plus which call', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    let error: unknown;
    performRpc(room, { destinationIdentity: 'bob', method: 'add' }).subscribe({
      error: (err: unknown) => (error = err),
    });
    room.replyRpc('RQ_1', { error: new RpcError(4001, 'not numbers', 'try [1,2]') });
    expect(error).toBeInstanceOf(RpcCallError);
    expect(error).toBeInstanceOf(RpcError);
    expect(error).toMatchObject({
      name: 'RpcCallError',
      code: 4001,
      message: 'not numbers',
      data: 'try [1,2]',
      info: {
        method: 'add',
        destinationIdentity: 'bob',
        code: 4001,
        rpcMessage: 'not numbers',
        data: 'try [1,2]',
      },
    });
    expect(String(error)).toBe('RpcCallError: "add" on bob failed with 4001: not numbers');
  });

  it('RECIPIENT_NOT_FOUND at once for someone not in the room; RECIPIENT_DISCONNECTED as soon as they leave', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      expectObservable(performRpc(room, { destinationIdentity: 'zed', method: 'add' })).toBe(
        '#',
        undefined,
        new RpcCallError({
          method: 'add',
          destinationIdentity: 'zed',
          code: ErrorCode.RECIPIENT_NOT_FOUND,
          rpcMessage: '"zed" is not in the room (remote participants: bob)',
          data: undefined,
        }),
      );
      room.play(hot('--l', { l: { type: 'leave', identity: 'bob' } }));
      expectObservable(performRpc(room, { destinationIdentity: 'bob', method: 'add' })).toBe(
        '--#',
        undefined,
        new RpcCallError({
          method: 'add',
          destinationIdentity: 'bob',
          code: ErrorCode.RECIPIENT_DISCONNECTED,
          rpcMessage: '"bob" left the room before answering "add"',
          data: undefined,
        }),
      );
    });
  });

  it('unanswered: RESPONSE_TIMEOUT after responseTimeout; the room disconnecting first: RoomDisconnectedError', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      expectObservable(
        performRpc(room, { destinationIdentity: 'bob', method: 'add', responseTimeout: 2000 }),
      ).toBe(
        '2000ms #',
        undefined,
        new RpcCallError({
          method: 'add',
          destinationIdentity: 'bob',
          code: ErrorCode.RESPONSE_TIMEOUT,
          rpcMessage: 'Response timeout',
          data: undefined,
        }),
      );
      const leaving = new TestRoom({ participants: [{ identity: 'bob' }] });
      leaving.play(hot('-x', { x: { type: 'disconnect', reason: DisconnectReason.ROOM_DELETED } }));
      expectObservable(performRpc(leaving, { destinationIdentity: 'bob', method: 'add' })).toBe(
        '-#',
        undefined,
        new RoomDisconnectedError({ source: 'performRpc', reason: DisconnectReason.ROOM_DELETED }),
      );
    });
  });

  it('unsubscribing before the answer ignores it; cold: each subscription is a call', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('--ab', {
          a: { type: 'rpc-reply', requestId: 'RQ_1', payload: 'one' },
          b: { type: 'rpc-reply', requestId: 'RQ_2', payload: 'two' },
        }),
      );
      const call$ = performRpc(room, { destinationIdentity: 'bob', method: 'add' });
      expectObservable(call$, '^-!').toBe('');
      expectObservable(call$).toBe('---(b|)', { b: 'two' });
      flush();
      expect(room.sent.map((s) => s.type)).toEqual(['rpc-call', 'rpc-call']);
    });
  });

  it('throws at once for bad arguments', () => {
    const room = new TestRoom();
    expect(() => performRpc(room, { destinationIdentity: '', method: 'add' })).toThrow(TypeError);
    expect(() => performRpc(room, { destinationIdentity: 'bob', method: '' })).toThrow(TypeError);
    expect(() =>
      performRpc(room, { destinationIdentity: 'bob', method: 'add', payload: 1 as never }),
    ).toThrow(TypeError);
    expect(() =>
      performRpc(room, { destinationIdentity: 'bob', method: 'add', responseTimeout: 0 }),
    ).toThrow(new RangeError('performRpc: responseTimeout must be a positive integer (ms), got 0'));
  });
});
