import { useRouteLoaderData } from "react-router";
import type { loader } from "~/root";
import type { PermissionKey } from "./permissions";

/** The signed-in user and active organization as the root loader saw them (null when signed out). */
export function useViewer() {
  return useRouteLoaderData<typeof loader>("root")?.viewer ?? null;
}

/** Whether the UI should offer an action; the server checks again regardless. */
export function useCan(key: PermissionKey) {
  const viewer = useViewer();
  return Boolean(viewer?.permissions.includes(key));
}

export function useCsrfToken() {
  return useRouteLoaderData<typeof loader>("root")?.csrfToken ?? "";
}

/** This page render's submission token: a repeated post of the same render creates nothing new. */
export function useSubmissionToken() {
  return useRouteLoaderData<typeof loader>("root")?.submissionToken ?? "";
}
