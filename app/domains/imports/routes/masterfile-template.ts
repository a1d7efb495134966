/** Placeholder while the page is being built (issue 6). */
export function loader() {
  throw new Response("Not Found", { status: 404 });
}
