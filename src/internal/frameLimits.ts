/**
 * The audio formats livekit-rx's operators, sinks and sources accept, from a frame or as an
 * argument: a whole number of Hz from 1 to 384 kHz (WebRTC's highest native rate, the APM's
 * bound) and 1 to 8 channels (the APM's bound, and what WebRTC's audio frame holds at 96 kHz).
 * Anything else (NaN, Infinity, 44100.5, 2 ** 31 Hz, 0 or 1e6 channels) is refused before any
 * native call: a NaN rate sent to the native resampler hung the process, and 2 ** 31 Hz made
 * a 21-million-sample frame.
 * @internal
 */
export const FRAME_LIMITS = {
  maxSampleRate: 384_000,
  maxChannels: 8,
} as const;
