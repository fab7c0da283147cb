import type { types } from '@slack/bolt';
import { CALLBACKS, type CaptureModalState } from './action-values';
import { fitMrkdwn, safeText } from './mrkdwn';
import { section } from './render-reply';

type ModalView = types.ModalView;
type KnownBlock = types.KnownBlock;

/** Slack's limit on a text input's value. */
const INPUT_LIMIT = 3000;

/** What the capture form holds. */
export interface CaptureDraft {
  question: string;
  answer: string;
  tags: string;
}

/** What a submitted capture form says, read from the view's state. */
export interface SubmittedCapture extends CaptureDraft {
  choice?: 'merge' | 'append' | 'new';
}

/** True when an answer can't be edited in the form without being cut. */
export function isTooLongToEdit(answer: string): boolean {
  return answer.length > INPUT_LIMIT;
}

/**
 * The form opened by the "Capture answer" shortcut: question, answer and tags, all editable.
 * An answer longer than a text input holds is not offered for editing (it would be cut):
 * the form says so, and the message is kept whole.
 */
export function captureModal(state: CaptureModalState, draft: CaptureDraft): ModalView {
  return modal(state, [section('Keep this answer as a Lore article, so the next person who asks gets it at once. Edit anything before saving.'), ...inputs(draft, state.whole)]);
}

/** Shown while the thread is fetched, when Slack's 3 seconds to open a modal would not be enough. */
export function loadingModal(): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.captureModal,
    title: { type: 'plain_text', text: 'Capture an answer' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks: [section('⏳ Fetching the thread…')],
  };
}

/** The form again, when an article already answers the question: merge, append or keep apart. */
export function duplicateModal(state: CaptureModalState, draft: CaptureDraft, existing: { title: string; confidence: number }): ModalView {
  const choice: KnownBlock = {
    type: 'input',
    block_id: 'choice',
    label: { type: 'plain_text', text: 'What should I do?' },
    element: {
      type: 'radio_buttons',
      action_id: 'value',
      initial_option: option('merge', 'Add this question to that article'),
      options: [option('merge', 'Add this question to that article'), option('append', 'Also add this answer to it as a new section'), option('new', 'Save a new article anyway')],
    },
  };
  const note = `📚 *${safeText(existing.title)}* already answers this question (${Math.round(existing.confidence * 100)}% sure).`;
  return modal(state, [section(note), choice, ...inputs(draft, state.whole)]);
}

/** Reads the form's inputs from a submitted view's state. */
export function readCapture(values: Record<string, Record<string, { value?: string | null; selected_option?: { value?: string } | null }>>): SubmittedCapture {
  const text = (block: string) => values[block]?.value?.value ?? '';
  const choice = values.choice?.value?.selected_option?.value;
  return {
    question: text('question'),
    answer: text('answer'),
    tags: text('tags'),
    ...(choice === 'merge' || choice === 'append' || choice === 'new' ? { choice } : {}),
  };
}

function modal(state: CaptureModalState, blocks: KnownBlock[]): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACKS.captureModal,
    private_metadata: JSON.stringify(state),
    title: { type: 'plain_text', text: 'Capture an answer' },
    submit: { type: 'plain_text', text: 'Save' },
    close: { type: 'plain_text', text: 'Cancel' },
    blocks,
  };
}

function inputs(draft: CaptureDraft, whole = false): KnownBlock[] {
  const answer = whole
    ? section(`*Answer*: the message is too long to edit here (${draft.answer.length.toLocaleString('en')} characters), so it is kept exactly as posted.`)
    : input('answer', 'Answer', draft.answer, { multiline: true });
  return [
    input('question', 'Question it answers', draft.question, { multiline: true, placeholder: 'How do I connect to the VPN from home?' }),
    answer,
    input('tags', 'Tags', draft.tags, { optional: true, placeholder: 'vpn, remote (comma separated)' }),
  ];
}

function input(blockId: string, label: string, value: string, options: { multiline?: boolean; optional?: boolean; placeholder?: string }): KnownBlock {
  // Only a question can be this long; it becomes a title of at most 200 characters anyway.
  const initial = value.slice(0, INPUT_LIMIT);
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: { type: 'plain_text', text: label },
    element: {
      type: 'plain_text_input',
      action_id: 'value',
      multiline: options.multiline ?? false,
      max_length: INPUT_LIMIT,
      ...(initial ? { initial_value: initial } : {}),
      ...(options.placeholder ? { placeholder: { type: 'plain_text', text: options.placeholder } } : {}),
    },
  };
}

function option(value: string, text: string): types.Option {
  return { text: { type: 'plain_text', text }, value };
}

/** The confirmation posted in the thread after a capture. */
export function captureConfirmation(action: 'created' | 'merged' | 'draft', title: string, appended: boolean): string {
  const name = `*${fitMrkdwn(safeText(title), 300)}*`;
  if (action === 'merged') {
    return `📝 ${name} already answered this; I added the question${appended ? ' and this answer' : ''} to it, so the next person finds it.`;
  }
  if (action === 'draft') return `📝 Saved ${name} as a draft; an editor will review it before Lore answers with it.`;
  return `📝 Saved as ${name}. The next person who asks gets this answer.`;
}
