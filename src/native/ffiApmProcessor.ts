import {
  FfiHandle,
  FfiRequest,
  FfiResponse,
  livekitFfiRequest,
  livekitRetrievePtr,
  type ApmProcessReverseStreamRequest,
  type ApmProcessStreamRequest,
  type PartialMessage,
} from '@livekit/rtc-ffi-bindings';
import { AudioFrame } from '@livekit/rtc-node';
import { apmFrameLength } from './apmFrameLength';
import type { ApmProcessor, ApmSettings } from './ApmProcessor';
import { isApmStreamDelay } from './isApmStreamDelay';

type ApmCase = 'newApm' | 'apmProcessStream' | 'apmProcessReverseStream' | 'apmSetStreamDelay';
type RequestMessage = NonNullable<PartialMessage<FfiRequest>['message']>;
type RequestOf<C extends ApmCase> = Extract<RequestMessage, { case: C }>['value'];
type ResponseOf<C extends ApmCase> = Extract<FfiResponse['message'], { case: C }>['value'];

/**
 * Sends one encoded request and returns the response of its kind. Synchronous, like rtc-node's
 * own `FfiClient.request`: APM requests do their work inside the call.
 */
function send<C extends ApmCase>(kind: C, request: FfiRequest): ResponseOf<C> {
  const response = FfiResponse.fromBinary(livekitFfiRequest(request.toBinary())).message;
  if (response.case !== kind) {
    throw new Error(`the native side answered a ${kind} request with ${String(response.case)}`);
  }
  return response.value as ResponseOf<C>;
}

/** One synchronous FFI request built from its fields. */
function request<C extends ApmCase>(kind: C, value: RequestOf<C>): ResponseOf<C> {
  // proto2: every field of these requests is `required`, so encoding fails on a missing one.
  return send(kind, new FfiRequest({ message: { case: kind, value } as RequestMessage }));
}

/**
 * rtc-node starts its native runtime (`livekitInitialize`, with its event callback and log
 * capture) the first time it needs its FFI client. Make it do that before our first request, so
 * there is one runtime, rtc-node's, which its `dispose()` shuts down.
 */
function ensureRuntime(): void {
  if ((globalThis as { _ffiClientInstance?: unknown })._ffiClientInstance === undefined) {
    new AudioFrame(new Int16Array(1), 48000, 1, 1).protoInfo();
  }
}

/**
 * A pointer to `data`'s first sample. `livekitRetrievePtr` reads the typed array's own data
 * pointer, byte offset included (unlike rtc-node's frames, which pass `data.buffer`).
 */
function pointerTo(data: Int16Array): bigint {
  return livekitRetrievePtr(new Uint8Array(data.buffer, data.byteOffset, data.byteLength));
}

/**
 * Refuses, in JavaScript, every buffer the native side would panic on: its Rust wrapper asserts
 * a whole number of 10 ms frames and a panic there aborts the process.
 */
function checkTenMs(data: Int16Array, sampleRate: number, numChannels: number): void {
  const length = apmFrameLength(sampleRate, numChannels);
  if (length === undefined || data.length !== length) {
    throw new RangeError(
      `apm: refusing ${data.length} samples at ${sampleRate} Hz x ${numChannels} channel(s): ` +
        `the APM takes exactly one 10 ms frame (${length ?? 'no whole number of'} samples) of a ` +
        `supported format`,
    );
  }
}

/**
 * Creates a native WebRTC audio processing module through `@livekit/rtc-ffi-bindings`
 * (`NewApmRequest`), which rtc-node does not expose. The returned processor owns the native
 * handle until {@link ApmProcessor.close}; `handleId` is the native handle's id, so native tests
 * can ask the native side whether it still holds it.
 * @internal
 */
export function ffiApmProcessor(
  settings: ApmSettings,
): ApmProcessor & { readonly handleId: bigint } {
  ensureRuntime();
  const created = request('newApm', {
    echoCancellerEnabled: settings.echoCancellation,
    gainControllerEnabled: settings.autoGainControl,
    highPassFilterEnabled: settings.highPassFilter,
    noiseSuppressionEnabled: settings.noiseSuppression,
  });
  const id = created.apm?.handle?.id;
  if (id === undefined) throw new Error('the native side created no APM handle');
  let handle: FfiHandle | undefined = new FfiHandle(id);

  const live = (): FfiHandle => {
    if (handle === undefined) throw new Error('apm: the native APM is closed');
    return handle;
  };
  // The two processing requests are built once per module and updated per frame: building a
  // protobuf message is a good part of a frame's JavaScript cost (measured: 13 µs to build and
  // encode a new request, 7.7 µs to update and encode one; the native call is about 6 µs).
  const fields = { apmHandle: id, dataPtr: 0n, size: 0, sampleRate: 0, numChannels: 0 };
  const prepared = (kind: 'apmProcessStream' | 'apmProcessReverseStream') => {
    const message = new FfiRequest({ message: { case: kind, value: fields } });
    // The fields to update are the ones in the message that is encoded (not a copy of them).
    const value = message.message.value as ApmProcessStreamRequest | ApmProcessReverseStreamRequest;
    return { message, value };
  };
  const requests = {
    apmProcessStream: prepared('apmProcessStream'),
    apmProcessReverseStream: prepared('apmProcessReverseStream'),
  };
  const process = (
    kind: 'apmProcessStream' | 'apmProcessReverseStream',
    data: Int16Array,
    sampleRate: number,
    numChannels: number,
  ): void => {
    checkTenMs(data, sampleRate, numChannels);
    live();
    const { message, value } = requests[kind];
    value.dataPtr = pointerTo(data);
    value.size = data.byteLength;
    value.sampleRate = sampleRate;
    value.numChannels = numChannels;
    const { error } = send(kind, message);
    if (error) throw new Error(error);
  };

  return {
    handleId: id,
    processStream: (data, sampleRate, numChannels) =>
      process('apmProcessStream', data, sampleRate, numChannels),
    processReverseStream: (data, sampleRate, numChannels) =>
      process('apmProcessReverseStream', data, sampleRate, numChannels),
    setStreamDelay(delayMs) {
      if (!isApmStreamDelay(delayMs)) {
        throw new RangeError(`apm: the stream delay must be 0 to 500 whole ms, got ${delayMs}`);
      }
      const { error } = request('apmSetStreamDelay', {
        apmHandle: live().handle,
        delayMs,
      });
      if (error) throw new Error(error);
    },
    close() {
      const h = handle;
      handle = undefined;
      try {
        h?.dispose();
      } catch {
        // "trying to drop an invalid handle": the native side no longer holds it, which is all
        // close promises. Teardown must not throw.
      }
    },
  };
}
