import { useEffect, useRef, type ReactNode } from 'react';
import { focusHeading } from './focus.js';

/** A modal on the native <dialog>: focus moves in and is trapped, Escape cancels, focus returns. */
export function Modal({ labelledBy, onCancel, children }: { labelledBy: string; onCancel: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    // Whatever opened the dialog gets the focus back when it goes (Escape, Cancel, or done).
    const opener = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    // When the opener goes with what the dialog did (a passkey removed), its section takes the focus.
    const home = opener?.closest('section, main') ?? null;
    if (dialog && !dialog.open) {
      dialog.showModal();
      // showModal focuses the first control, which may be the one that destroys: the dialog names
      // its safe choice with data-initial-focus, and that is where the focus starts.
      dialog.querySelector<HTMLElement>('[data-initial-focus]')?.focus();
    }
    return () => {
      dialog?.close();
      if (opener?.isConnected) opener.focus();
      else if (home?.isConnected) focusHeading(home);
    };
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={labelledBy} onCancel={onCancel}>
      {children}
    </dialog>
  );
}
