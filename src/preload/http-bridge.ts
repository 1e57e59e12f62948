// The preview/test counterpart of the Electron preload: builds `window.gatehouse` from the same
// channel list over the loopback HTTP transport. The server hands its per-launch token to the
// app's own page in a meta tag; this script runs before the app's module script.
import { createApi } from '../shared/api.js';
import type { Result } from '../shared/contract.js';

const token = document.querySelector<HTMLMetaElement>('meta[name="gatehouse-token"]')?.content ?? '';

async function invoke(channel: string, request: unknown): Promise<Result<unknown>> {
  try {
    const response = await fetch(`/ipc/${channel}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-gatehouse-token': token },
      body: JSON.stringify(request ?? {}),
    });
    return (await response.json()) as Result<unknown>;
  } catch {
    return { ok: false, error: { code: 'internal', message: 'Gatehouse is not responding. Is it still running?' } };
  }
}

Object.defineProperty(window, 'gatehouse', { value: Object.freeze(createApi(invoke)), writable: false, configurable: false });
