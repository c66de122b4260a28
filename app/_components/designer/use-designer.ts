'use client';

import { useEffect, useRef, useState } from 'react';
import { useRouter } from 'next/navigation';
import useSWR, { useSWRConfig } from 'swr';
import { App } from 'antd';
import { api, ApiError } from '@/lib/client/api-client';
import { ENTITY_KEY_PATTERN, type EntityDefinition } from '@/lib/entities/entity.types';
import { useI18n } from '../i18n-provider';
import type { DraftResponse, Impact, PublishResponse } from './designer-types';
import { blankEntity } from './field-factory';

const base = (key: string) => `/api/entities/${encodeURIComponent(key)}`;

/**
 * The designer's state: the definition being edited, whether it differs from the stored
 * draft, and the save / publish / discard round trips. `entityKey` is null for a new entity.
 */
export function useDesigner(entityKey: string | null) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const router = useRouter();
  const { mutate: mutateGlobal } = useSWRConfig();
  // A new entity has a key once its first draft is stored, before the route catches up.
  const [createdKey, setCreatedKey] = useState<string | null>(null);
  const key = entityKey ?? createdKey;
  const { data, error, mutate } = useSWR<DraftResponse>(key ? `${base(key)}/draft` : null);
  const [def, setDef] = useState<EntityDefinition | null>(entityKey ? null : blankEntity(''));
  const [dirty, setDirty] = useState(false);
  const [problems, setProblems] = useState<string[]>([]);
  const [impact, setImpact] = useState<Impact | null>(null);
  const [busy, setBusy] = useState<'save' | 'publish' | 'discard' | null>(null);
  const dirtyRef = useRef(dirty);
  useEffect(() => {
    dirtyRef.current = dirty;
  }, [dirty]);

  // The server's copy replaces the local one only while nothing is edited, so no work is lost.
  useEffect(() => {
    if (data) setProblems(data.problems);
    if (data && key && !dirtyRef.current) setDef(data.draft ?? data.published ?? blankEntity(key));
  }, [data, key]);

  function change(next: EntityDefinition) {
    setDef(next);
    setDirty(true);
  }

  function fail(err: unknown) {
    message.error(err instanceof Error ? err.message : String(err));
  }

  async function save(): Promise<EntityDefinition | null> {
    if (!def) return null;
    if (!ENTITY_KEY_PATTERN.test(def.key)) {
      message.error(t('designer.entity.keyInvalid'));
      return null;
    }
    setBusy('save');
    try {
      // PUT on an existing key would overwrite that entity's draft: a new entity needs a free key.
      if (!key) {
        const existing = await api<DraftResponse>(`${base(def.key)}/draft`);
        if (existing.draft || existing.published) {
          message.error(t('designer.entity.keyTaken', { key: def.key }));
          return null;
        }
      }
      const saved = await api<{ draft: EntityDefinition; problems: string[] }>(`${base(def.key)}/draft`, { method: 'PUT', body: def });
      setDirty(false);
      dirtyRef.current = false;
      setDef(saved.draft);
      setProblems(saved.problems);
      await mutate({ draft: saved.draft, published: data?.published ?? null, problems: saved.problems }, { revalidate: false });
      if (saved.problems.length > 0) message.warning(t('designer.savedWithProblems', { count: saved.problems.length }));
      else message.success(t('designer.saved'));
      if (key !== saved.draft.key) {
        setCreatedKey(saved.draft.key);
        router.replace(`/admin/entities/${saved.draft.key}`);
      }
      return saved.draft;
    } catch (err) {
      fail(err);
      return null;
    } finally {
      setBusy(null);
    }
  }

  async function publish(confirm = false) {
    if (!dirty && !data?.draft && data?.published) {
      message.info(t('designer.publish.nothing'));
      return;
    }
    // Publishing takes the stored draft, so what is on screen is stored first.
    const stored = dirty || !data?.draft ? await save() : def;
    if (!stored) return;
    setBusy('publish');
    try {
      const answer = await api<PublishResponse>(`${base(stored.key)}/publish`, { method: 'POST', body: { confirm } });
      if (!answer.published) {
        setImpact(answer.impact);
        return;
      }
      setImpact(null);
      message.success(t('designer.publishedMessage', { version: answer.definition.version }));
      await mutate();
      await mutateGlobal(`${base(stored.key)}/versions`);
      router.refresh(); // the navigation lists published entities
    } catch (err) {
      fail(err);
      // A refused publish means the draft has problems; the draft endpoint lists them.
      if (err instanceof ApiError && err.status === 400) await mutate();
    } finally {
      setBusy(null);
    }
  }

  async function discard() {
    if (!def) return;
    setBusy('discard');
    try {
      if (data?.draft) await api(`${base(def.key)}/draft`, { method: 'DELETE' });
      setDirty(false);
      dirtyRef.current = false;
      const fresh = await mutate();
      if (!fresh?.published) router.push('/admin/entities');
      else setDef(fresh.published);
      message.success(t('designer.discarded'));
    } catch (err) {
      fail(err);
    } finally {
      setBusy(null);
    }
  }

  return {
    def,
    isNew: key === null,
    change,
    dirty,
    loadError: error as Error | undefined,
    published: data?.published ?? null,
    hasDraft: Boolean(data?.draft),
    problems,
    impact,
    closeImpact: () => setImpact(null),
    busy,
    save,
    publish,
    discard,
  };
}
