import { PageGate } from '../../../_components/page-gate';

/** API tokens are for roles that reach them. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <PageGate need={{ area: 'tokens' }}>{children}</PageGate>;
}
