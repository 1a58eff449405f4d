import type { Observable } from 'rxjs';
import { sendOnce } from '../internal/sendOnce';
import type { RoomLike } from '../room/RoomLike';

/** A DTMF tone that was sent. */
export interface DtmfSent {
  readonly code: number;
  readonly digit: string;
}

/** The 16 DTMF events of RFC 4733, by code: 0-9, then *, #, A-D. */
const DIGITS = '0123456789*#ABCD';

/**
 * Sends one DTMF tone (SIP keypad press: `code` 0-15, `digit` its character, as rtc-node's
 * `publishDtmf` takes them) when subscribed: emits it, then completes. Cold: each subscription
 * sends once. A code and digit that do not match (RFC 4733: 0-9, 10 `*`, 11 `#`, 12-15 `A`-`D`)
 * throw a `RangeError` at once; rtc-node refusing the tone is a `DataSendError`.
 *
 * ```text
 * publishDtmf(room, 1, '1'):  ---(t|)     (t = { code: 1, digit: '1' })
 * ```
 *
 * @example
 * ```ts
 * import { concatMap, from } from 'rxjs';
 * import { publishDtmf } from 'livekit-rx';
 * // Dial an extension, one tone after the other.
 * from('1234#')
 *   .pipe(concatMap((digit) => publishDtmf(room, '0123456789*#'.indexOf(digit), digit)))
 *   .subscribe();
 * ```
 *
 * @param room - A connected room.
 * @param code - The DTMF event code, 0-15.
 * @param digit - Its character: `0`-`9`, `*`, `#`, `A`-`D`.
 * @returns The sent tone, then completion.
 * @throws RangeError at once for a code or digit outside RFC 4733, or that do not match.
 */
export function publishDtmf(room: RoomLike, code: number, digit: string): Observable<DtmfSent> {
  if (
    !Number.isInteger(code) ||
    code < 0 ||
    code > 15 ||
    typeof digit !== 'string' ||
    DIGITS[code] !== digit.toUpperCase()
  ) {
    throw new RangeError(
      `publishDtmf: code ${code} and digit ${JSON.stringify(digit)} are not a DTMF tone ` +
        `(codes 0-9 are the digits, 10 is '*', 11 '#', 12-15 'A'-'D')`,
    );
  }
  return sendOnce<DtmfSent>('publishDtmf', room, (hooks, done) =>
    hooks.publishDtmf(code, digit, (error) => done(error, { code, digit })),
  );
}
