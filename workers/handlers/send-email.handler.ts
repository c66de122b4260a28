import type { Job } from 'bullmq';
import type { EmailJobData } from '@/lib/jobs/jobs';
import { deliverEmail } from '@/lib/mail/mailer';

/** Sends one stored email (a notification's copy); a sent one is not sent again. */
export async function sendEmailHandler(job: Job<EmailJobData>): Promise<void> {
  await deliverEmail(job.data.emailId);
}
