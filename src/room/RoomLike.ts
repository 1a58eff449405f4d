import type {
  ChatMessage,
  ConnectionQuality,
  ConnectionState,
  DataPacketKind,
  DisconnectReason,
  EncryptionType,
  ParticipantKind,
  Room,
  RoomEvent,
  TrackKind,
  TrackSource,
} from '@livekit/rtc-node';

/**
 * The part of a track our room streams read: rtc-node's `Track` classes and `livekit-rx/testing`'s
 * test tracks both have it.
 */
export interface TrackLike {
  readonly sid: string | undefined;
  readonly name: string | undefined;
  readonly kind: TrackKind | undefined;
  readonly muted: boolean | undefined;
}

/** The part of a track publication our room streams read (rtc-node's `TrackPublication`). */
export interface TrackPublicationLike {
  readonly sid: string | undefined;
  readonly name: string | undefined;
  readonly kind: TrackKind | undefined;
  readonly source: TrackSource | undefined;
  readonly muted: boolean | undefined;
  readonly mimeType: string | undefined;
  readonly encryptionType: EncryptionType | undefined;
  /** The track, once subscribed (remote) or published (local). */
  readonly track?: TrackLike | undefined;
}

/** A remote publication: it knows whether this client is subscribed to it. */
export interface RemoteTrackPublicationLike extends TrackPublicationLike {
  readonly subscribed: boolean;
}

/** The part of a participant our room streams read (rtc-node's `Participant`). */
export interface ParticipantLike {
  readonly sid: string | undefined;
  readonly identity: string;
  readonly name: string | undefined;
  readonly metadata: string;
  readonly attributes: Record<string, string>;
  readonly kind: ParticipantKind;
  readonly trackPublications: ReadonlyMap<string, TrackPublicationLike>;
}

/** A remote participant (rtc-node's `RemoteParticipant`). */
export interface RemoteParticipantLike extends ParticipantLike {
  readonly trackPublications: ReadonlyMap<string, RemoteTrackPublicationLike>;
}

/** The local participant (rtc-node's `LocalParticipant`), as far as room streams read it. */
export type LocalParticipantLike = ParticipantLike;

/** An incoming text or byte stream's reader, as rtc-node hands it to a stream handler. */
export interface StreamReaderLike<Chunk> {
  readonly info: {
    readonly streamId: string;
    readonly topic: string;
    readonly mimeType: string;
    readonly timestamp: number;
    readonly totalSize?: number | undefined;
    readonly attributes?: Record<string, string> | undefined;
    /** A byte stream's name (a file name, say); text streams have none. */
    readonly name?: string | undefined;
  };
  [Symbol.asyncIterator](): AsyncIterator<Chunk>;
  readAll(): Promise<string | Chunk[]>;
  close?(): Promise<void>;
}

/** The room's listener for each event, with the Like types (argument order as rtc-node emits). */
export interface RoomLikeCallbacks {
  participantConnected: (participant: RemoteParticipantLike) => void;
  participantDisconnected: (participant: RemoteParticipantLike) => void;
  localTrackPublished: (
    publication: TrackPublicationLike,
    participant: LocalParticipantLike,
  ) => void;
  localTrackUnpublished: (
    publication: TrackPublicationLike,
    participant: LocalParticipantLike,
  ) => void;
  localTrackRepublished: (
    publication: TrackPublicationLike,
    previousSid: string,
    participant: LocalParticipantLike,
  ) => void;
  localTrackSubscribed: (track: TrackLike) => void;
  trackPublished: (
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  trackUnpublished: (
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  trackSubscribed: (
    track: TrackLike,
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  trackUnsubscribed: (
    track: TrackLike,
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  trackSubscriptionFailed: (
    trackSid: string,
    participant: RemoteParticipantLike,
    reason?: string,
  ) => void;
  trackMuted: (publication: TrackPublicationLike, participant: ParticipantLike) => void;
  trackUnmuted: (publication: TrackPublicationLike, participant: ParticipantLike) => void;
  activeSpeakersChanged: (speakers: ParticipantLike[]) => void;
  roomMetadataChanged: (metadata: string) => void;
  roomSidChanged: (sid: string) => void;
  participantMetadataChanged: (metadata: string | undefined, participant: ParticipantLike) => void;
  participantNameChanged: (name: string, participant: ParticipantLike) => void;
  participantAttributesChanged: (
    changedAttributes: Record<string, string>,
    participant: ParticipantLike,
  ) => void;
  participantEncryptionStatusChanged: (isEncrypted: boolean, participant: ParticipantLike) => void;
  connectionQualityChanged: (quality: ConnectionQuality, participant: ParticipantLike) => void;
  dataReceived: (
    payload: Uint8Array,
    participant?: RemoteParticipantLike,
    kind?: DataPacketKind,
    topic?: string,
    encryptionType?: EncryptionType,
  ) => void;
  chatMessage: (message: ChatMessage, participant?: ParticipantLike) => void;
  dtmfReceived: (code: number, digit: string, participant: RemoteParticipantLike) => void;
  encryptionError: (error: Error) => void;
  connectionStateChanged: (state: ConnectionState) => void;
  connected: () => void;
  disconnected: (reason: DisconnectReason) => void;
  reconnecting: () => void;
  reconnected: () => void;
  roomUpdated: () => void;
  moved: () => void;
  tokenRefreshed: () => void;
}

/** The name of a room event: a `RoomEvent` member or its string value. */
export type RoomEventName = `${RoomEvent}`;

// Both rtc-node's typed emitter and node's EventEmitter accept it; `never[]` would not fit the latter.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type AnyListener = (...args: any[]) => void;

/**
 * The structural room our streams accept: rtc-node's `Room` and `livekit-rx/testing`'s `TestRoom`
 * both satisfy it (a type test checks both), so application logic written against it runs on a
 * real room and is marble-tested on a test room.
 */
export interface RoomLike {
  readonly connectionState: ConnectionState;
  readonly isConnected: boolean;
  readonly name: string | undefined;
  readonly metadata: string | undefined;
  readonly remoteParticipants: ReadonlyMap<string, RemoteParticipantLike>;
  readonly localParticipant?: LocalParticipantLike | undefined;
  /** Adds a listener (typed per event by {@link RoomLikeCallbacks}; loose here so both rooms fit). */
  on(event: RoomEventName, listener: AnyListener): unknown;
  /** Removes a listener added with `on`. */
  off(event: RoomEventName, listener: AnyListener): unknown;
  registerTextStreamHandler(
    topic: string,
    handler: (reader: StreamReaderLike<string>, participant: { identity: string }) => void,
  ): void;
  unregisterTextStreamHandler(topic: string): void;
  registerByteStreamHandler(
    topic: string,
    handler: (reader: StreamReaderLike<Uint8Array>, participant: { identity: string }) => void,
  ): void;
  unregisterByteStreamHandler(topic: string): void;
}

declare const _rtcRoom: Room;

/** rtc-node's own listener type for `event` (read from `Room`, whose callback map is not exported). */
export type RtcRoomListener<E extends RoomEventName> = ReturnType<
  typeof _rtcRoom.listeners<E>
>[number];

/**
 * The arguments a room emits for `event`, in rtc-node's order: rtc-node's own classes for a real
 * `Room`, the Like types for any other {@link RoomLike} (such as `TestRoom`).
 */
export type RoomEventArgs<R extends RoomLike, E extends RoomEventName> = R extends Room
  ? RtcRoomListenerArgs<E>
  : Parameters<RoomLikeCallbacks[E]>;

/** rtc-node's own listener arguments for `event`. */
export type RtcRoomListenerArgs<E extends RoomEventName> = Parameters<RtcRoomListener<E>>;

/** The remote participant type of a room: rtc-node's `RemoteParticipant` for a real `Room`. */
export type RemoteParticipantOf<R extends RoomLike> =
  R['remoteParticipants'] extends ReadonlyMap<string, infer P extends RemoteParticipantLike>
    ? P
    : never;

/** Any participant of a room (local or remote): rtc-node's `Participant` for a real `Room`. */
export type ParticipantOf<R extends RoomLike> =
  RemoteParticipantOf<R> | (Exclude<R['localParticipant'], undefined> & ParticipantLike);

/** A remote publication of a room: rtc-node's `RemoteTrackPublication` for a real `Room`. */
export type RemotePublicationOf<R extends RoomLike> =
  RemoteParticipantOf<R> extends {
    trackPublications: ReadonlyMap<string, infer P extends RemoteTrackPublicationLike>;
  }
    ? P
    : never;

/** Any publication of a room (local or remote). */
export type PublicationOf<R extends RoomLike> =
  ParticipantOf<R> extends {
    trackPublications: ReadonlyMap<string, infer P extends TrackPublicationLike>;
  }
    ? P
    : never;

/** The track type of a room's remote publications: rtc-node's `RemoteTrack` for a real `Room`. */
export type RemoteTrackOf<R extends RoomLike> = Exclude<RemotePublicationOf<R>['track'], undefined>;

/**
 * The local publication type of a room, as its local participant's `publishTrack` resolves it:
 * rtc-node's `LocalTrackPublication` for a real `Room`, `TestTrackPublication` for a `TestRoom`.
 */
export type LocalPublicationOf<R extends RoomLike> =
  NonNullable<R['localParticipant']> extends {
    publishTrack(...args: never[]): Promise<infer P extends TrackPublicationLike>;
  }
    ? P
    : TrackPublicationLike;
