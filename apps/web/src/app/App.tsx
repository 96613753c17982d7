import { Workflow } from 'lucide-react';
import { useEffect } from 'react';
import { documentTitle } from './document-title.ts';

/** The application shell: a quiet header over the area the editor will fill. */
export function App() {
  useEffect(() => {
    document.title = documentTitle();
  }, []);

  return (
    <div className="app-shell">
      <header className="app-header">
        <Workflow aria-hidden="true" size={20} strokeWidth={1.75} />
        <h1 className="app-title">Segflow</h1>
      </header>
      <main className="app-main" aria-label="Workspace">
        <p className="app-placeholder">No workflow open yet.</p>
      </main>
    </div>
  );
}
