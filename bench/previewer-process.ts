/**
 * The preview section's previewer in a process of its own (see
 * sections/preview.ts, `inOwnProcess`):
 * `node --import tsx bench/previewer-process.ts JOB.json FIGURES.json`
 * reads the job the section wrote, measures, and writes its figures.
 */
import { writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { Figures } from './figures.ts';
import { measurePreviewer, type PreviewerJob } from './sections/preview.ts';

const [jobFile, figuresFile] = process.argv.slice(2);
const job = JSON.parse(readFileSync(jobFile, 'utf8')) as PreviewerJob;
const figures = new Figures();
await measurePreviewer(figures, job);
await writeFile(figuresFile, JSON.stringify(figures.list));
