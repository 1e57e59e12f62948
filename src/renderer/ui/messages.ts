import { useEffect, useRef, useState } from 'react';

/**
 * Messages belong to the action that caused them and go when the next action starts, wherever
 * on the screen it starts: a success note never sits next to a later error, nor an old error
 * next to a later success. Every `useAction` run says it started; notes and errors listen.
 */
const started = new EventTarget();

export function announceActionStart(source: object): void {
  started.dispatchEvent(new CustomEvent('start', { detail: source }));
}

/** Calls `clear` whenever an action other than `self`'s starts. */
export function useClearOnOtherAction(clear: () => void, self: object): void {
  const latest = useRef(clear);
  useEffect(() => {
    latest.current = clear;
  });
  useEffect(() => {
    const listener = (event: Event) => {
      if ((event as CustomEvent<object>).detail !== self) latest.current();
    };
    started.addEventListener('start', listener);
    return () => started.removeEventListener('start', listener);
  }, [self]);
}

/** A success note ("Your name was saved."), gone when the next action starts anywhere. */
export function useNote<T = string>(): [T | null, (note: T | null) => void] {
  const [note, setNote] = useState<T | null>(null);
  const [self] = useState(() => ({}));
  useClearOnOtherAction(() => setNote(null), self);
  return [note, setNote];
}
