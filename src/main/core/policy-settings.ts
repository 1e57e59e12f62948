import { z } from 'zod';
import { describeInputProblem, Policy } from '../../shared/index.js';
import type { Store } from '../store/store.js';
import { inputRefused } from '../common/errors.js';
import { mfaRequirement } from './assurance.js';

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

/** Whether two-step verification is required of this account: by the policy, or for it alone. */
export function mfaRequiredFor(policy: Policy, account: { isAdmin: boolean; requireMfa?: boolean }): boolean {
  return mfaRequirement(policy, account) !== null;
}
