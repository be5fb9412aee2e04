// npm run eval:classify -- --train FILE --test FILE
// Trains the platform's request classifier (src/text/classifier.ts, the same code the server's
// background training runs) on one CSV (columns id,text,label) and measures it on another.
// Prints one JSON line: {"n", "accuracy", "macroF1", "trainSeconds", "msPerText"}.
//
// Options:
//   --cv K            instead of --test: K-fold stratified cross-validation on the training file
//   --set key=value   override a training option (members=svm,nbsvm,cnb, C, nbC, cnbAlpha,
//                     balanced, maxIter, eps, cvFolds, charMin, charMax, words, wordBigrams,
//                     wordWeight, minDf, maxFeatures, head), repeatable
//   --per-label       add per-label precision/recall/F1 to the JSON line
//   --scale N         time only: grow the training set to N texts (the extra ones are copies of
//                     training texts with every tenth character dropped), to time N-order training
import { readFileSync, existsSync } from 'node:fs';
import { parse } from 'csv-parse/sync';
import { metrics, predict, stratifiedFolds, train, DEFAULT_TRAIN, type Example, type TrainOptions } from '../src/text/classifier.ts';
import { DEFAULT_FEATURES, type FeatureOptions } from '../src/text/features.ts';

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(name);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function readExamples(file: string): Example[] {
  const rows = parse(readFileSync(file), { columns: true, skip_empty_lines: true, bom: true, relax_column_count: true }) as Record<string, string>[];
  return rows.filter((r) => r.text && r.label).map((r) => ({ text: r.text!, label: r.label!.trim() }));
}

function options(): Partial<TrainOptions> {
  const o: Partial<TrainOptions> = {};
  const f: Partial<FeatureOptions> = {};
  process.argv.forEach((a, i) => {
    if (a !== '--set') return;
    const [k, v] = (process.argv[i + 1] ?? '').split('=');
    if (!k || v === undefined) return;
    const val = k === 'members' ? v.split(',') : v === 'true' ? true : v === 'false' ? false : Number(v);
    if (k in DEFAULT_FEATURES) (f as Record<string, unknown>)[k] = val;
    else if (k in DEFAULT_TRAIN) (o as Record<string, unknown>)[k] = val;
    else throw new Error(`unknown option ${k}`);
  });
  return { ...o, features: { ...DEFAULT_FEATURES, ...f } };
}

function main() {
  const trainFile = arg('--train');
  const testFile = arg('--test');
  const cvK = Number(arg('--cv') ?? 0);
  if (!trainFile || (!testFile && !cvK)) {
    console.error('usage: npm run eval:classify -- --train FILE (--test FILE | --cv K) [--set key=value]…');
    process.exit(2);
  }
  for (const f of [trainFile, testFile]) {
    if (f && !existsSync(f)) {
      console.error(`eval:classify: ${f} not found (the teddy2020 data lives in ../shared/data/teddy2020/)`);
      process.exit(2);
    }
  }
  const o = options();
  const trainSet = readExamples(trainFile);
  const scale = Number(arg('--scale') ?? 0);
  for (let i = 0; trainSet.length < scale; i++) {
    const e = trainSet[i]!;
    trainSet.push({ label: e.label, text: [...e.text].filter((_, k) => (k + i) % 10 !== 0).join('') });
  }
  const perLabel = process.argv.includes('--per-label');
  const log = (s: string) => process.stderr.write(`[eval:classify] ${s}\n`);

  if (cvK) {
    // Cross-validation on the training file: K models, each measured on the fold it did not see.
    const fold = stratifiedFolds(trainSet.map((e) => e.label), cvK, 7);
    const gold: string[] = [];
    const pred: string[] = [];
    let trainSeconds = 0;
    for (let f = 0; f < cvK; f++) {
      const t0 = performance.now();
      const m = train(trainSet.filter((_, i) => fold[i] !== f), { ...o, cvFolds: 0 });
      trainSeconds += (performance.now() - t0) / 1000;
      trainSet.forEach((e, i) => {
        if (fold[i] !== f) return;
        gold.push(e.label);
        pred.push(predict(m, e.text, 1)[0]!.label);
      });
      log(`fold ${f + 1}/${cvK}`);
    }
    const r = metrics(gold, pred);
    console.log(JSON.stringify({ n: r.n, folds: cvK, accuracy: r.accuracy, macroF1: r.macroF1, trainSeconds: round(trainSeconds / cvK), ...(perLabel ? { perLabel: r.perLabel } : {}) }));
    return;
  }

  const testSet = readExamples(testFile!);
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const model = train(trainSet, o, (s) => log(s));
  const trainSeconds = (performance.now() - t0) / 1000;
  const trainCpuSeconds = process.cpuUsage(c0).user / 1e6;
  const t1 = performance.now();
  const pred = testSet.map((e) => predict(model, e.text, 1)[0]!.label);
  const msPerText = (performance.now() - t1) / Math.max(1, testSet.length);
  const r = metrics(testSet.map((e) => e.label), pred);
  console.log(JSON.stringify({
    n: r.n, accuracy: r.accuracy, macroF1: r.macroF1, trainSeconds: round(trainSeconds), msPerText: round(msPerText),
    trainExamples: trainSet.length, trainCpuSeconds: round(trainCpuSeconds),
    ...(model.cv ? { cvMacroF1: model.cv.macroF1, cvAccuracy: model.cv.accuracy } : {}),
    ...(perLabel ? { perLabel: r.perLabel } : {}),
  }));
}

const round = (x: number) => Math.round(x * 1000) / 1000;

main();
