/** Liveness: the process answers. Fly's health check and load balancers poll this. */
export function loader() {
  return Response.json({ ok: true, uptimeSeconds: Math.round(process.uptime()) }, { headers: { "Cache-Control": "no-store" } });
}
