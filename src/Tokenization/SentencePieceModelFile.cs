using System.Buffers.Binary;
using System.Text;

namespace HfTrain.Tokenization;

/// <summary>What we need from a sentencepiece <c>ModelProto</c> (sentencepiece_model.proto): the pieces with their
/// scores (field 1: SentencePiece{1 piece, 2 score, 3 type}) and the normalizer's precompiled charsmap (field 3:
/// NormalizerSpec{2 precompiled_charsmap}). A minimal protobuf reader: every other field is skipped.</summary>
internal sealed record SentencePieceModelFile(IReadOnlyList<(string Piece, double Score)> Pieces, byte[]? PrecompiledCharsmap)
{
    public static SentencePieceModelFile Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        try
        {
            var pieces = new List<(string, double)>();
            byte[]? charsmap = null;
            var reader = new ProtoReader(bytes);
            while (reader.Next(out var field, out var wireType))
            {
                if (field == 1 && wireType == 2)
                    pieces.Add(ReadPiece(reader.Bytes()));
                else if (field == 3 && wireType == 2)
                    charsmap = ReadCharsmap(reader.Bytes()) ?? charsmap;
                else
                    reader.Skip(wireType);
            }
            if (pieces.Count == 0)
                throw new InvalidDataException("no pieces");
            return new SentencePieceModelFile(pieces, charsmap is { Length: > 0 } ? charsmap : null);
        }
        catch (Exception e) when (e is InvalidDataException or IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new HfTrain.Abstractions.TaskInputException(
                $"'{path}' is not a sentencepiece model ({e.Message}). Give the folder of a T5 tokenizer saved by transformers (spiece.model or tokenizer.json).");
        }
    }

    private static (string, double) ReadPiece(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message.ToArray());
        string piece = "";
        double score = 0;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 1 && wireType == 2)
                piece = Encoding.UTF8.GetString(reader.Bytes());
            else if (field == 2 && wireType == 5)
                score = reader.Float32(); // float32 in the proto; tokenizers widens it to f64 exactly like this
            else
                reader.Skip(wireType);
        }
        return (piece, score);
    }

    private static byte[]? ReadCharsmap(ReadOnlySpan<byte> message)
    {
        var reader = new ProtoReader(message.ToArray());
        byte[]? charsmap = null;
        while (reader.Next(out var field, out var wireType))
        {
            if (field == 2 && wireType == 2)
                charsmap = reader.Bytes().ToArray();
            else
                reader.Skip(wireType);
        }
        return charsmap;
    }

    private sealed class ProtoReader(byte[] data)
    {
        private int _position;

        public bool Next(out int field, out int wireType)
        {
            field = wireType = 0;
            if (_position >= data.Length)
                return false;
            var key = Varint();
            field = (int)(key >> 3);
            wireType = (int)(key & 7);
            return true;
        }

        public ReadOnlySpan<byte> Bytes()
        {
            var length = checked((int)Varint());
            var span = data.AsSpan(_position, length);
            _position += length;
            return span;
        }

        public double Float32()
        {
            var value = BinaryPrimitives.ReadSingleLittleEndian(data.AsSpan(_position, 4));
            _position += 4;
            return value;
        }

        public void Skip(int wireType)
        {
            switch (wireType)
            {
                case 0: Varint(); break;
                case 1: _position += 8; break;
                case 2: Bytes(); break;
                case 5: _position += 4; break;
                default: throw new InvalidDataException($"unsupported protobuf wire type {wireType}");
            }
        }

        private ulong Varint()
        {
            ulong result = 0;
            for (var shift = 0; shift < 64; shift += 7)
            {
                var b = data[_position++];
                result |= (ulong)(b & 0x7f) << shift;
                if (b < 0x80)
                    return result;
            }
            throw new InvalidDataException("malformed varint");
        }
    }
}
