import type { NodeStep, RunBackend, StepOutcome } from '../run/execute-plan.ts';
import { finishedStep } from './task-files.ts';

/** Hands one step to whoever executes it (a queue of workers), resolving with its outcome. */
export type DispatchStep = (step: NodeStep, signal: AbortSignal) => Promise<StepOutcome>;

/**
 * The coordinator's backend of a run executed task by task: a step recorded as
 * finished in the run's folder is not run again (a resumed or retried run, a
 * coordinator taken over by another worker); any other is dispatched.
 */
export class TaskBackend implements RunBackend {
  constructor(private readonly folder: string, private readonly dispatch: DispatchStep) {}

  /** Steps this coordinator found finished and did not dispatch. */
  reused = 0;

  runStep(step: NodeStep, signal: AbortSignal): Promise<StepOutcome> {
    const done = finishedStep(this.folder, step);
    if (done) {
      this.reused++;
      return Promise.resolve(done);
    }
    return this.dispatch(step, signal);
  }
}
