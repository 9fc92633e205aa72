import { useState } from '../lib/hooks.mjs';
import { signIn } from '../api.js';
import { ErrorBox, html } from '../ui.js';

// An API client's id and secret, exchanged at /oauth/token; the secret is dropped at once.
export function SignIn() {
  const [error, setError] = useState(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    const form = new FormData(e.target);
    setBusy(true);
    setError(null);
    try {
      await signIn(String(form.get('client_id')).trim(), String(form.get('client_secret')));
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };
  return html`<main class="container sb-signin">
    <article>
      <header><h1>Storebridge console</h1></header>
      <p>Sign in with an API client's id and secret (<code>storebridge serve</code> prints the first one;
        <code>storebridge admin create-client</code> makes more). The token stays in this tab's memory only.</p>
      <form onSubmit=${submit}>
        <label>Client id <input name="client_id" autocomplete="username" required /></label>
        <label>Client secret <input name="client_secret" type="password" autocomplete="current-password" required /></label>
        <button type="submit" aria-busy=${busy} disabled=${busy}>Sign in</button>
      </form>
      <${ErrorBox} error=${error} />
    </article>
  </main>`;
}
