import { RpcError } from '@livekit/rtc-node';
import * as everything from 'livekit-rx';
import * as operators from 'livekit-rx/operators';
import * as testing from 'livekit-rx/testing';

const operatorNames = [
  'ApmError',
  'DecodeError',
  'EncodeError',
  'FrameFormatError',
  'LiveKitRxError',
  'PcmChunker',
  'QueueOverflowError',
  'ResampleError',
  'apm',
  'combineFrames',
  'audioLevel',
  'concatMapBounded',
  'concatPcm',
  'decode',
  'decodeOrSkip',
  'decodeStrict',
  'deinterleavePcm',
  'encode',
  'fillSilence',
  'gain',
  'gainPcm',
  'indexOfPcm',
  'interleavePcm',
  'jsonCodec',
  'mix',
  'mixWith',
  'protobufCodec',
  'rechunk',
  'remix',
  'remixPcm',
  'resample',
  'samplesPerChannelFor',
  'sinePcm',
  'splitPcm',
  'synchronizeAV',
  'textCodec',
  'voiceActivity',
  'zeroOffsetPcm',
];

/**
 * Text and byte streams, files and transcriptions (issue 12, data streams). RecipientNotFoundError
 * is shared with the data-packet sinks: the expected list is deduplicated.
 */
const dataStreamNames = [
  'DataStreamError',
  'SendFileError',
  'RecipientNotFoundError',
  'byteStreams',
  'publishTranscription',
  'sendFile',
  'sendText',
  'streamBytes',
  'streamText',
  'textStreams',
];

const roomNames = [
  'ConnectError',
  'RoomDisconnectedError',
  'RoomNotConnectedError',
  'TopicInUseError',
  'UnknownRoomEventError',
  'activeSpeakers',
  'chatMessages',
  'connect',
  'connectionQuality',
  'connectionState',
  'dataReceived',
  'disconnected',
  'dtmfReceived',
  'encryptionStatus',
  'firstParticipantJoined',
  'fromRoom',
  'participant',
  'participantAttributes',
  'participantJoined',
  'participantLeft',
  'participantMetadata',
  'participantName',
  'participants',
  'reconnected',
  'reconnecting',
  'roomEvent',
  'roomMetadata',
  'setRtcLogLevel',
  'subscribedTracks',
  'trackPublications',
  'transcriptions',
  'waitForParticipant',
  // data packets, chat, DTMF and RPC
  'DataSendError',
  'PayloadTooLargeError',
  'RecipientNotFoundError',
  'RpcCallError',
  'RpcMethodInUseError',
  'handleRpc',
  'performRpc',
  'publishData',
  'publishDtmf',
  'rpcRequests',
  'sendChatMessage',
  // end-to-end encryption and RTC statistics
  'EncryptionKeyError',
  'EncryptionNotEnabledError',
  'NotEncryptedError',
  'RtcStatsError',
  'encryptionErrors',
  'frameCryptors',
  'ratchetSharedKey',
  'requireEncrypted',
  'rtcStats',
  'setEncryptionEnabled',
  'setKey',
  'setSharedKey',
];

describe('public surface', () => {
  it('livekit-rx exports the contract names', () => {
    expect(Object.keys(everything).sort()).toEqual(
      [
        ...new Set([
          ...operatorNames,
          'AudioStreamError',
          'CaptureError',
          'PublishError',
          'VideoStreamError',
          'audioFrames',
          'captureAudio',
          'subscribedAudio',
          'subscribedVideo',
          'videoFrames',
          'readWav',
          'writeWav',
          'WavFileError',
          'WavFormatError',
          'muted',
          'publishAudio',
          'publishVideo',
          ...roomNames,
          ...dataStreamNames,
        ]),
      ].sort(),
    );
  });

  it('livekit-rx/operators exports the operators and pure PCM functions, no sources or sinks', () => {
    expect(Object.keys(operators).sort()).toEqual([...operatorNames].sort());
    for (const [name, value] of Object.entries(operators)) {
      expect((everything as Record<string, unknown>)[name]).toBe(value);
    }
  });

  it('livekit-rx/testing exports the test doubles', () => {
    expect(Object.keys(testing).sort()).toEqual([
      'TestAudioSource',
      'TestLocalParticipant',
      'TestParticipant',
      'TestRoom',
      'TestStreamReader',
      'TestTrack',
      'TestTrackPublication',
      'TestVideoSource',
      'testFrame',
    ]);
  });

  it('every error class is a LiveKitRxError with its own name', () => {
    const info = {
      operator: 'x',
      frameIndex: 0,
      problem: 'length',
      expected: 1,
      actual: 0,
    } as const;
    const err = new everything.FrameFormatError(info, 'hint');
    expect(err).toBeInstanceOf(everything.LiveKitRxError);
    expect(err).toBeInstanceOf(Error);
    expect(err.name).toBe('FrameFormatError');
    expect(new everything.QueueOverflowError({ operator: 'o', bufferSize: 1, index: 1 }).name).toBe(
      'QueueOverflowError',
    );
  });

  it('every exported error class extends LiveKitRxError, but RpcCallError, which extends rtc-node’s RpcError', () => {
    const errors = Object.entries(everything).filter(([name]) => name.endsWith('Error'));
    expect(errors.length).toBeGreaterThan(20);
    for (const [name, value] of errors) {
      const proto = (value as { prototype: object }).prototype;
      if (name === 'LiveKitRxError') continue;
      if (name === 'RpcCallError') expect(proto).toBeInstanceOf(RpcError);
      else expect([name, proto instanceof everything.LiveKitRxError]).toEqual([name, true]);
    }
  });
});
