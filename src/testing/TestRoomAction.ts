import type {
  ChatMessage,
  ConnectionQuality,
  DataPacketKind,
  DisconnectReason,
  EncryptionState,
  EncryptionType,
} from '@livekit/rtc-node';
import type { Observable } from 'rxjs';
import type { TestStreamHeader } from './TestIncomingStreams';
import type { TestParticipantInit } from './TestParticipant';
import type { TestRpcAnswer } from './TestRpc';
import type { TestTrackInit } from './TestTrackPublication';

/**
 * One scripted happening in a {@link TestRoom}: what the server or another participant does.
 * Values of a marble observable passed to `room.play(script$)`, or arguments of `room.apply`.
 * Each `type` matches the TestRoom method of the same meaning.
 */
export type TestRoomAction =
  | ({ readonly type: 'join' } & TestParticipantInit)
  | { readonly type: 'leave'; readonly identity: string; readonly reason?: DisconnectReason }
  | { readonly type: 'publish'; readonly identity: string; readonly track: TestTrackInit }
  | { readonly type: 'unpublish'; readonly identity: string; readonly trackSid: string }
  | { readonly type: 'subscribe'; readonly identity: string; readonly trackSid: string }
  | { readonly type: 'unsubscribe'; readonly identity: string; readonly trackSid: string }
  | {
      readonly type: 'subscription-failed';
      readonly identity: string;
      readonly trackSid: string;
      readonly reason?: string;
    }
  | { readonly type: 'mute'; readonly identity: string; readonly trackSid: string }
  | { readonly type: 'unmute'; readonly identity: string; readonly trackSid: string }
  | {
      readonly type: 'attributes';
      readonly identity: string;
      readonly attributes: Readonly<Record<string, string>>;
    }
  | { readonly type: 'metadata'; readonly identity: string; readonly metadata: string }
  | { readonly type: 'name'; readonly identity: string; readonly name: string }
  | { readonly type: 'room-metadata'; readonly metadata: string }
  | {
      readonly type: 'data';
      readonly from?: string;
      readonly payload: Uint8Array | string;
      readonly topic?: string;
      readonly kind?: DataPacketKind;
      /** How the packet travelled (default: the room's encryption type, `NONE` without). */
      readonly encryptionType?: EncryptionType;
    }
  | { readonly type: 'chat'; readonly from?: string; readonly message: string | ChatMessage }
  | { readonly type: 'dtmf'; readonly from: string; readonly code: number; readonly digit: string }
  | ({
      /** A text stream arrives (`TestRoom.receiveTextStream`): chunks at once, or an observable. */
      readonly type: 'text-stream';
      readonly from: string;
      readonly topic: string;
      readonly chunks: readonly string[] | Observable<string>;
    } & Omit<TestStreamHeader, 'name'>)
  | ({
      /** A byte stream arrives (`TestRoom.receiveByteStream`): chunks at once, or an observable. */
      readonly type: 'byte-stream';
      readonly from: string;
      readonly topic: string;
      readonly chunks: readonly Uint8Array[] | Observable<Uint8Array>;
    } & TestStreamHeader)
  | { readonly type: 'speakers'; readonly identities: readonly string[] }
  | { readonly type: 'quality'; readonly identity: string; readonly quality: ConnectionQuality }
  | { readonly type: 'encryption'; readonly identity: string; readonly encrypted: boolean }
  | {
      readonly type: 'encryption-state';
      readonly identity: string;
      readonly state: EncryptionState;
    }
  | { readonly type: 'reconnecting' }
  | { readonly type: 'reconnected' }
  | { readonly type: 'disconnect'; readonly reason?: DisconnectReason }
  // RPC (livekit-rx data-packets work): a remote participant calls the local one, or answers it.
  | {
      readonly type: 'rpc';
      readonly from: string;
      readonly method: string;
      readonly payload: string;
      /** What the handler is told the caller waits, in ms (default 8000, as for rtc-node's default call). */
      readonly responseTimeout?: number;
      readonly requestId?: string;
    }
  | ({ readonly type: 'rpc-reply'; readonly requestId: string } & TestRpcAnswer);
