using BenchmarkDotNet.Attributes;
using HealthCard.Chip.Encoding;

namespace HealthCard.Benchmarks;

/// <summary>
/// The card field codecs of standard §3 on the values every card carries: an 18-character ID number (ans18, pure ASCII: the
/// fast path that never calls the GBK encoding), a Chinese name (ans30, GBK through code page 936) and a birth date (cn4,
/// packed BCD). Encoding writes into a stackalloc field, decoding into a preallocated char buffer: every method must show
/// 0 B allocated. Needs a ProjectReference to src/HealthCard.Chip.
/// </summary>
[MemoryDiagnoser]
public class CodecBenchmarks
{
    private const string IdNumber = "13010519800101001X";
    private const string Name = "欧阳娜娜";
    private const string BirthDate = "19800101";

    private readonly byte[] _idNumberField = new byte[18];
    private readonly byte[] _nameField = new byte[30];
    private readonly byte[] _birthDateField = new byte[4];
    private readonly char[] _chars = new char[30];

    [GlobalSetup]
    public void Setup()
    {
        if (!Ans.TryEncode(IdNumber, _idNumberField, out _)
            || !Ans.TryEncode(Name, _nameField, out _)
            || !Cn.TryEncode(BirthDate, _birthDateField, out _))
        {
            throw new InvalidOperationException("The benchmark values do not encode.");
        }
    }

    [Benchmark]
    public int EncodeIdNumberAns18()
    {
        Span<byte> field = stackalloc byte[18];
        return Ans.TryEncode(IdNumber, field, out var written) ? written : -1;
    }

    [Benchmark]
    public int DecodeIdNumberAns18() => Ans.TryDecode(_idNumberField, _chars, out var count) ? count : -1;

    [Benchmark]
    public int EncodeNameAns30()
    {
        Span<byte> field = stackalloc byte[30];
        return Ans.TryEncode(Name, field, out var written) ? written : -1;
    }

    [Benchmark]
    public int DecodeNameAns30() => Ans.TryDecode(_nameField, _chars, out var count) ? count : -1;

    [Benchmark]
    public int EncodeBirthDateCn4()
    {
        Span<byte> field = stackalloc byte[4];
        return Cn.TryEncode(BirthDate, field, out var written) ? written : -1;
    }

    [Benchmark]
    public int DecodeBirthDateCn4() => Cn.TryDecode(_birthDateField, _chars, out var count) ? count : -1;
}
