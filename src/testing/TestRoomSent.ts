import type { TranscriptionSegment } from '@livekit/rtc-node';

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
      /** The id of the stream that carried it. */
      readonly streamId: string;
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
    }
  // ---- data streams: streamText/streamBytes (and rtc-node's streamText/streamBytes writers) ----
  | {
      /** An outgoing text or byte stream opened: its header. */
      readonly type: 'stream-open';
      readonly streamKind: 'text' | 'byte';
      readonly streamId: string;
      readonly topic: string;
      readonly attributes: Readonly<Record<string, string>>;
      readonly destinationIdentities: readonly string[];
      /** A byte stream's name (`undefined` for text). */
      readonly name: string | undefined;
      readonly mimeType: string;
      readonly totalSize: number | undefined;
    }
  | {
      /** A chunk written to an open stream (a copy, for bytes). */
      readonly type: 'stream-chunk';
      readonly streamKind: 'text' | 'byte';
      readonly streamId: string;
      readonly chunk: string | Uint8Array;
    }
  | {
      /** A stream closed: normally (`reason` undefined), or aborted with `reason`. */
      readonly type: 'stream-close';
      readonly streamKind: 'text' | 'byte';
      readonly streamId: string;
      readonly reason: string | undefined;
    }
  | {
      /** A transcription packet (rtc-node's `publishTranscription`). */
      readonly type: 'transcription';
      readonly participantIdentity: string;
      readonly trackSid: string;
      readonly segments: readonly TranscriptionSegment[];
    };
