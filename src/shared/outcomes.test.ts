import { describe, expect, it } from 'vitest';
import { describeAmr, listInWords } from './outcomes.js';

describe('describeAmr', () => {
  it('says how a session began in words, two-step once, a passkey by where it is kept', () => {
    expect(describeAmr(['pwd'])).toBe('your password');
    expect(describeAmr(['pwd', 'otp', 'mfa'])).toBe('your password and a code from your authenticator app (two-step verification)');
    expect(describeAmr(['otp', 'sms', 'mfa'])).toBe('an emailed code and a texted code (two-step verification)');
    expect(describeAmr(['otp'])).toBe('an emailed code');
    expect(describeAmr(['ext', 'otp', 'mfa'], 'Contoso SSO')).toBe('Contoso SSO and a code from your authenticator app (two-step verification)');
    expect(describeAmr(['hwk', 'user', 'mfa'])).toBe('a passkey kept on one device (two-step verification)');
    expect(describeAmr(['swk', 'user', 'mfa'])).toBe('a synced passkey (two-step verification)');
    expect(describeAmr(['ext'], 'Contoso SSO')).toBe('Contoso SSO');
    expect(describeAmr(['ext'])).toBe('an external provider');
    expect(describeAmr(['pwd', 'mfa'])).toBe('your password (two-step verification)');
  });

  it('lists with commas and a final "and"', () => {
    expect([listInWords([]), listInWords(['a']), listInWords(['a', 'b']), listInWords(['a', 'b', 'c'])]).toEqual(['', 'a', 'a and b', 'a, b and c']);
  });
});
