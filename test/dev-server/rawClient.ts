import {
  DataPacket,
  JoinResponse,
  LeaveRequest,
  SessionDescription,
  SignalRequest,
  SignalResponse,
  SignalTarget,
  TrickleRequest,
} from '@livekit/protocol';
import { once } from 'node:events';
import { RTCPeerConnection, type RTCDataChannel } from 'werift';
import { WebSocket } from 'ws';

type ResponseCase = NonNullable<SignalResponse['message']['case']>;
type ResponseOf<C extends ResponseCase> = Extract<SignalResponse['message'], { case: C }>['value'];

/**
 * A LiveKit client written by hand on `ws`, `@livekit/protocol` and werift, for what rtc-node
 * will not do: send malformed or forged signal requests and data packets, ask for another room,
 * vanish mid-negotiation. It speaks the dual peer connection protocol the dev server serves.
 */
export class RawClient {
  readonly received: SignalResponse[] = [];
  private readonly waiters = new Set<() => void>();
  private publisher: RTCPeerConnection | undefined;
  private readonly channels = new Map<string, RTCDataChannel>();
  /** The data packets relayed to this client, as they arrived. */
  readonly data: DataPacket[] = [];
  private readonly dataWaiters = new Set<() => void>();
  private closedWith: { code: number; reason: string } | undefined;
  readonly closed: Promise<{ code: number; reason: string }>;

  private constructor(readonly ws: WebSocket) {
    ws.on('message', (data: Buffer, isBinary: boolean) => {
      this.received.push(
        isBinary
          ? SignalResponse.fromBinary(data)
          : SignalResponse.fromJsonString(data.toString('utf8')),
      );
      for (const wake of [...this.waiters]) wake();
    });
    this.closed = new Promise((resolve) =>
      ws.once('close', (code: number, reason: Buffer) => {
        this.closedWith = { code, reason: reason.toString() };
        resolve(this.closedWith);
        for (const wake of [...this.waiters]) wake();
      }),
    );
  }

  /** Opens `/rtc` with the token (and an extra query); resolves once the socket is open. */
  static async open(url: string, token: string, query = ''): Promise<RawClient> {
    const ws = new WebSocket(`${url}/rtc?sdk=raw&protocol=16&auto_subscribe=1${query}`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const client = new RawClient(ws);
    await once(ws, 'open');
    return client;
  }

  /** Opens `/rtc` and waits for the JoinResponse. */
  static async join(url: string, token: string, query = ''): Promise<[RawClient, JoinResponse]> {
    const client = await RawClient.open(url, token, query);
    return [client, await client.next('join')];
  }

  /** The next (or an already received) response of this case that passes `predicate`. */
  next<C extends ResponseCase>(
    kind: C,
    predicate: (value: ResponseOf<C>) => boolean = () => true,
    timeoutMs = 10_000,
  ): Promise<ResponseOf<C>> {
    return new Promise((resolve, reject) => {
      let seen = 0;
      const check = () => {
        for (; seen < this.received.length; seen++) {
          const { message } = this.received[seen] as SignalResponse;
          const value = message.value as unknown as ResponseOf<C>;
          if (message.case === kind && predicate(value)) {
            done();
            (resolve as (v: unknown) => void)(value);
            return;
          }
        }
        if (this.closedWith !== undefined) {
          done();
          reject(new Error(`closed (${this.closedWith.code}) before a '${kind}' response`));
        }
      };
      const timer = setTimeout(() => {
        done();
        reject(new Error(`no '${kind}' response within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = () => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  /** Sends one signal request (protobuf). */
  send(message: SignalRequest['message']): void {
    this.ws.send(new SignalRequest({ message }).toBinary());
  }

  /**
   * Offers a publisher peer connection with the `_reliable` and `_lossy` data channels, as the
   * SDKs do, and resolves once both are open.
   */
  async connectPublisher(): Promise<void> {
    const pc = await this.offerPublisher();
    const answer = await this.next('answer');
    await pc.setRemoteDescription({ type: 'answer', sdp: answer.sdp });
    await Promise.all(
      [...this.channels.values()].map(
        (channel) =>
          new Promise<void>((resolve) => {
            if (channel.readyState === 'open') return resolve();
            channel.stateChanged.subscribe((state) => state === 'open' && resolve());
          }),
      ),
    );
  }

  /** Creates the publisher peer connection and sends its offer (and candidates), no more. */
  async offerPublisher(): Promise<RTCPeerConnection> {
    const pc = new RTCPeerConnection({ iceUseIpv4: true, iceUseIpv6: false });
    this.publisher = pc;
    for (const [label, options] of [
      ['_reliable', { ordered: true }],
      ['_lossy', { ordered: false, maxRetransmits: 0 }],
    ] as const) {
      const channel = pc.createDataChannel(label, options);
      channel.onMessage.subscribe((data) => {
        if (typeof data === 'string') return;
        this.data.push(DataPacket.fromBinary(data));
        for (const wake of [...this.dataWaiters]) wake();
      });
      this.channels.set(label, channel);
    }
    pc.onIceCandidate.subscribe((candidate) => {
      if (candidate === undefined) return;
      const init = candidate.toJSON();
      this.send({
        case: 'trickle',
        value: new TrickleRequest({
          candidateInit: JSON.stringify({
            candidate: init.candidate,
            sdpMid: String(init.sdpMid ?? '0'),
            sdpMLineIndex: init.sdpMLineIndex ?? 0,
          }),
          target: SignalTarget.PUBLISHER,
        }),
      });
    });
    this.ws.on('message', (data: Buffer, isBinary: boolean) => {
      if (!isBinary) return;
      const { message } = SignalResponse.fromBinary(data);
      if (message.case === 'trickle' && message.value.target === SignalTarget.PUBLISHER) {
        void pc.addIceCandidate(JSON.parse(message.value.candidateInit)).catch(() => undefined);
      }
    });
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    this.send({
      case: 'offer',
      value: new SessionDescription({ type: 'offer', sdp: pc.localDescription?.sdp ?? '', id: 1 }),
    });
    return pc;
  }

  /** Resolves with the received data packets once `count` have arrived. */
  dataPackets(count: number, timeoutMs = 10_000): Promise<DataPacket[]> {
    return new Promise((resolve, reject) => {
      const check = () => {
        if (this.data.length < count) return;
        clearTimeout(timer);
        this.dataWaiters.delete(check);
        resolve(this.data.slice(0, count));
      };
      const timer = setTimeout(() => {
        this.dataWaiters.delete(check);
        reject(new Error(`${this.data.length} of ${count} data packets within ${timeoutMs} ms`));
      }, timeoutMs);
      this.dataWaiters.add(check);
      check();
    });
  }

  /** Sends a data packet, as it is (identities included), on the reliable or lossy channel. */
  sendData(packet: DataPacket, label: '_reliable' | '_lossy' = '_reliable'): void {
    const channel = this.channels.get(label);
    if (channel === undefined) throw new Error('connectPublisher() first');
    channel.send(Buffer.from(packet.toBinary()));
  }

  /** Says goodbye (LeaveRequest) and closes everything. */
  async leave(): Promise<void> {
    if (this.ws.readyState === this.ws.OPEN) {
      this.send({ case: 'leave', value: new LeaveRequest() });
      this.ws.close(1000);
      await this.closed;
    }
    await this.publisher?.close();
  }

  /** Vanishes: the socket is destroyed without a close frame, the peer connection dropped. */
  async vanish(): Promise<void> {
    this.ws.terminate();
    await this.closed;
    await this.publisher?.close();
  }
}
