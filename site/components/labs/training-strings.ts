// The training lab's interface words (controls, views, status lines) in English and Spanish. Sizes come from
// the lab's own constants, never typed here.
import { INITIAL_TEMPERATURE } from '../../../src/clip/config';
import { LAB_PRESETS, PROBE_IMAGES, VIEW_PAIRS } from '../../../src/train/training-lab-sizes';
import type { TinySizes } from '../../../src/train/tiny-config';

const { xs, s: small } = LAB_PRESETS;
const enSize = (name: string, z: TinySizes) =>
  `${name}: ${z.image_resolution} px, width ${z.transformer_width}, ${z.transformer_layers} ${z.transformer_layers === 1 ? 'layer' : 'layers'}`;
const esSize = (name: string, z: TinySizes) =>
  `${name}: ${z.image_resolution} px, ancho ${z.transformer_width}, ${z.transformer_layers} ${z.transformer_layers === 1 ? 'capa' : 'capas'}`;
const esNumber = (x: number) => x.toLocaleString('es');
const en = {
  title: 'Training lab: a small CLIP learns the world in your browser',
  noScript: 'The training lab needs JavaScript: it trains a model in your browser.',
  idle: 'Press Play to train, or Step to take one step at a time.',
  play: 'Play',
  pause: 'Pause',
  step: 'Step',
  reset: 'Reset',
  keepGhost: 'Keep this run as a ghost to compare',
  clearGhost: 'Clear the ghost run',
  lr: 'Learning rate',
  batch: 'Batch size',
  temperature: 'Temperature',
  learned: 'learned',
  fixed: `fixed (τ = ${INITIAL_TEMPERATURE})`,
  model: 'Model',
  presets: {
    xs: enSize('xs', xs),
    s: enSize('s', small),
    lit: 'LiT: the tiny model’s image tower, locked',
  },
  lossHeading: 'Contrastive loss per step',
  accuracyHeading: `Zero-shot accuracy on ${PROBE_IMAGES} fixed probe images`,
  logitsHeading: (step: number) => `Logits of ${VIEW_PAIRS} pairs of the current batch (step ${step})`,
  featuresHeading: 'Feature space: 2-D PCA of probe image and prompt features',
  step_: 'step',
  loss: 'loss',
  accuracy: 'accuracy',
  exact: 'colour and shape',
  colour: 'colour',
  shape: 'shape',
  ghost: 'ghost',
  current: 'this run',
  imagePoint: 'image',
  textPoint: 'prompt',
  starting: 'Starting TensorFlow.js and the tokenizer…',
  loadingTiny: 'Loading the tiny model’s image tower…',
  ready: (backend: string, params: number) =>
    `Ready on ${backend}: ${params.toLocaleString('en')} weights, step 0.`,
  training: (step: number, loss: number, scale: number, sps: number, backend: string) =>
    `Step ${step}, loss ${loss.toFixed(3)}, logit scale ${scale.toFixed(1)}, ${sps.toFixed(1)} steps per second (${backend}).`,
  paused: (step: number) => `Paused at step ${step}.`,
  failed: (message: string) => `Training failed: ${message}`,
  fatal: (message: string) => `The lab could not start: ${message}`,
  offline: 'Could not download the lab: you seem to be offline. It will retry on your next change.',
  chartHelp: 'A line chart; the table below it has the values.',
  pointsHelp: (n: number) => `${n} points; the table below has their coordinates.`,
  tableSummary: 'Values',
};

export type TrainingStrings = typeof en;

const es: TrainingStrings = {
  title: 'Laboratorio de entrenamiento: un CLIP pequeño aprende el mundo en tu navegador',
  noScript: 'El laboratorio necesita JavaScript: entrena un modelo en tu navegador.',
  idle: 'Pulsa Entrenar para empezar, o Paso para dar un paso cada vez.',
  play: 'Entrenar',
  pause: 'Pausa',
  step: 'Paso',
  reset: 'Reiniciar',
  keepGhost: 'Guardar esta ejecución como fantasma para comparar',
  clearGhost: 'Borrar la ejecución fantasma',
  lr: 'Tasa de aprendizaje',
  batch: 'Tamaño del lote',
  temperature: 'Temperatura',
  learned: 'aprendida',
  fixed: `fija (τ = ${esNumber(INITIAL_TEMPERATURE)})`,
  model: 'Modelo',
  presets: {
    xs: esSize('xs', xs),
    s: esSize('s', small),
    lit: 'LiT: la torre de imagen del modelo pequeño, fija',
  },
  lossHeading: 'Pérdida contrastiva por paso',
  accuracyHeading: `Exactitud zero-shot en ${PROBE_IMAGES} imágenes de prueba fijas`,
  logitsHeading: (step) => `Logits de ${VIEW_PAIRS} pares del lote actual (paso ${step})`,
  featuresHeading: 'Espacio de características: PCA 2-D de imágenes de prueba y prompts',
  step_: 'paso',
  loss: 'pérdida',
  accuracy: 'exactitud',
  exact: 'color y forma',
  colour: 'color',
  shape: 'forma',
  ghost: 'fantasma',
  current: 'esta ejecución',
  imagePoint: 'imagen',
  textPoint: 'prompt',
  starting: 'Arrancando TensorFlow.js y el tokenizador…',
  loadingTiny: 'Cargando la torre de imagen del modelo pequeño…',
  ready: (backend, params) => `Listo en ${backend}: ${params.toLocaleString('es')} pesos, paso 0.`,
  training: (step, loss, scale, sps, backend) =>
    `Paso ${step}, pérdida ${loss.toFixed(3)}, escala de logits ${scale.toFixed(1)}, ${sps.toFixed(1)} pasos por segundo (${backend}).`,
  paused: (step) => `En pausa en el paso ${step}.`,
  failed: (message) => `El entrenamiento falló: ${message}`,
  fatal: (message) => `El laboratorio no pudo arrancar: ${message}`,
  offline:
    'No se pudo descargar el laboratorio: parece que no tienes conexión. Se volverá a intentar con tu próximo cambio.',
  chartHelp: 'Un gráfico de líneas; la tabla de debajo tiene los valores.',
  pointsHelp: (n) => `${n} puntos; la tabla de debajo tiene sus coordenadas.`,
  tableSummary: 'Valores',
};

export function trainingStrings(lang: string): TrainingStrings {
  return lang.startsWith('es') ? es : en;
}
