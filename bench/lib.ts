/**
 * What every benchmark shares. A figure is never a time on its own: these machines are shared
 * and noisy, so each case is measured against a floor measured in the same run, round by round
 * (floor, case, floor, case, …), and reported as the median, smallest and largest of the
 * per-round ratios. A target is a ratio too, and says whether it was met.
 */

export interface Stats {
  median: number;
  min: number;
  max: number;
}

export function stats(values: readonly number[]): Stats {
  if (values.length === 0) throw new Error('no samples');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
  return { median, min: sorted[0]!, max: sorted.at(-1)! };
}

/** What is timed; with `setup`, work done before each timing and not counted (a fresh code, a new page). */
export type Case = (() => Promise<unknown> | unknown) | { setup: () => Promise<unknown> | unknown; run: () => Promise<unknown> | unknown };

/** Times each case once per round, in the same order every round, after `warmUp` rounds that are thrown away. */
export async function interleave(cases: Record<string, Case>, rounds: number, options: { warmUp?: number; between?: () => void } = {}): Promise<Record<string, number[]>> {
  const samples: Record<string, number[]> = Object.fromEntries(Object.keys(cases).map((name) => [name, []]));
  const warmUp = options.warmUp ?? 1;
  for (let round = 0; round < warmUp + rounds; round++) {
    for (const [name, item] of Object.entries(cases)) {
      options.between?.();
      if (typeof item !== 'function') await item.setup();
      const run = typeof item === 'function' ? item : item.run;
      const start = performance.now();
      await run();
      const ms = performance.now() - start;
      if (round >= warmUp) samples[name]!.push(ms);
    }
  }
  return samples;
}

/** The ratio of each of `values` to the floor's value of the same round. */
export function ratios(values: readonly number[], floor: readonly number[]): Stats {
  return stats(values.map((value, i) => value / floor[i]!));
}

export interface Row {
  figure: string;
  /** What the figure is divided by. */
  floor: string;
  ratio: Stats;
  /** The floor's median time, for orientation only. */
  floorMs?: number;
  /** The most the median ratio may be. */
  target?: number;
  /** A time the median must also stay under, where a target is absolute too (a query under 50 ms). */
  absolute?: { ms: number; max: number };
  note?: string;
}

export interface Section {
  title: string;
  /** What was measured, and how to read it. */
  about: string;
  rows: Row[];
}

const times = (x: number): string => `${x < 10 ? x.toFixed(2) : x.toFixed(1)}×`;

export const met = (row: Row): boolean | null =>
  row.target === undefined && row.absolute === undefined
    ? null
    : (row.target === undefined || row.ratio.median <= row.target) && (row.absolute === undefined || row.absolute.ms <= row.absolute.max);

export function markdown(section: Section): string {
  const lines = [`### ${section.title}`, '', section.about, '', '| figure | against | median | min | max | target | met |', '| --- | --- | ---: | ---: | ---: | ---: | :---: |'];
  for (const row of section.rows) {
    const ok = met(row);
    const floor = row.floorMs === undefined ? row.floor : `${row.floor} (${row.floorMs.toFixed(1)} ms)`;
    const target = [row.target === undefined ? null : `≤ ${times(row.target)}`, row.absolute ? `${row.absolute.ms.toFixed(1)} ms, ≤ ${row.absolute.max} ms` : null]
      .filter((part) => part !== null)
      .join('; ');
    lines.push(
      `| ${row.figure}${row.note ? ` (${row.note})` : ''} | ${floor} | ${times(row.ratio.median)} | ${times(row.ratio.min)} | ${times(row.ratio.max)} | ${target} | ${ok === null ? '' : ok ? 'yes' : '**no**'} |`,
    );
  }
  return `${lines.join('\n')}\n`;
}
