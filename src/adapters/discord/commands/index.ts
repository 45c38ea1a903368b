import { askCommand } from './ask.ts';
import { audit } from './audit.ts';
import type { MessageCommand, Modal, SlashCommand } from '../handler.ts';
import { explain } from './explain.ts';
import { help } from './help.ts';
import { rewrite, rewriteForm } from './rewrite.ts';
import { score, scoreForm } from './score.ts';
import { scoreMessage } from './score-message.ts';
import { study } from './study.ts';
import { tips } from './tips.ts';
import { rules } from './rules.ts';
import { fixForm } from '../buttons/fix.ts';

// The only lists of commands: the router and the deploy script both read these.
export const slashCommands: readonly SlashCommand[] = [score, rewrite, askCommand, study, explain, help, tips, rules, audit];
export const messageCommands: readonly MessageCommand[] = [scoreMessage];
export const modals: readonly Modal[] = [scoreForm, rewriteForm, fixForm];
