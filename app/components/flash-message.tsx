import { useState } from "react";
import { useLocation } from "react-router";

const styles = {
  success: "border-green-300 bg-green-50 text-green-900",
  info: "border-sky-300 bg-sky-50 text-sky-900",
  error: "border-red-300 bg-red-50 text-red-900",
} as const;

type Flash = { kind: keyof typeof styles; message: string };

/**
 * Which flash to show at `key` (the current location): a flash belongs to the location where it
 * arrived. With JS, a link click does not run the root loader again, so the loader data still holds
 * the last message; it is a new object only when the root loader read it afresh (after an action).
 */
export function freshFlash(seen: { flash: Flash; key: string }, flash: Flash, key: string) {
  return seen.flash === flash && seen.key !== key ? null : flash;
}

export function FlashMessage({ flash }: { flash: Flash }) {
  const { key } = useLocation();
  const [seen, setSeen] = useState({ flash, key });
  // a new message (new loader data) belongs to the location it arrived at
  if (seen.flash !== flash) setSeen({ flash, key });
  const shown = freshFlash(seen.flash !== flash ? { flash, key } : seen, flash, key);
  if (!shown) return null;
  return (
    <div className="mx-auto max-w-7xl px-4 pt-4">
      <p role="status" className={`rounded border px-4 py-2 text-sm ${styles[shown.kind]}`}>
        {shown.message}
      </p>
    </div>
  );
}
