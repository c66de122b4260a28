import { MongoClient, type Db } from 'mongodb';
import { config } from '@/lib/config';
import { observeDbCommand } from '@/lib/monitoring/metrics';

// One client per process; Next's dev server re-evaluates modules, so it is kept on globalThis.
const holder = globalThis as unknown as { __salesflowMongo?: Promise<MongoClient> };

export function mongoClient(): Promise<MongoClient> {
  holder.__salesflowMongo ??= MongoClient.connect(config.mongoUri, {
    maxPoolSize: 20,
    serverSelectionTimeoutMS: 10_000,
    // Command timings feed the database latency metric (lib/monitoring/metrics.ts).
    monitorCommands: true,
  })
    .then((client) => {
      client.on('commandSucceeded', (event) => observeDbCommand(event.commandName, event.duration / 1000, true));
      client.on('commandFailed', (event) => observeDbCommand(event.commandName, event.duration / 1000, false));
      return client;
    })
    .catch((error) => {
    holder.__salesflowMongo = undefined;
    throw error;
  });
  return holder.__salesflowMongo;
}

export async function database(): Promise<Db> {
  return (await mongoClient()).db(config.dbName);
}

export async function closeMongo(): Promise<void> {
  const pending = holder.__salesflowMongo;
  holder.__salesflowMongo = undefined;
  if (pending) await (await pending).close();
}
