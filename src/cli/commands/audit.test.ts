import { PassThrough, Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { drained } from './audit.js';

describe('drained', () => {
  it('waits for a slow reader to catch up', async () => {
    const out = new PassThrough({ highWaterMark: 4 });
    expect(out.write('more than four bytes')).toBe(false);
    const waiting = drained(out);
    out.read();
    await expect(waiting).resolves.toBeUndefined();
  });

  it('ends with an error, not a wait that never ends, when the reader goes away (a closed pipe)', async () => {
    const out = new Writable({ highWaterMark: 4, write: (_chunk, _encoding, callback) => callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE' })) });
    out.on('error', () => undefined);
    out.write('more than four bytes');
    await expect(drained(out)).rejects.toMatchObject({ code: 'internal', message: expect.stringContaining('the output was closed before the export ended') });
    const closing = new PassThrough({ highWaterMark: 4 });
    closing.write('more than four bytes');
    const waiting = drained(closing);
    closing.destroy();
    await expect(waiting).rejects.toMatchObject({ code: 'internal' });
  });
});
