using BenchmarkDotNet.Attributes;
using HealthCard.App.Common;
using HealthCard.App.Features.Residents;
using HealthCard.Domain.Residents;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Benchmarks;

/// <summary>
/// One registration below HTTP on SQLite: validation, encryption, the resident row and its audit entry in one
/// transaction. Registrations are serialised per node (the audit chain), so 1 / mean is the node's ceiling.
/// Baseline: the same scope and validation without the database.
/// </summary>
[MemoryDiagnoser]
public class RegistrationBenchmarks : IAsyncDisposable
{
    private BenchServices _bench = null!;
    private int _next;

    [GlobalSetup]
    public async Task SetupAsync()
    {
        _bench = await BenchServices.StartAsync();
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> ValidateOnly()
    {
        await using var scope = _bench.Services.CreateAsyncScope();
        return scope.ServiceProvider.GetRequiredService<ResidentValidator>().Validate(Next(), new DateOnly(2026, 11, 22)).IsSuccess;
    }

    [Benchmark]
    public async Task<bool> Register()
    {
        await using var scope = _bench.Services.CreateAsyncScope();
        return (await scope.ServiceProvider.GetRequiredService<RegisterResident>().ExecuteAsync(Caller.System, Next(), CancellationToken.None)).IsSuccess;
    }

    private ResidentDraft Next()
    {
        var n = Interlocked.Increment(ref _next);
        var birth = new DateOnly(1950, 1, 1).AddDays(n / 450);
        var first17 = $"130105{birth:yyyyMMdd}{n % 450 * 2 + 1:D3}";
        return new ResidentDraft
        {
            IdType = "01", IdNumber = first17 + CitizenIdNumber.CheckCharacterOf(first17), Name = "张三", Gender = "1", Ethnicity = "01",
            BirthDate = birth.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), RegionCode = "130105",
            Phones = ["13912345678"], Addresses = [new AddressDraft("1", "河北省石家庄市新华区中华北大街100号")], PaymentMethods = ["2"], Tags = ["ncms"],
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _bench.DisposeAsync();
        GC.SuppressFinalize(this);
    }
}
