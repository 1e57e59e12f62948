import type { ReactNode } from 'react';
import { useStepFocus } from './focus.js';

interface ScreenProps {
  labelledBy: string;
  /** Changes when the screen moves to another step: the focus moves with it. */
  step?: unknown;
  focus?: 'field' | 'heading';
  className?: string;
  children: ReactNode;
}

/** A whole-window screen of its own (sign-in, a second step, the lock screen): it takes the focus when it opens. */
export function Screen({ labelledBy, step = null, focus = 'field', className = 'card narrow', children }: ScreenProps) {
  const ref = useStepFocus<HTMLElement>(step, focus);
  return (
    <main ref={ref} className={className} aria-labelledby={labelledBy}>
      {children}
    </main>
  );
}
