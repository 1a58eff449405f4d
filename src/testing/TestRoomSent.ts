/**
 * What the local participant of a `TestRoom` sent, in order, as recorded in `room.sent` and
 * emitted on `room.sent$` at the (virtual) time of the call. Assert on it to test application
 * logic that talks back to the room.
 */
export type TestRoomSent =
  | {
      readonly type: 'data';
      readonly payload: Uint8Array;
      readonly reliable: boolean;
      readonly topic: string | undefined;
      readonly destinationIdentities: readonly string[];
    }
  | {
      readonly type: 'text';
      readonly text: string;
      readonly topic: string | undefined;
      readonly destinationIdentities: readonly string[];
      readonly attributes: Readonly<Record<string, string>>;
    }
  | {
      readonly type: 'chat';
      readonly message: string;
      readonly destinationIdentities: readonly string[];
    }
  | { readonly type: 'dtmf'; readonly code: number; readonly digit: string }
  // RPC (livekit-rx data-packets work): calls the local participant made, answers it gave.
  | {
      readonly type: 'rpc-call';
      readonly requestId: string;
      readonly destinationIdentity: string;
      readonly method: string;
      readonly payload: string;
      readonly responseTimeout: number | undefined;
    }
  | {
      readonly type: 'rpc-response';
      readonly requestId: string;
      readonly callerIdentity: string;
      readonly method: string;
      /** The answer; `undefined` when it failed. */
      readonly payload: string | undefined;
      /** The `RpcError` it failed with, as plain data. */
      readonly error:
        | { readonly code: number; readonly message: string; readonly data: string | undefined }
        | undefined;
    };
