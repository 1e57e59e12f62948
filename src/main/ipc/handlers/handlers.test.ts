import { describe, expect, it } from 'vitest';
import { ACCESS_KINDS, CHANNELS, contract } from '../../../shared/index.js';
import { createHandlers, type HandlerDeps } from './index.js';

// Building the table touches nothing: handlers only reach their dependencies when called.
const table = createHandlers({ core: {}, sessions: {}, clock: {} } as unknown as HandlerDeps);

describe('the handler table and the contract', () => {
  it('has a handler for every channel, and none for a channel the contract lacks', () => {
    expect(Object.keys(table).sort()).toEqual([...CHANNELS].sort());
    for (const channel of CHANNELS) expect(typeof table[channel], channel).toBe('function');
  });

  it('has every channel declare an access kind the dispatcher knows', () => {
    for (const channel of CHANNELS) {
      const { access } = contract[channel] as { access: unknown };
      if (typeof access === 'function') continue; // a raise by request: the authorization matrix calls it
      expect(ACCESS_KINDS, channel).toContain(access);
    }
  });

  it('lists every channel in the preload list, and only those', () => {
    expect([...CHANNELS].sort()).toEqual(Object.keys(contract).sort());
  });
});
