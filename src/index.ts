/**
 * livekit-rx: LiveKit's real-time media as RxJS observables, over `@livekit/rtc-node`.
 * Sources produce, operators transform, sinks act on the room.
 * @packageDocumentation
 */
export * from './operators';
export { audioFrames, type AudioFramesOptions } from './sources/audioFrames';
export {
  captureAudio,
  type AudioSourceLike,
  type CaptureAudioOptions,
  type CaptureEvent,
  type CapturedEvent,
  type DroppedEvent,
  type PlayedOutEvent,
} from './sinks/captureAudio';
export type { OverflowPolicy } from './internal/OverflowPolicy';
export { CaptureError, type CaptureErrorInfo } from './errors/CaptureError';
export { QueueOverflowError, type QueueOverflowErrorInfo } from './errors/QueueOverflowError';
export { AudioStreamError, type AudioStreamErrorInfo } from './errors/AudioStreamError';
