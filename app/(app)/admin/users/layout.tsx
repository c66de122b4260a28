import { PageGate } from '../../../_components/page-gate';

/** Users are managed by roles that reach the organization. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <PageGate need={{ area: 'organization' }}>{children}</PageGate>;
}
