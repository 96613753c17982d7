export { findColumns, COLUMN_WORDS, type FoundColumns, type TemplateDataset } from './template-columns.ts';
export { WORKFLOW_TEMPLATES, offerTemplates, buildFromTemplate, type WorkflowTemplate, type TemplateOffer } from './workflow-templates.ts';
