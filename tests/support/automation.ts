import { spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { resolve } from 'node:path';
import { SMTPServer } from 'smtp-server';
import { simpleParser, type ParsedMail } from 'mailparser';
import { collection } from '@/lib/db/collections';
import type { WorkflowDefinition, WorkflowRunDoc } from '@/lib/workflows/workflow.types';
import { eventually, sessionClient, type ApiClient } from './http';

/** A local HTTP server that records what it receives and answers from a script (e.g. fail twice, then 200). */
export interface Receiver {
  url: string;
  requests: { headers: IncomingMessage['headers']; body: string }[];
  close(): Promise<void>;
}

export async function startReceiver(answers: number[] = [], fallback = 200): Promise<Receiver> {
  const requests: Receiver['requests'] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      requests.push({ headers: req.headers, body });
      const status = answers[requests.length - 1] ?? fallback;
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ received: requests.length, ok: status < 300 }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const address = server.address() as { port: number };
  return { url: `http://127.0.0.1:${address.port}/hook`, requests, close: () => new Promise((done) => server.close(() => done())) };
}

/** The tests' SMTP catcher on the port the scratch app mails to (SALESFLOW_SMTP_URL). */
export interface MailCatcher {
  messages: ParsedMail[];
  close(): Promise<void>;
}

export async function startMailCatcher(): Promise<MailCatcher> {
  const port = Number(new URL(process.env.SALESFLOW_SMTP_URL ?? 'smtp://127.0.0.1:2526').port);
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    onData(stream, _session, callback) {
      simpleParser(stream)
        .then((mail) => {
          messages.push(mail);
          callback();
        })
        .catch(callback);
    },
  });
  await new Promise<void>((done) => server.listen(port, '127.0.0.1', done));
  return { messages, close: () => new Promise((done) => server.close(() => done())) };
}

export async function runOf(id: string): Promise<WorkflowRunDoc | null> {
  return (await collection('workflowRuns')).findOne({ _id: id });
}

export async function settledRun(id: string, status: WorkflowRunDoc['status'] = 'succeeded', timeoutMs = 30_000): Promise<WorkflowRunDoc> {
  return eventually(
    async () => {
      const run = await runOf(id);
      if (run?.status === 'failed' && status !== 'failed') throw new Error(`run ${id} failed: ${run.error}`);
      return run?.status === status ? run : undefined;
    },
    `run ${id} to be ${status}`,
    timeoutMs,
  );
}

/** Publishes through the HTTP API as the designer does; answers the stored definition. */
export async function publish(api: ApiClient, definition: Omit<WorkflowDefinition, 'version'> & { version?: number }): Promise<WorkflowDefinition> {
  const existing = await api.get(`/api/workflows/${definition.key}`);
  const answer =
    existing.status === 200
      ? await api.put(`/api/workflows/${definition.key}`, { definition: { ...definition, version: existing.body.workflow.version }, baseVersion: existing.body.workflow.version })
      : await api.post('/api/workflows', { definition: { ...definition, version: 1 } });
  if (answer.status >= 300) throw new Error(`publish ${definition.key}: ${JSON.stringify(answer.body)}`);
  return answer.body;
}

/** A person with a role (and a manager), signed in. */
export async function person(admin: ApiClient, role: 'admin' | 'manager' | 'staff', name: string, managerId?: string): Promise<{ id: string; api: ApiClient }> {
  const email = `${name.toLowerCase().replace(/[^a-z0-9]+/g, '.')}.${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}@test.local`;
  const password = 'person-password-1';
  // A manager is the manager of the person's department (lib/permissions): one department each.
  let departmentId: string | null = null;
  if (managerId) {
    const department = await admin.post('/api/departments', { name: `${name} team ${Math.random().toString(36).slice(2, 8)}`, managerId });
    if (department.status !== 201) throw new Error(`department not created: ${JSON.stringify(department.body)}`);
    departmentId = department.body.id;
  }
  const made = await admin.post('/api/users', { email, name, role, password, departmentId });
  if (made.status !== 201) throw new Error(`user not created: ${JSON.stringify(made.body)}`);
  return { id: made.body.id, api: await sessionClient(email, password) };
}

const RUN_DIR = resolve(process.env.SALESFLOW_DATA_DIR ?? 'data/test', 'run');

export function workerPid(): number {
  return Number(readFileSync(resolve(RUN_DIR, 'worker.pid'), 'utf8').trim());
}

/** Starts another worker process like the launcher's (its pid file names it, so the launcher stops it). */
export function startWorker(name = 'worker'): number {
  const child = spawn(resolve('node_modules/.bin/tsx'), ['workers/main.ts'], {
    detached: true,
    stdio: 'ignore',
    env: { ...process.env, SALESFLOW_SERVICE: name },
  });
  child.unref();
  writeFileSync(resolve(RUN_DIR, `${name}.pid`), String(child.pid));
  return child.pid!;
}

/** Signals a process group (a worker is tsx and the node it starts: both go). */
export function stopProcess(pid: number, signal: NodeJS.Signals = 'SIGTERM'): void {
  try {
    process.kill(-pid, signal);
  } catch {
    // Already gone.
  }
}
