/**
 * `livekit-rx/operators`: the operators, pure PCM functions and data codecs that need no room,
 * for Rx apps that only transform audio or decode and encode payloads.
 * @packageDocumentation
 * @module livekit-rx/operators
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
export type { Codec } from './codecs/Codec';
export { jsonCodec, type JsonGuard } from './codecs/jsonCodec';
export { protobufCodec, type ProtobufType } from './codecs/protobufCodec';
export { textCodec } from './codecs/textCodec';
export { decode } from './operators/decode';
export {
  decodeOrSkip,
  type DecodeOrSkipOptions,
  type DecodeSkippedObserver,
} from './operators/decodeOrSkip';
export { decodeStrict } from './operators/decodeStrict';
export { encode } from './operators/encode';
export type { Decodable } from './internal/decodeItem';
export type { DataPacket } from './sources/dataReceived';
export {
  DecodeError,
  type DecodeErrorInfo,
  type DecodeLocation,
  type DecodeProblem,
} from './errors/DecodeError';
export { EncodeError, type EncodeErrorInfo } from './errors/EncodeError';
