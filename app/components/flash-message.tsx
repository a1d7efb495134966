const styles = {
  success: "border-green-300 bg-green-50 text-green-900",
  info: "border-sky-300 bg-sky-50 text-sky-900",
  error: "border-red-300 bg-red-50 text-red-900",
} as const;

export function FlashMessage({ flash }: { flash: { kind: keyof typeof styles; message: string } }) {
  return (
    <div className="mx-auto max-w-7xl px-4 pt-4">
      <p role="status" className={`rounded border px-4 py-2 text-sm ${styles[flash.kind]}`}>
        {flash.message}
      </p>
    </div>
  );
}
