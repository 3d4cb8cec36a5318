// The weights request (what the image tower learned): the engine hands back copies of conv1 and the
// positional embedding exactly as the checkpoint stores them, in OpenAI's shapes whatever layout holds
// them, frees every tensor it made, and refuses names the model does not have. The page's client drops a
// reply that a newer weights request of the same figure overtook.
import { readFileSync } from 'node:fs';
import * as tf from '@tensorflow/tfjs-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { readSafetensors } from '../../src/clip/safetensors';
import { useBackend } from '../../src/node/backend';
import { loadNamedModel } from '../../src/node/models';
import { loadTokenizer } from '../../src/node/vocab';
import { Engine } from '../../src/runtime/engine';
import { InputError } from '../../src/runtime/engine-inputs';
import { transferables, type WeightsRequest } from '../../src/runtime/protocol';

let engine: Engine;
const checkpoint = readSafetensors(new Uint8Array(readFileSync('public/models/tiny/model.safetensors')));
beforeAll(async () => {
  await useBackend('cpu');
  engine = Engine.from('cpu', loadNamedModel('tiny'), await loadTokenizer());
});

const req = (names: string[]): WeightsRequest => ({ type: 'weights', id: 3, channel: 'w', names });

describe('Engine.weights', () => {
  it('returns conv1 and the positional embedding as stored in the checkpoint', () => {
    const names = ['visual.conv1.weight', 'visual.positional_embedding'];
    const res = engine.weights(req(names));
    expect(res).toMatchObject({ type: 'weights', id: 3, channel: 'w', model: 'tiny', backend: 'cpu' });
    for (const name of names) {
      const stored = checkpoint.tensors.get(name)!;
      expect(res.weights[name]!.shape).toEqual(stored.shape);
      expect(res.weights[name]!.data).toEqual(stored.data);
    }
    const cfg = engine.config;
    expect(res.weights['visual.conv1.weight']!.shape).toEqual([
      cfg.vision_width,
      3,
      cfg.vision_patch_size,
      cfg.vision_patch_size,
    ]);
  });

  it('makes no tensor that outlives the request, and copies that can be transferred', () => {
    engine.weights(req(['visual.conv1.weight']));
    const before = tf.memory().numTensors;
    const res = engine.weights(req(['visual.conv1.weight', 'visual.positional_embedding']));
    expect(tf.memory().numTensors).toBe(before);
    expect(res.tensors).toBe(before);
    // Transferring the copy must not detach the model's own weights: a second request still reads them.
    const buffers = transferables(res);
    expect(buffers).toHaveLength(2);
    structuredClone(res, { transfer: buffers });
    const again = engine.weights(req(['visual.positional_embedding']));
    expect(again.weights['visual.positional_embedding']!.data).toEqual(
      checkpoint.tensors.get('visual.positional_embedding')!.data,
    );
  });

  it('refuses names the model does not have, and an empty list', () => {
    expect(() => engine.weights(req(['visual.conv2.weight']))).toThrow(InputError);
    expect(() => engine.weights(req([]))).toThrow(/at least one/);
  });
});
