/**
 * livekit-rx: LiveKit's real-time media as RxJS observables, over `@livekit/rtc-node`.
 * Sources produce, operators transform, sinks act on the room.
 * @packageDocumentation
 * @module livekit-rx
 */
export * from './operators';
export { audioFrames, type AudioFramesOptions } from './sources/audioFrames';
export { videoFrames, type VideoFramesOptions } from './sources/videoFrames';
export { subscribedAudio } from './sources/subscribedAudio';
export { subscribedVideo } from './sources/subscribedVideo';
export type { SubscribedMedia } from './internal/subscribedMedia';
export type { ParticipantTrackRef, TrackInput } from './internal/trackFrames';
export {
  captureAudio,
  type AudioSourceLike,
  type CaptureAudioOptions,
  type CaptureEvent,
  type CapturedEvent,
  type DroppedEvent,
  type InterruptedEvent,
  type PlayedOutEvent,
} from './sinks/captureAudio';
export {
  publishAudio,
  type AudioDroppedEvent,
  type AudioInterruptedEvent,
  type AudioPlayedOutEvent,
  type AudioQueuedEvent,
  type PublishAudioEvent,
  type PublishAudioOptions,
} from './sinks/publishAudio';
export {
  publishVideo,
  type PublishVideoEvent,
  type PublishVideoOptions,
  type VideoCapturedEvent,
  type VideoCaptureInput,
  type VideoDroppedEvent,
} from './sinks/publishVideo';
export { muted } from './sinks/muted';
export type { PublishedEvent, UnpublishedEvent, UnpublishReason } from './sinks/PublicationEvent';
export { PublishError, type PublishErrorInfo, type PublishFailure } from './errors/PublishError';
export { readWav, type ReadWavOptions } from './sources/readWav';
export { writeWav, type WavSummary, type WriteWavOptions } from './sinks/writeWav';
export {
  WavFormatError,
  type WavFormatErrorInfo,
  type WavFormatProblem,
} from './errors/WavFormatError';
export { WavFileError, type WavFileErrorInfo } from './errors/WavFileError';
export { CaptureError, type CaptureErrorInfo } from './errors/CaptureError';
export { AudioStreamError, type AudioStreamErrorInfo } from './errors/AudioStreamError';
export { VideoStreamError, type VideoStreamErrorInfo } from './errors/VideoStreamError';
export { ConnectError, type ConnectErrorInfo, type ConnectFailure } from './errors/ConnectError';
export {
  RoomNotConnectedError,
  type RoomNotConnectedErrorInfo,
} from './errors/RoomNotConnectedError';
export {
  RoomDisconnectedError,
  type RoomDisconnectedErrorInfo,
} from './errors/RoomDisconnectedError';
export {
  UnknownRoomEventError,
  type UnknownRoomEventErrorInfo,
} from './errors/UnknownRoomEventError';
export { TopicInUseError, type TopicInUseErrorInfo } from './errors/TopicInUseError';
export type {
  LocalParticipantLike,
  LocalPublicationOf,
  ParticipantLike,
  ParticipantOf,
  PublicationOf,
  RemoteParticipantLike,
  RemoteParticipantOf,
  RemotePublicationOf,
  RemoteTrackOf,
  RemoteTrackPublicationLike,
  RoomEventArgs,
  RoomEventName,
  RoomLike,
  RoomLikeCallbacks,
  RtcRoomListener,
  RtcRoomListenerArgs,
  StreamReaderLike,
  TrackLike,
  TrackPublicationLike,
} from './room/RoomLike';
export type { TrackFilter } from './room/TrackFilter';
export { connect, type ConnectOptions } from './room/connect';
export { setRtcLogLevel, type RtcLogLevel } from './room/setRtcLogLevel';
export { fromRoom } from './room/fromRoom';
export { roomEvent } from './sources/roomEvent';
export { connectionState } from './sources/connectionState';
export { participants } from './sources/participants';
export { participant } from './sources/participant';
export { participantAttributes } from './sources/participantAttributes';
export { participantMetadata } from './sources/participantMetadata';
export { participantName } from './sources/participantName';
export { roomMetadata } from './sources/roomMetadata';
export { activeSpeakers } from './sources/activeSpeakers';
export { connectionQuality } from './sources/connectionQuality';
export {
  trackPublications,
  type PublishedTrack,
  type TrackPublicationsFilter,
} from './sources/trackPublications';
export { subscribedTracks, type SubscribedTrack } from './sources/subscribedTracks';
export { encryptionStatus } from './sources/encryptionStatus';
export { participantJoined } from './sources/participantJoined';
export { participantLeft } from './sources/participantLeft';
export { firstParticipantJoined } from './sources/firstParticipantJoined';
export { waitForParticipant, type ParticipantMatch } from './sources/waitForParticipant';
export { dataReceived, type DataPacket, type DataReceivedFilter } from './sources/dataReceived';
export { dtmfReceived, type DtmfTone } from './sources/dtmfReceived';
export { chatMessages, type ReceivedChatMessage } from './sources/chatMessages';
export { transcriptions, type TranscriptionUpdate } from './sources/transcriptions';
// Data packets, chat, DTMF and RPC (sinks and sources).
export { publishData, type DataSentEvent, type PublishDataOptions } from './sinks/publishData';
export { sendChatMessage, type SendChatMessageOptions } from './sinks/sendChatMessage';
export { publishDtmf, type DtmfSent } from './sinks/publishDtmf';
export { rpcRequests, type RpcRequest, type RpcRequestsOptions } from './sources/rpcRequests';
export {
  handleRpc,
  type HandleRpcOptions,
  type RpcAnswer,
  type RpcHandledEvent,
} from './sinks/handleRpc';
export { performRpc, type PerformRpcOptions } from './sinks/performRpc';
export { PayloadTooLargeError, type PayloadTooLargeErrorInfo } from './errors/PayloadTooLargeError';
// ---- data streams: text and byte streams, files, transcriptions ----
export { textStreams, type IncomingTextStream } from './sources/textStreams';
export { byteStreams, type IncomingByteStream, type ReceiveProgress } from './sources/byteStreams';
export type { IncomingStreamsOptions } from './sources/IncomingStreamsOptions';
export type { DataStreamSendOptions } from './sinks/DataStreamSendOptions';
export {
  streamText,
  type StreamTextOptions,
  type TextStreamClosedEvent,
  type TextStreamDroppedEvent,
  type TextStreamEvent,
  type TextStreamOpenedEvent,
  type TextStreamWrittenEvent,
} from './sinks/streamText';
export { sendText } from './sinks/sendText';
export {
  streamBytes,
  type ByteStreamClosedEvent,
  type ByteStreamDroppedEvent,
  type ByteStreamEvent,
  type ByteStreamOpenedEvent,
  type ByteStreamProgressEvent,
  type StreamBytesOptions,
} from './sinks/streamBytes';
export { sendFile, type SendFileOptions, type SendProgress } from './sinks/sendFile';
export {
  publishTranscription,
  type PublishTranscriptionOptions,
  type TranscriptionSegmentInput,
  type TranscriptionSentEvent,
} from './sinks/publishTranscription';
export {
  DataStreamError,
  type DataStreamErrorInfo,
  type DataStreamProblem,
} from './errors/DataStreamError';
export {
  RecipientNotFoundError,
  type RecipientNotFoundErrorInfo,
} from './errors/RecipientNotFoundError';
export {
  DataSendError,
  type DataSendErrorInfo,
  type DataSendFailure,
} from './errors/DataSendError';
export { RpcMethodInUseError, type RpcMethodInUseErrorInfo } from './errors/RpcMethodInUseError';
export { RpcCallError, type RpcCallErrorInfo } from './errors/RpcCallError';
export {
  SendFileError,
  type SendFileErrorInfo,
  type SendFileProblem,
} from './errors/SendFileError';
// ---- end of data streams ----
export { reconnecting } from './sources/reconnecting';
export { reconnected } from './sources/reconnected';
export { disconnected } from './sources/disconnected';
// ---- end-to-end encryption and RTC statistics (issue 13) ----
export { encryptionErrors, type EncryptionErrorEvent } from './sources/encryptionErrors';
export { frameCryptors, type FrameCryptorState } from './sources/frameCryptors';
export { setSharedKey, type SetSharedKeyOptions, type SharedKeySet } from './sinks/setSharedKey';
export {
  ratchetSharedKey,
  type RatchetedKey,
  type RatchetSharedKeyOptions,
} from './sinks/ratchetSharedKey';
export {
  setKey,
  type ParticipantKey,
  type ParticipantKeySet,
  type SetKeyOptions,
} from './sinks/setKey';
export { setEncryptionEnabled } from './sinks/setEncryptionEnabled';
export { requireEncrypted, type RequireEncryptedOptions } from './operators/requireEncrypted';
export type { ConnectEncryptionOptions } from './internal/connectEncryption';
export {
  EncryptionKeyError,
  type EncryptionKeyErrorInfo,
  type EncryptionKeyProblem,
} from './errors/EncryptionKeyError';
export {
  EncryptionNotEnabledError,
  type EncryptionNotEnabledErrorInfo,
  type EncryptionNotEnabledReason,
} from './errors/EncryptionNotEnabledError';
export { NotEncryptedError, type NotEncryptedErrorInfo } from './errors/NotEncryptedError';
export { rtcStats, type RtcStatsOptions, type RtcStatsReport } from './sources/rtcStats';
export type { RtcTrackStats } from './internal/deriveRtcStats';
export type { RtcSessionStats, RtcStatsEntry } from './native/RtcSessionStats';
export { RtcStatsError, type RtcStatsErrorInfo } from './errors/RtcStatsError';
