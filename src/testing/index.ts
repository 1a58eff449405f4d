/**
 * `livekit-rx/testing`: doubles and helpers for marble-testing livekit-rx pipelines in virtual
 * time, without the native runtime.
 * @packageDocumentation
 * @module livekit-rx/testing
 */
export { TestAudioSource, type TestAudioSourceOptions } from './TestAudioSource';
export { testFrame, type TestFrameOptions } from './testFrame';
export { TestRoom, type TestRoomOptions, type TestRtcStatsResponder } from './TestRoom';
export type { TestRoomEncryption } from './TestE2ee';
export type { TestRoomAction } from './TestRoomAction';
export type { TestRoomSent } from './TestRoomSent';
export type { TestRpcAnswer } from './TestRpc';
export { TestParticipant, type TestParticipantInit } from './TestParticipant';
export { TestLocalParticipant, type TestPublishOptions } from './TestLocalParticipant';
export { TestTrack, type TestLocalTrackInit } from './TestTrack';
export { TestVideoSource, type TestVideoCapture } from './TestVideoSource';
export { TestTrackPublication, type TestTrackInit } from './TestTrackPublication';
export { TestStreamReader } from './TestStreamReader';
export type { TestStreamHeader } from './TestIncomingStreams';
export type { TestOutgoingStreamOptions, TestStreamWriter } from './testDataStreamHooks';
