import { AudioFrame } from '@livekit/rtc-node';
import { Observable, of } from 'rxjs';
import { mix as mixNew } from '../src/operators/mix';
import { mix as mixOld } from './_mixOld';
import { sineFrames } from './lib/sineFrames';
const pcm = sineFrames(1000, { amplitude: 1000 });
function run(mix: typeof mixNew, streams: number): number {
  const feeds: { next(f: AudioFrame): void; complete(): void }[] = [];
  const sources = Array.from({ length: streams }, () => new Observable<AudioFrame>((s) => void feeds.push(s)));
  let n = 0;
  const c0 = process.cpuUsage();
  const sub = mix(of(...sources), { blocksize: 480 }).subscribe(() => n++);
  for (const frame of pcm) for (const feed of feeds) feed.next(frame);
  for (const feed of feeds) feed.complete();
  sub.unsubscribe();
  const c = process.cpuUsage(c0);
  if (n !== 1000) throw new Error('n ' + n);
  return (c.user + c.system) / n; // µs per out frame
}
for (const streams of [4, 32]) {
  const a: number[] = [], b: number[] = [];
  for (let i = 0; i < 10; i++) { run(mixOld, streams); run(mixNew, streams); }
  for (let i = 0; i < 30; i++) { a.push(run(mixOld, streams)); b.push(run(mixNew, streams)); }
  a.sort((x, y) => x - y); b.sort((x, y) => x - y);
  console.log(streams, 'old min/med', a[0]!.toFixed(2), a[15]!.toFixed(2), ' new min/med', b[0]!.toFixed(2), b[15]!.toFixed(2), ' ratio(min) ', (a[0]! / b[0]!).toFixed(2), ' ratio(med)', (a[15]! / b[15]!).toFixed(2));
}
