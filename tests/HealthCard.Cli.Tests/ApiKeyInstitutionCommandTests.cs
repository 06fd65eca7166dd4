using HealthCard.App.Common;
using HealthCard.App.Features.Institutions;
using HealthCard.App.Persistence;
using Microsoft.Extensions.DependencyInjection;

namespace HealthCard.Cli.Tests;

/// <summary>
/// <c>hcard apikey create --institution</c> (issue 14, finding 10): a key for an institution's systems carries the
/// institution, which must be registered within the key's region.
/// </summary>
public sealed class ApiKeyInstitutionCommandTests : IDisposable
{
    private readonly HcardFolder _hcard = new("hc-apikey-");

    public void Dispose() => _hcard.Dispose();

    [Fact]
    public async Task ApiKeyCreate_WithInstitution_BindsTheKey_AndRefusesAnInstitutionOutsideTheRegion()
    {
        const string Hospital = "121301020000000010";
        await using (var services = _hcard.Services())
        {
            await using var scope = services.CreateAsyncScope();
            // The database as hcard's first command would leave it (this test registers the hospital before any command).
            await scope.ServiceProvider.GetRequiredService<DatabaseInitializer>().InitializeAsync(CancellationToken.None);
            var created = await scope.ServiceProvider.GetRequiredService<CreateInstitution>().ExecuteAsync(Caller.System,
                new InstitutionRequest(Hospital, "medical", "石家庄市长安区医院", "2A", "hospital", "130102", "王主任", "0311-86000000"), CancellationToken.None);
            created.IsSuccess.ShouldBeTrue(created.Error?.Code);
        }

        var bound = await _hcard.RunAsync("apikey", "create", "--name", "changan-his", "--region", "1301", "--scopes", "checks:write",
            "--institution", Hospital);
        bound.ExitCode.ShouldBe(0, bound.Error);
        bound.Output.ShouldContain($"institution: {Hospital}");

        var outside = await _hcard.RunAsync("apikey", "create", "--name", "beijing-his", "--region", "11", "--scopes", "checks:write",
            "--institution", Hospital);
        outside.ExitCode.ShouldBe(2);
        outside.Error.ShouldContain("apikey.invalid");
    }
}
