import { isRouteErrorResponse, useRouteError } from "react-router";

const titles: Record<number, { title: string; text: string }> = {
  400: { title: "Bad request", text: "The request could not be understood. Check the form and try again." },
  403: { title: "Not allowed", text: "Your role does not allow this. Ask an owner or admin of your organization for access." },
  404: { title: "Page not found", text: "There is nothing at this address, or it belongs to another organization." },
  503: { title: "Temporarily unavailable", text: "The service is busy or restarting. Try again in a moment." },
};

/** 4xx/5xx pages. Never shows a stack trace or error message from the server. */
export function ErrorPage() {
  const error = useRouteError();
  const status = isRouteErrorResponse(error) ? error.status : 500;
  // 4xx bodies are messages we wrote for the user (e.g. why a form was refused); 5xx never are.
  const detail = isRouteErrorResponse(error) && status < 500 && typeof error.data === "string" && error.data.length < 300 ? error.data : null;
  const known = titles[status] ?? {
    title: "Something went wrong",
    text: "An unexpected error happened on our side. It has been logged; please try again.",
  };
  return (
    <section className="mx-auto max-w-xl py-16 text-center">
      <p className="text-sm font-semibold text-brand-600">{status}</p>
      <h1 className="mt-2 text-2xl font-semibold">{known.title}</h1>
      <p className="mt-3 text-slate-600">{detail ?? known.text}</p>
      <p className="mt-6">
        <a href="/" className="text-brand-600 underline">
          Back to the start page
        </a>
      </p>
    </section>
  );
}
