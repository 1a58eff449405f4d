/**
 * The base class of every error livekit-rx raises: a named `Error` with a typed `info` field that
 * says what was wrong, so handlers can branch on data instead of parsing messages.
 *
 * ```text
 * source$:  --a--b--#          (# = an error whose class extends LiveKitRxError)
 * ```
 *
 * @example
 * ```ts
 * import { LiveKitRxError } from 'livekit-rx';
 * frames$.subscribe({
 *   error: (err) => {
 *     if (err instanceof LiveKitRxError) console.error(err.name, err.info);
 *   },
 * });
 * ```
 *
 * @typeParam Info - The shape of the structured detail carried by the error.
 */
export abstract class LiveKitRxError<Info extends object = object> extends Error {
  /** Structured detail about what went wrong. */
  readonly info: Info;

  /**
   * @param message - What was wrong and what to do about it.
   * @param info - The structured detail.
   * @param options - Standard `ErrorOptions` (a `cause`).
   */
  constructor(message: string, info: Info, options?: ErrorOptions) {
    super(message, options);
    this.name = new.target.name;
    this.info = info;
  }
}
