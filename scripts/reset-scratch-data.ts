/** Gives a test or benchmark run an empty database and queue: only ever those scratch ones. */
import IORedis from 'ioredis';
import { config } from '@/lib/config';
import { closeMongo, database } from '@/lib/db/mongo';

async function main() {
  const scratch = /_(test|bench)$/.test(config.dbName) && /-(test|bench)$/.test(config.queuePrefix);
  if (!scratch) {
    throw new Error(`refusing to reset "${config.dbName}" / "${config.queuePrefix}": not a test or benchmark database`);
  }
  await (await database()).dropDatabase();
  await closeMongo();
  const redis = new IORedis(config.redisUrl);
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', `${config.queuePrefix}:*`, 'COUNT', 1000);
    if (keys.length > 0) await redis.del(...keys);
    cursor = next;
  } while (cursor !== '0');
  redis.disconnect();
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
