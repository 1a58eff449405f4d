import { ConnectionState } from '@livekit/rtc-node';
import { LiveKitRxError } from './LiveKitRxError';

/**
 * What went wrong while publishing: the room was not connected when the sink was subscribed
 * (`'not-connected'`), rtc-node rejected `publishTrack` (`'publish-rejected'`: no permission to
 * publish, a failed negotiation), `unpublishTrack` failed after the input ended
 * (`'unpublish-failed'`), or muting the track failed (`'mute-failed'`: the track was closed or
 * unpublished).
 */
export type PublishFailure =
  'not-connected' | 'publish-rejected' | 'unpublish-failed' | 'mute-failed';

/** The structured detail of a {@link PublishError}. */
export interface PublishErrorInfo {
  /** The sink that failed: `'publishAudio'`, `'publishVideo'` or `'muted'`. */
  readonly sink: string;
  /** What went wrong. */
  readonly reason: PublishFailure;
  /** The name of the local track. */
  readonly trackName: string;
  /** The room's connection state when it failed. */
  readonly connectionState: ConnectionState | undefined;
}

function advice(info: PublishErrorInfo): string {
  switch (info.reason) {
    case 'not-connected':
      return (
        `the room is not connected (${stateName(info.connectionState)}), so ` +
        `nothing can be published. Subscribe after room.connect() resolves, or inside ` +
        `connect(url, token) / fromRoom(room)`
      );
    case 'publish-rejected':
      return (
        `rtc-node rejected publishTrack. Does the token grant canPublish (and this track ` +
        `source)? Is the codec supported by the server?`
      );
    case 'unpublish-failed':
      return `rtc-node failed to unpublish the track after the input ended`;
    case 'mute-failed':
      return `the track could not be muted or unmuted: is it closed or unpublished?`;
  }
}

function stateName(state: ConnectionState | undefined): string {
  return state === undefined ? 'no connection state' : (ConnectionState[state] ?? String(state));
}

/**
 * Publishing a local track failed: `publishAudio`/`publishVideo` on a room that is not connected,
 * a `publishTrack` that rtc-node rejected, an `unpublishTrack` that failed, or a mute that could
 * not be applied. Ends the sink's stream; `info.reason` says which, `cause` holds rtc-node's error.
 * The sink has already released what it created (track, source) when the error arrives.
 *
 * ```text
 * frames:                   --a--b--
 * publishAudio(room):       #          (# = PublishError, info.reason = 'publish-rejected')
 * ```
 *
 * @example
 * ```ts
 * import { publishAudio, PublishError } from 'livekit-rx';
 * speech$.pipe(publishAudio(room, { name: 'agent' })).subscribe({
 *   error: (err) => {
 *     if (err instanceof PublishError && err.info.reason === 'publish-rejected') {
 *       console.error('no permission to publish?', err.cause);
 *     }
 *   },
 * });
 * ```
 */
export class PublishError extends LiveKitRxError<PublishErrorInfo> {
  /**
   * @param info - Which sink, which track, what went wrong.
   * @param cause - rtc-node's error, if any.
   */
  constructor(info: PublishErrorInfo, cause?: unknown) {
    const detail =
      cause === undefined ? '' : ` (${cause instanceof Error ? cause.message : String(cause)})`;
    super(
      `${info.sink}: publishing track "${info.trackName}" failed: ${advice(info)}${detail}.`,
      info,
      cause === undefined ? undefined : { cause },
    );
  }
}
