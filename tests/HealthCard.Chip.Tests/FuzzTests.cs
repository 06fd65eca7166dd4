using HealthCard.Chip.Encoding;
using HealthCard.Chip.Files;
using HealthCard.Chip.Tests.Files;

namespace HealthCard.Chip.Tests;

/// <summary>
/// Card bytes are untrusted (design guide §4 "Binary code"): whatever a card returns, a decoder either succeeds or throws
/// <see cref="CardFormatException"/> — never IndexOutOfRange, ArgumentException, DecoderFallbackException and the like.
/// </summary>
public sealed class FuzzTests
{
    private const int Iterations = 10_000;

    [Fact]
    public void FieldDecoders_WhenFedRandomBytes_ThrowOnlyCardFormatException()
    {
        var random = new Random(3074);
        var chars = new char[600];
        var bytes = new byte[300];
        int ansDecoded = 0, cnDecoded = 0, recordsRead = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var input = RandomBytes(random);
            var room = random.Next(0, chars.Length);

            ansDecoded += OnlyCardFormatException(input, () =>
            {
                var text = Ans.Decode(input);
                // Decode and TryDecode agree; a decoded value encodes back to the same field.
                Ans.TryDecode(input, chars, out var count).ShouldBeTrue();
                new string(chars, 0, count).ShouldBe(text);
                var field = new byte[input.Length];
                Ans.TryEncode(text, field, out _).ShouldBeTrue();
                field.ShouldBe(input);
            });
            OnlyCardFormatException(input, () => Ans.TryDecode(input, chars.AsSpan(0, room), out _));
            cnDecoded += OnlyCardFormatException(input, () =>
            {
                var digits = Cn.Decode(input);
                var field = new byte[input.Length];
                Cn.TryEncode(digits, field, out _).ShouldBeTrue();
                field.ShouldBe(input);
            });
            OnlyCardFormatException(input, () => Cn.TryDecode(input, chars.AsSpan(0, room), out _));
            OnlyCardFormatException(input, () => B.Decode(input));
            OnlyCardFormatException(input, () => B.TryDecode(input, bytes.AsSpan(0, random.Next(0, bytes.Length)), out _));
            OnlyCardFormatException(input, () => Tlv.ReadRecord(input, (byte)random.Next(256), random.Next(256)));
            if (input.Length >= 2)
            {
                // A header that agrees with itself, so the truncation and trailing-byte checks are reached.
                recordsRead += OnlyCardFormatException(input, () => Tlv.ReadRecord(input, input[0], input[1]));
            }
        }

        // The inputs reach both outcomes of every decoder, so the success paths are fuzzed too.
        ansDecoded.ShouldBeInRange(1, Iterations - 1);
        cnDecoded.ShouldBeInRange(1, Iterations - 1);
        recordsRead.ShouldBeInRange(1, Iterations - 1);
    }

    [Fact]
    public void FileDecoders_WhenFedRandomRecords_ThrowOnlyCardFormatException()
    {
        var random = new Random(1893);
        foreach (var codec in FileCodecs.All)
        {
            var valid = codec.Encode(codec.RandomValue(random));
            var decoded = 0;
            for (var i = 0; i < Iterations; i++)
            {
                var records = random.Next(4) switch
                {
                    0 => RandomRecords(random, random.Next(0, valid.Count + 2)),
                    1 => RandomRecords(random, valid.Count),
                    _ => Mutate(random, valid),
                };

                decoded += OnlyCardFormatException(records, () => codec.Decode(FileCodecs.AsMemory(records)));
            }

            decoded.ShouldBeInRange(1, Iterations - 1, codec.Path);
        }
    }

    [Fact]
    public void LayoutDecoders_WhenFedRandomBlocks_ThrowOnlyCardFormatException()
    {
        var random = new Random(1639);
        foreach (var codec in LayoutCodecs.All)
        {
            var decoded = 0;
            for (var i = 0; i < Iterations; i++)
            {
                var length = codec.Layout.Length;
                var input = random.Next(5) switch
                {
                    0 => RandomBytes(random),
                    1 => RandomBlock(random, length + random.Next(-2, 3)),
                    2 => RandomBlock(random, length),
                    _ => MutateBlock(random, codec.Encode(codec.RandomValue(random))),
                };

                decoded += OnlyCardFormatException(input, () =>
                {
                    // A decoded value is a valid value: it encodes, and reads back as itself.
                    var value = codec.Decode(input);
                    codec.Decode(codec.Encode(value)).ShouldBe(value);
                });
            }

            decoded.ShouldBeInRange(1, Iterations - 1, codec.Path);
        }
    }

    [Fact]
    public void SignedRecordSplit_WhenFedRandomLengths_ThrowsOnlyCardFormatException()
    {
        var random = new Random(3267);
        foreach (var layout in new[] { CardLayouts.Ee0n, CardLayouts.Ed0n })
        {
            var split = 0;
            for (var i = 0; i < 1_000; i++)
            {
                var input = RandomBlock(random, random.Next(2) == 0 ? layout.Length : random.Next(0, layout.Length + 10));

                split += OnlyCardFormatException(input, () =>
                {
                    var record = SignedRecord.Split(layout, input);
                    record.Join().ShouldBe(input);
                });
            }

            split.ShouldBeInRange(1, 999, layout.Path);
        }
    }

    [Fact]
    public void IndexFileDecoders_WhenFedRandomRecords_ThrowOnlyCardFormatException()
    {
        var random = new Random(35);
        ReadOnlySpan<byte> alphabet = [0x00, 0xFF, 0x00, 0xFF, 0x00, 0xFF, 0x01, 0xFE, 0x80];
        var decoded = 0;
        for (var i = 0; i < Iterations; i++)
        {
            var records = new List<byte[]>();
            for (var n = random.Next(0, 7); n > 0; n--)
            {
                var record = new byte[random.Next(10) == 0 ? random.Next(0, 3) : 1];
                for (var b = 0; b < record.Length; b++)
                {
                    record[b] = alphabet[random.Next(alphabet.Length)];
                }

                records.Add(record);
            }

            var memory = FileCodecs.AsMemory(records);
            decoded += OnlyCardFormatException(records, () => Df03Ef05.DecodeRecords(memory).EncodeRecords().ShouldBe(records));
            decoded += OnlyCardFormatException(records, () => Df03Ef06.DecodeRecords(memory).EncodeRecords().ShouldBe(records));
        }

        decoded.ShouldBeInRange(1, (2 * Iterations) - 1);
    }

    /// <summary>A block of <paramref name="length"/> bytes: random, or mostly pad bytes, digits and GBK lead bytes.</summary>
    private static byte[] RandomBlock(Random random, int length)
    {
        var bytes = new byte[Math.Max(0, length)];
        if (random.Next(2) == 0)
        {
            random.NextBytes(bytes);
        }
        else
        {
            ReadOnlySpan<byte> alphabet = [0x00, 0x00, 0x00, 0xFF, 0xFF, 0x20, 0x26, 0x1F, 0x31, 0x41, 0xD5, 0xC5, 0xA1, 0x81, 0x40, 0xFE];
            for (var i = 0; i < bytes.Length; i++)
            {
                bytes[i] = alphabet[random.Next(alphabet.Length)];
            }
        }

        return bytes;
    }

    /// <summary>A valid block with zero to three random edits: byte changes, bit flips, runs of 0x00 or 0xFF, truncation.</summary>
    private static byte[] MutateBlock(Random random, byte[] valid)
    {
        var bytes = (byte[])valid.Clone();
        for (var edits = random.Next(0, 4); edits > 0 && bytes.Length > 0; edits--)
        {
            var at = random.Next(bytes.Length);
            switch (random.Next(5))
            {
                case 0:
                    bytes[at] = (byte)random.Next(256);
                    break;
                case 1:
                    bytes[at] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    bytes.AsSpan(at, Math.Min(random.Next(1, 300), bytes.Length - at)).Fill(random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF);
                    break;
                case 3:
                    bytes[at] = random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF;
                    break;
                default:
                    bytes = bytes[..at];
                    break;
            }
        }

        return bytes;
    }

    private static byte[] RandomBytes(Random random)
    {
        var bytes = new byte[random.Next(0, 260)];
        switch (random.Next(3))
        {
            case 0:
                random.NextBytes(bytes);
                break;
            case 1:
                // Mostly pad bytes, digits and GBK lead bytes: reaches the deeper branches of every decoder.
                ReadOnlySpan<byte> alphabet = [0x00, 0x00, 0xFF, 0xFF, 0x19, 0x80, 0x01, 0x1F, 0xF1, 0xD5, 0xC5, 0x31, 0xA1, 0x81, 0x40, 0xFE];
                for (var i = 0; i < bytes.Length; i++)
                {
                    bytes[i] = alphabet[random.Next(alphabet.Length)];
                }

                break;
            default:
                // A valid-looking prefix followed by padding, then one random byte somewhere.
                random.NextBytes(bytes.AsSpan(0, bytes.Length / 2));
                bytes.AsSpan(bytes.Length / 2).Fill(random.Next(2) == 0 ? (byte)0x00 : (byte)0xFF);
                if (bytes.Length > 0)
                {
                    bytes[random.Next(bytes.Length)] = (byte)random.Next(256);
                }

                break;
        }

        return bytes;
    }

    private static List<byte[]> RandomRecords(Random random, int count) =>
        [.. Enumerable.Range(0, count).Select(_ => RandomBytes(random))];

    /// <summary>A valid file with one to three random edits: byte flips, truncation, extension, swaps, drops, duplicates.</summary>
    private static List<byte[]> Mutate(Random random, IReadOnlyList<byte[]> valid)
    {
        var records = valid.Select(r => (byte[])r.Clone()).ToList();
        for (var edits = random.Next(1, 4); edits > 0 && records.Count > 0; edits--)
        {
            var n = random.Next(records.Count);
            var record = records[n];
            switch (random.Next(7))
            {
                case 0 when record.Length > 0:
                    record[random.Next(record.Length)] = (byte)random.Next(256);
                    break;
                case 1 when record.Length > 2:
                    record[random.Next(2, record.Length)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2:
                    records[n] = record[..random.Next(record.Length + 1)];
                    break;
                case 3:
                    records[n] = [.. record, (byte)random.Next(256)];
                    break;
                case 4:
                    var m = random.Next(records.Count);
                    (records[n], records[m]) = (records[m], records[n]);
                    break;
                case 5:
                    records.RemoveAt(n);
                    break;
                default:
                    records.Insert(n, record);
                    break;
            }
        }

        return records;
    }

    /// <summary>
    /// 1 when <paramref name="decode"/> succeeded, 0 when it threw <see cref="CardFormatException"/> (so callers can count
    /// successes); any other exception fails the test with the input in hex.
    /// </summary>
    private static int OnlyCardFormatException(object input, Action decode)
    {
        try
        {
            decode();
            return 1;
        }
        catch (CardFormatException)
        {
            // The one allowed failure.
            return 0;
        }
        catch (Exception e) when (e is not Shouldly.ShouldAssertException)
        {
            Assert.Fail($"{e.GetType().Name} for input {Describe(input)}: {e}");
            return 0;
        }
    }

    private static string Describe(object input) => input switch
    {
        byte[] bytes => Hex.Of(bytes),
        IEnumerable<byte[]> records => string.Join(" | ", records.Select(r => Hex.Of(r))),
        _ => input.ToString() ?? "",
    };
}
