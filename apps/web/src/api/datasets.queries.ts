import { queryOptions } from '@tanstack/react-query';
import { COLUMN_TYPES, type ColumnType } from '@segflow/engine';
import { datasetReplacedSchema, datasetSchema, errorEnvelope, type Dataset as ContractDataset, type DatasetReplaced } from '@segflow/contract';
import { z } from 'zod';
import { ApiError, readAnswer, request, seg } from './http.ts';

export interface DatasetColumn {
  name: string;
  type: ColumnType;
}

/** A data file, its columns read as the workflow's column types; a replacement also names the workflows it breaks. */
export type Dataset = Omit<ContractDataset, 'columns'> & { columns: DatasetColumn[]; affected?: DatasetReplaced['affected'] };

/** DuckDB type names read as the workflow's six column types (unknown types read as text). */
export function toColumnType(type: string): ColumnType {
  if ((COLUMN_TYPES as readonly string[]).includes(type)) return type as ColumnType;
  const t = type.toUpperCase();
  if (/^(TINYINT|SMALLINT|INTEGER|BIGINT|HUGEINT|U?(TINY|SMALL|BIG|HUGE)?INT(EGER)?)$/.test(t)) return 'integer';
  if (/^(FLOAT|DOUBLE|REAL|DECIMAL.*|NUMERIC.*)$/.test(t)) return 'number';
  if (t === 'BOOLEAN') return 'boolean';
  if (t === 'DATE') return 'date';
  if (t.startsWith('TIMESTAMP')) return 'timestamp';
  return 'string';
}

const withColumnTypes = (d: ContractDataset): Dataset => ({ ...d, columns: d.columns.map((c) => ({ name: c.name, type: toColumnType(c.type) })) });

export const datasetKeys = { all: ['datasets'] as const };

export async function listDatasets(signal?: AbortSignal): Promise<Dataset[]> {
  return (await request('/api/datasets', z.object({ datasets: z.array(datasetSchema) }), { signal })).datasets.map(withColumnTypes);
}

export const datasetListQuery = () => queryOptions({ queryKey: datasetKeys.all, queryFn: ({ signal }) => listDatasets(signal) });

/**
 * Uploads through XMLHttpRequest, the one browser API that reports upload progress.
 * `onProgress` gets 0..1.
 */
export function uploadDataset(file: File, onProgress: (fraction: number) => void, options: { replace?: string } = {}): { promise: Promise<Dataset>; abort: () => void } {
  const xhr = new XMLHttpRequest();
  const promise = new Promise<Dataset>((resolve, reject) => {
    // A new file is POSTed; replacing one PUTs to its name.
    if (options.replace) xhr.open('PUT', `/api/datasets/${encodeURIComponent(options.replace)}`);
    else xhr.open('POST', '/api/datasets');
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => e.lengthComputable && onProgress(e.loaded / e.total);
    xhr.onload = () => {
      try {
        if (xhr.status >= 200 && xhr.status < 300) {
          onProgress(1);
          // A replacement answers `{dataset, affected}`: the workflows the new file breaks.
          if (options.replace) {
            const { dataset, affected } = readAnswer(xhr.status, xhr.response, datasetReplacedSchema);
            resolve({ ...withColumnTypes(dataset), affected });
          } else resolve(withColumnTypes(readAnswer(xhr.status, xhr.response, datasetSchema)));
        } else {
          const envelope = errorEnvelope.safeParse(xhr.response);
          const message = xhr.status === 413 ? 'The file is larger than the server accepts.' : envelope.data?.error.message ?? `Upload failed (${xhr.status}).`;
          reject(new ApiError(xhr.status, envelope.data?.error.code ?? `http_${xhr.status}`, message, envelope.data?.error.details));
        }
      } catch (e) {
        reject(e);
      }
    };
    xhr.onerror = () => reject(new ApiError(0, 'network', 'The upload could not reach the server.'));
    xhr.onabort = () => reject(new ApiError(0, 'aborted', 'Upload cancelled.'));
    const form = new FormData();
    form.append('file', file, file.name);
    xhr.send(form);
  });
  return { promise, abort: () => xhr.abort() };
}

/** Admins only; a 409 `in_use` names the published versions that still read it. */
export const deleteDataset = (name: string) => request(`/api/datasets/${seg(name)}`, null, { method: 'DELETE' });
