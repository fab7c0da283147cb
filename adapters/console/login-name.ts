import os from 'node:os';

/** Who is at the terminal; containers often run as a user with no account entry. */
export function loginName(env: Record<string, string | undefined>): string {
  try {
    return os.userInfo().username;
  } catch {
    return env.USER ?? env.USERNAME ?? 'you';
  }
}
