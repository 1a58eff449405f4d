/** The structured detail of a {@link DevServerError}. */
export interface DevServerErrorInfo {
  /**
   * What failed: `'no-network-interface'` (nothing but loopback to pair over), `'listen'` (the
   * port could not be bound), `'options'` (a missing or invalid option), or `'room'` (a named
   * room or participant does not exist).
   */
  readonly kind: 'no-network-interface' | 'listen' | 'options' | 'room';
  /** The host and port the server tried to use, when it got that far. */
  readonly host?: string;
  readonly port?: number;
}

/**
 * The development server could not start, or a call on a running one referred to something that
 * is not there. `message` says what was wrong and what to do; `cause` holds the underlying error.
 *
 * ```text
 * startDevServer({ port: 7880 }):  #     (# = DevServerError, info.kind = 'listen': port taken)
 * server.removeParticipant('x', 'nobody'): throws DevServerError, info.kind = 'room'
 * ```
 *
 * @example
 * ```ts
 * import { startDevServer, DevServerError } from 'livekit-rx-dev-server';
 * try {
 *   await startDevServer({ port: 7880 });
 * } catch (err) {
 *   if (err instanceof DevServerError && err.info.kind === 'listen') console.error(err.message);
 * }
 * ```
 */
export class DevServerError extends Error {
  /** Which kind of failure, and where. */
  readonly info: DevServerErrorInfo;

  /**
   * @param message - What was wrong and what to do.
   * @param info - Which kind of failure, and where.
   * @param cause - The underlying error, if any.
   */
  constructor(message: string, info: DevServerErrorInfo, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'DevServerError';
    this.info = info;
  }
}
