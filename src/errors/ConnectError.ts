import { LiveKitRxError } from './LiveKitRxError';

/** Why {@link connect} failed. */
export type ConnectFailure =
  /** The URL is not a ws://, wss://, http:// or https:// URL. */
  | 'bad-url'
  /** The server refused the token (HTTP 401/403: bad signature, expired, wrong room grant). */
  | 'refused-token'
  /** Nothing answered at the URL (connection refused, DNS failure, not a LiveKit server). */
  | 'unreachable'
  /** The connection did not complete within `timeoutMs`. */
  | 'timeout'
  /** Anything else the SDK reported; `info.detail` holds its message. */
  | 'failed';

/** The structured detail of a {@link ConnectError}. */
export interface ConnectErrorInfo {
  /** The URL that was dialled. */
  readonly url: string;
  /** The classified reason. */
  readonly reason: ConnectFailure;
  /** The SDK's own message, verbatim. */
  readonly detail: string;
}

/**
 * {@link connect} could not join the room. `info.reason` classifies the failure (bad URL, refused
 * token, unreachable server, timeout); `info.detail` and `cause` keep what rtc-node said.
 *
 * ```text
 * connect(url, badToken):  ------#     (# = ConnectError, info.reason 'refused-token')
 * ```
 *
 * @example
 * ```ts
 * import { connect, ConnectError } from 'livekit-rx';
 * connect(url, token).subscribe({
 *   error: (err) => {
 *     if (err instanceof ConnectError && err.info.reason === 'refused-token') renewToken();
 *   },
 * });
 * ```
 */
export class ConnectError extends LiveKitRxError<ConnectErrorInfo> {
  /**
   * @param info - The URL, the classified reason and the SDK's message.
   * @param cause - The error rtc-node raised, if any.
   */
  constructor(info: ConnectErrorInfo, cause?: unknown) {
    super(`connect: could not join ${info.url}: ${HINTS[info.reason]} (${info.detail})`, info, {
      cause,
    });
  }
}

const HINTS: Record<ConnectFailure, string> = {
  'bad-url': 'the URL is not a ws://, wss://, http:// or https:// URL',
  'refused-token':
    'the server refused the token; check the API key and secret, its expiry and its room grant',
  unreachable: 'no LiveKit server answered at that URL; is it running and reachable?',
  timeout: 'the connection did not complete in time',
  failed: 'the SDK reported a failure',
};
