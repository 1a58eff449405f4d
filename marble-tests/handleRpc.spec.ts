import { RpcError } from '@livekit/rtc-node';
import { EMPTY, filter, firstValueFrom, map, NEVER, of } from 'rxjs';
import { handleRpc, RpcMethodInUseError, type RpcHandledEvent } from 'livekit-rx';
import { TestRoom, type TestRoomSent } from 'livekit-rx/testing';
import { listenerTotal } from './room/helpers';
import { testScheduler } from './scheduler';

const call = (requestId: string, payload: string, responseTimeout = 8000) => ({
  type: 'rpc' as const,
  from: 'bob',
  method: 'add',
  payload,
  requestId,
  responseTimeout,
});

/** What the caller got for each call: its payload, or `code: message`. */
const answers = (room: TestRoom) =>
  room.sent.flatMap((s) =>
    s.type === 'rpc-response'
      ? [
          `${s.requestId}=${s.error === undefined ? s.payload : `${s.error.code}: ${s.error.message}`}`,
        ]
      : [],
  );

const handled = (
  requestId: string,
  outcome: RpcHandledEvent['outcome'],
  payload?: string,
  error?: RpcError,
): RpcHandledEvent => ({
  requestId,
  method: 'add',
  callerIdentity: 'bob',
  outcome,
  payload,
  error,
});

const sum = ({ payload }: { payload: string }) => {
  const [a, b] = JSON.parse(payload) as [number, number];
  return String(a + b);
};

describe('handleRpc on a TestRoom', () => {
  it('answers each call with the handler’s value and reports it', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a-b', { a: call('r1', '[1,2]'), b: call('r2', '[5,5]') }));
      expectObservable(handleRpc(room, 'add', sum), '^---!').toBe('-a-b', {
        a: handled('r1', 'answered', '3'),
        b: handled('r2', 'answered', '10'),
      });
      flush();
      expect(answers(room)).toEqual(['r1=3', 'r2=10']);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('takes an Observable’s first value as the answer and unsubscribes it', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a', { a: call('r1', '') }));
      const llm = cold('--x-y|', { x: 'first', y: 'second' });
      expectObservable(handleRpc(room, 'add', () => llm)).toBe('---a', {
        a: handled('r1', 'answered', 'first'),
      });
      expectSubscriptions(llm.subscriptions).toBe('-^-!');
      flush();
      expect(answers(room)).toEqual(['r1=first']);
    });
  });

  it('awaits a Promise', async () => {
    const room = new TestRoom({ participants: [{ identity: 'bob' }] });
    const events: RpcHandledEvent[] = [];
    const subscription = handleRpc(room, 'add', async (request) => {
      await Promise.resolve();
      return sum(request);
    }).subscribe((e) => events.push(e));
    const response = firstValueFrom(room.sent$.pipe(filter((s) => s.type === 'rpc-response')));
    room.receiveRpc('bob', 'add', '[20,22]', { requestId: 'r1' });
    expect(await response).toEqual<TestRoomSent>({
      type: 'rpc-response',
      requestId: 'r1',
      callerIdentity: 'bob',
      method: 'add',
      payload: '42',
      error: undefined,
    });
    expect(events).toEqual([handled('r1', 'answered', '42')]);
    subscription.unsubscribe();
  });

  it('answers a handler’s failure with an RpcError: its own as it is, others as APPLICATION_ERROR', () => {
    testScheduler().run(({ cold, hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(
        hot('-a-b-c---d-e', {
          a: call('r1', 'rpc'),
          b: call('r2', 'throw'),
          c: call('r3', 'error$'),
          d: call('r4', 'empty'),
          e: call('r5', 'number'),
        }),
      );
      const own = new RpcError(4001, 'not numbers', 'try [1,2]');
      const handler = ({ payload }: { payload: string }) => {
        switch (payload) {
          case 'rpc':
            throw own;
          case 'throw':
            throw new Error('database down');
          case 'error$':
            return cold<string>('-#', undefined, new Error('stream failed'));
          case 'empty':
            return EMPTY;
          default:
            return of(42 as unknown as string);
        }
      };
      expectObservable(handleRpc(room, 'add', handler).pipe(map((e) => e.outcome))).toBe(
        '-a-b--c--d-e',
        { a: 'failed', b: 'failed', c: 'failed', d: 'failed', e: 'failed' },
      );
      flush();
      expect(answers(room)).toEqual([
        'r1=4001: not numbers',
        'r2=1500: database down',
        'r3=1500: stream failed',
        'r4=1500: livekit-rx: the handler of "add" completed without an answer',
        'r5=1500: livekit-rx: the handler of "add" answered number, not a string',
      ]);
      expect(room.sent[0]).toMatchObject({ error: { code: 4001, data: 'try [1,2]' } });
    });
  });

  it('answers RESPONSE_TIMEOUT when the handler is too slow, and unsubscribes it', () => {
    testScheduler().run(({ cold, hot, expectObservable, expectSubscriptions, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a', { a: call('r1', '', 500) }));
      const slow = cold('1s x', { x: 'late' });
      expectObservable(handleRpc(room, 'add', () => slow)).toBe('- 500ms t', {
        t: handled(
          'r1',
          'timed-out',
          undefined,
          new RpcError(1502, 'livekit-rx: "add" was not answered within 500 ms'),
        ),
      });
      expectSubscriptions(slow.subscriptions).toBe('-^ 499ms !');
      flush();
      expect(answers(room)).toEqual(['r1=1502: livekit-rx: "add" was not answered within 500 ms']);
    });
  });

  it('handles calls concurrently, each answered when its own handler is', () => {
    testScheduler().run(({ cold, hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-ab', { a: call('r1', '5'), b: call('r2', '1') }));
      // Each call takes as many frames as its payload says.
      const handler = ({ payload }: { payload: string }) =>
        cold(`${'-'.repeat(Number(payload))}x`, { x: `done in ${payload}` });
      expectObservable(handleRpc(room, 'add', handler).pipe(map((e) => e.requestId))).toBe(
        '---b--a',
        { a: 'r1', b: 'r2' },
      );
      flush();
      expect(answers(room)).toEqual(['r2=done in 1', 'r1=done in 5']);
    });
  });

  it('on unsubscribe: stops running handlers, fails their calls, unregisters the method', () => {
    testScheduler().run(({ hot, expectObservable, flush }) => {
      const room = new TestRoom({ participants: [{ identity: 'bob' }] });
      room.play(hot('-a--b', { a: call('r1', ''), b: call('r2', '') }));
      expectObservable(
        handleRpc(room, 'add', () => NEVER),
        '^--!',
      ).toBe('---');
      flush();
      expect(answers(room)).toEqual([
        'r1=1500: livekit-rx: the handler of "add" stopped before answering',
        'r2=1400: Method not supported at destination',
      ]);
      expect(listenerTotal(room)).toBe(0);
    });
  });

  it('allows one handler per method (RpcMethodInUseError) and completes on disconnect', () => {
    testScheduler().run(({ hot, expectObservable }) => {
      const room = new TestRoom();
      room.play(hot('---x', { x: { type: 'disconnect' } }));
      expectObservable(handleRpc(room, 'add', sum)).toBe('---|');
      expectObservable(handleRpc(room, 'add', sum)).toBe(
        '#',
        undefined,
        new RpcMethodInUseError({ source: 'handleRpc', method: 'add' }),
      );
    });
  });
});
