import { Room, type RoomOptions } from '@livekit/rtc-node';
import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { ConnectError, type ConnectFailure } from '../errors/ConnectError';
import { rememberRoom } from '../internal/roomMemory';
import { messageOf } from '../internal/messageOf';

/** Options of {@link connect}: rtc-node's `RoomOptions`, plus a timeout. */
export interface ConnectOptions extends Partial<RoomOptions> {
  /** Give up (with a `ConnectError`, reason `'timeout'`) after this many ms (default 30000). */
  readonly timeoutMs?: number;
  /** The scheduler of the timeout (default `asyncScheduler`). */
  readonly scheduler?: SchedulerLike;
}

/**
 * Joins a LiveKit room: connects on subscribe, emits the connected `Room`, completes when the
 * room disconnects (for any reason: `room.disconnect()`, the server closing it, a lost
 * connection), and disconnects when unsubscribed.
 *
 * Cold: each subscription is its own connection, as its own participant. To let many consumers
 * share one connection, share it explicitly: `connect(url, token).pipe(shareReplay({ bufferSize:
 * 1, refCount: true }))`, or hold the room in one `switchMap`. Failures are a
 * {@link ConnectError} whose `info.reason` is `'bad-url'`, `'refused-token'`, `'unreachable'`,
 * `'timeout'` or `'failed'`, never an unhandled rejection. Options are rtc-node's `RoomOptions`
 * (`autoSubscribe` default `true`, `dynacast` default `false`, `encryption`, `rtcConfig`,
 * `dataStream`).
 *
 * ```text
 * connect(url, token):            ----r----------|    (r = the Room; | = it disconnected)
 * unsubscribed early:             ----r---!           (room.disconnect() called)
 * connect(url, badToken):         ----#               (# = ConnectError 'refused-token')
 * ```
 *
 * @example
 * ```ts
 * import { switchMap } from 'rxjs';
 * import { connect, participants } from 'livekit-rx';
 * connect(process.env.LIVEKIT_URL!, token)
 *   .pipe(switchMap((room) => participants(room)))
 *   .subscribe((roster) => console.log([...roster.keys()]));
 * ```
 *
 * @param url - The server's URL (`wss://…`, `ws://…`).
 * @param token - An access token for the room.
 * @param options - Room options, timeout and its scheduler.
 * @returns The connected room, once; completes on disconnect.
 */
export function connect(
  url: string,
  token: string,
  options: ConnectOptions = {},
): Observable<Room> {
  const { timeoutMs = 30_000, scheduler = asyncScheduler, ...roomOptions } = options;
  return new Observable<Room>((subscriber) => {
    const badUrl = checkUrl(url);
    if (badUrl !== undefined) {
      subscriber.error(new ConnectError({ url, reason: 'bad-url', detail: badUrl }));
      return;
    }
    const room = new Room();
    let connected = false;
    let released = false;
    const release = (): void => {
      if (released || !connected) return;
      released = true;
      room.off('disconnected', onDisconnected);
      if (room.isConnected) void room.disconnect().catch(() => undefined);
    };
    const onDisconnected = (): void => subscriber.complete();
    const timer = scheduler.schedule(() => {
      subscriber.error(
        new ConnectError({ url, reason: 'timeout', detail: `no connection after ${timeoutMs} ms` }),
      );
    }, timeoutMs);
    room.connect(url, token, { autoSubscribe: true, dynacast: false, ...roomOptions }).then(
      () => {
        connected = true;
        if (subscriber.closed) return release();
        timer.unsubscribe();
        rememberRoom(room);
        room.on('disconnected', onDisconnected);
        subscriber.next(room);
      },
      (err: unknown) => {
        timer.unsubscribe();
        const detail = messageOf(err);
        subscriber.error(new ConnectError({ url, reason: classify(detail), detail }, err));
      },
    );
    return () => {
      timer.unsubscribe();
      release();
    };
  });
}

function checkUrl(url: string): string | undefined {
  if (typeof url !== 'string') return `expected a string, got ${String(url)}`;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return `"${url}" is not a URL`;
  }
  return ['ws:', 'wss:', 'http:', 'https:'].includes(parsed.protocol)
    ? undefined
    : `unsupported scheme ${parsed.protocol}`;
}

function classify(detail: string): ConnectFailure {
  if (/\b40[13]\b|unauthori[sz]ed|forbidden/i.test(detail)) return 'refused-token';
  if (/parse the url|unsupported scheme/i.test(detail)) return 'bad-url';
  if (
    /connection refused|transport connection error|dns|resolve|unreachable|timed? ?out/i.test(
      detail,
    )
  ) {
    return 'unreachable';
  }
  return 'failed';
}
