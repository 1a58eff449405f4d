/**
 * npm run bench: livekit-rx against rtc-node's own utilities, side by side in one run.
 * Prints a markdown report (paste it into docs/performance.md) and writes out/bench.md.
 *   npm run bench                 # everything
 *   npm run bench -- --quick      # shorter timings
 *   npm run bench -- --dev-server # only the dev server: join time and audio latency
 *   npm run bench -- --mix        # only mix: against AudioMixer, and its scale
 *   npm run bench -- --publish-audio  # only publishAudio against a raw captureFrame loop
 *   npm run bench -- --publish-audio-burst=40  # its burst case only, 40 rounds, each printed
 */
import { dispose } from '@livekit/rtc-node';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { apmBenchmarks } from './apm.bench';
import { audioFramesBenchmark, audioFramesOverhead } from './audioFrames.bench';
import { combineFramesBenchmarks } from './combineFrames.bench';
import { devServerBenchmark } from './devServer.bench';
import type { Comparison } from './lib/compare';
import { mixBenchmarks, mixScale } from './mix.bench';
import { participantsBenchmarks, participantsMemory } from './participants.bench';
import { publishAudioBenchmark, publishAudioBurstRounds } from './publishAudio.bench';
import { rechunkBenchmarks } from './rechunk.bench';
import { resampleBenchmarks } from './resample.bench';

const quick = process.argv.includes('--quick');
const onlyDevServer = process.argv.includes('--dev-server');
const onlyMix = process.argv.includes('--mix');
const onlyPublishAudio = process.argv.includes('--publish-audio');
const burstRounds = Number(
  process.argv.find((a) => a.startsWith('--publish-audio-burst'))?.split('=')[1] ?? 0,
);
const pct = (a: number, b: number) => `${(((a - b) / b) * 100).toFixed(1)}%`;
const signed = (x: number) => `${x >= 0 ? '+' : ''}${(x * 100).toFixed(1)}%`;
const range = (r: { min: number; max: number }) => `${signed(r.min)} to ${signed(r.max)}`;
const row = (c: Comparison) =>
  `| ${c.title} | ${c.baseline}: ${c.baselineHz.toFixed(0)}/s | ${c.ours}: ${c.oursHz.toFixed(0)}/s | **${c.speedup.toFixed(1)}x** |`;

async function main(): Promise<void> {
  const lines: string[] = [];
  const say = (line = '') => {
    lines.push(line);
    console.log(line);
  };
  say(
    `Machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  );
  say();
  if (onlyMix || onlyPublishAudio || burstRounds > 0) {
    if (onlyMix) await mixReport(say);
    else if (onlyPublishAudio) await publishAudioReport(say);
    else await publishAudioBurstReport(say, burstRounds);
    mkdirSync('out', { recursive: true });
    writeFileSync('out/bench.md', lines.join('\n') + '\n');
    return;
  }
  if (!onlyDevServer) await comparisons(say);
  const ds = await devServerBenchmark(quick ? 5 : 20, quick ? 10 : 40);
  const ms = (n: number) => `${n.toFixed(1)} ms`;
  say();
  say('Through the embedded dev server (livekit-rx-dev-server), two clients in one process:');
  say();
  say('| measure | p50 | p99 | min | samples |');
  say('| --- | --- | --- | --- | --- |');
  say(
    `| join: \`room.connect()\` until it resolves | ${ms(ds.joinP50)} | ${ms(ds.joinP99)} | ${ms(ds.joinMin)} | ${ds.joins} |`,
  );
  say(
    `| audio: \`captureFrame\` to the remote \`AudioStream\` frame | ${ms(ds.latencyP50)} | ${ms(ds.latencyP99)} | ${ms(ds.latencyMin)} | ${ds.bursts} |`,
  );
  mkdirSync('out', { recursive: true });
  writeFileSync('out/bench.md', lines.join('\n') + '\n');
}

async function comparisons(say: (line?: string) => void): Promise<void> {
  say('| case | rtc-node | livekit-rx | livekit-rx speed |');
  say('| --- | --- | --- | --- |');
  for (const c of [
    ...(await rechunkBenchmarks()),
    ...(await combineFramesBenchmarks(quick ? 300 : 1000)),
    ...(await resampleBenchmarks()),
  ])
    say(row(c));
  say();
  const apmRuns = quick ? 20 : 60;
  say(
    `apm vs the same FFI requests written by hand, 1 s of 48 kHz mono per run, median process CPU time of ${apmRuns} alternating runs:`,
  );
  say();
  say('| stages | raw FFI loop | apm() | apm overhead | 48 kHz mono streams per core |');
  say('| --- | --- | --- | --- | --- |');
  for (const a of await apmBenchmarks(apmRuns)) {
    say(
      `| ${a.title} | ${a.rawMs.toFixed(2)} ms | ${a.oursMs.toFixed(2)} ms | ${(a.overhead * 100).toFixed(1)}% | ${a.realTimeFactor.toFixed(0)} |`,
    );
  }
  say();
  const af = await audioFramesBenchmark(quick ? 100 : 300, quick ? 1 : 3);
  say(
    `audioFrames vs raw \`for await\` over AudioStream, ${af.frames} frames x ${af.rounds} rounds (median):`,
  );
  say();
  say('| per 10 ms frame | raw for-await | audioFrames | difference |');
  say('| --- | --- | --- | --- |');
  say(
    `| event-loop busy time | ${(af.raw.eluMsPerFrame * 1000).toFixed(1)} µs | ${(af.rx.eluMsPerFrame * 1000).toFixed(1)} µs | ${pct(af.rx.eluMsPerFrame, af.raw.eluMsPerFrame)} |`,
  );
  say(
    `| process CPU (all threads) | ${(af.raw.cpuMsPerFrame * 1000).toFixed(1)} µs | ${(af.rx.cpuMsPerFrame * 1000).toFixed(1)} µs | ${pct(af.rx.cpuMsPerFrame, af.raw.cpuMsPerFrame)} |`,
  );
  say();
  const ov = await audioFramesOverhead(quick ? 5_000 : 20_000, quick ? 100 : 300);
  say(
    `audioFrames' own layer (reader loop + bounded delivery) vs a raw \`for await\` on the same JS ReadableStream:`,
  );
  say();
  say('| measure | raw for-await | audioFrames layer | added |');
  say('| --- | --- | --- | --- |');
  say(
    `| wall time per frame, back to back (${ov.frames} frames, median of 5) | ${ov.rawUsPerFrame.toFixed(2)} µs | ${ov.rxUsPerFrame.toFixed(2)} µs | ${(ov.rxUsPerFrame - ov.rawUsPerFrame).toFixed(2)} µs = ${(((ov.rxUsPerFrame - ov.rawUsPerFrame) / (af.raw.eluMsPerFrame * 1000)) * 100).toFixed(1)}% of the raw per-frame busy time above |`,
  );
  say(
    `| latency enqueue -> consumer at 10 ms pace, p50 | ${ov.rawLatencyUs.p50.toFixed(0)} µs | ${ov.rxLatencyUs.p50.toFixed(0)} µs | ${(ov.rxLatencyUs.p50 - ov.rawLatencyUs.p50).toFixed(0)} µs |`,
  );
  say(
    `| latency enqueue -> consumer at 10 ms pace, p99 | ${ov.rawLatencyUs.p99.toFixed(0)} µs | ${ov.rxLatencyUs.p99.toFixed(0)} µs | ${(ov.rxLatencyUs.p99 - ov.rawLatencyUs.p99).toFixed(0)} µs |`,
  );
  await publishAudioReport(say);
  say();
  say(
    'participants(room): N subscribers, 100 participants present, one leaves and one joins per op:',
  );
  say();
  say('| case | room.on + Map (ops/s) | participants() (ops/s) | livekit-rx speed |');
  say('| --- | --- | --- | --- |');
  for (const c of await participantsBenchmarks(quick ? [1, 100] : [1, 100, 1000], 100)) {
    say(
      `| ${c.title} | ${c.baselineHz.toFixed(0)} | ${c.oursHz.toFixed(0)} | **${c.speedup.toFixed(1)}x** |`,
    );
  }
  say();
  say(
    `Heap per participants() subscription (10,000 subscriptions, 100 present): ${participantsMemory(10_000, 100).toFixed(0)} bytes`,
  );
  say();
  await mixReport(say);
}

async function mixReport(say: (line?: string) => void): Promise<void> {
  say(
    'mix vs AudioMixer: 10 s of 48 kHz mono 10 ms frames per stream, all ready at once; CPU per output frame, cheapest of the alternating rounds:',
  );
  say();
  say(
    '| streams | AudioMixer CPU / wall | mix CPU / wall | CPU per output frame: AudioMixer / mix | speed | speed, mix fed by Subjects |',
  );
  say('| --- | --- | --- | --- | --- | --- |');
  for (const m of await mixBenchmarks([4, 32], 10, quick ? 3 : 10)) {
    say(
      `| ${m.streams} | ${m.rtc.cpuMs.toFixed(1)} / ${m.rtc.wallMs.toFixed(1)} ms | ${m.ours.cpuMs.toFixed(1)} / ${m.ours.wallMs.toFixed(1)} ms | ${m.rtc.cpuUsPerBlock.toFixed(2)} / ${m.ours.cpuUsPerBlock.toFixed(2)} µs | **${m.speedup.toFixed(1)}x** | ${m.speedupViaSubjects.toFixed(1)}x |`,
    );
  }
  say();
  for (const n of quick ? [500] : [500, 1000, 2000]) {
    const r = await mixScale(n);
    say(
      `mix scale: ${n} streams x 1 s in ${r.cpuMs.toFixed(0)} ms CPU: ${r.realTimeFactor.toFixed(1)}x real time (about ${Math.floor(n * r.realTimeFactor)} streams on one core)`,
    );
  }
}

async function publishAudioBurstReport(say: (line?: string) => void, count: number) {
  say(`publishAudio vs a raw \`captureFrame\` loop, burst of 3000 frames, ${count} rounds:`);
  say();
  const rounds = await publishAudioBurstRounds(count, 3000, (r, raw, rx) =>
    say(`round ${r}: raw ${raw.toFixed(1)} µs, publishAudio ${rx.toFixed(1)} µs: ${pct(rx, raw)}`),
  );
  const diffs = rounds.map((c) => c.rx / c.raw - 1).sort((a, b) => a - b);
  const at = (q: number) => diffs[Math.min(diffs.length - 1, Math.floor(diffs.length * q))] ?? 0;
  say();
  say(
    `process CPU per frame, publishAudio vs raw per round: median ${signed(at(0.5))}, ` +
      `quartiles ${signed(at(0.25))} to ${signed(at(0.75))}, range ${range({ min: at(0), max: at(1) })}`,
  );
}

async function publishAudioReport(say: (line?: string) => void): Promise<void> {
  const pa = await publishAudioBenchmark(
    quick ? 1000 : 3000,
    quick ? 100 : 300,
    quick ? 1 : 5,
    quick ? 1000 : 3000,
  );
  const us = (n: number) => `${n.toFixed(1)} µs`;
  say(
    `publishAudio vs a raw \`captureFrame\` loop on the same loopback (median of ${pa.rounds} alternating rounds):`,
  );
  say();
  say('| case | raw captureFrame loop | publishAudio | difference |');
  say('| --- | --- | --- | --- |');
  for (const [title, c] of [
    [`burst, ${pa.frames} frames: frames/s`, 'framesPerSecond'],
    ['burst: process CPU per frame', 'cpuUsPerFrame'],
    ['burst: event-loop busy per frame', 'eluUsPerFrame'],
  ] as const) {
    const [raw, rx] = [pa.burst.raw[c], pa.burst.rx[c]];
    const show = c === 'framesPerSecond' ? (n: number) => n.toFixed(0) : us;
    const spread = c === 'cpuUsPerFrame' ? ` (rounds: ${range(pa.burst.cpuRatio)})` : '';
    say(`| ${title} | ${show(raw)} | ${show(rx)} | ${pct(rx, raw)}${spread} |`);
  }
  for (const [title, c] of [
    ['real time: process CPU per frame', 'cpuUsPerFrame'],
    ['real time: event-loop busy per frame', 'eluUsPerFrame'],
  ] as const) {
    const [raw, rx] = [pa.realTime.raw[c], pa.realTime.rx[c]];
    const spread = c === 'cpuUsPerFrame' ? ` (rounds: ${range(pa.realTime.cpuRatio)})` : '';
    say(`| ${title} | ${us(raw)} | ${us(rx)} | ${pct(rx, raw)}${spread} |`);
  }
  const ms = (n: number) => `${n.toFixed(3)} ms`;
  say(
    `| latency to \`captureFrame\`, p50 / p99 (${pa.latency.samples} frames) | ${ms(pa.latency.raw.p50)} / ${ms(pa.latency.raw.p99)} | ${ms(pa.latency.rx.p50)} / ${ms(pa.latency.rx.p99)} | +${ms(pa.latency.rx.p99 - pa.latency.raw.p99)} at p99 |`,
  );
  say(
    `| JS only (a no-op source): CPU per frame | ${us(pa.jsOnly.raw)} | ${us(pa.jsOnly.publishAudio)} (captureAudio ${us(pa.jsOnly.captureAudio)}) | +${us(pa.jsOnly.publishAudio - pa.jsOnly.raw)} |`,
  );
}

main()
  .catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  })
  .finally(() => dispose());
