import { describe, expect, it } from 'vitest';
import { initialSave, needsSave, nextSave, type SaveData, type SaveEvent } from './save-machine.ts';

const run = (events: SaveEvent[], start: SaveData = initialSave(3)) => events.reduce(nextSave, start);

describe('autosave state machine', () => {
  it('goes saved → dirty → saving → saved', () => {
    const dirty = run([{ type: 'edited' }]);
    expect(dirty.status).toBe('dirty');
    expect(needsSave(dirty)).toBe(true);
    const saving = nextSave(dirty, { type: 'save-started', version: 1 });
    expect(saving.status).toBe('saving');
    expect(needsSave(saving)).toBe(false);
    const saved = nextSave(saving, { type: 'save-succeeded', version: 1, revision: 4, latestVersion: 1 });
    expect(saved).toMatchObject({ status: 'saved', revision: 4, savedVersion: 1 });
  });

  it('saves again when the document changed while a save was in flight', () => {
    const s = run([{ type: 'edited' }, { type: 'save-started', version: 1 }, { type: 'edited' }]);
    expect(s.status).toBe('saving');
    const after = nextSave(s, { type: 'save-succeeded', version: 1, revision: 4, latestVersion: 2 });
    expect(after.status).toBe('dirty');
    expect(after.revision).toBe(4);
  });

  it('stops on a conflict and stays there while the user keeps editing', () => {
    const s = run([{ type: 'edited' }, { type: 'save-started', version: 1 }, { type: 'save-conflicted', currentRevision: 9 }, { type: 'edited' }]);
    expect(s).toMatchObject({ status: 'conflict', conflictRevision: 9, revision: 3 });
    expect(needsSave(s)).toBe(false);
  });

  it('keeps the error until the next edit, which retries', () => {
    const failed = run([{ type: 'edited' }, { type: 'save-started', version: 1 }, { type: 'save-failed', message: 'offline' }]);
    expect(failed).toMatchObject({ status: 'error', error: 'offline' });
    expect(nextSave(failed, { type: 'edited' })).toMatchObject({ status: 'dirty', error: undefined });
  });

  it('starts clean from a load, whatever came before', () => {
    const s = run([{ type: 'edited' }, { type: 'save-conflicted' }, { type: 'loaded', revision: 12, version: 7 }]);
    expect(s).toEqual(initialSave(12, 7));
  });
});
