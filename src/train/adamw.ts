// AdamW (decoupled weight decay), as CLIP and open_clip train: decay applies to matrices only, never to
// gains, biases, embeddings' scale parameter logit_scale.
import * as tf from '@tensorflow/tfjs-core';

export interface AdamWOptions {
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  weightDecay?: number;
}

const NO_DECAY =
  /(^|\.)(ln_[^.]*|ln_final|ln_pre|ln_post)\.|bias|logit_scale|class_embedding|positional_embedding/;

/** The defaults CLIP trains with: β₁, β₂, ε and the decoupled weight decay. */
export const ADAMW_DEFAULTS = { beta1: 0.9, beta2: 0.98, epsilon: 1e-6, weightDecay: 0.2 } as const;

export class AdamW {
  private readonly m = new Map<string, tf.Variable>();
  private readonly v = new Map<string, tf.Variable>();
  private t = 0;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly weightDecay: number;

  constructor(
    private readonly params: Map<string, tf.Variable>,
    options: AdamWOptions = {},
  ) {
    this.beta1 = options.beta1 ?? ADAMW_DEFAULTS.beta1;
    this.beta2 = options.beta2 ?? ADAMW_DEFAULTS.beta2;
    this.epsilon = options.epsilon ?? ADAMW_DEFAULTS.epsilon;
    this.weightDecay = options.weightDecay ?? ADAMW_DEFAULTS.weightDecay;
    // The zeros are freed with the tidy; each variable keeps its own reference to the data.
    tf.tidy(() => {
      for (const [name, p] of params) {
        this.m.set(name, tf.variable(tf.zerosLike(p), false));
        this.v.set(name, tf.variable(tf.zerosLike(p), false));
      }
    });
  }

  static decays(name: string): boolean {
    return !NO_DECAY.test(name);
  }

  /** One update with the given gradients (by parameter name) and learning rate, scaled per parameter. */
  apply(grads: Record<string, tf.Tensor>, baseLr: number, scale: (name: string) => number = () => 1): void {
    this.t += 1;
    const c1 = 1 - this.beta1 ** this.t;
    const c2 = 1 - this.beta2 ** this.t;
    tf.tidy(() => {
      for (const [name, p] of this.params) {
        const g = grads[name];
        if (!g) continue;
        const lr = baseLr * scale(name);
        const m = this.m.get(name)!;
        const v = this.v.get(name)!;
        m.assign(tf.add(tf.mul(m, this.beta1), tf.mul(g, 1 - this.beta1)));
        v.assign(tf.add(tf.mul(v, this.beta2), tf.mul(tf.square(g), 1 - this.beta2)));
        const update = tf.div(tf.div(m, c1), tf.add(tf.sqrt(tf.div(v, c2)), this.epsilon));
        const decayed = AdamW.decays(name) ? tf.mul(p, 1 - lr * this.weightDecay) : p;
        p.assign(tf.sub(decayed, tf.mul(update, lr)));
      }
    });
  }

  dispose(): void {
    for (const t of [...this.m.values(), ...this.v.values()]) t.dispose();
  }
}
