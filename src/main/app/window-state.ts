// Where the window was: its size and place kept between launches (userData/window-state.json,
// beside the store: nothing in it is secret), and put back only where a screen still shows it.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export interface Bounds {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface WindowState {
  bounds: Bounds;
  maximized: boolean;
}

/** How much of the window's title bar must be on a screen for the place to be kept. */
const VISIBLE_PX = 100;

function isBounds(value: unknown): value is Bounds {
  const b = value as Bounds;
  return !!b && [b.x, b.y, b.width, b.height].every((n) => Number.isSafeInteger(n)) && b.width > 0 && b.height > 0;
}

/** The state saved last, or null when there is none or it does not parse (a first launch). */
export function readWindowState(path: string): WindowState | null {
  try {
    const state = JSON.parse(readFileSync(path, 'utf8')) as WindowState;
    return isBounds(state.bounds) ? { bounds: state.bounds, maximized: state.maximized === true } : null;
  } catch {
    return null;
  }
}

/** Written whole or not at all (a new file, then renamed over the old), and at once: the app is closing. */
export function saveWindowState(path: string, state: WindowState): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(`${path}.new`, `${JSON.stringify(state)}\n`);
  renameSync(`${path}.new`, path);
}

/**
 * The bounds to open with: the saved ones when a screen's work area still holds enough of the
 * window's top edge to grab it (a monitor unplugged since, a resolution changed), no smaller
 * than the window's minimum and no larger than that screen; otherwise none (the OS places it).
 */
export function placeWindow(saved: WindowState | null, workAreas: readonly Bounds[], minimum: { width: number; height: number }): Bounds | null {
  if (!saved) return null;
  const { x, y } = saved.bounds;
  const screen = workAreas.find((area) => {
    const overlap = Math.min(x + saved.bounds.width, area.x + area.width) - Math.max(x, area.x);
    return overlap >= Math.min(VISIBLE_PX, saved.bounds.width) && y >= area.y && y < area.y + area.height - VISIBLE_PX / 2;
  });
  if (!screen) return null;
  const width = Math.min(Math.max(saved.bounds.width, minimum.width), screen.width);
  const height = Math.min(Math.max(saved.bounds.height, minimum.height), screen.height);
  return { x, y, width, height };
}
