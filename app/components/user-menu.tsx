import { PostForm } from "./forms";

/** Account links and sign-out (a POST, so a link prefetch can never sign anyone out). */
export function UserMenu({ name }: { name: string }) {
  return (
    <div className="flex items-center gap-3">
      <span className="text-white/90" data-testid="user-name">
        {name}
      </span>
      <a href="/settings/sessions" className="text-white/80 hover:underline">
        Sessions
      </a>
      <a href="/settings/password" className="text-white/80 hover:underline">
        Password
      </a>
      <PostForm action="/logout">
        <button type="submit" className="text-white/80 hover:underline">
          Sign out
        </button>
      </PostForm>
    </div>
  );
}
