import type { ErrorCode, WireError } from '../../shared/index.js';
import { ErrorMessage } from '../ui/Feedback.js';

const TITLES: Partial<Record<ErrorCode, string>> = {
  store_incomplete: 'Part of your Gatehouse data is missing',
  store_damaged: 'Your Gatehouse data is damaged',
  store_locked: 'Gatehouse cannot unlock its data',
  store_incompatible: 'Gatehouse cannot read its data',
  store_readonly: 'Gatehouse cannot write its data',
  keychain_unavailable: 'The system keychain is not available',
  disk_full: 'The disk is full',
};

/**
 * Shown instead of everything else when the store cannot be used. Gatehouse never offers a first
 * run here: creating a new store over part of an old one would lose every account.
 */
export function StoreProblem({ problem }: { problem: WireError }) {
  return (
    <main className="card narrow" aria-labelledby="store-problem-title">
      <h1 id="store-problem-title">{TITLES[problem.code] ?? 'Gatehouse cannot open its data'}</h1>
      <ErrorMessage>{problem.message}</ErrorMessage>
      <p>Gatehouse will not create new data while this is so. When it is fixed, quit and start Gatehouse again.</p>
      <p className="hint">
        An administrator can see more with <code>gatehouse doctor</code>.
      </p>
    </main>
  );
}
