import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { describeInputProblem } from './input-problems.js';

const problem = (schema: z.ZodType, value: unknown) => {
  const parsed = schema.safeParse(value);
  if (parsed.success) throw new Error('expected a refusal');
  return describeInputProblem(parsed.error);
};

describe('describeInputProblem', () => {
  it('says a length, a range, a type and a choice in words, at the field', () => {
    expect(problem(z.object({ email: z.string().max(254) }), { email: 'x'.repeat(255) })).toEqual({ field: 'email', message: 'The email address can be at most 254 characters.' });
    expect(problem(z.object({ port: z.number().int().min(1) }), { port: 0 })).toEqual({ field: 'port', message: 'The port must be at least 1.' });
    expect(problem(z.object({ port: z.number().int().max(65_535) }), { port: 70_000 })).toEqual({ field: 'port', message: 'The port can be at most 65535.' });
    expect(problem(z.object({ passwordMinLength: z.number().int() }), { passwordMinLength: null })).toEqual({
      field: 'passwordMinLength',
      message: 'The minimum password length must be a whole number.',
    });
    expect(problem(z.object({ passwordMinLength: z.number().int() }), { passwordMinLength: 1.5 })).toMatchObject({
      message: 'The minimum password length must be a whole number.',
    });
    expect(problem(z.object({ name: z.string().min(3) }), { name: 'ab' })).toEqual({ field: 'name', message: 'The name must be at least 3 characters.' });
    expect(problem(z.object({ code: z.string().min(1) }), { code: '' })).toEqual({ field: 'code', message: 'The code cannot be empty.' });
    expect(problem(z.object({ allowedCountryCodes: z.array(z.number()).max(1) }), { allowedCountryCodes: [1, 2] })).toMatchObject({
      message: 'The country codes can have at most 1 entries.',
    });
    expect(problem(z.object({ to: z.enum(['email', 'sms']) }), { to: 'fax' })).toEqual({ field: 'to', message: 'The address must be one of: email, sms.' });
  });

  it('makes our own messages sentences, and says "must" and "cannot" of the field', () => {
    expect(problem(z.object({ email: z.string().min(1, 'enter an email address') }), { email: '' })).toEqual({ field: 'email', message: 'Enter an email address.' });
    expect(problem(z.object({ baseUrl: z.string().url('must be a URL') }), { baseUrl: 'nope' })).toEqual({ field: 'baseUrl', message: 'The API URL must be a URL.' });
    expect(problem(z.object({ name: z.string().refine(() => false, 'A name cannot contain control characters.') }), { name: 'x' })).toEqual({
      field: 'name',
      message: 'A name cannot contain control characters.',
    });
  });

  it('ties no field to a key it has no words for, or to the request as a whole', () => {
    expect(problem(z.object({ mystery: z.string() }), { mystery: 1 })).toEqual({ message: 'This value is missing or not valid.' });
    expect(problem(z.object({}).strict(), { a: 1, b: 2 })).toEqual({ message: 'The request has a field Gatehouse does not know: a, b.' });
    expect(problem(z.object({ a: z.string() }), 'text')).toEqual({ message: 'The request is missing or not valid.' });
  });
});
