'use client';

import { useEffect, useRef, useState } from 'react';
import { Select, Typography } from 'antd';

export interface RemoteChoice {
  value: string;
  label: string;
  /** A second line in the dropdown (a user's email). */
  hint?: string;
}

export interface RemoteSelectProps {
  id: string;
  value: unknown;
  many: boolean;
  disabled?: boolean;
  placeholder?: string;
  /** Names the cache of labels: the same id in another source is another thing. */
  source: string;
  /** Labels already known (the record's refs), by id. */
  knownNames?: Record<string, string>;
  search(q: string): Promise<RemoteChoice[]>;
  /** A second line for a choice, worked out when the dropdown draws it (the picker's columns); else its hint. */
  describe?(choiceId: string): string | undefined;
  /** Labels of ids shown without having been searched (the current value when editing). */
  resolve(ids: string[]): Promise<RemoteChoice[]>;
  onChange(value: string | string[] | undefined): void;
  onBlur(): void;
  onFocus(): void;
}

/** Labels every picker of the page has seen, by source and id, so rows of a sub-table look each id up once. */
const labelCache = new Map<string, string>();
const pending = new Map<string, Promise<void>>();

function idsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string' && item !== '');
  return typeof value === 'string' && value ? [value] : [];
}

/**
 * A searchable picker of things the server lists (records of an entity, users): searches as
 * people type, and shows names, not ids, for the value it was given.
 */
export function RemoteSelect({ id, value, many, disabled, placeholder, source, knownNames, search, describe, resolve, onChange, onBlur, onFocus }: RemoteSelectProps) {
  const [results, setResults] = useState<RemoteChoice[]>([]);
  const [loading, setLoading] = useState(false);
  const [, setResolved] = useState(0);
  const searched = useRef(false);
  const latest = useRef(0);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const ids = idsOf(value);
  const idsKey = ids.join(',');

  const labelOf = (choiceId: string) => labelCache.get(`${source}:${choiceId}`) ?? knownNames?.[choiceId];

  useEffect(() => {
    let live = true;
    const waits: Promise<void>[] = [];
    const unknown: string[] = [];
    for (const choiceId of idsKey ? idsKey.split(',') : []) {
      if (labelOf(choiceId)) continue;
      const inFlight = pending.get(`${source}:${choiceId}`);
      if (inFlight) waits.push(inFlight);
      else unknown.push(choiceId);
    }
    if (unknown.length > 0) {
      const lookup = resolve(unknown)
        .then((choices) => {
          for (const choice of choices) labelCache.set(`${source}:${choice.value}`, choice.label);
          // An id the source no longer knows shows as itself rather than as a name still loading.
          for (const choiceId of unknown) if (!labelCache.has(`${source}:${choiceId}`)) labelCache.set(`${source}:${choiceId}`, choiceId);
        })
        .catch(() => undefined)
        .finally(() => {
          for (const choiceId of unknown) pending.delete(`${source}:${choiceId}`);
        });
      for (const choiceId of unknown) pending.set(`${source}:${choiceId}`, lookup);
      waits.push(lookup);
    }
    if (waits.length > 0) void Promise.all(waits).then(() => live && setResolved((count) => count + 1));
    return () => {
      live = false;
    };
    // Labels of the value are looked up when the value or the source changes, not when the callbacks do.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [idsKey, source]);

  useEffect(() => () => clearTimeout(timer.current), []);

  function runSearch(q: string) {
    const ticket = ++latest.current;
    setLoading(true);
    search(q)
      .then((choices) => {
        if (ticket !== latest.current) return;
        for (const choice of choices) labelCache.set(`${source}:${choice.value}`, choice.label);
        setResults(choices);
      })
      .catch(() => ticket === latest.current && setResults([]))
      .finally(() => ticket === latest.current && setLoading(false));
  }

  function searchSoon(q: string) {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => runSearch(q.trim()), 250);
  }

  // The selected ids first (so they show by name even when the last search did not find them), then the results.
  const selected = ids.map((choiceId) => ({ value: choiceId, label: labelOf(choiceId) ?? '…' }));
  const options = [...selected.filter((choice) => !results.some((result) => result.value === choice.value)), ...results];

  return (
    <Select<string | string[], RemoteChoice>
      id={id}
      mode={many ? 'multiple' : undefined}
      allowClear
      value={many ? ids : (ids[0] ?? undefined)}
      options={options}
      loading={loading}
      disabled={disabled}
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: searchSoon }}
      optionRender={(option) => {
        const hint = describe?.(option.data.value) ?? option.data.hint;
        return (
          <span>
            {option.data.label}
            {hint ? <Typography.Text type="secondary"> · {hint}</Typography.Text> : null}
          </span>
        );
      }}
      style={{ width: '100%' }}
      onOpenChange={(open) => {
        if (open && !searched.current) {
          searched.current = true;
          runSearch('');
        }
      }}
      onChange={(next) => {
        const list = idsOf(next);
        onChange(many ? (list.length > 0 ? list : undefined) : list[0]);
      }}
      onBlur={onBlur}
      onFocus={onFocus}
    />
  );
}
