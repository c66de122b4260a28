import type { Metadata } from 'next';
import { AntdRegistry } from '@ant-design/nextjs-registry';
import { requestLocale } from '@/lib/i18n/request-locale';
import { Providers } from './_components/providers';
import './globals.css';

export const metadata: Metadata = { title: 'Salesflow', description: 'Sales information management' };

export default async function RootLayout({ children }: { children: React.ReactNode }) {
  const locale = await requestLocale();
  return (
    <html lang={locale}>
      <body>
        <AntdRegistry>
          <Providers locale={locale}>{children}</Providers>
        </AntdRegistry>
      </body>
    </html>
  );
}
