import type { Button } from '../handler.ts';
import { kind } from './kind.ts';
import { platform } from './platform.ts';
import { rewrite } from './rewrite.ts';
import { scoreFormButton } from './score-form.ts';
import { why } from './why.ts';
import { fix } from './fix.ts';

// The only list of buttons, keyed by the customId prefix before the first ":".
export const buttons: readonly Button[] = [why, platform, rewrite, scoreFormButton, fix, kind];
