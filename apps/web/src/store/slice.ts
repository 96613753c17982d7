import type { StateCreator } from 'zustand';
import type { EditorState } from './editor-store.ts';

/** Every slice sees the whole editor state, so actions can span slices. */
export type SliceCreator<T> = StateCreator<EditorState, [], [], T>;
