import { useQuery } from '@tanstack/react-query';
import { overlapQuery } from '../../api/insight.queries.ts';
import { formatCount } from '../../app/format.ts';
import { ErrorNote } from '../../app/error-message.tsx';
import { usePreview } from '../preview/preview-context.tsx';
import { distinctNames, regionSentences } from './overlap-words.ts';
import { UpSetChart } from './UpSetChart.tsx';
import { VennChart } from './VennChart.tsx';

/** How 2–5 steps' customers overlap: a Venn for 2–3, an UpSet chart beyond, and every region in words. */
export function OverlapView({ workflowId, nodeIds }: { workflowId: string; nodeIds: string[] }) {
  const { document, documentKey, asOf } = usePreview();
  const result = useQuery(overlapQuery(workflowId, nodeIds, document, documentKey, asOf));
  const data = result.data;
  const names = data ? distinctNames(data.nodes.map((n) => n.label)) : [];
  const lines = data ? regionSentences(data.regions, names) : [];
  // Beyond three steps most combinations are empty: one line says so instead of a dozen zeros.
  const shown = names.length > 3 ? lines.filter((l) => l.region.count > 0) : lines;
  const hidden = lines.length - shown.length;

  return (
    <div className="insight-overlap">
      <p className="insight-head hint">
        {data ? `${formatCount(data.total)} customers in at least one of ${names.length} steps` : `Comparing ${nodeIds.length} steps`}
        {result.isFetching && ' · loading…'}
      </p>
      {result.isError && <ErrorNote error={result.error} />}
      {data && (
        <div className="insight-overlap-body" data-kind={names.length <= 3 ? 'venn' : 'upset'}>
          <div className="insight-overlap-chart" data-testid="overlap-chart" data-kind={names.length <= 3 ? 'venn' : 'upset'}>
            {names.length <= 3 ? <VennChart names={names} regions={data.regions} /> : <UpSetChart names={names} regions={data.regions} />}
          </div>
          <table className="table insight-regions" data-testid="overlap-regions">
            <caption className="visually-hidden">Customers in each part of the overlap</caption>
            <tbody>
              {shown.map(({ label, count, region }) => (
                <tr key={region.sets.join(',')} className={region.count === 0 ? 'is-empty' : undefined}>
                  <th scope="row">{label}</th>
                  <td className="num">{count}</td>
                </tr>
              ))}
              {hidden > 0 && (
                <tr className="is-empty">
                  <th scope="row">{`Nobody in the ${hidden} other combinations`}</th>
                  <td className="num">0</td>
                </tr>
              )}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
