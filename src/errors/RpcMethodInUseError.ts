import { LiveKitRxError } from './LiveKitRxError';

/** The structured detail of an {@link RpcMethodInUseError}. */
export interface RpcMethodInUseErrorInfo {
  /** The stream that wanted the method: `'rpcRequests'` or `'handleRpc'`. */
  readonly source: string;
  /** The RPC method name. */
  readonly method: string;
}

/**
 * The RPC method already has a handler on this room's local participant: another
 * `rpcRequests`/`handleRpc` subscription, or a `registerRpcMethod` of your own. rtc-node keeps
 * one handler per method and would silently replace the first, which would then never hear of
 * its calls again; livekit-rx refuses instead. Answer every call of a method in one place (share
 * the stream), or use another method name.
 *
 * ```text
 * handleRpc(room, 'greet', a):  ---------
 * handleRpc(room, 'greet', b):  #          (# = RpcMethodInUseError)
 * ```
 *
 * @example
 * ```ts
 * import { handleRpc, RpcMethodInUseError } from 'livekit-rx';
 * handleRpc(room, 'greet', () => 'hi').subscribe({
 *   error: (err) => err instanceof RpcMethodInUseError && console.error(err.message),
 * });
 * ```
 */
export class RpcMethodInUseError extends LiveKitRxError<RpcMethodInUseErrorInfo> {
  /** @param info - Which stream and method. */
  constructor(info: RpcMethodInUseErrorInfo) {
    super(
      `${info.source}: RPC method "${info.method}" already has a handler on this room ` +
        `(rtc-node keeps one per method and would silently replace it). Answer the method in ` +
        `one place, or unregister the other handler first.`,
      info,
    );
  }
}
