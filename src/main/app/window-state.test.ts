import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { placeWindow, readWindowState, saveWindowState } from './window-state.js';

const SCREEN = { x: 0, y: 0, width: 1920, height: 1040 };
const SECOND = { x: 1920, y: 0, width: 1280, height: 1000 };
const MIN = { width: 420, height: 560 };
const at = (x: number, y: number, width = 1100, height = 780) => ({ bounds: { x, y, width, height }, maximized: false });

describe('placeWindow', () => {
  it('puts the window back where it was when a screen still shows it', () => {
    expect(placeWindow(at(200, 100), [SCREEN], MIN)).toEqual({ x: 200, y: 100, width: 1100, height: 780 });
    expect(placeWindow(at(2000, 50), [SCREEN, SECOND], MIN)).toEqual({ x: 2000, y: 50, width: 1100, height: 780 });
  });

  it('lets the OS place it when the screen it was on is gone, or its top edge is out of reach', () => {
    expect(placeWindow(at(2000, 50), [SCREEN], MIN)).toBeNull();
    expect(placeWindow(at(-1050, 100), [SCREEN], MIN)).toBeNull();
    expect(placeWindow(at(200, -300), [SCREEN], MIN)).toBeNull();
    expect(placeWindow(at(200, 1020), [SCREEN], MIN)).toBeNull();
    expect(placeWindow(null, [SCREEN], MIN)).toBeNull();
  });

  it('keeps it within the screen and above the minimum size', () => {
    expect(placeWindow(at(0, 0, 5000, 3000), [SCREEN], MIN)).toEqual({ x: 0, y: 0, width: 1920, height: 1040 });
    expect(placeWindow(at(10, 10, 100, 100), [SCREEN], MIN)).toEqual({ x: 10, y: 10, width: 420, height: 560 });
  });
});

describe('the saved state', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'gatehouse-window-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('is read back as saved, and ignored when missing or not what was saved', () => {
    const path = join(dir, 'window-state.json');
    expect(readWindowState(path)).toBeNull();
    saveWindowState(path, { bounds: { x: 5, y: 6, width: 700, height: 800 }, maximized: true });
    expect(readWindowState(path)).toEqual({ bounds: { x: 5, y: 6, width: 700, height: 800 }, maximized: true });
    for (const text of ['{', '{"bounds":{"x":"5","y":6,"width":700,"height":800}}', '{"bounds":{"x":5,"y":6,"width":0,"height":800}}', 'null']) {
      writeFileSync(path, text);
      expect(readWindowState(path)).toBeNull();
    }
  });
});
