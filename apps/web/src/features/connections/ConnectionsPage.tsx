import { CredentialSection, type SectionText } from './CredentialSection.tsx';
import './connections.css';

const CONNECTIONS: SectionText = {
  title: 'Database connections',
  intro: 'Where PostgreSQL outputs deliver. Outputs name a connection, so the password stays here, encrypted, and never appears in a workflow.',
  valueLabel: 'Connection URL',
  valuePlaceholder: 'postgres://user:password@db.example.com:5432/crm',
  namePlaceholder: 'crm_db',
  empty: 'No connections yet.',
  usage: (name) => `"connection": "${name}"`,
};

const SECRETS: SectionText = {
  title: 'Secrets',
  intro: 'Values of webhook headers such as Authorization. A webhook output names the secret instead of holding the value.',
  valueLabel: 'Value',
  valuePlaceholder: 'Bearer …',
  namePlaceholder: 'crm_token',
  empty: 'No secrets yet.',
  usage: (name) => `{"secret": "${name}"}`,
};

/** Admin: the connections and secrets that outputs name. Values are written here once and never shown again. */
export function ConnectionsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <div>
          <h2>Connections</h2>
          <p>Passwords and keys for outputs, kept encrypted on the server. Once saved, a value cannot be read back: to change one, delete it and save it again.</p>
        </div>
      </div>
      <CredentialSection kind="connection" text={CONNECTIONS} />
      <CredentialSection kind="secret" text={SECRETS} />
    </div>
  );
}
