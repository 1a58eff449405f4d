import {
  DataPacket_Kind,
  DisconnectReason,
  ParticipantInfo_State,
  ParticipantUpdate,
  Room,
  RoomUpdate,
  SpeakerInfo,
  SpeakersChanged,
} from '@livekit/protocol';
import type { RtpPacket } from 'werift';
import type { DevParticipant } from './DevParticipant';
import { newId } from './ids';
import { withoutHeaderExtensions } from './withoutHeaderExtensions';

/**
 * One room: created on first join (or when its metadata is first set), it relays participant
 * updates, data packets and media between the participants in it.
 */
export class DevRoom {
  readonly sid = newId('RM_');
  readonly participants = new Map<string, DevParticipant>(); // by identity
  private readonly createdAt = Date.now();
  metadata = '';

  constructor(readonly name: string) {}

  /** The room as the protocol describes it. */
  info(): Room {
    let publishers = 0;
    for (const p of this.participants.values()) if (p.published.size > 0) publishers++;
    return new Room({
      sid: this.sid,
      name: this.name,
      emptyTimeout: 300,
      departureTimeout: 20,
      maxParticipants: 0,
      creationTime: BigInt(Math.floor(this.createdAt / 1000)),
      creationTimeMs: BigInt(this.createdAt),
      metadata: this.metadata,
      numParticipants: this.participants.size,
      numPublishers: publishers,
    });
  }

  /** Adds a participant (replacing one with the same identity) and announces it. */
  join(participant: DevParticipant): void {
    const previous = this.participants.get(participant.identity);
    if (previous !== undefined) {
      previous.sendLeave(DisconnectReason.DUPLICATE_IDENTITY);
      this.leave(previous, DisconnectReason.DUPLICATE_IDENTITY);
    }
    this.participants.set(participant.identity, participant);
    this.broadcastParticipant(participant);
  }

  /** The other participants, as a joining one is told about them. */
  othersOf(participant: DevParticipant): DevParticipant[] {
    return [...this.participants.values()].filter((p) => p !== participant);
  }

  /** Subscribes a participant that auto-subscribes to every track already published. */
  subscribeToExisting(participant: DevParticipant): void {
    if (!participant.claims.autoSubscribe) return;
    for (const other of this.othersOf(participant)) {
      for (const trackSid of other.published.keys()) participant.subscribe(other, trackSid);
    }
  }

  /** Removes a participant, closes its session and tells the others it left. */
  leave(participant: DevParticipant, reason: DisconnectReason): void {
    if (this.participants.get(participant.identity) !== participant) return;
    this.participants.delete(participant.identity);
    if (participant.speaking) {
      participant.speaking = false;
      this.onSpeakingChanged(participant);
    }
    for (const trackSid of participant.published.keys()) {
      for (const other of this.participants.values()) other.unsubscribe(trackSid);
    }
    const info = participant.snapshot();
    info.state = ParticipantInfo_State.DISCONNECTED;
    info.disconnectReason = reason;
    info.tracks = [];
    info.version++;
    this.broadcast(new ParticipantUpdate({ participants: [info] }));
    void participant.close();
  }

  /** Tells every participant (the one itself included) the current state of one. */
  broadcastParticipant(participant: DevParticipant): void {
    this.broadcast(new ParticipantUpdate({ participants: [participant.snapshot()] }));
  }

  private broadcast(update: ParticipantUpdate): void {
    for (const p of this.participants.values()) p.send({ case: 'update', value: update });
  }

  /**
   * A participant started or stopped speaking: everyone gets the active speakers (a client
   * replaces its list with the active ones of each update) and the one that stopped.
   */
  onSpeakingChanged(changed: DevParticipant): void {
    const speakers = [...this.participants.values()]
      .filter((p) => p.speaking)
      .map((p) => new SpeakerInfo({ sid: p.sid, level: p.level, active: true }));
    if (!changed.speaking)
      speakers.push(new SpeakerInfo({ sid: changed.sid, level: 0, active: false }));
    const update = new SpeakersChanged({ speakers });
    for (const p of this.participants.values()) p.send({ case: 'speakersChanged', value: update });
  }

  /** Sets the room's metadata and tells everyone in it. */
  setMetadata(metadata: string): void {
    if (metadata === this.metadata) return;
    this.metadata = metadata;
    const update = new RoomUpdate({ room: this.info() });
    for (const p of this.participants.values()) p.send({ case: 'roomUpdate', value: update });
  }

  /** A track went live: announce it, then subscribe the auto-subscribing participants. */
  onTrackPublished(publisher: DevParticipant, trackSid: string): void {
    this.broadcastParticipant(publisher);
    for (const other of this.othersOf(publisher)) {
      if (other.claims.autoSubscribe) other.subscribe(publisher, trackSid);
    }
  }

  /** A track was unpublished: every subscriber drops it, and everyone hears of it. */
  onTrackUnpublished(publisher: DevParticipant, trackSid: string): void {
    for (const other of this.othersOf(publisher)) other.unsubscribe(trackSid);
    publisher.info.version++;
    this.broadcastParticipant(publisher);
  }

  /** The participant publishing a track. */
  publisherOf(trackSid: string): DevParticipant | undefined {
    for (const p of this.participants.values()) if (p.published.has(trackSid)) return p;
    return undefined;
  }

  /**
   * Passes one RTP packet of a published track to its subscribers, without its header
   * extensions: werift's `sendRtp` copies the incoming extensions over the ones it writes, by
   * id, and the ids the publisher negotiated mean other extensions on a subscriber's connection
   * (a publisher's audio level landing on the subscriber's MID id makes libwebrtc drop every
   * packet, and the subscriber hears silence).
   */
  forward(publisher: DevParticipant, trackSid: string, rtp: RtpPacket): void {
    let bytes: Buffer | undefined;
    for (const p of this.participants.values()) {
      if (p === publisher || !p.isSubscribed(trackSid)) continue;
      bytes ??= withoutHeaderExtensions(rtp);
      p.forward(trackSid, bytes);
    }
  }

  /** Relays a data packet to its destinations (everyone else when it names none). */
  relayData(
    sender: DevParticipant,
    kind: DataPacket_Kind,
    destinations: ReadonlySet<string>,
    bytes: Buffer,
  ): void {
    for (const p of this.participants.values()) {
      if (p === sender) continue;
      if (destinations.size > 0 && !destinations.has(p.identity)) continue;
      p.sendData(kind, bytes);
    }
  }
}
