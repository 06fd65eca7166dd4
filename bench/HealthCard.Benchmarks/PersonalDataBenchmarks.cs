using BenchmarkDotNet.Attributes;
using HealthCard.App.Regions;
using HealthCard.App.Security;
using HealthCard.Domain.Residents;

namespace HealthCard.Benchmarks;

/// <summary>
/// The CPU cost of what every registration and every status check does before touching the database: validation,
/// SM4-GCM field encryption and the HMAC-SM3 blind index. Baseline: a plain SHA-256 of the same ID number.
/// </summary>
[MemoryDiagnoser]
public class PersonalDataBenchmarks : IDisposable
{
    private const string IdNumber = "13010519800101001X";
    private readonly string _keyFile = Path.Combine(Path.GetTempPath(), $"bench-{Guid.NewGuid():N}.keys");
    private DataKeys _keys = null!;
    private PersonalDataProtector _protector = null!;
    private ResidentValidator _validator = null!;
    private readonly ResidentDraft _draft = new()
    {
        IdType = "01", IdNumber = IdNumber, Name = "张三", Gender = "1", Ethnicity = "01", BirthDate = "1980-01-01", RegionCode = "130105",
        Phones = ["13912345678"], Addresses = [new AddressDraft("1", "河北省石家庄市新华区中华北大街100号")], PaymentMethods = ["2"], Tags = ["ncms"],
    };

    [GlobalSetup]
    public void Setup()
    {
        _keys = DataKeys.LoadOrCreate(_keyFile, null);
        _protector = new PersonalDataProtector(_keys);
        _validator = new ResidentValidator(RegionDirectory.Embedded);
    }

    [Benchmark(Baseline = true)]
    public byte[] Sha256OfIdNumber() => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.ASCII.GetBytes(IdNumber));

    [Benchmark]
    public byte[] BlindIndex() => _protector.IdNumberIndex(IdNumber);

    [Benchmark]
    public byte[] ProtectIdNumber() => _protector.Protect(IdNumber, "resident/0/idNumber");

    [Benchmark]
    public bool ValidateResident() => _validator.Validate(_draft, new DateOnly(2026, 11, 22)).IsSuccess;

    public void Dispose()
    {
        _keys?.Dispose();
        File.Delete(_keyFile);
        GC.SuppressFinalize(this);
    }
}
