import { signIn } from "./http";
const base = process.argv[2]; const paths = process.argv.slice(3);
const cookie = await signIn(base, "owner@demo.test", "demo-password");
for (const p of paths) for (let i = 0; i < 3; i++) { const r = await fetch(base + p, { headers: { Cookie: cookie } }); await r.arrayBuffer(); console.log(p, r.status, r.headers.get("server-timing")); }
