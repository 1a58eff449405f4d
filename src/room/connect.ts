import { Room, type E2EEOptions, type RoomOptions } from '@livekit/rtc-node';
import { asyncScheduler, Observable, type SchedulerLike } from 'rxjs';
import { ConnectError, type ConnectFailure } from '../errors/ConnectError';
import { rememberRoom } from '../internal/roomMemory';
import { messageOf } from '../internal/messageOf';
import {
  checkConnectEncryption,
  type ConnectEncryptionOptions,
} from '../internal/connectEncryption';

/** Options of {@link connect}: rtc-node's `RoomOptions`, plus a timeout. */
export interface ConnectOptions extends Omit<Partial<RoomOptions>, 'encryption' | 'e2ee'> {
  /**
   * End-to-end encryption: rtc-node's `E2EEOptions` (`{ keyProviderOptions: { sharedKey },
   * encryptionType }`) or the same flat (`{ sharedKey, encryptionType, keyRingSize, ... }`),
   * checked before connecting (an {@link EncryptionKeyError} for a key that is not a non-empty
   * `Uint8Array`, a key ring size outside 1-255, ...). See docs/e2ee.md.
   */
  readonly encryption?: E2EEOptions | ConnectEncryptionOptions;
  /** rtc-node's deprecated name of `encryption` (media only: data packets stay unencrypted). */
  readonly e2ee?: E2EEOptions | ConnectEncryptionOptions;
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
 * `dataStream`); `encryption` may also be flat (`{ sharedKey }`), and bad E2EE options fail the
 * subscription with an {@link EncryptionKeyError} before anything connects.
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
  const {
    timeoutMs = 30_000,
    scheduler = asyncScheduler,
    encryption: _encryption,
    e2ee: _e2ee,
    ...roomOptions
  } = options;
  return new Observable<Room>((subscriber) => {
    const badUrl = checkUrl(url);
    if (badUrl !== undefined) {
      subscriber.error(new ConnectError({ url, reason: 'bad-url', detail: badUrl }));
      return;
    }
    let e2eeOptions: Pick<RoomOptions, 'encryption' | 'e2ee'>;
    try {
      e2eeOptions = checkedEncryption(options);
    } catch (err) {
      subscriber.error(err);
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
    room
      .connect(url, token, {
        autoSubscribe: true,
        dynacast: false,
        ...roomOptions,
        ...e2eeOptions,
      })
      .then(
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

/** The E2EE options in rtc-node's form, checked (throws an EncryptionKeyError). */
function checkedEncryption(options: ConnectOptions): Pick<RoomOptions, 'encryption' | 'e2ee'> {
  const checked: { encryption?: E2EEOptions; e2ee?: E2EEOptions } = {};
  if (options.encryption !== undefined) {
    checked.encryption = checkConnectEncryption('encryption', options.encryption);
  }
  if (options.e2ee !== undefined) checked.e2ee = checkConnectEncryption('e2ee', options.e2ee);
  return checked;
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
