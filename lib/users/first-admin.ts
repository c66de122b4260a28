import { generatePassword } from '@/lib/auth/password';
import { countAdmins, createUser } from '@/lib/users/user.service';

export interface FirstAdmin {
  email: string;
  /** Set only when the password was generated: it must be shown to the person once. */
  generatedPassword?: string;
}

/** Creates the first admin when there is none: from the environment, else with a generated password. */
export async function ensureFirstAdmin(env: NodeJS.ProcessEnv = process.env): Promise<FirstAdmin | null> {
  if ((await countAdmins()) > 0) return null;
  const email = env.SALESFLOW_ADMIN_EMAIL || 'admin@salesflow.local';
  const given = env.SALESFLOW_ADMIN_PASSWORD;
  const password = given || generatePassword();
  await createUser({ email, name: env.SALESFLOW_ADMIN_NAME || 'Administrator', roles: ['admin'], password });
  return given ? { email } : { email, generatedPassword: password };
}
