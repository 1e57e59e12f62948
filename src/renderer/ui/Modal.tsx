import { useEffect, useRef, type ReactNode } from 'react';

/** A modal on the native <dialog>: focus moves in and is trapped, Escape cancels, focus returns. */
export function Modal({ labelledBy, onCancel, children }: { labelledBy: string; onCancel: () => void; children: ReactNode }) {
  const ref = useRef<HTMLDialogElement>(null);
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
  return (
    <dialog ref={ref} className="dialog" aria-labelledby={labelledBy} onCancel={onCancel}>
      {children}
    </dialog>
  );
}
