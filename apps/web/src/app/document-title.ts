const APP_NAME = 'Segflow';

/**
 * The browser tab title: the open workflow first, so many tabs stay tellable apart,
 * and a leading dot while there are unsaved edits.
 *
 * @example documentTitle('Churn risk', { unsaved: true }) // '• Churn risk · Segflow'
 */
export function documentTitle(workflowName?: string, options: { unsaved?: boolean } = {}): string {
  const name = workflowName?.trim();
  if (!name) return APP_NAME;
  return `${options.unsaved ? '• ' : ''}${name} · ${APP_NAME}`;
}
