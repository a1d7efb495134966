import type { LinksFunction, LoaderFunctionArgs, MetaFunction } from "react-router";
import { data, Links, Meta, Outlet, Scripts, ScrollRestoration, useLoaderData, useRouteLoaderData } from "react-router";
import { useEffect, type ReactNode } from "react";
import { AppShell } from "~/components/app-shell";
import { ErrorPage } from "~/components/error-page";
import { headerCounts } from "~/domains/notifications/header-counts.server";
import { getIdentity } from "~/utils/auth.server";
import { csrfToken } from "~/utils/csrf.server";
import { readFlash } from "~/utils/flash.server";
import { useNonce } from "~/utils/nonce";
import { DEFAULT_ORG_FORMAT } from "~/utils/org-format";
import { OrgFormatContext } from "~/utils/org-format-context";
import { permissionsOf } from "~/utils/permissions";
import { newSubmissionToken } from "~/utils/submissions.server";
import stylesheet from "./tailwind.css?url";

export const links: LinksFunction = () => [
  { rel: "stylesheet", href: stylesheet },
  { rel: "icon", href: "/favicon.ico" },
];

export const meta: MetaFunction = () => [{ title: "SECG ERP" }];

export async function loader({ request }: LoaderFunctionArgs) {
  const [{ flash, setCookie }, identity, token] = await Promise.all([readFlash(request), getIdentity(request), csrfToken(request)]);
  const payload = {
    flash,
    csrfToken: token,
    submissionToken: newSubmissionToken(),
    notificationCounts: await headerCounts(identity),
    viewer: identity
      ? {
          name: identity.user.name,
          email: identity.user.email,
          emailVerified: identity.user.emailVerified,
          organizations: identity.organizations.map(({ id, name }) => ({ id, name })),
          active: identity.active
            ? { id: identity.active.id, name: identity.active.name, role: identity.active.role, format: { timeZone: identity.active.timeZone, locale: identity.active.locale } }
            : null,
          permissions: identity.active ? permissionsOf(identity.active.role) : [],
        }
      : null,
  };
  return setCookie ? data(payload, { headers: { "Set-Cookie": setCookie } }) : payload;
}

function Document({ children }: { children: ReactNode }) {
  const nonce = useNonce();
  return (
    <html lang="en" className="h-full bg-slate-50">
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body className="h-full text-slate-900 antialiased">
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

export default function App() {
  const { flash, viewer } = useLoaderData<typeof loader>();
  // Marks the page as enhanced once React has taken over (`html[data-hydrated]`): browser tests wait on it.
  useEffect(() => void (document.documentElement.dataset.hydrated = "true"), []);
  return (
    <Document>
      <OrgFormatContext.Provider value={viewer?.active?.format ?? DEFAULT_ORG_FORMAT}>
        <AppShell flash={flash} viewer={viewer}>
          <Outlet />
        </AppShell>
      </OrgFormatContext.Provider>
    </Document>
  );
}

export function ErrorBoundary() {
  const rootData = useRouteLoaderData<typeof loader>("root");
  return (
    <Document>
      <AppShell flash={null} viewer={rootData?.viewer ?? null}>
        <ErrorPage />
      </AppShell>
    </Document>
  );
}
