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
  /** The chunks, as they arrive. */
  [Symbol.asyncIterator](): AsyncIterator<Chunk>;
  /** Everything, once the stream has ended. */
  readAll(): Promise<string | Chunk[]>;
  /** Stops reading and releases the native reader. */
  close?(): Promise<void>;
}

/** The room's listener for each event, with the Like types (argument order as rtc-node emits). */
export interface RoomLikeCallbacks {
  /** A remote participant joined (not emitted for those present at connect: seed from `remoteParticipants`). */
  participantConnected: (participant: RemoteParticipantLike) => void;
  /** A remote participant left. */
  participantDisconnected: (participant: RemoteParticipantLike) => void;
  /** A local track was published. */
  localTrackPublished: (
    publication: TrackPublicationLike,
    participant: LocalParticipantLike,
  ) => void;
  /** A local track was unpublished. */
  localTrackUnpublished: (
    publication: TrackPublicationLike,
    participant: LocalParticipantLike,
  ) => void;
  /** A local track was published again after a reconnect, under a new sid. */
  localTrackRepublished: (
    publication: TrackPublicationLike,
    previousSid: string,
    participant: LocalParticipantLike,
  ) => void;
  /** A remote participant subscribed to a local track. */
  localTrackSubscribed: (track: TrackLike) => void;
  /** A remote participant published a track (not emitted for those present at connect). */
  trackPublished: (
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  /** A remote participant unpublished a track. */
  trackUnpublished: (
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  /** This client subscribed to a remote track: its media can be read. */
  trackSubscribed: (
    track: TrackLike,
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  /** This client unsubscribed from a remote track. */
  trackUnsubscribed: (
    track: TrackLike,
    publication: RemoteTrackPublicationLike,
    participant: RemoteParticipantLike,
  ) => void;
  /** Subscribing to a remote track failed. */
  trackSubscriptionFailed: (
    trackSid: string,
    participant: RemoteParticipantLike,
    reason?: string,
  ) => void;
  /** A publication was muted (local or remote). */
  trackMuted: (publication: TrackPublicationLike, participant: ParticipantLike) => void;
  /** A publication was unmuted (local or remote). */
  trackUnmuted: (publication: TrackPublicationLike, participant: ParticipantLike) => void;
  /** The active speakers changed, loudest first. */
  activeSpeakersChanged: (speakers: ParticipantLike[]) => void;
  /** The room's metadata changed. */
  roomMetadataChanged: (metadata: string) => void;
  /** The room's sid became known. */
  roomSidChanged: (sid: string) => void;
  /** A participant's metadata changed (the previous value first). */
  participantMetadataChanged: (metadata: string | undefined, participant: ParticipantLike) => void;
  /** A participant's name changed. */
  participantNameChanged: (name: string, participant: ParticipantLike) => void;
  /** A participant's attributes changed (the changed ones only). */
  participantAttributesChanged: (
    changedAttributes: Record<string, string>,
    participant: ParticipantLike,
  ) => void;
  /** A remote participant's encryption status changed. */
  participantEncryptionStatusChanged: (isEncrypted: boolean, participant: ParticipantLike) => void;
  /** A participant's connection quality changed. */
  connectionQualityChanged: (quality: ConnectionQuality, participant: ParticipantLike) => void;
  /** A user data packet arrived. */
  dataReceived: (
    payload: Uint8Array,
    participant?: RemoteParticipantLike,
    kind?: DataPacketKind,
    topic?: string,
    encryptionType?: EncryptionType,
  ) => void;
  /** A chat message arrived (rtc-node chat packets). */
  chatMessage: (message: ChatMessage, participant?: ParticipantLike) => void;
  /** A SIP DTMF tone arrived. */
  dtmfReceived: (code: number, digit: string, participant: RemoteParticipantLike) => void;
  /** An end-to-end encryption error (rtc-node 1.1.0 emits only internal errors, without the participant). */
  encryptionError: (error: Error) => void;
  /** The room's connection state changed (use this: `connected` is never emitted). */
  connectionStateChanged: (state: ConnectionState) => void;
  /** Declared by rtc-node, never emitted by rtc-node 1.1.0: use `connectionStateChanged`. */
  connected: () => void;
  /** The room disconnected, with the reason; rtc-node removes every listener after it. */
  disconnected: (reason: DisconnectReason) => void;
  /** The connection dropped and a reconnect began. */
  reconnecting: () => void;
  /** A reconnect succeeded. */
  reconnected: () => void;
  /** The room's info changed. */
  roomUpdated: () => void;
  /** The participant was moved to another room. */
  moved: () => void;
  /** The server sent a refreshed token. */
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
  /** Registers the one handler of incoming text streams on `topic` (a second one throws). */
  registerTextStreamHandler(
    topic: string,
    handler: (reader: StreamReaderLike<string>, participant: { identity: string }) => void,
  ): void;
  /** Removes the handler of text streams on `topic`. */
  unregisterTextStreamHandler(topic: string): void;
  /** Registers the one handler of incoming byte streams on `topic` (a second one throws). */
  registerByteStreamHandler(
    topic: string,
    handler: (reader: StreamReaderLike<Uint8Array>, participant: { identity: string }) => void,
  ): void;
  /** Removes the handler of byte streams on `topic`. */
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
    /** The local participant's `publishTrack`, whose result type this reads. */
    publishTrack(...args: never[]): Promise<infer P extends TrackPublicationLike>;
  }
    ? P
    : TrackPublicationLike;
