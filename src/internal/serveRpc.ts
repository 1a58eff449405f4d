import { RpcError, type RpcInvocationData } from '@livekit/rtc-node';
import type { Observable, SchedulerLike, Subscription } from 'rxjs';
import { RpcMethodInUseError } from '../errors/RpcMethodInUseError';
import type { RoomLike } from '../room/RoomLike';
import type { RpcRequest } from '../sources/rpcRequests';
import { dataHooksOf, toRpcError, type DataHooks, type RpcReply } from './dataHooks';
import { watchRoom } from './watchRoom';

/** How a request was settled: answered, failed, or answered with an error by livekit-rx. @internal */
export type RpcOutcome =
  | { readonly type: 'answered'; readonly payload: string }
  | { readonly type: 'failed'; readonly error: RpcError }
  | { readonly type: 'timed-out'; readonly error: RpcError }
  | { readonly type: 'abandoned'; readonly error: RpcError | undefined };

/**
 * One incoming call: answered once (by `respond`, `fail`, its timeout, or the end of the
 * subscription that received it), its timer cancelled then.
 * @internal
 */
export class PendingRpc implements RpcRequest {
  readonly requestId: string;
  readonly method: string;
  readonly callerIdentity: string;
  readonly payload: string;
  readonly responseTimeout: number;
  #outcome: RpcOutcome | undefined;
  #timer: Subscription | undefined;
  #onSettled: ((outcome: RpcOutcome) => void) | undefined;

  constructor(
    invocation: RpcInvocationData,
    private readonly reply: RpcReply,
    scheduler: SchedulerLike,
    private readonly forget: (request: PendingRpc) => void,
  ) {
    this.requestId = invocation.requestId;
    this.method = invocation.method;
    this.callerIdentity = invocation.callerIdentity;
    this.payload = invocation.payload;
    this.responseTimeout = invocation.responseTimeout;
    this.#timer = scheduler.schedule(
      () => {
        this.#timer = undefined;
        const error = new RpcError(
          RpcError.ErrorCode.RESPONSE_TIMEOUT,
          `livekit-rx: "${this.method}" was not answered within ${this.responseTimeout} ms`,
        );
        this.settle({ type: 'timed-out', error }, error);
      },
      Math.max(0, this.responseTimeout),
    );
  }

  get settled(): boolean {
    return this.#outcome !== undefined;
  }

  respond(payload: string): boolean {
    if (typeof payload !== 'string') {
      throw new TypeError(
        `rpcRequests: the answer to "${this.method}" must be a string, got ${typeof payload} ` +
          `(encode it first, e.g. JSON.stringify)`,
      );
    }
    return this.settle({ type: 'answered', payload }, undefined, payload);
  }

  fail(error: unknown): boolean {
    const rpcError = toRpcError(error);
    return this.settle({ type: 'failed', error: rpcError }, rpcError);
  }

  /** Calls `listener` once, when the request is settled (at once if it is). */
  whenSettled(listener: (outcome: RpcOutcome) => void): void {
    if (this.#outcome !== undefined) listener(this.#outcome);
    else this.#onSettled = listener;
  }

  /** The subscription ended: answer with `error` (or, after a disconnect, not at all). */
  abandon(error: RpcError | undefined): void {
    this.settle({ type: 'abandoned', error }, error, undefined, error === undefined);
  }

  private settle(
    outcome: RpcOutcome,
    error: RpcError | undefined,
    payload?: string,
    silently = false,
  ): boolean {
    if (this.#outcome !== undefined) return false;
    this.#outcome = outcome;
    this.#timer?.unsubscribe();
    this.#timer = undefined;
    this.forget(this);
    if (!silently) this.reply(error, payload);
    const listener = this.#onSettled;
    this.#onSettled = undefined;
    listener?.(outcome);
    return true;
  }
}

/**
 * The incoming calls of `method`, one {@link PendingRpc} each, for the lifetime of the
 * subscription: the method is registered on subscribe (an {@link RpcMethodInUseError} if it
 * already has a handler, ours or not) and unregistered on teardown, when calls still unanswered
 * are answered with an error (while the room is connected: after a disconnect there is nobody to
 * answer). Completes when the room disconnects.
 * @internal
 */
export function serveRpc(
  source: string,
  room: RoomLike,
  method: string,
  scheduler: SchedulerLike,
): Observable<PendingRpc> {
  if (typeof method !== 'string' || method === '') {
    throw new TypeError(
      `${source}: the method must be a non-empty string, got ${JSON.stringify(method) ?? String(method)}`,
    );
  }
  return watchRoom<PendingRpc>(source, room, (subscriber) => {
    const hooks = dataHooksOf(room) as DataHooks;
    if (hooks.hasRpcMethod(method)) {
      return subscriber.error(new RpcMethodInUseError({ source, method }));
    }
    const pending = new Set<PendingRpc>();
    const forget = (request: PendingRpc): void => void pending.delete(request);
    const unregister = hooks.registerRpcMethod(method, (invocation, reply) => {
      const request = new PendingRpc(invocation, reply, scheduler, forget);
      pending.add(request);
      subscriber.next(request);
    });
    subscriber.add(() => {
      unregister();
      const connected = room.isConnected;
      for (const request of [...pending]) {
        request.abandon(
          connected
            ? new RpcError(
                RpcError.ErrorCode.APPLICATION_ERROR,
                `livekit-rx: the handler of "${method}" stopped before answering`,
              )
            : undefined,
        );
      }
    });
  });
}
