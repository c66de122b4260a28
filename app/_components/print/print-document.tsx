'use client';

import type { PrintDocument, PrintedValue } from '@/lib/print/print.types';
import { useI18n } from '../i18n-provider';
import './print-document.css';

function Value({ item }: { item: PrintedValue }) {
  return <span className={item.numeric ? 'num' : undefined}>{item.value || '—'}</span>;
}

/**
 * A record laid out by a print template (the server's PrintDocument): header, fields, the
 * table of lines, totals, signature lines and footer. Nothing of the app around it: the print
 * view and the editor's preview both draw it.
 */
export function PrintDocumentView({ doc }: { doc: PrintDocument }) {
  const { t } = useI18n();
  return (
    <article className="print-doc" data-testid="print-document">
      <header className="print-heading">
        <div>
          {doc.company && (
            <div className="print-company" data-testid="print-company">
              {doc.company}
            </div>
          )}
          <h1 data-testid="print-title">{doc.title}</h1>
        </div>
        <div className="print-meta">
          {doc.number && (
            <div data-testid="print-number">
              <span className="print-label">{doc.number.label || t('print.number')}</span>
              <Value item={doc.number} />
            </div>
          )}
          {doc.date && (
            <div data-testid="print-date">
              <span className="print-label">{doc.date.label || t('print.date')}</span>
              <Value item={doc.date} />
            </div>
          )}
        </div>
      </header>
      {doc.fields.length > 0 && (
        <section className="print-fields" data-testid="print-fields">
          {doc.fields.map((item) => (
            <div key={item.key} data-testid={`print-field-${item.key}`}>
              <span className="print-label">{item.label}</span>
              <Value item={item} />
            </div>
          ))}
        </section>
      )}
      {doc.table && (
        <table className="print-table" data-testid="print-table">
          <thead>
            <tr>
              <th style={{ width: 32 }}>#</th>
              {doc.table.columns.map((column) => (
                <th key={column.key} className={column.numeric ? 'num' : undefined}>
                  {column.label}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {doc.table.rows.map((row, index) => (
              <tr key={index} data-testid="print-row">
                <td className="num">{index + 1}</td>
                {row.map((cell, column) => (
                  <td key={doc.table!.columns[column].key} className={doc.table!.columns[column].numeric ? 'num' : undefined}>
                    {cell}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {doc.totals.length > 0 && (
        <table className="print-totals" data-testid="print-totals">
          <tbody>
            {doc.totals.map((item) => (
              <tr key={item.key} data-testid={`print-total-${item.key}`}>
                <td>{item.label}</td>
                <td className="num">{item.value || '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {doc.signatures.length > 0 && (
        <section className="print-signatures" data-testid="print-signatures">
          {doc.signatures.map((caption, index) => (
            <div key={index} className="print-signature">
              <div>{caption}</div>
              <div className="print-signature-line" />
              <div className="print-label">{t('print.signatureDate')}:</div>
            </div>
          ))}
        </section>
      )}
      {doc.footer && (
        <footer className="print-footer" data-testid="print-footer">
          {doc.footer}
        </footer>
      )}
    </article>
  );
}
