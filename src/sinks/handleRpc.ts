import { RpcError } from '@livekit/rtc-node';
import {
  asyncScheduler,
  from,
  Observable,
  type ObservableInput,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { serveRpc, type PendingRpc, type RpcOutcome } from '../internal/serveRpc';
import type { RoomLike } from '../room/RoomLike';
import type { RpcRequest } from '../sources/rpcRequests';

/** What a handler of {@link handleRpc} answers with: the payload, or its first value. */
export type RpcAnswer = string | ObservableInput<string>;

/** Options of {@link handleRpc}. */
export interface HandleRpcOptions {
  /** Where the response timeouts run (default `asyncScheduler`: virtual in `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
}

/** One call handled by {@link handleRpc}, and how it was answered. */
export interface RpcHandledEvent {
  readonly requestId: string;
  readonly method: string;
  readonly callerIdentity: string;
  /**
   * `'answered'` with the handler's payload; `'failed'`: the handler threw, rejected or errored
   * (the caller got an `RpcError`); `'timed-out'`: no answer within the caller's
   * `responseTimeout`, so livekit-rx answered `RESPONSE_TIMEOUT` and cancelled the handler.
   */
  readonly outcome: 'answered' | 'failed' | 'timed-out';
  /** The answer, when `'answered'`. */
  readonly payload: string | undefined;
  /** What the caller got, when `'failed'` or `'timed-out'`. */
  readonly error: RpcError | undefined;
}

/**
 * Answers every call of an RPC method with `handler`, for the lifetime of the subscription: the
 * handler returns the answer, a Promise of it, or an Observable whose first value is it (the rest
 * is not waited for). A handler that throws, rejects or errors answers with an rtc-node
 * `RpcError`: its own `RpcError` as it is (code, message, data), anything else as
 * `APPLICATION_ERROR` (1500) with its message; one that completes without a value answers
 * `APPLICATION_ERROR` too. A call still unanswered at its `responseTimeout` is answered
 * `RESPONSE_TIMEOUT` (1502) and its handler unsubscribed: nothing is left hanging. Calls are
 * handled concurrently. Emits an {@link RpcHandledEvent} per call as it is settled; completes
 * when the room disconnects. One handler per method per room (`RpcMethodInUseError`).
 *
 * ```text
 * callers:                      --c1----c2----------
 * handleRpc(room, 'add', add):  --a1------f2--------   (a1: answered; f2: the handler threw)
 * ```
 *
 * @example
 * ```ts
 * import { RpcError } from '@livekit/rtc-node';
 * import { handleRpc } from 'livekit-rx';
 * handleRpc(room, 'add', async ({ payload }) => {
 *   const [a, b] = JSON.parse(payload) as [number, number];
 *   if (!Number.isFinite(a + b)) throw new RpcError(4001, 'not numbers');
 *   return JSON.stringify(a + b);
 * }).subscribe((handled) => console.log(handled.method, handled.outcome));
 * ```
 *
 * @param room - A connected room.
 * @param method - The RPC method's name.
 * @param handler - Computes the answer to one call.
 * @param options - The scheduler of the response timeouts.
 * @returns One event per handled call; completes on disconnect.
 * @throws TypeError at once for a method that is not a non-empty string.
 */
export function handleRpc(
  room: RoomLike,
  method: string,
  handler: (request: RpcRequest) => RpcAnswer,
  options: HandleRpcOptions = {},
): Observable<RpcHandledEvent> {
  const requests$ = serveRpc('handleRpc', room, method, options.scheduler ?? asyncScheduler);
  return new Observable<RpcHandledEvent>((subscriber) => {
    const running = new Set<Subscription>();
    const settled = (request: PendingRpc, outcome: RpcOutcome): void => {
      if (outcome.type === 'abandoned') return;
      subscriber.next({
        requestId: request.requestId,
        method: request.method,
        callerIdentity: request.callerIdentity,
        outcome: outcome.type,
        payload: outcome.type === 'answered' ? outcome.payload : undefined,
        error: outcome.type === 'answered' ? undefined : outcome.error,
      });
    };
    const answer = (request: PendingRpc, value: unknown): void => {
      if (typeof value === 'string') request.respond(value);
      else
        request.fail(
          new RpcError(
            RpcError.ErrorCode.APPLICATION_ERROR,
            `livekit-rx: the handler of "${method}" answered ${typeof value}, not a string`,
          ),
        );
    };
    const serve = (request: PendingRpc): void => {
      let inner: Subscription | undefined;
      // However it is settled (answered, failed, timed out, abandoned): report it, stop the handler.
      request.whenSettled((outcome) => {
        settled(request, outcome);
        if (inner === undefined) return;
        running.delete(inner);
        inner.unsubscribe();
        inner = undefined;
      });
      let result: RpcAnswer;
      try {
        result = handler(request);
      } catch (err) {
        request.fail(err);
        return;
      }
      if (typeof result === 'string') return answer(request, result);
      let answer$: Observable<unknown>;
      try {
        answer$ = from(result);
      } catch (err) {
        request.fail(err); // not a string, a Promise or an Observable
        return;
      }
      const subscription = answer$.subscribe({
        next: (value) => answer(request, value),
        error: (err: unknown) => request.fail(err),
        complete: () =>
          request.fail(
            new RpcError(
              RpcError.ErrorCode.APPLICATION_ERROR,
              `livekit-rx: the handler of "${method}" completed without an answer`,
            ),
          ),
      });
      if (request.settled) subscription.unsubscribe();
      else running.add((inner = subscription));
    };
    const requests = requests$.subscribe({
      next: serve,
      error: (err: unknown) => subscriber.error(err),
      complete: () => subscriber.complete(),
    });
    return () => {
      for (const inner of running) inner.unsubscribe();
      running.clear();
      requests.unsubscribe();
    };
  });
}
