import { DisconnectReason, RpcError } from '@livekit/rtc-node';
import { catchError, firstValueFrom, of, type Observable } from 'rxjs';
import { performRpc, RoomDisconnectedError, RpcCallError } from 'livekit-rx';
import { TestRoom } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

const add = { destinationIdentity: 'bob', method: 'add', payload: '[1,2]' } as const;
const reply = (payload: string, requestId = 'RQ_1') => ({
  type: 'rpc-reply' as const,
  requestId,
  payload,
});
const rpcFailure = (code: number, rpcMessage: string, data?: string, destinationIdentity = 'bob') =>
  new RpcCallError({ method: 'add', destinationIdentity, code, rpcMessage, data });

/** A call's failure as a value: which class, and its whole `info` (jest compares errors by message only). */
const failureOf = (call$: Observable<string>): Observable<string | object> =>
  call$.pipe(
    catchError((err: unknown) =>
      of({ name: (err as Error).name, info: (err as RpcCallError).info }),
    ),
  );
const failed = (error: RpcCallError) => ({ name: 'RpcCallError', info: error.info });

describe('performRpc on a TestRoom', () => {
  it('calls when subscribed, emits the answer and completes', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('---r', { r: reply('3') }));
      const call$ = performRpc(room, { ...add, responseTimeout: 2000 });
      expect(room.sent).toEqual([]); // cold
      expectObservable(call$, '-^').toBe('---(a|)', { a: '3' });
      flush();
      expect(room.sent).toEqual([
        {
          type: 'rpc-call',
          requestId: 'RQ_1',
          destinationIdentity: 'bob',
          method: 'add',
          payload: '[1,2]',
          responseTimeout: 2000,
        },
      ]);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('fails with an RpcCallError that is the remote’s RpcError: code, message and data', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('--e', {
          e: {
            type: 'rpc-reply',
            requestId: 'RQ_1',
            error: new RpcError(4001, 'not numbers', 'try [1,2]'),
          },
        }),
      );
      expectObservable(failureOf(performRpc(room, add))).toBe('--(e|)', {
        e: failed(rpcFailure(4001, 'not numbers', 'try [1,2]')),
      });
    });
    const error = rpcFailure(4001, 'not numbers', 'try [1,2]');
    expect(error).toBeInstanceOf(RpcError);
    expect([error.name, error.code, error.message, error.data, String(error)]).toEqual([
      'RpcCallError',
      4001,
      'not numbers',
      'try [1,2]',
      'RpcCallError: "add" on bob failed with 4001: not numbers',
    ]);
  });

  it('fails with RESPONSE_TIMEOUT when no answer comes in time (15 s by default), in virtual time', () => {
    testScheduler().run(({ expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      const timedOut = failed(rpcFailure(RpcError.ErrorCode.RESPONSE_TIMEOUT, 'Response timeout'));
      expectObservable(failureOf(performRpc(room, { ...add, responseTimeout: 1500 }))).toBe(
        '1500ms (e|)',
        { e: timedOut },
      );
      expectObservable(failureOf(performRpc(room, add))).toBe('15s (e|)', { e: timedOut });
    });
  });

  it('fails at once with RECIPIENT_NOT_FOUND for a destination not in the room, sending nothing', () => {
    testScheduler().run(({ expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'carol' }] });
      expectObservable(failureOf(performRpc(room, add))).toBe('(e|)', {
        e: failed(
          rpcFailure(
            RpcError.ErrorCode.RECIPIENT_NOT_FOUND,
            '"bob" is not in the room (remote participants: carol)',
          ),
        ),
      });
      flush();
      expect(room.sent).toEqual([]);
    });
  });

  it('fails with RECIPIENT_DISCONNECTED as soon as the destination leaves; a late answer is ignored', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }, { identity: 'carol' }] });
      room.play(hot('--l', { l: { type: 'leave', identity: 'bob' } }));
      const other$ = performRpc(room, { ...add, destinationIdentity: 'carol' });
      room.play(hot('----r', { r: reply('fine', 'RQ_2') }));
      expectObservable(failureOf(performRpc(room, add))).toBe('--(e|)', {
        e: failed(
          rpcFailure(
            RpcError.ErrorCode.RECIPIENT_DISCONNECTED,
            '"bob" left the room before answering "add"',
          ),
        ),
      });
      // Another call in flight is not affected.
      expectObservable(other$).toBe('----(a|)', { a: 'fine' });
    });
  });

  it('ignores the answer when unsubscribed before it arrives', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('----r', { r: reply('3') }));
      expectObservable(performRpc(room, add), '^-!').toBe('---');
      flush();
      expect(room.sent).toHaveLength(1); // the call went out; it cannot be withdrawn
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('fails with a RoomDisconnectedError when the room disconnects first', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('--x', { x: { type: 'disconnect', reason: DisconnectReason.SERVER_SHUTDOWN } }),
      );
      expectObservable(performRpc(room, add)).toBe(
        '--#',
        undefined,
        new RoomDisconnectedError({
          source: 'performRpc',
          reason: DisconnectReason.SERVER_SHUTDOWN,
        }),
      );
    });
  });

  it('works with await: firstValueFrom', async () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const answer = firstValueFrom(performRpc(room, add));
    room.replyRpc('RQ_1', { payload: '3' });
    expect(await answer).toBe('3');
  });

  it('throws at once for a call that cannot be made', () => {
    const room = new TestRoom();
    expect(() => performRpc(room, { ...add, method: '' })).toThrow(
      new TypeError('performRpc: method must be a non-empty string, got ""'),
    );
    expect(() => performRpc(room, { ...add, destinationIdentity: '' })).toThrow(TypeError);
    expect(() => performRpc(room, { ...add, payload: 3 as unknown as string })).toThrow(
      new TypeError('performRpc: the payload must be a string, got number'),
    );
    expect(() => performRpc(room, { ...add, responseTimeout: 0 })).toThrow(
      new RangeError('performRpc: responseTimeout must be a positive integer (ms), got 0'),
    );
  });
});
