import type { RtcSessionStats } from '../native/RtcSessionStats';
import type { RoomLike } from '../room/RoomLike';

/**
 * The key under which a room double (`livekit-rx/testing`'s `TestRoom`) answers statistics
 * requests through a callback, so `rtcStats` runs on it in virtual time.
 * A registered symbol (`Symbol.for`): the ESM and CJS bundles, and each entry point's chunks,
 * must find the same key.
 * @internal
 */
export const rtcStatsHooks: unique symbol = Symbol.for('livekit-rx.rtcStatsHooks');

/** One statistics request: `done` is called once; the returned function abandons the request. */
export type RtcStatsRequest = (
  done: (error: unknown, stats: RtcSessionStats | undefined) => void,
) => () => void;

interface RtcStatsRoom {
  getRtcStats(): Promise<RtcSessionStats>;
}

/**
 * How to ask `room` for its statistics: its own hook (a `TestRoom`), else rtc-node's
 * `getRtcStats()`; `undefined` for a room that has neither.
 * @internal
 */
export function rtcStatsRequest(room: RoomLike): RtcStatsRequest | undefined {
  const own = (room as Partial<Record<typeof rtcStatsHooks, RtcStatsRequest>>)[rtcStatsHooks];
  if (own !== undefined) return own;
  const candidate = room as Partial<RtcStatsRoom>;
  if (typeof candidate.getRtcStats !== 'function') return undefined;
  return (done) => {
    let abandoned = false;
    (room as unknown as RtcStatsRoom).getRtcStats().then(
      (stats) => abandoned || done(undefined, stats),
      (err: unknown) => abandoned || done(err, undefined),
    );
    return () => {
      abandoned = true;
    };
  };
}
