// @vitest-environment jsdom
import { cleanup, render, screen } from '@testing-library/react';
import { useRef } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { useFitStep } from './use-fit-step.ts';

afterEach(cleanup);

/** A bar whose content is `widths[step]` wide in a box of 100: the hook must settle on the first step that fits. */
function Bar({ widths }: { widths: number[] }) {
  const ref = useRef<HTMLDivElement>(null);
  const step: number = useFitStep(widths.length - 1, ref, () => ({ contentWidth: widths[step], boxWidth: 100 }));
  return <div ref={ref} data-testid="bar">{step}</div>;
}

describe('useFitStep', () => {
  it('stays at the roomiest step when the bar fits', () => {
    render(<Bar widths={[90, 80, 70]} />);
    expect(screen.getByTestId('bar').textContent).toBe('0');
  });

  it('settles, before anyone sees it, on the first step at which the bar fits', () => {
    render(<Bar widths={[180, 130, 95, 60]} />);
    expect(screen.getByTestId('bar').textContent).toBe('2');
  });

  it('stops at the last step when nothing fits', () => {
    render(<Bar widths={[300, 200]} />);
    expect(screen.getByTestId('bar').textContent).toBe('1');
  });
});
