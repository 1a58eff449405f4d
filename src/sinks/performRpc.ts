import { RpcError } from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import { RoomDisconnectedError } from '../errors/RoomDisconnectedError';
import { RpcCallError } from '../errors/RpcCallError';
import { dataHooksOf, rpcCode, type DataHooks, type RpcCall } from '../internal/dataHooks';
import { messageOf } from '../internal/messageOf';
import { watchRoom } from '../internal/watchRoom';
import type { RoomLike } from '../room/RoomLike';

/** What {@link performRpc} calls. */
export interface PerformRpcOptions {
  /** Who is called: a remote participant's identity. */
  readonly destinationIdentity: string;
  /** The method's name. */
  readonly method: string;
  /** The request's payload (typically JSON; default `''`). */
  readonly payload?: string;
  /**
   * How long to wait for the answer once the call has reached the destination, in ms (rtc-node's
   * default when omitted: 15 s). The handler is told 7 s less (at least 1 s): the time rtc-node
   * allows for the call to reach it and be acknowledged.
   */
  readonly responseTimeout?: number | undefined;
}

/**
 * Calls a remote participant's RPC method when subscribed: emits the answer, then completes.
 * Cold: each subscription is one call. Fails with an {@link RpcCallError} (an rtc-node
 * `RpcError`, with its code) when the handler answered with an error or the call failed:
 * `RECIPIENT_NOT_FOUND` (1401) at once for a destination that is not in the room, and
 * `RECIPIENT_DISCONNECTED` (1503) as soon as the destination leaves before answering (rtc-node
 * itself would wait for the timeout); with a `RoomDisconnectedError` when the room disconnects
 * first. Unsubscribing before the answer ignores it (the call itself cannot be withdrawn).
 *
 * ```text
 * performRpc(room, { destinationIdentity: 'bob', method: 'add', payload: '[1,2]' }):
 *                ------(a|)     (a = '3', bob's answer)
 * ```
 *
 * @example
 * ```ts
 * import { performRpc } from 'livekit-rx';
 * performRpc(room, { destinationIdentity: 'bob', method: 'add', payload: '[1,2]' }).subscribe({
 *   next: (sum) => console.log('1 + 2 =', sum),
 *   error: (err) => console.error(err.code, err.message),
 * });
 * ```
 *
 * @param room - A connected room.
 * @param options - Who to call, which method, the payload, how long to wait.
 * @returns The answer, then completion.
 * @throws TypeError at once for an empty method or destination, or a payload that is not a
 *   string; RangeError for a `responseTimeout` that is not a positive integer.
 */
export function performRpc(room: RoomLike, options: PerformRpcOptions): Observable<string> {
  const { destinationIdentity, method, payload = '', responseTimeout } = options;
  for (const [name, value] of [
    ['destinationIdentity', destinationIdentity],
    ['method', method],
  ] as const) {
    if (typeof value !== 'string' || value === '') {
      throw new TypeError(
        `performRpc: ${name} must be a non-empty string, got ${JSON.stringify(value) ?? String(value)}`,
      );
    }
  }
  if (typeof payload !== 'string') {
    throw new TypeError(`performRpc: the payload must be a string, got ${typeof payload}`);
  }
  if (
    responseTimeout !== undefined &&
    (!Number.isInteger(responseTimeout) || responseTimeout < 1)
  ) {
    throw new RangeError(
      `performRpc: responseTimeout must be a positive integer (ms), got ${responseTimeout}`,
    );
  }
  const call: RpcCall = { destinationIdentity, method, payload, responseTimeout };
  const failure = (code: number, rpcMessage: string, data?: string, cause?: unknown) =>
    new RpcCallError({ method, destinationIdentity, code, rpcMessage, data }, cause);

  return watchRoom<string>(
    'performRpc',
    room,
    (subscriber, listen) => {
      if (!room.remoteParticipants.has(destinationIdentity)) {
        return subscriber.error(
          failure(
            RpcError.ErrorCode.RECIPIENT_NOT_FOUND,
            `"${destinationIdentity}" is not in the room (remote participants: ${
              [...room.remoteParticipants.keys()].join(', ') || 'none'
            })`,
          ),
        );
      }
      listen('participantDisconnected', (participant) => {
        if (participant.identity !== destinationIdentity) return;
        subscriber.error(
          failure(
            RpcError.ErrorCode.RECIPIENT_DISCONNECTED,
            `"${destinationIdentity}" left the room before answering "${method}"`,
          ),
        );
      });
      listen('disconnected', (reason) =>
        subscriber.error(new RoomDisconnectedError({ source: 'performRpc', reason })),
      );
      const answered = (error: unknown, answer?: string): void => {
        if (subscriber.closed) return; // unsubscribed, or already failed: ignore the answer
        if (error === undefined) {
          subscriber.next(answer ?? '');
          return subscriber.complete();
        }
        subscriber.error(
          error instanceof RpcError
            ? failure(rpcCode(error), error.message, error.data, error)
            : failure(RpcError.ErrorCode.SEND_FAILED, messageOf(error), undefined, error),
        );
      };
      try {
        (dataHooksOf(room) as DataHooks).performRpc(call, answered);
      } catch (err) {
        answered(err);
      }
    },
    () => undefined, // the 'disconnected' listener above decides
  );
}
