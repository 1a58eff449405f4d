import { RpcError, type ChatMessage, type RpcInvocationData } from '@livekit/rtc-node';
import type { RoomLike } from '../room/RoomLike';

/**
 * The key under which a local participant offers its own {@link DataHooks}:
 * `livekit-rx/testing`'s `TestLocalParticipant` does, so the data and RPC sinks run on a
 * `TestRoom` in virtual time (its callbacks are called synchronously); rtc-node's does not, and
 * {@link dataHooksOf} wraps its promise-based calls. A registered symbol, like `publishHooks`.
 * @internal
 */
export const dataHooks: unique symbol = Symbol.for('livekit-rx.dataHooks');

/** How a data packet is to be sent. @internal */
export interface DataSendOptions {
  readonly reliable: boolean;
  readonly topic: string | undefined;
  readonly destinationIdentities: readonly string[];
}

/** An outgoing RPC call. @internal */
export interface RpcCall {
  readonly destinationIdentity: string;
  readonly method: string;
  readonly payload: string;
  readonly responseTimeout: number | undefined;
}

/** Answers one incoming RPC call: an `RpcError`, or the payload. @internal */
export type RpcReply = (error: RpcError | undefined, payload?: string) => void;

/** Handles incoming calls of one method; answers each through `reply`, once. @internal */
export type RpcHandler = (invocation: RpcInvocationData, reply: RpcReply) => void;

/** What the data and RPC sinks need of a local participant. @internal */
export interface DataHooks {
  /** Sends a packet; `done` is called once (synchronously on a TestRoom). */
  publishData(data: Uint8Array, options: DataSendOptions, done: (error?: unknown) => void): void;
  sendChatMessage(
    text: string,
    destinationIdentities: readonly string[],
    done: (error: unknown, message?: ChatMessage) => void,
  ): void;
  publishDtmf(code: number, digit: string, done: (error?: unknown) => void): void;
  /** Calls a remote method; `done` gets an `RpcError` or the answer. */
  performRpc(call: RpcCall, done: (error: unknown, payload?: string) => void): void;
  /** Whether anyone (livekit-rx or not) has a handler for `method`. */
  hasRpcMethod(method: string): boolean;
  /** Registers `handler`; returns what unregisters it (only if it is still the one registered). */
  registerRpcMethod(method: string, handler: RpcHandler): () => void;
}

interface RtcLocalParticipant {
  publishData(
    data: Uint8Array,
    options: { reliable?: boolean; destination_identities?: string[]; topic?: string },
  ): Promise<void>;
  sendChatMessage(text: string, destinationIdentities?: string[]): Promise<ChatMessage>;
  publishDtmf(code: number, digit: string): Promise<void>;
  performRpc(params: {
    destinationIdentity: string;
    method: string;
    payload: string;
    responseTimeout?: number;
  }): Promise<string>;
  registerRpcMethod(method: string, handler: (data: RpcInvocationData) => Promise<string>): void;
  unregisterRpcMethod(method: string): void;
}

/**
 * The data hooks of a room's local participant: its own (a `TestRoom`'s), else rtc-node's
 * `LocalParticipant` methods. Undefined when the room has no local participant.
 * @internal
 */
export function dataHooksOf(room: RoomLike): DataHooks | undefined {
  const local = room.localParticipant as
    (Partial<Record<typeof dataHooks, DataHooks>> & RtcLocalParticipant) | undefined;
  if (local === undefined) return undefined;
  return local[dataHooks] ?? rtcDataHooks(local);
}

/** rtc-node's handlers per method: a private field of `LocalParticipant`, read if it is there. */
function rtcHandlers(local: RtcLocalParticipant): Map<string, unknown> | undefined {
  const handlers = (local as unknown as { rpcHandlers?: unknown }).rpcHandlers;
  return handlers instanceof Map ? (handlers as Map<string, unknown>) : undefined;
}

function rtcDataHooks(local: RtcLocalParticipant): DataHooks {
  return {
    publishData(data, options, done) {
      const send: { reliable: boolean; topic?: string; destination_identities: string[] } = {
        reliable: options.reliable,
        destination_identities: [...options.destinationIdentities],
      };
      if (options.topic !== undefined) send.topic = options.topic;
      local.publishData(data, send).then(() => done(), done);
    },
    sendChatMessage(text, destinationIdentities, done) {
      local.sendChatMessage(text, [...destinationIdentities]).then(
        (message) => done(undefined, message),
        (err: unknown) => done(err),
      );
    },
    publishDtmf(code, digit, done) {
      local.publishDtmf(code, digit).then(() => done(), done);
    },
    performRpc(call, done) {
      const params: Parameters<RtcLocalParticipant['performRpc']>[0] = {
        destinationIdentity: call.destinationIdentity,
        method: call.method,
        payload: call.payload,
      };
      if (call.responseTimeout !== undefined) params.responseTimeout = call.responseTimeout;
      local.performRpc(params).then(
        (payload) => done(undefined, payload),
        (err: unknown) => done(err),
      );
    },
    hasRpcMethod: (method) => rtcHandlers(local)?.has(method) ?? false,
    registerRpcMethod(method, handler) {
      // rtc-node sends the reply when this promise settles: an RpcError's code and message as
      // they are, any other rejection as APPLICATION_ERROR.
      const asPromise = (data: RpcInvocationData): Promise<string> =>
        new Promise((resolve, reject) =>
          handler(data, (error, payload) => (error ? reject(error) : resolve(payload ?? ''))),
        );
      local.registerRpcMethod(method, asPromise);
      return () => {
        const handlers = rtcHandlers(local);
        if (handlers === undefined || handlers.get(method) === asPromise) {
          local.unregisterRpcMethod(method);
        }
      };
    },
  };
}

/** rtc-node's `RpcError` for anything thrown or failed with: its message kept. @internal */
export function toRpcError(error: unknown): RpcError {
  if (error instanceof RpcError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new RpcError(RpcError.ErrorCode.APPLICATION_ERROR, message);
}

/**
 * An `RpcError`'s code as a number: rtc-node 1.1.0 types `code` as
 * `typeof RpcError.ErrorCode | number` (the table itself, by mistake); it is always a number.
 * @internal
 */
export function rpcCode(error: { readonly code: unknown }): number {
  return error.code as number;
}
