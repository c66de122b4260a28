import { PageGate } from '../../../_components/page-gate';

/** The audit log is for roles that read it. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <PageGate need={{ area: 'audit' }}>{children}</PageGate>;
}
