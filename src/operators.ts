/**
 * `livekit-rx/operators`: the operators and pure PCM functions that need no room, for Rx apps
 * that only transform audio.
 * @packageDocumentation
 */
export { rechunk, type RechunkOptions, type RechunkRemainder } from './operators/rechunk';
export { resample, type ResampleOptions } from './operators/resample';
export { concatPcm } from './frames/concatPcm';
export { indexOfPcm } from './frames/indexOfPcm';
export { splitPcm } from './frames/splitPcm';
export { interleavePcm } from './frames/interleavePcm';
export { deinterleavePcm } from './frames/deinterleavePcm';
export { zeroOffsetPcm } from './frames/zeroOffsetPcm';
export { samplesPerChannelFor } from './frames/samplesPerChannelFor';
export { sinePcm, type SinePcmOptions } from './frames/sinePcm';
export { PcmChunker } from './frames/PcmChunker';
export { LiveKitRxError } from './errors/LiveKitRxError';
export {
  FrameFormatError,
  type FrameFormatErrorInfo,
  type FrameFormatProblem,
} from './errors/FrameFormatError';
export { ResampleError, type ResampleErrorInfo } from './errors/ResampleError';
export { QueueOverflowError, type QueueOverflowErrorInfo } from './errors/QueueOverflowError';
export type { OverflowPolicy } from './internal/OverflowPolicy';
export type { DroppedFramesObserver } from './internal/boundedDelivery';
export { gain, type GainLevel } from './operators/gain';
export { gainPcm } from './frames/gainPcm';
export { remix } from './operators/remix';
export { remixPcm } from './frames/remixPcm';
export { combineFrames, type CombineFramesOptions } from './operators/combineFrames';
export { audioLevel, type AudioLevel, type AudioLevelOptions } from './operators/audioLevel';
export {
  voiceActivity,
  type VoiceActivity,
  type VoiceActivityOptions,
} from './operators/voiceActivity';
export { fillSilence, type FillSilenceOptions } from './operators/fillSilence';
export { mix, type MixOptions } from './operators/mix';
export { concatMapBounded, type ConcatMapBoundedOptions } from './operators/concatMapBounded';
export { mixWith } from './operators/mixWith';
export { apm, type ApmOptions } from './operators/apm';
export { ApmError, type ApmErrorInfo, type ApmFailure } from './errors/ApmError';
export {
  synchronizeAV,
  type AVItem,
  type AVSyncStats,
  type SynchronizeAVOptions,
  type SynchronizedAV,
} from './operators/synchronizeAV';
