import { useState, type FormEvent } from 'react';
import type { ErrorCode, WireError } from '../../shared/index.js';
import { ErrorMessage, SubmitButton } from '../ui/Feedback.js';
import { Field } from '../ui/Field.js';
import { Screen } from '../ui/Screen.js';
import { useAction } from '../ui/useAction.js';
import { call, gatehouse } from '../gatehouse.js';

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
 * run here: creating a new store over part of an old one would lose every account. When only the
 * key is missing and an emergency kit is there, its recovery key gives access back.
 */
export function StoreProblem({ problem, canRestoreWithKit }: { problem: WireError; canRestoreWithKit: boolean }) {
  return (
    <Screen labelledBy="store-problem-title" focus={canRestoreWithKit ? 'field' : 'heading'}>
      <h1 id="store-problem-title">{TITLES[problem.code] ?? 'Gatehouse cannot open its data'}</h1>
      <ErrorMessage>{problem.message}</ErrorMessage>
      {canRestoreWithKit ? <RestoreWithKit /> : <p>Gatehouse will not create new data while this is so. When it is fixed, quit and start Gatehouse again.</p>}
      <p className="hint">
        An administrator can see more with <code>gatehouse doctor</code>.
      </p>
    </Screen>
  );
}

const FIELDS = ['recoveryKey'];

function RestoreWithKit() {
  const [recoveryKey, setRecoveryKey] = useState('');
  const { busy, error, fieldError, run } = useAction(FIELDS);
  async function submit(event: FormEvent) {
    event.preventDefault();
    await run(async () => {
      await call(gatehouse().app.restoreWithKit({ recoveryKey }));
      // The key is back and the store open: start again from the top, at sign-in.
      window.location.reload();
    });
  }
  return (
    <section aria-labelledby="restore-title">
      <h2 id="restore-title">Restore access with your emergency kit</h2>
      <p>The key that unlocks every account here is no longer in this computer's keychain. The recovery key from your emergency kit puts it back; nothing else changes.</p>
      <ErrorMessage>{error}</ErrorMessage>
      <form onSubmit={submit} noValidate>
        <Field
          label="Recovery key"
          hint="Nine groups of four characters, as on your emergency kit. Capitals and hyphens don't matter."
          autoComplete="off"
          spellCheck={false}
          autoCapitalize="characters"
          maxLength={200}
          value={recoveryKey}
          onChange={(e) => setRecoveryKey(e.target.value)}
          error={fieldError('recoveryKey')}
        />
        <SubmitButton busy={busy} busyLabel="Checking…">
          Restore access
        </SubmitButton>
      </form>
    </section>
  );
}
