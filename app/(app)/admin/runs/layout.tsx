import { PageGate } from '../../../_components/page-gate';

/** Automation runs are for roles that watch automation. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <PageGate need={{ area: 'automation' }}>{children}</PageGate>;
}
