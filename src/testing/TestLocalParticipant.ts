import {
  EncryptionType,
  TrackKind,
  type ByteStreamInfo,
  type ChatMessage,
  type PerformRpcParams,
  type RpcInvocationData,
  type TextStreamInfo,
  type TrackSource,
  type Transcription,
} from '@livekit/rtc-node';
import type { SchedulerLike } from 'rxjs';
import { dataHooks, toRpcError, type DataHooks } from '../internal/dataHooks';
import { dataStreamHooks, type DataStreamHooks } from '../internal/dataStreamHooks';
import { muteHook, publishHooks, type PublishHooks } from '../internal/publishHooks';
import type { TestRoomSent } from './TestRoomSent';
import { mergeAttributes } from './mergeAttributes';
import { TestAudioSource } from './TestAudioSource';
import { TestParticipant, type TestParticipantInit } from './TestParticipant';
import type { TestRpc } from './TestRpc';
import { linkPublication, TestTrack } from './TestTrack';
import { TestTrackPublication, type TestTrackInit } from './TestTrackPublication';
import { TestVideoSource } from './TestVideoSource';
import {
  TestStreamWriters,
  type TestOutgoingStreamOptions,
  type TestStreamWriter,
} from './testDataStreamHooks';

/** The part of rtc-node's `TrackPublishOptions` a `TestRoom` reads. */
export interface TestPublishOptions {
  /** The publication's source (default: microphone for audio, camera for video). */
  readonly source?: TrackSource | undefined;
}

/** How the local participant reaches its room (internal to livekit-rx/testing). */
export interface TestLocalParticipantHost {
  send(item: TestRoomSent): void;
  emit(event: string, ...args: unknown[]): void;
  nextTrackSid(): string;
  assertConnected(action: string): void;
  /** The room's RPC, both ways. */
  readonly rpc: TestRpc;
  /** Where data sends are acknowledged (`dataSendLatency`). */
  readonly scheduler: SchedulerLike;
  /** The room's encryption type, which its local publications get (`NONE` without E2EE). */
  encryptionType(): EncryptionType;
}

/**
 * The local participant of a {@link TestRoom}: rtc-node's `LocalParticipant` methods that
 * application logic calls, acting at once in virtual time. What it sends (data, text, chat,
 * DTMF) is recorded in `room.sent`/`room.sent$`; attribute, metadata and name updates and track
 * publications emit the same events rtc-node emits for the local participant.
 *
 * ```text
 * room.localParticipant.publishData(bytes, { reliable: true })  -> room.sent$: {type:'data', ...}
 * room.localParticipant.setAttributes({ state: 'speaking' })    -> ParticipantAttributesChanged
 * ```
 *
 * @example
 * ```ts
 * import { TestRoom } from 'livekit-rx/testing';
 * const room = new TestRoom({ localIdentity: 'agent' });
 * await room.localParticipant.publishData(new TextEncoder().encode('hi'), { reliable: true });
 * room.sent[0]; // { type: 'data', payload: Uint8Array [104, 105], reliable: true, ... }
 * ```
 */
export class TestLocalParticipant extends TestParticipant {
  declare readonly trackPublications: Map<string, TestTrackPublication>;
  /**
   * When set, `publishTrack` (and so `publishAudio`/`publishVideo`) fails with this error, as
   * rtc-node's does when the server refuses (no `canPublish` grant, a failed negotiation).
   */
  rejectPublish: unknown = undefined;

  /**
   * @param init - The local participant's description.
   * @param host - The room it belongs to.
   */
  constructor(
    init: TestParticipantInit,
    private readonly host: TestLocalParticipantHost,
    dataStreams: TestOutgoingStreamOptions = {},
  ) {
    super(init);
    const writersHost = {
      send: (item: TestRoomSent) => host.send(item),
      assertConnected: (action: string) => host.assertConnected(action),
      rejectStreams: () => this.rejectStreams,
      rejectStreamWrites: () => this.rejectStreamWrites,
    };
    this.streams = new TestStreamWriters(writersHost, dataStreams);
    this[dataStreamHooks] = this.streams.hooks;
  }

  /**
   * Records a data packet (rtc-node's `publishData`; `reliable` defaults to `false`, as there).
   * Resolves after `dataSendLatency` virtual ms; fails with `rejectData` when set.
   */
  publishData(
    data: Uint8Array,
    options: { reliable?: boolean; destination_identities?: string[]; topic?: string } = {},
  ): Promise<void> {
    return settled<void>((done) =>
      this[dataHooks].publishData(
        data,
        {
          reliable: options.reliable ?? false,
          topic: options.topic,
          destinationIdentities: options.destination_identities ?? [],
        },
        done,
      ),
    );
  }

  /** Records a text stream sent whole (rtc-node's `sendText`). */
  sendText(
    text: string,
    options: {
      topic?: string;
      destinationIdentities?: string[];
      attributes?: Record<string, string>;
    } = {},
  ): Promise<{ streamId: string; topic: string }> {
    // A stream like any other (see the data-stream block below): recorded as { type: 'text' }.
    return this.streams.sendTextPromise(text, streamOptions(options));
  }

  /** Records a chat message (rtc-node's `sendChatMessage`), as `publishData` does a packet. */
  sendChatMessage(text: string, destinationIdentities: string[] = []): Promise<ChatMessage> {
    return settled<ChatMessage>((done) =>
      this[dataHooks].sendChatMessage(text, destinationIdentities, done),
    );
  }

  /** Records a DTMF tone (rtc-node's `publishDtmf`), as `publishData` does a packet. */
  publishDtmf(code: number, digit: string): Promise<void> {
    return settled<void>((done) => this[dataHooks].publishDtmf(code, digit, done));
  }

  // ---- data streams: text and byte streams, transcriptions ---------------------------------

  /** When set, opening a text or byte stream fails with it (as rtc-node's does when refused). */
  rejectStreams: unknown = undefined;
  /** When set, every chunk written to a stream fails with it. */
  rejectStreamWrites: unknown = undefined;
  private readonly streams: TestStreamWriters;
  /** The sinks' way in (`streamText`, `streamBytes`, `sendText`, `publishTranscription`). */
  readonly [dataStreamHooks]: DataStreamHooks;

  /**
   * Opens a text stream (rtc-node's `streamText`): each `write` records a `stream-chunk`,
   * `close` a `stream-close`.
   */
  streamText(
    options: {
      topic?: string;
      destinationIdentities?: string[];
      attributes?: Record<string, string>;
      streamId?: string;
    } = {},
  ): Promise<TestStreamWriter<string, TextStreamInfo>> {
    return this.streams.writerPromise('text', streamOptions(options), undefined);
  }

  /** Opens a byte stream (rtc-node's `streamBytes`), recorded like `streamText`. */
  streamBytes(
    options: {
      name?: string;
      topic?: string;
      destinationIdentities?: string[];
      attributes?: Record<string, string>;
      streamId?: string;
      mimeType?: string;
      totalSize?: number;
    } = {},
  ): Promise<TestStreamWriter<Uint8Array, ByteStreamInfo>> {
    const common = streamOptions(options);
    return this.streams.writerPromise('byte', common, {
      ...common,
      name: options.name ?? 'unknown',
      mimeType: options.mimeType ?? 'application/octet-stream',
      totalSize: options.totalSize,
    });
  }

  /** Records a transcription packet (rtc-node's `publishTranscription`). */
  publishTranscription(transcription: Transcription): Promise<void> {
    return new Promise((resolve, reject) =>
      this.streams.hooks.publishTranscription(transcription, (err) =>
        err === undefined ? resolve() : reject(err),
      ),
    );
  }

  /** Outgoing streams still open (neither closed nor aborted). */
  get openStreamWriters(): number {
    return this.streams.openWriters;
  }

  /** The room disconnected: open writers are disposed, as rtc-node does. @internal */
  disconnectedStreams(): void {
    this.streams.disconnected();
  }

  // ---- end of data streams ------------------------------------------------------------------

  /** Merges attributes (`''` deletes one) and emits `ParticipantAttributesChanged` if any changed. */
  setAttributes(attributes: Record<string, string>): Promise<void> {
    this.host.assertConnected('setAttributes');
    const changed = mergeAttributes(this, attributes);
    if (Object.keys(changed).length > 0)
      this.host.emit('participantAttributesChanged', changed, this);
    return Promise.resolve();
  }

  /** Sets the metadata and emits `ParticipantMetadataChanged`. */
  updateMetadata(metadata: string): Promise<void> {
    this.host.assertConnected('updateMetadata');
    this.metadata = metadata;
    this.host.emit('participantMetadataChanged', metadata, this);
    return Promise.resolve();
  }

  /** Sets the name and emits `ParticipantNameChanged`. */
  updateName(name: string): Promise<void> {
    this.host.assertConnected('updateName');
    this.name = name;
    this.host.emit('participantNameChanged', name, this);
    return Promise.resolve();
  }

  /**
   * Publishes a track and emits `LocalTrackPublished`, like rtc-node's
   * `publishTrack(track, options)`: `track` is a local `TestTrack` (as `publishAudio` makes) or
   * a description of a media-less one; `options.source` sets the publication's source.
   */
  publishTrack(
    track: TestTrack | TestTrackInit,
    options: TestPublishOptions = {},
  ): Promise<TestTrackPublication> {
    this.host.assertConnected('publishTrack');
    try {
      return Promise.resolve(this.publishNow(track, options));
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** Unpublishes a track and emits `LocalTrackUnpublished` (rtc-node's `unpublishTrack(sid)`). */
  unpublishTrack(trackSid: string, _stopOnUnpublish?: boolean): Promise<void> {
    this.host.assertConnected('unpublishTrack');
    try {
      this.unpublishNow(trackSid);
      return Promise.resolve();
    } catch (err) {
      return Promise.reject(err);
    }
  }

  /** The sinks' way in: the same actions, synchronous, so they run in virtual time. */
  readonly [publishHooks]: PublishHooks = {
    createAudio: ({ name, sampleRate, numChannels, queueSizeMs, scheduler }) => {
      const source = new TestAudioSource(sampleRate, numChannels, { queueSizeMs, scheduler });
      const track = new TestTrack({ name, kind: TrackKind.KIND_AUDIO, source });
      return { source, track, close: () => void source.close() };
    },
    createVideo: ({ name, width, height }) => {
      const source = new TestVideoSource(width, height);
      const track = new TestTrack({ name, kind: TrackKind.KIND_VIDEO, source });
      return { source, track, close: () => void source.close() };
    },
    publish: (track, options, done) => {
      let publication: TestTrackPublication;
      try {
        publication = this.publishNow(track as TestTrack, options);
      } catch (err) {
        return done(err);
      }
      done(undefined, publication);
    },
    unpublish: (publication, done) => {
      try {
        this.unpublishNow(publication.sid ?? '');
      } catch (err) {
        return done(err);
      }
      done(undefined);
    },
  };

  // --- Data packets, chat, DTMF and RPC (livekit-rx's data sinks and RPC) ---

  /**
   * Registers a handler for calls of `method` from remote participants (rtc-node's
   * `registerRpcMethod`, replacing any handler, as rtc-node does): scripted calls
   * (`room.receiveRpc`) reach it, and its answer is recorded in `room.sent` (`rpc-response`).
   */
  registerRpcMethod(method: string, handler: (data: RpcInvocationData) => Promise<string>): void {
    this.host.rpc.register(method, (invocation, reply) => {
      handler(invocation).then(
        (payload) => reply(undefined, payload),
        (err: unknown) => reply(toRpcError(err)),
      );
    });
  }

  /** rtc-node's `unregisterRpcMethod`. */
  unregisterRpcMethod(method: string): void {
    this.host.rpc.unregister(method);
  }

  /**
   * Calls a remote participant's method (rtc-node's `performRpc`): recorded in `room.sent`
   * (`rpc-call`, with its `requestId`), answered by the script (`room.replyRpc`), or failed with
   * `RESPONSE_TIMEOUT` after `responseTimeout` ms (15 s by default) in scheduler time.
   */
  performRpc(params: PerformRpcParams): Promise<string> {
    return new Promise((resolve, reject) => {
      this.host.rpc.perform(
        { ...params, responseTimeout: params.responseTimeout },
        (error, payload) => (error === undefined ? resolve(payload ?? '') : reject(error)),
      );
    });
  }

  /**
   * How long each data packet, chat message or DTMF tone takes to be acknowledged, in virtual ms
   * on the room's scheduler (default 0: at once). It is recorded in `room.sent` when it is sent;
   * the send completes (rtc-node's promise resolves) this much later. Set it to test what a sink
   * does while sends are in flight (its queue, its overflow policy).
   */
  dataSendLatency = 0;

  /**
   * When set, data packets, chat messages and DTMF tones fail with this error and are not
   * recorded, as rtc-node's do when the server refuses them (no `canPublishData` grant).
   */
  rejectData: unknown = undefined;

  /** The data sinks' way in: the same actions, their callbacks called in virtual time. */
  readonly [dataHooks]: DataHooks = {
    publishData: (data, options, done) =>
      this.sendData(
        'publishData',
        {
          type: 'data',
          // rtc-node hands the bytes to the native side during the call: later changes to the
          // caller's buffer do not change what was sent.
          payload: data.slice(),
          reliable: options.reliable,
          topic: options.topic,
          destinationIdentities: [...options.destinationIdentities],
        },
        () => done(),
        done,
      ),
    sendChatMessage: (text, destinationIdentities, done) => {
      const message: ChatMessage = {
        id: `CM_${this.host.nextTrackSid()}`,
        timestamp: this.host.scheduler.now(),
        message: text,
      };
      this.sendData(
        'sendChatMessage',
        { type: 'chat', message: text, destinationIdentities: [...destinationIdentities] },
        () => done(undefined, message),
        done,
      );
    },
    publishDtmf: (code, digit, done) =>
      this.sendData('publishDtmf', { type: 'dtmf', code, digit }, () => done(), done),
    performRpc: (call, done) => void this.host.rpc.perform(call, done),
    hasRpcMethod: (method) => this.host.rpc.has(method),
    registerRpcMethod: (method, handler) => this.host.rpc.register(method, handler),
  };

  /**
   * One data send: refused (`rejectData`), or recorded now and acknowledged after
   * `dataSendLatency`; a send still unacknowledged when the room disconnects fails, as rtc-node's
   * do (their wait is aborted by the disconnect).
   */
  private sendData(
    action: string,
    item: TestRoomSent,
    acknowledged: () => void,
    failed: (error: unknown) => void,
  ): void {
    this.host.assertConnected(action);
    if (this.rejectData !== undefined) return failed(this.rejectData);
    this.host.send(item);
    if (this.dataSendLatency <= 0) return acknowledged();
    this.host.scheduler.schedule(() => {
      try {
        this.host.assertConnected(action);
      } catch (err) {
        return failed(err);
      }
      acknowledged();
    }, this.dataSendLatency);
  }

  // --- end of data packets, chat, DTMF and RPC ---

  private publishNow(
    track: TestTrack | TestTrackInit,
    options: TestPublishOptions,
  ): TestTrackPublication {
    this.host.assertConnected('publishTrack');
    if (this.rejectPublish !== undefined) throw this.rejectPublish;
    const local = track instanceof TestTrack ? track : undefined;
    const init: TestTrackInit =
      local === undefined
        ? (track as TestTrackInit)
        : { name: local.name ?? '', kind: local.kind ?? TrackKind.KIND_AUDIO };
    const publication = new TestTrackPublication(
      {
        ...init,
        ...(options.source === undefined ? {} : { source: options.source }),
        encryptionType: init.encryptionType ?? this.host.encryptionType(),
      },
      init.sid ?? this.host.nextTrackSid(),
    );
    publication.track = local ?? new TestTrack(publication);
    if (local !== undefined) linkPublication(local, publication);
    publication[muteHook] = (muted) => {
      this.host.assertConnected('mute');
      if (this.trackPublications.get(publication.sid) !== publication) {
        throw new Error(`TestRoom: track ${publication.sid} is not published`);
      }
      publication.muted = muted;
      this.host.emit(muted ? 'trackMuted' : 'trackUnmuted', publication, this);
    };
    this.trackPublications.set(publication.sid, publication);
    this.host.emit('localTrackPublished', publication, this);
    return publication;
  }

  private unpublishNow(trackSid: string): void {
    this.host.assertConnected('unpublishTrack');
    const publication = this.trackPublications.get(trackSid);
    if (publication === undefined) {
      throw new Error(`TestRoom: the local participant has no track ${trackSid}`);
    }
    this.trackPublications.delete(trackSid);
    this.host.emit('localTrackUnpublished', publication, this);
    publication.track?.end();
    publication.track = undefined;
  }
}

/** A promise of what a callback-style data hook gives. */
function settled<T>(send: (done: (error: unknown, value?: T) => void) => void): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    try {
      send((error, value) => (error === undefined ? resolve(value as T) : reject(error)));
    } catch (err) {
      reject(err);
    }
  });
}

function streamOptions(options: {
  topic?: string;
  destinationIdentities?: string[];
  attributes?: Record<string, string>;
  streamId?: string;
}) {
  return {
    topic: options.topic ?? '',
    attributes: { ...(options.attributes ?? {}) },
    destinationIdentities: [...(options.destinationIdentities ?? [])],
    streamId: options.streamId,
  };
}
