import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor, useEditorStoreApi } from '../../store/editor-provider.tsx';
import type { EditorEdge, EditorNode } from '../../store/editor-types.ts';
import { selectReadOnly } from '../../store/selectors.ts';
import { Inspector } from '../inspector/Inspector.tsx';
import { Palette } from '../palette/Palette.tsx';
import { DEFAULT_NODE_SIZE } from './auto-layout.ts';
import { BottomPanel } from './BottomPanel.tsx';
import { Canvas } from './Canvas.tsx';
import { ConflictBanner } from './ConflictBanner.tsx';
import { EditorToolbar } from './EditorToolbar.tsx';
import { useEditorShortcuts } from './use-editor-shortcuts.ts';
import { LookupBar } from '../lookup/LookupBar.tsx';

/** Toolbar on top; palette (not when view only), canvas and inspector side by side; panels under the canvas. */
export function EditorLayout() {
  const store = useEditorStoreApi();
  const notify = useEditor((s) => s.notify);
  const readOnly = useEditor(selectReadOnly);
  const paletteOpen = useEditor((s) => s.paletteOpen);
  const inspectorOpen = useEditor((s) => s.inspectorOpen);
  const lookupOpen = useEditor((s) => s.lookupOpen);
  const flow = useReactFlow<EditorNode, EditorEdge>();
  useEditorShortcuts(store, notify);

  // A clicked palette item lands in the middle of the view, stepping aside from nodes already there.
  const addInView = useCallback(
    (kind: string) => {
      const box = document.querySelector('.canvas')?.getBoundingClientRect();
      const centre = box
        ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 })
        : { x: 0, y: 0 };
      let at = { x: Math.round(centre.x - DEFAULT_NODE_SIZE.width / 2), y: Math.round(centre.y - DEFAULT_NODE_SIZE.height / 2) };
      const taken = store.getState().nodes;
      while (taken.some((n) => Math.abs(n.position.x - at.x) < 24 && Math.abs(n.position.y - at.y) < 24)) at = { x: at.x + 32, y: at.y + 32 };
      store.getState().addNode(kind, at);
    },
    [flow, store],
  );

  return (
    <div className="editor">
      <EditorToolbar />
      <ConflictBanner />
      <div className={`editor-body${readOnly ? ' is-view-only' : ''}${paletteOpen ? '' : ' palette-folded'}${inspectorOpen ? '' : ' inspector-folded'}`}>
        {!readOnly && <Palette onAdd={addInView} />}
        <div className={`editor-center${lookupOpen ? ' has-lookup' : ''}`}>
          {lookupOpen && <LookupBar />}
          <Canvas />
          <BottomPanel />
        </div>
        <Inspector />
      </div>
    </div>
  );
}
