/** The lowest and highest sample rates WebRTC's audio processing module accepts. */
const MIN_RATE = 8000;
const MAX_RATE = 384000;
/** The most channels livekit-rx lets one APM process (WebRTC accepts more; cost is per channel). */
const MAX_CHANNELS = 8;

/**
 * The number of interleaved samples in one 10 ms APM frame of this format, or `undefined` when
 * the APM cannot take the format: the rate must be a whole number of Hz from 8 kHz to 384 kHz
 * with a whole number of samples in 10 ms (a multiple of 100), and 1 to 8 channels.
 *
 * The native side asserts a multiple of `sampleRate / 100 * numChannels` samples and **aborts
 * the process** otherwise (a Rust panic across the FFI): every buffer handed to it is checked
 * against this length first.
 *
 * ```text
 * apmFrameLength(48000, 1)  ->  480
 * apmFrameLength(44100, 2)  ->  882
 * apmFrameLength(22050, 1)  ->  undefined   (10 ms = 220.5 samples)
 * ```
 * @internal
 */
export function apmFrameLength(sampleRate: number, numChannels: number): number | undefined {
  const supported =
    Number.isInteger(sampleRate) &&
    sampleRate >= MIN_RATE &&
    sampleRate <= MAX_RATE &&
    sampleRate % 100 === 0 &&
    Number.isInteger(numChannels) &&
    numChannels >= 1 &&
    numChannels <= MAX_CHANNELS;
  return supported ? (sampleRate / 100) * numChannels : undefined;
}
