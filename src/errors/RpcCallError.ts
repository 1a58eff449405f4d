import { RpcError } from '@livekit/rtc-node';

/** The structured detail of an {@link RpcCallError}. */
export interface RpcCallErrorInfo {
  /** The method called. */
  readonly method: string;
  /** Who was called. */
  readonly destinationIdentity: string;
  /** The RPC error code: one of `RpcError.ErrorCode`, or the handler's own. */
  readonly code: number;
  /** The error's message, as the remote handler (or the transport) gave it. */
  readonly rpcMessage: string;
  /** The error's data, if any. */
  readonly data: string | undefined;
}

/**
 * An RPC call that failed: the remote handler threw an `RpcError` (its code, message and data
 * intact), or the call did not get through (`RECIPIENT_NOT_FOUND` 1401 when the destination is
 * not in the room, `RECIPIENT_DISCONNECTED` 1503 when it leaves before answering,
 * `RESPONSE_TIMEOUT` 1502, `UNSUPPORTED_METHOD` 1400, `CONNECTION_TIMEOUT` 1501, ...). It is an
 * rtc-node `RpcError` (`instanceof RpcError`, `code`, `data`), so a handler that rethrows it
 * passes it on to its own caller unchanged; `info` adds which method and destination.
 *
 * Unlike livekit-rx's other errors it does not extend `LiveKitRxError`: it extends `RpcError`,
 * which is what RPC code matches on.
 *
 * ```text
 * performRpc(room, { destinationIdentity: 'bob', method: 'add' }):  -----#
 *                                      (# = RpcCallError, code 1502: bob did not answer in time)
 * ```
 *
 * @example
 * ```ts
 * import { RpcError } from '@livekit/rtc-node';
 * import { performRpc, RpcCallError } from 'livekit-rx';
 * performRpc(room, { destinationIdentity: 'bob', method: 'add', payload: '[1,2]' }).subscribe({
 *   error: (err) => {
 *     if (err instanceof RpcCallError && err.code === RpcError.ErrorCode.RESPONSE_TIMEOUT) retry();
 *   },
 * });
 * ```
 */
export class RpcCallError extends RpcError {
  /** Which call failed, and how. */
  readonly info: RpcCallErrorInfo;

  /**
   * @param info - The method, destination, code, message and data.
   * @param cause - rtc-node's `RpcError`, when the failure came from it.
   */
  constructor(info: RpcCallErrorInfo, cause?: unknown) {
    super(info.code, info.rpcMessage, info.data);
    this.name = 'RpcCallError';
    this.info = info;
    if (cause !== undefined) this.cause = cause;
  }

  /** A message that says which call failed, not only the remote's words. */
  override toString(): string {
    return (
      `RpcCallError: "${this.info.method}" on ${this.info.destinationIdentity} failed with ` +
      `${this.code}: ${this.message}`
    );
  }
}
