import { useState, type FormEvent } from 'react';
import { downloadText, useAskBeforeLeaving } from '../../ui/shown-once.js';
import type { EmergencyKitView } from '../../../shared/index.js';
import { emergencyKitText } from '../../../shared/emergency-kit.js';
import { Notice, SubmitButton } from '../../ui/Feedback.js';
import { Field } from '../../ui/Field.js';
import { useStepFocus } from '../../ui/focus.js';

/** Which group the person types back to show they kept the kit: one they cannot see at that moment. */
const CHECK_GROUP = 5;

/**
 * A new emergency kit, shown once like recovery codes: save, print or copy it, say it is kept,
 * then type one group of it back. Leaving before that asks first.
 */
export function EmergencyKit({ kit, onDone }: { kit: EmergencyKitView; onDone: () => void }) {
  const [kept, setKept] = useState(false);
  const [typed, setTyped] = useState('');
  const [wrong, setWrong] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  const ref = useStepFocus<HTMLElement>(kept ? 'check' : 'show', kept ? 'field' : 'heading');
  const groups = kit.recoveryKey.split('-');
  const text = emergencyKitText({ recoveryKey: kit.recoveryKey, storeId: kit.storeId, computer: kit.computer, madeAt: new Date(kit.madeAt) });
  useAskBeforeLeaving();
  const download = () => downloadText(`gatehouse-emergency-kit-${kit.storeId.slice(0, 8)}.txt`, text);

  function check(event: FormEvent) {
    event.preventDefault();
    const answer = typed.trim().toUpperCase().replace(/O/g, '0').replace(/[IL]/g, '1');
    if (answer !== groups[CHECK_GROUP - 1]) return setWrong(`That is not group ${CHECK_GROUP} of your recovery key. Look at the kit you kept.`);
    onDone();
  }

  if (kept) {
    return (
      <section ref={ref} className="card recovery-codes" aria-labelledby="kit-check-title">
        <h2 id="kit-check-title">Check your emergency kit</h2>
        <p>
          To be sure you can find it when it matters, type group {CHECK_GROUP} of your recovery key (the {CHECK_GROUP}th block of four characters).
        </p>
        <form onSubmit={check} noValidate>
          <Field
            label={`Group ${CHECK_GROUP} of the recovery key`}
            className="code-input"
            maxLength={6}
            autoComplete="off"
            spellCheck={false}
            value={typed}
            onChange={(e) => (setTyped(e.target.value), setWrong(null))}
            error={wrong}
          />
          <div className="actions">
            <SubmitButton busy={false} busyLabel="">
              Continue
            </SubmitButton>
            <button type="button" className="link" onClick={() => setKept(false)}>
              Show the kit again
            </button>
          </div>
        </form>
      </section>
    );
  }
  return (
    <section ref={ref} className="card recovery-codes" aria-labelledby="kit-title">
      <h2 id="kit-title">Save your emergency kit</h2>
      <p>
        If this computer loses the key that protects every account here (a reinstall, a new user profile, a keychain that was reset), this recovery key brings them back. Keep it
        offline, away from this computer: printed, or in a password manager. You will not see it again.
      </p>
      <pre className="print-only">{text}</pre>
      <p className="hint">
        Computer: {kit.computer} · Store: {kit.storeId}
      </p>
      <ol className="codes kit-groups" aria-label="Recovery key, in groups of four">
        {groups.map((group, i) => (
          <li key={i}>
            <span className="hint" aria-hidden="true">
              {i + 1}
            </span>
            <code>{group}</code>
          </li>
        ))}
      </ol>
      <div className="actions no-print">
        <button
          type="button"
          className="secondary"
          onClick={async () => {
            await navigator.clipboard.writeText(kit.recoveryKey);
            setCopied(true);
          }}
        >
          Copy
        </button>
        <button type="button" className="secondary" onClick={download}>
          Download .txt
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      {copied && <Notice>Copied the recovery key.</Notice>}
      <div className="actions no-print">
        <button type="button" className="primary" onClick={() => setKept(true)}>
          I've stored my emergency kit
        </button>
      </div>
    </section>
  );
}
