import { useEffect, useRef } from "react";
import { useLocation, useNavigate } from "react-router";

/** Typing in one of these must not be taken for the "/" shortcut. */
const typingIn = (target: EventTarget | null) =>
  target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));

/**
 * The header's search: a GET form to /search (works without JavaScript). From a small screen up
 * it is a box; on a phone a link to the search page. With JavaScript, "/" (outside a field) and
 * Ctrl-K / ⌘-K focus the box, or open the search page where the box is not shown.
 */
export function SearchBox() {
  const input = useRef<HTMLInputElement>(null);
  const navigate = useNavigate();
  const location = useLocation();
  const current = location.pathname === "/search" ? (new URLSearchParams(location.search).get("q") ?? "") : "";

  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const commandK = (event.ctrlKey || event.metaKey) && event.key.toLowerCase() === "k";
      const slash = event.key === "/" && !event.ctrlKey && !event.metaKey && !event.altKey && !typingIn(event.target);
      if (!commandK && !slash) return;
      event.preventDefault();
      const box = input.current;
      if (box && box.offsetParent !== null) {
        box.focus();
        box.select();
      } else {
        navigate("/search");
      }
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [navigate]);

  return (
    <>
      <form method="get" action="/search" role="search" className="hidden sm:block">
        <label htmlFor="header-search" className="sr-only">
          Search
        </label>
        <input
          ref={input}
          key={current}
          id="header-search"
          name="q"
          type="search"
          defaultValue={current}
          maxLength={100}
          placeholder="Search  /"
          aria-keyshortcuts="/ Control+K Meta+K"
          className="w-44 rounded bg-white/10 px-3 py-1.5 text-sm text-white placeholder:text-white/60 focus:w-64 focus:bg-white focus:text-slate-900 focus:outline-none lg:w-56"
        />
      </form>
      <a href="/search" className="rounded px-2 py-1.5 text-white/90 hover:bg-white/10 sm:hidden" aria-label="Search">
        <svg aria-hidden="true" viewBox="0 0 20 20" fill="none" stroke="currentColor" strokeWidth="2" className="h-5 w-5">
          <circle cx="8.5" cy="8.5" r="5.5" />
          <path d="m13 13 4.5 4.5" strokeLinecap="round" />
        </svg>
      </a>
    </>
  );
}
