/**
 * `livekit-rx/testing`: doubles and helpers for marble-testing livekit-rx pipelines in virtual
 * time, without the native runtime.
 * @packageDocumentation
 */
export { TestAudioSource, type TestAudioSourceOptions } from './TestAudioSource';
export { testFrame, type TestFrameOptions } from './testFrame';
