import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { serveRpc } from '../internal/serveRpc';
import type { RoomLike } from '../room/RoomLike';

/** One incoming RPC call, to be answered once. */
export interface RpcRequest {
  /** The call's id, the same on both sides. */
  readonly requestId: string;
  /** The method called. */
  readonly method: string;
  /** Who called. */
  readonly callerIdentity: string;
  /** The request's payload (typically JSON). */
  readonly payload: string;
  /**
   * How long the caller waits, in ms: answer before it. livekit-rx answers a request still
   * unanswered then with `RESPONSE_TIMEOUT` (1502) itself.
   */
  readonly responseTimeout: number;
  /** Whether it has been answered (or failed, or timed out). */
  readonly settled: boolean;
  /**
   * Answers with `payload`. Returns whether this was the answer (`false`: already settled).
   * @throws TypeError for a payload that is not a string.
   */
  respond(payload: string): boolean;
  /**
   * Answers with an error: an rtc-node `RpcError` as it is (its code, message and data reach the
   * caller), anything else as `APPLICATION_ERROR` (1500) with its message. Returns whether this
   * was the answer.
   */
  fail(error: unknown): boolean;
}

/** Options of {@link rpcRequests}. */
export interface RpcRequestsOptions {
  /** Where the response timeouts run (default `asyncScheduler`: virtual in `TestScheduler.run`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * The calls of one RPC method, as they arrive: each an {@link RpcRequest} to answer with
 * `respond(payload)` or `fail(error)`. Subscribing registers the method on the room's local
 * participant and unsubscribing unregisters it; one handler per method per room, so a second
 * subscription (or a method registered outside livekit-rx) fails with an `RpcMethodInUseError`.
 * No call is left hanging: a request unanswered at its `responseTimeout` is answered with
 * `RESPONSE_TIMEOUT` (1502) by livekit-rx, and requests unanswered when the subscription ends
 * are failed with `APPLICATION_ERROR` (1500). Completes when the room disconnects. Hot: calls
 * arriving while nobody is subscribed are answered `UNSUPPORTED_METHOD` by rtc-node.
 *
 * See `handleRpc` to answer every call with a function.
 *
 * ```text
 * callers:                  --c1------c2-------------   (c2 is never answered)
 * rpcRequests(room, 'add'): --r1------r2-------------   (r1.respond('3') at once)
 * sent:                     --a1--------------t2-----   (t2 = RESPONSE_TIMEOUT at c2's timeout)
 * ```
 *
 * @example
 * ```ts
 * import { rpcRequests } from 'livekit-rx';
 * rpcRequests(room, 'add').subscribe((request) => {
 *   const [a, b] = JSON.parse(request.payload) as [number, number];
 *   request.respond(JSON.stringify(a + b));
 * });
 * ```
 *
 * @param room - A connected room.
 * @param method - The RPC method's name.
 * @param options - The scheduler of the response timeouts.
 * @returns The calls; completes on disconnect.
 * @throws TypeError at once for a method that is not a non-empty string.
 */
export function rpcRequests(
  room: RoomLike,
  method: string,
  options: RpcRequestsOptions = {},
): Observable<RpcRequest> {
  return serveRpc('rpcRequests', room, method, options.scheduler ?? asyncScheduler);
}
