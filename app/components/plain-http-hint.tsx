/**
 * Shown on the sign-in and sign-up pages when they were opened over plain HTTP from another
 * machine while cookies are Secure (app/utils/plain-http.server.ts): what to set instead of a
 * mysterious "form has expired" refusal.
 */
export function PlainHttpHint({ origin }: { origin: string }) {
  return (
    <div className="mt-6 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-900" role="note" data-testid="plain-http-hint">
      <p className="font-medium">Signing in will not work at {origin} as the server is set up now.</p>
      <p className="mt-2">
        This page was opened over plain HTTP, but the server marks its cookies <em>Secure</em> (the default in
        production), and browsers keep Secure cookies only over HTTPS or on <code>localhost</code>. Without them every
        form here is refused.
      </p>
      <ul className="mt-2 list-disc space-y-1 pl-5">
        <li>
          Serve it over HTTPS (a TLS proxy in front of the app), set <code>APP_URL=https://…</code>, and set{" "}
          <code>TRUST_PROXY</code> (the number of proxies, or <code>fly</code>) so the app sees the HTTPS.
        </li>
        <li>
          Or, on a trusted local network only, restart the server with <code>COOKIE_SECURE=false</code>.
        </li>
        <li>
          On the server&apos;s own machine, <code>http://localhost</code> works as is.
        </li>
      </ul>
    </div>
  );
}
