import { useEffect, useRef } from 'react';

const FIELD = 'input:not([type="hidden"]):not([hidden]):not([readonly]):not(:disabled), select:not(:disabled), textarea:not(:disabled)';

/** Focuses a heading that is not in the tab order: it is read out, and Tab goes on from there. */
export function focusHeading(root: Element | null): boolean {
  const heading = root?.querySelector<HTMLElement>('h1, h2, h3');
  if (!heading) return false;
  if (!heading.hasAttribute('tabindex')) heading.setAttribute('tabindex', '-1');
  heading.focus();
  return true;
}

/**
 * Each new screen or step takes the focus, so that keyboard and screen-reader users start where
 * the step does rather than at the top of an empty page: its first field, or (`heading`) its
 * heading. Runs when the element mounts and whenever `step` changes. On mount it leaves the focus
 * alone when it is already inside (an autofocused field); it never takes it from an open dialog.
 */
export function useStepFocus<T extends HTMLElement>(step: unknown = null, target: 'field' | 'heading' = 'field') {
  const ref = useRef<T>(null);
  const mounted = useRef(false);
  useEffect(() => {
    const root = ref.current;
    const first = !mounted.current;
    mounted.current = true;
    if (!root) return;
    const active = document.activeElement;
    if (first && active && active !== document.body && root.contains(active) && active !== root) return;
    if (document.querySelector('dialog[open]')) return;
    const field = target === 'field' ? root.querySelector<HTMLElement>(FIELD) : null;
    if (field) field.focus();
    else focusHeading(root);
  }, [step, target]);
  return ref;
}
