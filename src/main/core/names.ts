import { cleanName, type NameKind } from '../../shared/index.js';
import { GatehouseError } from '../common/errors.js';

/** A name cleaned by the shared rules (shared/names.ts), or the refusal in the same words the contract gives. */
export function nameOrRefuse(kind: NameKind, input: string): string {
  const cleaned = cleanName(kind, input);
  if (!cleaned.ok) throw new GatehouseError('invalid_input', cleaned.problem);
  return cleaned.name;
}
