import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useLocation } from 'wouter';
import type { WorkflowInput } from '@segflow/engine';
import { readJson } from '../canvas/import-document.ts';
import {
  createWorkflow, deleteWorkflow, duplicateWorkflow, emptyDocument, getWorkflow, importWorkflow, saveWorkflow, workflowKeys,
} from '../../api/workflows.queries.ts';

/** Every change the list page makes, each refreshing the list when done. */
export function useWorkflowMutations() {
  const queryClient = useQueryClient();
  const [, navigate] = useLocation();
  const refresh = () => queryClient.invalidateQueries({ queryKey: workflowKeys.all });

  const create = useMutation({
    mutationFn: ({ name, document, asOf }: { name: string; document?: WorkflowInput; asOf?: string }) => {
      const base = document ?? emptyDocument(name);
      return createWorkflow({ name, document: asOf ? { ...base, run: { ...base.run, asOf } } : base });
    },
    onSuccess: (wf) => {
      refresh();
      navigate(`/workflows/${encodeURIComponent(wf.id)}`);
    },
  });
  const rename = useMutation({
    mutationFn: async ({ id, name }: { id: string; name: string }) => {
      const wf = await getWorkflow(id);
      return saveWorkflow(id, { name, document: { ...wf.document, name }, revision: wf.revision });
    },
    onSettled: refresh,
  });
  const duplicate = useMutation({ mutationFn: duplicateWorkflow, onSettled: refresh });
  const remove = useMutation({ mutationFn: deleteWorkflow, onSettled: refresh });
  const importFile = useMutation({
    mutationFn: async (file: File) => {
      const read = readJson(await file.text());
      if (!read.ok) throw new Error(`“${file.name}” was not imported: ${read.message}.`);
      return importWorkflow(read.json);
    },
    onSuccess: (wf) => {
      refresh();
      navigate(`/workflows/${encodeURIComponent(wf.id)}`);
    },
  });
  return { create, rename, duplicate, remove, importFile };
}
