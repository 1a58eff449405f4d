import * as everything from 'livekit-rx';
import * as operators from 'livekit-rx/operators';
import * as testing from 'livekit-rx/testing';

const operatorNames = [
  'ApmError',
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
  'deinterleavePcm',
  'fillSilence',
  'gain',
  'gainPcm',
  'indexOfPcm',
  'interleavePcm',
  'mix',
  'mixWith',
  'rechunk',
  'remix',
  'remixPcm',
  'resample',
  'samplesPerChannelFor',
  'sinePcm',
  'splitPcm',
  'synchronizeAV',
  'voiceActivity',
  'zeroOffsetPcm',
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
];

describe('public surface', () => {
  it('livekit-rx exports the contract names', () => {
    expect(Object.keys(everything).sort()).toEqual(
      [
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
});
