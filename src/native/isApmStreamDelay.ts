/** WebRTC's bound on the stream delay: it clamps larger values and reports a warning. */
const MAX_DELAY_MS = 500;

/**
 * Whether `delayMs` is a stream delay the APM takes as is: a whole number of ms from 0 to 500.
 * Outside that range WebRTC clamps the value and reports a failure.
 *
 * ```text
 * isApmStreamDelay(40)   ->  true
 * isApmStreamDelay(-5)   ->  false
 * isApmStreamDelay(600)  ->  false
 * ```
 * @internal
 */
export function isApmStreamDelay(delayMs: number): boolean {
  return Number.isInteger(delayMs) && delayMs >= 0 && delayMs <= MAX_DELAY_MS;
}
