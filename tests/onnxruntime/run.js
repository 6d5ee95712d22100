// Runs ONNX models with onnxruntime-node (CPU) on one batch of inputs, for the Experiments.ML interop tests.
//
// Usage: node run.js INPUT.f32 N FEATURES OUT_DIR MODEL.onnx [MODEL.onnx ...]
//   INPUT.f32  N×FEATURES raw little-endian float32 values, fed to each model's input "Image" as [N, FEATURES]
//   for each MODEL (basename B): OUT_DIR/B.Score.f32 (float32, row-major) and OUT_DIR/B.PredictedLabel.i64 (int64)
// Prints one JSON line: the runtime version and, per model, the output names, dims and element types.
// Exits non-zero (with the reason on stderr) when the runtime is missing or a model fails to load or run.
'use strict';
const fs = require('node:fs');
const path = require('node:path');

let ort;
try {
  ort = require('onnxruntime-node');
} catch (e) {
  console.error(`onnxruntime-node is not installed in ${__dirname} (${e.message}); run .ci/setup`);
  process.exit(3);
}

async function main() {
  const [inputPath, nText, featuresText, outDir, ...models] = process.argv.slice(2);
  if (!inputPath || !nText || !featuresText || !outDir || models.length === 0) {
    console.error('usage: node run.js INPUT.f32 N FEATURES OUT_DIR MODEL.onnx [MODEL.onnx ...]');
    process.exit(2);
  }
  const n = Number.parseInt(nText, 10);
  const features = Number.parseInt(featuresText, 10);
  const bytes = fs.readFileSync(inputPath);
  if (bytes.length !== n * features * 4) {
    throw new Error(`${inputPath}: expected ${n}×${features} float32 = ${n * features * 4} bytes; found ${bytes.length}`);
  }
  // Copy into an aligned buffer: a Buffer slice of the file may not start on a 4-byte boundary.
  const data = new Float32Array(n * features);
  new Uint8Array(data.buffer).set(bytes);
  const report = { onnxruntime: ort.env.versions, models: {} };
  for (const model of models) {
    const session = await ort.InferenceSession.create(model, { executionProviders: ['cpu'], intraOpNumThreads: 1, interOpNumThreads: 1 });
    const results = await session.run({ [session.inputNames[0]]: new ort.Tensor('float32', data, [n, features]) });
    const name = path.basename(model, '.onnx');
    const outputs = {};
    for (const output of session.outputNames) {
      const tensor = results[output];
      const suffix = tensor.type === 'int64' ? 'i64' : 'f32';
      const array = tensor.data;
      fs.writeFileSync(path.join(outDir, `${name}.${output}.${suffix}`), Buffer.from(array.buffer, array.byteOffset, array.byteLength));
      outputs[output] = { type: tensor.type, dims: tensor.dims };
    }
    report.models[name] = { inputs: session.inputNames, outputs };
    await session.release();
  }
  process.stdout.write(JSON.stringify(report) + '\n');
}

main().catch((e) => {
  console.error(e && e.stack ? e.stack : String(e));
  process.exit(1);
});
