import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { trpc } from '../api/client.js';
import { fieldIssues } from '../api/errors.js';
import { Field } from '../components/Field.js';
import { Link } from '../components/Link.js';
import { ErrorNotice, Notice } from '../components/Notice.js';
import { Page } from '../components/Page.js';
import { navigate } from '../routing.js';
import { session, type Session } from '../session.js';

/** Only a path on this site: `next` comes from the address bar. */
function safeNext(next: string | null): string {
  return next && next.startsWith('/') && !next.startsWith('//') ? next : '/';
}

function useSignIn(next: string | null) {
  const queryClient = useQueryClient();
  return (signedIn: Session) => {
    queryClient.clear();
    session.start(signedIn);
    navigate(safeNext(next), { replace: true });
  };
}

export function LoginPage({ next, expired }: { next: string | null; expired: boolean }) {
  const signIn = useSignIn(next);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(trpc.user.login.mutationOptions({ onSuccess: signIn }));
  const issues = fieldIssues(login.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <Page title="Log in">
      {expired ? <Notice kind="info">Your session has expired. Log in again: your cart is kept.</Notice> : null}
      <form className="account" onSubmit={onSubmit} noValidate>
        <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={issues.email} required />
        <Field label="Password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} error={issues.password} required />
        <button type="submit" className="primary" disabled={login.isPending}>
          Log in
        </button>
      </form>
      {login.error && Object.keys(issues).length === 0 ? <ErrorNotice error={login.error} service="user" /> : null}
      <p>
        New here? <Link to={`/register${next ? `?next=${encodeURIComponent(next)}` : ''}`}>Create an account</Link>
      </p>
    </Page>
  );
}

export function RegisterPage({ next }: { next: string | null }) {
  const signIn = useSignIn(next);
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const register = useMutation(trpc.user.register.mutationOptions({ onSuccess: signIn }));
  const issues = fieldIssues(register.error);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    register.mutate({ name, email, password });
  };
  return (
    <Page title="Create an account">
      <form className="account" onSubmit={onSubmit} noValidate>
        <Field label="Name" autoComplete="name" value={name} onChange={(e) => setName(e.target.value)} error={issues.name} required />
        <Field label="Email" type="email" autoComplete="email" value={email} onChange={(e) => setEmail(e.target.value)} error={issues.email} required />
        <Field label="Password (at least 8 characters)" type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} error={issues.password} required />
        <button type="submit" className="primary" disabled={register.isPending}>
          Create account
        </button>
      </form>
      {register.error && Object.keys(issues).length === 0 ? <ErrorNotice error={register.error} service="user" /> : null}
      <p>
        Already have an account? <Link to={`/login${next ? `?next=${encodeURIComponent(next)}` : ''}`}>Log in</Link>
      </p>
    </Page>
  );
}
