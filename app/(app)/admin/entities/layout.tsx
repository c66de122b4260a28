import { PageGate } from '../../../_components/page-gate';

/** The designer is for roles that design. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <PageGate need={{ area: 'design' }}>{children}</PageGate>;
}
