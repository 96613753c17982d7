import { useMutation, useQueryClient } from '@tanstack/react-query';
import { Workflow } from 'lucide-react';
import { useState, type FormEvent } from 'react';
import { authKeys, setUp, signIn } from '../api/auth.queries.ts';
import { isApiError } from '../api/http.ts';
import { errorText } from './error-message.tsx';
import './auth.css';

/** The sign-in form, or with a setup token the one-time form that creates the first admin. */
export function SignInPage({ setupToken }: { setupToken?: string }) {
  const queryClient = useQueryClient();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const submit = useMutation({
    mutationFn: () => (setupToken ? setUp(setupToken, email.trim(), password) : signIn(email.trim(), password)),
    onSuccess: (me) => {
      if (setupToken) window.history.replaceState(null, '', '/');
      queryClient.setQueryData(authKeys.me, me);
    },
  });
  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    submit.mutate();
  };
  const failure = submit.error && (isApiError(submit.error, 'invalid_credentials') ? 'That email and password do not match an account.' : errorText(submit.error));

  return (
    <div className="auth-page">
      <form className="card auth-card" onSubmit={onSubmit} aria-label={setupToken ? 'Create the admin account' : 'Sign in'}>
        <div className="auth-brand">
          <Workflow size={22} aria-hidden />
          <h1 className="app-title">Segflow</h1>
        </div>
        <h2>{setupToken ? 'Create the admin account' : 'Sign in'}</h2>
        {setupToken && <p className="hint">This one-time link sets up the first account. Choose a strong password.</p>}
        <label className="field">
          <span>Email</span>
          <input className="input" type="email" autoComplete="username" required value={email} onChange={(e) => setEmail(e.target.value)} />
        </label>
        <label className="field">
          <span>Password</span>
          <input className="input" type="password" autoComplete={setupToken ? 'new-password' : 'current-password'} required value={password} onChange={(e) => setPassword(e.target.value)} />
        </label>
        {failure && <p className="error-text" role="alert">{failure}</p>}
        <button type="submit" className="btn btn-primary" disabled={submit.isPending}>
          {submit.isPending ? 'One moment…' : setupToken ? 'Create account' : 'Sign in'}
        </button>
      </form>
    </div>
  );
}
