/**
 * API tokens from the command line (./salesflow token …), for a script's first token:
 *   create --user <email> [--name <name>] [--expires <days>]
 * The token is printed once, on standard output alone (so `TOKEN=$(./salesflow token create …)`
 * works); only its hash is kept.
 */
import { closeMongo, database } from '@/lib/db/mongo';
import { migrate } from '@/lib/db/migrations';
import { createTokenForUser, TokenCommandError } from '@/lib/auth/token-command';
import { AppError } from '@/lib/errors/app-error';

const USAGE = 'usage: ./salesflow token create --user <email> [--name <name>] [--expires <days>]';

class UsageError extends Error {}

function option(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith('--')) throw new UsageError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

async function main(argv: string[]) {
  const [command, ...args] = argv;
  if (command !== 'create') throw new UsageError(command ? `unknown command "${command}"` : '');
  const email = option(args, '--user');
  const name = option(args, '--name');
  const expires = option(args, '--expires');
  if (args.length > 0) throw new UsageError(`unexpected ${args.join(' ')}`);
  if (!email) throw new UsageError('--user names the user the token acts as (their email)');
  if (expires !== undefined && !/^\d+$/.test(expires)) throw new UsageError('--expires is a number of days');
  await migrate(await database());
  const { token, apiToken, email: owner } = await createTokenForUser({ email, name, expiresInDays: expires === undefined ? undefined : Number(expires) });
  console.error(`token "${apiToken.name}" for ${owner}${apiToken.expiresAt ? `, valid until ${apiToken.expiresAt.toISOString()}` : ''} (shown once: keep it now)`);
  console.log(token);
}

main(process.argv.slice(2))
  .then(() => closeMongo())
  .catch(async (error) => {
    await closeMongo();
    if (error instanceof UsageError) {
      if (error.message) console.error(error.message);
      console.error(USAGE);
      process.exit(2);
    }
    const detail = error instanceof AppError ? (error.params.detail ?? error.code) : (error as Error).message;
    console.error(`token: ${error instanceof TokenCommandError ? error.message : detail}`);
    process.exit(1);
  });
