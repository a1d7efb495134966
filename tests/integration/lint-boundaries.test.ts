import { ESLint } from "eslint";
import { describe, expect, it } from "vitest";

const eslint = new ESLint();
const ruleIds = async (filePath: string, code: string) =>
  (await eslint.lintText(code, { filePath }))[0].messages.map((m) => m.ruleId);

describe("import boundaries (eslint.config.js)", () => {
  it("refuses db/ and jobs/ imports in route modules and components", async () => {
    expect(await ruleIds("app/domains/platform/routes/example.tsx", 'import { appDb } from "@db/client";\nexport const x = appDb;\n')).toContain(
      "no-restricted-imports",
    );
    expect(await ruleIds("app/components/example.tsx", 'import { jobCatalog } from "../../jobs/catalog";\nexport const x = jobCatalog;\n')).toContain(
      "no-restricted-imports",
    );
  });

  it("allows them in .server.ts modules", async () => {
    expect(await ruleIds("app/domains/platform/example.server.ts", 'import { appDb } from "@db/client";\nexport const x = appDb;\n')).not.toContain(
      "no-restricted-imports",
    );
  });
});
