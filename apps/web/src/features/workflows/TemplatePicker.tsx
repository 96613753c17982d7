import type { Dataset } from '../../api/datasets.queries.ts';
import { offersFor } from './template-choice.ts';

export interface TemplateChoice {
  /** null: a blank workflow. */
  templateId: string | null;
  profiles?: string;
  events?: string;
}

/**
 * A blank workflow or a template, and the datasets a template reads. Templates
 * whose columns the datasets lack stay listed, greyed, with the reason.
 */
export function TemplatePicker({ datasets, choice, onChange }: { datasets: Dataset[]; choice: TemplateChoice; onChange: (choice: TemplateChoice) => void }) {
  const offers = offersFor(datasets, choice.profiles, choice.events);
  const pick = (change: Partial<TemplateChoice>) => onChange({ ...choice, ...change });
  return (
    <fieldset className="template-picker">
      <legend>Start from</legend>
      <label className="template-option">
        <input type="radio" name="template" checked={choice.templateId === null} onChange={() => pick({ templateId: null })} />
        <span><strong>Blank workflow</strong><span className="hint">An empty canvas: add your data from the steps on the left.</span></span>
      </label>
      {datasets.length === 0 ? (
        <p className="hint">Upload a dataset of customer profiles and one of events to start from a template.</p>
      ) : (
        <>
          <p className="hint template-datasets-note">The templates below read these datasets:</p>
          <div className="template-datasets">
            <label className="field">
              <span>Profiles</span>
              <select className="input" aria-label="Profiles dataset" value={choice.profiles ?? ''} onChange={(e) => pick({ profiles: e.target.value })}>
                {datasets.map((d) => <option key={d.name} value={d.name}>{d.name}</option>)}
              </select>
            </label>
            <label className="field">
              <span>Events</span>
              <select className="input" aria-label="Events dataset" value={choice.events ?? ''} onChange={(e) => pick({ events: e.target.value })}>
                {datasets.map((d) => <option key={d.name} value={d.name}>{d.name}</option>)}
              </select>
            </label>
          </div>
          {offers.map((offer) => (
            <label key={offer.template.id} className={`template-option${offer.available ? '' : ' is-unavailable'}`}>
              <input
                type="radio"
                name="template"
                disabled={!offer.available}
                checked={choice.templateId === offer.template.id}
                onChange={() => pick({ templateId: offer.template.id })}
              />
              <span>
                <strong>{offer.template.name}</strong>
                <span className="hint">{offer.template.description}</span>
                {!offer.available && <span className="hint template-reason">Not available with these datasets: {offer.reason}</span>}
              </span>
            </label>
          ))}
        </>
      )}
    </fieldset>
  );
}
