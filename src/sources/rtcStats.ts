import { asyncScheduler, type Observable, type SchedulerLike } from 'rxjs';
import { RtcStatsError } from '../errors/RtcStatsError';
import {
  deriveRtcStats,
  type RtcStatsSample,
  type RtcTrackStats,
} from '../internal/deriveRtcStats';
import { rtcStatsRequest } from '../internal/rtcStatsHooks';
import { assertRoomLike, watchRoom } from '../internal/watchRoom';
import type { RtcSessionStats } from '../native/RtcSessionStats';
import type { RoomLike } from '../room/RoomLike';

/** Options of {@link rtcStats}. */
export interface RtcStatsOptions {
  /** How often to ask for statistics, in ms (default 1000); the first request is at once. */
  readonly everyMs?: number;
  /** The scheduler of the polling (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/** One statistics report of {@link rtcStats}. */
export interface RtcStatsReport {
  /** The scheduler's time when the report arrived (`scheduler.now()`, ms). */
  readonly at: number;
  /** Per-track figures: every track sent (`outbound`) and received (`inbound`). */
  readonly tracks: readonly RtcTrackStats[];
  /** Polling ticks skipped since the previous report because a request was still in flight. */
  readonly skipped: number;
  /** rtc-node's report as it came: every WebRTC statistic of both peer connections. */
  readonly raw: RtcSessionStats;
}

/**
 * The room's WebRTC statistics as a stream: while subscribed, asks `room.getRtcStats()` at once
 * and then every `everyMs` on the scheduler, and emits each report with per-track figures (bitrate
 * in and out, packets lost, jitter, round-trip time, audio level) beside the raw report. At most
 * one request is in flight: a tick that finds one still pending is skipped, never queued, and the
 * next report counts it in `skipped`. Completes when the room disconnects (a request pending then
 * is abandoned); fails at subscription with a `RoomNotConnectedError` on a room that is not
 * connected, and with an {@link RtcStatsError} if a request fails while connected. Cold: each
 * subscription polls on its own (share it to poll once for many consumers).
 *
 * ```text
 * everyMs 10, requests take 5:   r---------r---------r--|   (| = disconnected)
 * everyMs 10, requests take 25:  --r(skipped 2)-------r(skipped 2)...
 * ```
 *
 * @example
 * ```ts
 * import { rtcStats } from 'livekit-rx';
 * rtcStats(room, { everyMs: 2000 }).subscribe(({ tracks }) => {
 *   for (const t of tracks) {
 *     console.log(t.direction, t.kind, t.trackSid, `${((t.bitrate ?? 0) / 1000).toFixed(1)} kb/s`);
 *   }
 * });
 * ```
 *
 * @param room - A connected room (rtc-node's `Room` or a `TestRoom`).
 * @param options - The polling period and its scheduler.
 * @returns Statistics reports; completes on disconnect.
 */
export function rtcStats(
  room: RoomLike,
  options: RtcStatsOptions = {},
): Observable<RtcStatsReport> {
  const { everyMs = 1000, scheduler = asyncScheduler } = options;
  assertRoomLike('rtcStats', room);
  if (typeof everyMs !== 'number' || !Number.isFinite(everyMs) || everyMs <= 0) {
    throw new RangeError(
      `rtcStats: everyMs must be a positive number of ms, got ${String(everyMs)}`,
    );
  }
  const request = rtcStatsRequest(room);
  if (request === undefined) {
    throw new TypeError('rtcStats: the room has no getRtcStats() (expected rtc-node 1.1 or later)');
  }
  return watchRoom<RtcStatsReport>('rtcStats', room, (subscriber) => {
    let samples: ReadonlyMap<string, RtcStatsSample> = new Map();
    let pending: (() => void) | undefined;
    let skipped = 0;
    let calls = 0;
    const poll = (): void => {
      if (pending !== undefined) {
        skipped += 1;
        return;
      }
      const call = calls++;
      let settled = false;
      const abandon = request((error, raw) => {
        settled = true;
        pending = undefined;
        if (subscriber.closed) return;
        if (error !== undefined || raw === undefined) {
          // A request cut short by the room disconnecting is not a failure: completion follows.
          if (room.isConnected)
            subscriber.error(new RtcStatsError({ source: 'rtcStats', call }, error));
          return;
        }
        let report: RtcStatsReport;
        try {
          const derived = deriveRtcStats(raw, room, samples);
          samples = derived.samples;
          report = { at: scheduler.now(), tracks: derived.tracks, skipped, raw };
        } catch (err) {
          subscriber.error(err);
          return;
        }
        skipped = 0;
        subscriber.next(report);
      });
      if (!settled) pending = abandon;
    };
    subscriber.add(
      scheduler.schedule(function tick() {
        poll();
        this.schedule(undefined, everyMs);
      }, 0),
    );
    subscriber.add(() => pending?.());
  });
}
