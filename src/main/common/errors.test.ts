import { describe, expect, it } from 'vitest';
import { GatehouseError, isGatehouseError } from './errors.js';

describe('GatehouseError', () => {
  it('names itself in logs and stack traces, and carries its code, words and password problems', () => {
    const error = new GatehouseError('password_rejected', 'The password was refused: too short.', [{ rule: 'too_short', min: 15 }]);
    expect([error.name, error.code, error.message, error.problems]).toEqual([
      'GatehouseError',
      'password_rejected',
      'The password was refused: too short.',
      [{ rule: 'too_short', min: 15 }],
    ]);
    expect(String(error)).toBe('GatehouseError: The password was refused: too short.');
    expect([isGatehouseError(error), isGatehouseError(new Error('x')), isGatehouseError({ code: 'forbidden', message: 'x' })]).toEqual([true, false, false]);
  });
});
