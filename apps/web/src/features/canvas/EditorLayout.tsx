import { useReactFlow } from '@xyflow/react';
import { useCallback } from 'react';
import { useEditor, useEditorStoreApi } from '../../store/editor-provider.tsx';
import type { EditorEdge, EditorNode } from '../../store/editor-types.ts';
import { selectReadOnly } from '../../store/selectors.ts';
import { Inspector } from '../inspector/Inspector.tsx';
import { Palette } from '../palette/Palette.tsx';
import { DEFAULT_NODE_SIZE } from './auto-layout.ts';
import { placeNewStep } from './place-new-step.ts';
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

  // A clicked palette item follows the selected step (wired to it) or lands in the middle of the view (see place-new-step.ts).
  const addInView = useCallback(
    (kind: string) => {
      const box = document.querySelector('.canvas')?.getBoundingClientRect();
      const centre = box ? flow.screenToFlowPosition({ x: box.left + box.width / 2, y: box.top + box.height / 2 }) : { x: 0, y: 0 };
      const { at, after } = placeNewStep(store.getState().nodes, kind, centre);
      store.getState().addNode(kind, at, after);
      // A step placed beside the last one may fall outside the view: the view follows it.
      if (box) {
        const topLeft = flow.screenToFlowPosition({ x: box.left, y: box.top });
        const bottomRight = flow.screenToFlowPosition({ x: box.right, y: box.bottom });
        const inView = at.x >= topLeft.x && at.y >= topLeft.y && at.x + DEFAULT_NODE_SIZE.width <= bottomRight.x && at.y + DEFAULT_NODE_SIZE.height <= bottomRight.y;
        if (!inView) void flow.setCenter(at.x + DEFAULT_NODE_SIZE.width / 2, at.y + DEFAULT_NODE_SIZE.height / 2, { zoom: flow.getZoom(), duration: 200 });
      }
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
