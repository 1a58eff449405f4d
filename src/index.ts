/**
 * livekit-rx: LiveKit's real-time media as RxJS observables, over `@livekit/rtc-node`.
 * Sources produce, operators transform, sinks act on the room.
 * @packageDocumentation
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
export { reconnecting } from './sources/reconnecting';
export { reconnected } from './sources/reconnected';
export { disconnected } from './sources/disconnected';
