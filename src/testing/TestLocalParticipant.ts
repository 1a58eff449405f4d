import type { TestRoomSent } from './TestRoomSent';
import { mergeAttributes } from './mergeAttributes';
import { TestParticipant, type TestParticipantInit } from './TestParticipant';
import { TestTrack } from './TestTrack';
import { TestTrackPublication, type TestTrackInit } from './TestTrackPublication';
import type { ChatMessage } from '@livekit/rtc-node';

/** How the local participant reaches its room (internal to livekit-rx/testing). */
export interface TestLocalParticipantHost {
  send(item: TestRoomSent): void;
  emit(event: string, ...args: unknown[]): void;
  nextTrackSid(): string;
  assertConnected(action: string): void;
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
   * @param init - The local participant's description.
   * @param host - The room it belongs to.
   */
  constructor(
    init: TestParticipantInit,
    private readonly host: TestLocalParticipantHost,
  ) {
    super(init);
  }

  /** Records a data packet (rtc-node's `publishData`). */
  publishData(
    data: Uint8Array,
    options: { reliable?: boolean; destination_identities?: string[]; topic?: string } = {},
  ): Promise<void> {
    this.host.assertConnected('publishData');
    this.host.send({
      type: 'data',
      payload: data,
      reliable: options.reliable ?? false,
      topic: options.topic,
      destinationIdentities: options.destination_identities ?? [],
    });
    return Promise.resolve();
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
    this.host.assertConnected('sendText');
    this.host.send({
      type: 'text',
      text,
      topic: options.topic,
      destinationIdentities: options.destinationIdentities ?? [],
      attributes: { ...(options.attributes ?? {}) },
    });
    return Promise.resolve({
      streamId: `ST_${this.host.nextTrackSid()}`,
      topic: options.topic ?? '',
    });
  }

  /** Records a chat message (rtc-node's `sendChatMessage`). */
  sendChatMessage(text: string, destinationIdentities: string[] = []): Promise<ChatMessage> {
    this.host.assertConnected('sendChatMessage');
    this.host.send({ type: 'chat', message: text, destinationIdentities });
    return Promise.resolve({ id: `CM_${this.host.nextTrackSid()}`, timestamp: 0, message: text });
  }

  /** Records a DTMF tone (rtc-node's `publishDtmf`). */
  publishDtmf(code: number, digit: string): Promise<void> {
    this.host.assertConnected('publishDtmf');
    this.host.send({ type: 'dtmf', code, digit });
    return Promise.resolve();
  }

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

  /** Publishes a (media-less) track and emits `LocalTrackPublished`. */
  publishTrack(track: TestTrackInit): Promise<TestTrackPublication> {
    this.host.assertConnected('publishTrack');
    const publication = new TestTrackPublication(track, track.sid ?? this.host.nextTrackSid());
    publication.track = new TestTrack(publication);
    this.trackPublications.set(publication.sid, publication);
    this.host.emit('localTrackPublished', publication, this);
    return Promise.resolve(publication);
  }

  /** Unpublishes a track and emits `LocalTrackUnpublished`. */
  unpublishTrack(trackSid: string): Promise<void> {
    this.host.assertConnected('unpublishTrack');
    const publication = this.trackPublications.get(trackSid);
    if (publication === undefined) {
      return Promise.reject(new Error(`TestRoom: the local participant has no track ${trackSid}`));
    }
    this.trackPublications.delete(trackSid);
    this.host.emit('localTrackUnpublished', publication, this);
    publication.track?.end();
    publication.track = undefined;
    return Promise.resolve();
  }
}
