import { networkInterfaces } from 'node:os';

/**
 * The machine's non-loopback addresses. libwebrtc gathers no loopback candidates, so a client
 * and the server pair over one of these (DEVSERVER-FACTS pitfall 6): with none, nothing connects.
 */
export function pairableAddresses(): { ipv4: string[]; ipv6: string[] } {
  const ipv4: string[] = [];
  const ipv6: string[] = [];
  for (const list of Object.values(networkInterfaces())) {
    for (const a of list ?? []) {
      if (a.internal) continue;
      if (a.family === 'IPv4') ipv4.push(a.address);
      else if (!a.address.startsWith('fe80')) ipv6.push(a.address);
    }
  }
  return { ipv4, ipv6 };
}
