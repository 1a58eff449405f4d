import { RpcError } from '@livekit/rtc-node';
import { map, tap } from 'rxjs';
import { rpcRequests, RpcMethodInUseError, type RpcRequest } from 'livekit-rx';
import { TestRoom, type TestRoomSent } from 'livekit-rx/testing';
import { dataHooks as dataHooksKey } from '../src/internal/dataHooks';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

/** The answer recorded in `room.sent` for a call, as the caller receives it. */
const answer = (requestId: string, payload: string, method = 'add'): TestRoomSent => ({
  type: 'rpc-response',
  requestId,
  callerIdentity: 'bob',
  method,
  payload,
  error: undefined,
});
const failure = (
  requestId: string,
  code: number,
  message: string,
  data?: string,
  method = 'add',
): TestRoomSent => ({
  type: 'rpc-response',
  requestId,
  callerIdentity: 'bob',
  method,
  payload: undefined,
  error: { code, message, data },
});
const call = (requestId: string, payload: string, responseTimeout = 8000) => ({
  type: 'rpc' as const,
  from: 'bob',
  method: 'add',
  payload,
  requestId,
  responseTimeout,
});

describe('rpcRequests on a TestRoom', () => {
  it('emits each call; respond() answers it, once', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('--a--b', { a: call('r1', '[1,2]'), b: call('r2', '[3,4]') }));
      const answers: boolean[] = [];
      expectObservable(
        rpcRequests(room, 'add').pipe(
          tap((request) => {
            const [x, y] = JSON.parse(request.payload) as [number, number];
            answers.push(request.respond(String(x + y)), request.respond('again'));
          }),
          map((r) => `${r.requestId}:${r.callerIdentity}:${r.method}:${r.responseTimeout}`),
        ),
        '^-------!',
      ).toBe('--a--b--', { a: 'r1:bob:add:8000', b: 'r2:bob:add:8000' });
      flush();
      expect(answers).toEqual([true, false, true, false]);
      expect(room.sent).toEqual([answer('r1', '3'), answer('r2', '7')]);
    });
  });

  it('answers a call still unanswered at its responseTimeout with RESPONSE_TIMEOUT, in virtual time', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a', { a: call('r1', 'slow', 1000) }));
      const requests: RpcRequest[] = [];
      expectObservable(
        room.sent$.pipe(map((s) => (s.type === 'rpc-response' ? s.error?.code : s.type))),
      ).toBe('- 1000ms t', { t: RpcError.ErrorCode.RESPONSE_TIMEOUT });
      rpcRequests(room, 'add').subscribe((r) => requests.push(r));
      flush();
      expect(room.sent).toEqual([
        failure(
          'r1',
          RpcError.ErrorCode.RESPONSE_TIMEOUT,
          'livekit-rx: "add" was not answered within 1000 ms',
        ),
      ]);
      // Too late: the caller has its answer.
      expect([requests[0]?.settled, requests[0]?.respond('3')]).toEqual([true, false]);
      expect(room.sent).toHaveLength(1);
    });
  });

  it('fail() sends an RpcError as it is, anything else as APPLICATION_ERROR with its message', () => {
    testScheduler().run(({ hot, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-abc', { a: call('r1', 'x'), b: call('r2', 'y'), c: call('r3', 'z') }));
      const reasons: unknown[] = [
        new RpcError(4001, 'not numbers', '{"got":"x"}'),
        new Error('database down'),
        'plain string',
      ];
      rpcRequests(room, 'add').subscribe((request) => request.fail(reasons.shift()));
      flush();
      expect(room.sent).toEqual([
        failure('r1', 4001, 'not numbers', '{"got":"x"}'),
        failure('r2', RpcError.ErrorCode.APPLICATION_ERROR, 'database down'),
        failure('r3', RpcError.ErrorCode.APPLICATION_ERROR, 'plain string'),
      ]);
    });
  });

  it('throws a TypeError for an answer that is not a string, leaving the call open', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const requests: RpcRequest[] = [];
    const subscription = rpcRequests(room, 'add').subscribe((r) => requests.push(r));
    room.receiveRpc('bob', 'add', '[1,2]', { requestId: 'r1' });
    expect(() => requests[0]?.respond(3 as unknown as string)).toThrow(
      new TypeError(
        'rpcRequests: the answer to "add" must be a string, got number (encode it first, e.g. JSON.stringify)',
      ),
    );
    expect(requests[0]?.settled).toBe(false);
    requests[0]?.respond('3');
    expect(room.sent).toEqual([answer('r1', '3')]);
    subscription.unsubscribe();
  });

  it('registers on subscribe and unregisters on teardown, failing the calls still open', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      // r1 arrives before anyone listens, r2 while subscribed (never answered), r3 after.
      room.play(hot('a-b--c', { a: call('r0', ''), b: call('r1', ''), c: call('r2', '') }));
      expectObservable(rpcRequests(room, 'add').pipe(map((r) => r.requestId)), '-^--!').toBe(
        '--a',
        { a: 'r1' },
      );
      flush();
      expect(room.sent).toEqual([
        failure('r0', RpcError.ErrorCode.UNSUPPORTED_METHOD, 'Method not supported at destination'),
        failure(
          'r1',
          RpcError.ErrorCode.APPLICATION_ERROR,
          'livekit-rx: the handler of "add" stopped before answering',
        ),
        failure('r2', RpcError.ErrorCode.UNSUPPORTED_METHOD, 'Method not supported at destination'),
      ]);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('allows one handler per method: a second subscription is an RpcMethodInUseError', () => {
    testScheduler().run(({ expectObservable }) => {
      const room = new TestRoom();
      expectObservable(rpcRequests(room, 'add')).toBe('-');
      expectObservable(rpcRequests(room, 'add')).toBe(
        '#',
        undefined,
        new RpcMethodInUseError({ source: 'rpcRequests', method: 'add' }),
      );
      expectObservable(rpcRequests(room, 'sub')).toBe('-');
    });
    const room = new TestRoom();
    room.localParticipant.registerRpcMethod('greet', () => Promise.resolve('hi'));
    const errors: unknown[] = [];
    rpcRequests(room, 'greet').subscribe({ error: (e: unknown) => errors.push(e) });
    expect(errors).toEqual([new RpcMethodInUseError({ source: 'rpcRequests', method: 'greet' })]);
    expect((errors[0] as Error).message).toBe(
      'rpcRequests: RPC method "greet" already has a handler on this room (rtc-node keeps one ' +
        'per method and would silently replace it). Answer the method in one place, or ' +
        'unregister the other handler first.',
    );
  });

  it('completes when the room disconnects; open calls get no answer and their timers stop', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a--x', { a: call('r1', '', 1000), x: { type: 'disconnect' } }));
      expectObservable(rpcRequests(room, 'add').pipe(map((r) => r.requestId))).toBe('-a--|', {
        a: 'r1',
      });
      flush();
      expect(room.sent).toEqual([]);
    });
  });

  it('leaves no handler or listener behind after 1,000 subscribe/unsubscribe cycles', () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const before = listenerTotal(room);
    for (let i = 0; i < 1000; i++) {
      const subscription = rpcRequests(room, 'add').subscribe((r) => r.respond(String(i)));
      room.receiveRpc('bob', 'add', '', { requestId: `r${i}` });
      subscription.unsubscribe();
    }
    expect(listenerTotal(room)).toBe(before);
    expect(room.localParticipant[dataHooksKey].hasRpcMethod('add')).toBe(false);
    expect(room.sent).toHaveLength(1000);
    expect(room.sent[999]).toEqual(answer('r999', '999'));
    expect(room.getMaxListeners()).toBe(10);
  });

  it('throws a TypeError at once for a method that is not a non-empty string', () => {
    expect(() => rpcRequests(new TestRoom(), '')).toThrow(
      new TypeError('rpcRequests: the method must be a non-empty string, got ""'),
    );
  });
});
