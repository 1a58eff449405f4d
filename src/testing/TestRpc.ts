import { RpcError, type RpcInvocationData } from '@livekit/rtc-node';
import type { SchedulerLike, Subscription } from 'rxjs';
import { rpcCode, type RpcCall, type RpcHandler } from '../internal/dataHooks';
import type { TestRoomSent } from './TestRoomSent';

/** How a scripted remote participant answers a call of the local participant. */
export type TestRpcAnswer =
  | { readonly payload: string }
  | { readonly error: RpcError | { code: number; message: string; data?: string } };

/** What a {@link TestRpc} needs of its room. */
export interface TestRpcHost {
  send(item: TestRoomSent): void;
  isRemote(identity: string): boolean;
  assertConnected(action: string): void;
  readonly scheduler: SchedulerLike;
}

interface PendingCall {
  readonly call: RpcCall;
  readonly done: (error: unknown, payload?: string) => void;
  readonly timer: Subscription;
}

/**
 * The RPC of a `TestRoom`, both ways, as rtc-node 1.1.0 (livekit-ffi 0.12.73) behaves:
 * - incoming: a call reaches the local participant's handler for its method and its answer is
 *   recorded in `room.sent` (`rpc-response`); a method without a handler is answered
 *   `UNSUPPORTED_METHOD` at once, as the native side does;
 * - outgoing: a call is recorded (`rpc-call`) and waits for the script's answer; unanswered it
 *   fails with `RESPONSE_TIMEOUT` after `responseTimeout` (15 s by default, rtc-node's), and a
 *   call to an identity not in the room with `CONNECTION_TIMEOUT` after 7 s (no acknowledgement
 *   comes), in scheduler time. The native side does not notice a destination that leaves
 *   mid-call: it waits for the timeout too.
 * @internal
 */
export class TestRpc {
  private readonly handlers = new Map<string, RpcHandler>();
  private readonly pending = new Map<string, PendingCall>();
  private count = 0;

  constructor(private readonly host: TestRpcHost) {}

  /** Registers the local participant's handler (replacing any, as rtc-node does). */
  register(method: string, handler: RpcHandler): () => void {
    this.handlers.set(method, handler);
    return () => {
      if (this.handlers.get(method) === handler) this.handlers.delete(method);
    };
  }

  unregister(method: string): void {
    this.handlers.delete(method);
  }

  has(method: string): boolean {
    return this.handlers.has(method);
  }

  /** The local participant calls a remote method. */
  perform(call: RpcCall, done: (error: unknown, payload?: string) => void): string {
    this.host.assertConnected('performRpc');
    const requestId = this.nextId();
    this.host.send({ type: 'rpc-call', requestId, ...call });
    const known = this.host.isRemote(call.destinationIdentity);
    const timeoutMs = known ? (call.responseTimeout ?? 15_000) : 7_000;
    const code = known
      ? RpcError.ErrorCode.RESPONSE_TIMEOUT
      : RpcError.ErrorCode.CONNECTION_TIMEOUT;
    const timer = this.host.scheduler.schedule(() => {
      this.pending.delete(requestId);
      done(new RpcError(code, known ? 'Response timeout' : 'Connection timeout'));
    }, timeoutMs);
    this.pending.set(requestId, { call, done, timer });
    return requestId;
  }

  /** A scripted remote participant answers call `requestId`. */
  answer(requestId: string, answer: TestRpcAnswer): void {
    this.host.assertConnected('replyRpc');
    const call = this.pending.get(requestId);
    if (call === undefined) {
      throw new Error(
        `TestRoom.replyRpc: no pending RPC call "${requestId}" (pending: ${
          [...this.pending.keys()].join(', ') || 'none'
        })`,
      );
    }
    this.pending.delete(requestId);
    call.timer.unsubscribe();
    if ('payload' in answer) return call.done(undefined, answer.payload);
    const { message, data } = answer.error;
    call.done(new RpcError(rpcCode(answer.error), message, data));
  }

  /** A remote participant calls a method of the local participant. */
  receive(
    callerIdentity: string,
    method: string,
    payload: string,
    responseTimeout: number,
    requestId = this.nextId(),
  ): string {
    const invocation: RpcInvocationData = {
      requestId,
      callerIdentity,
      payload,
      responseTimeout,
      method,
    };
    let answered = false;
    const record = (error: RpcError | undefined, answer?: string): void => {
      if (answered) return;
      answered = true;
      this.host.send({
        type: 'rpc-response',
        requestId,
        callerIdentity,
        method,
        payload: error === undefined ? (answer ?? '') : undefined,
        error:
          error === undefined
            ? undefined
            : { code: rpcCode(error), message: error.message, data: error.data },
      });
    };
    const handler = this.handlers.get(method);
    if (handler === undefined) {
      record(
        new RpcError(RpcError.ErrorCode.UNSUPPORTED_METHOD, 'Method not supported at destination'),
      );
    } else {
      handler(invocation, record);
    }
    return requestId;
  }

  /** The room disconnected: pending calls fail as rtc-node's do (aborted), nothing times out. */
  disconnect(): void {
    for (const [id, call] of this.pending) {
      this.pending.delete(id);
      call.timer.unsubscribe();
      call.done(new Error('TestRoom: the room disconnected before the RPC call was answered'));
    }
  }

  private nextId(): string {
    this.count += 1;
    return `RQ_${this.count}`;
  }
}
