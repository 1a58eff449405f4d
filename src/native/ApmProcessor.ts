/** Which WebRTC audio processing stages a native APM runs. @internal */
export interface ApmSettings {
  readonly echoCancellation: boolean;
  readonly noiseSuppression: boolean;
  readonly autoGainControl: boolean;
  readonly highPassFilter: boolean;
}

/**
 * One WebRTC audio processing module. Every method is synchronous and throws an `Error` with the
 * native side's message when it refuses; `processStream`/`processReverseStream` take exactly
 * 10 ms of interleaved PCM ({@link apmFrameLength}) and process it in place.
 * @internal
 */
export interface ApmProcessor {
  /** Processes 10 ms of near-end (capture) audio in place. */
  processStream(data: Int16Array, sampleRate: number, numChannels: number): void;
  /** Feeds 10 ms of far-end (playback) audio to the echo canceller, in place. */
  processReverseStream(data: Int16Array, sampleRate: number, numChannels: number): void;
  /** Tells the echo canceller the delay between far-end playback and its echo in the capture. */
  setStreamDelay(delayMs: number): void;
  /** Releases the native module; further calls throw. Idempotent. */
  close(): void;
}
