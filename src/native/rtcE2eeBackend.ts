import {
  EncryptionState,
  EncryptionType,
  type E2eeRequest,
  type E2eeResponse,
  type FfiEvent,
  type PartialMessage,
} from '@livekit/rtc-ffi-bindings';
import type { E2eeBackend, FrameCryptorState } from './E2eeBackend';

type RequestMessage = NonNullable<PartialMessage<E2eeRequest>['message']>;
type ResponseMessage = E2eeResponse['message'];
type ResponseOf<C extends RequestMessage['case']> = Extract<ResponseMessage, { case: C }>['value'];

/** rtc-node's process-wide FFI client (`FfiClient.instance`), as far as we use it. */
interface FfiClientLike {
  request(request: { message: { case: 'e2ee'; value: PartialMessage<E2eeRequest> } }): unknown;
  on(event: 'ffi_event', listener: (event: FfiEvent) => void): unknown;
  off(event: 'ffi_event', listener: (event: FfiEvent) => void): unknown;
}

/** The private parts of rtc-node 1.1.0's `Room` this backend reads (present at run time). */
interface RtcRoomInternals {
  readonly ffiHandle?: { readonly handle: bigint } | undefined;
  readonly e2eeManager?:
    | {
        readonly options?: {
          readonly encryptionType?: EncryptionType;
          readonly keyProviderOptions?: {
            readonly sharedKey?: Uint8Array;
            readonly keyRingSize?: number;
          };
        };
      }
    | false
    | undefined;
}

const DEFAULT_KEY_RING_SIZE = 16;
const MAX_KEY_RING_SIZE = 255;

function client(): FfiClientLike {
  const instance = (globalThis as { _ffiClientInstance?: FfiClientLike })._ffiClientInstance;
  if (instance === undefined) {
    throw new Error('the native runtime is not running, so this is not a connected rtc-node room');
  }
  return instance;
}

/**
 * The E2EE backend of a connected rtc-node `Room`, through the FFI `E2eeRequest`s rather than
 * rtc-node's classes: its `KeyProvider` is private on `E2EEManager`, its `setKey` omits the key
 * (the request fails to encode), its `FrameCryptor` drops the track sid (so `setEnabled` and
 * `setKeyIndex` fail to encode, and a request without a `TR_` sid panics the native side and
 * aborts the process), and its room emits only `INTERNAL_ERROR` of the cryptors' states (as
 * `EncryptionError`, without the participant). `undefined` for a room connected without E2EE.
 * Every request is synchronous.
 * @internal
 */
export function rtcE2eeBackend(room: object): E2eeBackend | undefined {
  const internals = room as RtcRoomInternals;
  const manager = internals.e2eeManager;
  if (!manager || internals.ffiHandle === undefined) return undefined;
  const options = manager.options ?? {};
  const provider = options.keyProviderOptions ?? {};
  const handle = (): bigint => {
    if (internals.ffiHandle === undefined) throw new Error('the room has no native handle');
    return internals.ffiHandle.handle;
  };
  const request = <C extends RequestMessage['case']>(
    message: Extract<RequestMessage, { case: C }>,
  ): ResponseOf<C> => {
    const response = client().request({
      message: { case: 'e2ee', value: { roomHandle: handle(), message } },
    }) as E2eeResponse;
    if (response.message.case !== message.case) {
      throw new Error(`the native side answered ${message.case} with ${response.message.case}`);
    }
    return response.message.value as ResponseOf<C>;
  };
  const ringSize = provider.keyRingSize ?? DEFAULT_KEY_RING_SIZE;
  return {
    encryptionType: options.encryptionType ?? EncryptionType.GCM,
    sharedKey: provider.sharedKey !== undefined,
    // The native key handler's own bounds: 0 or less means the default, past 255 is clamped.
    keyRingSize: ringSize <= 0 ? DEFAULT_KEY_RING_SIZE : Math.min(ringSize, MAX_KEY_RING_SIZE),
    setSharedKey(key, keyIndex) {
      request({ case: 'setSharedKey', value: { sharedKey: key, keyIndex } });
    },
    ratchetSharedKey(keyIndex) {
      const key = request({ case: 'ratchetSharedKey', value: { keyIndex } }).newKey;
      return key === undefined || key.length === 0 ? undefined : key;
    },
    setKey(identity, key, keyIndex) {
      request({ case: 'setKey', value: { participantIdentity: identity, key, keyIndex } });
    },
    setEnabled(enabled) {
      request({ case: 'managerSetEnabled', value: { enabled } });
    },
    frameCryptors(): FrameCryptorState[] {
      const { frameCryptors } = request({ case: 'managerGetFrameCryptors', value: {} });
      return frameCryptors.map((c) => ({
        participantIdentity: c.participantIdentity ?? '',
        trackSid: c.trackSid ?? '',
        keyIndex: c.keyIndex ?? 0,
        enabled: c.enabled ?? false,
      }));
    },
    setCryptorKeyIndex(identity, trackSid, keyIndex) {
      // The native side unwraps the sid into a TrackSid: anything without the TR_ prefix panics.
      if (!trackSid.startsWith('TR_')) throw new Error(`not a track sid: "${trackSid}"`);
      request({
        case: 'cryptorSetKeyIndex',
        value: { participantIdentity: identity, trackSid, keyIndex },
      });
    },
    onState(listener) {
      const ffi = client();
      const onEvent = (event: FfiEvent): void => {
        if (event.message.case !== 'roomEvent') return;
        const roomEvent = event.message.value;
        if (roomEvent.roomHandle !== internals.ffiHandle?.handle) return;
        if (roomEvent.message.case !== 'e2eeStateChanged') return;
        const { participantIdentity, state } = roomEvent.message.value;
        listener(participantIdentity ?? '', state ?? EncryptionState.NEW);
      };
      ffi.on('ffi_event', onEvent);
      return () => void ffi.off('ffi_event', onEvent);
    },
  };
}
