import { useState } from 'react';
import { downloadText, useAskBeforeLeaving } from '../../ui/shown-once.js';
import { Notice } from '../../ui/Feedback.js';
import { useStepFocus } from '../../ui/focus.js';

interface RecoveryCodesProps {
  codes: string[];
  email: string;
  onDone: () => void;
}

/** Fresh recovery codes, shown once: copy, save as a file or print, then confirm. */
export function RecoveryCodes({ codes, email, onDone }: RecoveryCodesProps) {
  const [copied, setCopied] = useState(false);
  const ref = useStepFocus<HTMLElement>(codes, 'heading');
  useAskBeforeLeaving();
  const text = [`Gatehouse recovery codes for ${email}`, `Generated ${new Date().toLocaleString()}`, '', ...codes, '', 'Each code works once.'].join('\n');

  async function copy() {
    await navigator.clipboard.writeText(codes.join('\n'));
    setCopied(true);
  }

  const download = () => downloadText('gatehouse-recovery-codes.txt', `${text}\n`);

  return (
    <section ref={ref} className="card recovery-codes" aria-labelledby="recovery-title">
      <h2 id="recovery-title">Save your recovery codes</h2>
      <p>Keep these somewhere safe. Each code works once. If you lose your device and these codes, you could lose access to your account. You will not see them again.</p>
      <p className="print-only">
        Gatehouse recovery codes for {email} · {new Date().toLocaleString()}
      </p>
      <ol className="codes" aria-label="Recovery codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="actions no-print">
        <button type="button" className="secondary" onClick={copy}>
          Copy all
        </button>
        <button type="button" className="secondary" onClick={download}>
          Download .txt
        </button>
        <button type="button" className="secondary" onClick={() => window.print()}>
          Print
        </button>
      </div>
      {copied && <Notice>Copied the recovery codes.</Notice>}
      <div className="actions no-print">
        <button type="button" className="primary" onClick={onDone}>
          I've saved my recovery codes
        </button>
      </div>
    </section>
  );
}
