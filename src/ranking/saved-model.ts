import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import { z } from 'zod';
import { writeFileAtomically } from '../knowledge/knowledge-base';
import { INDEX_VERSION } from '../search/search-index';
import { FEATURES_VERSION } from './question-features';
import { type LearnedState, NEUTRAL_BLEND } from './ranker';
import { DEFAULT_TERM_MODEL } from './term-model';
import { WORD_VECTORS_VERSION } from './word-vectors';

/** Where the ranking model of a database file is saved: beside it, like the search index. */
export function savedModelFile(dbFile: string): string {
  return `${dbFile}.model`;
}

/**
 * What a saved model was made with: the analyzer (through the index version), the question
 * features, the training settings, the word vectors and the byte order of the weights. A
 * model saved with another version is not loaded: its features would not be the questions'
 * features, or its calibration was fitted on another ranking (ranker-model-2: the ranking
 * compares meanings with word vectors; ranker-model-3: each base chooses its blend, and what
 * a workspace's people taught is in that workspace's own model, where earlier models had it in the base's).
 */
export const MODEL_VERSION = ['ranker-model-3', INDEX_VERSION, WORD_VECTORS_VERSION, FEATURES_VERSION, JSON.stringify(DEFAULT_TERM_MODEL), os.endianness()].join('|');

/** A trained ranker and what its trainer needs to carry on from where it stopped. */
export interface SavedModel {
  version: string;
  /** The change number the model was trained or updated up to. */
  trainedAt: number;
  /** Every article the base had read when saved, with its change number then (see KnowledgeBase.misfit). */
  articles: Array<[string, number]>;
  changedSinceFull: number;
  learnedFrom: number;
  heldOut: Array<z.infer<typeof outcome>>;
  /** Votes counted since the last calibration, not yet in it. */
  votesPending: number;
  /** The votes in the database when saved: a fingerprint of the outcomes, and a key per 👎. */
  votes: { outcomes: string; negatives: string[] };
  learned: LearnedState;
}

const evidence = z.object({ probability: z.number(), coverage: z.number(), runnerUp: z.number(), learned: z.number() });
const outcome = z.object({ evidence, right: z.boolean() });
const count = z.number().int().nonnegative();
const header = z.object({
  version: z.string(),
  trainedAt: z.number().int(),
  articles: z.array(z.tuple([z.string(), z.number().int()])),
  changedSinceFull: count,
  learnedFrom: count,
  heldOut: z.array(outcome),
  votesPending: z.number().int(),
  votes: z.object({ outcomes: z.string(), negatives: z.array(z.string()) }),
  calibration: z.object({
    bias: z.number(),
    weights: z.tuple([z.number(), z.number(), z.number(), z.number()]),
    source: z.enum(['default', 'base']),
    samples: count,
  }),
  // Absent in files of ranker-model-2, which are refused by version after reading.
  blend: z.object({ asked: z.number().nonnegative(), passage: z.number().nonnegative() }).default(NEUTRAL_BLEND),
  features: z.array(z.string()),
  articleIds: z.array(z.string()),
  /** Each workspace's own model (see LearnedState.workspaces): small, so kept in the header as plain numbers. */
  workspaces: z
    .record(
      z.string(),
      z.object({
        features: z.array(z.string()),
        articles: z.array(z.string()),
        weights: z.object({ articles: z.array(z.number().int()), features: z.array(z.number().int()), values: z.array(z.number()) }),
      }),
    )
    .default({}),
  /** How many weights the body holds, and its SHA-1: a truncated or damaged body is refused. */
  weights: count,
  checksum: z.string(),
});

/**
 * Writes the model: one JSON line (everything but the weights), then the weights as raw
 * bytes (article numbers, feature numbers, values), which load without parsing.
 */
export function writeSavedModel(file: string, model: SavedModel): void {
  const { learned, ...rest } = model;
  const { articles, features, values } = learned.model.weights;
  const body = [articles, features, values].map((array) => new Uint8Array(array.buffer, array.byteOffset, array.byteLength));
  const checksum = createHash('sha1');
  for (const part of body) checksum.update(part);
  const line: z.infer<typeof header> = {
    ...rest,
    calibration: learned.calibration,
    blend: learned.blend,
    features: learned.model.features,
    articleIds: learned.model.articles,
    workspaces: Object.fromEntries(
      Object.entries(learned.workspaces ?? {}).map(([workspace, model]) => [
        workspace,
        {
          features: model.features,
          articles: model.articles,
          weights: { articles: [...model.weights.articles], features: [...model.weights.features], values: [...model.weights.values] },
        },
      ]),
    ),
    weights: articles.length,
    checksum: checksum.digest('hex'),
  };
  writeFileAtomically(file, [`${JSON.stringify(line)}\n`, ...body]);
}

/** Reads a model written by `writeSavedModel`; throws when the file is damaged or truncated (any version is read). */
export function readSavedModel(file: string): SavedModel {
  const bytes = fs.readFileSync(file);
  const split = bytes.indexOf(0x0a);
  if (split < 0) throw new Error('no header line');
  const { calibration, blend, features, articleIds, workspaces, weights: n, checksum, ...rest } = header.parse(JSON.parse(bytes.subarray(0, split).toString('utf8')));
  const body = bytes.subarray(split + 1);
  if (body.length !== n * 16) throw new Error(`the weights take ${body.length} bytes instead of ${n * 16}`);
  if (createHash('sha1').update(body).digest('hex') !== checksum) throw new Error('the weights do not match their checksum');
  // Copied into fresh arrays: the file's bytes need not be aligned for a Float64Array.
  const articles = new Int32Array(n);
  const featureIds = new Int32Array(n);
  const values = new Float64Array(n);
  new Uint8Array(articles.buffer).set(body.subarray(0, n * 4));
  new Uint8Array(featureIds.buffer).set(body.subarray(n * 4, n * 8));
  new Uint8Array(values.buffer).set(body.subarray(n * 8));
  const workspaceModels = Object.fromEntries(
    Object.entries(workspaces).map(([workspace, model]) => [
      workspace,
      {
        features: model.features,
        articles: model.articles,
        weights: { articles: Int32Array.from(model.weights.articles), features: Int32Array.from(model.weights.features), values: Float64Array.from(model.weights.values) },
      },
    ]),
  );
  return { ...rest, learned: { calibration, blend, model: { features, articles: articleIds, weights: { articles, features: featureIds, values } }, workspaces: workspaceModels } };
}
