/** Self time of a V8 .cpuprofile, grouped by package (or app / node internals) and by function. */
interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}
interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

function owner(url: string) {
  if (!url) return "(native / idle / gc)";
  if (url.startsWith("node:")) return "node internals";
  const modules = url.lastIndexOf("node_modules/");
  if (modules >= 0) {
    const rest = url.slice(modules + "node_modules/".length).split("/");
    return rest[0].startsWith("@") ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  if (url.includes("/build/server/")) return "app (server bundle)";
  return "app / server sources";
}

export function summarizeProfile(profile: CpuProfile, top = 25): string[] {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const selfUs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfUs.set(id, (selfUs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
  const total = profile.endTime - profile.startTime;
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const { callFrame } = byId.get(id)!;
    const name = callFrame.functionName || "(anonymous)";
    if (name === "(idle)") continue;
    const group = name.startsWith("(") ? name : owner(callFrame.url);
    groups.set(group, (groups.get(group) ?? 0) + us);
    const fn = `${name} ${callFrame.url.replace(/^.*node_modules\//, "").replace(process.cwd(), ".")}:${callFrame.lineNumber + 1}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  }
  const busy = [...groups.values()].reduce((a, b) => a + b, 0);
  const pct = (us: number) => `${((us / busy) * 100).toFixed(1)}%`;
  const lines = [`busy ${(busy / 1e6).toFixed(1)} s of ${(total / 1e6).toFixed(1)} s`, "self time by package:"];
  for (const [g, us] of [...groups].sort((a, b) => b[1] - a[1]).slice(0, 20)) lines.push(`  ${pct(us).padStart(6)}  ${g}`);
  lines.push(`top ${top} functions by self time:`);
  for (const [f, us] of [...functions].sort((a, b) => b[1] - a[1]).slice(0, top)) lines.push(`  ${pct(us).padStart(6)}  ${f}`);
  lines.push(`top ${top} functions by inclusive time (self and callees; startup included):`);
  for (const [f, us] of inclusive(profile, byId).slice(0, top)) lines.push(`  ${pct(us).padStart(6)}  ${f}`);
  return lines;
}

/** Each sample counted once for every distinct function on its stack. */
function inclusive(profile: CpuProfile, byId: Map<number, ProfileNode>) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of (n as ProfileNode & { children?: number[] }).children ?? []) parent.set(c, n.id);
  const label = (n: ProfileNode) =>
    `${n.callFrame.functionName || "(anonymous)"} ${n.callFrame.url.replace(/^.*node_modules\//, "").replace(process.cwd(), ".")}:${n.callFrame.lineNumber + 1}`;
  const totals = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at)!;
      if (node.callFrame.functionName === "(idle)" || node.callFrame.functionName === "(root)") continue;
      seen.add(label(node));
    }
    for (const key of seen) totals.set(key, (totals.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0));
  });
  return [...totals].sort((a, b) => b[1] - a[1]);
}
