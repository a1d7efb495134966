import { z } from "zod";

// Form schemas for sign-up, sign-in and password flows; browser-safe (conform validates with them
// on the client, the server's parse is the authority).

export const PASSWORD_MIN = 10;
export const PASSWORD_MAX = 200;

export const emailField = z
  .string({ error: "Enter your email address" })
  .trim()
  .toLowerCase()
  .max(254, "Email is too long")
  .pipe(z.email("Enter a valid email address"));

export const newPasswordField = z
  .string({ error: "Choose a password" })
  .min(PASSWORD_MIN, `Use at least ${PASSWORD_MIN} characters`)
  .max(PASSWORD_MAX, `Use at most ${PASSWORD_MAX} characters`);

const personName = z.string({ error: "Enter your name" }).trim().min(1, "Enter your name").max(100, "Name is too long");

export const signupSchema = z.object({
  email: emailField,
  name: personName,
  password: newPasswordField,
  organizationName: z
    .string({ error: "Enter your company's name" })
    .trim()
    .min(2, "Enter your company's name")
    .max(120, "Company name is too long"),
});

export const loginSchema = z.object({
  email: emailField,
  password: z.string({ error: "Enter your password" }).max(PASSWORD_MAX, "Password is too long"),
  redirectTo: z.string().max(500).optional(),
});

export const forgotPasswordSchema = z.object({ email: emailField });

const confirmed = <T extends { password: string; confirm: string }>(value: T, ctx: z.RefinementCtx) => {
  if (value.password !== value.confirm) ctx.addIssue({ code: "custom", path: ["confirm"], message: "Passwords do not match" });
};

export const resetPasswordSchema = z
  .object({
    token: z.string().min(20).max(100),
    password: newPasswordField,
    confirm: z.string({ error: "Repeat the password" }),
  })
  .superRefine(confirmed);

export const changePasswordSchema = z
  .object({
    currentPassword: z.string({ error: "Enter your current password" }).max(PASSWORD_MAX),
    password: newPasswordField,
    confirm: z.string({ error: "Repeat the password" }),
  })
  .superRefine(confirmed);

export const newAccountFromInviteSchema = z.object({ name: personName, password: newPasswordField });
