/** What the dev server needs to know about one m-section of an SDP. */
export interface MediaSection {
  /** Position of the m-line, from 0. */
  readonly index: number;
  readonly kind: string;
  readonly port: number;
  readonly mid: string | undefined;
  /** `sendrecv`, `sendonly`, `recvonly` or `inactive` (`sendrecv` when the section says none). */
  readonly direction: string;
  /** The `a=msid:<stream> <track>` values, as `[stream, track]`. */
  readonly msids: readonly (readonly [string, string])[];
  /** The RIDs the section sends (`a=rid:<id> send`), in order: a simulcast publisher's layers. */
  readonly sendRids: readonly string[];
}

const DIRECTIONS = new Set(['sendrecv', 'sendonly', 'recvonly', 'inactive']);

/** Splits an SDP into its m-sections and reads mid, direction, msid and rid lines of each. */
export function parseMediaSections(sdp: string): MediaSection[] {
  const sections: MediaSection[] = [];
  let current: {
    kind: string;
    port: number;
    mid: string | undefined;
    direction: string;
    msids: [string, string][];
    sendRids: string[];
  } | null = null;
  const flush = () => {
    if (current !== null) sections.push({ index: sections.length, ...current });
  };
  for (const raw of sdp.split(/\r?\n/)) {
    const line = raw.trim();
    if (line.startsWith('m=')) {
      flush();
      const [kind = '', port = '0'] = line.slice(2).split(' ');
      current = {
        kind,
        port: Number(port),
        mid: undefined,
        direction: 'sendrecv',
        msids: [],
        sendRids: [],
      };
    } else if (current !== null && line.startsWith('a=')) {
      const attr = line.slice(2);
      if (attr.startsWith('mid:')) current.mid = attr.slice(4);
      else if (DIRECTIONS.has(attr)) current.direction = attr;
      else if (attr.startsWith('msid:')) {
        const [stream = '', track = ''] = attr.slice(5).split(' ');
        current.msids.push([stream, track]);
      } else if (attr.startsWith('rid:')) {
        const [id = '', dir = ''] = attr.slice(4).split(' ');
        if (dir === 'send') current.sendRids.push(id);
      }
    }
  }
  flush();
  return sections;
}

/**
 * werift writes port 0 on the m-lines of inactive or rejected transceivers; libwebrtc then
 * never finishes connecting the bundle (DEVSERVER-FACTS pitfall 2). Port 9 (the discard port
 * every bundled m-line uses) works.
 */
export function withoutZeroPorts(sdp: string): string {
  return sdp.replace(/^m=(audio|video|application) 0 /gm, 'm=$1 9 ');
}
