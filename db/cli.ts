/** `npm run db:migrate` / `npm run db:seed`: against DATABASE_URL, or embedded PostgreSQL when unset. */
import { closeDatabase, databaseUrls } from "./client";
import { resolveDatabase } from "./bootstrap";
import { migrate } from "./migrate";
import { seedDemo } from "./seed/demo";

const command = process.argv[2];
if (command !== "migrate" && command !== "seed") {
  console.error("usage: db/cli.ts migrate|seed");
  process.exit(2);
}
const embedded = await resolveDatabase((m) => console.log(m));
try {
  await migrate(databaseUrls());
  console.log("migrations applied");
  if (command === "seed") {
    await seedDemo();
    console.log("demo organizations seeded");
  }
} finally {
  await closeDatabase();
  await embedded?.stop();
}
