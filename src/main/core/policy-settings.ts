import { z } from 'zod';
import { describeInputProblem, Policy } from '../../shared/index.js';
import type { Store } from '../store/store.js';
import { inputRefused } from '../common/errors.js';

const POLICY_KEY = 'policy';
const StoredPolicy = z.record(z.string(), z.unknown());

/** The stored policy over the defaults: a newer Gatehouse adds settings without a migration. */
export function readPolicy(store: Store): Policy {
  return Policy.parse(store.settings.get(POLICY_KEY, StoredPolicy) ?? {});
}

/** Applies a partial change; the whole result is validated before anything is written. */
export function writePolicy(store: Store, change: Partial<Policy>): Policy {
  const parsed = Policy.safeParse({ ...readPolicy(store), ...change });
  if (!parsed.success) throw inputRefused(describeInputProblem(parsed.error));
  store.settings.set(POLICY_KEY, parsed.data);
  return parsed.data;
}

export function mfaRequiredFor(policy: Policy, account: { isAdmin: boolean }): boolean {
  return policy.requireMfa === 'all' || (policy.requireMfa === 'admins' && account.isAdmin);
}
