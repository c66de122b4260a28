import { PageGate } from '../../../_components/page-gate';

/** The template center is for roles that manage templates. */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <PageGate need={{ area: 'templates' }}>{children}</PageGate>;
}
