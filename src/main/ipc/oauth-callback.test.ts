import { request } from 'node:http';
import { describe, expect, it } from 'vitest';
import { CallbackClosed, listenForCallback } from './oauth-callback.js';

function get(url: string, method = 'GET'): Promise<{ status: number; body: string; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method }, (res) => {
      let body = '';
      res.on('data', (d: Buffer) => (body += d.toString()));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body, headers: res.headers }));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('the loopback callback listener', () => {
  it('listens on 127.0.0.1 only, on a port the OS picked, at /callback', async () => {
    const listener = await listenForCallback();
    try {
      expect(listener.redirectUri).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/callback$/);
      expect(listener.redirectUri).not.toMatch(/:0\//);
    } finally {
      listener.close();
    }
  });

  it('takes exactly one request with the right state, shows a page with nothing in it, and is gone', async () => {
    const listener = await listenForCallback();
    // Before it knows the state, nothing is taken; once set, the state cannot be changed.
    expect((await get(`${listener.redirectUri}?state=the-state&code=early`)).status).toBe(400);
    listener.expectState('the-state');
    listener.expectState('another');
    expect((await get(`${listener.redirectUri}?state=another&code=x`)).status).toBe(400);
    expect((await get(listener.redirectUri.replace('/callback', '/elsewhere'))).status).toBe(404);
    expect((await get(`${listener.redirectUri}?state=the-state&code=abc`, 'POST')).status).toBe(404);
    const page = await get(`${listener.redirectUri}?state=the-state&code=secret-code&iss=x`);
    expect(page.status).toBe(200);
    expect(page.body).toContain('You can return to Gatehouse');
    expect(page.body).not.toMatch(/secret-code|<script/);
    expect(page.headers).toMatchObject({ 'cache-control': 'no-store', 'referrer-policy': 'no-referrer' });
    const url = await listener.callback;
    expect([url.searchParams.get('code'), url.searchParams.get('state')]).toEqual(['secret-code', 'the-state']);
    await expect(get(`${listener.redirectUri}?state=the-state&code=again`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });

  it('gives up after its time, and at once when cancelled', async () => {
    const slow = await listenForCallback(50);
    await expect(slow.callback).rejects.toEqual(new CallbackClosed('timeout'));
    const cancelled = await listenForCallback();
    cancelled.expectState('s');
    cancelled.close();
    await expect(cancelled.callback).rejects.toMatchObject({ reason: 'cancelled' });
    await expect(get(`${cancelled.redirectUri}?state=s`)).rejects.toMatchObject({ code: 'ECONNREFUSED' });
  });
});
