using System.Text;
using static HfTrain.Reliability.BadInput;

namespace HfTrain.Reliability;

/// <summary>Bad --train_file/--validation_file/--test_file inputs: each fails with exit 2 and a message naming the file.</summary>
internal static class CorpusData
{
    const string Good = "{\"document\": \"a text\", \"summary\": \"short\"}\n";

    static byte[] Latin1(string text) => Encoding.Latin1.GetBytes(text);

    public static IEnumerable<BadInput> Cases() =>
    [
        new("data: missing file", Failure, ["missing.jsonl", "not found"], w => w.Train(Path.Combine(w.Dir, "missing.jsonl"))),
        new("data: a folder instead of a file", Failure, ["is a folder"], w => w.Train(w.Folder("folder.jsonl"))),
        new("data: empty jsonl", Failure, ["empty.jsonl"], w => w.Train(w.Text("empty.jsonl", ""))),
        new("data: whitespace only", Failure, ["blank.jsonl"], w => w.Train(w.Text("blank.jsonl", "\n  \n\n"))),
        new("data: empty csv", Failure, ["empty.csv"], w => w.Train(w.Text("empty.csv", ""))),
        new("data: csv header only", Failure, ["header.csv", "no rows"], w => w.Train(w.Text("header.csv", "document,summary\n"))),
        new("data: binary garbage jsonl", Failure, ["garbage.jsonl"], w => w.Train(w.Bytes("garbage.jsonl", Workspace.Garbage(4096)))),
        new("data: binary garbage csv", Failure, ["garbage.csv"], w => w.Train(w.Bytes("garbage.csv", Workspace.Garbage(4096, 3)))),
        new("data: binary garbage json", Failure, ["garbage.json"], w => w.Train(w.Bytes("garbage.json", Workspace.Garbage(512, 5)))),
        new("data: binary garbage, no extension", Failure, ["garbage"], w => w.Train(w.Bytes("garbage", Workspace.Garbage(512, 9)))),
        new("data: bad json line", Failure, ["bad.jsonl", "line 2"], w => w.Train(w.Text("bad.jsonl", Good + "{\"document\": \"x\", \"summary\": \n" + Good))),
        new("data: unterminated string", Failure, ["unterminated.jsonl", "line 1"], w => w.Train(w.Text("unterminated.jsonl", "{\"document\": \"x\n"))),
        new("data: json line is an array", Failure, ["array.jsonl", "line 2"], w => w.Train(w.Text("array.jsonl", Good + "[1, 2]\n"))),
        new("data: json line is a string", Failure, ["string.jsonl", "line 2"], w => w.Train(w.Text("string.jsonl", Good + "\"hello\"\n"))),
        new("data: json line is a number", Failure, ["number-line.jsonl", "line 2"], w => w.Train(w.Text("number-line.jsonl", Good + "42\n"))),
        new("data: trailing garbage after a row", Failure, ["trailing.jsonl", "line 1"], w => w.Train(w.Text("trailing.jsonl", "{\"document\": \"a\", \"summary\": \"b\"} xyz\n"))),
        new("data: wrong columns", Failure, ["columns.jsonl", "--text_column", "document"], w => w.Train(w.Text("columns.jsonl", "{\"text\": \"a\", \"label\": \"b\"}\n"))),
        new("data: unknown text column", Failure, ["--text_column", "body"], w => w.Train(Workspace.Data("summarization-train.jsonl"), "--text_column", "body")),
        new("data: unknown summary column", Failure, ["--summary_column", "abstract"], w => w.Train(Workspace.Data("summarization-train.jsonl"), "--summary_column", "abstract")),
        new("data: number in the text column", Failure, ["number.jsonl", "line 1", "'document' holds the number 42"], w => w.Train(w.Text("number.jsonl", "{\"document\": 42, \"summary\": \"b\"}\n"))),
        new("data: object in the text column", Failure, ["object.jsonl", "line 1", "holds an object"], w => w.Train(w.Text("object.jsonl", "{\"document\": {\"a\": 1}, \"summary\": \"b\"}\n"))),
        new("data: list in the summary column", Failure, ["list.jsonl", "line 2", "summary"], w => w.Train(w.Text("list.jsonl", Good + "{\"document\": \"a\", \"summary\": [\"b\"]}\n"))),
        new("data: boolean in the summary column", Failure, ["bool.jsonl", "line 1", "summary"], w => w.Train(w.Text("bool.jsonl", "{\"document\": \"a\", \"summary\": true}\n"))),
        new("data: all summaries empty", Failure, ["empty", "every one of its 2 row(s) was dropped", "2: empty or missing summary ('summary', --summary_column)"], w => w.Train(w.Text("nosummary.jsonl", "{\"document\": \"a\", \"summary\": \"\"}\n{\"document\": \"b\", \"summary\": \"\"}\n"))),
        new("data: all summaries null", Failure, ["empty", "every one of its 1 row(s) was dropped"], w => w.Train(w.Text("null.jsonl", "{\"document\": \"a\", \"summary\": null}\n"))),
        new("data: zero training samples", Failure, ["empty", "no rows"], w => w.Train(Workspace.Data("summarization-train.jsonl"), "--max_train_samples", "0")),
        new("data: csv with an unterminated quote", Failure, ["quote.csv"], w => w.Train(w.Text("quote.csv", "document,summary\n\"a text,b\n"))),
        new("data: csv with a ragged row", Failure, ["ragged.csv", "line 3"], w => w.Train(w.Text("ragged.csv", "document,summary\na,b\nc,d,e,f\n"))),
        new("data: latin-1 jsonl", Failure, ["latin1.jsonl", "UTF-8"], w => w.Train(w.Bytes("latin1.jsonl", Latin1("{\"document\": \"caf\u00e9\", \"summary\": \"b\"}\n")))),
        new("data: latin-1 csv", Failure, ["latin1.csv", "UTF-8"], w => w.Train(w.Bytes("latin1.csv", Latin1("document,summary\ncaf\u00e9,b\n")))),
        new("data: NUL bytes in jsonl", Failure, ["nul.jsonl"], w => w.Train(w.Bytes("nul.jsonl", [.. Encoding.UTF8.GetBytes(Good), 0, 0, 0, (byte)'\n']))),
        new("data: truncated gzip", Failure, ["cut.jsonl.gz", "truncated"], w => w.Train(w.Bytes("cut.jsonl.gz", Workspace.Gzip(string.Concat(Enumerable.Repeat(Good, 200)))[..^20]))),
        new("data: gzip without its trailer", Failure, ["notrailer.jsonl.gz", "truncated"], w => w.Train(w.Bytes("notrailer.jsonl.gz", Workspace.Gzip(Good + Good)[..^8]))),
        new("data: gzip CRC mismatch", Failure, ["crc.jsonl.gz", "CRC32"], w => w.Train(w.Bytes("crc.jsonl.gz", Flip(Workspace.Gzip(Good + Good), ^8)))),
        new("data: gzip length mismatch", Failure, ["isize.jsonl.gz", "length"], w => w.Train(w.Bytes("isize.jsonl.gz", Flip(Workspace.Gzip(Good + Good), ^2)))),
        new("data: gzip magic then garbage", Failure, ["garbage.jsonl.gz", "gzip"], w => w.Train(w.Bytes("garbage.jsonl.gz", [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, .. Workspace.Garbage(300)]))),
        new("data: gzip of an empty file", Failure, ["empty.jsonl.gz", "empty"], w => w.Train(w.Bytes("empty.jsonl.gz", Workspace.Gzip("")))),
        new("data: gzip of garbage", Failure, ["inner.jsonl.gz"], w => w.Train(w.Bytes("inner.jsonl.gz", Workspace.Gzip(Encoding.Latin1.GetString(Workspace.Garbage(300)))))),
        new("data: parquet name, json content", Failure, ["fake.parquet", "PAR1"], w => w.Train(w.Text("fake.parquet", Good))),
        new("data: parquet with a corrupt footer", Failure, ["footer.parquet", "Parquet"], w => w.Train(w.Bytes("footer.parquet", [.. "PAR1"u8, .. Workspace.Garbage(200), 50, 0, 0, 0, .. "PAR1"u8]))),
        new("data: parquet magic only", Failure, ["magic.parquet", "Parquet"], w => w.Train(w.Bytes("magic.parquet", [.. "PAR1"u8]))),
        new("data: parquet with a huge footer length", Failure, ["huge.parquet", "Parquet"], w => w.Train(w.Bytes("huge.parquet", [.. "PAR1"u8, 1, 2, 3, 0xff, 0xff, 0xff, 0x7f, .. "PAR1"u8]))),
        new("data: json document of a number", Failure, ["number.json"], w => w.Train(w.Text("number.json", "42"))),
        new("data: json array of numbers", Failure, ["numbers.json"], w => w.Train(w.Text("numbers.json", "[1, 2, 3]"))),
        new("data: json array cut short", Failure, ["cut.json"], w => w.Train(w.Text("cut.json", "[{\"document\": \"a\", \"summary\": \"b\"}, {\"document\": "))),
        new("data: json object without rows", Failure, ["norows.json"], w => w.Train(w.Text("norows.json", "{\"version\": 1,\n\"data\": 5}"))),
        new("data: bad validation file", Failure, ["validation.jsonl", "line 1"], w => w.Train(Workspace.Data("summarization-train.jsonl"), "--do_eval", "--validation_file", w.Text("validation.jsonl", "{oops}\n"))),
        new("data: missing test file", Failure, ["test.jsonl", "not found"], w => w.Train(Workspace.Data("summarization-train.jsonl"), "--do_predict", "--test_file", Path.Combine(w.Dir, "test.jsonl"))),
        new("data: test file is a folder", Failure, ["is a folder"], w => w.Train(Workspace.Data("summarization-train.jsonl"), "--do_predict", "--test_file", w.Folder("test-folder"))),
        new("data: unknown dataset name", Failure, ["no_such/dataset"], w => ["summarization", "--model_name_or_path", Workspace.TinyModel, "--do_train", "--dataset_name", "no_such/dataset", "--output_dir", w.Out, .. Workspace.Fast]),
        new("translation: a string for translation", Failure, ["string.jsonl", "line 1", "must hold an object"], w => w.Translate(w.Text("string.jsonl", "{\"translation\": \"Hallo\"}\n"))),
        new("translation: a number for translation", Failure, ["number.jsonl", "line 2", "translation"], w => w.Translate(w.Text("number.jsonl", "{\"translation\": {\"en\": \"a\", \"de\": \"b\"}}\n{\"translation\": 5}\n"))),
        new("translation: a number for a language", Failure, ["lang-number.jsonl", "line 1"], w => w.Translate(w.Text("lang-number.jsonl", "{\"translation\": {\"en\": 7, \"de\": \"b\"}}\n"))),
        new("translation: an object for a language", Failure, ["lang-object.jsonl", "line 1"], w => w.Translate(w.Text("lang-object.jsonl", "{\"translation\": {\"en\": {\"x\": 1}, \"de\": \"b\"}}\n"))),
        new("translation: unknown language key", Failure, ["empty", "every one of its 24 row(s) was dropped", "24: no 'fr' key in 'translation' (it has 'en', 'de'"], w => w.Translate(Workspace.Data("en-de-train.jsonl"), "--source_lang", "fr")),
        new("translation: no translation column", Failure, ["nocolumn.jsonl", "translation"], w => w.Translate(w.Text("nocolumn.jsonl", "{\"text\": \"a\"}\n"))),
        new("translation: null targets", Failure, ["empty", "every one of its 1 row(s) was dropped", "'de' is null"], w => w.Translate(w.Text("notarget.jsonl", "{\"translation\": {\"en\": \"a\", \"de\": null}}\n"))),
    ];

    static byte[] Flip(byte[] bytes, Index at)
    {
        bytes[at] ^= 0x5a;
        return bytes;
    }
}
