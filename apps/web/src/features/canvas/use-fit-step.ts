import { useEffect, useLayoutEffect, useRef, useState, type RefObject } from 'react';
import { nextStep, type BarMeasure } from './fit-level.ts';

/**
 * The step (0 = roomiest) at which a bar fits, found by measuring it: each render
 * and each change of size of the bar or of one of its parts is checked before
 * paint and takes the next step while crowded; a wider bar starts again from 0.
 * `measure` reads the bar; `watch` is the element whose width is the room given.
 */
export function useFitStep(last: number, watch: RefObject<HTMLElement | null>, measure: () => BarMeasure | undefined) {
  const [step, setStep] = useState(0);
  const width = useRef(-1);
  const read = useRef(measure);
  read.current = measure;

  // After every render (a new step, a longer name): check again, synchronously.
  useLayoutEffect(() => {
    const m = read.current();
    if (m) setStep((s) => nextStep(s, last, m));
  });

  useEffect(() => {
    const el = watch.current;
    if (!el || typeof ResizeObserver === 'undefined') return;
    const observer = new ResizeObserver(() => {
      const w = el.clientWidth;
      if (w > width.current && width.current >= 0) setStep(0);
      width.current = w;
      const m = read.current();
      if (m) setStep((s) => nextStep(s, last, m));
    });
    // The parts too: a save state or a date suggestion that grows crowds the bar without resizing it.
    for (const part of [el, ...Array.from(el.querySelectorAll(':scope > *, :scope > * > *'))]) observer.observe(part);
    return () => observer.disconnect();
  }, [watch, last, step]);

  return step;
}
