import { PageGate } from '../../../_components/page-gate';

/** Publishing forms to the public is for roles that design (the same area the public-forms API asks for). */
export default function Layout({ children }: { children: React.ReactNode }) {
  return <PageGate need={{ area: 'design' }}>{children}</PageGate>;
}
