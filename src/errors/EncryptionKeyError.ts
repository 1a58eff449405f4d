import { LiveKitRxError } from './LiveKitRxError';

/**
 * What was wrong with a key or its address: not a `Uint8Array` (`'key-type'`), empty
 * (`'key-empty'`), a key index outside the key ring (`'key-index'`: the native side aborts the
 * process on one), a key ring size outside 1-255 (`'key-ring-size'`), another E2EE option out of
 * range (`'option'`), an identity that is not in the room (`'unknown-participant'`), or no key
 * at that index to ratchet (`'no-key'`).
 */
export type EncryptionKeyProblem =
  | 'key-type'
  | 'key-empty'
  | 'key-index'
  | 'key-ring-size'
  | 'option'
  | 'unknown-participant'
  | 'no-key';

/** The structured detail of an {@link EncryptionKeyError}. */
export interface EncryptionKeyErrorInfo {
  /** What was called: `'connect'`, `'setSharedKey'`, `'ratchetSharedKey'` or `'setKey'`. */
  readonly operation: string;
  /** What was wrong. */
  readonly problem: EncryptionKeyProblem;
  /** Zero-based index of the stream item that was refused (`undefined` for `connect`). */
  readonly index: number | undefined;
  /** The option or field at fault, e.g. `'sharedKey'`, `'keyIndex'`, `'identity'`. */
  readonly field: string;
  /** What was given, described (`'a string'`, `'16'`, `'"mallory"'`). */
  readonly actual: string;
  /** What is accepted. */
  readonly expected: string;
}

/**
 * A key, key index or E2EE option was refused before it reached the native side: `connect`'s
 * `encryption` options, or an item of `setSharedKey`, `ratchetSharedKey` or `setKey`. A sink's
 * stream ends with it (the keys applied before stay applied); `connect` fails with it before
 * connecting. The native side would silently misuse some of these (an index past the ring wraps
 * around, an empty key disables encryption) and abort the whole process on others (ratcheting
 * an index outside the ring), so livekit-rx checks them all in JavaScript.
 *
 * ```text
 * keys:                          --k1-----k2--     (k2 = new Uint8Array(0))
 * setSharedKey(room):            --a------#        (# = EncryptionKeyError, problem 'key-empty')
 * ```
 *
 * @example
 * ```ts
 * import { EncryptionKeyError, setSharedKey } from 'livekit-rx';
 * keys$.pipe(setSharedKey(room, { keyIndex: 1 })).subscribe({
 *   error: (err) => err instanceof EncryptionKeyError && console.error(err.info.problem),
 * });
 * ```
 */
export class EncryptionKeyError extends LiveKitRxError<EncryptionKeyErrorInfo> {
  /** @param info - Which operation, item and field, what was given and what is accepted. */
  constructor(info: EncryptionKeyErrorInfo) {
    const where = info.index === undefined ? '' : ` (item ${info.index})`;
    super(
      `${info.operation}: ${describeProblem(info.problem)}${where}: ${info.field} is ` +
        `${info.actual}, expected ${info.expected}.`,
      info,
    );
  }
}

function describeProblem(problem: EncryptionKeyProblem): string {
  switch (problem) {
    case 'key-type':
      return 'a key must be bytes';
    case 'key-empty':
      return 'an empty key would leave the media unencrypted';
    case 'key-index':
      return 'the key index is outside the key ring (the native side would abort the process)';
    case 'key-ring-size':
      return 'the key ring size is out of range';
    case 'option':
      return 'an E2EE option is out of range';
    case 'unknown-participant':
      return 'no such participant in the room';
    case 'no-key':
      return 'there is no key at that index to ratchet';
  }
}
