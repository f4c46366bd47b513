import type { UseMutationResult } from '@tanstack/react-query';
import { useState, type FormEvent, type ReactNode } from 'react';
import { Form } from 'react-aria-components';
import type { z } from 'zod';
import { Button } from '../../../components/ui/button.tsx';
import { useOnePress } from '../../../components/ui/use-one-press.ts';
import { MutationStatus } from '../../../components/ui/states.tsx';
import { TextField } from '../../../components/ui/text-field.tsx';
import { useFormCheck } from '../../../lib/zod-fields.ts';

/**
 * Creating a named credential (an App, a token): the name checked with the contract's schema
 * before it is sent, the server's word on it under the field, the mutation's progress below.
 * `onCreated` gets the answer, which holds secrets shown once.
 */
export function CreateNamedForm<B, R>({
  submitLabel,
  nameLabel,
  pendingText,
  schema,
  bodyOf,
  mutation,
  onCreated,
  children,
}: {
  submitLabel: string;
  nameLabel: string;
  pendingText: string;
  schema: z.ZodType<B>;
  /** The request body for this name (other fields come from the caller's own state). */
  bodyOf: (name: string) => unknown;
  mutation: Pick<UseMutationResult<R, Error, B>, 'mutate' | 'isPending' | 'error' | 'reset'>;
  onCreated: (created: R) => void;
  /** More fields, between the name and the button. */
  children?: ReactNode;
}) {
  const [name, setName] = useState('');
  const form = useFormCheck(mutation);
  // A double-click would create two credentials, and only one secret dialog would show.
  const once = useOnePress(mutation.isPending);

  const onSubmit = (e: FormEvent) => {
    e.preventDefault();
    once(() => {
      const parsed = form.check(schema, bodyOf(name));
      if (!parsed) return false;
      mutation.mutate(parsed, {
        onSuccess: (created) => {
          setName('');
          onCreated(created);
        },
      });
    });
  };

  return (
    <>
      {/* aria, not native: a native invalid field would block the corrected name's submit. */}
      <Form onSubmit={onSubmit} className="row" aria-label={submitLabel} validationBehavior="aria">
        <TextField
          label={nameLabel}
          value={name}
          onChange={setName}
          errorMessage={form.fieldError('name')}
          isRequired
        />
        {children}
        <Button type="submit" isPending={mutation.isPending}>
          {submitLabel}
        </Button>
      </Form>
      <MutationStatus
        isPending={mutation.isPending}
        isSuccess={false}
        error={mutation.error}
        onField={form.onField}
        pendingText={pendingText}
      />
    </>
  );
}
