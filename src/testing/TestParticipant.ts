import { ParticipantKind, type DisconnectReason } from '@livekit/rtc-node';
import type { RemoteParticipantLike } from '../room/RoomLike';
import type { TestTrackInit, TestTrackPublication } from './TestTrackPublication';

/** What a scripted participant is: everything optional but the identity. */
export interface TestParticipantInit {
  readonly identity: string;
  /** Default `PA_<identity>`. */
  readonly sid?: string;
  /** Default `''`. */
  readonly name?: string;
  /** Default `''`. */
  readonly metadata?: string;
  /** Default `{}`. */
  readonly attributes?: Readonly<Record<string, string>>;
  /** Default `ParticipantKind.STANDARD`. */
  readonly kind?: ParticipantKind;
  /** Tracks published on arrival (announced after the join, as rtc-node does). */
  readonly tracks?: readonly TestTrackInit[];
}

/**
 * A participant of a {@link TestRoom} (remote, or the local one): the fields livekit-rx's room
 * streams read from rtc-node's `Participant`, mutated in place by the room's script like rtc-node
 * mutates its own (so the same object is current after each event).
 *
 * ```text
 * room.setAttributes('alice', { role: 'agent' })  -> alice.attributes.role === 'agent'
 * ```
 *
 * @example
 * ```ts
 * import { TestRoom } from 'livekit-rx/testing';
 * const room = new TestRoom();
 * const alice = room.join({ identity: 'alice', attributes: { role: 'agent' } });
 * alice.attributes.role; // 'agent'
 * ```
 */
export class TestParticipant implements RemoteParticipantLike {
  readonly sid: string;
  readonly identity: string;
  name: string;
  metadata: string;
  attributes: Record<string, string>;
  readonly kind: ParticipantKind;
  readonly trackPublications = new Map<string, TestTrackPublication>();
  /** Why the participant left, once they have (as rtc-node's `disconnectReason`). */
  disconnectReason: DisconnectReason | undefined = undefined;

  /** @param init - The participant's description (its `tracks` are published by the room). */
  constructor(init: TestParticipantInit) {
    this.identity = init.identity;
    this.sid = init.sid ?? `PA_${init.identity}`;
    this.name = init.name ?? '';
    this.metadata = init.metadata ?? '';
    this.attributes = { ...(init.attributes ?? {}) };
    this.kind = init.kind ?? ParticipantKind.STANDARD;
  }
}
