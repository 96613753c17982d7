import { createContext, useContext } from 'react';
import type { Autosave } from '../../store/autosave.ts';

/** Lets a run or a publish first make sure the server has the latest draft. */
export const AutosaveContext = createContext<Autosave | null>(null);

export function useFlushSave(): () => Promise<void> {
  const autosave = useContext(AutosaveContext);
  return autosave?.flush ?? (async () => {});
}
