#!/usr/bin/env python3
"""Python huggingface_hub and transformers against `hf-train hub serve` (issue 16's device check).

Run by run.sh beside it, with HF_ENDPOINT pointing at the server and HF_HUB_DISABLE_XET=1 (huggingface_hub >= 1.20
uploads through Xet whenever hf_xet is installed; the server offers LFS only). Needs no network. Prints one
"PASS name" / "FAIL name: reason" line per check and a closing "N passed, N failed" line; exits 1 on any failure.

  HF_ENDPOINT=http://127.0.0.1:PORT HF_HUB_DISABLE_XET=1 HUB_TOKEN=... python3 check_python.py \
      --user alice --fixture tests/Fixtures/tiny
"""
import argparse
import filecmp
import hashlib
import os
import shutil
import sys
import tempfile
import traceback

results = []


def check(name):
    def wrap(fn):
        try:
            fn()
            results.append((name, None))
            print(f"PASS {name}", flush=True)
        except SkipCheck as skip:
            print(f"SKIP {name}: {skip}", flush=True)
        except Exception as e:  # noqa: BLE001 - every failure is reported, none stops the others
            results.append((name, e))
            detail = traceback.format_exc(limit=3).strip().splitlines()[-1]
            print(f"FAIL {name}: {detail}", flush=True)
        return fn
    return wrap


class SkipCheck(Exception):
    pass


def sha256(path):
    with open(path, "rb") as f:
        return hashlib.sha256(f.read()).hexdigest()


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--user", required=True)
    parser.add_argument("--fixture", required=True, help="a tiny T5 folder (config.json, model.safetensors, tokenizer)")
    parser.add_argument("--work", default=None)
    parser.add_argument("--require-transformers", action="store_true", help="fail (not skip) when transformers is missing")
    args = parser.parse_args()
    token = os.environ["HUB_TOKEN"]
    os.environ.pop("HF_TOKEN", None)
    endpoint = os.environ["HF_ENDPOINT"]
    work = args.work or tempfile.mkdtemp(prefix="hub-check-")
    os.environ.setdefault("HF_HOME", os.path.join(work, "hf-home"))
    cache = os.path.join(work, "cache")

    import huggingface_hub
    from huggingface_hub import HfApi, hf_hub_download, snapshot_download
    from huggingface_hub.errors import RepositoryNotFoundError, EntryNotFoundError, HfHubHTTPError, RevisionNotFoundError

    print(f"huggingface_hub {huggingface_hub.__version__}, endpoint {endpoint}", flush=True)
    api = HfApi(endpoint=endpoint, token=token)
    anonymous = HfApi(endpoint=endpoint, token=False)
    repo = f"{args.user}/tiny-t5"
    data_repo = f"{args.user}/tiny-data"
    model_files = ["config.json", "generation_config.json", "model.safetensors", "spiece.model", "tokenizer.json", "tokenizer_config.json"]
    folder = os.path.join(work, "upload")
    os.makedirs(folder, exist_ok=True)
    for name in model_files:
        shutil.copy(os.path.join(args.fixture, name), folder)
    state = {}

    @check("whoami")
    def _():
        me = api.whoami()
        assert me["name"] == args.user, me
        assert me["auth"]["accessToken"]["role"] == "write", me["auth"]

    @check("whoami with a wrong token is refused")
    def _():
        try:
            HfApi(endpoint=endpoint, token="hf_wrong_token_0000").whoami()
        except HfHubHTTPError as e:
            assert e.response.status_code == 401, e.response.status_code
            return
        raise AssertionError("a wrong token was accepted")

    @check("create_repo")
    def _():
        url = api.create_repo(repo)
        assert url.repo_id == repo, url
        again = api.create_repo(repo, exist_ok=True)
        assert again.repo_id == repo, again
        api.create_repo(data_repo, repo_type="dataset", exist_ok=True)

    @check("upload_folder (LFS for the weights and spiece.model)")
    def _():
        info = api.upload_folder(repo_id=repo, folder_path=folder, commit_message="tiny T5")
        assert len(info.oid) == 40, info.oid
        state["commit"] = info.oid
        siblings = {s.rfilename: s for s in api.model_info(repo, files_metadata=True).siblings}
        assert set(model_files) <= set(siblings), sorted(siblings)
        assert siblings["model.safetensors"].lfs is not None, "model.safetensors is not LFS"
        assert siblings["model.safetensors"].lfs.sha256 == sha256(os.path.join(folder, "model.safetensors"))
        assert siblings["config.json"].lfs is None, "config.json went LFS"

    @check("upload_folder again skips unchanged files")
    def _():
        info = api.upload_folder(repo_id=repo, folder_path=folder, commit_message="no change")
        # huggingface_hub drops files whose remote oid matches (preupload's "oid"): no new commit, or an empty one
        assert info is None or len(info.oid) == 40

    @check("upload_file of an 11 MB text file goes through LFS")
    def _():
        text = (b"0123456789abcdef" * 65536) * 11  # 11 MiB, text: LFS by size alone
        api.upload_file(path_or_fileobj=text, path_in_repo="big.txt", repo_id=data_repo, repo_type="dataset")
        entry = next(e for e in api.list_repo_tree(data_repo, repo_type="dataset") if e.path == "big.txt")
        assert entry.lfs is not None and entry.size == len(text), entry
        path = hf_hub_download(data_repo, "big.txt", repo_type="dataset", cache_dir=cache)
        assert os.path.getsize(path) == len(text)

    @check("hf_hub_download (regular and LFS, cache layout)")
    def _():
        for name in ["config.json", "model.safetensors"]:
            path = hf_hub_download(repo, name, cache_dir=cache)
            assert filecmp.cmp(path, os.path.join(folder, name), shallow=False), name
        storage = os.path.join(cache, "models--" + repo.replace("/", "--"))
        assert os.path.isdir(os.path.join(storage, "blobs")), os.listdir(storage)
        with open(os.path.join(storage, "refs", "main")) as f:
            assert f.read().strip() == api.model_info(repo).sha
        blob = os.path.join(storage, "blobs", sha256(os.path.join(folder, "model.safetensors")))
        assert os.path.isfile(blob), "the LFS blob is not named by its sha256"

    @check("hf_hub_download of a missing file raises EntryNotFoundError")
    def _():
        try:
            hf_hub_download(repo, "missing.json", cache_dir=cache)
        except EntryNotFoundError:
            return
        raise AssertionError("no EntryNotFoundError")

    @check("hf_hub_download of a missing revision raises RevisionNotFoundError")
    def _():
        try:
            hf_hub_download(repo, "config.json", revision="no-such-branch", cache_dir=cache)
        except RevisionNotFoundError:
            return
        raise AssertionError("no RevisionNotFoundError")

    @check("snapshot_download")
    def _():
        path = snapshot_download(repo, cache_dir=os.path.join(work, "cache2"))
        for name in model_files:
            assert filecmp.cmp(os.path.join(path, name), os.path.join(folder, name), shallow=False), name
        assert os.path.basename(path) == api.model_info(repo).sha

    @check("list_repo_tree and list_repo_files")
    def _():
        files = set(api.list_repo_files(repo))
        assert set(model_files) | {".gitattributes"} == files, files
        entries = {e.path: e for e in api.list_repo_tree(repo, recursive=True, expand=True)}
        assert entries["model.safetensors"].lfs is not None
        assert entries["config.json"].last_commit is not None

    @check("private repo: RepositoryNotFoundError without the token")
    def _():
        secret = f"{args.user}/private-t5"
        api.create_repo(secret, private=True, exist_ok=True)
        api.upload_file(path_or_fileobj=b"secret", path_in_repo="a.txt", repo_id=secret)
        try:
            anonymous.model_info(secret)
        except RepositoryNotFoundError:
            pass
        else:
            raise AssertionError("a private repo was readable without a token")
        path = hf_hub_download(secret, "a.txt", cache_dir=cache, token=token)
        assert open(path).read() == "secret"

    @check("dataset repo: upload_file, hf_hub_download, delete_file")
    def _():
        rows = b'{"text": "a", "summary": "b"}\n'
        api.upload_file(path_or_fileobj=rows, path_in_repo="data/train.jsonl", repo_id=data_repo, repo_type="dataset")
        api.upload_file(path_or_fileobj=b"x", path_in_repo="tmp.txt", repo_id=data_repo, repo_type="dataset")
        path = hf_hub_download(data_repo, "data/train.jsonl", repo_type="dataset", cache_dir=cache)
        assert open(path, "rb").read() == rows
        api.delete_file("tmp.txt", repo_id=data_repo, repo_type="dataset")
        assert "tmp.txt" not in api.list_repo_files(data_repo, repo_type="dataset")

    @check("create_branch and upload to it")
    def _():
        api.create_branch(repo, branch="dev", exist_ok=True)
        api.upload_file(path_or_fileobj=b"dev", path_in_repo="dev.txt", repo_id=repo, revision="dev")
        assert "dev.txt" in api.list_repo_files(repo, revision="dev")
        assert "dev.txt" not in api.list_repo_files(repo)

    @check("transformers from_pretrained(\"org/name\")")
    def _():
        try:
            import torch
            from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        except ImportError as e:
            if args.require_transformers:
                raise
            raise SkipCheck(f"transformers is not installed ({e})")
        os.environ["HF_HUB_CACHE"] = os.path.join(work, "cache-transformers")
        model = AutoModelForSeq2SeqLM.from_pretrained(repo)
        tokenizer = AutoTokenizer.from_pretrained(repo)
        local = AutoModelForSeq2SeqLM.from_pretrained(folder)
        batch = tokenizer(["summarize: the package manager installs software."], return_tensors="pt")
        with torch.no_grad():
            a = model.generate(**batch, max_new_tokens=8, do_sample=False)
            b = local.generate(**batch, max_new_tokens=8, do_sample=False)
        assert torch.equal(a, b), (a, b)
        print(f"  generated: {tokenizer.decode(a[0], skip_special_tokens=True)!r}", flush=True)
        state["transformers"] = (model, tokenizer, batch, a)

    @check("transformers push_to_hub, then from_pretrained of the pushed repo")
    def _():
        if "transformers" not in state:
            raise SkipCheck("the from_pretrained check did not run")
        import torch
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        model, tokenizer, batch, expected = state["transformers"]
        pushed = f"{args.user}/tiny-t5-pushed"
        model.push_to_hub(pushed, token=token)
        tokenizer.push_to_hub(pushed, token=token)
        os.environ["HF_HUB_CACHE"] = os.path.join(work, "cache-pushed")
        again = AutoModelForSeq2SeqLM.from_pretrained(pushed)
        with torch.no_grad():
            got = again.generate(**AutoTokenizer.from_pretrained(pushed)(["summarize: the package manager installs software."], return_tensors="pt"), max_new_tokens=8, do_sample=False)
        assert torch.equal(got, expected), (got, expected)

    failed = [name for name, error in results if error is not None]
    print(f"{len(results) - len(failed)} passed, {len(failed)} failed", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
