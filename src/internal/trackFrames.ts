import { ConnectionState, TrackKind, TrackSource } from '@livekit/rtc-node';
import { EMPTY, Observable, defer, distinctUntilChanged, switchMap, takeWhile } from 'rxjs';
import type { ParticipantLike, RoomLike, TrackLike } from '../room/RoomLike';
import { selectTrack } from './selectTrack';
import { trackMediaOf } from './trackMedia';
import { assertRoomLike } from './watchRoom';

/**
 * A participant's track of one source, in a room: what {@link audioFrames} and `videoFrames`
 * read when given no track. The stream follows the participant: it waits while they are absent
 * or have no such track subscribed, and (by default) goes on with the new track when they
 * unpublish and publish again.
 */
export interface ParticipantTrackRef<R extends RoomLike = RoomLike> {
  /** The room the participant is in. */
  readonly room: R;
  /** The participant, or their identity (they need not have joined yet). */
  readonly participant: string | ParticipantLike;
  /**
   * Which of their tracks: microphone, screen-share audio, camera, screen share (default: the
   * microphone for audio, the camera for video).
   */
  readonly source?: TrackSource;
  /**
   * When the track is unpublished or unsubscribed: `'follow'` (default) waits for the next track
   * of that source and goes on with it; `'complete'` completes the stream.
   */
  readonly republication?: 'follow' | 'complete';
}

/** A track, or a participant's track of one source. */
export type TrackInput<R extends RoomLike = RoomLike> = TrackLike | ParticipantTrackRef<R>;

/**
 * The raw (unbuffered) frames of `input`: of the track itself, or of whichever track of the
 * participant is current. A track known to a room is read until it is unsubscribed or
 * unpublished, whether or not rtc-node's own stream ends then. `open` reads one track.
 */
export function trackFrames<T>(
  operator: string,
  kind: TrackKind,
  input: TrackInput,
  open: (track: TrackLike) => Observable<T>,
): Observable<T> {
  const kindName = kind === TrackKind.KIND_AUDIO ? 'audio' : 'video';
  if (input !== null && typeof input === 'object' && 'room' in input) {
    const ref = input;
    assertRoomLike(operator, ref.room);
    const identity =
      typeof ref.participant === 'string' ? ref.participant : ref.participant?.identity;
    if (typeof identity !== 'string') {
      throw new TypeError(
        `${operator}: expected { participant } to be an identity or a participant, got ${String(ref.participant)}`,
      );
    }
    const source =
      ref.source ??
      (kind === TrackKind.KIND_AUDIO ? TrackSource.SOURCE_MICROPHONE : TrackSource.SOURCE_CAMERA);
    const selection$ = selectTrack(operator, ref.room, identity, (participant) => {
      for (const publication of participant.trackPublications.values()) {
        if (publication.kind === kind && publication.source === source && publication.track) {
          return publication.track;
        }
      }
      return undefined;
    });
    if (ref.republication === 'complete') return firstTrackOnly(selection$, open);
    return selection$.pipe(
      distinctUntilChanged(),
      switchMap((track) => (track === undefined ? EMPTY : open(track))),
    );
  }
  const track = input as TrackLike | null | undefined;
  if (track === null || typeof track !== 'object' || track.kind !== kind) {
    throw new TypeError(
      `${operator}: expected an ${kindName} track or { room, participant, source }, got ${
        track === null || typeof track !== 'object'
          ? String(track)
          : `a track of kind ${track.kind}`
      }`,
    );
  }
  if (trackMediaOf(track) === undefined && !isNativeTrack(track)) {
    throw new TypeError(
      `${operator}: expected an rtc-node Track or a livekit-rx/testing TestTrack, got ${track.constructor.name}`,
    );
  }
  const owner = remoteOwner(track);
  if (owner === undefined) return open(track);
  // Read until this very track leaves the room's subscriptions (rtc-node ends an AudioStream
  // then, but not a VideoStream).
  return firstTrackOnly(
    selectTrack(operator, owner.room, owner.identity, (participant) =>
      [...participant.trackPublications.values()].some((p) => p.track === track)
        ? track
        : undefined,
    ),
    open,
  );
}

/** Reads the first track the selection yields, and completes when it changes. */
function firstTrackOnly<T>(
  selection$: Observable<TrackLike | undefined>,
  open: (track: TrackLike) => Observable<T>,
): Observable<T> {
  return defer(() => {
    let first: TrackLike | undefined;
    return selection$.pipe(
      takeWhile((track) => first === undefined || track === first, true),
      switchMap((track) => {
        if (track === undefined || (first !== undefined && track !== first)) return EMPTY;
        first = track;
        return open(track);
      }),
    );
  });
}

/** Whether `track` is one of rtc-node's (it has a native handle). */
export function isNativeTrack(track: TrackLike): boolean {
  return 'ffi_handle' in track;
}

/** The connected room and participant of a subscribed remote rtc-node track, if known. */
function remoteOwner(track: TrackLike): { room: RoomLike; identity: string } | undefined {
  // rtc-node 1.1.0 keeps the room of a subscribed remote track (`setRoom`), read through its
  // internal `resolveRoom()`; an older or newer SDK without it falls back to rtc-node's own
  // completion of the stream.
  const resolveRoom = (track as { resolveRoom?: () => unknown }).resolveRoom;
  if (typeof resolveRoom !== 'function') return undefined;
  const room = resolveRoom.call(track) as RoomLike | null;
  if (
    room === null ||
    typeof room !== 'object' ||
    !(room.remoteParticipants instanceof Map) ||
    room.connectionState === ConnectionState.CONN_DISCONNECTED
  ) {
    return undefined;
  }
  for (const participant of room.remoteParticipants.values()) {
    for (const publication of participant.trackPublications.values()) {
      if (publication.track === track) {
        return { room, identity: participant.identity };
      }
    }
  }
  return undefined;
}
