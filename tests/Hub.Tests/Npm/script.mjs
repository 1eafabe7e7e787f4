// @huggingface/hub (the JavaScript Hub client, from npm) against `hf-train hub serve`.
// Env: HUB_URL, HUB_TOKEN (a token of HUB_USER), HUB_USER, LFS_SIZE (bytes of a text file that must go through LFS).
// Prints one "PASS name" / "FAIL name: reason" line per check; exits 1 when any failed.
import { createHash } from "node:crypto";
import {
  whoAmI, createRepo, uploadFiles, listFiles, downloadFile, deleteFile, fileExists, modelInfo, datasetInfo, commit,
  createBranch, pathsInfo,
} from "@huggingface/hub";

const hubUrl = process.env.HUB_URL;
const accessToken = process.env.HUB_TOKEN;
const user = process.env.HUB_USER;
const lfsSize = Number(process.env.LFS_SIZE ?? 200000);
let failed = 0;

async function check(name, fn) {
  try {
    await fn();
    console.log(`PASS ${name}`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${e?.stack ?? e}`);
  }
}
function assert(condition, message) {
  if (!condition) throw new Error(message);
}
const sha256 = (bytes) => createHash("sha256").update(bytes).digest("hex");
async function bytesOf(blob) {
  assert(blob, "downloadFile returned null");
  return Buffer.from(await blob.arrayBuffer());
}
async function list(repo, opts = {}) {
  const out = [];
  for await (const entry of listFiles({ repo, hubUrl, accessToken, recursive: true, ...opts })) out.push(entry);
  return out;
}

const model = { type: "model", name: `${user}/npm-model` };
const dataset = { type: "dataset", name: `${user}/npm-data` };
const config = Buffer.from(JSON.stringify({ model_type: "t5", d_model: 8 }) + "\n");
// text, but larger than the server's LFS threshold: preupload must answer "lfs"
const large = Buffer.from("x".repeat(lfsSize));
// binary: LFS whatever its size
const binary = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 256));

await check("whoAmI", async () => {
  const me = await whoAmI({ hubUrl, accessToken });
  assert(me.name === user, `name ${me.name}`);
  assert(me.type === "user", `type ${me.type}`);
});

await check("whoAmI refuses a wrong token", async () => {
  let refused = false;
  try {
    await whoAmI({ hubUrl, accessToken: "hf_wrong_token_123" });
  } catch (e) {
    refused = /401|Invalid credentials/i.test(String(e?.message ?? e)) || e?.statusCode === 401;
  }
  assert(refused, "a wrong token was accepted");
});

await check("createRepo (model)", async () => {
  const created = await createRepo({ repo: model, hubUrl, accessToken });
  assert(created.repoUrl.endsWith(`/${model.name}`), `repoUrl ${created.repoUrl}`);
});

await check("createRepo twice is a conflict", async () => {
  let conflict = false;
  try {
    await createRepo({ repo: model, hubUrl, accessToken });
  } catch (e) {
    conflict = e?.statusCode === 409 || /409|already/i.test(String(e?.message));
  }
  assert(conflict, "the second createRepo did not fail with 409");
});

let commitOid;
await check("uploadFiles (regular + LFS)", async () => {
  const out = await uploadFiles({
    repo: model, hubUrl, accessToken,
    files: [
      { path: "config.json", content: new Blob([config]) },
      { path: "weights/large.txt", content: new Blob([large]) },
      { path: "weights/model.bin", content: new Blob([binary]) },
    ],
  });
  commitOid = out?.commit?.oid;
  assert(/^[0-9a-f]{40}$/.test(commitOid ?? ""), `commit oid ${commitOid}`);
});

await check("listFiles (recursive, with LFS info)", async () => {
  const entries = await list(model);
  const byPath = Object.fromEntries(entries.map((e) => [e.path, e]));
  for (const p of [".gitattributes", "config.json", "weights", "weights/large.txt", "weights/model.bin"])
    assert(byPath[p], `missing ${p} in ${Object.keys(byPath)}`);
  assert(byPath["weights"].type === "directory", "weights is not a directory");
  assert(byPath["config.json"].lfs === undefined, "config.json went LFS");
  assert(byPath["weights/large.txt"].lfs?.oid === sha256(large), "large.txt is not LFS with its sha256");
  assert(byPath["weights/model.bin"].lfs?.oid === sha256(binary), "model.bin is not LFS with its sha256");
  assert(byPath["weights/large.txt"].size === large.length, "size of large.txt");
  const top = await list(model, { recursive: false });
  assert(top.map((e) => e.path).sort().join(",") === ".gitattributes,config.json,weights", `top level ${top.map((e) => e.path)}`);
});

await check("downloadFile (regular and LFS, same bytes)", async () => {
  const got = await bytesOf(await downloadFile({ repo: model, path: "config.json", hubUrl, accessToken }));
  assert(got.equals(config), "config.json differs");
  const gotLarge = await bytesOf(await downloadFile({ repo: model, path: "weights/large.txt", hubUrl }));
  assert(gotLarge.equals(large), "large.txt differs");
  const gotBinary = await bytesOf(await downloadFile({ repo: model, path: "weights/model.bin", hubUrl, revision: commitOid }));
  assert(gotBinary.equals(binary), "model.bin differs (at the commit id)");
  const slice = Buffer.from(await (await downloadFile({ repo: model, path: "weights/model.bin", hubUrl })).slice(100, 200).arrayBuffer());
  assert(slice.equals(binary.subarray(100, 200)), "a slice (Range) differs");
});

await check("downloadFile of a missing file is null", async () => {
  const missing = await downloadFile({ repo: model, path: "nope.txt", hubUrl });
  assert(missing === null, "a missing file was not null");
});

await check("modelInfo", async () => {
  const info = await modelInfo({ name: model.name, hubUrl, accessToken, additionalFields: ["sha", "siblings"] });
  assert(info.name === model.name || info.id, `info ${JSON.stringify(info).slice(0, 200)}`);
});

await check("deleteFile (commit with a deletion)", async () => {
  await deleteFile({ repo: model, path: "weights/large.txt", hubUrl, accessToken });
  assert(!(await fileExists({ repo: model, path: "weights/large.txt", hubUrl })), "large.txt still exists");
  assert(await fileExists({ repo: model, path: "config.json", hubUrl }), "config.json vanished");
});

await check("commit with parentCommit and an LFS file already uploaded", async () => {
  const head = (await list(model)).length;
  const out = await commit({
    repo: model, hubUrl, accessToken, title: "re-add",
    operations: [{ operation: "addOrUpdate", path: "copy/model.bin", content: new Blob([binary]) }],
  });
  assert(/^[0-9a-f]{40}$/.test(out?.commit?.oid ?? ""), "no commit oid");
  assert((await list(model)).length === head + 2, "copy/ and copy/model.bin not listed");
});

await check("createRepo + uploadFiles + listFiles + downloadFile (dataset)", async () => {
  await createRepo({ repo: dataset, hubUrl, accessToken });
  const rows = Buffer.from('{"text": "a", "label": 0}\n{"text": "b", "label": 1}\n');
  await uploadFiles({
    repo: dataset, hubUrl, accessToken,
    files: [
      { path: "data/train.jsonl", content: new Blob([rows]) },
      { path: "README.md", content: new Blob(["---\nconfigs:\n- config_name: default\n  data_files: data/train.jsonl\n---\n"]) },
    ],
  });
  const paths = (await list(dataset)).map((e) => e.path);
  assert(paths.includes("data/train.jsonl"), `dataset files ${paths}`);
  const got = await bytesOf(await downloadFile({ repo: dataset, path: "data/train.jsonl", hubUrl }));
  assert(got.equals(rows), "train.jsonl differs");
  const info = await datasetInfo({ name: dataset.name, hubUrl });
  assert(info, "no dataset info");
});

await check("parquet conversion branch: createBranch (empty), uploadFiles, listFiles, downloadFile", async () => {
  const branch = "refs/convert/parquet";
  await createBranch({ repo: dataset, branch, hubUrl, accessToken, empty: true });
  const parquet = Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 13) % 256));
  await uploadFiles({ repo: dataset, hubUrl, accessToken, branch, files: [{ path: "default/train/0000.parquet", content: new Blob([parquet]) }] });
  const paths = (await list(dataset, { revision: branch })).map((e) => e.path).sort();
  // .gitattributes: the commit tracks the LFS file there, as the Hub's conversion branches do
  assert(paths.join(",") === ".gitattributes,default,default/train,default/train/0000.parquet", `files on ${branch}: ${paths}`);
  const got = await bytesOf(await downloadFile({ repo: dataset, path: "default/train/0000.parquet", hubUrl, revision: branch }));
  assert(got.equals(parquet), "the parquet file differs");
  const main = (await list(dataset)).map((e) => e.path);
  assert(!main.includes("default/train/0000.parquet"), "the conversion leaked into main");
  const api = await (await fetch(`${hubUrl}/api/datasets/${dataset.name}/parquet`)).json();
  assert(api.default?.train?.length === 1, `parquet api ${JSON.stringify(api)}`);
});

await check("pathsInfo (expand: last commit)", async () => {
  const infos = await pathsInfo({ repo: dataset, paths: ["data/train.jsonl", "data", "missing"], expand: true, hubUrl, accessToken });
  const byPath = Object.fromEntries(infos.map((i) => [i.path, i]));
  assert(byPath["data/train.jsonl"]?.type === "file" && byPath["data"]?.type === "directory", JSON.stringify(infos));
  assert(!byPath["missing"], "a missing path was listed");
  assert(/^[0-9a-f]{40}$/.test(byPath["data/train.jsonl"].lastCommit?.id ?? ""), "no last commit");
});

await check("private repo needs the token", async () => {
  const secret = { type: "model", name: `${user}/npm-private` };
  await createRepo({ repo: secret, hubUrl, accessToken, private: true });
  await uploadFiles({ repo: secret, hubUrl, accessToken, files: [{ path: "a.txt", content: new Blob(["secret"]) }] });
  let refused = false;
  try {
    await downloadFile({ repo: secret, path: "a.txt", hubUrl });
  } catch (e) {
    refused = true;
  }
  assert(refused, "read a private file without a token");
  const got = await bytesOf(await downloadFile({ repo: secret, path: "a.txt", hubUrl, accessToken }));
  assert(got.toString() === "secret", "private file differs");
});

console.log(failed === 0 ? "all @huggingface/hub checks passed" : `${failed} @huggingface/hub check(s) failed`);
process.exit(failed === 0 ? 0 : 1);
