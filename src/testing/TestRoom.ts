import {
  ConnectionState,
  DataPacketKind,
  DisconnectReason,
  EncryptionState,
  EncryptionType,
  type ChatMessage,
  type ConnectionQuality,
} from '@livekit/rtc-node';
import { EventEmitter } from 'node:events';
import {
  asyncScheduler,
  firstValueFrom,
  of,
  Subject,
  take,
  type Observable,
  type SchedulerLike,
  type Subscription,
} from 'rxjs';
import { e2eeHooks } from '../internal/e2ee';
import { rtcStatsHooks, type RtcStatsRequest } from '../internal/rtcStatsHooks';
import type { RtcSessionStats } from '../native/RtcSessionStats';
import type {
  RoomEventName,
  RoomLike,
  RoomLikeCallbacks,
  StreamReaderLike,
} from '../room/RoomLike';
import { mergeAttributes } from './mergeAttributes';
import { TestLocalParticipant } from './TestLocalParticipant';
import { TestParticipant, type TestParticipantInit } from './TestParticipant';
import type { TestRoomAction } from './TestRoomAction';
import type { TestRoomSent } from './TestRoomSent';
import { TestRpc, type TestRpcAnswer } from './TestRpc';
import { TestE2ee, type TestRoomEncryption } from './TestE2ee';
import { TestIncomingStreams, type TestStreamHeader } from './TestIncomingStreams';
import type { TestOutgoingStreamOptions } from './testDataStreamHooks';
import { TestTrack } from './TestTrack';
import { TestTrackPublication, type TestTrackInit } from './TestTrackPublication';

/** Options of {@link TestRoom}. */
export interface TestRoomOptions {
  /** The room's name (default `'test-room'`). */
  readonly name?: string;
  /** The room's metadata (default `''`). */
  readonly metadata?: string;
  /** The local participant (default identity `'local'`). */
  readonly local?: Omit<TestParticipantInit, 'tracks'>;
  /** Participants already present when "connected", with their tracks (not announced, as in rtc-node). */
  readonly participants?: readonly TestParticipantInit[];
  /** Subscribe to every remote track as it is published, like `autoSubscribe` (default `true`). */
  readonly autoSubscribe?: boolean;
  /**
   * Where RPC timeouts and data-send acknowledgements (`localParticipant.dataSendLatency`) run
   * (default `asyncScheduler`: virtual time inside `TestScheduler.run`).
   */
  readonly scheduler?: SchedulerLike;
  /**
   * End-to-end encryption, as `connect`'s `encryption` option: the E2EE sinks and sources work
   * on the room, its local publications are encrypted (default: none).
   */
  readonly encryption?: TestRoomEncryption;
  /**
   * How long the local participant's outgoing text and byte streams take to open, write a chunk
   * and close, in (virtual) ms (default 0: at once), and on which scheduler (default
   * `asyncScheduler`, virtual inside `TestScheduler.run`).
   */
  readonly dataStreams?: TestOutgoingStreamOptions;
}

/**
 * How a {@link TestRoom} answers its `call`-th statistics request (`getRtcStats()`, `rtcStats`):
 * the first value of the returned observable, at the (virtual) time it emits; an error fails the
 * request.
 */
export type TestRtcStatsResponder = (call: number) => Observable<RtcSessionStats>;

/** Per remote participant, the encryption status as rtc-node derives it. */
interface EncryptionStatusState {
  status: boolean;
  /** Whether their data packets were encrypted (sticky `false`), once they sent one. */
  data: boolean | undefined;
}

type StreamHandler<Chunk> = (
  reader: StreamReaderLike<Chunk>,
  participant: { identity: string },
) => void;

/**
 * An in-memory double of rtc-node's `Room`, scripted by the test, for testing application logic
 * in virtual time. It satisfies `RoomLike`, so every livekit-rx room stream accepts it, and it
 * follows the real room's rules: the same event names and argument order (participant last), the
 * same in-place mutations before each event (a leaving participant is removed from
 * `remoteParticipants` before `ParticipantDisconnected`; their tracks are unsubscribed and
 * unpublished first), participants present at "connection" seeded but not announced,
 * `ConnectionStateChanged` before `Reconnecting`/`Reconnected`/`Disconnected`, and nothing after
 * disconnection (`disconnect()` also removes all listeners, as rtc-node does).
 *
 * Script it with methods (`join`, `leave`, `publish`, `mute`, `setAttributes`, `receiveData`,
 * `receiveRpc`, `replyRpc`, `receiveTextStream`, `receiveByteStream`, `setActiveSpeakers`,
 * `setConnectionQuality`, `setEncryptionState`, `reconnect`, `serverDisconnect`, ...) or with a
 * marble observable of {@link TestRoomAction}s: `room.play(hot('-a-b-|', { a: {...}, b: {...} }))`
 * inside `TestScheduler.run`; a text or byte stream's chunks can be an observable too, each chunk
 * at its frame. What the local participant sends (data, chat, DTMF, RPC calls and answers, text
 * and byte streams) is recorded in `sent`/`sent$`; its `dataSendLatency` makes sends take virtual
 * time and `rejectData` makes them fail, and RPC calls time out on the room's `scheduler`, as
 * rtc-node's do.
 *
 * ```text
 * script:             --j------l----x        (j = join alice, l = leave alice, x = disconnect)
 * participants(room): {}j{a}---{}---|
 * ```
 *
 * @example
 * ```ts
 * import { TestScheduler } from 'rxjs/testing';
 * import { map } from 'rxjs';
 * import { participants } from 'livekit-rx';
 * import { TestRoom } from 'livekit-rx/testing';
 * new TestScheduler((a, b) => expect(a).toEqual(b)).run(({ cold, expectObservable }) => {
 *   const room = new TestRoom();
 *   room.play(cold('-a-b-x', {
 *     a: { type: 'join', identity: 'alice' },
 *     b: { type: 'leave', identity: 'alice' },
 *     x: { type: 'disconnect' },
 *   }));
 *   expectObservable(participants(room).pipe(map((roster) => roster.size)))
 *     .toBe('01-0-|', { 0: 0, 1: 1 });
 * });
 * ```
 */
export class TestRoom extends EventEmitter implements RoomLike {
  readonly name: string;
  metadata: string;
  connectionState: ConnectionState = ConnectionState.CONN_CONNECTED;
  readonly remoteParticipants = new Map<string, TestParticipant>();
  readonly localParticipant: TestLocalParticipant;
  /** Everything the local participant sent, in order. */
  readonly sent: TestRoomSent[] = [];
  private readonly sentSubject = new Subject<TestRoomSent>();
  /** What the local participant sends, emitted at the (virtual) time it is sent. */
  readonly sent$: Observable<TestRoomSent> = this.sentSubject.asObservable();
  private readonly autoSubscribe: boolean;
  private trackCount = 0;
  private readonly incomingStreams = new TestIncomingStreams();
  private readonly rpc: TestRpc;
  // ---- E2EE and statistics (issue 13) ----
  private readonly e2ee: TestE2ee | undefined;
  private readonly encryption = new Map<string, EncryptionStatusState>();
  private statsResponder: TestRtcStatsResponder = () =>
    of({ publisherStats: [], subscriberStats: [] });
  private statsCalls = 0;

  /** @param options - Name, metadata, local participant, participants present, autoSubscribe. */
  constructor(options: TestRoomOptions = {}) {
    super();
    this.name = options.name ?? 'test-room';
    this.metadata = options.metadata ?? '';
    this.autoSubscribe = options.autoSubscribe ?? true;
    const send = (item: TestRoomSent): void => {
      this.sent.push(item);
      this.sentSubject.next(item);
    };
    this.rpc = new TestRpc({
      send,
      isRemote: (identity) => this.remoteParticipants.has(identity),
      assertConnected: (action) => this.assertConnected(action),
      scheduler: options.scheduler ?? asyncScheduler,
    });
    this.localParticipant = new TestLocalParticipant(
      options.local ?? { identity: 'local' },
      {
        send,
        emit: (event, ...args) => this.emit(event, ...args),
        nextTrackSid: () => this.nextTrackSid(),
        assertConnected: (action) => this.assertConnected(action),
        rpc: this.rpc,
        scheduler: options.scheduler ?? asyncScheduler,
        encryptionType: () => this.e2ee?.encryptionType ?? EncryptionType.NONE,
      },
      options.dataStreams,
    );
    this.e2ee =
      options.encryption === undefined ? undefined : new TestE2ee(this, options.encryption);
    for (const init of options.participants ?? []) {
      const participant = new TestParticipant(init);
      this.remoteParticipants.set(participant.identity, participant);
      for (const track of init.tracks ?? []) {
        const publication = this.addPublication(participant, track);
        if (this.autoSubscribe) this.attachTrack(publication);
      }
      // Present at "connection": their status is derived, not announced (as in rtc-node).
      this.encryption.set(participant.identity, {
        status: tracksEncrypted(participant),
        data: undefined,
      });
    }
  }

  /** Whether the room is connected (or reconnecting), as rtc-node's `isConnected`. */
  get isConnected(): boolean {
    return this.connectionState !== ConnectionState.CONN_DISCONNECTED;
  }

  /**
   * Plays a script: applies each action when the observable emits it (in virtual time inside
   * `TestScheduler.run`). Errors of the script (an action on an unknown participant) are thrown
   * to the scheduler, failing the test.
   */
  play(script$: Observable<TestRoomAction>): Subscription {
    return script$.subscribe({
      next: (action) => this.apply(action),
      error: (err: unknown) => {
        throw err;
      },
    });
  }

  /** Applies one scripted action (see {@link TestRoomAction}). */
  apply(action: TestRoomAction): void {
    switch (action.type) {
      case 'join':
        this.join(action);
        return;
      case 'leave':
        return this.leave(action.identity, action.reason);
      case 'publish':
        this.publish(action.identity, action.track);
        return;
      case 'unpublish':
        return this.unpublish(action.identity, action.trackSid);
      case 'subscribe':
        return this.subscribe(action.identity, action.trackSid);
      case 'unsubscribe':
        return this.unsubscribe(action.identity, action.trackSid);
      case 'subscription-failed':
        return this.failSubscription(action.identity, action.trackSid, action.reason);
      case 'mute':
        return this.mute(action.identity, action.trackSid);
      case 'unmute':
        return this.unmute(action.identity, action.trackSid);
      case 'attributes':
        return this.setAttributes(action.identity, action.attributes);
      case 'metadata':
        return this.setMetadata(action.identity, action.metadata);
      case 'name':
        return this.setName(action.identity, action.name);
      case 'room-metadata':
        return this.setRoomMetadata(action.metadata);
      case 'data':
        return this.receiveData(action.from, action.payload, action);
      case 'chat':
        return this.receiveChat(action.from, action.message);
      case 'dtmf':
        return this.receiveDtmf(action.from, action.code, action.digit);
      case 'text-stream':
        this.receiveTextStream(
          action.from,
          action.topic,
          action.chunks,
          action.attributes ?? {},
          action,
        );
        return;
      case 'byte-stream':
        this.receiveByteStream(action.from, action.topic, action.chunks, action);
        return;
      case 'speakers':
        return this.setActiveSpeakers(action.identities);
      case 'quality':
        return this.setConnectionQuality(action.identity, action.quality);
      case 'encryption':
        return this.setEncryption(action.identity, action.encrypted);
      case 'encryption-state':
        return this.setEncryptionState(action.identity, action.state);
      case 'reconnecting':
        return this.startReconnecting();
      case 'reconnected':
        return this.finishReconnecting();
      case 'disconnect':
        return this.serverDisconnect(action.reason);
      case 'rpc':
        return void this.receiveRpc(action.from, action.method, action.payload, action);
      case 'rpc-reply':
        return this.replyRpc(action.requestId, action);
    }
  }

  /** A participant joins: `ParticipantConnected`, then `TrackPublished` (and `TrackSubscribed`) per track. */
  join(init: TestParticipantInit): TestParticipant {
    this.assertConnected('join');
    if (this.remoteParticipants.has(init.identity)) {
      throw new Error(`TestRoom.join: ${init.identity} is already in the room`);
    }
    const participant = new TestParticipant(init);
    this.remoteParticipants.set(participant.identity, participant);
    this.emitEvent('participantConnected', participant);
    for (const track of init.tracks ?? []) this.publish(participant.identity, track);
    return participant;
  }

  /**
   * A participant leaves: the text and byte streams it is still sending fail (as in rtc-node,
   * before anything else), each track is unsubscribed (`TrackUnsubscribed`) and unpublished
   * (`TrackUnpublished`), then it is removed and `ParticipantDisconnected`.
   */
  leave(identity: string, reason: DisconnectReason = DisconnectReason.CLIENT_INITIATED): void {
    const participant = this.remote('leave', identity);
    this.incomingStreams.senderLeft(identity);
    for (const sid of [...participant.trackPublications.keys()]) this.unpublish(identity, sid);
    participant.disconnectReason = reason;
    this.remoteParticipants.delete(identity);
    this.encryption.delete(identity);
    this.emitEvent('participantDisconnected', participant);
  }

  /** A participant publishes a track: `TrackPublished`, then `TrackSubscribed` if auto-subscribing. */
  publish(identity: string, track: TestTrackInit): TestTrackPublication {
    const participant = this.remote('publish', identity);
    const publication = this.addPublication(participant, track);
    this.updateEncryptionStatus(participant);
    this.emitEvent('trackPublished', publication, participant);
    if (this.autoSubscribe) this.subscribe(identity, publication.sid);
    return publication;
  }

  /** A participant unpublishes a track: `TrackUnsubscribed` if subscribed, then `TrackUnpublished`. */
  unpublish(identity: string, trackSid: string): void {
    const { participant, publication } = this.publication('unpublish', identity, trackSid);
    if (publication.track !== undefined) this.unsubscribe(identity, trackSid);
    participant.trackPublications.delete(trackSid);
    this.updateEncryptionStatus(participant);
    this.emitEvent('trackUnpublished', publication, participant);
  }

  /** The local participant subscribes to a track: `TrackSubscribed`. */
  subscribe(identity: string, trackSid: string): void {
    const { participant, publication } = this.publication('subscribe', identity, trackSid);
    if (publication.track !== undefined) return;
    const track = this.attachTrack(publication);
    this.emitEvent('trackSubscribed', track, publication, participant);
  }

  /** The local participant unsubscribes from a track: `TrackUnsubscribed`. */
  unsubscribe(identity: string, trackSid: string): void {
    const { participant, publication } = this.publication('unsubscribe', identity, trackSid);
    const track = publication.track;
    if (track === undefined) return;
    publication.track = undefined;
    publication.subscribed = false;
    this.emitEvent('trackUnsubscribed', track, publication, participant);
    track.end();
  }

  /** A subscription fails: `TrackSubscriptionFailed(trackSid, participant, reason)`. */
  failSubscription(identity: string, trackSid: string, reason?: string): void {
    const participant = this.remote('failSubscription', identity);
    this.emitEvent('trackSubscriptionFailed', trackSid, participant, reason);
  }

  /** A track is muted: `publication.muted` set, then `TrackMuted(publication, participant)`. */
  mute(identity: string, trackSid: string): void {
    const { participant, publication } = this.publication('mute', identity, trackSid);
    publication.muted = true;
    this.emitEvent('trackMuted', publication, participant);
  }

  /** A track is unmuted: `TrackUnmuted(publication, participant)`. */
  unmute(identity: string, trackSid: string): void {
    const { participant, publication } = this.publication('unmute', identity, trackSid);
    publication.muted = false;
    this.emitEvent('trackUnmuted', publication, participant);
  }

  /** Attributes change (`''` deletes): `ParticipantAttributesChanged(changed, participant)` if any did. */
  setAttributes(identity: string, attributes: Readonly<Record<string, string>>): void {
    const participant = this.anyone('setAttributes', identity);
    const changed = mergeAttributes(participant, attributes);
    if (Object.keys(changed).length > 0) {
      this.emitEvent('participantAttributesChanged', changed, participant);
    }
  }

  /** Metadata changes: `ParticipantMetadataChanged(metadata, participant)`. */
  setMetadata(identity: string, metadata: string): void {
    const participant = this.anyone('setMetadata', identity);
    participant.metadata = metadata;
    this.emitEvent('participantMetadataChanged', metadata, participant);
  }

  /** The name changes: `ParticipantNameChanged(name, participant)`. */
  setName(identity: string, name: string): void {
    const participant = this.anyone('setName', identity);
    participant.name = name;
    this.emitEvent('participantNameChanged', name, participant);
  }

  /** The room's metadata changes: `RoomMetadataChanged(metadata)`. */
  setRoomMetadata(metadata: string): void {
    this.assertConnected('setRoomMetadata');
    this.metadata = metadata;
    this.emitEvent('roomMetadataChanged', metadata);
  }

  /**
   * A data packet arrives (from a participant, or from the server API when `from` is omitted).
   * `encryptionType` says how it travelled (default: the room's, `NONE` without encryption); as
   * in rtc-node, a room without encryption drops an encrypted packet, and the sender's
   * encryption status takes the packet into account before `DataReceived`.
   */
  receiveData(
    from: string | undefined,
    payload: Uint8Array | string,
    options: {
      topic?: string | undefined;
      kind?: DataPacketKind | undefined;
      encryptionType?: EncryptionType | undefined;
    } = {},
  ): void {
    const participant = from === undefined ? undefined : this.remote('receiveData', from);
    const bytes = typeof payload === 'string' ? new TextEncoder().encode(payload) : payload;
    const encryptionType =
      options.encryptionType ?? this.e2ee?.encryptionType ?? EncryptionType.NONE;
    if (this.e2ee === undefined && encryptionType !== EncryptionType.NONE) return;
    if (participant !== undefined) this.updateDataEncryption(participant, encryptionType);
    this.emitEvent(
      'dataReceived',
      bytes,
      participant,
      options.kind ?? DataPacketKind.KIND_RELIABLE,
      options.topic,
      encryptionType,
    );
  }

  /** A chat message arrives: `ChatMessage(message, participant)`. */
  receiveChat(from: string | undefined, message: string | ChatMessage): void {
    const participant = from === undefined ? undefined : this.anyone('receiveChat', from);
    const full =
      typeof message === 'string'
        ? { id: `CM_${this.nextTrackSid()}`, timestamp: 0, message }
        : message;
    this.emitEvent('chatMessage', full, participant);
  }

  /** A DTMF tone arrives: `DtmfReceived(code, digit, participant)`. */
  receiveDtmf(from: string, code: number, digit: string): void {
    this.emitEvent('dtmfReceived', code, digit, this.remote('receiveDtmf', from));
  }

  // ---- incoming data streams (text and byte streams) -------------------------------------

  /**
   * A text stream arrives on `topic` from `from`: handed to the handler registered for it
   * (dropped if none, as rtc-node does) as a `TestStreamReader`. `chunks` is an array (all at
   * once, then the end) or an observable: each value a chunk at its (virtual) time, completion
   * the end, an error the sender aborting. Returns the stream's id.
   */
  receiveTextStream(
    from: string,
    topic: string,
    chunks: readonly string[] | Observable<string>,
    attributes: Readonly<Record<string, string>> = {},
    header: Omit<TestStreamHeader, 'attributes' | 'name'> = {},
  ): string {
    const participant = this.remote('receiveTextStream', from);
    return this.incomingStreams.receive('text', participant.identity, topic, chunks, {
      ...header,
      attributes,
    });
  }

  // --- RPC (livekit-rx's rpcRequests, handleRpc, performRpc) ---

  /**
   * A remote participant calls `method` of the local participant: its handler (registered with
   * `localParticipant.registerRpcMethod`, `rpcRequests` or `handleRpc`) is called at once, and
   * its answer is recorded in `sent` (`rpc-response`) when it gives it. A method without a handler
   * is answered `UNSUPPORTED_METHOD` (1400) at once, as rtc-node's native side does. The handler
   * is told `responseTimeout` (default 8000 ms: what rtc-node's default 15 s call leaves it).
   * @returns The call's request id.
   */
  receiveRpc(
    from: string,
    method: string,
    payload: string,
    options: { responseTimeout?: number | undefined; requestId?: string | undefined } = {},
  ): string {
    const caller = this.remote('receiveRpc', from);
    return this.rpc.receive(
      caller.identity,
      method,
      payload,
      options.responseTimeout ?? 8000,
      options.requestId,
    );
  }

  /**
   * The remote participant answers the local participant's call `requestId` (as recorded in
   * `sent`, `rpc-call`) with a payload or an `RpcError`. Unanswered, a call fails with
   * `RESPONSE_TIMEOUT` after its `responseTimeout` on the room's scheduler.
   */
  replyRpc(requestId: string, answer: TestRpcAnswer): void {
    this.rpc.answer(
      requestId,
      'payload' in answer ? { payload: answer.payload } : { error: answer.error },
    );
  }

  // --- end of RPC ---
  /**
   * A byte stream (a file) arrives on `topic` from `from`, like {@link receiveTextStream}:
   * `header` gives its `name`, `mimeType`, `totalSize` (default: the array's total), attributes.
   */
  receiveByteStream(
    from: string,
    topic: string,
    chunks: readonly Uint8Array[] | Observable<Uint8Array>,
    header: TestStreamHeader = {},
  ): string {
    const participant = this.remote('receiveByteStream', from);
    return this.incomingStreams.receive('byte', participant.identity, topic, chunks, header);
  }

  /**
   * Incoming stream readers handed to a handler and not yet released (read to their end, failed
   * or closed): 0 once everything was read, which shows no reader was left open.
   */
  get unreleasedStreamReaders(): number {
    return this.incomingStreams.unreleased;
  }

  /** The topics with a registered text (or byte) stream handler. */
  streamHandlerTopics(kind: 'text' | 'byte' = 'text'): string[] {
    return this.incomingStreams.topics(kind);
  }

  // ---- end of incoming data streams -------------------------------------------------------

  /** The active speakers change: `ActiveSpeakersChanged(speakers)` (local identity allowed). */
  setActiveSpeakers(identities: readonly string[]): void {
    const speakers = identities.map((identity) => this.anyone('setActiveSpeakers', identity));
    this.emitEvent('activeSpeakersChanged', speakers);
  }

  /** A connection quality report: `ConnectionQualityChanged(quality, participant)`. */
  setConnectionQuality(identity: string, quality: ConnectionQuality): void {
    this.emitEvent(
      'connectionQualityChanged',
      quality,
      this.anyone('setConnectionQuality', identity),
    );
  }

  /**
   * An encryption status report: `ParticipantEncryptionStatusChanged(encrypted, participant)`.
   * The room also reports remote participants' status by itself, as rtc-node derives it: `true`
   * while every publication is encrypted (and every data packet so far was), announced before
   * the `TrackPublished`/`TrackUnpublished`/`DataReceived` that changes it.
   */
  setEncryption(identity: string, encrypted: boolean): void {
    const participant = this.anyone('setEncryption', identity);
    const state = this.encryption.get(identity);
    if (state !== undefined) state.status = encrypted;
    this.emitEvent('participantEncryptionStatusChanged', encrypted, participant);
  }

  // ---- E2EE and statistics (issue 13) -------------------------------------------------------

  /**
   * A frame cryptor of `identity`'s tracks (the local identity: its own) reports a state, as the
   * native side does on each change (`encryptionErrors` sees the failing ones). As in rtc-node,
   * `INTERNAL_ERROR` is also emitted as `EncryptionError(new Error('internal server error'))`.
   * Needs the `encryption` option.
   */
  setEncryptionState(identity: string, state: EncryptionState): void {
    this.anyone('setEncryptionState', identity);
    const e2ee = this.e2ee;
    if (e2ee === undefined) {
      throw new Error('TestRoom.setEncryptionState: the room has no encryption option');
    }
    e2ee.reportState(identity, state);
    if (state === EncryptionState.INTERNAL_ERROR) {
      this.emitEvent('encryptionError', new Error('internal server error'));
    }
  }

  /** The shared key at `keyIndex` (after `setSharedKey`/`ratchetSharedKey`), if any. */
  exportSharedKey(keyIndex = 0): Uint8Array | undefined {
    return this.e2ee?.exportKey(undefined, keyIndex);
  }

  /** The key at `keyIndex` that `identity`'s media is encrypted with (own or shared), if any. */
  exportKey(identity: string, keyIndex = 0): Uint8Array | undefined {
    return this.e2ee?.exportKey(identity, keyIndex);
  }

  /**
   * How statistics requests are answered from now on (default: an empty report at once). Each
   * request calls `responder` with its number and takes the first value of what it returns,
   * when it emits: `room.respondToRtcStats((n) => cold('--r|', { r: report(n) }))` makes every
   * request take two frames of virtual time.
   */
  respondToRtcStats(responder: TestRtcStatsResponder): void {
    this.statsResponder = responder;
  }

  /** rtc-node's `getRtcStats()`: the responder's report; rejects when not connected. */
  getRtcStats(): Promise<RtcSessionStats> {
    if (!this.isConnected)
      return Promise.reject(new Error('getRtcStats requires a connected room'));
    return firstValueFrom(this.statsResponder(this.statsCalls++));
  }

  /** The E2EE backend livekit-rx's E2EE streams use (`undefined` without `encryption`). */
  get [e2eeHooks](): TestE2ee | undefined {
    return this.e2ee;
  }

  /** How `rtcStats` asks for statistics in virtual time. */
  get [rtcStatsHooks](): RtcStatsRequest {
    return (done) => {
      if (!this.isConnected) {
        done(new Error('getRtcStats requires a connected room'), undefined);
        return () => undefined;
      }
      const subscription = this.statsResponder(this.statsCalls++)
        .pipe(take(1))
        .subscribe({
          next: (stats) => done(undefined, stats),
          error: (err: unknown) => done(err, undefined),
        });
      return () => subscription.unsubscribe();
    };
  }

  private updateEncryptionStatus(participant: TestParticipant): void {
    const state = this.encryption.get(participant.identity) ?? { status: false, data: undefined };
    this.encryption.set(participant.identity, state);
    const tracks = tracksEncrypted(participant);
    const encrypted = state.data === undefined ? tracks : tracks && state.data;
    if (encrypted === state.status) return;
    state.status = encrypted;
    this.emitEvent('participantEncryptionStatusChanged', encrypted, participant);
  }

  private updateDataEncryption(participant: TestParticipant, type: EncryptionType): void {
    const state = this.encryption.get(participant.identity) ?? { status: false, data: undefined };
    this.encryption.set(participant.identity, state);
    const encrypted = type !== EncryptionType.NONE;
    // Once unencrypted data was seen the participant is not fully encrypted, as in rtc-node.
    if (state.data === false || state.data === encrypted) return;
    state.data = encrypted;
    this.updateEncryptionStatus(participant);
  }

  // ---- end of E2EE and statistics ------------------------------------------------------------

  /** The connection drops: `ConnectionStateChanged(CONN_RECONNECTING)`, then `Reconnecting`. */
  startReconnecting(): void {
    this.assertConnected('startReconnecting');
    if (this.connectionState === ConnectionState.CONN_RECONNECTING) return;
    this.setState(ConnectionState.CONN_RECONNECTING);
    this.emitEvent('reconnecting');
  }

  /** The connection is back: `ConnectionStateChanged(CONN_CONNECTED)`, then `Reconnected`. */
  finishReconnecting(): void {
    this.assertConnected('finishReconnecting');
    this.setState(ConnectionState.CONN_CONNECTED);
    this.emitEvent('reconnected');
  }

  /** Both halves of a reconnection at once. */
  reconnect(): void {
    this.startReconnecting();
    this.finishReconnecting();
  }

  /**
   * The server ends the session: `ConnectionStateChanged(CONN_DISCONNECTED)`, then
   * `Disconnected(reason)`. Listeners stay attached, as in rtc-node.
   */
  serverDisconnect(reason: DisconnectReason = DisconnectReason.SERVER_SHUTDOWN): void {
    this.assertConnected('serverDisconnect');
    this.setState(ConnectionState.CONN_DISCONNECTED);
    this.emit('disconnected', reason);
    this.rpc.disconnect();
    this.incomingStreams.disconnected();
    this.localParticipant.disconnectedStreams();
    for (const participant of [this.localParticipant, ...this.remoteParticipants.values()]) {
      for (const publication of participant.trackPublications.values()) publication.track?.end();
    }
  }

  /**
   * The local participant leaves (rtc-node's `disconnect()`): `ConnectionStateChanged`, then
   * `Disconnected(CLIENT_INITIATED)`, then every listener removed. A no-op when not connected.
   */
  disconnect(): Promise<void> {
    if (!this.isConnected) return Promise.resolve();
    this.serverDisconnect(DisconnectReason.CLIENT_INITIATED);
    this.removeAllListeners();
    return Promise.resolve();
  }

  /** rtc-node's `registerTextStreamHandler`: one handler per topic, a second one throws. */
  registerTextStreamHandler(topic: string, handler: StreamHandler<string>): void {
    this.incomingStreams.register('text', topic, handler);
  }

  /** rtc-node's `unregisterTextStreamHandler`. */
  unregisterTextStreamHandler(topic: string): void {
    this.incomingStreams.unregister('text', topic);
  }

  /** rtc-node's `registerByteStreamHandler`: one handler per topic, a second one throws. */
  registerByteStreamHandler(topic: string, handler: StreamHandler<Uint8Array>): void {
    this.incomingStreams.register('byte', topic, handler);
  }

  /** rtc-node's `unregisterByteStreamHandler`. */
  unregisterByteStreamHandler(topic: string): void {
    this.incomingStreams.unregister('byte', topic);
  }

  private emitEvent<E extends RoomEventName>(
    event: E,
    ...args: Parameters<RoomLikeCallbacks[E]>
  ): void {
    this.assertConnected(event);
    this.emit(event, ...args);
  }

  private setState(state: ConnectionState): void {
    if (this.connectionState === state) return;
    this.connectionState = state;
    this.emit('connectionStateChanged', state);
  }

  private nextTrackSid(): string {
    this.trackCount += 1;
    return `TR_${this.trackCount}`;
  }

  private addPublication(participant: TestParticipant, track: TestTrackInit): TestTrackPublication {
    const publication = new TestTrackPublication(track, track.sid ?? this.nextTrackSid());
    if (participant.trackPublications.has(publication.sid)) {
      throw new Error(
        `TestRoom.publish: ${participant.identity} already has track ${publication.sid}`,
      );
    }
    participant.trackPublications.set(publication.sid, publication);
    return publication;
  }

  private attachTrack(publication: TestTrackPublication): TestTrack {
    const track = new TestTrack(publication);
    publication.track = track;
    publication.subscribed = true;
    return track;
  }

  private assertConnected(action: string): void {
    if (!this.isConnected) {
      throw new Error(
        `TestRoom: ${action} after the room disconnected (a real room emits nothing then)`,
      );
    }
  }

  private remote(action: string, identity: string): TestParticipant {
    this.assertConnected(action);
    const participant = this.remoteParticipants.get(identity);
    if (participant === undefined) {
      throw new Error(
        `TestRoom.${action}: no remote participant "${identity}" (present: ${
          [...this.remoteParticipants.keys()].join(', ') || 'none'
        })`,
      );
    }
    return participant;
  }

  private anyone(action: string, identity: string): TestParticipant {
    return identity === this.localParticipant.identity
      ? this.localParticipant
      : this.remote(action, identity);
  }

  private publication(
    action: string,
    identity: string,
    trackSid: string,
  ): { participant: TestParticipant; publication: TestTrackPublication } {
    const participant = this.anyone(action, identity);
    const publication = participant.trackPublications.get(trackSid);
    if (publication === undefined) {
      throw new Error(`TestRoom.${action}: ${identity} has no track "${trackSid}"`);
    }
    return { participant, publication };
  }
}

/** Whether every one of a participant's publications is encrypted (and there is one). */
function tracksEncrypted(participant: TestParticipant): boolean {
  const publications = [...participant.trackPublications.values()];
  return (
    publications.length > 0 && publications.every((p) => p.encryptionType !== EncryptionType.NONE)
  );
}
