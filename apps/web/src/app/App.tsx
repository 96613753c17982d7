import { MutationCache, QueryCache, QueryClient, QueryClientProvider, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { KeyRound, LogOut, Workflow } from 'lucide-react';
import { useEffect, useState } from 'react';
import { Link, Redirect, Route, Router, Switch, useRoute } from 'wouter';
import { useHashLocation } from 'wouter/use-hash-location';
import { authKeys, meQuery, signOut } from '../api/auth.queries.ts';
import { isApiError } from '../api/http.ts';
import { DatasetsPage } from '../features/datasets/DatasetsPage.tsx';
import { EditorPage } from '../features/canvas/EditorPage.tsx';
import { AlertBell } from '../features/alerts/AlertBell.tsx';
import { TokensPage } from '../features/tokens/TokensPage.tsx';
import { UsersPage } from '../features/users/UsersPage.tsx';
import { ConnectionsPage } from '../features/connections/ConnectionsPage.tsx';
import { WorkflowsPage } from '../features/workflows/WorkflowsPage.tsx';
import { AuthProvider, useCan, useMe } from './auth-context.tsx';
import { documentTitle } from './document-title.ts';
import { SignInPage } from './SignInPage.tsx';

export function createQueryClient() {
  const client: QueryClient = new QueryClient({
    defaultOptions: {
      queries: { retry: (n, e) => !isApiError(e) && n < 1, refetchOnWindowFocus: false, staleTime: 5_000 },
    },
    // A 401 anywhere means the session ended: ask who is signed in, which shows the sign-in form.
    queryCache: new QueryCache({ onError: (e) => onAuthError(client, e) }),
    mutationCache: new MutationCache({ onError: (e) => onAuthError(client, e) }),
  });
  return client;
}

function onAuthError(client: QueryClient, e: unknown) {
  if (isApiError(e) && e.status === 401) void client.invalidateQueries({ queryKey: authKeys.me });
}

function NavLink({ href, children, match }: { href: string; children: string; match: string }) {
  const [active] = useRoute(match);
  return (
    <Link href={href} aria-current={active ? 'page' : undefined}>
      {children}
    </Link>
  );
}

/** Sections only admins use; inside the auth provider, so it knows the role. */
function AdminLinks() {
  const users = useCan('GET /api/users');
  const connections = useCan('POST /api/connections');
  return (
    <>
      {users && <NavLink href="/users" match="/users">Users</NavLink>}
      {connections && <NavLink href="/connections" match="/connections">Connections</NavLink>}
    </>
  );
}

function UserMenu() {
  const me = useMe();
  const queryClient = useQueryClient();
  const out = useMutation({
    mutationFn: signOut,
    onSettled: () => {
      queryClient.setQueryData(authKeys.me, null);
      // The next person to sign in here must not see this one's tokens or lists, even for a moment.
      queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== authKeys.me[0] });
    },
  });
  if (!me) return null;
  return (
    <div className="user-menu">
      <span title={`Role: ${me.user.role}`}>{me.user.email} · {me.user.role}</span>
      <Link href="/tokens" className="icon-btn" aria-label="API tokens" title="API tokens">
        <KeyRound size={16} />
      </Link>
      <button type="button" className="icon-btn" aria-label="Sign out" title="Sign out" onClick={() => out.mutate()}>
        <LogOut size={16} />
      </button>
    </div>
  );
}

function Pages() {
  return (
    <Switch>
      <Route path="/">
        <WorkflowsPage />
      </Route>
      <Route path="/datasets">
        <DatasetsPage />
      </Route>
      <Route path="/workflows/:id">{(params) => <EditorPage key={params.id} workflowId={params.id} />}</Route>
      {/* The list's other address, as the header names it. */}
      <Route path="/workflows">
        <Redirect to="/" replace />
      </Route>
      <Route path="/users">
        <UsersPage />
      </Route>
      <Route path="/tokens">
        <TokensPage />
      </Route>
      <Route path="/connections">
        <ConnectionsPage />
      </Route>
      <Route>
        <div className="page">
          <p className="muted">This page does not exist. <Link href="/">Go to your workflows</Link>.</p>
        </div>
      </Route>
    </Switch>
  );
}

/**
 * The shell: a quiet header over the current page, behind sign-in. Routes live in
 * the hash, so the server needs no fallback route; only the one-time setup link
 * the server prints is a real path.
 */
function Shell() {
  const me = useQuery(meQuery());
  const setupToken = window.location.pathname === '/setup' ? new URLSearchParams(window.location.search).get('token') ?? undefined : undefined;
  // A server without accounts (or an unreachable one) answers otherwise than 401: show the app, the calls say the rest.
  const signedOut = me.data === null || setupToken !== undefined;
  const ready = me.isSuccess || me.isError;
  return (
    <AuthProvider value={me.data ?? null}>
      <div className="app-shell">
        <header className="app-header">
          <Link href="/" className="app-brand">
            <Workflow aria-hidden="true" size={20} strokeWidth={1.75} />
            <h1 className="app-title">Segflow</h1>
          </Link>
          {ready && !signedOut && (
            <nav className="app-nav" aria-label="Sections">
              <NavLink href="/" match="/">Workflows</NavLink>
              <NavLink href="/datasets" match="/datasets">Datasets</NavLink>
              <AdminLinks />
            </nav>
          )}
          {ready && !signedOut && <AlertBell />}
          <UserMenu />
        </header>
        <main className="app-main" aria-label="Workspace">
          {!ready && !setupToken ? <p className="empty">Loading…</p> : signedOut ? <SignInPage setupToken={setupToken} /> : <Pages />}
        </main>
      </div>
    </AuthProvider>
  );
}

export function App({ queryClient }: { queryClient?: QueryClient }) {
  const [client] = useState(() => queryClient ?? createQueryClient());
  useEffect(() => {
    document.title = documentTitle();
  }, []);
  return (
    <QueryClientProvider client={client}>
      <Router hook={useHashLocation}>
        <Shell />
      </Router>
    </QueryClientProvider>
  );
}
